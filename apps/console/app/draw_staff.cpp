// Staff mode drawing: the window's banner, the ticket card with its finish and transfer forms,
// the queue, the post card (sign in/out, off post, return) and leave. F1–F6 act on the window.
// Reads the StaffView and the ConsoleModel only; every button and key emits a message.
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

namespace {

ImU32 level_colour(TimeLevel l) { return l == TimeLevel::red ? red : l == TimeLevel::yellow ? amber : green; }

const char* status_label(core::TicketStatus s) {
  switch (s) {
    case core::TicketStatus::waiting: return "等候中";
    case core::TicketStatus::called: return "已呼叫，等待群众到窗";
    case core::TicketStatus::serving: return "办理中";
    case core::TicketStatus::finished: return "已办结";
    case core::TicketStatus::no_show: return "过号";
    case core::TicketStatus::cancelled: return "已取消";
  }
  return "";
}

}  // namespace

void Console::handle_keys(const StaffView& v) {
  if (ImGui::GetIO().WantTextInput || ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) return;
  // A caller keypad is a keyboard: F1 call, F2 recall, F3 no-show, F4 start, F5 finish, F6 transfer.
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false) && v.can.call) emit(AtWindow{WindowAction::call});
  if (ImGui::IsKeyPressed(GLFW_KEY_F2, false) && v.can.recall) emit(AtWindow{WindowAction::recall});
  if (ImGui::IsKeyPressed(GLFW_KEY_F3, false) && v.can.no_show) emit(AtWindow{WindowAction::no_show});
  if (ImGui::IsKeyPressed(GLFW_KEY_F4, false) && v.can.start) emit(AtWindow{WindowAction::start});
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false) && v.can.finish) {
    if (finish_open_) emit(finish_form());
    else
      finish_open_ = true, transfer_open_ = false;
  }
  if (ImGui::IsKeyPressed(GLFW_KEY_F6, false) && v.can.transfer) {
    if (transfer_open_) emit(Transfer{transfer_service_});
    else
      transfer_open_ = true, finish_open_ = false;
  }
}

void Console::draw_staff(ui::Frame& f) {
  const auto v = make_staff_view(mirror_.state(), me(), hall_now());
  if (!v.known) {
    text_colored(red, "工号 " + me().id + " 不在本大厅的人员名单中");
    return;
  }
  handle_keys(v);
  if (!v.ticket) finish_open_ = transfer_open_ = false;
  if (!v.cover_requests.empty()) draw_banner(v);
  const float avail_h = f.height() - ImGui::GetCursorPosY() - 48;
  const float left_w = std::max(560.0f, (f.width() - 42) * 0.56f);
  ImGui::BeginChild("left", ImVec2(left_w, avail_h), false);
  draw_ticket_card(v);
  ImGui::EndChild();
  ImGui::SameLine(0, 14);
  ImGui::BeginChild("right", ImVec2(0, avail_h), false);
  draw_post_card(v);
  draw_queue_card(v);
  draw_leave_card(v);
  ImGui::EndChild();
}

