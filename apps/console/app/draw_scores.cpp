// Supervisor mode, scores: department points and staff standings, drawn as bar charts.
// Reads the ConsoleModel's typed rows only.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "console/app/console.hpp"
#include "console/app/draw_common.hpp"
#include "core/engine.hpp"

namespace hallq::console {

using namespace palette;

namespace {

// A bar chart with value labels: `series` bars per label, side by side.
void bar_chart(ImFont* font, const char* title, const std::vector<std::string>& labels,
               const std::vector<std::vector<int>>& series, const std::vector<ImU32>& colours,
               const std::vector<std::string>& legend, ImVec2 size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(0xFB, 0xFC, 0xFD, 255), 6);
  dl->AddText(font, 17, ImVec2(p.x + 10, p.y + 8), ink, title);
  float lx = p.x + size.x - 10;
  for (std::size_t i = legend.size(); i-- > 0;) {
    const float w = font->CalcTextSizeA(14, 1000, 0, legend[i].c_str()).x;
    lx -= w;
    dl->AddText(font, 14, ImVec2(lx, p.y + 10), grey, legend[i].c_str());
    lx -= 16;
    dl->AddRectFilled(ImVec2(lx, p.y + 12), ImVec2(lx + 11, p.y + 23), colours[i], 2);
    lx -= 12;
  }
  const float top = p.y + 36, bottom = p.y + size.y - 24, left = p.x + 34, right = p.x + size.x - 10;
  int max_v = 1;
  for (const auto& s : series)
    for (int x : s) max_v = std::max(max_v, x);
  const int step = (max_v + 3) / 4;  // whole-number gridlines
  max_v = step * 4;
  // Gridlines at quarters of the maximum.
  for (int g = 0; g <= 4; ++g) {
    const float y = bottom - (bottom - top) * static_cast<float>(g) / 4.0f;
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), IM_COL32(0xE2, 0xE8, 0xF0, 255));
    char b[16];
    std::snprintf(b, sizeof b, "%d", step * g);
    dl->AddText(font, 13, ImVec2(p.x + 6, y - 8), grey, b);
  }
  const std::size_t n = labels.size();
  if (n == 0) return;
  const float slot = (right - left) / static_cast<float>(n);
  const float bar = std::max(3.0f, slot * 0.7f / static_cast<float>(std::max<std::size_t>(1, series.size())));
  for (std::size_t i = 0; i < n; ++i) {
    const float x0 = left + slot * static_cast<float>(i) + slot * 0.15f;
    for (std::size_t k = 0; k < series.size(); ++k) {
      const int val = i < series[k].size() ? series[k][i] : 0;
      const float h = (bottom - top) * static_cast<float>(val) / static_cast<float>(max_v);
      const float bx = x0 + bar * static_cast<float>(k);
      if (val == 0) continue;
      dl->AddRectFilled(ImVec2(bx, bottom - h), ImVec2(bx + bar - 2, bottom), colours[k % colours.size()], 2);
      {
        char b[16];
        std::snprintf(b, sizeof b, "%d", val);
        dl->AddText(font, 13, ImVec2(bx + (bar - 2) / 2 - 4, bottom - h - 16), ink, b);
      }
    }
    const float lw = font->CalcTextSizeA(13, 1000, 0, labels[i].c_str()).x;
    dl->AddText(font, 13, ImVec2(left + slot * (static_cast<float>(i) + 0.5f) - lw / 2, bottom + 4), grey, labels[i].c_str());
  }
}

}  // namespace

