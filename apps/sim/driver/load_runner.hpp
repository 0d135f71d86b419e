// run_load: several seeded hall days at once (hallq-sim load), each on its own thread against
// its own server (the manual clock is per server, so one hall per server). Day i uses seed
// seed + i. The days start together once every server has been checked; each request of each
// day is timed (RunOptions::on_request). Each day is the same sequential run_day as `run`, so a
// hall's event log depends only on its seed, not on the other halls.
#pragma once

#include <boost/json/object.hpp>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "client/server_url.hpp"
#include "sim/driver/day_runner.hpp"

namespace hallq::sim {

struct LoadOptions {
  std::vector<client::ServerUrl> servers;  // one hall day per server
  std::vector<std::string> hall_paths;     // one per server, or one for all
  std::string workload_path;               // as RunOptions
  std::uint64_t seed = 1;                  // day i plays seed + i
  double speed = 0;
  double volume = 1;
  int heartbeat_seconds = 60;
  bool end_day = true;
  std::atomic<bool>* stop = nullptr;  // stops every day after its current action
};

/// Nearest-rank percentiles of request latencies, in milliseconds.
struct LatencyMs {
  std::size_t n = 0;
  double p50 = 0, p99 = 0, max = 0;
};
LatencyMs latency_of(std::vector<double> seconds);

struct HallLoad {
  int index = 0;
  client::ServerUrl server;
  std::string hall_path;
  std::uint64_t seed = 0;
  std::string error;              // non-empty: the day failed (setup or a server that stopped answering)
  bool played = false;            // passed setup and started with the others
  std::int64_t commands = 0;      // HTTP requests sent from the common start to the day's end
  double wall_seconds = 0;        // common start → this day's last answer
  std::vector<double> latencies;  // seconds, one per request counted in `commands`
  RunResult run;                  // the day as run_day returns it (summary, invariants)

  double commands_per_second() const { return wall_seconds > 0 ? static_cast<double>(commands) / wall_seconds : 0; }
};

struct LoadResult {
  std::vector<HallLoad> halls;
  double wall_seconds = 0;  // common start → the last day's last answer
  bool stopped = false;     // a stop was asked (SIGINT)

  std::int64_t commands() const;
  LatencyMs latency() const;  // over every hall's requests
  bool setup_failed() const;  // some hall never started (bad server, wrong hall, real clock …)
  bool any_error() const;
  bool invariants_hold() const;  // every day played and kept its invariants
};

/// Plays the days; never throws for a hall's failure (see HallLoad::error). When one hall fails
/// its setup, the others stop before their first action.
LoadResult run_load(const LoadOptions& opt);

/// The end-of-run table: one line per hall and a total line, then the broken invariants and errors.
std::string format_load(const LoadResult& r);

/// The same figures as JSON ({"halls": [...], "total": {...}}), for benchmark scripts.
boost::json::object load_json(const LoadResult& r);

}  // namespace hallq::sim
