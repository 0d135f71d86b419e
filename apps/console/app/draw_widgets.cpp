// The console's theme and text/button helpers: every string drawn goes through the font's glyph
// record, so glyphs are rasterised on first use.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "console/app/console.hpp"
#include "console/app/draw_common.hpp"
#include "core/engine.hpp"

namespace hallq::console {

using namespace palette;

void apply_theme() {
  ImGuiStyle& s = ImGui::GetStyle();
  ImGui::StyleColorsLight(&s);
  s.WindowRounding = 0;
  s.ChildRounding = 6;
  s.FrameRounding = 5;
  s.GrabRounding = 4;
  s.PopupRounding = 6;
  s.TabRounding = 5;
  s.FramePadding = ImVec2(10, 6);
  s.ItemSpacing = ImVec2(10, 8);
  s.WindowPadding = ImVec2(14, 12);
  s.ChildBorderSize = 1;
  s.ScrollbarSize = 14;
  auto* c = s.Colors;
  c[ImGuiCol_WindowBg] = v4(page);
  c[ImGuiCol_ChildBg] = v4(panel);
  c[ImGuiCol_PopupBg] = v4(panel);
  c[ImGuiCol_Border] = v4(rgb(0xD5, 0xDB, 0xE3));
  c[ImGuiCol_Text] = v4(ink);
  c[ImGuiCol_TextDisabled] = v4(grey);
  c[ImGuiCol_Button] = v4(blue);
  c[ImGuiCol_ButtonHovered] = v4(rgb(0x35, 0x7E, 0xC8));
  c[ImGuiCol_ButtonActive] = v4(rgb(0x22, 0x56, 0x8C));
  c[ImGuiCol_FrameBg] = v4(rgb(0xF4, 0xF6, 0xF9));
  c[ImGuiCol_FrameBgHovered] = v4(rgb(0xE6, 0xEC, 0xF3));
  c[ImGuiCol_Tab] = v4(rgb(0xDD, 0xE3, 0xEA));
  c[ImGuiCol_TabHovered] = v4(rgb(0x35, 0x7E, 0xC8));
  c[ImGuiCol_TabActive] = v4(blue);
  c[ImGuiCol_Header] = v4(rgb(0xE2, 0xEA, 0xF4));
  c[ImGuiCol_HeaderHovered] = v4(rgb(0xD0, 0xDE, 0xEF));
  c[ImGuiCol_TableHeaderBg] = v4(rgb(0xE9, 0xEE, 0xF4));
  c[ImGuiCol_TableRowBgAlt] = v4(rgb(0xF7, 0xF9, 0xFB));
  c[ImGuiCol_CheckMark] = v4(blue);
  c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.1f, 0.12f, 0.16f, 0.45f);
}

// [SECTION] text helpers: every string drawn goes through the font's glyph record

const char* Console::t(const std::string& s) {
  app_.fonts().need(font_stack_.back(), s);
  return s.c_str();
}

void Console::text(const std::string& s) {
  app_.fonts().need(font_stack_.back(), s);
  ImGui::TextUnformatted(s.c_str());
}

void Console::text_colored(unsigned color, const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, v4(color));
  text(s);
  ImGui::PopStyleColor();
}

bool Console::button(const std::string& label, bool enabled, float w, float h, unsigned color) {
  app_.fonts().need(font_stack_.back(), label);
  if (!enabled) {
    ImGui::PushStyleColor(ImGuiCol_Button, v4(rgb(0xCB, 0xD2, 0xDC)));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, v4(rgb(0xCB, 0xD2, 0xDC)));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, v4(rgb(0xCB, 0xD2, 0xDC)));
    ImGui::PushStyleColor(ImGuiCol_Text, v4(rgb(0x8A, 0x94, 0xA6)));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, v4(color ? color : blue));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(v4(color ? color : blue).x * 1.1f, v4(color ? color : blue).y * 1.1f,
                                                         v4(color ? color : blue).z * 1.1f, 1));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, v4(navy));
    ImGui::PushStyleColor(ImGuiCol_Text, v4(white));
  }
  const bool pressed = ImGui::Button(label.c_str(), ImVec2(w, h));
  ImGui::PopStyleColor(4);
  return pressed && enabled;
}

void Console::push_font(int id) {
  font_stack_.push_back(id);
  ImGui::PushFont(app_.fonts().get(id));
}

void Console::pop_font() {
  ImGui::PopFont();
  font_stack_.pop_back();
}

}  // namespace hallq::console
