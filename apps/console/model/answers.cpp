#include "console/model/answers.hpp"

#include <boost/json.hpp>

#include "protocol/json_fields.hpp"

namespace hallq::console {

namespace json = boost::json;

using proto::fields::array;
using proto::fields::find;
using proto::fields::flag;
using proto::fields::integer;
using proto::fields::number;
using proto::fields::str;

std::string error_message(const std::optional<json::value>& j, const std::string& body) {
  if (!j || !j->is_object()) return body.substr(0, 200);
  const auto* e = find(*j, "error");
  return e ? str(*e, "message") : std::string();
}

std::optional<LoginAnswer> read_login(const json::value& j) {
  const auto* staff = find(j, "staff");
  if (!staff || !staff->is_object()) return std::nullopt;
  LoginAnswer a{Principal{str(*staff, "id"), str(*staff, "name"), str(*staff, "role")}, str(j, "token")};
  if (a.who.id.empty()) return std::nullopt;
  return a;
}

std::string read_called_number(const json::value& j) {
  const auto* t = find(j, "ticket");
  return t && t->is_object() ? str(*t, "number") : std::string();
}

std::optional<OpenedCase> read_opened_case(const json::value& j) {
  const auto* k = find(j, "case");
  if (!k || !k->is_object()) return std::nullopt;
  return OpenedCase{str(*k, "number"), str(*k, "due_date")};
}

std::int64_t read_health_seq(const json::value& j) { return integer(j, "seq"); }

EventPage read_event_page(const json::value& j) {
  EventPage p;
  const auto& evs = array(j, "events");
  p.count = evs.size();
  for (const auto& ev : evs)
    if (const auto* seq = find(ev, "seq");
        seq && seq->is_int64() && str(ev, "type") == "alert.raised" && !str(ev, "window").empty())
      p.raised.push_back(RaisedAlertRow{seq->as_int64(), str(ev, "window"), str(ev, "at")});
  p.next = integer(j, "next");
  return p;
}

void count_raised(const EventPage& page, std::int64_t until, const std::string& today, std::map<std::string, int>& per_window) {
  for (const auto& r : page.raised)
    if (r.seq <= until && r.at.rfind(today, 0) == 0) ++per_window[r.window];
}

Scores read_scores(const json::value& j) {
  Scores s;
  for (const auto& d : array(j, "departments"))
    s.departments.push_back(
        DepartmentScore{str(d, "id"), number(d, "points_start"), number(d, "points_left"), flag(d, "advanced_eligible")});
  for (const auto& p : array(j, "staff"))
    s.staff.push_back(StaffScore{str(p, "id"), integer(p, "bulletins"), integer(p, "verified_complaints"),
                                 flag(p, "excellent_eligible"), flag(p, "return_flag")});
  return s;
}

std::vector<ComplaintRow> read_complaints(const json::value& j) {
  std::vector<ComplaintRow> out;
  for (const auto& c : array(j, "complaints")) {
    ComplaintRow r{str(c, "id"), str(c, "staff"), str(c, "window"), str(c, "text"), std::nullopt};
    if (const auto* v = find(c, "verified"); v && v->is_bool()) r.verified = v->as_bool();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace hallq::console
