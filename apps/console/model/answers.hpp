// The server's JSON answers as typed rows: the one place the console reads reply bodies. Each
// reader is total — a missing or mistyped field reads as empty, zero or false, never throws —
// so a draw function or update() only ever sees these structs (docs/api.md has the shapes).
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "console/model/common.hpp"

namespace hallq::console {

/// `error.message` of an error body; the first 200 bytes of a body that is not JSON.
std::string error_message(const std::optional<boost::json::value>& json, const std::string& body);

/// POST /api/login: who logged in and the bearer token. nullopt when the answer lacks them.
struct LoginAnswer {
  Principal who;
  std::string token;
};
std::optional<LoginAnswer> read_login(const boost::json::value& j);

/// POST /api/windows/{id}/call-next: the called ticket's number, "" when nobody was waiting.
std::string read_called_number(const boost::json::value& j);

/// POST /api/windows/{id}/finish: the case it opened (R-CASE-1), if any.
struct OpenedCase {
  std::string number, due_date;
};
std::optional<OpenedCase> read_opened_case(const boost::json::value& j);

/// GET /healthz: the committed seq (0 when absent).
std::int64_t read_health_seq(const boost::json::value& j);

/// One page of GET /api/events, reduced to what the alert chart counts.
struct RaisedAlertRow {
  std::int64_t seq = 0;
  std::string window, at;
};
struct EventPage {
  std::vector<RaisedAlertRow> raised;  // alert.raised events that carry a seq and name a window
  std::size_t count = 0;               // events on the page (all types)
  std::int64_t next = 0;
};
EventPage read_event_page(const boost::json::value& j);
/// Adds the page's alert.raised of `today` up to seq `until` to `per_window`.
void count_raised(const EventPage& page, std::int64_t until, const std::string& today, std::map<std::string, int>& per_window);

/// GET /api/scores (R-SCR-1, R-SCR-3, R-SCR-6).
struct DepartmentScore {
  std::string id;
  double points_start = 0, points_left = 0;
  bool advanced_eligible = false;
};
struct StaffScore {
  std::string id;
  std::int64_t bulletins = 0, verified_complaints = 0;
  bool excellent_eligible = false, return_flag = false;
};
struct Scores {
  std::vector<DepartmentScore> departments;
  std::vector<StaffScore> staff;
};
Scores read_scores(const boost::json::value& j);

/// GET /api/complaints (R-SVC-4).
struct ComplaintRow {
  std::string id, staff, window, text;
  std::optional<bool> verified;  // nullopt: not yet verified
};
std::vector<ComplaintRow> read_complaints(const boost::json::value& j);

}  // namespace hallq::console
