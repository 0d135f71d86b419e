// decide(), cases: approve, refuse, deliver, extend (R-CASE-1 … R-CASE-5).
#include "decider.hpp"

namespace hallq::core::deciding {

const Case* Decider::find_case(const std::string& id, Rejected& err) const {
  const auto it = s.cases.find(id);
  if (it == s.cases.end()) {
    err = not_found(Refusal::unknown_case, "no case " + id);
    return nullptr;
  }
  return &it->second;
}

// R-CASE-4: the back office of the case's department decides it: its staff and heads.
std::optional<Rejected> Decider::require_back_office(const Case& k, const char* what) const {
  const auto* st = s.cfg().find_staff(cmd.actor);
  const bool back_office = st && st->department == k.department &&
                           (st->role == domain::StaffRole::staff || st->role == domain::StaffRole::department_head ||
                            st->role == domain::StaffRole::deputy_head);
  if (back_office) return std::nullopt;
  return Rejected{Rejected::Kind::forbidden, Refusal::forbidden,
                  "only staff and heads of department " + k.department + " " + what + " case " + k.id + " (R-CASE-4)"};
}

Event Decider::case_event(EventType type, const Case& k) const {
  Event e = make(type);
  e.case_id = k.id;
  e.ticket = k.ticket;
  e.number = k.number;
  e.service = k.service;
  e.department = k.department;
  return e;
}

Decision Decider::decide_case(const std::string& id, bool approve, const std::string& text) {
  Rejected err;
  const Case* k = find_case(id, err);
  if (!k) return err;
  if (auto no = require_back_office(*k, approve ? "approve" : "refuse")) return *no;
  if (k->status != CaseStatus::accepted)
    return conflict(Refusal::case_not_open, "case " + id + " is " + to_string(k->status) + ", not awaiting a decision");
  if (!approve && text.empty()) return invalid(Refusal::invalid, "reason must give the grounds of the refusal (004 第十六条)");
  Event e = case_event(approve ? EventType::case_approved : EventType::case_refused, *k);
  if (approve) e.note = text;
  else
    e.reason = text;
  e.events = {k->opened_seq};
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const ApproveCase& c) { return decide_case(c.case_id, true, c.note); }

Decision Decider::operator()(const RefuseCase& c) { return decide_case(c.case_id, false, c.reason); }

Decision Decider::operator()(const DeliverCase& c) {
  Rejected err;
  const Case* k = find_case(c.case_id, err);
  if (!k) return err;
  if (k->status == CaseStatus::accepted)
    return conflict(Refusal::case_not_decided, "case " + k->id + " is not decided yet: deliver it once approved or refused");
  if (k->status == CaseStatus::delivered) return conflict(Refusal::already_delivered, "case " + k->id + " was already delivered");
  if (k->status == CaseStatus::rejected)
    return conflict(Refusal::case_not_open, "case " + k->id + " was not accepted; its notice was given at the counter");
  // R-CASE-4 统一出件: where the hall has delivery windows, a decision is handed over at one of
  // them by whoever is on post there; otherwise by the department's back office. The written
  // one-time notice (R-CASE-2) goes from the department that gave it.
  std::string at = c.window;
  if (s.cfg().has_delivery_window() && k->status != CaseStatus::notice) {
    if (at.empty())  // the delivery window where the actor is on post
      for (const auto& w : s.cfg().windows)
        if (w.delivery && s.windows.at(w.id).on_post == cmd.actor) at = w.id;
    if (at.empty())
      return conflict(Refusal::not_delivery_window,
                      cmd.actor + " is not on post at a 统一出件 window; decisions are delivered there (R-CASE-4)");
    const auto* w = s.cfg().find_window(at);
    if (!w) return not_found(Refusal::unknown_window, "no window " + at);
    if (!w->delivery) return conflict(Refusal::not_delivery_window, "window " + at + " is not a 统一出件 window (R-CASE-4)");
    if (s.windows.at(at).on_post != cmd.actor)
      return conflict(Refusal::not_on_post, cmd.actor + " is not on post at window " + at);
  } else {
    if (auto no = require_back_office(*k, "deliver")) return *no;
    if (!at.empty() && !s.cfg().find_window(at)) return not_found(Refusal::unknown_window, "no window " + at);
  }
  Event e = case_event(EventType::case_delivered, *k);
  e.window = at;
  e.note = c.note;
  e.events = {k->opened_seq};
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const ExtendCase& c) {
  Rejected err;
  const Case* k = find_case(c.case_id, err);
  if (!k) return err;
  const auto* role = actor_role();
  if (!role || (*role != domain::StaffRole::supervisor && *role != domain::StaffRole::admin))
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden, "only a supervisor extends a case (R-CASE-3)"};
  if (k->staff == cmd.actor)
    return Rejected{Rejected::Kind::forbidden, Refusal::own_case,
                    cmd.actor + " received case " + k->id + " and cannot extend it (R-CASE-3)"};
  if (k->status != CaseStatus::accepted)
    return conflict(Refusal::case_not_open, "case " + k->id + " is " + to_string(k->status) + ", not awaiting a decision");
  if (k->extended_days > 0) return conflict(Refusal::already_extended, "case " + k->id + " was already extended once (R-CASE-3)");
  if (c.reason.empty())
    return invalid(Refusal::invalid, "reason must say why the case needs longer; the applicant is told (R-CASE-3)");
  const int most = s.policy().case_extension_max_days;
  if (c.days < 1 || c.days > most)
    return invalid(Refusal::invalid, "days must be from 1 to " + std::to_string(most) + " working days (R-CASE-3)");
  Event e = case_event(EventType::case_extended, *k);
  e.days = c.days;
  e.reason = c.reason;
  e.due = follow_up_due(s.cfg(), k->opened_at, k->days + c.days);
  e.events = {k->opened_seq};
  out.push_back(std::move(e));
  return done();
}

}  // namespace hallq::core::deciding
