// Supervisor mode drawing: live alerts, the hall map with its roster popup, leave approvals,
// inspections and proposed violations, complaints, scores and charts (drawn, not tabulated).
// Reads the view models, the mirror and the ConsoleModel's typed rows; buttons emit messages.
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

std::string staffing_label(const std::string& s) {
  if (s == "covered") return "在岗";
  if (s == "uncovered") return "待顶岗";
  if (s == "empty") return "空岗";
  return "关闭";
}

ImU32 staffing_colour(const std::string& s) {
  if (s == "covered") return green;
  if (s == "uncovered") return amber;
  if (s == "empty") return red;
  return grey;
}

ImU32 tile_fill(const std::string& s) {
  if (s == "covered") return rgb(0xEE, 0xF8, 0xF1);
  if (s == "uncovered") return rgb(0xFF, 0xF6, 0xE5);
  if (s == "empty") return rgb(0xFD, 0xE8, 0xE8);
  return rgb(0xF0, 0xF2, 0xF5);
}

}  // namespace

void Console::draw_supervisor(ui::Frame& f) {
  const auto& s = mirror_.state();
  const auto v = make_supervisor_view(s, me(), hall_now());
  const float avail_h = f.height() - ImGui::GetCursorPosY() - 46;
  ImGui::BeginChild("sup", ImVec2(0, avail_h), false);
  int mine = 0;
  for (const auto& l : v.leaves) mine += l.mine_to_decide ? 1 : 0;
  const std::string tabs[] = {"总览  预警 " + std::to_string(v.alerts.size()), "请假审批 " + std::to_string(mine),
                              "督查扣分 " + std::to_string(v.proposed.size()), "投诉处理", "考核与统计"};
  push_font(title_);
  int shown = model_.supervisor_tab;
  if (ImGui::BeginTabBar("suptabs")) {
    for (int i = 0; i < 5; ++i) {
      ImGuiTabItemFlags flags = 0;
      if (force_tab_ == i) flags |= ImGuiTabItemFlags_SetSelected;
      if (ImGui::BeginTabItem(t(tabs[i] + "##t" + std::to_string(i)), nullptr, flags)) {
        shown = i;
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  if (shown != model_.supervisor_tab) emit(ShowSupervisorTab{shown});  // its reads are polled from then on
  if (force_tab_ == shown) force_tab_ = -1;                            // kept until a shown frame selected it
  pop_font();
  switch (shown) {
    case 0: {
      const float w = ImGui::GetContentRegionAvail().x;
      ImGui::BeginChild("alerts", ImVec2(std::max(420.0f, w * 0.38f), 0), true);
      draw_alerts(v, f);
      ImGui::EndChild();
      ImGui::SameLine(0, 12);
      ImGui::BeginChild("map", ImVec2(0, 0), true);
      draw_hall_map(v);
      ImGui::EndChild();
      break;
    }
    case 1: draw_leave_approvals(v); break;
    case 2: draw_inspections(v); break;
    case 3: draw_complaints(); break;
    default: draw_scores_and_charts(); break;
  }
  ImGui::EndChild();
  draw_window_popup();
}

void Console::draw_alerts(const SupervisorView& v, ui::Frame& f) {
  push_font(title_);
  text("实时预警");
  pop_font();
  ImGui::SameLine();
  text_colored(grey, v.alerts.empty() ? "（无）" : "（级别高者在前，同级最新在前）");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const auto& a : v.alerts) {
    ImGui::PushID(a.id.c_str());
    const auto seen = model_.first_seen.find(a.id);
    const double age = seen == model_.first_seen.end() ? 100.0 : frame_now_ - seen->second;
    const bool fresh = age < 10.0 && a.acknowledged_by.empty();
    if (fresh) f.redraw_in(0.05);  // flashing for new alerts
    const float flash = fresh ? 0.5f + 0.5f * std::sin(static_cast<float>(frame_now_) * 8.0f) : 0.0f;
    const ImU32 fill = fresh ? rgb(0xFF, static_cast<unsigned>(0xE4 + 0x1B * (1 - flash)),
                                   static_cast<unsigned>(0xD0 + 0x2F * (1 - flash)))
                             : rgb(0xFB, 0xFC, 0xFD);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x;
    const bool has_case = !a.case_id.empty();
    const float h = (a.acknowledged_by.empty() ? 112.0f : 92.0f) + (has_case ? 28.0f : 0.0f);
    dl->AddRectFilled(p0, ImVec2(p0.x + w, p0.y + h), fill, 6);
    dl->AddRect(p0, ImVec2(p0.x + w, p0.y + h), line, 6);
    dl->AddRectFilled(p0, ImVec2(p0.x + 6, p0.y + h), alert_colour(a.level), 6, ImDrawFlags_RoundCornersLeft);
    ImGui::SetCursorScreenPos(ImVec2(p0.x + 16, p0.y + 8));
    ImGui::BeginGroup();
    std::string head = "[" + a.kind_label + "]";
    if (a.window_number) head += " " + std::to_string(a.window_number) + " 号窗口";
    if (!a.staff_name.empty()) head += (a.window_number ? " · " : " ") + a.staff_name;
    text_colored(alert_colour(a.level), head);
    ImGui::SameLine();
    text_colored(grey, "级别 " + std::to_string(a.level) + " · " + age_text(a.age) + "前");
    ImGui::PushTextWrapPos(p0.x + w - 12 - ImGui::GetWindowPos().x);
    push_font(small_);
    text(a.message);
    pop_font();
    ImGui::PopTextWrapPos();
    if (has_case) {  // R-SVC-2, R-CASE-5: the case behind it, opened from here
      std::string k = "办件 " + a.case_number + " · " + a.case_service_name;
      if (!a.case_due_date.empty()) k += " · " + a.case_due_date + " 到期";
      if (!a.case_days_left.empty()) k += "（" + a.case_days_left + "）";
      text(k);
      ImGui::SameLine();
      const bool scripted = script_click_ == "case-alert:" + a.id;
      if (button(std::string(a.case_can_extend ? "查看 / 延期" : "查看办件") + "##case", true, 0, 0, rgb(0x6B, 0x46, 0xC1)) ||
          scripted) {
        if (scripted) script_click_.clear();
        emit(OpenCase{a.case_id});
      }
    }
    if (!a.acknowledged_by.empty()) {
      text_colored(green, "已确认：" + a.acknowledged_by + (a.note.empty() ? "" : " — " + a.note));
    } else {
      auto& note = ack_notes_[a.id];
      char buf[200];
      std::snprintf(buf, sizeof buf, "%s", note.c_str());
      ImGui::SetNextItemWidth(w - 130);
      app_.fonts().need(body_, buf);
      if (ImGui::InputTextWithHint("##note", t("处理说明（可选）"), buf, sizeof buf)) note = buf;
      ImGui::SameLine();
      if (button("确认", true, 80, 0)) emit(Ack{a.id, note});
    }
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + h + 8));
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::PopID();
  }
  // Resolved ones fade to history.
  const auto done = model_.history.resolved(12);
  if (!done.empty()) {
    ImGui::Spacing();
    text_colored(grey, "已解除");
    ImGui::Separator();
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 0.55f);
    push_font(small_);
    for (const auto& a : done) {
      std::string l = clock_text(mirror_.state(), a.resolved_at) + "  [" + a.kind_label + "] ";
      if (a.window_number) l += std::to_string(a.window_number) + " 号窗口 ";
      l += a.acknowledged_by.empty() ? "" : "（" + a.acknowledged_by + " 已确认）";
      text(l);
    }
    pop_font();
    ImGui::PopStyleVar();
  }
}

