// Several hall days at once (see load_runner.hpp): one thread per hall, a start gate so that
// every day starts when every server has been checked, and per-request timings.
#include "sim/driver/load_runner.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <sstream>
#include <thread>

namespace hallq::sim {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

/// Every hall arrives once, after its setup (ok) or on its failure (not ok). The halls start
/// together when all have arrived ok; when one failed, the others are told not to start.
class StartGate {
 public:
  explicit StartGate(int halls) : left_(halls) {}

  bool arrive(bool ok, const std::atomic<bool>* stop) {
    std::unique_lock lock(mutex_);
    if (!ok) failed_ = true;
    if (--left_ == 0) opened_ = Clock::now();
    cv_.notify_all();
    if (!ok) return false;
    while (left_ > 0 && !failed_) {
      if (stop && stop->load()) return false;
      cv_.wait_for(lock, std::chrono::milliseconds(100));
    }
    return !failed_ && !(stop && stop->load());
  }
  Clock::time_point opened() {
    std::lock_guard lock(mutex_);
    return opened_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int left_;
  bool failed_ = false;
  Clock::time_point opened_{};
};

void play(HallLoad& h, const LoadOptions& opt, StartGate& gate) {
  RunOptions ro;
  ro.server = h.server;
  ro.hall_path = h.hall_path;
  ro.workload_path = opt.workload_path;
  ro.seed = h.seed;
  ro.speed = opt.speed;
  ro.volume = opt.volume;
  ro.heartbeat_seconds = opt.heartbeat_seconds;
  ro.end_day = opt.end_day;
  ro.stop = opt.stop;
  bool arrived = false;
  Clock::time_point last_answer{};
  ro.on_request = [&](const RequestTiming& t) {
    if (!h.played) return;  // setup requests (logins, checks) are not part of the figures
    ++h.commands;
    h.latencies.push_back(t.seconds);
    last_answer = Clock::now();
  };
  ro.on_ready = [&] {
    arrived = true;
    h.played = gate.arrive(true, opt.stop);
    return h.played;
  };
  try {
    h.run = run_day(ro);
  } catch (const std::exception& e) {
    h.error = e.what();
    if (!arrived) gate.arrive(false, opt.stop);
  }
  if (h.played && h.commands > 0) h.wall_seconds = std::chrono::duration<double>(last_answer - gate.opened()).count();
}

std::string right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

json::object latency_json(const LatencyMs& l) { return json::object{{"n", l.n}, {"p50", l.p50}, {"p99", l.p99}, {"max", l.max}}; }

}  // namespace

LatencyMs latency_of(std::vector<double> seconds) {
  LatencyMs out;
  out.n = seconds.size();
  if (seconds.empty()) return out;
  std::sort(seconds.begin(), seconds.end());
  out.p50 = nearest_rank(seconds, 0.50) * 1000.0;
  out.p99 = nearest_rank(seconds, 0.99) * 1000.0;
  out.max = seconds.back() * 1000.0;
  return out;
}

std::int64_t LoadResult::commands() const {
  std::int64_t n = 0;
  for (const auto& h : halls) n += h.commands;
  return n;
}

LatencyMs LoadResult::latency() const {
  std::vector<double> all;
  for (const auto& h : halls) all.insert(all.end(), h.latencies.begin(), h.latencies.end());
  return latency_of(std::move(all));
}

bool LoadResult::setup_failed() const {
  return std::any_of(halls.begin(), halls.end(), [](const HallLoad& h) { return !h.error.empty() && !h.played; });
}

bool LoadResult::any_error() const {
  return std::any_of(halls.begin(), halls.end(), [](const HallLoad& h) { return !h.error.empty(); });
}

bool LoadResult::invariants_hold() const {
  return !halls.empty() && std::all_of(halls.begin(), halls.end(), [](const HallLoad& h) {
    return h.played && h.error.empty() &&
           (h.run.stopped ? h.run.summary.invariants_hold_so_far() : h.run.summary.invariants_hold());
  });
}

LoadResult run_load(const LoadOptions& opt) {
  LoadResult r;
  const auto n = opt.servers.size();
  for (std::size_t i = 0; i < n; ++i) {
    HallLoad h;
    h.index = static_cast<int>(i);
    h.server = opt.servers[i];
    h.hall_path = opt.hall_paths.size() == n ? opt.hall_paths[i] : opt.hall_paths.at(0);
    h.seed = opt.seed + i;
    r.halls.push_back(std::move(h));
  }
  StartGate gate(static_cast<int>(n));
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (auto& h : r.halls) threads.emplace_back([&h, &opt, &gate] { play(h, opt, gate); });
  for (auto& t : threads) t.join();
  for (const auto& h : r.halls) r.wall_seconds = std::max(r.wall_seconds, h.wall_seconds);
  r.stopped = opt.stop && opt.stop->load();
  return r;
}

std::string format_load(const LoadResult& r) {
  std::ostringstream o;
  const auto row = [&](const std::string& hall, const std::string& server, const std::string& seed, const std::string& date,
                       double wall, std::int64_t commands, double per_second, const LatencyMs& l, int issued, int served,
                       const std::string& invariants) {
    o << right(hall, 4) << "  " << left(server, 24) << right(seed, 6) << "  " << left(date, 10) << right(fixed(wall, 1), 8)
      << right(std::to_string(commands), 10) << right(fixed(per_second, 0), 8) << right(fixed(l.p50, 2), 8)
      << right(fixed(l.p99, 2), 8) << right(std::to_string(issued), 8) << right(std::to_string(served), 8) << "  " << invariants
      << "\n";
  };
  o << right("hall", 4) << "  " << left("server", 24) << right("seed", 6) << "  " << left("date", 10) << right("wall s", 8)
    << right("commands", 10) << right("cmd/s", 8) << right("p50 ms", 8) << right("p99 ms", 8) << right("issued", 8)
    << right("served", 8) << "  invariants\n";
  int issued = 0, served = 0, held = 0;
  for (const auto& h : r.halls) {
    const auto& s = h.run.summary;
    // A day stopped part-way may still have open tickets; nothing else may be broken.
    const bool kept = h.run.stopped ? s.invariants_hold_so_far() : s.invariants_hold();
    std::string verdict = !h.error.empty() ? "error" : !h.played ? "not started" : kept ? "hold" : "BROKEN";
    if (h.error.empty() && h.played && h.run.stopped) verdict += " (stopped early)";
    issued += s.issued;
    served += s.finished;
    held += h.played && h.error.empty() && kept ? 1 : 0;
    row(std::to_string(h.index), h.server.to_string(), std::to_string(h.seed), h.run.date, h.wall_seconds, h.commands,
        h.commands_per_second(), latency_of(h.latencies), s.issued, s.finished, verdict);
  }
  const double total_per_second = r.wall_seconds > 0 ? static_cast<double>(r.commands()) / r.wall_seconds : 0;
  row("all", r.halls.size() == 1 ? std::string("1 hall") : std::to_string(r.halls.size()) + " halls in parallel", "", "",
      r.wall_seconds, r.commands(), total_per_second, r.latency(), issued, served,
      (held == static_cast<int>(r.halls.size()) ? "hold" : "BROKEN") + std::string(" in ") + std::to_string(held) + " of " +
          std::to_string(r.halls.size()) + (r.stopped ? " (stopped early)" : ""));
  o << "  wall s: from the common start (every server checked) to the day's last answer; commands: every HTTP request of\n"
       "  the day (clock moves, logins and reads included); p50/p99: request sent → answer received; served: finished.\n";
  for (const auto& h : r.halls) {
    if (!h.error.empty()) o << "hall " << h.index << " (" << h.server.to_string() << "): " << h.error << "\n";
    else if (h.played && !(h.run.stopped ? h.run.summary.invariants_hold_so_far() : h.run.summary.invariants_hold())) {
      o << "hall " << h.index << " (" << h.server.to_string() << ", seed " << h.seed << "): invariants BROKEN:\n";
      for (const auto& f : h.run.summary.failures) o << "    " << f << "\n";
      if (!h.run.stopped)
        for (const auto& f : h.run.summary.open_tickets) o << "    " << f << "\n";
    }
  }
  return o.str();
}

json::object load_json(const LoadResult& r) {
  json::array halls;
  int issued = 0, served = 0;
  for (const auto& h : r.halls) {
    const auto& s = h.run.summary;
    json::array failures, open;
    for (const auto& f : s.failures) failures.emplace_back(f);
    for (const auto& f : s.open_tickets) open.emplace_back(f);
    issued += s.issued;
    served += s.finished;
    halls.push_back(json::object{
        {"hall", h.index},
        {"server", h.server.to_string()},
        {"config", h.hall_path},
        {"seed", h.seed},
        {"date", h.run.date},
        {"played", h.played},
        {"stopped", h.run.stopped},
        {"error", h.error},
        {"wall_seconds", h.wall_seconds},
        {"commands", h.commands},
        {"commands_per_second", h.commands_per_second()},
        {"latency_ms", latency_json(latency_of(h.latencies))},
        {"issued", s.issued},
        {"served", s.finished},
        {"no_shows", s.no_shows},
        {"cancelled", s.cancelled},
        {"still_open", s.still_open},
        {"events", s.events},
        {"invariants_hold", h.played && h.error.empty() && s.invariants_hold()},
        {"failures", std::move(failures)},
        {"open_tickets", std::move(open)},
    });
  }
  return json::object{
      {"halls", std::move(halls)},
      {"total",
       json::object{{"halls", r.halls.size()},
                    {"wall_seconds", r.wall_seconds},
                    {"commands", r.commands()},
                    {"commands_per_second", r.wall_seconds > 0 ? static_cast<double>(r.commands()) / r.wall_seconds : 0.0},
                    {"latency_ms", latency_json(r.latency())},
                    {"issued", issued},
                    {"served", served},
                    {"stopped", r.stopped},
                    {"invariants_hold", r.invariants_hold()}}},
  };
}

}  // namespace hallq::sim
