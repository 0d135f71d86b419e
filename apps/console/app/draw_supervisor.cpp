// Supervisor mode drawing: live alerts, the hall map with its roster popup, leave approvals,
// inspections and proposed violations, complaints, scores and charts (drawn, not tabulated).
// Reads the view models, the mirror and the ConsoleModel's typed rows; buttons emit messages.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "console/app/console.hpp"
#include "console/app/palette.hpp"
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

std::string points_text(double p) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", p);
  return b;
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

void Console::draw_inspections(const SupervisorView& v) {
  const auto& s = mirror_.state();
  ImGui::BeginChild("inspect", ImVec2(0, 132), true);
  push_font(title_);
  text("记录督查发现（扣分目录 R-SCR-2）");
  pop_font();
  ImGui::SetNextItemWidth(300);
  const auto& catalog = s.policy().deductions;
  std::string kind_text = inspect_kind_.empty()
                              ? "选择扣分项"
                              : deduction_label(inspect_kind_) + "（" +
                                    points_text(catalog.count(inspect_kind_) ? catalog.at(inspect_kind_) : 0) + " 分）";
  if (ImGui::BeginCombo("##kind", t(kind_text))) {
    for (const auto& [k, pts] : catalog)
      if (ImGui::Selectable(t(deduction_label(k) + "（" + points_text(pts) + " 分）##" + k), k == inspect_kind_))
        inspect_kind_ = k;
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(220);
  if (ImGui::BeginCombo("##staff", t(inspect_staff_.empty() ? "工作人员（可选）" : staff_name(s, inspect_staff_)))) {
    if (ImGui::Selectable(t("（不针对个人）"), inspect_staff_.empty())) inspect_staff_.clear();
    for (const auto& st : s.cfg().staff)
      if (ImGui::Selectable(t(st.name + " " + st.id), st.id == inspect_staff_)) {
        inspect_staff_ = st.id;
        inspect_department_ = st.department;
      }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(220);
  if (ImGui::BeginCombo("##dept", t(inspect_department_.empty() ? "部门" : department_name(s, inspect_department_)))) {
    for (const auto& d : s.cfg().departments)
      if (ImGui::Selectable(t(d.name), d.id == inspect_department_)) inspect_department_ = d.id;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(-130);
  app_.fonts().need(body_, inspect_note_);
  ImGui::InputTextWithHint("##inote", t("情况说明"), inspect_note_, sizeof inspect_note_);
  ImGui::SameLine();
  if (button("记录扣分", !inspect_kind_.empty(), 110, 0, orange)) emit(inspect_form());
  ImGui::EndChild();

  ImGui::BeginChild("proposed", ImVec2(0, 0), true);
  push_font(title_);
  text("系统发现、待确认的扣分");
  pop_font();
  if (v.proposed.empty()) text_colored(grey, "没有待确认的扣分");
  else if (ImGui::BeginTable("vp", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    const float widths[] = {0.6f, 1.6f, 1.6f, 0.8f, 3.2f, 1.4f};
    int col = 0;
    for (const char* h : {"时间", "扣分项", "对象", "依据", "说明", "处理"})
      ImGui::TableSetupColumn(t(h), ImGuiTableColumnFlags_WidthStretch, widths[col++]);
    ImGui::TableHeadersRow();
    for (const auto& p : v.proposed) {
      ImGui::PushID(p.id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(clock_text(s, p.at));
      ImGui::TableNextColumn();
      text(deduction_label(p.kind) + " " + points_text(p.points));
      ImGui::TableNextColumn();
      text((p.staff_name.empty() ? "" : p.staff_name + " · ") + p.department_name);
      ImGui::TableNextColumn();
      text(p.rule);
      ImGui::TableNextColumn();
      text(p.note);
      ImGui::TableNextColumn();
      auto& note = violation_notes_[p.id];
      if (button("确认", true, 56, 0, orange)) emit(DecideViolation{p.id, true, note});
      ImGui::SameLine();
      if (button("撤销", true, 56, 0, grey)) emit(DecideViolation{p.id, false, note});
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

void Console::draw_complaints() {
  ImGui::BeginChild("complaints", ImVec2(0, 0), true);
  push_font(title_);
  text("投诉核实（R-SVC-4）");
  pop_font();
  if (model_.complaints_missing) {
    text_colored(grey, "服务器暂未提供投诉功能（GET /api/complaints 返回 404），升级服务器后此处显示投诉。");
    ImGui::EndChild();
    return;
  }
  const auto& list = model_.complaints;
  if (!list) text_colored(grey, "正在获取…");
  else if (list->empty())
    text_colored(grey, "暂无投诉");
  else if (ImGui::BeginTable("cp", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    const float widths[] = {0.5f, 1.4f, 4.0f, 0.8f, 1.4f};
    int col = 0;
    for (const char* h : {"编号", "对象", "内容", "状态", "核实"})
      ImGui::TableSetupColumn(t(h), ImGuiTableColumnFlags_WidthStretch, widths[col++]);
    ImGui::TableHeadersRow();
    const auto& s = mirror_.state();
    for (const auto& c : *list) {
      const std::string& id = c.id;
      ImGui::PushID(id.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(id);
      ImGui::TableNextColumn();
      text((c.staff.empty() ? "" : staff_name(s, c.staff) + " ") + (c.window.empty() ? "" : window_label(s, c.window)));
      ImGui::TableNextColumn();
      ImGui::PushTextWrapPos(0);
      text(c.text);
      ImGui::PopTextWrapPos();
      ImGui::TableNextColumn();
      text(!c.verified ? "待核实" : *c.verified ? "属实" : "不属实");
      ImGui::TableNextColumn();
      if (!c.verified) {
        if (button("属实", true, 56, 0, red)) emit(VerifyComplaint{id, true});
        ImGui::SameLine();
        if (button("不属实", true, 70, 0, grey)) emit(VerifyComplaint{id, false});
      }
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

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
