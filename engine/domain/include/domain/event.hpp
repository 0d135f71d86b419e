// An event of the hall's log: the one record of every change (API.md "Events").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/time.hpp"

namespace hallq::domain {

// The list is laid out by hand: clang-format would fold it into a staircase.
// clang-format off
#define HALLQ_EVENT_TYPES(X)                                                                          \
  X(day_started, "day.started")                                                                     \
  X(session_opened, "session.opened") X(session_closed, "session.closed")                           \
  X(clock_advanced, "clock.advanced")                                                               \
  X(appointment_booked, "appointment.booked")                                                       \
  X(ticket_issued, "ticket.issued") X(ticket_called, "ticket.called")                               \
  X(ticket_recalled, "ticket.recalled") X(ticket_no_show, "ticket.no_show")                         \
  X(ticket_requeued, "ticket.requeued") X(ticket_started, "ticket.started")                         \
  X(ticket_finished, "ticket.finished") X(ticket_transferred, "ticket.transferred")                 \
  X(ticket_cancelled, "ticket.cancelled") X(ticket_rated, "ticket.rated")                           \
  X(staff_signed_in, "staff.signed_in") X(staff_signed_out, "staff.signed_out")                     \
  X(staff_off_post, "staff.off_post") X(staff_returned, "staff.returned")                           \
  X(staff_took_over, "staff.took_over") X(staff_handed_back, "staff.handed_back")                   \
  X(window_opened, "window.opened") X(window_closed, "window.closed")                               \
  X(window_presence, "window.presence")                                                             \
  X(alert_raised, "alert.raised") X(alert_escalated, "alert.escalated")                             \
  X(alert_acknowledged, "alert.acknowledged") X(alert_resolved, "alert.resolved")                   \
  X(leave_requested, "leave.requested") X(leave_approved, "leave.approved")                         \
  X(leave_rejected, "leave.rejected")                                                               \
  X(leave_cancelled, "leave.cancelled") X(leave_ended, "leave.ended")                               \
  X(leave_filed, "leave.filed") X(staff_handover_acknowledged, "staff.handover_acknowledged")       \
  X(violation_proposed, "violation.proposed") X(violation_confirmed, "violation.confirmed")         \
  X(violation_dismissed, "violation.dismissed")                                                     \
  X(complaint_filed, "complaint.filed") X(complaint_verified, "complaint.verified")                 \
  X(follow_up_opened, "follow_up.opened") X(follow_up_closed, "follow_up.closed")                   \
  X(bulletin_issued, "bulletin.issued") X(assessment_recorded, "assessment.recorded")               \
  X(roster_joined, "roster.joined") X(roster_left, "roster.left")                                   \
  X(case_opened, "case.opened") X(case_approved, "case.approved") X(case_refused, "case.refused")   \
  X(case_extended, "case.extended") X(case_delivered, "case.delivered")
// clang-format on

enum class EventType : std::uint8_t {
#define HALLQ_X(id, name) id,
  HALLQ_EVENT_TYPES(HALLQ_X)
#undef HALLQ_X
};

const char* to_string(EventType t) noexcept;
std::optional<EventType> parse_event_type(std::string_view s) noexcept;

/// One event. A flat record: each type uses the fields its name implies and leaves the
/// others empty (empty string / 0 / nullopt), which the codec omits on the wire.
/// Field meanings per type are documented in docs/api.md.
struct Event {
  std::int64_t seq = 0;
  Time at = 0;
  EventType type = EventType::clock_advanced;
  std::string actor;  // staff id, device id, or "system" for timers

  std::string ticket;  // ticket id
  std::string number;  // "A003"
  std::string service;
  std::string priority;     // "normal" | "green"
  std::string appointment;  // appointment id
  std::string previous;     // R-Q-8: earlier ticket closed as incomplete_materials
  std::string window;
  std::string staff;
  std::string as;            // "A" | "B": in which capacity staff holds the post
  std::string from_window;   // take-over: the post the taker left; handed_back: the covered post
  std::string from_service;  // transfer: the service it left
  std::string outcome;       // finish / case.opened: "done" | "accepted" | "incomplete_materials" | "rejected"
  std::vector<std::string> missing;
  std::string reason;
  std::string destination;
  std::string note;
  std::string alert;  // alert id
  std::string kind;   // alert kind
  std::string message;
  std::string date;           // "2026-11-23" for day/session events
  std::string leave;          // leave id
  std::string from, to;       // leave: first and last day, inclusive
  std::string next_approver;  // leave: the role that acts next ("" when decided)
  std::string violation;      // violation id
  std::string department;
  std::string rule;                                         // rule id behind a violation or alert, e.g. "R-EMP-2"
  std::string source;                                       // violation: "auto" | "inspection" | "complaint"
  std::string complaint;                                    // complaint id (R-SVC-4)
  std::string follow_up;                                    // follow-up id of an unsatisfied rating (R-SVC-5)
  std::string text;                                         // complaint text as filed
  std::string incident;                                     // violation: the incident it belongs to (one incident, one deduction)
  std::string bulletin;                                     // bulletin id (通报批评, R-SCR-3)
  std::string period;                                       // assessment: the quarter, "2026-Q4" (R-SCR-5)
  std::string case_id;                                      // case (办件) id, "case" on the wire (R-CASE-1)
  double points = 0;                                        // violation points (R-SCR-2)
  std::vector<std::int64_t> events;                         // seqs of the events behind a violation (R-SCR-8)
  std::vector<std::string> notify;                          // alert: staff asked to act (e.g. the B substitutes)
  std::vector<std::string> chain;                           // leave: approver roles in order
  std::vector<std::string> violations;                      // bulletin: the violations it cites (R-SCR-3)
  std::vector<std::string> grounds;                         // assessment: return grounds a supervisor found (R-SCR-6)
  std::vector<std::pair<std::string, std::int64_t>> marks;  // assessment: judgement item → 0–100 (R-SCR-5)
  // Leave (R-LV-1 … R-LV-5, R-AB-4): half days, planned cover, hand-over, filing.
  std::string from_half, to_half;                          // leave: "pm" = starts at noon of `from`; "am" = ends at noon of `to`
  std::string handover;                                    // leave / off-post: the hand-over note (R-AB-4)
  std::vector<std::string> filed_with;                     // leave: roles informed, not approvers (备案)
  std::vector<std::pair<std::string, std::string>> cover;  // leave: window → planned cover (R-LV-4)
  double days = 0;                                         // leave: length in working days (R-LV-1)
  bool late_notice = false;                                // leave: filed later than leave_notice_days before it starts
  Time expected_return = 0;                                // off-post
  Time slot = 0;                                           // appointment slot start
  Time issued_at = 0;                                      // transfer/requeue keep the original issue time (R-Q-5)
  Time due = 0;                                            // follow-up / case: the end of its last working day (R-SVC-5, R-SVC-1)
  int level = 0;                                           // rating 1..5; alert level 1..3
  int session = -1;                                        // index of the hall session
  std::optional<bool> present;
  std::optional<bool> verified;  // complaint.verified: the supervisor's finding (R-SVC-4)
  std::optional<bool> remote;    // took_over / handed_back: cover from the coverer's own window (R-AB-7)
  std::int64_t advance_seconds = 0;
};

}  // namespace hallq::domain