void Console::draw_banner(const StaffView& v) {
  for (const auto& c : v.cover_requests) {
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(frame_now_) * 5.0f);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, v4(rgb(0xFF, static_cast<unsigned>(0xF0 - 0x18 * pulse), 0xD8)));
    ImGui::PushStyleColor(ImGuiCol_Border, v4(orange));
    ImGui::BeginChild(("banner" + c.alert).c_str(), ImVec2(0, c.would_empty_own || c.can_remote ? 104 : 80), true);
    push_font(banner_);
    std::string head = "请您顶岗：" + std::to_string(c.window_number) + " 号窗口";
    if (!c.window_name.empty()) head += "（" + c.window_name + "）";
    text_colored(rgb(0x9C, 0x42, 0x21), head);
    pop_font();
    std::string why = c.left_by.empty() ? "该窗口无人在岗" : c.left_by + " 已离岗";
    if (!c.destination.empty()) why += "，去向：" + c.destination;
    why += " · " + clock_text(mirror_.state(), c.raised_at) + " 发出";
    text(why);
    if (c.can_remote)  // R-AB-7
      text_colored(rgb(0x1D, 0x5F, 0xA8), "可不离开 " + std::to_string(c.remote_from_number) + " 号窗口：在本窗口代办，" +
                                              std::to_string(c.window_number) + " 号窗口的群众将被呼叫到本窗口");
    else if (c.would_empty_own)
      text_colored(red, "注意：你离开后 " + std::to_string(c.own_window_number) + " 号窗口将空岗，系统会拒绝；请先联系督查安排");
    const float bx = ImGui::GetWindowWidth() - (c.can_remote ? 236 + 196 : 236);
    ImGui::SetCursorPos(ImVec2(bx, 16));
    push_font(title_);
    if (c.can_remote) {
      const std::string rid = "take-over-remote:" + c.window;
      const bool rscripted = script_click_ == rid;
      if (button("在本窗口代办##r" + c.alert, true, 180, 48, blue) || rscripted) {
        if (rscripted) script_click_.clear();
        emit(TakeOver{c.window, c.remote_from});
      }
      ImGui::SameLine(0, 16);
    }
    const std::string id = "take-over:" + c.window;
    const bool scripted = script_click_ == id;
    if (button("立即顶岗 " + std::to_string(c.window_number) + " 号窗口##" + c.alert, true, 220, 48, orange) || scripted) {
      if (scripted) script_click_.clear();
      emit(TakeOver{c.window, {}});
    }
    pop_font();
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
  }
}

