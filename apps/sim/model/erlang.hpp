// Capacity planning (R-STF-4): how many windows a service needs per hour to meet a waiting-time
// target, by the Erlang C formula (M/M/c), checked by a simulation with the measured,
// non-exponential handling times (M/G/c). Pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "domain/hall_config.hpp"

namespace hallq::sim {

/// Erlang C: probability that an arriving citizen has to wait, with `servers` windows and an
/// offered load of `erlangs` (arrival rate × mean handling time). 1 when the load is not below
/// the number of servers (the queue grows without bound).
double erlang_c(int servers, double erlangs);

/// Mean wait in the queue (same unit as mean_service): C / (c·μ − λ). Infinite when unstable.
double erlang_c_mean_wait(int servers, double arrival_rate, double mean_service);

/// P(wait ≤ t) = 1 − C·exp(−(c·μ − λ)·t).
double erlang_c_within(int servers, double arrival_rate, double mean_service, double t);

/// The fewest windows with P(wait ≤ target) ≥ level (and a stable queue); 0 when no arrivals.
int windows_needed(double arrival_rate, double mean_service, double target, double level);

/// Waits of a simulated M/G/c queue (lognormal handling with coefficient of variation cv),
/// starting empty, over `hours` of steady arrivals, repeated `runs` times. Minutes.
struct QueueCheck {
  double mean_wait = 0, p90_wait = 0, within_target = 0;  // share of citizens called within the target
  std::size_t citizens = 0;
};
QueueCheck simulate_queue(int servers, double arrivals_per_hour, double mean_service_minutes, double cv, double hours,
                          double target_minutes, std::uint64_t seed, int runs = 40);

/// Measured demand of one service: arrivals per hour of the day and the handling time.
struct Demand {
  std::string service;
  std::map<int, double> arrivals_per_hour;  // local hour (9 = 09:00–10:00) → tickets per hour
  double service_minutes = 10;
  double service_cv = 0.5;
  std::size_t handled = 0;  // handling times measured (0: from the config/profile)
};

struct PlanCell {
  int hour = 0;
  double arrivals_per_hour = 0;
  int windows = 0;
  double erlang_wait = 0;    // mean wait by Erlang C, minutes
  double erlang_within = 0;  // P(wait ≤ target) by Erlang C
  QueueCheck simulated;      // with the measured handling-time spread
};

struct PlanRow {
  std::string service;
  double service_minutes = 0;
  std::vector<PlanCell> hours;
};

/// Windows per service per hour for a target (minutes) met for `level` of the citizens.
std::vector<PlanRow> plan_windows(const std::vector<Demand>& demand, double target_minutes, double level, std::uint64_t seed);

std::string format_plan(const std::vector<PlanRow>& plan, double target_minutes, double level);

}  // namespace hallq::sim

namespace hallq::sim {
struct Workload;
/// Demand of every service by hour, as the workload profile expects it.
std::vector<Demand> demand_from_workload(const domain::HallConfig& cfg, const Workload& w);
/// Demand measured from an event log (arrivals per hour averaged over the days in it, handling
/// times from ticket.started to ticket.finished/transferred). Services without measured
/// handling fall back to the config's service_minutes.
std::vector<Demand> demand_from_events(const std::vector<boost::json::object>& events, const domain::HallConfig& cfg);
}  // namespace hallq::sim
