// decide(): the hall's rules for commands. Returns events or a Rejected with the API.md code;
// never mutates state.
#include <algorithm>

#include "core/engine.hpp"
#include "core/scores.hpp"

namespace hallq::core {

using domain::Event;
using domain::EventType;

namespace {

Rejected invalid(Refusal code, std::string msg) { return {Rejected::Kind::invalid, code, std::move(msg)}; }
Rejected not_found(Refusal code, std::string msg) { return {Rejected::Kind::not_found, code, std::move(msg)}; }
Rejected conflict(Refusal code, std::string msg) { return {Rejected::Kind::conflict, code, std::move(msg)}; }

bool contains(const std::vector<std::string>& v, std::string_view x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string pad_number(int n) {
  std::string digits = std::to_string(n);
  while (digits.size() < 3) digits.insert(digits.begin(), '0');
  return digits;
}

}  // namespace

// A proposed deduction from the policy's catalog (R-SCR-2), traceable to its events (R-SCR-8).
void propose(const State& s, Events& out, Event e, const std::string& kind, const std::string& staff_id,
             const std::string& department, const std::string& rule, std::vector<std::int64_t> events, const std::string& note) {
  const auto n = std::count_if(out.begin(), out.end(), [](const Event& x) { return x.type == EventType::violation_proposed; });
  e.type = EventType::violation_proposed;
  e.violation = "V" + std::to_string(s.next_violation + n);
  e.kind = kind;
  const auto it = s.policy().deductions.find(kind);
  e.points = it == s.policy().deductions.end() ? 0.0 : it->second;
  e.staff = staff_id;
  e.department = department;
  e.rule = rule;
  if (e.source.empty()) e.source = "auto";
  e.events = std::move(events);
  e.note = note;
  out.push_back(std::move(e));
}

namespace {

struct Decider {
  const State& s;
  const Command& cmd;
  Time now;
  Events out;

  Event make(EventType type) const {
    Event e;
    e.type = type;
    e.at = now;
    e.actor = cmd.actor;
    return e;
  }
  // The seq the next pushed event will get (decide numbers them in order at the end).
  std::int64_t next_seq() const { return s.seq + static_cast<std::int64_t>(out.size()) + 1; }
  std::string next_alert_id() const {
    const auto n = std::count_if(out.begin(), out.end(), [](const Event& e) { return e.type == EventType::alert_raised; });
    return "AL" + std::to_string(s.next_alert + n);
  }
  std::string next_violation_id() const {
    const auto n = std::count_if(out.begin(), out.end(), [](const Event& e) { return e.type == EventType::violation_proposed; });
    return "V" + std::to_string(s.next_violation + n);
  }
  std::string today() const { return domain::format_date(domain::local_date(now, s.cfg().hall.utc_offset)); }
  bool on_leave_today(const std::string& staff_id) const { return on_leave(s, staff_id, today()); }
  const domain::StaffRole* actor_role() const {
    const auto* st = s.cfg().find_staff(cmd.actor);
    return st ? &st->role : nullptr;
  }
  // R-ATT-2: an attendance slip is an alert for supervisors and a proposed `schedule` deduction.
  // `window` and `incident` tie the slip to the uncovered spell it caused, if any (R-EMP-2).
  void attendance_slip(const std::string& staff_id, const std::string& kind, const std::string& message, std::int64_t cause_seq,
                       const std::string& window = {}, const std::string& incident = {}) {
    const auto* st = s.cfg().find_staff(staff_id);
    Event a = make(EventType::alert_raised);
    a.alert = next_alert_id();
    a.kind = kind;
    a.level = 1;
    a.staff = staff_id;
    a.rule = "R-ATT-2";
    a.message = message;
    a.events = {cause_seq};
    out.push_back(std::move(a));
    const std::string slip = next_violation_id();
    Event v = make(EventType::violation_proposed);
    v.window = window;
    v.incident = incident;
    propose(s, out, std::move(v), "schedule", staff_id, st ? st->department : "", "R-ATT-2", {cause_seq}, message);
    if (incident.empty()) return;
    // R-EMP-2: one incident, one deduction. The empty window this lateness caused is the
    // person's slip, already charged above: its department deduction is withdrawn, linked.
    for (const auto& [id, linked] : s.violations) {
      if (linked.incident != incident || linked.status == ViolationStatus::dismissed || linked.kind == "schedule") continue;
      Event no = make(EventType::violation_dismissed);
      no.violation = id;
      no.kind = linked.kind;
      no.staff = linked.staff;
      no.department = linked.department;
      no.incident = incident;
      no.reason = "same_incident";
      no.rule = "R-EMP-2";
      no.note = "同一事件已按迟到扣分（" + slip + "）";
      no.events = {cause_seq};
      out.push_back(std::move(no));
    }
  }
  Decision done() { return std::move(out); }

