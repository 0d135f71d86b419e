// Small helpers shared by the console's drawing files (private to apps/console/app).
#pragma once

#include <imgui.h>

#include <cstdio>
#include <string>

#include "console/app/palette.hpp"

namespace hallq::console {

inline ImVec4 v4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

/// Points as the measures print them: two decimals.
inline std::string points_text(double p) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", p);
  return b;
}

/// The console's light theme (once, before the first frame).
void apply_theme();

}  // namespace hallq::console
