// ConsoleModel: everything the console knows beyond the mirrored hall and the widgets' own state
// — who is logged in, which tab shows, the last notice, alerts as seen, the supervisor's reads —
// and update(), the one step that changes it. Pure: the hall and the clocks come in a Context,
// the I/O goes out as effects (console/model/messages.hpp).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "console/model/answers.hpp"
#include "console/model/common.hpp"
#include "console/model/messages.hpp"
#include "console/model/supervisor_view.hpp"

namespace hallq::console {

/// What update() reads besides the model: the mirrored hall and the clocks.
struct Context {
  const core::State* state = nullptr;  // the mirrored state; null until the hall config is known
  bool ready = false;                  // the mirror holds a snapshot (the hall is on screen)
  Time hall_now = 0;                   // hall time
  double clock = 0;                    // the frame clock (seconds), for flashing and polling
};

struct Notice {
  std::string text;
  bool error = false;  // refusals show in red
  double at = -100;
};

struct ConsoleModel {
  Principal me;
  Tab tab = Tab::staff;
  int supervisor_tab = 0;
  Notice notice;
  std::string selected_case;    // the case the 办件 tab shows
  std::string selected_window;  // the hall map tile whose popup is open ("" for none)

  // Alerts as seen: first sight (flashing), history, counts per window backfilled from the log.
  std::map<std::string, double> first_seen;
  AlertHistory history;
  std::map<std::string, int> backfill_per_window;
  std::int64_t backfill_until = -1;  // count alert.raised up to this seq from GET /api/events
  std::set<std::string> announced_covers;

  // The supervisor's reads: scores and complaints come from endpoints that may be missing (404).
  std::optional<Scores> scores;
  std::optional<std::vector<ComplaintRow>> complaints;
  bool scores_missing = false, complaints_missing = false;
  double scores_at = -100, complaints_at = -100;

  bool logged_in() const { return !me.id.empty(); }
};

/// Seconds between reads of GET /api/complaints and GET /api/scores while their tab shows.
inline constexpr double complaints_poll_seconds = 10, scores_poll_seconds = 15;

/// Applies one message; returns what the shell must do.
Effects update(ConsoleModel& m, const Context& cx, const Message& msg);

// The two halves of update(): what the person did (update_actions.cpp), and what came back
// from the server, the mirror and the clock (update.cpp).
Effects act(ConsoleModel& m, const Context& cx, const Message& msg);
void say_notice(ConsoleModel& m, const Context& cx, std::string text, bool error);

}  // namespace hallq::console
