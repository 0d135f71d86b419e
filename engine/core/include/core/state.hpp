// The hall's live state: what apply() builds from the event log and decide()/tick() read.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/event.hpp"
#include "domain/hall_config.hpp"
#include "core/deadline_index.hpp"
#include "core/queue.hpp"

namespace hallq::core {

using domain::Time;

enum class TicketStatus : std::uint8_t { waiting, called, serving, finished, no_show, cancelled };
const char* to_string(TicketStatus s) noexcept;

/// A ticket's priority (R-Q-3); the wire names are the identifiers. green: 绿色通道, called first.
#define HALLQ_PRIORITIES(X) X(normal) X(green)
enum class Priority : std::uint8_t {
#define HALLQ_X(id) id,
  HALLQ_PRIORITIES(HALLQ_X)
#undef HALLQ_X
};
const char* priority_name(Priority p) noexcept;
std::optional<Priority> parse_priority(std::string_view name) noexcept;

struct Ticket {
  std::string id;
  std::string number;
  std::string service;
  Priority priority = Priority::normal;
  std::string appointment;
  Time appointment_slot = 0;
  std::string previous;  // R-Q-8
  std::string date;      // local issue date, numbering day (R-Q-1)
  TicketStatus status = TicketStatus::waiting;
  QueueKey key;
  Time called_at = 0, started_at = 0, finished_at = 0;
  std::string window, staff;
  int recalls = 0;
  int overtaken = 0;  // R-Q-3: priority tickets that passed this one; read it with core::overtaken()
  int requeues = 0;   // R-Q-4
  std::string outcome;
  std::vector<std::string> missing;
  int rating = 0;
  // R-SVC-2: the active time-limit alerts of this ticket, "" when none.
  std::string wait_alert;   // wait_too_long while waiting
  std::string limit_alert;  // time_limit_warning while in service
  friend bool operator==(const Ticket&, const Ticket&) = default;
};

struct Appointment {
  std::string id;
  std::string service;
  Time slot = 0;
  std::string ticket;  // once used
  friend bool operator==(const Appointment&, const Appointment&) = default;
};

struct OffPost {
  std::string window;  // the post left
  std::string reason;
  std::string destination;
  Time since = 0;
  Time expected_return = 0;
  std::int64_t seq = 0;         // the staff.off_post event (R-SCR-8 traceability)
  std::string handover;         // R-AB-4 hand-over note
  std::string handover_ack_by;  // who acknowledged it, "" until then
  friend bool operator==(const OffPost&, const OffPost&) = default;
};

struct StaffState {
  bool signed_in = false;
  bool attended_today = false;  // signed in (or took a post) at least once today (R-ATT-1)
  Time signed_out_at = 0;       // last sign-out today (R-ATT-2: back late after a break)
  std::string overdue_alert;    // active off_post_overdue alert (R-OFF-3)
  std::string absent_day;       // day an absence without leave was proposed for (R-ATT-2)
  Time signed_in_at = 0;
  std::string post;     // window where on post now, empty when none
  std::string post_as;  // "A" | "B"
  std::string home;     // while covering another post: the post left to cover it
  std::optional<OffPost> off_post;
  friend bool operator==(const StaffState&, const StaffState&) = default;
};

struct WindowState {
  bool closed = false;       // closed by a supervisor, or by the duty rota (R-HRS-2)
  bool rota_closed = false;  // closed because the day's duty rota leaves it out; reopens the next day
  std::string on_post;       // staff id
  std::string on_post_as;
  std::string off_staff;  // who left this post and is expected back (post sign, R-OFF-1)
  std::string current_ticket;
  std::optional<bool> presence;  // last sensor reading (R-EMP-4)
  Time presence_at = 0;
  std::int64_t presence_seq = 0;  // the last window.presence event
  std::int64_t change_seq = 0;    // last event that changed who is on post
  // Coverage alerts (R-AB-3, R-EMP-1, R-EMP-4): ids of the active ones, "" when none.
  std::string cover_alert;
  std::string empty_alert;
  std::string absence_alert;
  Time uncovered_since = 0;
  // R-AB-7: covered from another window. on_post is the coverer, who sits at redirect_to; the
  // post's queue is called there. Empty when the post is held in person (or not at all).
  std::string redirect_to;
  Time redirect_since = 0;
  std::string remote_alert;  // cover_needed raised when the remote cover ran past its limit
  friend bool operator==(const WindowState&, const WindowState&) = default;
};

struct ServiceStats {
  double avg_service_seconds = 0;  // moving average of finished service times
  std::int64_t served = 0;
  friend bool operator==(const ServiceStats&, const ServiceStats&) = default;
};

struct RecentCall {
  std::string number;
  std::string window;
  std::string ticket;
  Time at = 0;
  bool recall = false;
  friend bool operator==(const RecentCall&, const RecentCall&) = default;
};

struct Alert {
  std::string id;
  std::string kind;
  int level = 1;
  std::string window, staff, ticket, leave;
  std::string follow_up;  // unsatisfied_rating / follow_up_overdue (R-SVC-3, R-SVC-5)
  std::string case_id;    // case_time_limit / case_overdue / notice_overdue (R-SVC-2, R-CASE-2)
  std::string rule;
  std::vector<std::string> notify;  // staff asked to act, besides supervisors
  Time raised_at = 0;
  std::int64_t raised_seq = 0;
  Time escalated_at = 0;
  std::string acknowledged_by;
  std::string note;
  Time resolved_at = 0;
  std::string message;
  friend bool operator==(const Alert&, const Alert&) = default;
};

enum class LeaveStatus : std::uint8_t { pending, approved, rejected, cancelled };
const char* to_string(LeaveStatus s) noexcept;

struct Leave {
  std::string id;
  std::string staff;
  std::string from, to;  // dates, inclusive
  std::string reason;
  std::vector<std::string> chain;  // approver roles in order (R-LV-1, R-LV-2, R-OFF-4)
  std::size_t approvals = 0;       // steps done
  LeaveStatus status = LeaveStatus::pending;
  std::string requested_by;
  Time requested_at = 0;
  std::vector<std::string> decided_by;
  std::string planned_cover_alert;  // R-LV-4 alert of the current day
  // R-LV-1 … R-LV-5, R-AB-4 (issue 12 §4).
  std::string kind = "leave";                              // "leave" | "official" (因公外出)
  std::string from_half, to_half;                          // "pm": starts at noon of from; "am": ends at noon of to
  double days = 0;                                         // length in working days of the hall calendar
  std::vector<std::pair<std::string, std::string>> cover;  // window → planned cover (R-LV-4)
  std::string handover;                                    // hand-over note (R-AB-4)
  std::vector<std::string> handover_acks;                  // covers who acknowledged it
  bool late_notice = false;                                // filed later than leave_notice_days before `from`
  std::vector<std::string> filed_with;                     // roles informed (备案), not approvers
  Time ended_at = 0;                                       // 销假 (leave.ended), 0 while not reported back
  std::string ended_day;                                   // local date of ended_at: not on leave from this day on
  std::string cancelled_by;
  std::string next_approver() const {
    return status == LeaveStatus::pending && approvals < chain.size() ? chain[approvals] : std::string();
  }
  bool covers(const std::string& date) const { return from <= date && date <= to; }
  /// Pending or approved, and not ended before `date`: what R-EMP-3 and planned cover count.
  bool active_on(const std::string& date) const {
    return (status == LeaveStatus::pending || status == LeaveStatus::approved) && covers(date) &&
           (ended_day.empty() || date < ended_day);
  }
  std::string cover_of(const std::string& window) const {
    for (const auto& [w, b] : cover)
      if (w == window) return b;
    return {};
  }
  friend bool operator==(const Leave&, const Leave&) = default;
};

enum class ViolationStatus : std::uint8_t { proposed, confirmed, dismissed };
const char* to_string(ViolationStatus s) noexcept;

struct Violation {
  std::string id;
  std::string kind;
  double points = 0;
  std::string staff;
  std::string department;
  ViolationStatus status = ViolationStatus::proposed;
  std::string source;  // auto | inspection | complaint
  std::string rule;
  std::vector<std::int64_t> events;
  Time at = 0;
  std::string note;
  std::string decided_by;
  std::string decision_note;
  std::string complaint;                // the complaint behind a complaint_verified deduction (R-SVC-4)
  std::string window;                   // the window it happened at, when there is one
  std::string incident;                 // one incident, one deduction (R-EMP-2): shared by linked slips
  std::string case_id;                  // the overdue case behind a case_overdue deduction (R-CASE-5)
  std::vector<std::int64_t> decisions;  // seqs of its confirm / dismiss events, corrections included (R-SCR-8)
  friend bool operator==(const Violation&, const Violation&) = default;
};

/// A complaint (投诉, R-SVC-4): filed by anyone, checked by a supervisor. The verdict may be
/// revised; each verdict is an event and moves the linked deduction with it.
struct Complaint {
  std::string id;
  std::string ticket, staff, window, department;
  std::string text;
  std::string filed_by;
  Time filed_at = 0;
  std::int64_t filed_seq = 0;
  std::optional<bool> verified;  // nullopt until checked
  std::string decided_by;
  std::string note;
  Time decided_at = 0;
  std::string violation;               // complaint_verified deduction, once verified
  std::vector<std::int64_t> verdicts;  // seqs of its complaint.verified events
  friend bool operator==(const Complaint&, const Complaint&) = default;
};

/// The follow-up of an unsatisfied rating (R-SVC-5): closed within the working-day limit.
struct FollowUp {
  std::string id;
  std::string ticket, number, service, staff, window;
  int level = 0;  // the rating
  Time opened_at = 0;
  std::int64_t rated_seq = 0;
  Time due = 0;  // end of its last working day
  bool closed = false;
  Time closed_at = 0;
  std::string closed_by, note;
  std::string alert;          // active unsatisfied_rating alert
  std::string overdue_alert;  // active follow_up_overdue alert
  friend bool operator==(const FollowUp&, const FollowUp&) = default;
};

/// A case (办件) opened at a window (R-CASE-1). An accepted case (受理) runs on the hall's working
/// days until its deadline: accepted → approved | refused → delivered at the 统一出件 window. An
/// incomplete-materials visit opens a one-time notice (一次性告知, R-CASE-2) whose written form is
/// delivered within its own working days; a rejection (不予受理) keeps its reason and ends there.
enum class CaseStatus : std::uint8_t { accepted, approved, refused, delivered, notice, rejected };
const char* to_string(CaseStatus s) noexcept;
std::optional<CaseStatus> parse_case_status(std::string_view s) noexcept;

struct Case {
  std::string id;
  std::string outcome;  // "accepted" | "incomplete_materials" | "rejected"
  CaseStatus status = CaseStatus::accepted;
  std::string ticket, number, service, department, staff, window;
  Time opened_at = 0;
  std::int64_t opened_seq = 0;
  Time due = 0;                      // end of the last working day: of the decision, or of the written notice
  int days = 0;                      // working days granted: promise_days (+ the extension)
  Time yellow_at = 0, red_at = 0;    // R-SVC-2 instants, worked out by apply from the calendar (derived)
  std::vector<std::string> missing;  // incomplete_materials: what the citizen still has to bring
  std::string reason;                // rejected: why (不予受理)
  // R-CASE-3: one extension, by a supervisor, with the reason kept for the applicant.
  int extended_days = 0;
  std::string extension_reason, extended_by;
  Time extended_at = 0;
  // The decision (办结) and the delivery (出件 / written notice handed over).
  Time decided_at = 0;
  std::string decided_by, decision_note;
  Time delivered_at = 0;
  std::string delivered_by, delivered_window;
  // R-SVC-2 on cases: the active alerts, "" when none; whether it went overdue (R-CASE-5).
  std::string alert;          // case_time_limit (yellow 1, red 2) or notice_overdue
  std::string overdue_alert;  // case_overdue
  bool overdue = false;       // the case_overdue deduction was proposed
  bool open() const { return status == CaseStatus::accepted || status == CaseStatus::notice; }
  friend bool operator==(const Case&, const Case&) = default;
};

/// A bulletin of criticism (通报批评) issued by a supervisor against a person, citing the
/// confirmed violations behind it. R-SCR-3 counts these, not every deduction.
struct Bulletin {
  std::string id;
  std::string staff, department;
  std::vector<std::string> violations;
  std::string note;
  std::string issued_by;
  Time at = 0;
  std::int64_t seq = 0;
  friend bool operator==(const Bulletin&, const Bulletin&) = default;
};

/// A supervisor's quarterly assessment of one person (R-SCR-5): marks for the judgement items no
/// event can give (德, 廉, 负面影响 …) and any return ground found (R-SCR-6). The latest record
/// of a quarter stands; the log keeps the earlier ones.
struct Assessment {
  std::string staff, department;
  int year = 0, quarter = 0;
  std::map<std::string, int> marks;
  std::vector<std::string> grounds;
  std::string note;
  std::string by;
  Time at = 0;
  std::int64_t seq = 0;
  friend bool operator==(const Assessment&, const Assessment&) = default;
};

/// Running counters of one staff member in one quarter: what the scores need (R-SCR-3,
/// R-SCR-5, R-SCR-6) without reading the log. Deductions are in thousandths of a point.
struct StaffQuarter {
  std::int32_t days_present = 0;    // days signed in (or on post) at least once
  std::int32_t served = 0;          // tickets finished
  std::int32_t within_promise = 0;  // … within the service's promised minutes (R-SVC-1)
  std::int32_t ratings = 0;
  std::int32_t satisfied = 0;         // ratings above unsatisfied_max_level
  std::int64_t attendance_milli = 0;  // confirmed `schedule` deductions charged to the person
  std::int64_t discipline_milli = 0;  // the other confirmed deductions charged to the person
  std::int32_t bulletins = 0;         // bulletins (通报批评) issued against the person (R-SCR-3)
  std::int32_t verified_complaints = 0;
  std::int32_t refusals = 0;  // confirmed refusing_management (R-SCR-6)
  friend bool operator==(const StaffQuarter&, const StaffQuarter&) = default;
};

/// Quarter key of the tallies: year * 4 + quarter - 1.
inline int quarter_key(int year, int quarter) { return year * 4 + quarter - 1; }
/// A deduction in thousandths of a point, so sums are exact (R-SCR-1: 3 × 0.1 + 0.3 = 0.6).
inline std::int64_t milli_points(double points) {
  return static_cast<std::int64_t>(points * 1000.0 + (points >= 0 ? 0.5 : -0.5));
}

/// Everything the engine knows. Copyable (tests compare states; snapshots serialize it).
struct State {
  std::shared_ptr<const domain::HallConfig> config;