void Console::draw_ticket_card(const StaffView& v) {
  ImGui::BeginChild("ticket", ImVec2(0, 0), true);
  push_font(title_);
  if (!v.post.empty())
    text(std::to_string(v.post_number) + " 号窗口 · " + v.post_name + " · " + v.as + " 岗" +
         (v.covering_from.empty() ? "" : "（顶岗，本岗 " + v.covering_from + "）"));
  else if (v.off_post)
    text(std::to_string(v.off_post->window_number) + " 号窗口 · 离岗中");
  else
    text("尚未在岗");
  pop_font();
  if (!v.remote_text.empty())  // R-AB-7: covering another post from here
    text_colored(rgb(0x1D, 0x5F, 0xA8), v.remote_text + v.remote_away);
  ImGui::Separator();
  const float card_h = 230;
  ImGui::BeginChild("number", ImVec2(0, card_h), false);
  if (v.ticket) {
    const auto& tk = *v.ticket;
    push_font(big_);
    text_colored(tk.status == core::TicketStatus::serving ? navy : blue, tk.number);
    pop_font();
    ImGui::SameLine(0, 24);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0, 4));
    push_font(title_);
    text(tk.service_name);
    pop_font();
    text_colored(grey, status_label(tk.status));
    if (tk.green) text_colored(green, "绿色通道");
    ImGui::EndGroup();
    // R-SVC-1/R-SVC-2: elapsed time against the promise, yellow then red.
    push_font(banner_);
    text_colored(level_colour(tk.level), "用时 " + duration_text(tk.elapsed));
    pop_font();
    ImGui::SameLine(0, 16);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6);
    text_colored(grey, "承诺时限 " + std::to_string(tk.promise_minutes) + " 分钟" +
                           (tk.level == TimeLevel::red      ? " · 已超时"
                            : tk.level == TimeLevel::yellow ? " · 即将超时"
                                                            : ""));
    // The bar fills toward the promise; its colour is the warning level.
    const float frac = tk.promise_minutes > 0
                           ? std::min(1.0f, static_cast<float>(tk.elapsed) / (static_cast<float>(tk.promise_minutes) * 60.0f))
                           : 0.0f;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, v4(level_colour(tk.level)));
    ImGui::ProgressBar(frac, ImVec2(-1, 10), "");
    ImGui::PopStyleColor();
    if (tk.recalls) text_colored(amber, "已重呼 " + std::to_string(tk.recalls) + " 次");
    if (!tk.previous_missing.empty()) {
      std::string m;
      for (const auto& x : tk.previous_missing) m += (m.empty() ? "" : "、") + x;
      text_colored(orange, "上次材料不全，缺：" + m);
    }
  } else {
    ImGui::Dummy(ImVec2(0, 30));
    push_font(banner_);
    text_colored(grey, v.post.empty() ? "请先签到或返岗" : v.window_closed ? "窗口已关闭" : "当前无号");
    pop_font();
    int waiting = 0;
    for (const auto& q : v.queues) waiting += q.waiting;
    text(waiting ? "本窗口事项共 " + std::to_string(waiting) + " 人等候，按 F1 呼叫下一位" : "暂无群众等候");
  }
  ImGui::EndChild();
  // The whole ticket cycle on buttons and on the caller keypad keys.
  const float bw = (ImGui::GetContentRegionAvail().x - 20) / 3;
  push_font(title_);
  if (button("F1  呼叫下一位", v.can.call, bw, 58)) emit(AtWindow{WindowAction::call});
  ImGui::SameLine();
  if (button("F2  重呼", v.can.recall, bw, 58)) emit(AtWindow{WindowAction::recall});
  ImGui::SameLine();
  if (button("F3  过号", v.can.no_show, bw, 58, orange)) emit(AtWindow{WindowAction::no_show});
  if (button("F4  开始办理", v.can.start, bw, 58, green)) emit(AtWindow{WindowAction::start});
  ImGui::SameLine();
  if (button("F5  办结", v.can.finish, bw, 58, green)) finish_open_ = !finish_open_, transfer_open_ = false;
  ImGui::SameLine();
  if (button("F6  转办", v.can.transfer, bw, 58, rgb(0x6B, 0x46, 0xC1))) transfer_open_ = !transfer_open_, finish_open_ = false;
  pop_font();
  ImGui::Spacing();
  if (finish_open_ && v.ticket) {
    const bool incomplete = finish_outcome_ == "incomplete_materials";
    const bool rejected = finish_outcome_ == "rejected";
    const float form_h = incomplete ? 230.0f + 26.0f * static_cast<float>(finish_missing_.size()) : rejected ? 196.0f : 160.0f;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, v4(rgb(0xF0, 0xF7, 0xF2)));
    ImGui::BeginChild("finish", ImVec2(0, form_h), true);
    text("办结 " + v.ticket->number + "（" + v.ticket->service_name + "），选择办理结果：");
    // R-CASE-1: 受理 and 不予受理 open a case, as does the one-time notice (R-CASE-2).
    static const char* outcomes[][2] = {{"done", "当场办结##done"},
                                        {"accepted", "受理##acc"},
                                        {"incomplete_materials", "材料不全（一次性告知）##inc"},
                                        {"rejected", "不予受理##rej"}};
    for (std::size_t i = 0; i < 4; ++i) {
      if (i) ImGui::SameLine(0, 18);
      if (ImGui::RadioButton(t(outcomes[i][1]), finish_outcome_ == outcomes[i][0])) finish_outcome_ = outcomes[i][0];
    }
    push_font(small_);
    if (finish_outcome_ == "done") {
      text_colored(grey, "即办件当场办结，不生成办件");
    } else if (finish_outcome_ == "accepted") {
      const auto& tk = *v.ticket;
      text_colored(rgb(0x1D, 0x5F, 0xA8),
                   tk.promise_days > 0
                       ? "受理后生成办件，承诺 " + std::to_string(tk.promise_days) + " 个工作日内办结（R-SVC-1），出具受理通知书"
                       : std::string("该事项为即办件，受理后当日到期；能当场办结的请选“当场办结”"));
    } else if (incomplete) {
      text_colored(grey, "列明群众需补齐的全部材料（R-Q-8），生成一次性告知书：");
    } else {
      text_colored(grey, "写明不予受理的理由，出具不予受理通知书并告知申请复议、提起诉讼的途径（R-CASE-1）：");
    }
    pop_font();
    if (incomplete) {
      for (std::size_t i = 0; i < finish_missing_.size(); ++i) {
        text("· " + finish_missing_[i]);
        ImGui::SameLine();
        if (ImGui::SmallButton(t("删除##m" + std::to_string(i)))) {
          finish_missing_.erase(finish_missing_.begin() + static_cast<std::ptrdiff_t>(i));
          break;
        }
      }
      ImGui::SetNextItemWidth(300);
      app_.fonts().need(body_, missing_input_);
      const bool add = ImGui::InputTextWithHint("##missing", t("如：户口本原件"), missing_input_, sizeof missing_input_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
      ImGui::SameLine();
      if ((button("添加", missing_input_[0] != 0) || add) && missing_input_[0]) {
        finish_missing_.emplace_back(missing_input_);
        missing_input_[0] = 0;
      }
    }
    if (rejected) {
      ImGui::SetNextItemWidth(-1);
      app_.fonts().need(body_, finish_reason_);
      ImGui::InputTextWithHint("##reject", t("必填：如 申请事项不属于本中心受理范围"), finish_reason_, sizeof finish_reason_);
    }
    std::vector<std::string> listed;
    for (const auto& m : finish_missing_) listed.push_back(m);
    const std::string why = check_finish_form(finish_outcome_, listed, finish_reason_);
    if (button("确认办结 (F5)", why.empty(), 160, 36, green)) emit(finish_form());
    ImGui::SameLine();
    if (button("取消", true, 80, 36, grey)) finish_open_ = false;
    if (!why.empty()) {
      ImGui::SameLine();
      text_colored(red, why);
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  if (transfer_open_ && v.ticket) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, v4(rgb(0xF3, 0xF0, 0xFA)));
    ImGui::BeginChild("transfer", ImVec2(0, 96), true);
    text("转办 " + v.ticket->number + " 至（保留原取号时间，R-Q-5）：");
    ImGui::SetNextItemWidth(260);
    const std::string current = transfer_service_.empty() ? "选择事项" : service_name(mirror_.state(), transfer_service_);
    if (ImGui::BeginCombo("##svc", t(current))) {
      for (const auto& id : v.transfer_services)
        if (ImGui::Selectable(t(service_name(mirror_.state(), id) + "##" + id), id == transfer_service_)) transfer_service_ = id;
      ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (button("确认转办 (F6)", !transfer_service_.empty(), 150, 0, rgb(0x6B, 0x46, 0xC1))) emit(Transfer{transfer_service_});
    ImGui::SameLine();
    if (button("取消##tr", true, 80, 0, grey)) transfer_open_ = false;
    ImGui::EndChild();
    ImGui::PopStyleColor();
  }
  if (!finish_open_ && !transfer_open_) {
    ImGui::Spacing();
    ImGui::Separator();
    text("今日本人：办结 " + std::to_string(v.served_today) + " · 材料不全 " + std::to_string(v.incomplete_today) + " · 过号 " +
         std::to_string(v.no_show_today));
    push_font(small_);
    for (const auto& r : v.recent) {
      std::string l = clock_text(mirror_.state(), r.at) + "  " + r.number + "  " + r.service_name + "  ";
      if (r.status == core::TicketStatus::no_show) l += "过号";
      else if (r.outcome == "accepted" || r.outcome == "rejected")
        l += finish_outcome_label(r.outcome) + "，已生成办件";
      else if (r.incomplete) {
        std::string m;
        for (const auto& x : r.missing) m += (m.empty() ? "" : "、") + x;
        l += "材料不全，已一次性告知：" + m;
      } else {
        l += "办结";
      }
      text_colored(r.status == core::TicketStatus::no_show ? amber : r.incomplete ? orange : grey, l);
    }
    pop_font();
  }
  ImGui::EndChild();
}