void Console::draw_hall_map(const SupervisorView& v) {
  push_font(title_);
  text("大厅窗口");
  pop_font();
  ImGui::SameLine();
  text_colored(green, "在岗 " + std::to_string(v.covered));
  ImGui::SameLine();
  text_colored(amber, "待顶岗 " + std::to_string(v.uncovered));
  ImGui::SameLine();
  text_colored(red, "空岗 " + std::to_string(v.empty));
  ImGui::SameLine();
  text_colored(grey, "关闭 " + std::to_string(v.closed));
  ImGui::SameLine();
  text("· 共 " + std::to_string(v.waiting_total) + " 人等候");
  const float avail = ImGui::GetContentRegionAvail().x;
  const float tw = 176, th = 124, gap = 10;
  const int per_row = std::max(1, static_cast<int>((avail + gap) / (tw + gap)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* small = app_.fonts().get(small_);
  ImFont* title = app_.fonts().get(title_);
  // Tile texts are drawn at the small and title sizes: record their characters there.
  auto ts = [&](const std::string& str) {
    app_.fonts().need(small_, str);
    return str.c_str();
  };
  for (std::size_t i = 0; i < v.tiles.size(); ++i) {
    const auto& tile = v.tiles[i];
    if (i % static_cast<std::size_t>(per_row) != 0) ImGui::SameLine(0, gap);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::PushID(tile.id.c_str());
    const bool clicked = ImGui::InvisibleButton("tile", ImVec2(tw, th)) || script_click_ == "tile:" + tile.id;
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    const ImU32 edge = staffing_colour(tile.staffing);
    dl->AddRectFilled(p, ImVec2(p.x + tw, p.y + th), tile_fill(tile.staffing), 8);
    dl->AddRect(p, ImVec2(p.x + tw, p.y + th), hovered ? blue : edge, 8, 0, hovered ? 2.5f : 1.5f);
    dl->AddRectFilled(p, ImVec2(p.x + tw, p.y + 5), edge, 8, ImDrawFlags_RoundCornersTop);
    const std::string num = std::to_string(tile.number);
    app_.fonts().need(title_, num);
    dl->AddText(title, 26, ImVec2(p.x + 10, p.y + 10), ink, num.c_str());
    dl->AddText(small, 15, ImVec2(p.x + 44, p.y + 10), grey, ts(tile.name));
    const std::string chip = staffing_label(tile.staffing);
    dl->AddText(small, 15, ImVec2(p.x + 44, p.y + 28), edge,
                ts(chip + (tile.alert_level ? "  预警 " + std::to_string(tile.alert_level) + " 级" : "")));
    std::string who = tile.on_post_name.empty() ? "无人在岗" : tile.on_post_name + "（" + tile.on_post_as + " 岗）";
    if (tile.redirect_number) who += " 在 " + std::to_string(tile.redirect_number) + " 号窗口代办";  // R-AB-7
    dl->AddText(small, 15, ImVec2(p.x + 10, p.y + 52), ink, ts(who));
    if (!tile.off_post_name.empty()) {
      std::string off = tile.off_post_name + " 离岗：" + tile.off_destination;
      dl->AddText(small, 15, ImVec2(p.x + 10, p.y + 72), orange, ts(off));
      if (tile.overdue) dl->AddText(small, 15, ImVec2(p.x + 10, p.y + 90), red, ts("超时 " + age_text(tile.overdue)));
    }
    std::string q = "等候 " + std::to_string(tile.waiting) + (tile.current_number.empty() ? "" : " · " + tile.current_number);
    dl->AddText(small, 15, ImVec2(p.x + tw - 10 - small->CalcTextSizeA(15, 1000, 0, ts(q)).x, p.y + th - 22), grey, q.c_str());
    if (clicked) {
      if (script_click_ == "tile:" + tile.id) script_click_.clear();
      emit(OpenWindowTile{tile.id});
    }
  }
}

void Console::draw_window_popup() {
  const bool open = !model_.selected_window.empty();
  if (open && !ImGui::IsPopupOpen("window")) ImGui::OpenPopup("window");
  ImGui::SetNextWindowSize(ImVec2(760, 0));
  if (!ImGui::BeginPopupModal("window", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize)) return;
  const auto& s = mirror_.state();
  const auto* w = s.cfg().find_window(model_.selected_window);
  if (!w || !open) {
    if (open) emit(CloseWindowTile{});
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  push_font(title_);
  text(std::to_string(w->number) + " 号窗口 · " + w->name + " · " +
       staffing_label(core::staffing_name(core::staffing_of(s, w->id))));
  pop_font();
  text_colored(grey, department_name(s, w->department));
  ImGui::Separator();
  text("岗位名单");
  if (ImGui::BeginTable("roster", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    for (const auto& r : roster_of(s, w->id)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(r.as + " 岗");
      ImGui::TableNextColumn();
      text(r.name);
      ImGui::TableNextColumn();
      text_colored(r.where.rfind("在岗", 0) == 0 ? green : grey, r.where);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  text("建议顶岗人选（按顶岗规则排序，优先不造成空岗者）");
  // The engine's own ranking on the mirrored hall (R-AB-3, R-AB-6), the list the server's
  // GET /api/windows/{id}/substitutes gives; the model says what each row's button sends (R-AB-7).
  const auto options = assign_options(s, core::substitutes(s, w->id, hall_now()));
  if (options.empty()) {
    text_colored(grey, "没有可顶岗的人员");
  } else if (ImGui::BeginTable("cands", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    for (const auto& o : options) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(o.name + "（" + o.as + "）");
      ImGui::TableNextColumn();
      text_colored(o.available ? green : grey, o.on_leave ? "请假" : o.available ? "可用" : "忙/未签到");
      ImGui::TableNextColumn();
      text(o.on_post.empty() ? "—" : "现在 " + window_label(s, o.on_post));
      ImGui::TableNextColumn();
      text_colored(o.empties_window ? red : o.remote ? blue : grey, o.effect);
      ImGui::TableNextColumn();
      const bool scripted = script_click_ == o.button_id;
      if (button(o.button + "##" + o.button_id, true, o.remote ? 150.0f : 70.0f, 0) || scripted) {
        if (scripted) script_click_.clear();
        emit(Assign{w->id, o.staff, o.from_window});
      }
    }
    ImGui::EndTable();
  }
  ImGui::Separator();
  const auto* ws = s.window_state(w->id);
  if (ws && ws->closed) {
    if (button("开放窗口", true, 110, 36, green)) emit(SetWindowOpen{w->id, true});
  } else if (button("关闭窗口", true, 110, 36, grey)) {
    emit(SetWindowOpen{w->id, false});
  }
  ImGui::SameLine();
  if (button("关闭##popup", true, 90, 36, grey) || script_click_ == "close-popup") {
    script_click_.clear();
    emit(CloseWindowTile{});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void Console::draw_leave_approvals(const SupervisorView& v) {
  ImGui::BeginChild("leaves", ImVec2(0, 0), true);
  push_font(title_);
  text("待审批请假");
  pop_font();
  if (v.leaves.empty()) text_colored(grey, "没有待审批的请假申请");
  else if (ImGui::BeginTable("lv", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    const float widths[] = {1.0f, 1.8f, 2.4f, 0.8f, 1.2f, 1.6f};
    int col = 0;
    for (const char* h : {"申请人", "日期", "事由", "审批进度", "待审批人", "操作"})
      ImGui::TableSetupColumn(t(h), ImGuiTableColumnFlags_WidthStretch, widths[col++]);
    ImGui::TableHeadersRow();
    for (const auto& l : v.leaves) {
      ImGui::PushID(l.id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(l.staff_name);
      ImGui::TableNextColumn();
      text(l.from + (l.to != l.from ? " 至 " + l.to : ""));
      ImGui::TableNextColumn();
      text(l.reason);
      ImGui::TableNextColumn();
      text(std::to_string(l.steps_done) + " / " + std::to_string(l.steps));
      ImGui::TableNextColumn();
      text(role_label(l.next_approver));
      ImGui::TableNextColumn();
      if (l.mine_to_decide) {
        if (button("批准", true, 64, 0, green)) emit(DecideLeave{l.id, true});
        ImGui::SameLine();
        if (button("驳回", true, 64, 0, red)) emit(DecideLeave{l.id, false});
      } else {
        text_colored(grey, "等待" + role_label(l.next_approver));
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

}  // namespace hallq::console
