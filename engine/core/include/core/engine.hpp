// The engine: pure functions over State. No I/O, no clock, no threads — time is an argument.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/command.hpp"
#include "core/refusal.hpp"
#include "core/state.hpp"

namespace hallq::core {

/// Why a command was refused. `kind` tells the shell which status family it belongs to.
struct Rejected {
  enum class Kind { invalid, not_found, conflict, forbidden };
  Kind kind = Kind::conflict;
  Refusal code = Refusal::invalid;  // its API.md error code: refusal_name(code), e.g. "not_on_post"
  std::string message;
};

/// Events to append, in order; their seq/at are filled by decide (seq = state.seq + 1 …).
using Events = std::vector<domain::Event>;
using Decision = std::variant<Rejected, Events>;

/// Decides what a command does at time `now`. Never changes state. An empty event list
/// means "accepted, nothing changes" (e.g. call-next with nothing waiting).
Decision decide(const State& state, const Command& cmd, Time now);

/// Timed rules: the events due at `now` (session boundaries, day change, …).
/// Callers step time through next_deadline() so each boundary is seen at its exact second.
Events tick(const State& state, Time now);

/// The earliest instant strictly after `after` at which tick() may produce something. The
/// shell steps time through these so every timed rule fires at its exact second.
Time next_deadline(const State& state, Time after);

/// Ticks at `t` until nothing more is due: a round's calendar events (a session opening, a new
/// day) change what the staffing rules see. `emit(Events)` must apply each round's events.
/// Returns false if the rules did not settle within `max_rounds` (a bug).
template <class Emit>
bool settle(const State& s, Time t, Emit&& emit, int max_rounds = 8) {
  for (int round = 0; round < max_rounds; ++round) {
    Events events = tick(s, t);
    if (events.empty()) return true;
    emit(std::move(events));
  }
  return false;
}

/// Moves the timed rules from `done` to `until`: at(d) for every deadline d in order (so each
/// rule fires at its exact second), then at(until). `at` must settle the state at its time.
/// Returns the new `done`.
template <class AtTime>
Time step_time(const State& s, Time done, Time until, AtTime&& at) {
  for (Time d = next_deadline(s, done); d <= until; d = next_deadline(s, done)) {
    at(d);
    done = d;
  }
  if (until > done) {
    at(until);
    done = until;
  }
  return done;
}

/// The only mutation: folds one event into the state. Unknown ids are ignored so a log stays
/// replayable after a config edit.
void apply(State& state, const domain::Event& e);

/// Appends a violation.proposed event for `kind` with its catalog points (R-SCR-2, R-SCR-8).
void propose(const State& s, Events& out, domain::Event e, const std::string& kind, const std::string& staff,
             const std::string& department, const std::string& rule, std::vector<std::int64_t> events, const std::string& note);

// [SECTION] queries shared by decide, the shell's views and tests

/// Waiting tickets of `service` ahead of the given ticket, +1 (1 = next).
int queue_position(const State& s, const Ticket& t, Time now);
/// The first `limit` waiting tickets of `service` in the order call-next takes them at `now`
/// (R-Q-3: green channel and due appointments first, then by original issue time). Costs
/// O(limit + log n) plus the booked tickets waiting in that queue.
std::vector<const Ticket*> call_order(const State& s, const std::string& service, Time now, std::size_t limit);
/// Estimated minutes until a ticket with `ahead` tickets before it is called (R-Q-3 estimate).
int estimate_wait_minutes(const State& s, const std::string& service, int ahead);
/// Whether someone sits at the window in person (not covering it from another window, R-AB-7).
inline bool staffed_in_person(const WindowState& ws) { return !ws.on_post.empty() && ws.redirect_to.empty(); }
/// The services whose tickets are called at `window` now: its own, plus those of every post
/// covered from it (R-AB-7), in config order without repeats.
std::vector<std::string> services_called_at(const State& s, const std::string& window);
/// Whether `service` is called at `window` now (its own, or through a cover from it, R-AB-7).
bool calls_service(const State& s, const domain::Window& w, const std::string& service);
/// Which ticket call-next at `window` would take now, if any (R-Q-3).
const Ticket* next_for_window(const State& s, const std::string& window, Time now);
/// Whether a ticket booked for `slot` counts as priority at `now` (R-Q-7).
bool slot_due(const domain::Policy& p, Time slot, Time now);
/// Whether an appointment ticket counts as priority at `now` (R-Q-7).
bool appointment_due(const State& s, const Ticket& t, Time now);
/// Whether a waiting ticket is called before ordinary ones at `now`: green channel or a due
/// appointment (R-Q-3, R-Q-7).
bool is_priority(const State& s, const Ticket& t, Time now);
/// The post's staffing as the wall shows it; the wire names are the identifiers.
#define HALLQ_STAFFING(X) X(covered) X(uncovered) X(empty) X(closed)
enum class Staffing : std::uint8_t {
#define HALLQ_X(id) id,
  HALLQ_STAFFING(HALLQ_X)
#undef HALLQ_X
};
const char* staffing_name(Staffing s) noexcept;
std::optional<Staffing> parse_staffing(std::string_view name) noexcept;
Staffing staffing_of(const State& s, const std::string& window);
/// Whether anyone is waiting (or being called/served) for services of this window.
bool window_has_work(const State& s, const std::string& window);
/// The hall session containing `t`, if the hall is open then (R-HRS-1).
struct SessionSpan {
  int index = -1;
  Time open = 0, close = 0;
};
std::optional<SessionSpan> session_at(const domain::HallConfig& c, Time t);

/// R-SVC-5: the end (next local midnight) of the `working_days`-th working day after the day of
/// `from`; the day itself does not count.
Time follow_up_due(const domain::HallConfig& c, Time from, int working_days);

/// The start (local midnight) of the `n`-th working day after the day of `from` (n ≥ 1).
Time working_day_start(const domain::HallConfig& c, Time from, int n);
/// Working days after the day of `from`, up to and including the day of `to` (0 when the same
/// day or earlier): how long a case took (R-CASE-5 reports).
int working_days_between(const domain::HallConfig& c, Time from, Time to);
/// R-SVC-2 on cases: a case's clock runs on working days only, midnight to midnight, from the
/// first working day after it was accepted. Yellow comes at warn_ratio of that working time
/// (rounded up to the second), red at the start of the deadline day, overdue at `due`. A case
/// due the day it was accepted (0 days) has neither warning.
Time case_yellow_at(const State& s, const Case& k);
Time case_red_at(const State& s, const Case& k);

/// Whether `staff` is on approved leave on `date` ("YYYY-MM-DD"): not cancelled, and not
/// reported back (销假, leave.ended) on or before that date. Official business counts (R-LV-5).
bool on_leave(const State& s, const std::string& staff, const std::string& date);
/// Whether approved leave excuses `staff` from attendance on `date` (R-ATT-2): as on_leave, and
/// also on the day the person reported back (they were on leave part of it).
bool leave_excuses(const State& s, const std::string& staff, const std::string& date);
/// The length of a leave in working days of the hall calendar (R-LV-1): workdays, holidays and
/// extra workdays count as the hall opens; a half day (from_half "pm", to_half "am") is 0.5.
double leave_working_days(const domain::HallConfig& c, domain::LocalDate from, domain::LocalDate to, const std::string& from_half,
                          const std::string& to_half);
/// The working days from `from` to `to` inclusive, as "YYYY-MM-DD".
std::vector<std::string> working_dates(const domain::HallConfig& c, domain::LocalDate from, domain::LocalDate to);

/// Who could take over `window` now, best first (R-AB-3, R-AB-6).
struct Candidate {
  std::string staff;
  std::string as;               // "A" | "B": the roster they are on for this window
  bool empties_window = false;  // taking over would leave their own open window empty (R-AB-6)
  bool available = false;       // signed in, not off post, not serving a ticket
  bool on_leave = false;
  bool remote = false;     // cover from where they sit: their window stays staffed (R-AB-7)
  std::string on_post;     // where they are on post now, if anywhere
  int effect_minutes = 0;  // change of the estimated wait: + at the post they leave, − here
};
std::vector<Candidate> substitutes(const State& s, const std::string& window, Time now);

}  // namespace hallq::core