void Console::draw_scores_and_charts() {
  const auto& s = mirror_.state();
  const auto st = make_hall_stats(s, hall_now());
  ImFont* small = app_.fonts().get(small_);
  const float w = ImGui::GetContentRegionAvail().x;
  const float lw = std::max(520.0f, w * 0.56f);
  ImGui::BeginChild("charts", ImVec2(lw, 0), true);
  text("今日：已办结 " + std::to_string(st.served) + " · 过号 " + std::to_string(st.no_show) + " · 等候 " +
       std::to_string(st.waiting) + " · 平均等候 " + std::to_string(static_cast<int>(std::lround(st.average_wait_minutes))) +
       " 分钟");
  const float cw = ImGui::GetContentRegionAvail().x;
  const float ch = std::max(150.0f, (ImGui::GetContentRegionAvail().y - 40) / 3);
  std::vector<std::string> hours;
  for (int h : st.hours) hours.push_back(std::to_string(h) + "时");
  for (const auto& l : hours) app_.fonts().need(small_, l);
  for (const auto* l : {"每小时取号与办结", "取号", "办结", "等候时长分布（分钟）", "叫号数", "各窗口预警次数（今日）", "预警"})
    app_.fonts().need(small_, l);
  bar_chart(small, "每小时取号与办结", hours, {st.issued_per_hour, st.served_per_hour}, {blue, green}, {"取号", "办结"},
            ImVec2(cw, ch));
  bar_chart(small, "等候时长分布（分钟）", st.wait_buckets, {st.wait_counts}, {amber}, {"叫号数"}, ImVec2(cw, ch));
  std::vector<std::string> windows;
  for (const auto& win : s.cfg().windows) windows.push_back(std::to_string(win.number));
  const auto counts = alerts_per_window(s, model_.history.raised_per_window(), model_.backfill_per_window);
  bar_chart(small, "各窗口预警次数（今日）", windows, {counts}, {red}, {"预警"}, ImVec2(cw, ch));
  ImGui::EndChild();
  ImGui::SameLine(0, 12);
  ImGui::BeginChild("scores", ImVec2(0, 0), true);
  push_font(title_);
  text("考核（" + s.day.substr(0, 4) + " 年）");
  pop_font();
  if (model_.scores_missing) {
    text_colored(grey, "服务器暂未提供考核接口（GET /api/scores 返回 404）。");
    ImGui::EndChild();
    return;
  }
  if (!model_.scores) {
    text_colored(grey, "正在获取…");
    ImGui::EndChild();
    return;
  }
  text("部门剩余分值（R-SCR-1，扣完为止）");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const auto& d : model_.scores->departments) {
    const double start = d.points_start, left = d.points_left;
    const bool advanced = d.advanced_eligible;
    text(department_name(s, d.id));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bw = ImGui::GetContentRegionAvail().x - 120;
    ImGui::Dummy(ImVec2(bw, 16));
    const float frac = start > 0 ? static_cast<float>(std::clamp(left / start, 0.0, 1.0)) : 0;
    dl->AddRectFilled(p, ImVec2(p.x + bw, p.y + 16), rgb(0xE2, 0xE8, 0xF0), 4);
    dl->AddRectFilled(p, ImVec2(p.x + bw * frac, p.y + 16), frac > 0.85f ? green : frac > 0.5f ? amber : red, 4);
    ImGui::SameLine();
    text_colored(advanced ? green : red, points_text(left) + " / " + points_text(start) + (advanced ? "" : " 不可评先进"));
  }
  ImGui::Spacing();
  text("工作人员评优资格（R-SCR-3, R-SCR-6）");
  if (ImGui::BeginTable("ss", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
    for (const char* h : {"姓名", "通报/属实投诉", "可评优秀", "退回"}) ImGui::TableSetupColumn(t(h));
    ImGui::TableHeadersRow();
    for (const auto& p : model_.scores->staff) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(staff_name(s, p.id));
      ImGui::TableNextColumn();
      text(std::to_string(p.bulletins) + " / " + std::to_string(p.verified_complaints));
      ImGui::TableNextColumn();
      const bool ok = p.excellent_eligible;
      text_colored(ok ? green : red, ok ? "是" : "否");
      ImGui::TableNextColumn();
      const bool ret = p.return_flag;
      text_colored(ret ? red : grey, ret ? "建议退回" : "—");
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace hallq::console
