// The 办件 tab: the case list of console/model/case_view (open first, due soonest first, the
// warning in words and colour) and the selected case with the actions the server would accept
// from this person (R-CASE-3 extend, R-CASE-4 approve / refuse / deliver). Reads the view model
// and the ConsoleModel only; every button emits a message for update().
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "console/app/console.hpp"
#include "console/app/draw_common.hpp"
#include "domain/time.hpp"

namespace hallq::console {

using namespace palette;

namespace {

ImU32 warning_colour(CaseWarning w) {
  switch (w) {
    case CaseWarning::yellow: return amber;
    case CaseWarning::red: return orange;
    case CaseWarning::overdue: return red;
    case CaseWarning::none: break;
  }
  return green;
}

ImU32 status_colour(const CaseLine& c) {
  if (c.open) return blue;
  if (c.awaiting_delivery) return c.status == core::CaseStatus::refused ? red : green;
  if (c.status == core::CaseStatus::rejected) return red;
  return grey;
}

}  // namespace

void Console::draw_cases(ui::Frame& f) {
  const auto& s = mirror_.state();
  const Time now = hall_now();
  const auto list = make_case_list(s, me(), now);
  const float avail_h = f.height() - ImGui::GetCursorPosY() - 48;
  const float list_w = std::max(640.0f, (f.width() - 42) * 0.60f);
  const CaseLine* selected = nullptr;
  for (const auto& c : list.lines)
    if (c.id == model_.selected_case) selected = &c;
  // A case opened from an alert may be outside the list's filter: show it all the same.
  std::optional<CaseLine> outside;
  if (!selected && !model_.selected_case.empty())
    if (const auto it = s.cases.find(model_.selected_case); it != s.cases.end()) {
      outside = case_line(s, me(), it->second, now);
      selected = &*outside;
    }

  ImGui::BeginChild("caselist", ImVec2(list_w, avail_h), true);
  push_font(title_);
  text(me().supervising() ? "全厅办件" : "本窗口及本部门办件");
  pop_font();
  ImGui::SameLine(0, 16);
  ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 3);
  text("在办 " + std::to_string(list.open));
  // The counts in words and colour (never colour only).
  const std::pair<int, CaseWarning> counts[] = {
      {list.yellow, CaseWarning::yellow}, {list.red, CaseWarning::red}, {list.overdue, CaseWarning::overdue}};
  for (const auto& [n, w] : counts) {
    ImGui::SameLine(0, 14);
    text_colored(n ? warning_colour(w) : grey, case_warning_label(w) + " " + std::to_string(n));
  }
  ImGui::SameLine(0, 14);
  text_colored(list.awaiting_delivery ? green : grey, "待出件 " + std::to_string(list.awaiting_delivery));
  ImGui::SameLine(0, 14);
  ImGui::Checkbox(t("只看在办##openonly"), &cases_open_only_);
  ImGui::Separator();
  if (list.lines.empty()) {
    ImGui::Dummy(ImVec2(0, 20));
    text_colored(grey, "暂无办件。窗口办结时选择“受理”“材料不全”或“不予受理”即生成办件。");
  } else if (ImGui::BeginTable("cases", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(t("号码"), ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn(t("事项"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(t("状态"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(t("受理"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn(t("到期日"), ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn(t("剩余"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn(t("预警"), ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableHeadersRow();
    bool closed_header = false;
    for (const auto& c : list.lines) {
      const bool closed = !c.open && !c.awaiting_delivery;
      if (closed && cases_open_only_) break;  // closed ones come last
      if (closed && !closed_header) {
        closed_header = true;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        push_font(small_);
        text_colored(grey, "已结束");
        pop_font();
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(c.id.c_str());
      const bool picked = c.id == model_.selected_case;
      if (ImGui::Selectable(t(c.number + "##row"), picked, ImGuiSelectableFlags_SpanAllColumns)) emit(OpenCase{c.id});
      ImGui::PopID();
      ImGui::TableNextColumn();
      text(c.service_name);
      ImGui::TableNextColumn();
      text_colored(status_colour(c), c.status_label);
      ImGui::TableNextColumn();
      text(c.window_number ? std::to_string(c.window_number) + "号 " + c.staff_name : c.staff_name);
      ImGui::TableNextColumn();
      text(c.due_date.empty() ? "—" : c.due_date.substr(5));
      ImGui::TableNextColumn();
      if (c.days_left_text.empty()) text_colored(grey, "—");
      else
        text_colored(c.days_left < 0 ? red : ink, c.days_left_text);
      ImGui::TableNextColumn();
      if (c.warning == CaseWarning::none) {
        text_colored(grey, c.open ? "正常" : "—");
      } else {
        // A filled mark in the warning colour, and the warning said in words next to it.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + 8, p.y + h - 3), warning_colour(c.warning),
                                                  2);
        ImGui::SetCursorScreenPos(ImVec2(p.x + 12, p.y));
        text_colored(warning_colour(c.warning), c.warning_label);
      }
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
  ImGui::SameLine(0, 14);
  ImGui::BeginChild("casedetail", ImVec2(0, avail_h), true);
  if (selected) draw_case_detail(*selected);
  else
    text_colored(grey, "在左侧选择一件办件查看详情");
  ImGui::EndChild();
}

void Console::draw_case_detail(const CaseLine& c) {
  const auto& s = mirror_.state();
  auto when = [&](Time at) {
    return domain::format_date(domain::local_date(at, s.cfg().hall.utc_offset)).substr(5) + " " + clock_text(s, at);
  };
  push_font(title_);
  text(c.number + " · " + c.service_name);
  pop_font();
  text_colored(status_colour(c), c.status_label);
  ImGui::SameLine(0, 12);
  text_colored(grey, "办件编号 " + c.id + " · " + c.department_name);
  if (c.warning != CaseWarning::none) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, v4(c.warning == CaseWarning::yellow ? rgb(0xFF, 0xF6, 0xE0)
                                               : c.warning == CaseWarning::red  ? rgb(0xFD, 0xEB, 0xDD)
                                                                                : rgb(0xFD, 0xE8, 0xE8)));
    ImGui::PushStyleColor(ImGuiCol_Border, v4(warning_colour(c.warning)));
    ImGui::BeginChild("warn", ImVec2(0, 40), true, ImGuiWindowFlags_NoScrollbar);
    text_colored(warning_colour(c.warning), c.warning_label + (c.days_left_text.empty() ? "" : " · " + c.days_left_text));
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
  }
  ImGui::Separator();
  text("受理：" + (c.window_number ? std::to_string(c.window_number) + " 号窗口 " : std::string()) + c.staff_name + " · " +
       when(c.accepted_at));
  if (c.due != 0) {
    text("时限：" + std::to_string(c.days) + " 个工作日，" + c.due_date + " 前" +
         (c.outcome == "incomplete_materials" ? "送达一次性告知书" : "办结"));
    if (!c.days_left_text.empty()) {
      ImGui::SameLine();
      text_colored(c.days_left < 0 ? red : grey, "（" + c.days_left_text + "）");
    }
  }
  if (!c.missing.empty()) {
    std::string m;
    for (const auto& x : c.missing) m += (m.empty() ? "" : "、") + x;
    ImGui::PushTextWrapPos(0);
    text_colored(orange, "需补齐材料：" + m);
    ImGui::PopTextWrapPos();
  }
  if (!c.reason.empty()) {
    ImGui::PushTextWrapPos(0);
    text_colored(red, (c.status == core::CaseStatus::rejected ? "不予受理理由：" : "不予批准理由：") + c.reason);
    ImGui::PopTextWrapPos();
  }
  if (c.extended_days)
    text_colored(rgb(0x1D, 0x5F, 0xA8),
                 "已延长 " + std::to_string(c.extended_days) + " 个工作日（" + c.extended_by_name + "）：" + c.extension_reason);
  if (c.decided_at) text("审批：" + c.decided_by_name + " · " + when(c.decided_at));
  if (c.delivered_at) text("出件：" + when(c.delivered_at));
  ImGui::Spacing();

  bool any = false;
  // R-CASE-4: the department's back office decides.
  if (c.can.approve || c.can.refuse) {
    any = true;
    ImGui::Separator();
    text("审批（" + c.department_name + "）");
    ImGui::SetNextItemWidth(-110);
    app_.fonts().need(body_, case_note_);
    ImGui::InputTextWithHint("##cnote", t("审批意见（可选）"), case_note_, sizeof case_note_);
    ImGui::SameLine();
    if (button("审批办结##approve", c.can.approve, 100, 0, green)) emit(ApproveCase{c.id, case_note_});
    ImGui::SetNextItemWidth(-110);
    app_.fonts().need(body_, case_reason_);
    ImGui::InputTextWithHint("##creason", t("不予批准的理由（必填）"), case_reason_, sizeof case_reason_);
    ImGui::SameLine();
    if (button("不予批准##refuse", c.can.refuse && check_refuse_form(case_reason_).empty(), 100, 0, red))
      emit(RefuseCase{c.id, case_reason_});
  }
  if (c.can.deliver) {
    any = true;
    ImGui::Separator();
    const std::string at = c.can.deliver_window.empty() ? std::string() : window_label(s, c.can.deliver_window);
    text(c.status == core::CaseStatus::notice ? "送达一次性告知书" : "统一出件" + (at.empty() ? "" : "（" + at + "）"));
    if (button((c.status == core::CaseStatus::notice ? "已送达##deliver" : "出件##deliver"), true, 140, 36, green))
      emit(DeliverCase{c.id, c.can.deliver_window});
  }
  // R-CASE-3: a supervisor extends once, never a case they received.
  if (c.can.extend) {
    any = true;
    ImGui::Separator();
    const int most = s.policy().case_extension_max_days;
    text("延长时限（只可延长一次，理由将告知申请人）");
    extend_days_ = std::clamp(extend_days_, 1, std::max(1, most));
    ImGui::SetNextItemWidth(200);
    ImGui::SliderInt("##edays", &extend_days_, 1, std::max(1, most), t(std::string("%d 个工作日")));
    ImGui::SetNextItemWidth(-110);
    app_.fonts().need(body_, extend_reason_);
    ImGui::InputTextWithHint("##ereason", t("延长理由（必填）"), extend_reason_, sizeof extend_reason_);
    ImGui::SameLine();
    const std::string why = check_extend_form(s, extend_days_, extend_reason_);
    if (button("延长时限##extend", why.empty(), 100, 0, rgb(0x6B, 0x46, 0xC1)))
      emit(ExtendCase{c.id, extend_days_, extend_reason_});
  } else if ((me().role == "supervisor" || me().role == "admin") && c.status == core::CaseStatus::accepted) {
    ImGui::Separator();
    text_colored(grey, c.received_by_me ? "本人受理的办件，不能由本人延长时限（R-CASE-3）"
                                        : "该办件已延长过一次时限，不能再次延长（R-CASE-3）");
    any = true;
  }
  if (!any && (c.open || c.awaiting_delivery)) {
    ImGui::Separator();
    push_font(small_);
    text_colored(grey, c.status == core::CaseStatus::accepted ? "等待 " + c.department_name + " 审批"
                       : c.awaiting_delivery                  ? "等待统一出件窗口出件"
                                                              : "等待 " + c.department_name + " 送达一次性告知书");
    pop_font();
  }
}

}  // namespace hallq::console
