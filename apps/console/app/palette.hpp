// The console's colours, shared by the staff and supervisor drawing code.
#pragma once

#include <imgui.h>

namespace hallq::console::palette {

constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b, unsigned a = 255) { return IM_COL32(r, g, b, a); }
constexpr ImU32 navy = rgb(0x1F, 0x3A, 0x5F);
constexpr ImU32 blue = rgb(0x2B, 0x6C, 0xB0);
constexpr ImU32 green = rgb(0x2F, 0x85, 0x5A);
constexpr ImU32 amber = rgb(0xD6, 0x9E, 0x2E);  // R-SVC-2 yellow
constexpr ImU32 orange = rgb(0xDD, 0x6B, 0x20);
constexpr ImU32 red = rgb(0xC5, 0x30, 0x30);  // R-SVC-2 red, empty windows
constexpr ImU32 grey = rgb(0x71, 0x80, 0x96);
constexpr ImU32 ink = rgb(0x1A, 0x20, 0x2C);
constexpr ImU32 white = rgb(255, 255, 255);
constexpr ImU32 panel = rgb(255, 255, 255);
constexpr ImU32 page = rgb(0xEE, 0xF1, 0xF5);
constexpr ImU32 line = rgb(0xD5, 0xDB, 0xE3);

/// Alert levels 1..3: amber, orange, red.
constexpr ImU32 alert_colour(int level) { return level >= 3 ? red : level == 2 ? orange : amber; }

}  // namespace hallq::console::palette
