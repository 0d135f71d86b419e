#include "console/model/case_view.hpp"

#include <algorithm>

#include "core/engine.hpp"
#include "domain/time.hpp"

namespace hallq::console {

namespace {

bool blank(const std::string& x) { return x.find_first_not_of(" \t") == std::string::npos; }

// The role and department the hall config gives this person (the login answer's role otherwise).
std::string role_of(const core::State& s, const Principal& me) {
  if (const auto* st = s.cfg().find_staff(me.id)) return domain::to_string(st->role);
  return me.role;
}

bool sees_everything(const core::State& s, const Principal& me) {
  const std::string role = role_of(s, me);
  return role == "supervisor" || role == "deputy_head" || role == "admin";
}

int rank(const CaseLine& l) { return l.open ? 0 : l.awaiting_delivery ? 1 : 2; }

Time last_activity(const CaseLine& l) { return std::max({l.accepted_at, l.decided_at, l.delivered_at}); }

}  // namespace

CaseWarning case_warning(const core::State& s, const core::Case& k, Time now) {
  // As the server's case JSON says it (server/net/views.cpp): only open cases carry a warning.
  if (k.status == core::CaseStatus::accepted) {
    if (now >= k.due) return CaseWarning::overdue;                                    // R-CASE-5
    if (k.days > 0 && now >= core::case_red_at(s, k)) return CaseWarning::red;        // R-SVC-2 red: the deadline day
    if (k.days > 0 && now >= core::case_yellow_at(s, k)) return CaseWarning::yellow;  // R-SVC-2 yellow
    return CaseWarning::none;
  }
  if (k.status == core::CaseStatus::notice && now >= k.due) return CaseWarning::overdue;  // R-CASE-2
  return CaseWarning::none;
}

std::string case_warning_label(CaseWarning w) {
  switch (w) {
    case CaseWarning::yellow: return "黄色预警";
    case CaseWarning::red: return "红色预警";
    case CaseWarning::overdue: return "已超期";
    case CaseWarning::none: break;
  }
  return "";
}

std::string case_status_label(core::CaseStatus st) {
  switch (st) {
    case core::CaseStatus::accepted: return "已受理";
    case core::CaseStatus::approved: return "已办结";
    case core::CaseStatus::refused: return "不予批准";
    case core::CaseStatus::delivered: return "已出件";
    case core::CaseStatus::notice: return "一次性告知";
    case core::CaseStatus::rejected: return "不予受理";
  }
  return "";
}

std::string finish_outcome_label(const std::string& outcome) {
  if (outcome == "accepted") return "受理";
  if (outcome == "incomplete_materials") return "材料不全（一次性告知）";
  if (outcome == "rejected") return "不予受理";
  return "已办结";
}

CaseActions case_actions(const core::State& s, const Principal& me, const core::Case& k) {
  CaseActions a;
  const auto* st = s.cfg().find_staff(me.id);
  const std::string role = role_of(s, me);
  // R-CASE-4: the back office of the case's department decides it: its staff and heads.
  const bool back_office = st && st->department == k.department &&
                           (role == "staff" || role == "department_head" || role == "deputy_head");
  a.approve = a.refuse = back_office && k.status == core::CaseStatus::accepted;
  const bool decided = k.status == core::CaseStatus::approved || k.status == core::CaseStatus::refused;
  if (decided || k.status == core::CaseStatus::notice) {
    const auto& windows = s.cfg().windows;
    if (s.cfg().has_delivery_window() && decided) {
      // 统一出件: handed over at a delivery window by whoever is on post there.
      for (const auto& w : windows)
        if (const auto* ws = s.window_state(w.id); w.delivery && ws && ws->on_post == me.id) a.deliver_window = w.id;
      a.deliver = !a.deliver_window.empty();
    } else {
      // No delivery window, or a written one-time notice (R-CASE-2): the department hands it over.
      a.deliver = back_office;
    }
  }
  // R-CASE-3: once, by a supervisor who did not receive it, while it waits for its decision.
  a.extend = (role == "supervisor" || role == "admin") && k.staff != me.id && k.status == core::CaseStatus::accepted &&
             k.extended_days == 0;
  return a;
}

CaseLine case_line(const core::State& s, const Principal& me, const core::Case& k, Time now) {
  CaseLine l;
  l.id = k.id;
  l.number = k.number;
  l.service = k.service;
  l.service_name = service_name(s, k.service);
  l.department = k.department;
  l.department_name = department_name(s, k.department);
  l.outcome = k.outcome;
  l.status = k.status;
  l.status_label = case_status_label(k.status);
  l.open = k.open();
  l.awaiting_delivery = k.status == core::CaseStatus::approved || k.status == core::CaseStatus::refused;
  l.staff = k.staff;
  if (!k.staff.empty()) l.staff_name = staff_name(s, k.staff);
  l.window = k.window;
  l.window_number = window_number(s, k.window);
  l.accepted_at = k.opened_at;
  l.days = k.days;
  l.due = k.status == core::CaseStatus::rejected ? 0 : k.due;
  const auto& cfg = s.cfg();
  if (l.due != 0) {
    l.due_date = domain::format_date(domain::local_date(l.due - 1, cfg.hall.utc_offset));
    if (l.open) {
      if (now < l.due) {
        l.days_left = core::working_days_between(cfg, now, l.due - 1);
        l.days_left_text = l.days_left > 0 ? "剩 " + std::to_string(l.days_left) + " 个工作日" : std::string("今日到期");
      } else {
        const int late = core::working_days_between(cfg, l.due - 1, now);
        l.days_left = -late;
        l.days_left_text = late > 0 ? "超期 " + std::to_string(late) + " 个工作日" : std::string("已超期");
      }
    }
  }
  l.warning = case_warning(s, k, now);
  l.warning_label = case_warning_label(l.warning);
  l.missing = k.missing;
  l.reason = k.reason;
  l.extended_days = k.extended_days;
  l.extension_reason = k.extension_reason;
  if (!k.extended_by.empty()) l.extended_by_name = staff_name(s, k.extended_by);
  if (!k.decided_by.empty()) l.decided_by_name = staff_name(s, k.decided_by);
  l.decided_at = k.decided_at;
  l.delivered_at = k.delivered_at;
  l.received_by_me = !me.id.empty() && k.staff == me.id;
  l.can = case_actions(s, me, k);
  return l;
}

CaseList make_case_list(const core::State& s, const Principal& me, Time now, std::size_t closed_limit) {
  CaseList out;
  const auto* person = s.cfg().find_staff(me.id);
  const bool all = sees_everything(s, me);
  const core::StaffState* st = s.staff_state(me.id);
  // "My window": the post held, the post left for a while, and my own post while covering elsewhere.
  std::vector<std::string> windows;
  if (st) {
    for (const auto* w : {&st->post, &st->home})
      if (!w->empty()) windows.push_back(*w);
    if (st->off_post) windows.push_back(st->off_post->window);
  }
  std::vector<CaseLine> closed;
  for (const auto& [id, k] : s.cases) {
    CaseLine l = case_line(s, me, k, now);
    const bool mine = l.received_by_me || std::find(windows.begin(), windows.end(), k.window) != windows.end() ||
                      (person && person->department == k.department);
    if (!all && !mine && !l.can.deliver) continue;
    const bool any = l.can.approve || l.can.refuse || l.can.deliver || l.can.extend;
    if (any) ++out.actionable;
    if (l.open) {
      ++out.open;
      if (l.warning == CaseWarning::yellow) ++out.yellow;
      if (l.warning == CaseWarning::red) ++out.red;
      if (l.warning == CaseWarning::overdue) ++out.overdue;
    }
    if (l.awaiting_delivery) ++out.awaiting_delivery;
    if (!l.open && !l.awaiting_delivery) closed.push_back(std::move(l));
    else
      out.lines.push_back(std::move(l));
  }
  // R-CASE-1: the case due soonest comes first; decided ones waiting to be handed over next.
  std::sort(out.lines.begin(), out.lines.end(), [](const CaseLine& a, const CaseLine& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (rank(a) == 0 && a.due != b.due) return a.due < b.due;
    if (rank(a) == 1 && a.decided_at != b.decided_at) return a.decided_at < b.decided_at;
    return a.id < b.id;
  });
  std::sort(closed.begin(), closed.end(), [](const CaseLine& a, const CaseLine& b) {
    return last_activity(a) != last_activity(b) ? last_activity(a) > last_activity(b) : a.id > b.id;
  });
  if (closed.size() > closed_limit) closed.resize(closed_limit);
  for (auto& l : closed) out.lines.push_back(std::move(l));
  return out;
}

std::string check_refuse_form(const std::string& reason) { return blank(reason) ? "不予批准须写明理由（将告知申请人）" : ""; }

std::string check_extend_form(const core::State& s, int days, const std::string& reason) {
  const int most = s.config ? s.policy().case_extension_max_days : domain::Policy{}.case_extension_max_days;
  if (days < 1 || days > most) return "延长天数应在 1 到 " + std::to_string(most) + " 个工作日之间";
  if (blank(reason)) return "请填写延长理由（将告知申请人）";  // R-CASE-3
  return "";
}

}  // namespace hallq::console
