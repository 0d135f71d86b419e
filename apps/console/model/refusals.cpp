#include "console/model/refusals.hpp"

#include "console/model/common.hpp"

namespace hallq::console {

namespace {

// The post a staff member holds now, as the counter number ("3号窗口"); "本窗口" when none.
std::string own_post(const core::State& s, const std::string& staff) {
  const auto* st = s.staff_state(staff);
  if (st && !st->post.empty()) return window_label(s, st->post);
  return "本窗口";
}

std::string current_number(const core::State& s, const std::string& window, const std::string& staff) {
  std::string w = window;
  if (w.empty())
    if (const auto* st = s.staff_state(staff)) w = st->post;
  if (const auto* ws = s.window_state(w))
    if (const auto* t = s.ticket(ws->current_ticket)) return "（" + t->number + "）";
  return "";
}

}  // namespace

std::string refusal_text(const core::State& s, const Refusal& r) {
  const std::string& c = r.code;
  // Before the hall has arrived (a failed login) there is no config: say it without numbers.
  static const domain::Policy defaults;
  const bool hall = s.config != nullptr;
  const std::string win = r.window.empty() || !hall ? std::string("该窗口") : window_label(s, r.window);
  const auto& p = hall ? s.policy() : defaults;
  if (r.status == 0) return "未收到服务器应答（" + r.message + "），操作可能未生效，请确认后重试";
  // R-AB-6: name the window the substitute would leave, by its counter number.
  if (c == "would_empty_window") {
    const auto* st = s.staff_state(r.staff);
    const int own = st && hall ? window_number(s, st->post) : 0;
    return own ? "你离开后 " + std::to_string(own) + " 号窗口将空岗" : std::string("你离开后本窗口将空岗");
  }
  if (c == "not_on_post") return "您当前不在" + win + "岗位上";
  if (c == "ticket_in_progress")
    return "还有未办结的号" + (hall ? current_number(s, r.window, r.staff) : "") + "，请先办结或转办";
  if (c == "window_occupied") return win + "已有人在岗";
  if (c == "not_qualified") return "不在" + win + "的 A/B 岗名单上，或未具备该窗口全部事项的资格";
  if (c == "already_on_post") return hall ? "已经在岗（" + own_post(s, r.staff) + "）" : std::string("已经在岗");
  if (c == "off_post") return "目前处于离岗状态，请先点“返岗”";
  if (c == "not_off_post") return "当前不是离岗状态";
  if (c == "not_signed_in") return "尚未签到";
  if (c == "window_closed") return win + "已关闭";
  if (c == "max_recalls") return "已重呼 " + std::to_string(p.max_recalls) + " 次，达到上限，请按过号处理";
  if (c == "no_called_ticket") return "当前没有已呼叫、待到窗的号";
  if (c == "already_serving") return "该号已在办理中";
  if (c == "no_current_ticket") return win + "当前没有号";
  if (c == "extended_service_required") return "仍有群众等候且只有本窗口能办理，需延时服务，暂不能签退";
  if (c == "leave_limit_window")
    return "请假期间同一窗口将有超过 " + std::to_string(p.max_concurrent_leave) + " 人同时请假，不能申请";
  if (c == "leave_decided") return "该请假申请已处理完毕";
  if (c == "violation_decided") return "该扣分记录已处理";
  if (c == "hall_closed") return "当前不在办公时段，不能取号";
  if (c == "queue_not_empty") return win + "仍有待办业务且无其他窗口可接，不能关闭";
  // Cases (办件, R-CASE-1 … R-CASE-5).
  if (c == "own_case") return "本人受理的办件不能由本人延长时限（R-CASE-3），请由其他督查人员办理";
  if (c == "unknown_case") return "办件不存在";
  if (c == "case_not_open") return "该办件已办结或未予受理，不能再审批或延期";
  if (c == "case_not_decided") return "该办件尚未审批办结，暂不能出件";
  if (c == "already_extended") return "该办件已延长过一次时限，不能再次延长（R-CASE-3）";
  if (c == "already_delivered") return "该办件已出件";
  if (c == "not_delivery_window") return "审批结果须在统一出件窗口出件，您当前不在统一出件窗口岗位上（R-CASE-4）";
  if (c == "duplicate_case") return "该办件编号已存在，请重试";
  if (c == "unknown_alert") return "该预警已解除或不存在";
  if (c == "unknown_leave") return "请假申请不存在";
  if (c == "unknown_violation") return "扣分记录不存在";
  if (c == "unknown_window") return "窗口不存在";
  if (c == "unknown_staff") return "工作人员不存在";
  if (c == "unknown_service") return "事项不存在";
  if (c == "unknown_department") return "部门不存在";
  if (c == "bad_credentials") return "工号或密码错误";
  if (c == "rate_limited") return "登录失败次数过多，请 5 分钟后再试";
  if (c == "unauthenticated") return "登录已失效，请重新登录";
  if (c == "forbidden") return "无权进行此操作（" + r.message + "）";
  if (c == "invalid") return "填写不完整或有误：" + r.message;
  if (c == "storage_unavailable") return "服务器暂时无法保存，操作未生效，请稍后重试";
  if (r.status == 404) return "服务器暂不提供此功能";
  return "操作被拒绝：" + (r.message.empty() ? std::string("HTTP ") + std::to_string(r.status) : r.message) +
         (c.empty() ? "" : "（" + c + "）");
}

}  // namespace hallq::console
