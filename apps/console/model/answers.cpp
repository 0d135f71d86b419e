#include "console/model/answers.hpp"

#include <boost/json.hpp>

namespace hallq::console {

namespace json = boost::json;

namespace {

const json::value* field(const json::value& v, const char* key) {
  return v.is_object() ? v.as_object().if_contains(key) : nullptr;
}

std::string str(const json::value& v, const char* key) {
  const auto* x = field(v, key);
  return x && x->is_string() ? std::string(x->as_string()) : std::string();
}

double num(const json::value& v, const char* key) {
  const auto* x = field(v, key);
  if (x && x->is_double()) return x->as_double();
  if (x && x->is_int64()) return static_cast<double>(x->as_int64());
  return 0;
}

std::int64_t integer(const json::value& v, const char* key) {
  const auto* x = field(v, key);
  return x && x->is_int64() ? x->as_int64() : 0;
}

bool flag(const json::value& v, const char* key) {
  const auto* x = field(v, key);
  return x && x->is_bool() && x->as_bool();
}

const json::array* list(const json::value& v, const char* key) {
  const auto* x = field(v, key);
  return x && x->is_array() ? &x->as_array() : nullptr;
}

}  // namespace

std::string error_message(const std::optional<json::value>& j, const std::string& body) {
  if (!j || !j->is_object()) return body.substr(0, 200);
  const auto* e = field(*j, "error");
  return e ? str(*e, "message") : std::string();
}

std::optional<LoginAnswer> read_login(const json::value& j) {
  const auto* staff = field(j, "staff");
  if (!staff || !staff->is_object()) return std::nullopt;
  LoginAnswer a{Principal{str(*staff, "id"), str(*staff, "name"), str(*staff, "role")}, str(j, "token")};
  if (a.who.id.empty()) return std::nullopt;
  return a;
}

std::string read_called_number(const json::value& j) {
  const auto* t = field(j, "ticket");
  return t && t->is_object() ? str(*t, "number") : std::string();
}

std::optional<OpenedCase> read_opened_case(const json::value& j) {
  const auto* k = field(j, "case");
  if (!k || !k->is_object()) return std::nullopt;
  return OpenedCase{str(*k, "number"), str(*k, "due_date")};
}

std::int64_t read_health_seq(const json::value& j) { return integer(j, "seq"); }

EventPage read_event_page(const json::value& j) {
  EventPage p;
  if (const auto* evs = list(j, "events")) {
    p.count = evs->size();
    for (const auto& ev : *evs)
      if (const auto* seq = field(ev, "seq");
          seq && seq->is_int64() && str(ev, "type") == "alert.raised" && !str(ev, "window").empty())
        p.raised.push_back(RaisedAlertRow{seq->as_int64(), str(ev, "window"), str(ev, "at")});
  }
  p.next = integer(j, "next");
  return p;
}

void count_raised(const EventPage& page, std::int64_t until, const std::string& today, std::map<std::string, int>& per_window) {
  for (const auto& r : page.raised)
    if (r.seq <= until && r.at.rfind(today, 0) == 0) ++per_window[r.window];
}

Scores read_scores(const json::value& j) {
  Scores s;
  if (const auto* ds = list(j, "departments"))
    for (const auto& d : *ds)
      s.departments.push_back(
          DepartmentScore{str(d, "id"), num(d, "points_start"), num(d, "points_left"), flag(d, "advanced_eligible")});
  if (const auto* ps = list(j, "staff"))
    for (const auto& p : *ps)
      s.staff.push_back(StaffScore{str(p, "id"), integer(p, "bulletins"), integer(p, "verified_complaints"),
                                   flag(p, "excellent_eligible"), flag(p, "return_flag")});
  return s;
}

std::vector<ComplaintRow> read_complaints(const json::value& j) {
  std::vector<ComplaintRow> out;
  if (const auto* cs = list(j, "complaints"))
    for (const auto& c : *cs) {
      ComplaintRow r{str(c, "id"), str(c, "staff"), str(c, "window"), str(c, "text"), std::nullopt};
      if (const auto* v = field(c, "verified"); v && v->is_bool()) r.verified = v->as_bool();
      out.push_back(std::move(r));
    }
  return out;
}

}  // namespace hallq::console
