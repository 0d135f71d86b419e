// Staff mode view model: what a window staff member sees and may do right now, computed from
// the mirrored engine state, the hall's policy and server time. Pure; the draw code only reads it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "console/model/common.hpp"

namespace hallq::console {

/// R-SVC-2 graded warning of a ticket's elapsed time against its service's promise (R-SVC-1).
enum class TimeLevel { normal, yellow, red };

/// normal below warn_ratio × promise, yellow from there, red from the promise on.
TimeLevel time_level(const domain::Policy& p, int promise_minutes, Time elapsed_seconds);

struct TicketLine {
  std::string id, number, service, service_name;
  core::TicketStatus status = core::TicketStatus::called;
  Time since = 0;    // called_at, or started_at once serving
  Time elapsed = 0;  // seconds since `since`
  int promise_minutes = 0;
  TimeLevel level = TimeLevel::normal;
  int recalls = 0;
  bool green = false;                         // green channel (R-Q-3)
  std::string previous;                       // R-Q-8: the incomplete-materials ticket this one follows
  std::vector<std::string> previous_missing;  // what that earlier visit lacked
  // R-SVC-1: the case a 受理 opens runs this many working days (0: due the same day); a
  // commitment service (承诺件) is accepted, an instant one (即办件) usually done at the counter.
  int promise_days = 0;
  bool commitment = false;
};

struct QueueLine {
  std::string service, name, prefix;
  int waiting = 0;
  std::vector<std::string> next;  // numbers, call order (at most 5)
  Time oldest_wait = 0;           // seconds the longest-waiting ticket has waited
  int promise_minutes = 0;
  TimeLevel oldest_level = TimeLevel::normal;
  int for_window_number = 0;  // R-AB-7: a service of the post I cover from here, 0 when my own
};

/// Which buttons (and F-keys) do something now.
struct StaffActions {
  bool call = false, recall = false, no_show = false, start = false, finish = false, transfer = false;
  bool off_post = false, return_to_post = false, sign_out = false, sign_in = false;
};

/// The substitute banner (R-AB-3): a cover_needed alert that names this staff member.
struct CoverRequest {
  std::string alert;
  std::string window;
  int window_number = 0;
  std::string window_name;
  std::string left_by;      // who left the post (name), "" when nobody (e.g. at session open)
  std::string destination;  // where they went, when reported (R-OFF-1)
  int level = 1;
  Time raised_at = 0;
  bool would_empty_own = false;  // taking over would empty my own window (R-AB-6): say so before
  int own_window_number = 0;
  // R-AB-7: the server's substitutes list offers me covering from where I sit (remote: true).
  // The banner's 在本窗口代办 button sends take-over with from_window = remote_from.
  bool can_remote = false;
  std::string remote_from;
  int remote_from_number = 0;
};

/// R-AB-7: a post I cover from my own window; its citizens are called here.
struct RemoteCoverLine {
  std::string window;
  int window_number = 0;
  std::string window_name;
  std::string away_name;  // who left it, "" when nobody
  Time since = 0;
};

struct OffPostLine {
  std::string window;
  int window_number = 0;
  std::string reason, destination;
  Time since = 0, expected_return = 0;
  Time overdue = 0;        // seconds past the expected return (R-OFF-3), 0 when not
  std::string covered_by;  // name of the substitute on my post, "" when nobody took over
  std::string covered_as;  // "A" | "B"
};

struct LeaveLine {
  std::string id, from, to, reason;
  core::LeaveStatus status = core::LeaveStatus::pending;
  std::string next_approver;  // role label while pending
  int steps_done = 0, steps = 0;
};

/// A ticket this staff member closed today (the "today" panel).
struct HandledLine {
  std::string number, service_name;
  core::TicketStatus status = core::TicketStatus::finished;
  bool incomplete = false;  // closed as incomplete_materials (R-Q-8)
  std::string outcome;      // done | accepted | incomplete_materials | rejected (R-CASE-1)
  std::vector<std::string> missing;
  Time at = 0;  // when it was closed
};

struct SignInChoice {
  std::string window;
  int number = 0;
  std::string name;
  std::string occupied_by;  // name of whoever is on post there
};

struct StaffView {
  bool known = false;  // the logged-in id is staff of this hall
  std::string name;
  bool signed_in = false;
  std::string post;  // window on post at, "" when none
  int post_number = 0;
  std::string post_name;
  std::string as;                              // "A" | "B"
  std::string covering_from;                   // my own post while I cover another (counter label)
  std::vector<RemoteCoverLine> remote_covers;  // R-AB-7: posts covered from my window
  std::string remote_text;                     // "代办 1 号窗口 · 呼叫将在本窗口", "" when none
  std::string remote_away;                     // "（王建国 离岗）": who is away from those posts, "" when nobody
  bool window_closed = false;
  std::optional<OffPostLine> off_post;
  std::optional<TicketLine> ticket;
  std::vector<QueueLine> queues;               // the services called at the post held (or left), R-AB-7 covered posts' too
  std::vector<std::string> transfer_services;  // services a ticket may be transferred to
  StaffActions can;
  std::vector<CoverRequest> cover_requests;
  std::vector<LeaveLine> leaves;
  std::vector<SignInChoice> sign_in_windows;  // windows where I am A
  /// R-HRS-3: the session has closed but citizens still wait for this post's services — say so
  /// before sign-out is tried (the server refuses it when no other open window serves them).
  int extended_waiting = 0;
  int served_today = 0, incomplete_today = 0, no_show_today = 0;
  std::vector<HandledLine> recent;  // newest first, at most 6
  bool session_open = false;
};

StaffView make_staff_view(const core::State& s, const Principal& me, Time now);

/// R-OFF-1: the off-post form cannot be sent without a destination (nor a reason, nor a
/// sensible duration). Returns "" when it may be sent, otherwise what to fix, in words.
std::string check_off_post_form(const std::string& reason, const std::string& destination, int minutes);

/// R-Q-8: an incomplete-materials finish needs the list of what is missing (一次性告知).
std::string check_finish_form(bool incomplete, const std::vector<std::string>& missing);
/// The finish form with every outcome: done, accepted (受理), incomplete_materials (the list,
/// R-Q-8) or rejected (不予受理, with its reason, R-CASE-1).
std::string check_finish_form(const std::string& outcome, const std::vector<std::string>& missing, const std::string& reason);

}  // namespace hallq::console
