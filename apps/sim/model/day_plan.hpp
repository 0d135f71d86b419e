// DayPlan: one hall day drawn from a workload and a seed — every citizen with everything about
// them decided in advance (arrival, service, green channel, appointment, whether they are gone
// when called, handling time, outcome, transfer, rating, complaint) and every staff member's day
// (post, arrival, lateness, leave, off-post trips and who covers them). Pure: the same hall,
// workload, date and seed give the same plan on every machine. The driver then plays it against
// the server, which decides everything else (order of calls, alerts, violations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/hall_config.hpp"
#include "sim/model/workload.hpp"

namespace hallq::sim {

struct Citizen {
  int index = 0;
  domain::Time arrive = 0;  // takes a ticket at the kiosk
  std::string service;
  bool green = false;                // R-Q-3
  std::optional<domain::Time> slot;  // booked appointment (R-Q-7), booked before the day starts
  bool comes = true;                 // false: booked an appointment and never came
  bool absent_when_called = false;   // gone when called: recalls, then no-show (R-Q-4)
  double walk_seconds = 20;          // called → at the counter
  double service_seconds = 600;      // start → finish (or → transfer)
  bool incomplete = false;           // finished as incomplete_materials (R-Q-8)
  std::vector<std::string> missing;
  std::string transfer_to;            // non-empty: sent to this service after part of the handling (R-Q-5)
  double second_service_seconds = 0;  // handling at the service transferred to
  int rating = 0;                     // 0: does not rate; else 1..5 (R-SVC-3)
  double rate_delay_seconds = 30;
  bool complaint = false;
  std::string complaint_text;
  // The case (办件) a commitment service (承诺件) opens (R-CASE-1): drawn for every citizen, used
  // when the ticket is finished at such a service with complete materials. Times are seconds
  // after the finish (the decision) and after the decision (the delivery); < 0: not today.
  bool accept_case = false;
  double decide_after_seconds = -1;
  bool refuse = false;                // the back office refuses (不予许可) rather than approves
  double deliver_after_seconds = -1;  // the decision delivered (统一出件, R-CASE-4)
  // incomplete: the written one-time notice (R-CASE-2) delivered this long after the visit; < 0: not today.
  double notice_deliver_after_seconds = -1;
};

struct Trip {
  domain::Time at = 0;  // wants to leave at (waits for the ticket in hand, R-OFF-2)
  std::string reason, destination;
  int expected_minutes = 10;
  std::int64_t away_seconds = 600;  // actually away; longer than expected = overdue (R-OFF-3)
  bool reported = true;             // false: leaves without reporting; a sensor notices (R-EMP-4)
  double detect_seconds = 120;      // unreported: until the presence sensor reports
  bool covered = true;              // a substitute takes over (R-AB-3)
  double cover_delay_seconds = 90;
};

struct StaffDay {
  std::string staff;
  std::string post;         // window held today; empty for a reserve (covers others)
  bool as_b = false;        // holds the post as its B (no A available), via take-over
  domain::Time arrive = 0;  // signs in
  bool late = false;        // R-ATT-2
  std::vector<Trip> trips;
};

struct DayPlan {
  domain::LocalDate date;
  domain::Time midnight = 0;          // start of the local day
  std::vector<Citizen> citizens;      // by arrival time
  std::vector<StaffDay> staff;        // working staff (with a post first, config order), then reserves
  std::vector<std::string> on_leave;  // planned leave today (R-LV-4)
  domain::Time first_open = 0, last_close = 0;

  const StaffDay* find_staff(const std::string& id) const;
};

/// Draws the day. Throws std::invalid_argument when the date is not a working day of the hall.
DayPlan make_day_plan(const domain::HallConfig& cfg, const Workload& w, domain::LocalDate date, std::uint64_t seed);

/// Arrival intensity weight at a second of the day (0 outside sessions).
double curve_weight(const domain::HallConfig& cfg, const Workload& w, std::int32_t second_of_day);

}  // namespace hallq::sim