  // [SECTION] lookups that turn unknown ids into 404s
  const domain::Window* window(const std::string& id, Rejected& err) const {
    const auto* w = s.cfg().find_window(id);
    if (!w) err = not_found(Refusal::unknown_window, "no window " + id);
    return w;
  }
  const domain::Staff* staff(const std::string& id, Rejected& err) const {
    const auto* st = s.cfg().find_staff(id);
    if (!st) err = not_found(Refusal::unknown_staff, "no staff member " + id);
    return st;
  }

  // Ticket actions at a window require the actor on post there (R-Q-6: no dispatch to a
  // window nobody staffs).
  std::optional<Rejected> require_on_post(const std::string& window_id) const {
    Rejected err;
    if (!window(window_id, err)) return err;
    const auto& ws = s.windows.at(window_id);
    if (ws.on_post != cmd.actor) return conflict(Refusal::not_on_post, cmd.actor + " is not on post at window " + window_id);
    if (!ws.redirect_to.empty())  // R-AB-7: the post's tickets are called where its coverer sits
      return conflict(Refusal::window_redirected,
                      "window " + window_id + " is covered from window " + ws.redirect_to + "; call its tickets there (R-AB-7)");
    return std::nullopt;
  }
  const Ticket* current(const std::string& window_id) const {
    const auto& ws = s.windows.at(window_id);
    return ws.current_ticket.empty() ? nullptr : s.ticket(ws.current_ticket);
  }
  Event ticket_event(EventType type, const Ticket& t, const std::string& window_id) const {
    Event e = make(type);
    e.ticket = t.id;
    e.number = t.number;
    e.service = t.service;
    e.window = window_id;
    e.staff = s.windows.at(window_id).on_post;
    return e;
  }

