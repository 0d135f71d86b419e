// Workload: what a hall day looks like to the simulator — citizens (arrivals per service by time
// of day, green channel, appointments, no-shows, transfers, incomplete materials, service times,
// ratings, complaints), staff (sign-ins, late ones, planned leave, off-post trips, substitutes)
// and the back office (cases accepted at the counter, decided and delivered, R-CASE-1 … R-CASE-5).
// A JSON profile beside the hall config (HALL.workload.json) overrides the defaults, which are
// derived from the hall config itself so that any hall gets a plausible day.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/hall_config.hpp"

namespace hallq::sim {

/// A workload profile that cannot be used; what() is "FILE: JSON.PATH: problem".
class WorkloadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Relative arrival intensity from `from` (seconds of the local day) until the next point.
struct CurvePoint {
  std::int32_t from = 0;
  double weight = 1;
};

struct Transfer {
  std::string service;  // where the citizen is sent (R-Q-5)
  double share = 0;     // of the tickets of this service
};

struct ServiceLoad {
  std::string service;
  double per_day = 0;              // expected tickets over all sessions of the day
  double service_minutes = 10;     // mean handling time (start → finish)
  double service_cv = 0.5;         // coefficient of variation of the handling time (lognormal)
  double incomplete_share = 0.05;  // finished as incomplete_materials (R-Q-8)
  std::vector<std::string> missing{"身份证原件"};
  std::vector<Transfer> transfers;
};

struct TripKind {
  std::string reason;
  std::string destination;
  int expected_minutes = 10;
  double weight = 1;
};

struct Workload {
  // [SECTION] citizens
  std::vector<CurvePoint> curve;                        // empty = flat over the sessions
  std::vector<ServiceLoad> services;                    // one per service of the hall config, config order
  double volume = 1.0;                                  // scales every per_day (the CLI's --volume multiplies it)
  double green_share = 0.05;                            // green channel (R-Q-3)
  double appointment_share = 0.08;                      // tickets taken with an appointment booked that morning (R-Q-7)
  double appointment_absent = 0.1;                      // booked appointments nobody comes for
  double no_show_share = 0.04;                          // citizens gone when called (过号, R-Q-4)
  double walk_min_seconds = 10, walk_max_seconds = 50;  // called → at the counter
  double recall_seconds = 45;                           // between recalls of an absent citizen
  double rate_share = 0.7;                              // citizens who rate after a finished ticket (R-SVC-3)
  std::vector<double> rating_weights{0.02, 0.02, 0.06, 0.20, 0.70};  // levels 1..5
  double complaint_share = 0.004;                                    // of finished tickets
  std::vector<std::string> complaint_texts{"窗口人员态度生硬", "等候时间过长，窗口无人", "一次性告知不到位"};

  // [SECTION] staff
  double sign_in_early_min = 2, sign_in_early_max = 15;  // minutes before the first session
  double late_share = 0.06;                              // R-ATT-2
  double late_min = 3, late_max = 20;                    // minutes after the session opened
  int leave_per_day = 1;                                 // A staff on approved leave today (R-LV-4)
  double trips_per_session = 0.5;                        // off-post trips per person per session
  std::vector<TripKind> trips{
      {"取材料", "档案室", 8, 3}, {"会议", "三楼会议室", 20, 1}, {"请示领导", "二楼办公室", 10, 2}, {"卫生间", "本层", 5, 3}};
  double overdue_share = 0.15;  // back later than reported (R-OFF-3)
  double overdue_min = 2, overdue_max = 15;
  double unreported_share = 0.03;  // leaves without reporting; the presence sensor sees it (R-EMP-4)
  double unreported_min = 4, unreported_max = 12;
  double sensor_detect_min = 1, sensor_detect_max = 3;  // minutes until the sensor reports
  double cover_delay_mean = 1.5, cover_delay_cv = 0.6;  // minutes until a substitute takes over (R-AB-3)
  double no_cover_share = 0.1;                          // trips nobody covers
  double supervisor_round_minutes = 5;                  // the supervisor checks alerts this often
  double ack_share = 0.8;                               // of new alerts the supervisor acknowledges

  // [SECTION] cases (办件, R-CASE-1 … R-CASE-5): the back office of each department
  double case_accept_share = 0.7;  // complete tickets of commitment services (承诺件) finished as accepted (受理)
  double case_decide_share = 0.6;  // of the accepted cases, decided the same day; the rest stay open
  double case_refuse_share = 0.1;  // of the decisions, refusals (不予许可)
  double case_decide_min = 30, case_decide_max = 180;        // minutes from acceptance to the decision
  double case_deliver_share = 0.8;                           // of the decisions, delivered the same day (统一出件)
  double case_deliver_min = 10, case_deliver_max = 60;       // minutes from the decision to the delivery
  double notice_deliver_share = 0.7;                         // written one-time notices delivered the same day (R-CASE-2)
  double notice_deliver_min = 20, notice_deliver_max = 120;  // minutes from the visit to the delivery
  // Cases of earlier days (hallq-sim run --days N): on each working day the back office decides
  // this share of its open cases, and delivers this share of the decided and the notices not yet
  // handed over; the supervisor extends this share of the cases due that day (R-CASE-3).
  double case_backlog_decide_share = 0.45;
  double case_backlog_deliver_share = 0.8;
  double case_extend_share = 0.2;
  int case_extend_days = 3;  // working days added by an extension (within case_extension_max_days)

  const ServiceLoad* find(std::string_view service) const;
};

/// A plausible day for any hall: every window busy about `load` of its session time, its
/// capacity split evenly over its services; a morning peak, the lunch gap (no session) and an
/// afternoon wave.
Workload default_workload(const domain::HallConfig& cfg, double load = 0.75);

/// The default, overridden by the profile's fields. Unknown services or bad values throw
/// WorkloadError naming the file and JSON path.
Workload load_workload_text(std::string_view text, const std::string& file, const domain::HallConfig& cfg);
Workload load_workload_file(const std::string& file, const domain::HallConfig& cfg);

/// "halls/demo.json" → "halls/demo.workload.json".
std::string workload_path_for(const std::string& hall_config_path);

}  // namespace hallq::sim