  std::int64_t seq = 0;  // last applied event
  Time now = 0;          // time of the last applied event or tick
  std::string day;       // current local date, "YYYY-MM-DD"
  bool session_open = false;
  int session = -1;  // index of the open (or last opened) session today
  Time session_closes_at = 0;
  std::int64_t session_closed_seq = 0;  // the last session.closed event (evidence of an absence, R-SCR-8)

  std::unordered_map<std::string, Ticket> tickets;  // today's and still-active tickets
  std::map<std::string, int> counters;              // prefix → last number today (R-Q-1)
  // Waiting tickets per service, in queue order; change them through enqueue() and unqueue().
  std::unordered_map<std::string, ServiceQueue> waiting;
  std::unordered_map<std::string, Appointment> appointments;
  std::unordered_map<std::string, StaffState> staff;
  std::unordered_map<std::string, WindowState> windows;
  std::unordered_map<std::string, ServiceStats> stats;
  std::deque<RecentCall> recent_calls;
  std::map<std::string, Alert> alerts;  // active alerts by id
  std::int64_t next_alert = 1;
  std::map<std::string, Leave> leaves;          // by id
  std::map<std::string, Violation> violations;  // by id
  std::int64_t next_leave = 1;
  std::int64_t next_violation = 1;
  std::map<std::string, Complaint> complaints;  // by id (R-SVC-4)
  std::map<std::string, FollowUp> follow_ups;   // by id (R-SVC-5)
  std::set<std::string> open_follow_ups;        // ids of the open ones (derived; rebuilt on decode)
  std::int64_t next_complaint = 1;
  std::int64_t next_follow_up = 1;
  std::map<std::string, Case> cases;  // by id (R-CASE-1)
  std::set<std::string> open_cases;   // ids of accepted cases and undelivered notices (derived; rebuilt on decode)
  // Derived (rebuilt on decode): open cases and follow-ups by the next instant a timed rule may
  // act on them (R-SVC-2, R-SVC-5, R-CASE-2, R-CASE-5); kept by apply, read by the timer.
  DeadlineIndex case_deadlines, follow_up_deadlines;
  std::map<std::string, Bulletin> bulletins;  // by id (R-SCR-3)
  std::int64_t next_bulletin = 1;
  std::map<std::string, std::map<int, Assessment>> assessments;  // staff → quarter key → latest (R-SCR-5)
  // Scoring tallies, kept by apply (R-SCR-1 … R-SCR-6).
  std::map<std::string, std::map<int, StaffQuarter>> staff_quarters;       // staff → quarter key → counters
  std::map<std::string, std::map<int, std::int64_t>> department_deducted;  // department → year → milli-points

  explicit State(std::shared_ptr<const domain::HallConfig> cfg = nullptr);

  const domain::HallConfig& cfg() const { return *config; }
  const domain::Policy& policy() const { return config->policy; }
  const Ticket* ticket(std::string_view id) const;
  const StaffState* staff_state(std::string_view id) const;
  const WindowState* window_state(std::string_view id) const;
  friend bool operator==(const State&, const State&) = default;
};

/// Puts a waiting ticket into its service's queue, in the index of its class (R-Q-3, R-Q-7).
/// The queue keeps its overtaking count while it waits (t.overtaken reads 0 meanwhile).
void enqueue(State& s, Ticket& t);
/// Takes a ticket out of its service's queue, with its overtaking count back in t.overtaken.
void unqueue(State& s, Ticket& t);
/// How many priority calls have passed the ticket (R-Q-3), waiting or not.
int overtaken(const State& s, const Ticket& t);
/// Puts the case's / follow-up's next timed instant into its deadline index (or takes it out).
void reindex_case(State& s, const std::string& id);
void reindex_follow_up(State& s, const std::string& id);
/// Rebuilds both deadline indexes (after decoding a snapshot).
void reindex_deadlines(State& s);

}  // namespace hallq::core
