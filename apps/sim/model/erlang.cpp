// Erlang C and the queue check behind `hallq-sim plan` (see erlang.hpp).
#include "sim/model/erlang.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <queue>
#include <set>
#include <sstream>

#include "sim/model/rng.hpp"
#include "sim/model/summary.hpp"

namespace hallq::sim {

double erlang_c(int servers, double erlangs) {
  if (erlangs <= 0) return 0;
  if (servers <= 0 || erlangs >= servers) return 1;
  // Erlang B by its stable recursion, then C from B.
  double b = 1;
  for (int k = 1; k <= servers; ++k) b = erlangs * b / (k + erlangs * b);
  const double c = servers;
  return c * b / (c - erlangs * (1 - b));
}

double erlang_c_mean_wait(int servers, double arrival_rate, double mean_service) {
  if (arrival_rate <= 0) return 0;
  const double a = arrival_rate * mean_service;
  if (a >= servers) return std::numeric_limits<double>::infinity();
  return erlang_c(servers, a) * mean_service / (servers - a);
}

double erlang_c_within(int servers, double arrival_rate, double mean_service, double t) {
  if (arrival_rate <= 0) return 1;
  const double a = arrival_rate * mean_service;
  if (a >= servers) return 0;
  return 1 - erlang_c(servers, a) * std::exp(-(servers - a) * t / mean_service);
}

int windows_needed(double arrival_rate, double mean_service, double target, double level) {
  if (arrival_rate <= 0) return 0;
  int c = std::max(1, static_cast<int>(std::floor(arrival_rate * mean_service)) + 1);
  while (erlang_c_within(c, arrival_rate, mean_service, target) < level) ++c;
  return c;
}

QueueCheck simulate_queue(int servers, double arrivals_per_hour, double mean_service_minutes, double cv, double hours,
                          double target_minutes, std::uint64_t seed, int runs) {
  QueueCheck out;
  if (servers <= 0 || arrivals_per_hour <= 0) return out;
  const Rng root(seed);
  std::vector<double> waits;
  for (int r = 0; r < runs; ++r) {
    Rng rng = root.fork("queue", static_cast<std::uint64_t>(r));
    // First come, first served: each arrival takes the window that frees first.
    std::priority_queue<double, std::vector<double>, std::greater<>> free_at;
    for (int i = 0; i < servers; ++i) free_at.push(0);
    const double rate = arrivals_per_hour / 60.0;  // per minute
    for (double t = rng.exponential(rate); t < hours * 60.0; t += rng.exponential(rate)) {
      const double start = std::max(t, free_at.top());
      free_at.pop();
      waits.push_back(start - t);
      free_at.push(start + rng.lognormal_mean_cv(mean_service_minutes, cv));
    }
  }
  out.citizens = waits.size();
  if (waits.empty()) return out;
  std::size_t within = 0;
  for (const double w : waits) within += w <= target_minutes ? 1 : 0;
  out.within_target = static_cast<double>(within) / static_cast<double>(waits.size());
  const auto s = spread_of(std::move(waits));
  out.mean_wait = s.mean;
  out.p90_wait = s.p90;
  return out;
}

std::vector<PlanRow> plan_windows(const std::vector<Demand>& demand, double target_minutes, double level, std::uint64_t seed) {
  std::vector<PlanRow> out;
  for (const auto& d : demand) {
    PlanRow row;
    row.service = d.service;
    row.service_minutes = d.service_minutes;
    for (const auto& [hour, lam] : d.arrivals_per_hour) {
      PlanCell c;
      c.hour = hour;
      c.arrivals_per_hour = lam;
      const double rate = lam / 60.0;  // per minute
      c.windows = windows_needed(rate, d.service_minutes, target_minutes, level);
      if (c.windows > 0) {
        c.erlang_wait = erlang_c_mean_wait(c.windows, rate, d.service_minutes);
        c.erlang_within = erlang_c_within(c.windows, rate, d.service_minutes, target_minutes);
        // The check: the same windows, the measured spread of handling times, one hour from an
        // empty hall (a pessimistic start would be a queue carried over; the planner says so).
        c.simulated = simulate_queue(c.windows, lam, d.service_minutes, d.service_cv, 1.0, target_minutes,
                                     seed + static_cast<std::uint64_t>(hour));
      }
      row.hours.push_back(c);
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::string format_plan(const std::vector<PlanRow>& plan, double target_minutes, double level) {
  std::ostringstream o;
  char buf[256];
  std::set<int> hours;
  for (const auto& r : plan)
    for (const auto& c : r.hours) hours.insert(c.hour);
  std::snprintf(buf, sizeof buf,
                "windows needed per service and hour, for %.0f%% of citizens called within %.0f min (Erlang C)\n", level * 100,
                target_minutes);
  o << buf;
  std::snprintf(buf, sizeof buf, "%-14s %7s", "service", "min");
  o << buf;
  for (const int h : hours) {
    std::snprintf(buf, sizeof buf, " %5.2d:00", h);
    o << buf;
  }
  o << "\n";
  for (const auto& r : plan) {
    std::snprintf(buf, sizeof buf, "%-14s %7.1f", r.service.c_str(), r.service_minutes);
    o << buf;
    for (const int h : hours) {
      const auto it = std::find_if(r.hours.begin(), r.hours.end(), [&](const PlanCell& c) { return c.hour == h; });
      if (it == r.hours.end() || it->windows == 0) std::snprintf(buf, sizeof buf, " %8s", "-");
      else
        std::snprintf(buf, sizeof buf, " %8d", it->windows);
      o << buf;
    }
    o << "\n";
  }
  o << "\nexpected waits with those windows (arrivals/h, Erlang C mean wait and share within target; simulated M/G/c "
       "mean, p90 and share within target, one hour from an empty hall):\n";
  for (const auto& r : plan)
    for (const auto& c : r.hours) {
      if (c.windows == 0) continue;
      std::snprintf(buf, sizeof buf,
                    "  %-14s %02d:00  %5.1f/h  %2d windows  erlang %5.1f min %5.1f%%   simulated %5.1f min p90 %5.1f %5.1f%%\n",
                    r.service.c_str(), c.hour, c.arrivals_per_hour, c.windows, c.erlang_wait, 100 * c.erlang_within,
                    c.simulated.mean_wait, c.simulated.p90_wait, 100 * c.simulated.within_target);
      o << buf;
    }
  return o.str();
}

}  // namespace hallq::sim
