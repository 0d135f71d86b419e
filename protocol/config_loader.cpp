// Hall config loading: parse, read every field with its JSON path, then check the hall's rules
// that a config alone can break (R-AB-1, R-STF-3, …). The first problem wins and is reported as
// "FILE: PATH: problem".
#include "protocol/config_loader.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <type_traits>

#include "protocol/json_reader.hpp"

namespace hallq::proto {

namespace json = boost::json;
using namespace hallq::domain;

ConfigError::ConfigError(std::string file, std::string path, std::string problem)
    : std::runtime_error(file + ": " + path + ": " + problem),
      file_(std::move(file)),
      path_(std::move(path)),
      problem_(std::move(problem)) {}

namespace {

bool contains(const std::vector<std::string>& v, std::string_view x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

LocalDate read_date(const Node& n) {
  const auto d = parse_date(n.str());
  if (!d) n.fail("must be a date like \"2026-10-01\"");
  return *d;
}

void read_hall(const Node& n, HallInfo& h) {
  n.only({"id", "name", "utc_offset", "sessions", "workdays", "holidays", "extra_workdays", "notice", "duty"});
  h.id = n["id"].str();
  h.name = n["name"].str();
  const auto off = parse_offset(n["utc_offset"].str_or("+08:00"));
  if (!off) n["utc_offset"].fail("must be an offset like \"+08:00\"");
  h.utc_offset = *off;

  const Node sessions = n["sessions"];
  const auto& arr = sessions.array();
  if (arr.empty()) sessions.fail("must list at least one session, e.g. [\"09:00\", \"12:00\"] (R-HRS-1)");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const Node s = sessions.at(i);
    if (s.array().size() != 2) s.fail("must be [open, close], e.g. [\"09:00\", \"12:00\"]");
    const auto open = parse_clock(s.at(0).str()), close = parse_clock(s.at(1).str());
    if (!open) s.at(0).fail("must be a time like \"09:00\"");
    if (!close) s.at(1).fail("must be a time like \"12:00\"");
    if (*close <= *open) s.fail("closes before it opens");
    if (!h.sessions.empty() && *open < h.sessions.back().close) s.fail("overlaps or precedes the session before it");
    h.sessions.push_back(Session{*open, *close});
  }

  const Node wd = n["workdays"];
  if (wd.present()) {
    for (std::size_t i = 0; i < wd.array().size(); ++i) {
      const auto d = wd.at(i).integer();
      if (d < 1 || d > 7) wd.at(i).fail("must be an ISO weekday 1 (Monday) … 7 (Sunday)");
      if (std::find(h.workdays.begin(), h.workdays.end(), static_cast<int>(d)) != h.workdays.end())
        wd.at(i).fail("is listed twice");
      h.workdays.push_back(static_cast<int>(d));
    }
  } else {
    h.workdays = {1, 2, 3, 4, 5};
  }
  for (const char* key : {"holidays", "extra_workdays"}) {
    const Node list = n[key];
    if (!list.present()) continue;
    auto& out = std::string_view(key) == "holidays" ? h.holidays : h.extra_workdays;
    for (std::size_t i = 0; i < list.array().size(); ++i) out.push_back(read_date(list.at(i)));
  }
  if (const Node duty = n["duty"]; duty.present()) {  // R-HRS-2; references are checked with the rosters
    for (std::size_t i = 0; i < duty.array().size(); ++i) {
      const Node d = duty.at(i);
      d.only({"date", "windows", "staff"});
      DutyDay day;
      day.date = read_date(d["date"]);
      day.windows = d["windows"].str_list();
      if (day.windows.empty()) d["windows"].fail("must name at least one duty window (R-HRS-2)");
      day.staff = d["staff"].str_list();
      if (day.staff.empty()) d["staff"].fail("must name at least one duty staff member (R-HRS-2)");
      h.duty.push_back(std::move(day));
    }
  }
  h.notice = n["notice"].str_or("");
}

// One policy parameter from JSON, typed by the field it overrides.
struct ParamReader {
  const Node& node;
  std::string_view key;
  bool matched = false;

