// decide(), tickets: issue, book, call, recall, no-show, start, finish, transfer, requeue, rate (R-Q-*, R-SVC-3).
#include "decider.hpp"

namespace hallq::core::deciding {

Decision Decider::operator()(const IssueTicket& c) {
  const auto* service = s.cfg().find_service(c.service);
  if (!service) return not_found(Refusal::unknown_service, "no service " + c.service);
  if (!parse_priority(c.priority)) return invalid(Refusal::invalid, "priority must be \"normal\" or \"green\"");
  if (!s.session_open) return conflict(Refusal::hall_closed, "the hall is not issuing tickets now (R-HRS-1)");
  Event e = make(EventType::ticket_issued);
  if (!c.appointment.empty()) {  // R-Q-7
    const auto it = s.appointments.find(c.appointment);
    if (it == s.appointments.end()) return not_found(Refusal::unknown_appointment, "no appointment " + c.appointment);
    if (it->second.service != c.service)
      return invalid(Refusal::invalid, "appointment " + c.appointment + " is for service " + it->second.service);
    if (!it->second.ticket.empty())
      return conflict(Refusal::appointment_used, "appointment " + c.appointment + " already has a ticket");
    e.slot = it->second.slot;
  }
  const auto counter = s.counters.find(service->prefix);
  const int next = (counter == s.counters.end() ? 0 : counter->second) + 1;  // R-Q-1
  e.ticket = c.ticket_id;
  e.number = service->prefix + pad_number(next);
  e.service = c.service;
  e.priority = c.priority;
  e.appointment = c.appointment;
  e.previous = c.previous;  // R-Q-8
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const BookAppointment& c) {
  if (!s.cfg().find_service(c.service)) return not_found(Refusal::unknown_service, "no service " + c.service);
  if (c.slot < now) return invalid(Refusal::invalid, "the appointment slot is in the past");
  if (!session_at(s.cfg(), c.slot)) return invalid(Refusal::invalid, "the hall is closed at the requested slot (R-HRS-1)");
  Event e = make(EventType::appointment_booked);
  e.appointment = c.appointment_id;
  e.service = c.service;
  e.slot = c.slot;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const CallNext& c) {
  if (auto err = require_on_post(c.window)) return *err;
  if (s.windows.at(c.window).closed) return conflict(Refusal::window_closed, "window " + c.window + " is closed");
  if (const Ticket* t = current(c.window))
    return conflict(Refusal::ticket_in_progress, "window " + c.window + " is still on ticket " + t->number);
  const Ticket* next = next_for_window(s, c.window, now);  // R-Q-2, R-Q-3
  if (!next) return done();                                // nothing waits: {ticket: null}
  out.push_back(ticket_event(EventType::ticket_called, *next, c.window));
  return done();
}

Decision Decider::operator()(const Recall& c) {
  if (auto err = require_on_post(c.window)) return *err;
  const Ticket* t = current(c.window);
  if (!t || t->status != TicketStatus::called)
    return conflict(Refusal::no_called_ticket, "window " + c.window + " has no called ticket to recall");
  if (t->recalls >= s.policy().max_recalls)  // R-Q-4
    return conflict(Refusal::max_recalls,
                    t->number + " was recalled " + std::to_string(t->recalls) + " times; mark it a no-show");
  out.push_back(ticket_event(EventType::ticket_recalled, *t, c.window));
  return done();
}

Decision Decider::operator()(const MarkNoShow& c) {
  if (auto err = require_on_post(c.window)) return *err;
  const Ticket* t = current(c.window);
  if (!t || t->status != TicketStatus::called)
    return conflict(Refusal::no_called_ticket, "window " + c.window + " has no called ticket");
  out.push_back(ticket_event(EventType::ticket_no_show, *t, c.window));  // R-Q-4
  return done();
}

Decision Decider::operator()(const StartService& c) {
  if (auto err = require_on_post(c.window)) return *err;
  const Ticket* t = current(c.window);
  if (!t) return conflict(Refusal::no_called_ticket, "window " + c.window + " has no called ticket");
  if (t->status == TicketStatus::serving) return conflict(Refusal::already_serving, t->number + " is already being served");
  out.push_back(ticket_event(EventType::ticket_started, *t, c.window));
  return done();
}

Decision Decider::operator()(const FinishService& c) {
  if (auto err = require_on_post(c.window)) return *err;
  const Ticket* t = current(c.window);
  if (!t) return conflict(Refusal::no_current_ticket, "window " + c.window + " is not serving a ticket");
  if (c.outcome != "done" && c.outcome != "accepted" && c.outcome != "incomplete_materials" && c.outcome != "rejected")
    return invalid(Refusal::invalid, "outcome must be \"done\", \"accepted\", \"incomplete_materials\" or \"rejected\"");
  if (c.outcome == "incomplete_materials" && c.missing.empty())  // R-Q-8 一次性告知
    return invalid(Refusal::invalid, "missing must list what the citizen still has to bring (R-Q-8)");
  if (c.outcome != "incomplete_materials" && !c.missing.empty())
    return invalid(Refusal::invalid, "missing is only for incomplete_materials");
  if (c.outcome == "rejected" && c.reason.empty())  // R-CASE-1 不予受理: the written grounds
    return invalid(Refusal::invalid, "reason must say why the application is not accepted (不予受理, R-CASE-1)");
  if (c.outcome != "rejected" && !c.reason.empty()) return invalid(Refusal::invalid, "reason is only for rejected");
  Event e = ticket_event(EventType::ticket_finished, *t, c.window);
  e.outcome = c.outcome;
  e.missing = c.missing;
  e.reason = c.reason;
  const std::int64_t finished = next_seq();
  out.push_back(e);
  if (c.outcome == "done") return done();
  // R-CASE-1: accepted (受理), a one-time notice (R-CASE-2) or a rejection opens a case record.
  const auto* sv = s.cfg().find_service(t->service);
  Event k = e;
  k.type = EventType::case_opened;
  k.case_id = !c.case_id.empty() ? c.case_id : "C" + std::to_string(finished);
  if (s.cases.count(k.case_id)) return conflict(Refusal::duplicate_case, "case " + k.case_id + " already exists");
  k.department = sv ? sv->department : "";
  int days = 0;
  if (c.outcome == "accepted") days = sv ? sv->promise_days : 0;                        // R-SVC-1 承诺时限
  if (c.outcome == "incomplete_materials") days = s.policy().one_time_notice_workdays;  // R-CASE-2
  if (c.outcome != "rejected") {
    k.days = days;
    k.due = follow_up_due(s.cfg(), now, days);
  }
  k.events = {finished};
  out.push_back(std::move(k));
  return done();
}

Decision Decider::operator()(const TransferTicket& c) {
  if (auto err = require_on_post(c.window)) return *err;
  const Ticket* t = current(c.window);
  if (!t) return conflict(Refusal::no_current_ticket, "window " + c.window + " has no ticket to transfer");
  if (!s.cfg().find_service(c.service)) return not_found(Refusal::unknown_service, "no service " + c.service);
  if (c.service == t->service) return invalid(Refusal::invalid, t->number + " is already for service " + c.service);
  Event e = ticket_event(EventType::ticket_transferred, *t, c.window);  // R-Q-5
  e.from_service = t->service;
  e.service = c.service;
  e.issued_at = t->key.issued_at;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const RequeueTicket& c) {
  const Ticket* t = s.ticket(c.ticket);
  if (!t) return not_found(Refusal::not_found, "no ticket " + c.ticket);
  if (t->status != TicketStatus::no_show) return conflict(Refusal::not_no_show, t->number + " is not a no-show");
  if (t->requeues >= s.policy().no_show_requeues)  // R-Q-4
    return conflict(Refusal::requeue_limit, t->number + " was already re-queued");
  if (!s.session_open) return conflict(Refusal::hall_closed, "the hall is not issuing tickets now (R-HRS-1)");
  Event e = make(EventType::ticket_requeued);
  e.ticket = t->id;
  e.number = t->number;
  e.service = t->service;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const RateTicket& c) {
  const Ticket* t = s.ticket(c.ticket);
  if (!t) return not_found(Refusal::not_found, "no ticket " + c.ticket);
  if (c.level < 1 || c.level > 5) return invalid(Refusal::invalid, "level must be 1 (非常不满意) … 5 (非常满意) (R-SVC-3)");
  if (t->status != TicketStatus::finished) return conflict(Refusal::not_finished, t->number + " is not finished yet");
  if (t->rating != 0) return conflict(Refusal::already_rated, t->number + " was already rated (R-SVC-3)");
  Event e = make(EventType::ticket_rated);
  e.ticket = t->id;
  e.number = t->number;
  e.service = t->service;
  e.window = t->window;
  e.staff = t->staff;
  e.level = c.level;
  const std::int64_t rated = next_seq();
  out.push_back(e);
  if (c.level > s.policy().unsatisfied_max_level) return done();
  // R-SVC-5: a bad rating (差评) opens a follow-up with its working-day deadline …
  Event f = e;
  f.type = EventType::follow_up_opened;
  f.follow_up = "F" + std::to_string(s.next_follow_up);
  f.due = follow_up_due(s.cfg(), now, s.policy().follow_up_working_days);
  f.events = {rated};
  out.push_back(f);
  // … and R-SVC-3: goes to the supervisors at once.
  Event a = make(EventType::alert_raised);
  a.alert = next_alert_id();
  a.kind = "unsatisfied_rating";
  a.level = 1;
  a.ticket = t->id;
  a.window = t->window;
  a.staff = t->staff;
  a.follow_up = f.follow_up;
  a.rule = "R-SVC-3";
  a.message = t->number + " 评价为" + (c.level == 1 ? "非常不满意" : "不满意") + "，请在 " +
              domain::format_date(domain::local_date(f.due - 1, s.cfg().hall.utc_offset)) + " 前回访整改（" + f.follow_up + "）";
  a.events = {rated};
  out.push_back(std::move(a));
  return done();
}

}  // namespace hallq::core::deciding
