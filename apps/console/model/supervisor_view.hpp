// Supervisor mode view model: live alerts, the hall map, leave waiting for this role, proposed
// violations, and the figures behind the charts. Pure; computed from the mirrored state + time.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "console/model/common.hpp"
#include "core/engine.hpp"
#include "domain/event.hpp"

namespace hallq::console {

struct AlertLine {
  std::string id, kind, kind_label;
  int level = 1;
  std::string window;
  int window_number = 0;
  std::string staff_name;
  std::string message;
  Time raised_at = 0;
  Time age = 0;
  std::string acknowledged_by;  // name
  std::string note;
  Time resolved_at = 0;  // history only
  // Case alerts (case_time_limit, case_overdue, notice_overdue): the case behind it, so the
  // supervisor can open it from the alert (R-SVC-2, R-CASE-2, R-CASE-5).
  std::string case_id, case_number, case_service_name, case_due_date, case_days_left;
  bool case_can_extend = false;  // R-CASE-3: this supervisor may extend it now
};

/// Chinese name of an alert kind ("空岗", "离岗超时" …).
std::string alert_kind_label(const std::string& kind);
/// As alert_kind_label, with the level where the kind is graded (办件黄色预警 / 办件红色预警).
std::string alert_kind_label(const std::string& kind, int level);

struct WindowTile {
  std::string id;
  int number = 0;
  std::string name, department;
  std::string staffing;  // covered | uncovered | empty | closed
  std::string on_post_name, on_post_as;
  std::string off_post_name, off_destination, off_reason;
  Time off_since = 0;
  Time overdue = 0;  // seconds past the expected return (R-OFF-3)
  int waiting = 0;   // tickets waiting for the window's services
  std::string current_number;
  int alert_level = 0;      // highest active alert level on this window, 0 when none
  int redirect_number = 0;  // R-AB-7: covered from this window number (citizens called there), 0 when not
};

struct RosterLine {
  std::string staff, name, as;  // as: A | B (roster of this window)
  std::string where;            // "在岗 3号窗口", "离岗：档案室", "未签到", "请假"
};

struct LeaveRequestLine {
  std::string id, staff, staff_name, from, to, reason;
  std::string next_approver;  // role id
  int steps_done = 0, steps = 0;
  bool mine_to_decide = false;
};

struct ViolationLine {
  std::string id, kind, staff_name, department_name, rule, note, source;
  double points = 0;
  Time at = 0;
};

struct SupervisorView {
  std::vector<AlertLine> alerts;         // active, highest level first, newest first within a level
  std::vector<WindowTile> tiles;         // config order
  std::vector<LeaveRequestLine> leaves;  // pending
  std::vector<ViolationLine> proposed;   // waiting for confirm / dismiss
  int covered = 0, uncovered = 0, empty = 0, closed = 0;
  int waiting_total = 0;  // tickets waiting in the hall, each counted once
};

/// One row of the assign popup (R-AB-3, R-AB-6, R-AB-7): a candidate of the server's substitutes
/// list and what pressing its button sends. A person on post elsewhere may appear twice: in
/// person, and with remote: true (cover from where they sit, from_window = their window).
struct AssignOption {
  std::string staff, name, as;
  bool available = false, on_leave = false, empties_window = false, remote = false;
  std::string on_post;  // where they sit now
  int on_post_number = 0;
  int effect_minutes = 0;
  std::string from_window;  // sent with take-over when remote, "" otherwise
  std::string button;       // "指派" | "在 2 号窗口代办"
  std::string button_id;    // unique per row: "assign:s003" | "assign-remote:s003"
  std::string effect;       // "将造成空岗" / "可缩短等候约 3 分钟" / "不离开 2 号窗口，呼叫在该窗口"
};
std::vector<AssignOption> assign_options(const core::State& s, const std::vector<core::Candidate>& candidates);

SupervisorView make_supervisor_view(const core::State& s, const Principal& me, Time now);

/// Who may work window `w`, and where each of them is now (for the tile's roster popup).
std::vector<RosterLine> roster_of(const core::State& s, const std::string& window);

/// Alerts as the supervisor saw them: the active ones come from the state, and the ones that
/// ended are kept here from the events (the state forgets resolved alerts). Fed with every
/// applied event; a snapshot only brings the active set, so history restarts then.
class AlertHistory {
 public:
  /// After a snapshot: the active alerts are known again (so their resolution can be described);
  /// history and counts start over (counts before it come from the event log).
  void seed(const core::State& s, Time now);
  void on_event(const core::State& s, const domain::Event& e);
  /// Resolved alerts, newest resolution first (at most `limit`).
  std::vector<AlertLine> resolved(std::size_t limit = 50) const;
  /// alert.raised per window today (window id → count), including ones raised before the
  /// console started when backfilled from the event log.
  const std::map<std::string, int>& raised_per_window() const { return per_window_; }

 private:
  std::map<std::string, AlertLine> raised_;  // seen raised, by id (kept to describe the resolution)
  std::vector<AlertLine> history_;
  std::map<std::string, int> per_window_;
};

/// Alerts raised today per window, in config order: those seen live plus those counted from the
/// event log for the time before the console's snapshot.
std::vector<int> alerts_per_window(const core::State& s, const std::map<std::string, int>& live,
                                   const std::map<std::string, int>& backfilled);

/// Figures for the charts (drawn, not only tabulated).
struct HallStats {
  std::vector<int> hours;                 // local hours shown (from the first session to the last)
  std::vector<int> issued_per_hour;       // tickets issued per hour today
  std::vector<int> served_per_hour;       // tickets finished per hour today
  std::vector<std::string> wait_buckets;  // "0-5", "5-10", … minutes
  std::vector<int> wait_counts;           // called tickets by wait before the call
  int served = 0, no_show = 0, waiting = 0;
  double average_wait_minutes = 0;
};

HallStats make_hall_stats(const core::State& s, Time now);

}  // namespace hallq::console