  void operator()(std::string_view name, int& field) {
    if (name != key) return;
    matched = true;
    const auto v = node.integer();
    if (v < 0 || v > 1'000'000) node.fail("must be a whole number from 0 to 1000000");
    field = static_cast<int>(v);
  }
  void operator()(std::string_view name, double& field) {
    if (name != key) return;
    matched = true;
    const double v = node.number();
    if (v < 0) node.fail("must not be negative");
    field = v;
  }
  void operator()(std::string_view name, bool& field) {
    if (name != key) return;
    matched = true;
    field = node.boolean();
  }
  void operator()(std::string_view name, std::string& field) {
    if (name != key) return;
    matched = true;
    field = node.str();
  }
  void operator()(std::string_view name, std::vector<std::string>& field) {
    if (name != key) return;
    matched = true;
    field = node.str_list();
    for (std::size_t i = 0; i < field.size(); ++i) {
      const auto role = parse_staff_role(field[i]);
      if (!role || *role == StaffRole::staff)
        node.at(i).fail("must be an approver role: department_head, supervisor, deputy_head or admin");
    }
    // An empty filing list or special chain means "none" / "the ordinary chain" (R-LV-*, R-OFF-4).
    if (field.empty() && (name == "leave_chain_short" || name == "leave_chain_long"))
      node.fail("must name at least one approver role");
  }
  void operator()(std::string_view name, std::map<std::string, int>& field) {
    if (name != key) return;
    matched = true;
    field.clear();  // a hall's own judgement items replace the profile's (R-SCR-5)
    for (const auto& kv : node.object()) {
      const Node item = node[kv.key()];
      const std::string id(kv.key());
      if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
        item.fail("item ids are lower-case letters and _, e.g. \"de\" or \"negative_impact\"");
      const auto v = item.integer();
      if (v < 0 || v > 100) item.fail("must be a weight from 0 to 100");
      field[id] = static_cast<int>(v);
    }
  }
  void operator()(std::string_view name, std::map<std::string, double>& field) {
    if (name != key) return;
    matched = true;
    for (const auto& kv : node.object()) {  // merged over the profile's catalog (R-SCR-2)
      const Node item = node[kv.key()];
      const double v = item.number();
      if (v < 0) item.fail("must not be negative");
      field[std::string(kv.key())] = v;
    }
  }
};

Policy read_policy(const Node& n) {
  const std::string name = n["profile"].str();
  const Policy* base = find_profile(name);
  if (!base) {
    std::string known;
    for (const auto& p : profile_names()) known += (known.empty() ? "" : ", ") + p;
    n["profile"].fail("unknown policy profile " + quoted(name) + " (known: " + known + ")");
  }
  Policy p = *base;
  for (const auto& kv : n.object()) {
    if (kv.key() == "profile") continue;
    const Node item = n[kv.key()];
    ParamReader reader{item, kv.key()};
    visit_policy_params(p, reader);
    if (!reader.matched) item.fail("is not a policy parameter");
  }
  if (p.warn_ratio > 1.0) n["warn_ratio"].fail("must be between 0 and 1 (R-SVC-2)");
  if (p.promise_max_percent_of_legal < 1 || p.promise_max_percent_of_legal > 100)
    n["promise_max_percent_of_legal"].fail("must be a percentage from 1 to 100 (R-SVC-1)");
  if (p.case_extension_max_days < 0 || p.case_extension_max_days > 3'650)
    n["case_extension_max_days"].fail("must be a number of working days from 0 to 3650 (R-CASE-3)");
  int weights = p.weight_attendance + p.weight_discipline + p.weight_caseload + p.weight_efficiency + p.weight_satisfaction;
  for (const auto& [item, w] : p.judgement_weights) weights += w;
  if (weights != 100)
    n.fail("quarterly grade weights (the five weight_* and judgement_weights) must add up to 100, they add up to " +
           std::to_string(weights) + " (R-SCR-5)");
  if (p.max_recalls < 0) n["max_recalls"].fail("must not be negative");
  if (p.live_retention_days < 0 || p.live_retention_days > 36'600)
    n["live_retention_days"].fail("must be a number of days from 0 (keep everything) to 36600");
  return p;
}

template <class T, class Fn>
std::vector<T> read_list(const Node& n, Fn read_one) {
  std::vector<T> out;
  const auto& arr = n.array();
  out.reserve(arr.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const Node item = n.at(i);
    T t = read_one(item);
    if (!ids.insert(t.id).second) item["id"].fail("duplicate id " + quoted(t.id));
    out.push_back(std::move(t));
  }
  return out;
}

bool all_upper(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_id(const Node& n, const std::string& id) {
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) n.fail("id " + quoted(id) + " may use only letters, digits, '-' and '_'");
  }
}

HallConfig read_config(const Node& root, Secrets secrets) {
  root.only({"hall", "policy", "departments", "services", "windows", "staff", "devices", "rotation_reasons"});
  HallConfig c;
  read_hall(root["hall"], c.hall);
  c.policy = read_policy(root["policy"]);

  const Node deps = root["departments"];
  c.departments = read_list<Department>(deps, [](const Node& n) {
    n.only({"id", "name", "chief"});
    Department d{n["id"].str(), n["name"].str(), n["chief"].str_or("")};
    check_id(n["id"], d.id);
    return d;
  });
  if (c.departments.empty()) deps.fail("must list at least one department");

  const Node staff = root["staff"];
  c.staff = read_list<Staff>(staff, [secrets](const Node& n) {
    n.only({"id", "name", "department", "role", "pin", "skills", "posted_on", "employment", "rotation_reason"});
    Staff s;
    s.id = n["id"].str();
    check_id(n["id"], s.id);
    s.name = n["name"].str();
    s.department = n["department"].str();
    const std::string role = n["role"].str_or("staff");
    const auto r = parse_staff_role(role);
    if (!r) n["role"].fail("unknown role " + quoted(role) + " (staff, supervisor, department_head, deputy_head, admin)");
    s.role = *r;
    if (secrets == Secrets::required || n["pin"].present()) {
      s.pin = n["pin"].str();
      if (!all_digits(s.pin) || s.pin.size() < 4 || s.pin.size() > 12) n["pin"].fail("must be 4 to 12 digits");
    }
    if (n["skills"].present()) s.skills = n["skills"].str_list();
    if (n["posted_on"].present()) {  // R-STF-1
      s.posted_on = parse_date(n["posted_on"].str());
      if (!s.posted_on) n["posted_on"].fail("must be a date like 2026-03-01 (R-STF-1)");
    }
    s.employment = n["employment"].str_or("");
    s.rotation_reason = n["rotation_reason"].str_or("");
    return s;
  });

  const Node services = root["services"];
  c.services = read_list<Service>(services, [&c](const Node& n) {
    n.only({"id", "name", "prefix", "department", "promise_minutes", "service_minutes", "legal_days", "promise_days", "kind"});
    Service s;
    s.id = n["id"].str();
    check_id(n["id"], s.id);
    s.name = n["name"].str();
    s.prefix = n["prefix"].str();
    if (!all_upper(s.prefix) || s.prefix.size() > 2) n["prefix"].fail("must be one or two capital letters (R-Q-1)");
    s.department = n["department"].str();
    const auto promise = n["promise_minutes"].integer();
    if (promise <= 0 || promise > 100'000) n["promise_minutes"].fail("must be a positive number of minutes (R-SVC-1)");
    s.promise_minutes = static_cast<int>(promise);
    const auto typical = n["service_minutes"].integer_or(0);
    if (typical < 0 || typical > 100'000) n["service_minutes"].fail("must be a positive number of minutes");
    s.service_minutes = static_cast<int>(typical);
    // R-SVC-1: the promised time limit of the case, in working days, never above the legal one.
    const auto legal = n["legal_days"].integer_or(0);
    if (legal < 0 || legal > 3'650) n["legal_days"].fail("must be a number of working days from 0 to 3650 (R-SVC-1)");
    const auto promised = n["promise_days"].integer_or(0);
    if (promised < 0 || promised > 3'650) n["promise_days"].fail("must be a number of working days from 0 to 3650 (R-SVC-1)");
    s.legal_days = static_cast<int>(legal);
    s.promise_days = static_cast<int>(promised);
    s.kind = n["kind"].str_or(s.promise_days > 0 ? "commitment" : "instant");
    if (s.kind != "instant" && s.kind != "commitment") n["kind"].fail("must be \"instant\" (即办件) or \"commitment\" (承诺件)");
    if (s.kind == "instant" && s.promise_days > 0)
      n["promise_days"].fail("service " + s.id + " is instant (即办件, done at the counter): promise_days must be 0 (R-SVC-1)");
    if (s.kind == "commitment" && s.promise_days == 0)
      n["promise_days"].fail("service " + s.id + " is a commitment case (承诺件): promise_days must be at least 1 (R-SVC-1)");
    if (s.promise_days > 0 && s.legal_days == 0)
      n["legal_days"].fail("service " + s.id + " promises " + std::to_string(s.promise_days) +
                           " working days: give its statutory limit in legal_days (R-SVC-1)");
    if (s.legal_days > 0 && s.promise_days > s.legal_days)
      n["promise_days"].fail("service " + s.id + " promises " + std::to_string(s.promise_days) +
                             " working days, more than its legal limit of " + std::to_string(s.legal_days) + " (R-SVC-1)");
    const int share = c.policy.promise_max_percent_of_legal;
    if (s.legal_days > 0 && s.promise_days * 100 > s.legal_days * share)
      n["promise_days"].fail("service " + s.id + " promises " + std::to_string(s.promise_days) + " of " +
                             std::to_string(s.legal_days) + " legal working days; profile " + c.policy.profile +
                             " allows at most " + std::to_string(share) + " % of the legal limit (R-SVC-1)");
    return s;
  });
  if (c.services.empty()) services.fail("must list at least one service");

  const Node windows = root["windows"];
  c.windows = read_list<Window>(windows, [](const Node& n) {
    n.only({"id", "number", "name", "department", "services", "a", "b", "delivery"});
    Window w;
    w.id = n["id"].str();
    check_id(n["id"], w.id);
    const auto number = n["number"].integer();
    if (number <= 0 || number > 100'000) n["number"].fail("must be a positive window number");
    w.number = static_cast<int>(number);
    w.name = n["name"].str();
    w.department = n["department"].str();
    w.services = n["services"].str_list();
    if (w.services.empty()) n["services"].fail("must list at least one service (R-Q-2)");
    w.a = n["a"].str_list();
    w.b = n["b"].present() ? n["b"].str_list() : std::vector<std::string>{};
    w.delivery = n["delivery"].present() && n["delivery"].boolean();  // 统一出件 (R-CASE-4)
    return w;
  });
  if (c.windows.empty()) windows.fail("must list at least one window");

  if (const Node reasons = root["rotation_reasons"]; reasons.present()) {  // R-STF-1, staff no longer listed
    for (const auto& [id, v] : reasons.object()) {
      const Node r = reasons[id];
      c.rotation_reasons[std::string(id)] = r.str();
    }
  }

  const Node devices = root["devices"];
  if (devices.present()) {
    c.devices = read_list<Device>(devices, [](const Node& n) {
      n.only({"id", "role", "token"});
      Device d;
      d.id = n["id"].str();
      check_id(n["id"], d.id);
      const std::string role = n["role"].str();
      const auto r = parse_device_role(role);
      if (!r) n["role"].fail("unknown device role " + quoted(role) + " (kiosk, display, sensor)");
      d.role = *r;
      d.token = n["token"].str();
      if (d.token.size() < 8) n["token"].fail("must be at least 8 characters");
      return d;
    });
  }
  c.index();

  // [SECTION] cross-references
  for (std::size_t i = 0; i < c.staff.size(); ++i) {
    const auto& s = c.staff[i];
    const Node n = staff.at(i);
    if (!c.find_department(s.department)) n["department"].fail("unknown department " + quoted(s.department));
    if (s.skills)
      for (std::size_t k = 0; k < s.skills->size(); ++k)
        if (!c.find_service((*s.skills)[k])) n["skills"].at(k).fail("unknown service " + quoted((*s.skills)[k]));
  }
  std::map<std::string, std::string> prefixes;
  for (std::size_t i = 0; i < c.services.size(); ++i) {
    const auto& s = c.services[i];
    const Node n = services.at(i);
    if (!c.find_department(s.department)) n["department"].fail("unknown department " + quoted(s.department));
    const auto [it, fresh] = prefixes.emplace(s.prefix, s.id);
    if (!fresh) n["prefix"].fail("prefix " + quoted(s.prefix) + " is already used by service " + quoted(it->second) + " (R-Q-1)");
  }
  std::set<int> numbers;
  std::map<std::string, int> resident;  // department → staff on some roster
  std::set<std::string> on_roster;
  for (std::size_t i = 0; i < c.windows.size(); ++i) {
    const auto& w = c.windows[i];
    const Node n = windows.at(i);
    if (!numbers.insert(w.number).second) n["number"].fail("window number " + std::to_string(w.number) + " is used twice");
    if (!c.find_department(w.department)) n["department"].fail("unknown department " + quoted(w.department));
    for (std::size_t k = 0; k < w.services.size(); ++k) {
      if (!c.find_service(w.services[k])) n["services"].at(k).fail("unknown service " + quoted(w.services[k]));
      if (std::count(w.services.begin(), w.services.end(), w.services[k]) > 1)
        n["services"].at(k).fail("service " + quoted(w.services[k]) + " is listed twice");
    }
    if (w.a.empty()) n["a"].fail("window " + w.id + " has no A staff (R-AB-1)");
    for (const char* key : {"a", "b"}) {
      const auto& list = std::string_view(key) == "a" ? w.a : w.b;
      for (std::size_t k = 0; k < list.size(); ++k) {
        const Staff* s = c.find_staff(list[k]);
        if (!s) n[key].at(k).fail("unknown staff " + quoted(list[k]));
        if (std::count(list.begin(), list.end(), list[k]) > 1) n[key].at(k).fail("staff " + quoted(list[k]) + " is listed twice");
        if (on_roster.insert(s->id).second) ++resident[s->department];
      }
    }
    for (std::size_t k = 0; k < w.b.size(); ++k)
      if (contains(w.a, w.b[k]))
        n["b"].at(k).fail("staff " + quoted(w.b[k]) + " cannot be both A and B of window " + w.id + " (R-AB-1)");
  }
  // R-AB-1: every post has a B who can take it over, i.e. one person qualified for *all* its
  // services (take-over checks exactly that). A service nobody on the B roster knows is named
  // first; otherwise the B closest to qualifying and what they lack.
  for (std::size_t i = 0; i < c.windows.size(); ++i) {
    const auto& w = c.windows[i];
    const Node n = windows.at(i)["b"];
    if (w.b.empty()) n.fail("window " + w.id + " has no B substitute (R-AB-1)");
    for (const auto& sv : w.services) {
      const bool covered = std::any_of(w.b.begin(), w.b.end(),
                                       [&](const std::string& id) { return c.qualified(*c.find_staff(id), sv); });
      if (!covered) n.fail("window " + w.id + " has no B substitute qualified for service " + quoted(sv) + " (R-AB-1)");
    }
    std::string closest;
    std::vector<std::string> lacks;
    for (const auto& id : w.b) {
      std::vector<std::string> missing;
      for (const auto& sv : w.services)
        if (!c.qualified(*c.find_staff(id), sv)) missing.push_back(sv);
      if (missing.empty()) {
        closest.clear();
        break;
      }
      if (closest.empty() || missing.size() < lacks.size()) {
        closest = id;
        lacks = std::move(missing);
      }
    }
    if (!closest.empty()) {
      std::string names;
      for (const auto& sv : lacks) names += (names.empty() ? "" : ", ") + quoted(sv);
      n.fail("window " + w.id +
             " has no B substitute qualified for all its services, so nobody could take it over; "
             "the closest, " +
             closest + ", is not qualified for service " + names + " (R-AB-1)");
    }
  }
  // R-STF-3: a department with 2+ resident staff names a chief representative, who is one of
  // its own staff and sits on one of its windows' rosters.
  for (std::size_t i = 0; i < c.departments.size(); ++i) {
    const auto& d = c.departments[i];
    const Node n = deps.at(i)["chief"];
    if (!d.chief.empty()) {
      const Staff* chief = c.find_staff(d.chief);
      if (!chief) n.fail("unknown staff " + quoted(d.chief));
      if (chief->department != d.id)
        n.fail("chief representative " + d.chief + " is not staff of department " + d.id + " (R-STF-3)");
      const bool seated = std::any_of(c.windows.begin(), c.windows.end(), [&](const Window& w) {
        return w.department == d.id && (contains(w.a, d.chief) || contains(w.b, d.chief));
      });
      if (!seated)
        n.fail("chief representative " + d.chief + " is on no roster of a window of department " + d.id + " (R-STF-3)");
    } else if (resident[d.id] >= 2) {
      n.fail("department " + d.id + " has " + std::to_string(resident[d.id]) +
             " resident window staff but names no chief representative (R-STF-3)");
    }
  }
  // R-HRS-2: duty days are non-working days; each duty window has a duty person who may hold it.
  const Node duty = root["hall"]["duty"];
  std::set<LocalDate> duty_dates;
  for (std::size_t i = 0; i < c.hall.duty.size(); ++i) {
    const auto& d = c.hall.duty[i];
    const Node n = duty.at(i);
    const int weekday = domain::local_weekday(domain::local_midnight(d.date, c.hall.utc_offset), c.hall.utc_offset);
    if (c.is_workday(d.date, weekday))
      n["date"].fail(format_date(d.date) + " is a working day; a duty rota is for days the hall is otherwise closed (R-HRS-2)");
    if (!duty_dates.insert(d.date).second) n["date"].fail(format_date(d.date) + " has a duty rota already (R-HRS-2)");
    for (std::size_t k = 0; k < d.windows.size(); ++k) {
      const Window* w = c.find_window(d.windows[k]);
      if (!w) n["windows"].at(k).fail("unknown window " + quoted(d.windows[k]));
      const bool held = std::any_of(d.staff.begin(), d.staff.end(),
                                    [&](const std::string& s) { return contains(w->a, s) || contains(w->b, s); });
      if (!held)
        n["windows"].at(k).fail("no duty staff of " + format_date(d.date) + " is on the roster of window " + w->id +
                                ", so it would stand empty (R-HRS-2, R-EMP-1)");
    }
    for (std::size_t k = 0; k < d.staff.size(); ++k)
      if (!c.find_staff(d.staff[k])) n["staff"].at(k).fail("unknown staff " + quoted(d.staff[k]));
  }
  std::set<std::string> tokens;
  for (std::size_t i = 0; i < c.devices.size(); ++i)
    if (!tokens.insert(c.devices[i].token).second) devices.at(i)["token"].fail("token is used by another device");
  return c;
}

}  // namespace

HallConfig load_config_text(std::string_view text, const std::string& file, Secrets secrets) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.allow_trailing_commas = false;
  const json::value root = json::parse(text, ec, {}, opts);
  if (ec) throw ConfigError(file, "$", "not valid JSON: " + ec.message());
  if (!root.is_object()) throw ConfigError(file, "$", "must be a JSON object");
  try {
    return read_config(Node(&root, ""), secrets);
  } catch (const JsonFieldError& e) {
    throw ConfigError(file, e.path, e.problem);
  }
}

std::string public_config_json(std::string_view text) {
  json::value root = json::parse(text);
  auto& o = root.as_object();
  o.erase("devices");
  if (auto* staff = o.if_contains("staff"); staff && staff->is_array())
    for (auto& s : staff->as_array())
      if (s.is_object()) s.as_object().erase("pin");
  return json::serialize(root);
}

HallConfig load_config_file(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file, "$", "cannot be read (missing file or no permission)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_config_text(ss.str(), file);
}

}  // namespace hallq::proto