  // [SECTION] tickets
  Decision operator()(const IssueTicket& c) {
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

  Decision operator()(const BookAppointment& c) {
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

  Decision operator()(const CallNext& c) {
    if (auto err = require_on_post(c.window)) return *err;
    if (s.windows.at(c.window).closed) return conflict(Refusal::window_closed, "window " + c.window + " is closed");
    if (const Ticket* t = current(c.window))
      return conflict(Refusal::ticket_in_progress, "window " + c.window + " is still on ticket " + t->number);
    const Ticket* next = next_for_window(s, c.window, now);  // R-Q-2, R-Q-3
    if (!next) return done();                                // nothing waits: {ticket: null}
    out.push_back(ticket_event(EventType::ticket_called, *next, c.window));
    return done();
  }

  Decision operator()(const Recall& c) {
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

  Decision operator()(const MarkNoShow& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t || t->status != TicketStatus::called)
      return conflict(Refusal::no_called_ticket, "window " + c.window + " has no called ticket");
    out.push_back(ticket_event(EventType::ticket_no_show, *t, c.window));  // R-Q-4
    return done();
  }

  Decision operator()(const StartService& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t) return conflict(Refusal::no_called_ticket, "window " + c.window + " has no called ticket");
    if (t->status == TicketStatus::serving) return conflict(Refusal::already_serving, t->number + " is already being served");
    out.push_back(ticket_event(EventType::ticket_started, *t, c.window));
    return done();
  }

  Decision operator()(const FinishService& c) {
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

  // [SECTION] cases (R-CASE-1 … R-CASE-5)
  const Case* find_case(const std::string& id, Rejected& err) const {
    const auto it = s.cases.find(id);
    if (it == s.cases.end()) {
      err = not_found(Refusal::unknown_case, "no case " + id);
      return nullptr;
    }
    return &it->second;
  }
  // R-CASE-4: the back office of the case's department decides it: its staff and heads.
  std::optional<Rejected> require_back_office(const Case& k, const char* what) const {
    const auto* st = s.cfg().find_staff(cmd.actor);
    const bool back_office = st && st->department == k.department &&
                             (st->role == domain::StaffRole::staff || st->role == domain::StaffRole::department_head ||
                              st->role == domain::StaffRole::deputy_head);
    if (back_office) return std::nullopt;
    return Rejected{Rejected::Kind::forbidden, Refusal::forbidden,
                    "only staff and heads of department " + k.department + " " + what + " case " + k.id + " (R-CASE-4)"};
  }
  Event case_event(EventType type, const Case& k) const {
    Event e = make(type);
    e.case_id = k.id;
    e.ticket = k.ticket;
    e.number = k.number;
    e.service = k.service;
    e.department = k.department;
    return e;
  }
  Decision decide_case(const std::string& id, bool approve, const std::string& text) {
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
  Decision operator()(const ApproveCase& c) { return decide_case(c.case_id, true, c.note); }
  Decision operator()(const RefuseCase& c) { return decide_case(c.case_id, false, c.reason); }

  Decision operator()(const DeliverCase& c) {
    Rejected err;
    const Case* k = find_case(c.case_id, err);
    if (!k) return err;
    if (k->status == CaseStatus::accepted)
      return conflict(Refusal::case_not_decided, "case " + k->id + " is not decided yet: deliver it once approved or refused");
    if (k->status == CaseStatus::delivered)
      return conflict(Refusal::already_delivered, "case " + k->id + " was already delivered");
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

  Decision operator()(const ExtendCase& c) {
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
    if (k->extended_days > 0)
      return conflict(Refusal::already_extended, "case " + k->id + " was already extended once (R-CASE-3)");
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

  Decision operator()(const TransferTicket& c) {
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

  Decision operator()(const RequeueTicket& c) {
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

  Decision operator()(const RateTicket& c) {
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
                domain::format_date(domain::local_date(f.due - 1, s.cfg().hall.utc_offset)) + " 前回访整改（" + f.follow_up +
                "）";
    a.events = {rated};
    out.push_back(std::move(a));
    return done();
  }

  // [SECTION] windows
  Decision operator()(const OpenWindow& c) {
    Rejected err;
    if (!window(c.window, err)) return err;
    if (!s.windows.at(c.window).closed) return done();
    Event e = make(EventType::window_opened);
    e.window = c.window;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const CloseWindow& c) {
    Rejected err;
    const auto* w = window(c.window, err);
    if (!w) return err;
    const auto& ws = s.windows.at(c.window);
    if (ws.closed) return done();
    if (const Ticket* t = current(c.window))
      return conflict(Refusal::queue_not_empty, "window " + c.window + " is still on ticket " + t->number);
    // Citizens waiting for a service only this window serves would be stranded.
    for (const auto& sv : w->services) {
      const auto q = s.waiting.find(sv);
      if (q == s.waiting.end() || q->second.empty()) continue;
      const bool served_elsewhere = std::any_of(s.cfg().windows.begin(), s.cfg().windows.end(), [&](const auto& other) {
        return other.id != c.window && !s.windows.at(other.id).closed && contains(other.services, sv);
      });
      if (!served_elsewhere)
        return conflict(Refusal::queue_not_empty, std::to_string(q->second.size()) + " tickets wait for service " + sv +
                                                      " and no other open window serves it");
    }
    Event e = make(EventType::window_closed);
    e.window = c.window;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const ReportPresence& c) {
    Rejected err;
    if (!window(c.window, err)) return err;
    Event e = make(EventType::window_presence);  // R-EMP-4 reading
    e.window = c.window;
    e.present = c.present;
    out.push_back(std::move(e));
    return done();
  }

  // [SECTION] staff presence
  Decision operator()(const SignIn& c) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    const auto* w = window(c.window, err);
    if (!w) return err;
    if (!contains(w->a, c.staff))  // R-AB-1: sign-in is for the A roster; B uses take-over
      return conflict(Refusal::not_qualified,
                      c.staff + " is not A staff of window " + c.window + "; a substitute uses take-over");
    const auto& ss = s.staff.at(c.staff);
    if (ss.off_post) return conflict(Refusal::off_post, c.staff + " is off post; use return");
    if (!ss.post.empty()) return conflict(Refusal::already_on_post, c.staff + " is already on post at window " + ss.post);
    const auto& ws = s.windows.at(c.window);
    if (ws.closed) return conflict(Refusal::window_closed, "window " + c.window + " is closed");
    if (!ws.on_post.empty()) {
      // The A arriving at its own post takes it back from a substitute covering it (R-AB-3).
      const auto& occupant = s.staff.at(ws.on_post);
      const bool covering = ws.on_post_as == "B" || !occupant.home.empty() || !ws.redirect_to.empty();
      if (!covering) return conflict(Refusal::window_occupied, "window " + c.window + " is staffed by " + ws.on_post);
      if (auto herr = hand_back(c.window)) return *herr;
    }
    Event e = make(EventType::staff_signed_in);  // R-ATT-1
    e.staff = c.staff;
    e.window = c.window;
    e.as = "A";
    const std::int64_t seq = next_seq();
    out.push_back(std::move(e));
    check_late(c.staff, seq, c.window);
    return done();
  }

  Decision operator()(const TakeOver& c) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    const auto* w = window(c.window, err);
    if (!w) return err;
    const bool is_a = contains(w->a, c.staff);
    if (!is_a && !contains(w->b, c.staff))
      return conflict(Refusal::not_qualified, c.staff + " is on neither the A nor the B roster of window " + c.window);
    for (const auto& sv : w->services)
      if (!s.cfg().qualified(*st, sv)) return conflict(Refusal::not_qualified, c.staff + " is not trained for service " + sv);
    const auto& ws = s.windows.at(c.window);
    if (ws.closed) return conflict(Refusal::window_closed, "window " + c.window + " is closed");
    if (ws.on_post == c.staff) return conflict(Refusal::already_on_post, c.staff + " is already on post at window " + c.window);
    const auto& ss = s.staff.at(c.staff);
    if (!c.from_window.empty()) return take_over_remote(c, *w, ss, is_a);
    // R-AB-7: someone who comes to sit at a post covered from another window relieves that cover.
    const bool relieves_remote = !ws.on_post.empty() && !ws.redirect_to.empty();
    if (!ws.on_post.empty() && !relieves_remote)
      return conflict(Refusal::window_occupied, "window " + c.window + " is staffed by " + ws.on_post);
    if (ss.off_post) return conflict(Refusal::off_post, c.staff + " is off post; return first");
    if (!ss.post.empty()) {
      if (const Ticket* t = current(ss.post))
        return conflict(Refusal::ticket_in_progress, c.staff + " is still on ticket " + t->number + " at window " + ss.post);
      // R-AB-6: covering must not empty the taker's own open window.
      const auto& own = s.windows.at(ss.post);
      if (!own.closed && (s.session_open || window_has_work(s, ss.post))) {
        const auto* own_cfg = s.cfg().find_window(ss.post);
        return conflict(Refusal::would_empty_window, "taking over window " + c.window + " would leave window " + ss.post + " (" +
                                                         std::to_string(own_cfg->number) + "号窗口) empty (R-AB-6)");
      }
    }
    if (relieves_remote)
      if (auto refused = hand_back(c.window)) return *refused;
    Event e = make(EventType::staff_took_over);  // R-AB-3
    e.staff = c.staff;
    e.window = c.window;
    e.as = is_a ? "A" : "B";
    e.from_window = ss.post;
    const std::int64_t seq = next_seq();
    out.push_back(std::move(e));
    check_late(c.staff, seq, c.window);
    return done();
  }

  // R-AB-7 (R-AB-2, R-AB-3, R-EMP-1): a substitute on post at their own window takes over an
  // absent colleague's post from where they sit. Their window stays staffed, so R-AB-6 does not
  // stand in the way; the post's queue is called at their window until the cover ends.
  Decision take_over_remote(const TakeOver& c, const domain::Window& w, const StaffState& ss, bool is_a) {
    if (!s.policy().remote_cover)
      return conflict(Refusal::remote_cover_disabled, "this hall's policy does not allow covering window " + c.window +
                                                          " from another window (remote_cover, R-AB-7)");
    Rejected err;
    if (!window(c.from_window, err)) return err;
    if (c.from_window == c.window) return invalid(Refusal::invalid, "from_window must be another window than window");
    if (ss.off_post) return conflict(Refusal::off_post, c.staff + " is off post; return first");
    if (ss.post != c.from_window)
      return conflict(Refusal::not_on_post, c.staff + " is not on post at window " + c.from_window + " (R-AB-7)");
    const auto& ws = s.windows.at(c.window);
    if (!ws.on_post.empty())
      return conflict(Refusal::window_occupied, "window " + c.window + " is staffed by " + ws.on_post +
                                                    (ws.redirect_to.empty() ? "" : " from window " + ws.redirect_to));
    if (!s.windows.at(c.from_window).redirect_to.empty())
      return conflict(Refusal::window_redirected, "window " + c.from_window + " is itself covered from another window");
    Event e = make(EventType::staff_took_over);  // R-AB-3, R-AB-7
    e.staff = c.staff;
    e.window = c.window;
    e.as = is_a ? "A" : "B";
    e.from_window = c.from_window;
    e.remote = true;
    e.note = "在 " + std::to_string(s.cfg().find_window(c.from_window)->number) + " 号窗口代办 " + w.id;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const GoOffPost& c) {
    Rejected err;
    if (!staff(c.staff, err)) return err;
    // R-OFF-1: reason, destination and expected return are all required.
    if (c.reason.empty()) return invalid(Refusal::invalid, "reason is required (R-OFF-1)");
    if (c.destination.empty()) return invalid(Refusal::invalid, "destination is required (R-OFF-1)");
    if (c.expected_minutes <= 0 || c.expected_minutes > 24 * 60)
      return invalid(Refusal::invalid, "expected_minutes must be between 1 and 1440 (R-OFF-1)");
    const auto& ss = s.staff.at(c.staff);
    if (ss.post.empty()) return conflict(Refusal::not_on_post, c.staff + " is not on post");
    if (const Ticket* t = current(ss.post))  // R-OFF-2
      return conflict(Refusal::ticket_in_progress, "finish or transfer " + t->number + " before leaving the post (R-OFF-2)");
    Event e = make(EventType::staff_off_post);
    e.staff = c.staff;
    e.window = ss.post;
    e.reason = c.reason;
    e.destination = c.destination;
    e.expected_return = now + static_cast<Time>(c.expected_minutes) * 60;
    e.handover = c.handover;  // R-AB-4
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const ReturnToPost& c) {
    Rejected err;
    if (!staff(c.staff, err)) return err;
    const auto& ss = s.staff.at(c.staff);
    if (!ss.off_post) return conflict(Refusal::not_off_post, c.staff + " is not off post");
    const std::string& post = ss.off_post->window;
    const auto& ws = s.windows.at(post);
    const auto* w = s.cfg().find_window(post);
    Event e = make(EventType::staff_returned);
    e.staff = c.staff;
    e.from_window = post;
    if (!ws.on_post.empty() && !ss.home.empty()) {
      // A coverer coming back to a post its owner has meanwhile retaken goes home instead.
      const auto& home = s.windows.at(ss.home);
      const auto* home_cfg = s.cfg().find_window(ss.home);
      if (home.on_post.empty() && !home.closed) {
        e.window = ss.home;
        e.as = contains(home_cfg->a, c.staff) ? "A" : "B";
      }
      out.push_back(std::move(e));
      return done();
    }
    if (!ws.on_post.empty()) {
      // Someone covers the post: they hand it back and go back to the post they left.
      if (auto refused = hand_back(post)) return *refused;
    }
    e.window = post;
    e.as = contains(w->a, c.staff) ? "A" : "B";
    out.push_back(std::move(e));
    return done();
  }

  // The coverer on `post` hands it back (staff.handed_back) and returns to its own post if free.
  std::optional<Rejected> hand_back(const std::string& post) {
    const auto& ws = s.windows.at(post);
    if (const Ticket* t = current(post))
      return conflict(Refusal::ticket_in_progress,
                      ws.on_post + " is serving " + t->number + " at window " + post + "; wait for it");
    const auto& coverer = s.staff.at(ws.on_post);
    Event hb = make(EventType::staff_handed_back);
    hb.staff = ws.on_post;
    hb.from_window = post;
    if (!ws.redirect_to.empty()) {
      // R-AB-7: a cover from another window ends; the coverer stays where they sit.
      hb.window = ws.redirect_to;
      hb.as = coverer.post_as;
      hb.remote = true;
    } else if (!coverer.home.empty()) {
      const auto& home = s.windows.at(coverer.home);
      const auto* home_cfg = s.cfg().find_window(coverer.home);
      if (home.on_post.empty()) {
        hb.window = coverer.home;
        hb.as = contains(home_cfg->a, ws.on_post) ? "A" : "B";
      }
    }
    out.push_back(std::move(hb));
    return std::nullopt;
  }

  Decision operator()(const SignOut& c) {
    Rejected err;
    if (!staff(c.staff, err)) return err;
    const auto& ss = s.staff.at(c.staff);
    if (!ss.signed_in) return conflict(Refusal::not_signed_in, c.staff + " is not signed in");
    // The post this person holds — or left and is expected back at.
    const std::string post = !ss.post.empty() ? ss.post : ss.off_post ? ss.off_post->window : std::string();
    if (!post.empty()) {
      if (const Ticket* t = ss.post.empty() ? nullptr : current(ss.post))
        return conflict(Refusal::ticket_in_progress, "finish or transfer " + t->number + " before signing out");
      // R-HRS-3: citizens still waiting for a service nobody else can serve keep this post open.
      // A post covered from here (R-AB-7) counts: its citizens are called at this window.
      for (const auto& sv : services_called_at(s, post)) {
        const auto q = s.waiting.find(sv);
        if (q == s.waiting.end() || q->second.empty()) continue;
        const bool served_elsewhere = std::any_of(s.cfg().windows.begin(), s.cfg().windows.end(), [&](const auto& other) {
          const auto& ows = s.windows.at(other.id);
          return other.id != post && !ows.closed && staffed_in_person(ows) && ows.on_post != c.staff &&
                 calls_service(s, other, sv);
        });
        if (!served_elsewhere)
          return conflict(Refusal::extended_service_required, std::to_string(q->second.size()) + " citizens still wait for " +
                                                                  sv + " and no other window is serving it (R-HRS-3)");
      }
    }
    Event e = make(EventType::staff_signed_out);  // R-ATT-1
    e.staff = c.staff;
    e.window = ss.post;
    const std::int64_t seq = next_seq();
    out.push_back(std::move(e));
    // R-ATT-2: leaving before the day's last session closes is an early sign-out.
    const auto& cfg = s.cfg();
    const auto date = domain::local_date(now, cfg.hall.utc_offset);
    // Only while a session runs: after extended service over lunch, leaving is not early.
    if (s.session_open && cfg.is_open_day(date, domain::local_weekday(now, cfg.hall.utc_offset)) && !cfg.hall.sessions.empty() &&
        !on_leave_today(c.staff)) {
      const Time last_close = domain::local_midnight(date, cfg.hall.utc_offset) + cfg.hall.sessions.back().close;
      if (now < last_close)
        attendance_slip(c.staff, "early_sign_out",
                        c.staff + " signed out " + std::to_string((last_close - now + 59) / 60) + " min before closing", seq);
    }
    return done();
  }

  // R-ATT-2: the first sign-in of the day after a session opened (plus grace) is late.
  void check_late(const std::string& staff_id, std::int64_t cause_seq, const std::string& window = {}) {
    const auto& ss = s.staff.at(staff_id);
    if (!s.session_open || leave_excuses(s, staff_id, today()) || ss.signed_in) return;
    const auto span = session_at(s.cfg(), now);
    if (!span) return;
    // First arrival of the day, or back after signing out before this session opened.
    const bool arriving = !ss.attended_today || (ss.signed_out_at != 0 && ss.signed_out_at <= span->open);
    if (!arriving) return;
    const Time due = span->open + static_cast<Time>(s.policy().late_grace_minutes) * 60;
    if (now <= due) return;
    // The spell the post stood uncovered waiting for this person is the same incident.
    const auto* ws = window.empty() ? nullptr : s.window_state(window);
    attendance_slip(staff_id, "late_sign_in",
                    staff_id + " signed in " + std::to_string((now - span->open + 59) / 60) + " min after the session opened",
                    cause_seq, window, ws ? ws->cover_alert : std::string());
  }

  // [SECTION] alerts, leave, violations
  Decision operator()(const AckAlert& c) {
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

  // [SECTION] leave (R-LV-1 … R-LV-5, R-EMP-3, R-OFF-4, R-AB-4)
  bool actor_supervises() const {
    const auto* role = actor_role();
    return role && (*role == domain::StaffRole::supervisor || *role == domain::StaffRole::deputy_head ||
                    *role == domain::StaffRole::admin);
  }
  // Whether `b` is away (leave pending or approved) or planned as cover of another window than
  // `window` on `date`, ignoring leave `skip`: then b cannot be the planned cover (R-LV-4).
  std::string cover_conflict(const std::string& b, const std::string& window, const std::string& date,
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

  Decision operator()(const RequestLeave& c) {
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
        return conflict(Refusal::no_cover_available,
                        "window " + w.id + " has no qualified B free on every working day of the leave" +
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

  Decision operator()(const CancelLeave& c) {
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

  Decision operator()(const EndLeave& c) {
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

  Decision operator()(const AckHandover& c) {
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

  Decision operator()(const DecideLeave& c) {
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

  Decision operator()(const RecordViolation& c) {
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

  // [SECTION] complaints and follow-ups (R-SVC-4, R-SVC-5)
  Decision operator()(const FileComplaint& c) {
    if (c.text.empty()) return invalid(Refusal::invalid, "text is required (R-SVC-4)");
    Event e = make(EventType::complaint_filed);
    e.complaint = "C" + std::to_string(s.next_complaint);
    e.text = c.text;
    Rejected err;
    if (!c.staff.empty() && !staff(c.staff, err)) return err;
    if (!c.window.empty() && !window(c.window, err)) return err;
    e.staff = c.staff;
    e.window = c.window;
    if (!c.ticket.empty()) {
      const Ticket* t = s.ticket(c.ticket);
      if (!t)
        return not_found(Refusal::not_found,
                         "no ticket " + c.ticket + " (a complaint names a ticket of today, or a staff member or window)");
      e.ticket = t->id;
      e.number = t->number;
      e.service = t->service;
      // The ticket tells who served it when the citizen does not know the name.
      if (e.staff.empty()) e.staff = t->staff;
      if (e.window.empty()) e.window = t->window;
    }
    // The department the complaint is charged to: the person's, else the window's, else the service's.
    if (const auto* st = s.cfg().find_staff(e.staff)) e.department = st->department;
    else if (const auto* w = s.cfg().find_window(e.window))
      e.department = w->department;
    else if (const auto* sv = s.cfg().find_service(e.service))
      e.department = sv->department;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const VerifyComplaint& c) {
    const auto it = s.complaints.find(c.complaint);
    if (it == s.complaints.end()) return not_found(Refusal::unknown_complaint, "no complaint " + c.complaint);
    const Complaint& k = it->second;
    if (k.verified == c.verified) return done();  // the same finding again changes nothing
    Event e = make(EventType::complaint_verified);
    e.complaint = k.id;
    e.verified = c.verified;
    e.ticket = k.ticket;
    e.staff = k.staff;
    e.window = k.window;
    e.department = k.department;
    e.note = c.note;
    const std::int64_t verdict = next_seq();
    out.push_back(std::move(e));
    // "Corrections are events too": the deduction follows every verdict, with the reason in its note.
    const auto v = s.violations.find(k.violation);
    if (c.verified) {
      if (v != s.violations.end()) {
        if (v->second.status != ViolationStatus::confirmed) {
          Event ok = make(EventType::violation_confirmed);
          ok.violation = v->first;
          ok.kind = v->second.kind;
          ok.staff = v->second.staff;
          ok.department = v->second.department;
          ok.complaint = k.id;
          ok.rule = "R-SVC-4";
          ok.note = "complaint " + k.id + " verified again" + (c.note.empty() ? "" : ": " + c.note);
          ok.events = {verdict};
          out.push_back(std::move(ok));
        }
      } else if (!k.department.empty()) {
        const std::string id = next_violation_id();
        Event p = make(EventType::violation_proposed);
        p.source = "complaint";
        p.complaint = k.id;
        propose(s, out, std::move(p), "complaint_verified", k.staff, k.department, "R-SVC-4", {k.filed_seq, verdict},
                "complaint " + k.id + " verified" + (c.note.empty() ? "" : ": " + c.note));
        // The supervisor's verification is the decision: the deduction is confirmed at once.
        Event ok = make(EventType::violation_confirmed);
        ok.violation = id;
        ok.complaint = k.id;
        ok.note = c.note;
        out.push_back(std::move(ok));
      }
    } else if (v != s.violations.end() && v->second.status != ViolationStatus::dismissed) {
      Event no = make(EventType::violation_dismissed);
      no.violation = v->first;
      no.kind = v->second.kind;
      no.staff = v->second.staff;
      no.department = v->second.department;
      no.complaint = k.id;
      no.rule = "R-SVC-4";
      no.note = "complaint " + k.id + " found not true on review" + (c.note.empty() ? "" : ": " + c.note);
      no.events = {verdict};
      out.push_back(std::move(no));
    }
    return done();
  }

  Decision operator()(const CloseFollowUp& c) {
    const auto it = s.follow_ups.find(c.follow_up);
    if (it == s.follow_ups.end()) return not_found(Refusal::unknown_follow_up, "no follow-up " + c.follow_up);
    const FollowUp& f = it->second;
    if (f.closed) return conflict(Refusal::follow_up_closed, "follow-up " + f.id + " was already closed");
    if (c.note.empty()) return invalid(Refusal::invalid, "note is required: what was done for the citizen (R-SVC-5)");
    Event e = make(EventType::follow_up_closed);
    e.follow_up = f.id;
    e.ticket = f.ticket;
    e.number = f.number;
    e.staff = f.staff;
    e.window = f.window;
    e.due = f.due;
    e.note = c.note;
    out.push_back(std::move(e));
    return done();
  }

  // R-SCR-3: a bulletin of criticism is a supervisor's act, not a side effect of a deduction.
  Decision operator()(const IssueBulletin& c) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    if (c.violations.empty()) return invalid(Refusal::invalid, "violations must cite at least one confirmed violation (R-SCR-3)");
    if (c.note.empty()) return invalid(Refusal::invalid, "note is required: what the bulletin says (R-SCR-3)");
    for (std::size_t i = 0; i < c.violations.size(); ++i) {
      const auto it = s.violations.find(c.violations[i]);
      if (it == s.violations.end()) return not_found(Refusal::unknown_violation, "no violation " + c.violations[i]);
      if (it->second.status != ViolationStatus::confirmed)
        return conflict(Refusal::violation_not_confirmed, "violation " + it->first + " is " + to_string(it->second.status) +
                                                              "; a bulletin cites confirmed violations only");
      if (it->second.staff != c.staff)
        return conflict(Refusal::violation_other_staff, "violation " + it->first + " is not charged to " + c.staff);
      if (std::find(c.violations.begin(), c.violations.begin() + static_cast<std::ptrdiff_t>(i), c.violations[i]) !=
          c.violations.begin() + static_cast<std::ptrdiff_t>(i))
        return invalid(Refusal::invalid, "violation " + c.violations[i] + " is cited twice");
    }
    Event e = make(EventType::bulletin_issued);
    e.bulletin = "B" + std::to_string(s.next_bulletin);
    e.staff = c.staff;
    e.department = st->department;
    e.violations = c.violations;
    e.note = c.note;
    e.rule = "R-SCR-3";
    out.push_back(std::move(e));
    return done();
  }

  // R-SCR-5: the judgement items of a quarter's grade; R-SCR-6: return grounds only a supervisor
  // can find (000 第十九条(一)(二)). The latest record of a person's quarter stands.
  Decision operator()(const RecordAssessment& c) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    if (!assessed_person(s.cfg(), *st))
      return invalid(Refusal::invalid,
                     c.staff + " is not window staff: assessments are for the staff the scores grade (R-SCR-5)");
    if (c.quarter < 1 || c.quarter > 4) return invalid(Refusal::invalid, "quarter must be 1, 2, 3 or 4");
    const auto today = domain::local_date(s.now, s.cfg().hall.utc_offset);
    if (c.year < 1970 || c.year > today.year || (c.year == today.year && (c.quarter - 1) * 3 + 1 > today.month))
      return invalid(Refusal::invalid, std::to_string(c.year) + " Q" + std::to_string(c.quarter) +
                                           " has not begun; a quarter is assessed once it is under way (R-SCR-5)");
    if (c.marks.empty() && c.grounds.empty())
      return invalid(Refusal::invalid,
                     "an assessment gives marks for judgement items, return grounds, or both (R-SCR-5, R-SCR-6)");
    const auto& items = s.policy().judgement_weights;
    std::string known;
    for (const auto& [item, weight] : items) known += (known.empty() ? "" : ", ") + item;
    for (std::size_t i = 0; i < c.marks.size(); ++i) {
      const auto& [item, mark] = c.marks[i];
      if (!items.count(item))
        return invalid(Refusal::invalid, "\"" + item + "\" is not a judgement item of this hall's profile (" +
                                             (known.empty() ? std::string("it has none") : "items: " + known) + "; R-SCR-5)");
      if (mark < 0 || mark > 100) return invalid(Refusal::invalid, "mark for " + item + " must be a whole number from 0 to 100");
      for (std::size_t j = 0; j < i; ++j)
        if (c.marks[j].first == item) return invalid(Refusal::invalid, "item " + item + " is marked twice");
    }
    for (std::size_t i = 0; i < c.grounds.size(); ++i) {
      if (!is_return_finding(c.grounds[i]))
        return invalid(Refusal::invalid, "ground \"" + c.grounds[i] +
                                             "\" is not one a supervisor records: misconduct (违法违纪) or "
                                             "rude_conduct (作风粗暴、态度恶劣) (R-SCR-6)");
      if (std::find(c.grounds.begin(), c.grounds.begin() + static_cast<std::ptrdiff_t>(i), c.grounds[i]) !=
          c.grounds.begin() + static_cast<std::ptrdiff_t>(i))
        return invalid(Refusal::invalid, "ground " + c.grounds[i] + " is named twice");
    }
    if (!c.grounds.empty() && c.note.empty())
      return invalid(Refusal::invalid, "note is required with a return ground: what was found (R-SCR-6)");
    Event e = make(EventType::assessment_recorded);
    e.staff = c.staff;
    e.department = st->department;
    e.period = std::to_string(c.year) + "-Q" + std::to_string(c.quarter);
    for (const auto& [item, mark] : c.marks) e.marks.emplace_back(item, mark);
    e.grounds = c.grounds;
    e.note = c.note;
    e.rule = c.grounds.empty() ? "R-SCR-5" : "R-SCR-6";
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const DecideViolation& c) {
    const auto it = s.violations.find(c.violation);
    if (it == s.violations.end()) return not_found(Refusal::unknown_violation, "no violation " + c.violation);
    if (c.correction) {
      // R-SCR-2 / R-SCR-8: corrections are events too — the deduction stays in the log with the reason.
      if (it->second.status != ViolationStatus::confirmed)
        return conflict(Refusal::violation_not_confirmed, "violation " + c.violation + " is " + to_string(it->second.status) +
                                                              "; only a confirmed deduction is withdrawn");
      if (c.note.empty()) return invalid(Refusal::invalid, "note is required: why the deduction is withdrawn");
      if (!it->second.complaint.empty())
        return conflict(Refusal::complaint_decides, "violation " + c.violation + " follows complaint " + it->second.complaint +
                                                        "; revise the complaint's verdict instead (R-SVC-4)");
      Event e = make(EventType::violation_dismissed);
      e.violation = c.violation;
      e.kind = it->second.kind;
      e.staff = it->second.staff;
      e.department = it->second.department;
      e.reason = "correction";
      e.note = c.note;
      out.push_back(std::move(e));
      return done();
    }
    if (it->second.status != ViolationStatus::proposed)
      return conflict(Refusal::violation_decided, "violation " + c.violation + " is already " + to_string(it->second.status));
    Event e = make(c.confirm ? EventType::violation_confirmed : EventType::violation_dismissed);
    e.violation = c.violation;
    e.kind = it->second.kind;
    e.staff = it->second.staff;
    e.department = it->second.department;
    e.note = c.note;
    out.push_back(std::move(e));
    return done();
  }
};

}  // namespace

Decision decide(const State& state, const Command& cmd, Time now) {
  Decider d{state, cmd, now, {}};
  Decision result = std::visit(d, cmd.body);
  if (auto* events = std::get_if<Events>(&result)) {
    std::int64_t seq = state.seq;
    for (auto& e : *events) e.seq = ++seq;
  }
  return result;
}

}  // namespace hallq::core
