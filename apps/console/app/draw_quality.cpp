// Supervisor mode, quality: inspections and proposed violations (R-INS), and complaints to
// verify. Reads the view models and the ConsoleModel's typed rows; buttons emit messages.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "console/app/console.hpp"
#include "console/app/draw_common.hpp"
#include "core/engine.hpp"

namespace hallq::console {

using namespace palette;

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

}  // namespace hallq::console
