// The decider behind decide() (private to engine/core): one operator() per command, defined
// in the decide_*.cpp file of its group — tickets, cases, windows and staff presence, leave
// and alerts, quality (complaints, bulletins, assessments, violations). Pure: reads the state,
// returns events or a Rejected with the API.md code.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/scores.hpp"

namespace hallq::core::deciding {

using domain::Event;
using domain::EventType;

inline Rejected invalid(Refusal code, std::string msg) { return {Rejected::Kind::invalid, code, std::move(msg)}; }
inline Rejected not_found(Refusal code, std::string msg) { return {Rejected::Kind::not_found, code, std::move(msg)}; }
inline Rejected conflict(Refusal code, std::string msg) { return {Rejected::Kind::conflict, code, std::move(msg)}; }

inline bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

inline std::string pad_number(int n) {
  std::string digits = std::to_string(n);
  while (digits.size() < 3) digits.insert(digits.begin(), '0');
  return digits;
}

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

  // [SECTION] tickets (decide_tickets.cpp)
  Decision operator()(const IssueTicket& c);
  Decision operator()(const BookAppointment& c);
  Decision operator()(const CallNext& c);
  Decision operator()(const Recall& c);
  Decision operator()(const MarkNoShow& c);
  Decision operator()(const StartService& c);
  Decision operator()(const FinishService& c);
  Decision operator()(const TransferTicket& c);
  Decision operator()(const RequeueTicket& c);
  Decision operator()(const RateTicket& c);

  // [SECTION] cases, R-CASE-1 … R-CASE-5 (decide_cases.cpp)
  const Case* find_case(const std::string& id, Rejected& err) const;
  // R-CASE-4: the back office of the case's department decides it: its staff and heads.
  std::optional<Rejected> require_back_office(const Case& k, const char* what) const;
  Event case_event(EventType type, const Case& k) const;
  Decision decide_case(const std::string& id, bool approve, const std::string& text);
  Decision operator()(const ApproveCase& c);
  Decision operator()(const RefuseCase& c);
  Decision operator()(const DeliverCase& c);
  Decision operator()(const ExtendCase& c);

  // [SECTION] windows and staff presence (decide_staff.cpp)
  Decision operator()(const OpenWindow& c);
  Decision operator()(const CloseWindow& c);
  Decision operator()(const ReportPresence& c);
  Decision operator()(const SignIn& c);
  Decision operator()(const TakeOver& c);
  // R-AB-7 (R-AB-2, R-AB-3, R-EMP-1): a substitute on post at their own window takes over an
  // absent colleague's post from where they sit.
  Decision take_over_remote(const TakeOver& c, const domain::Window& w, const StaffState& ss, bool is_a);
  Decision operator()(const GoOffPost& c);
  Decision operator()(const ReturnToPost& c);
  // The coverer on `post` hands it back (staff.handed_back) and returns to its own post if free.
  std::optional<Rejected> hand_back(const std::string& post);
  Decision operator()(const SignOut& c);
  // R-ATT-2: the first sign-in of the day after a session opened (plus grace) is late.
  void check_late(const std::string& staff_id, std::int64_t cause_seq, const std::string& window = {});

  // [SECTION] alerts and leave, R-LV-1 … R-LV-5, R-EMP-3, R-OFF-4, R-AB-4 (decide_leave.cpp)
  Decision operator()(const AckAlert& c);
  bool actor_supervises() const;
  // Whether `b` is away or planned as cover of another window on `date` (R-LV-4).
  std::string cover_conflict(const std::string& b, const std::string& window, const std::string& date,
                             const std::string& requester) const;
  Decision operator()(const RequestLeave& c);
  Decision operator()(const CancelLeave& c);
  Decision operator()(const EndLeave& c);
  Decision operator()(const AckHandover& c);
  Decision operator()(const DecideLeave& c);
  Decision operator()(const RecordViolation& c);

  // [SECTION] quality: complaints, follow-ups, bulletins, assessments (decide_quality.cpp)
  Decision operator()(const FileComplaint& c);     // R-SVC-4
  Decision operator()(const VerifyComplaint& c);   // R-SVC-4, R-SVC-5
  Decision operator()(const CloseFollowUp& c);     // R-SVC-5
  Decision operator()(const IssueBulletin& c);     // R-SCR-3
  Decision operator()(const RecordAssessment& c);  // R-SCR-5, R-SCR-6
  Decision operator()(const DecideViolation& c);
};

}  // namespace hallq::core::deciding