void Console::draw_queue_card(const StaffView& v) {
  ImGui::BeginChild("queue", ImVec2(0, 96 + 27.0f * static_cast<float>(std::max<std::size_t>(1, v.queues.size()))), true);
  push_font(title_);
  text("等候队列");
  pop_font();
  if (v.queues.empty()) {
    text_colored(grey, "在岗后显示本窗口事项的队列");
  } else if (ImGui::BeginTable("q", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn(t("事项"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn(t("等候"), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(t("下一号"), ImGuiTableColumnFlags_WidthStretch, 2.4f);
    ImGui::TableSetupColumn(t("最久等候"), ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableHeadersRow();
    for (const auto& q : v.queues) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      text(q.prefix + " " + q.name);
      if (q.for_window_number) {  // R-AB-7: the covered post's queue, called here
        ImGui::SameLine();
        text_colored(rgb(0x1D, 0x5F, 0xA8), "代 " + std::to_string(q.for_window_number) + " 号窗口");
      }
      ImGui::TableNextColumn();
      text(std::to_string(q.waiting) + " 人");
      ImGui::TableNextColumn();
      std::string next;
      for (const auto& n : q.next) next += (next.empty() ? "" : " ") + n;
      text(next.empty() ? "—" : next);
      ImGui::TableNextColumn();
      if (q.waiting) text_colored(level_colour(q.oldest_level), duration_text(q.oldest_wait));
      else
        text_colored(grey, "—");
    }
    ImGui::EndTable();
  }
  ImGui::EndChild();
}

void Console::draw_post_card(const StaffView& v) {
  static const char* presets[] = {"取材料", "会议", "培训", "就餐", "如厕", "外出办事", "其他"};
  ImGui::BeginChild("post",
                    ImVec2(0, off_post_open_       ? 250
                              : v.off_post         ? 170
                              : v.can.sign_in      ? 70 + 40.0f * static_cast<float>(v.sign_in_windows.size())
                              : v.extended_waiting ? 142
                                                   : 110),
                    true);
  push_font(title_);
  text("岗位");
  pop_font();
  if (v.off_post) {
    const auto& o = *v.off_post;
    text_colored(orange, "离岗中：" + o.reason + " · 去向 " + o.destination);
    text("离开 " + clock_text(mirror_.state(), o.since) + "，预计 " + clock_text(mirror_.state(), o.expected_return) + " 返岗");
    if (o.overdue) text_colored(red, "已超时 " + age_text(o.overdue) + "（R-OFF-3）");
    // Say plainly whether a substitute took over.
    if (!o.covered_by.empty()) text_colored(green, "已有 " + o.covered_by + "（" + o.covered_as + " 岗）顶岗，窗口正常服务");
    else
      text_colored(red, "暂无人顶岗，已通知 B 岗");
    if (button("返岗", true, 160, 40, green)) emit(ReturnToPost{});
  } else if (v.post.empty()) {
    if (v.sign_in_windows.empty()) text_colored(grey, "您不是任何窗口的 A 岗；作为 B 岗请在顶岗提示中接岗");
    for (const auto& w : v.sign_in_windows) {
      const std::string label = "签到 " + std::to_string(w.number) + " 号窗口 · " + w.name + "##" + w.window;
      if (button(label, v.can.sign_in && w.occupied_by.empty(), 320, 34)) emit(SignIn{w.window});
      if (!w.occupied_by.empty()) {
        ImGui::SameLine();
        text_colored(grey, w.occupied_by + " 在岗");
      }
    }
  } else {
    if (!off_post_open_) {
      if (button("离岗报备", v.can.off_post, 140, 38, orange)) off_post_open_ = true;
      if (!v.can.off_post && v.ticket) {
        ImGui::SameLine();
        text_colored(grey, "请先办结或转办当前号（R-OFF-2）");
      }
      ImGui::SameLine();
      if (button("签退", v.can.sign_out, 100, 38, grey)) emit(SignOut{});
      if (v.extended_waiting)  // R-HRS-3
        text_colored(orange, "已过办公时间，仍有 " + std::to_string(v.extended_waiting) + " 人等候：请延时服务，办完再签退");
    } else {
      text("事由");
      ImGui::SameLine(70);
      for (const char* p : presets) {
        if (ImGui::SmallButton(t(p))) std::snprintf(off_reason_, sizeof off_reason_, "%s", p);
        ImGui::SameLine();
      }
      ImGui::NewLine();
      ImGui::SetCursorPosX(70);
      ImGui::SetNextItemWidth(-1);
      app_.fonts().need(body_, off_reason_);
      ImGui::InputTextWithHint("##reason", t("离岗事由"), off_reason_, sizeof off_reason_);
      text("去向");
      ImGui::SameLine(70);
      ImGui::SetNextItemWidth(-1);
      app_.fonts().need(body_, off_destination_);
      ImGui::InputTextWithHint("##dest", t("必填：如 三楼会议室"), off_destination_, sizeof off_destination_);
      text("预计");
      ImGui::SameLine(70);
      ImGui::SetNextItemWidth(200);
      ImGui::SliderInt("##min", &off_minutes_, 1, 120, t(std::string("%d 分钟")));
      const std::string why = check_off_post_form(off_reason_, off_destination_, off_minutes_);
      if (button("确认离岗", why.empty(), 140, 36, orange)) emit(off_post_form());
      ImGui::SameLine();
      if (button("取消##off", true, 80, 36, grey)) off_post_open_ = false;
      if (!why.empty()) {
        ImGui::SameLine();
        text_colored(red, why);
      }
    }
  }
  ImGui::EndChild();
}

void Console::draw_leave_card(const StaffView& v) {
  ImGui::BeginChild("leave", ImVec2(0, 0), true);
  // Approvers outside the supervising roles (a department head's step, R-LV-1) decide here.
  if (!me().supervising()) {
    const auto sup = make_supervisor_view(mirror_.state(), me(), hall_now());
    bool header = false;
    for (const auto& l : sup.leaves) {
      if (!l.mine_to_decide) continue;
      if (!header) {
        push_font(title_);
        text("待我审批");
        pop_font();
        header = true;
      }
      ImGui::PushID(l.id.c_str());
      text(l.staff_name + " · " + l.from + (l.to != l.from ? " 至 " + l.to : "") + " · " + l.reason);
      ImGui::SameLine();
      if (button("批准", true, 56, 0, green)) emit(DecideLeave{l.id, true});
      ImGui::SameLine();
      if (button("驳回", true, 56, 0, red)) emit(DecideLeave{l.id, false});
      ImGui::PopID();
    }
    if (header) ImGui::Separator();
  }
  push_font(title_);
  text("请假");
  pop_font();
  for (const auto& l : v.leaves) {
    const char* st = l.status == core::LeaveStatus::pending    ? "审批中"
                     : l.status == core::LeaveStatus::approved ? "已批准"
                                                               : "已驳回";
    const ImU32 col = l.status == core::LeaveStatus::pending ? amber : l.status == core::LeaveStatus::approved ? green : red;
    text_colored(col, std::string("[") + st + "]");
    ImGui::SameLine();
    text(l.from + (l.to != l.from ? " 至 " + l.to : "") + " · " + l.reason +
         (l.status == core::LeaveStatus::pending
              ? " · 等待" + l.next_approver + "（" + std::to_string(l.steps_done) + "/" + std::to_string(l.steps) + "）"
              : ""));
  }
  if (v.leaves.empty()) text_colored(grey, "暂无请假记录");
  if (!leave_from_[0] && mirror_.ready()) {
    std::snprintf(leave_from_, sizeof leave_from_, "%s", mirror_.state().day.c_str());
    std::snprintf(leave_to_, sizeof leave_to_, "%s", mirror_.state().day.c_str());
  }
  ImGui::SetNextItemWidth(120);
  ImGui::InputText("##lf", leave_from_, sizeof leave_from_);
  ImGui::SameLine();
  text("至");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(120);
  ImGui::InputText("##lt", leave_to_, sizeof leave_to_);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - 110));
  app_.fonts().need(body_, leave_reason_);
  ImGui::InputTextWithHint("##lr", t("事由"), leave_reason_, sizeof leave_reason_);
  ImGui::SameLine();
  if (button("申请请假", true, 100, 0)) emit(RequestLeave{leave_from_, leave_to_, leave_reason_});
  ImGui::EndChild();
}

}  // namespace hallq::console
