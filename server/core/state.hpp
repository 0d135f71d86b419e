// The hall's live state: what apply() builds from the event log and decide()/tick() read.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/event.hpp"
#include "domain/hall_config.hpp"

namespace hallq::core {

using domain::Time;

enum class TicketStatus : std::uint8_t { waiting, called, serving, finished, no_show, cancelled };
const char* to_string(TicketStatus s) noexcept;

/// Sort key of a waiting ticket: original issue time, then issue order (R-Q-3, R-Q-5).
struct QueueKey {
  Time issued_at = 0;
  std::int64_t issue_seq = 0;
  friend auto operator<=>(const QueueKey&, const QueueKey&) = default;
};

struct Ticket {
  std::string id;
  std::string number;
  std::string service;
  std::string priority = "normal";  // "normal" | "green"
  std::string appointment;
  Time appointment_slot = 0;
  std::string previous;  // R-Q-8
  std::string date;      // local issue date, numbering day (R-Q-1)
  TicketStatus status = TicketStatus::waiting;
  QueueKey key;
  Time called_at = 0, started_at = 0, finished_at = 0;
  std::string window, staff;
  int recalls = 0;
  int overtaken = 0;  // R-Q-3: priority tickets that passed this one
  int requeues = 0;   // R-Q-4
  std::string outcome;
  std::vector<std::string> missing;
  int rating = 0;
};

struct Appointment {
  std::string id;
  std::string service;
  Time slot = 0;
  std::string ticket;  // once used
};

struct OffPost {
  std::string window;  // the post left
  std::string reason;
  std::string destination;
  Time since = 0;
  Time expected_return = 0;
  std::int64_t seq = 0;  // the staff.off_post event (R-SCR-8 traceability)
};

struct StaffState {
  bool signed_in = false;
  bool attended_today = false;  // signed in (or took a post) at least once today (R-ATT-1)
  Time signed_out_at = 0;       // last sign-out today (R-ATT-2: back late after a break)
  std::string overdue_alert;    // active off_post_overdue alert (R-OFF-3)
  Time signed_in_at = 0;
  std::string post;     // window where on post now, empty when none
  std::string post_as;  // "A" | "B"
  std::string home;     // while covering another post: the post left to cover it
  std::optional<OffPost> off_post;
};

struct WindowState {
  bool closed = false;  // closed by a supervisor
  std::string on_post;  // staff id
  std::string on_post_as;
  std::string off_staff;  // who left this post and is expected back (post sign, R-OFF-1)
  std::string current_ticket;
  std::optional<bool> presence;  // last sensor reading (R-EMP-4)
  Time presence_at = 0;
  std::int64_t presence_seq = 0;  // the last window.presence event
  std::int64_t change_seq = 0;   // last event that changed who is on post
  // Coverage alerts (R-AB-3, R-EMP-1, R-EMP-4): ids of the active ones, "" when none.
  std::string cover_alert;
  std::string empty_alert;
  std::string absence_alert;
  Time uncovered_since = 0;
};

struct ServiceStats {
  double avg_service_seconds = 0;  // moving average of finished service times
  std::int64_t served = 0;
};

struct RecentCall {
  std::string number;
  std::string window;
  std::string ticket;
  Time at = 0;
  bool recall = false;
};

struct Alert {
  std::string id;
  std::string kind;
  int level = 1;
  std::string window, staff, ticket, leave;
  std::string rule;
  std::vector<std::string> notify;  // staff asked to act, besides supervisors
  Time raised_at = 0;
  std::int64_t raised_seq = 0;
  Time escalated_at = 0;
  std::string acknowledged_by;
  std::string note;
  Time resolved_at = 0;
  std::string message;
};

enum class LeaveStatus : std::uint8_t { pending, approved, rejected };
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
  std::string next_approver() const { return status == LeaveStatus::pending && approvals < chain.size() ? chain[approvals] : std::string(); }
  bool covers(const std::string& date) const { return from <= date && date <= to; }
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
};

/// Everything the engine knows. Copyable (tests compare states; snapshots serialize it).
struct State {
  std::shared_ptr<const domain::HallConfig> config;

  std::int64_t seq = 0;  // last applied event
  Time now = 0;          // time of the last applied event or tick
  std::string day;       // current local date, "YYYY-MM-DD"
  bool session_open = false;
  int session = -1;      // index of the open (or last opened) session today
  Time session_closes_at = 0;

  std::unordered_map<std::string, Ticket> tickets;  // today's and still-active tickets
  std::map<std::string, int> counters;              // prefix → last number today (R-Q-1)
  // Waiting tickets per service, in queue order.
  std::unordered_map<std::string, std::map<QueueKey, std::string>> waiting;
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

  explicit State(std::shared_ptr<const domain::HallConfig> cfg = nullptr);

  const domain::HallConfig& cfg() const { return *config; }
  const domain::Policy& policy() const { return config->policy; }
  const Ticket* ticket(std::string_view id) const;
  const StaffState* staff_state(std::string_view id) const;
  const WindowState* window_state(std::string_view id) const;
};

}  // namespace hallq::core
