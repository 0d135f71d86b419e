// DaySummary: what happened in a hall day, computed from the server's event log (GET
// /api/events) — not from what the simulator meant to do — plus the invariants every day must
// satisfy: every issued ticket ends finished, no-show or cancelled; no ticket is called to a
// window nobody holds (R-Q-6); every second a window stands uncovered in a session has an
// active cover_needed or window_empty alert, and past the grace period a window_empty one
// (R-AB-3, R-EMP-1). Pure: events in, numbers out.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/hall_config.hpp"

namespace hallq::sim {

struct Spread {
  std::size_t n = 0;
  double mean = 0, p50 = 0, p90 = 0, max = 0;  // minutes
};
/// Sorts `v`; nearest-rank percentiles.
Spread spread_of(std::vector<double> v);
/// The nearest-rank percentile `q` (0..1) of `sorted` (ascending, not empty).
double nearest_rank(const std::vector<double>& sorted, double q);
/// `x` with `digits` decimals, for the text reports.
std::string fixed(double x, int digits = 1);

struct ServiceDay {
  std::string service;
  int issued = 0;      // tickets issued for this service
  int finished = 0;    // finished while at this service (after transfers too)
  int incomplete = 0;  // of those, incomplete_materials
  int no_shows = 0;
  int cancelled = 0;
  int transferred_out = 0;
  Spread wait;      // issue → first call, for tickets issued here
  Spread handling;  // start → finish or transfer, at this service
};

struct DaySummary {
  std::string first_at, last_at;
  std::int64_t events = 0;
  int issued = 0, finished = 0, incomplete = 0, no_shows = 0, cancelled = 0, transfers = 0;
  int green = 0, appointments = 0, recalls = 0, still_open = 0;
  std::vector<ServiceDay> services;  // config order
  Spread wait, handling;
  std::map<std::string, int> alerts_by_kind;
  int escalations = 0, acknowledged = 0;
  std::map<std::string, int> violations_by_kind;  // proposed, by catalog kind
  std::map<int, int> ratings;                     // level → count
  int complaints = 0;
  int sign_ins = 0, late_sign_ins = 0, take_overs = 0, off_post = 0, returns = 0, presence_readings = 0;
  int remote_covers = 0;            // of the take-overs, covers from the coverer's own window (R-AB-7)
  double remote_cover_minutes = 0;  // window-minutes a post was covered from another window (R-AB-7)
  int leave_requested = 0, leave_approved = 0;
  // Cases (办件, R-CASE-1 … R-CASE-5): opened by outcome, decided, delivered.
  int cases_accepted = 0, notices = 0, cases_rejected = 0;
  int cases_approved = 0, cases_refused = 0, cases_extended = 0, cases_delivered = 0, notices_delivered = 0;
  int earlier_delivered = 0;     // deliveries of cases opened before this log (hallq-sim run --days N)
  double uncovered_minutes = 0;  // window-minutes nobody held an open window in a session
  double empty_minutes = 0;      // of those, past the grace period (空岗, R-EMP-1)
  // Invariants
  int calls_to_unheld_window = 0;
  double unalerted_uncovered_seconds = 0;
  double unalerted_empty_seconds = 0;
  std::vector<std::string> failures;      // one line per broken invariant (first few of each kind)
  std::vector<std::string> open_tickets;  // tickets neither finished, no-show nor cancelled (first few)

  /// A whole day: every ticket closed, and nothing else broken.
  bool invariants_hold() const { return failures.empty() && still_open == 0; }
  /// A day stopped part-way: tickets may still be open, nothing else may be broken.
  bool invariants_hold_so_far() const { return failures.empty(); }
};

/// The summary of the events given (one day or several; the checks assume seq order).
DaySummary summarize_day(const std::vector<boost::json::object>& events, const domain::HallConfig& cfg);

/// A human-readable report, several lines. `day_ended` false: the day was stopped part-way, so
/// open tickets are reported as such, not as a broken invariant.
std::string format_summary(const DaySummary& s, const domain::HallConfig& cfg, bool day_ended = true);

}  // namespace hallq::sim
