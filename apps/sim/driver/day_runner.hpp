// run_day: plays a DayPlan against a real server through the API (API.md), on the server's
// manual clock: the runner advances hall time itself (POST /api/admin/clock) from one planned
// action to the next, in steps of at most a heartbeat, optionally paced to a speed for
// watching. Single-threaded and sequential, so the same seed gives the same event log.
// At the end it reads the day back from GET /api/events and summarizes that. Several runners
// may run at once on different threads, each against its own server (hallq-sim load).
#pragma once

#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "client/server_url.hpp"
#include "sim/model/summary.hpp"

namespace hallq::sim {

/// One HTTP request of the day as the runner saw it (RunOptions::on_request).
struct RequestTiming {
  std::string_view method;
  std::string_view pattern;  // the target with ids as * ("/api/windows/*/call-next")
  unsigned status = 0;       // 0: no answer
  double seconds = 0;        // request sent → answer received, wall time
};

struct RunOptions {
  client::ServerUrl server;
  std::string hall_path;      // the hall config with PINs and device tokens (the staff's own knowledge)
  std::string workload_path;  // empty: HALL.workload.json if it exists, else the default workload
  std::uint64_t seed = 1;
  double speed = 0;                   // hall seconds per wall second; 0 = as fast as possible
  double volume = 1;                  // multiplies the workload's volume
  int heartbeat_seconds = 60;         // the clock moves at least this often during the working day
  bool end_day = true;                // finally advance past midnight, so the server closes the day
  bool progress = false;              // a live one-line progress on stderr
  std::atomic<bool>* stop = nullptr;  // set (e.g. by SIGINT) to stop after the current action
  std::ostream* trace = nullptr;      // every command and its answer, one line each
  /// Called on the runner's thread after every HTTP request it makes for the day (setup, logins
  /// and commands; not the final read-back of the log).
  std::function<void(const RequestTiming&)> on_request;
  /// Called once the server is checked and the day drawn, just before the first action (the
  /// speed's wall clock starts after it). Returning false ends the run there, as stopped.
  std::function<bool()> on_ready;
};

struct RunResult {
  std::string date;
  std::int64_t first_seq = 0, last_seq = 0;  // the events of this run: (first_seq, last_seq]
  std::int64_t commands = 0;                 // HTTP requests sent
  std::map<std::string, int> refusals;       // "POST /api/windows/*/call-next 409 not_on_post" → count
  std::map<std::string, int> missing;        // endpoints the server does not have yet (404 not_found)
  double wall_seconds = 0;
  bool stopped = false;                     // ended early by RunOptions::stop
  std::vector<boost::json::object> events;  // the run's events as the server logged them
  DaySummary summary;
  std::string summary_text;  // format_summary + the driver's own notes
};

/// Throws std::runtime_error when the server cannot be used (unreachable, not a manual clock,
/// wrong hall, non-working day) or the hall config / workload cannot be read.
RunResult run_day(const RunOptions& opt);

/// Moves the server's manual clock on to half an hour before the first session of the next
/// working day of the hall calendar (the same day if that is still ahead), for hallq-sim run
/// --days N. Returns that date as YYYY-MM-DD. Throws std::runtime_error like run_day.
std::string advance_to_next_working_day(const RunOptions& opt);

/// Every event with seq > since, paging GET /api/events with a supervising token.
std::vector<boost::json::object> fetch_events(const client::ServerUrl& server, const std::string& token, std::int64_t since = 0);

}  // namespace hallq::sim
