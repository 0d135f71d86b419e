// decide(), alerts and leave: acknowledge, request, cancel, end, hand over, decide (R-LV-1 … R-LV-5, R-EMP-3, R-OFF-4, R-AB-4),
// recorded violations.
#include "decider.hpp"

namespace hallq::core::deciding {

Decision Decider::operator()(const AckAlert& c) {
  const auto it = s.alerts.find(c.alert);
  if (it == s.alerts.end()) return not_found(Refusal::unknown_alert, "no active alert " + c.alert);
  Event e = make(EventType::alert_acknowledged);
  e.alert = c.alert;
  e.kind = it->second.kind;
  e.window = it->second.window;
  e.staff = it->second.staff;
  e.note = c.note;
  out.push_back(std::move(e));
  return done();
}

bool Decider::actor_supervises() const {
  const auto* role = actor_role();
  return role &&
         (*role == domain::StaffRole::supervisor || *role == domain::StaffRole::deputy_head || *role == domain::StaffRole::admin);
}

// Whether `b` is away (leave pending or approved) or planned as cover of another window than
// `window` on `date`, ignoring leave `skip`: then b cannot be the planned cover (R-LV-4).
std::string Decider::cover_conflict(const std::string& b, const std::string& window, const std::string& date,
                                    const std::string& requester) const {
  for (const auto& [id, l] : s.leaves) {
    if (!l.active_on(date)) continue;
    if (l.staff == b) return b + " is on leave (" + id + ") on " + date;
    if (l.staff == requester) continue;
    for (const auto& [w, cov] : l.cover)
      if (cov == b && w != window) return b + " already covers window " + w + " for " + id + " on " + date;
  }
  return {};
}

Decision Decider::operator()(const RequestLeave& c) {
  Rejected err;
  const auto* st = staff(c.staff, err);
  if (!st) return err;
  const auto from = domain::parse_date(c.from), to = domain::parse_date(c.to);
  if (!from || !to) return invalid(Refusal::invalid, "from and to must be dates like 2026-11-24");
  if (*to < *from) return invalid(Refusal::invalid, "to is before from");
  if (domain::days_from_civil(*to) - domain::days_from_civil(*from) + 1 > 366)
    return invalid(Refusal::invalid, "a leave request covers at most 366 days");
  if (c.reason.empty()) return invalid(Refusal::invalid, "reason is required (R-LV-3)");
  if (c.kind != "leave" && c.kind != "official")
    return invalid(Refusal::invalid, "kind must be \"leave\" or \"official\" (R-LV-5)");
  const auto half_ok = [](const std::string& h) { return h.empty() || h == "am" || h == "pm"; };
  if (!half_ok(c.half) || !half_ok(c.from_half) || !half_ok(c.to_half))
    return invalid(Refusal::invalid, "half, from_half and to_half are \"am\" or \"pm\"");
  // Normalized: from_half is "" or "pm" (starts at noon), to_half "" or "am" (ends at noon).
  std::string from_half = c.from_half == "pm" ? "pm" : "", to_half = c.to_half == "am" ? "am" : "";
  if (!c.half.empty()) {
    if (c.from != c.to) return invalid(Refusal::invalid, "half is for a one-day leave; use from_half / to_half");
    if (!c.from_half.empty() || !c.to_half.empty()) return invalid(Refusal::invalid, "give either half or from_half / to_half");
    (c.half == "am" ? to_half : from_half) = c.half;
  }
  if (c.from == c.to && from_half == "pm" && to_half == "am")
    return invalid(Refusal::invalid, "a leave from noon to noon of the same day is empty");
  // R-LV-3: requested in advance — a leave may start today at the earliest.
  if (c.from < today())
    return invalid(Refusal::invalid, "the leave would start in the past (" + c.from + "); request it in advance (R-LV-3)");
  const auto& cfg = s.cfg();
  const auto& p = s.policy();
  const auto dates = working_dates(cfg, *from, *to);
  if (dates.empty()) return invalid(Refusal::invalid, "the leave covers no working day of the hall calendar");
  const double days = leave_working_days(cfg, *from, *to, from_half, to_half);  // R-LV-1: working days
  // R-LV-1 / R-LV-2: the approval chain depends on the length; R-LV-5: official business may
  // have a chain of its own; R-OFF-4: the chief representative reports to the center.
  const auto* dept = cfg.find_department(st->department);
  const bool chief = dept && dept->chief == st->id;
  std::vector<std::string> chain = days <= p.leave_short_max_days ? p.leave_chain_short : p.leave_chain_long;
  if (c.kind == "official" && !p.official_chain.empty()) chain = p.official_chain;
  if (chief && !p.chief_leave_chain.empty()) chain = p.chief_leave_chain;
  // R-OFF-4: a chief representative away longer than the limit also needs the deputy head.
  if (chief && days > p.chief_away_deputy_days && !contains(chain, "deputy_head")) chain.push_back("deputy_head");
  // R-EMP-3: at most max_concurrent_leave staff of one window away on any working day.
  // Official business counts too: the window loses the person all the same (R-LV-5).
  for (const auto& w : cfg.windows) {
    if (!contains(w.a, c.staff)) continue;
    for (const auto& date : dates) {
      int away = 1;
      for (const auto& [id, l] : s.leaves)
        if (l.staff != c.staff && l.active_on(date) && contains(w.a, l.staff)) ++away;
      if (away > p.max_concurrent_leave)
        return conflict(Refusal::leave_limit_window, "window " + w.id + " would have " + std::to_string(away) +
                                                         " staff on leave on " + date + " (limit " +
                                                         std::to_string(p.max_concurrent_leave) + ", R-EMP-3)");
    }
  }
  // R-LV-4 / R-AB-4: each window of which the person is A gets a planned cover, a qualified B
  // free on every working day of the leave — the one named, else the first free on the roster.
  for (const auto& [w, b] : c.cover) {
    const auto* win = cfg.find_window(w);
    if (!win || !contains(win->a, c.staff))
      return invalid(Refusal::invalid, "cover names window " + w + ", which is not a window of " + c.staff + " as A");
  }
  std::vector<std::pair<std::string, std::string>> cover;
  for (const auto& w : cfg.windows) {
    if (!contains(w.a, c.staff)) continue;
    const auto qualified = [&](const std::string& b) {
      const auto* bs = cfg.find_staff(b);
      return b != c.staff && bs && contains(w.b, b) &&
             std::all_of(w.services.begin(), w.services.end(), [&](const std::string& sv) { return cfg.qualified(*bs, sv); });
    };
    const auto why_not = [&](const std::string& b) {
      for (const auto& date : dates)
        if (auto why = cover_conflict(b, w.id, date, c.staff); !why.empty()) return why;
      return std::string();
    };
    std::string named;
    for (const auto& [cw, b] : c.cover)
      if (cw == w.id) named = b;
    if (!named.empty()) {
      if (!cfg.find_staff(named)) return not_found(Refusal::unknown_staff, "no staff member " + named);
      if (!qualified(named))
        return conflict(Refusal::not_qualified, named + " is not a qualified B of window " + w.id + " (R-AB-1)");
      if (auto why = why_not(named); !why.empty())
        return conflict(Refusal::cover_unavailable, "planned cover for window " + w.id + ": " + why + " (R-LV-4)");
      cover.emplace_back(w.id, named);
      continue;
    }
    std::string chosen, last_why;
    for (const auto& b : w.b) {
      if (!qualified(b)) continue;
      auto why = why_not(b);
      if (why.empty()) {
        chosen = b;
        break;
      }
      last_why = why;
    }
    if (chosen.empty())
      return conflict(Refusal::no_cover_available, "window " + w.id +
                                                       " has no qualified B free on every working day of the leave" +
                                                       (last_why.empty() ? std::string() : " (" + last_why + ")") + " (R-LV-4)");
    cover.emplace_back(w.id, chosen);
  }
  Event e = make(EventType::leave_requested);
  e.leave = "L" + std::to_string(s.next_leave);
  e.staff = c.staff;
  e.department = st->department;
  e.from = c.from;
  e.to = c.to;
  e.from_half = from_half;
  e.to_half = to_half;
  e.days = days;
  e.kind = c.kind;
  e.reason = c.reason;
  e.handover = c.handover;
  e.cover = std::move(cover);
  e.chain = chain;
  e.filed_with = p.leave_filed_with;
  if (chief) e.filed_with.clear();  // the chief's report to the center is a step of the chain
  e.next_approver = chain.front();
  // R-AB-4: leave is handed over in advance; later than leave_notice_days before it starts is late.
  e.late_notice = domain::days_from_civil(*from) - domain::days_from_civil(domain::local_date(now, cfg.hall.utc_offset)) <
                  p.leave_notice_days;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const CancelLeave& c) {
  const auto it = s.leaves.find(c.leave);
  if (it == s.leaves.end()) return not_found(Refusal::unknown_leave, "no leave request " + c.leave);
  const Leave& l = it->second;
  if (cmd.actor != l.staff && cmd.actor != l.requested_by && !actor_supervises())
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden,
                    "only " + l.staff + ", who asked, or a supervisor cancels leave " + l.id};
  if (l.status != LeaveStatus::pending && l.status != LeaveStatus::approved)
    return conflict(Refusal::leave_not_active, "leave " + l.id + " is " + to_string(l.status));
  if (l.from <= today())
    return conflict(Refusal::leave_started,
                    "leave " + l.id + " started on " + l.from + "; report back with /end instead (R-LV-3)");
  Event e = make(EventType::leave_cancelled);
  e.leave = l.id;
  e.staff = l.staff;
  e.from = l.from;
  e.to = l.to;
  e.note = c.note;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const EndLeave& c) {
  const auto it = s.leaves.find(c.leave);
  if (it == s.leaves.end()) return not_found(Refusal::unknown_leave, "no leave request " + c.leave);
  const Leave& l = it->second;
  if (cmd.actor != l.staff && !actor_supervises())
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden,
                    "only " + l.staff + " or a supervisor reports back from leave " + l.id};
  if (l.status != LeaveStatus::approved)
    return conflict(Refusal::leave_not_active, "leave " + l.id + " is " + to_string(l.status) + ", not approved leave");
  if (!l.ended_day.empty()) return conflict(Refusal::leave_ended, "leave " + l.id + " was already ended on " + l.ended_day);
  if (today() < l.from)
    return conflict(Refusal::leave_not_started, "leave " + l.id + " starts on " + l.from + "; cancel it instead (R-LV-3)");
  Event e = make(EventType::leave_ended);  // R-LV-3 销假
  e.leave = l.id;
  e.staff = l.staff;
  e.from = l.from;
  e.to = l.to;
  e.date = today();
  e.note = c.note;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const AckHandover& c) {
  Event e = make(EventType::staff_handover_acknowledged);  // R-AB-4
  e.note = c.note;
  if (!c.leave.empty()) {
    const auto it = s.leaves.find(c.leave);
    if (it == s.leaves.end()) return not_found(Refusal::unknown_leave, "no leave request " + c.leave);
    const Leave& l = it->second;
    std::string window;
    for (const auto& [w, b] : l.cover)
      if (b == cmd.actor) window = w;
    if (window.empty())
      return Rejected{Rejected::Kind::forbidden, Refusal::forbidden, cmd.actor + " is not the planned cover of leave " + l.id};
    if (l.status != LeaveStatus::pending && l.status != LeaveStatus::approved)
      return conflict(Refusal::leave_not_active, "leave " + l.id + " is " + to_string(l.status));
    if (l.handover.empty()) return conflict(Refusal::no_handover, "leave " + l.id + " carries no hand-over note");
    if (contains(l.handover_acks, cmd.actor))
      return conflict(Refusal::handover_acknowledged, cmd.actor + " already acknowledged the hand-over of " + l.id);
    e.leave = l.id;
    e.staff = l.staff;
    e.window = window;
    e.handover = l.handover;
    out.push_back(std::move(e));
    return done();
  }
  Rejected err;
  if (!staff(c.staff, err)) return err;
  const auto& ss = s.staff.at(c.staff);
  if (!ss.off_post) return conflict(Refusal::not_off_post, c.staff + " is not off post");
  const std::string& post = ss.off_post->window;
  if (s.windows.at(post).on_post != cmd.actor || cmd.actor == c.staff)
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden,
                    "only whoever covers window " + post + " acknowledges the hand-over"};
  if (ss.off_post->handover.empty()) return conflict(Refusal::no_handover, c.staff + " left no hand-over note");
  if (!ss.off_post->handover_ack_by.empty())
    return conflict(Refusal::handover_acknowledged, ss.off_post->handover_ack_by + " already acknowledged it");
  e.staff = c.staff;
  e.window = post;
  e.handover = ss.off_post->handover;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const DecideLeave& c) {
  const auto it = s.leaves.find(c.leave);
  if (it == s.leaves.end()) return not_found(Refusal::unknown_leave, "no leave request " + c.leave);
  const Leave& l = it->second;
  if (l.status != LeaveStatus::pending)
    return conflict(Refusal::leave_decided, "leave " + c.leave + " is already " + to_string(l.status));
  const std::string next = l.next_approver();
  const auto* role = actor_role();
  if (!role || (domain::to_string(*role) != next && *role != domain::StaffRole::admin))
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden, "leave " + c.leave + " waits for the " + next + " (R-LV-1)"};
  if (cmd.actor == l.staff)
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden, "nobody approves their own leave (R-LV-1)"};
  // The department step belongs to the head of the requester's own department.
  const auto* approver = s.cfg().find_staff(cmd.actor);
  const auto* requester = s.cfg().find_staff(l.staff);
  if (*role == domain::StaffRole::department_head && approver && requester && approver->department != requester->department)
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden,
                    cmd.actor + " heads " + approver->department + ", not " + requester->department + " (R-LV-1)"};
  Event e = make(c.approve ? EventType::leave_approved : EventType::leave_rejected);
  e.leave = l.id;
  e.staff = l.staff;
  e.from = l.from;
  e.to = l.to;
  e.note = c.note;
  if (c.approve && l.approvals + 1 < l.chain.size()) e.next_approver = l.chain[l.approvals + 1];
  out.push_back(std::move(e));
  // 000 第十五条: approved leave is filed (备案) with those informed, who do not approve it.
  if (c.approve && l.approvals + 1 >= l.chain.size() && !l.filed_with.empty()) {
    Event f = make(EventType::leave_filed);
    f.leave = l.id;
    f.staff = l.staff;
    f.from = l.from;
    f.to = l.to;
    f.filed_with = l.filed_with;
    out.push_back(std::move(f));
  }
  return done();
}

Decision Decider::operator()(const RecordViolation& c) {
  const auto& catalog = s.policy().deductions;
  const auto kind = catalog.find(c.kind);
  if (kind == catalog.end()) return invalid(Refusal::invalid, "unknown violation kind " + c.kind + " (R-SCR-2 catalog)");
  std::string department = c.department;
  if (!c.staff.empty()) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    if (department.empty()) department = st->department;
  }
  if (department.empty()) return invalid(Refusal::invalid, "department is required");
  if (!s.cfg().find_department(department)) return not_found(Refusal::unknown_department, "no department " + department);
  const std::string id = next_violation_id();
  Event e = make(EventType::violation_proposed);
  e.source = "inspection";
  propose(s, out, std::move(e), c.kind, c.staff, department, "R-SCR-2", {}, c.note);
  Event ok = make(EventType::violation_confirmed);
  ok.violation = id;
  ok.note = c.note;
  out.push_back(std::move(ok));
  return done();
}

}  // namespace hallq::core::deciding
