// Workload defaults and the JSON profile reader (see workload.hpp).
#include "sim/model/workload.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace hallq::sim {

namespace json = boost::json;

const ServiceLoad* Workload::find(std::string_view service) const {
  for (const auto& s : services)
    if (s.service == service) return &s;
  return nullptr;
}

Workload default_workload(const domain::HallConfig& cfg, double load) {
  Workload w;
  // Morning peak right after opening, a slow last half hour before lunch; a smaller afternoon
  // wave. Weights hold from the time given until the next point; outside sessions nobody
  // gets a ticket anyway (R-HRS-1).
  w.curve = {{9 * 3600, 1.5},  {9 * 3600 + 1800, 1.8},  {10 * 3600, 1.6}, {10 * 3600 + 1800, 1.2},
             {11 * 3600, 1.0}, {11 * 3600 + 1800, 0.6}, {14 * 3600, 0.9}, {14 * 3600 + 1800, 1.3},
             {15 * 3600, 1.3}, {15 * 3600 + 1800, 1.1}, {16 * 3600, 0.8}, {16 * 3600 + 1800, 0.4}};
  double session_minutes = 0;
  for (const auto& s : cfg.hall.sessions) session_minutes += (s.close - s.open) / 60.0;
  std::map<std::string, double> per_day;
  for (const auto& win : cfg.windows) {
    double mean_minutes = 0;
    for (const auto& sv : win.services) {
      const auto* svc = cfg.find_service(sv);
      mean_minutes += svc && svc->service_minutes > 0 ? svc->service_minutes : cfg.policy.default_service_minutes;
    }
    mean_minutes /= static_cast<double>(std::max<std::size_t>(1, win.services.size()));
    const double capacity = load * session_minutes / std::max(1.0, mean_minutes);
    for (const auto& sv : win.services) per_day[sv] += capacity / static_cast<double>(win.services.size());
  }
  for (const auto& svc : cfg.services) {
    ServiceLoad s;
    s.service = svc.id;
    s.per_day = std::round(per_day[svc.id]);
    s.service_minutes = svc.service_minutes > 0 ? svc.service_minutes : cfg.policy.default_service_minutes;
    w.services.push_back(std::move(s));
  }
  // A few tickets are sent on to a related service of the same department (R-Q-5).
  for (auto& s : w.services) {
    const auto* svc = cfg.find_service(s.service);
    for (const auto& other : cfg.services)
      if (other.id != s.service && other.department == svc->department) {
        s.transfers.push_back({other.id, 0.03});
        break;
      }
  }
  return w;
}

namespace {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw WorkloadError(file_ + ": " + path + ": " + problem);
  }
  double number(const json::value& v, const std::string& path, double lo, double hi) const {
    double x = 0;
    if (v.is_double()) x = v.get_double();
    else if (v.is_int64())
      x = static_cast<double>(v.get_int64());
    else if (v.is_uint64())
      x = static_cast<double>(v.get_uint64());
    else
      fail(path, "must be a number");
    if (!(x >= lo && x <= hi)) fail(path, "must be between " + fmt(lo) + " and " + fmt(hi));
    return x;
  }
  std::string string(const json::value& v, const std::string& path) const {
    if (!v.is_string() || v.get_string().empty()) fail(path, "must be a non-empty string");
    return std::string(v.get_string());
  }
  const json::object& object(const json::value& v, const std::string& path) const {
    if (!v.is_object()) fail(path, "must be an object");
    return v.get_object();
  }
  const json::array& array(const json::value& v, const std::string& path) const {
    if (!v.is_array()) fail(path, "must be an array");
    return v.get_array();
  }
  void range(const json::object& o, const char* key, const std::string& path, double& lo, double& hi, double max) const {
    const auto* v = o.if_contains(key);
    if (!v) return;
    const auto p = path + "." + key;
    const auto& a = array(*v, p);
    if (a.size() != 2) fail(p, "must be [min, max]");
    lo = number(a[0], p + "[0]", 0, max);
    hi = number(a[1], p + "[1]", lo, max);
  }
  void field(const json::object& o, const char* key, const std::string& path, double& out, double lo, double hi) const {
    if (const auto* v = o.if_contains(key)) out = number(*v, path + "." + key, lo, hi);
  }
  static std::string fmt(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
  }

 private:
  std::string file_;
};

std::vector<std::string> strings(const Reader& r, const json::value& v, const std::string& path) {
  std::vector<std::string> out;
  const auto& a = r.array(v, path);
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(r.string(a[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

}  // namespace

Workload load_workload_text(std::string_view text, const std::string& file, const domain::HallConfig& cfg) {
  Workload w = default_workload(cfg);
  const Reader r(file);
  json::value root;
  try {
    root = json::parse(text);
  } catch (const std::exception& e) {
    r.fail("$", std::string("not JSON: ") + e.what());
  }
  const auto& o = r.object(root, "$");
  r.field(o, "volume", "$", w.volume, 0, 1000);
  if (const auto* v = o.if_contains("curve")) {
    w.curve.clear();
    const auto& a = r.array(*v, "$.curve");
    for (std::size_t i = 0; i < a.size(); ++i) {
      const auto p = "$.curve[" + std::to_string(i) + "]";
      const auto& pt = r.array(a[i], p);
      if (pt.size() != 2) r.fail(p, "must be [\"HH:MM\", weight]");
      const auto at = domain::parse_clock(r.string(pt[0], p + "[0]"));
      if (!at) r.fail(p + "[0]", "must be a time of day like \"09:30\"");
      if (!w.curve.empty() && *at <= w.curve.back().from) r.fail(p + "[0]", "times must rise");
      w.curve.push_back({*at, r.number(pt[1], p + "[1]", 0, 1e6)});
    }
  }
  if (const auto* v = o.if_contains("citizens")) {
    const std::string p = "$.citizens";
    const auto& c = r.object(*v, p);
    r.field(c, "green_share", p, w.green_share, 0, 1);
    r.field(c, "appointment_share", p, w.appointment_share, 0, 1);
    r.field(c, "appointment_absent", p, w.appointment_absent, 0, 1);
    r.field(c, "no_show_share", p, w.no_show_share, 0, 1);
    r.range(c, "walk_seconds", p, w.walk_min_seconds, w.walk_max_seconds, 600);
    r.field(c, "recall_seconds", p, w.recall_seconds, 1, 3600);
    r.field(c, "rate_share", p, w.rate_share, 0, 1);
    if (const auto* rw = c.if_contains("rating_weights")) {
      const auto& a = r.array(*rw, p + ".rating_weights");
      if (a.size() != 5) r.fail(p + ".rating_weights", "must list 5 weights, for levels 1..5");
      for (std::size_t i = 0; i < 5; ++i)
        w.rating_weights[i] = r.number(a[i], p + ".rating_weights[" + std::to_string(i) + "]", 0, 1e6);
    }
    r.field(c, "complaint_share", p, w.complaint_share, 0, 1);
    if (const auto* ct = c.if_contains("complaint_texts")) w.complaint_texts = strings(r, *ct, p + ".complaint_texts");
  }
  if (const auto* v = o.if_contains("services")) {
    const auto& svcs = r.object(*v, "$.services");
    for (const auto& [key, val] : svcs) {
      const auto p = "$.services." + std::string(key);
      ServiceLoad* s = nullptr;
      for (auto& x : w.services)
        if (x.service == key) s = &x;
      if (!s) r.fail(p, "no service \"" + std::string(key) + "\" in the hall config");
      const auto& so = r.object(val, p);
      r.field(so, "per_day", p, s->per_day, 0, 1e6);
      r.field(so, "service_minutes", p, s->service_minutes, 0.1, 600);
      r.field(so, "service_cv", p, s->service_cv, 0, 5);
      r.field(so, "incomplete_share", p, s->incomplete_share, 0, 1);
      if (const auto* m = so.if_contains("missing")) {
        s->missing = strings(r, *m, p + ".missing");
        if (s->missing.empty()) r.fail(p + ".missing", "must name at least one document");
      }
      if (const auto* t = so.if_contains("transfers")) {
        s->transfers.clear();
        for (const auto& [to, share] : r.object(*t, p + ".transfers")) {
          const auto tp = p + ".transfers." + std::string(to);
          if (!cfg.find_service(to)) r.fail(tp, "no service \"" + std::string(to) + "\" in the hall config");
          if (to == key) r.fail(tp, "a ticket cannot be transferred to its own service");
          s->transfers.push_back({std::string(to), r.number(share, tp, 0, 1)});
        }
      }
    }
  }
  if (const auto* v = o.if_contains("staff")) {
    const std::string p = "$.staff";
    const auto& s = r.object(*v, p);
    r.range(s, "sign_in_early_minutes", p, w.sign_in_early_min, w.sign_in_early_max, 240);
    r.field(s, "late_share", p, w.late_share, 0, 1);
    r.range(s, "late_minutes", p, w.late_min, w.late_max, 240);
    double leave = w.leave_per_day;
    r.field(s, "leave_per_day", p, leave, 0, 1000);
    w.leave_per_day = static_cast<int>(leave);
    r.field(s, "trips_per_session", p, w.trips_per_session, 0, 50);
    if (const auto* t = s.if_contains("trips")) {
      w.trips.clear();
      const auto& a = r.array(*t, p + ".trips");
      for (std::size_t i = 0; i < a.size(); ++i) {
        const auto tp = p + ".trips[" + std::to_string(i) + "]";
        const auto& to = r.object(a[i], tp);
        TripKind k;
        if (!to.contains("reason") || !to.contains("destination")) r.fail(tp, "needs reason and destination (R-OFF-1)");
        k.reason = r.string(to.at("reason"), tp + ".reason");
        k.destination = r.string(to.at("destination"), tp + ".destination");
        double m = k.expected_minutes;
        r.field(to, "expected_minutes", tp, m, 1, 1440);
        k.expected_minutes = static_cast<int>(m);
        r.field(to, "weight", tp, k.weight, 0, 1e6);
        w.trips.push_back(std::move(k));
      }
      if (w.trips.empty() && w.trips_per_session > 0) r.fail(p + ".trips", "must list at least one trip kind");
    }
    r.field(s, "overdue_share", p, w.overdue_share, 0, 1);
    r.range(s, "overdue_minutes", p, w.overdue_min, w.overdue_max, 600);
    r.field(s, "unreported_share", p, w.unreported_share, 0, 1);
    r.range(s, "unreported_minutes", p, w.unreported_min, w.unreported_max, 600);
    r.range(s, "sensor_detect_minutes", p, w.sensor_detect_min, w.sensor_detect_max, 600);
    if (const auto* cd = s.if_contains("cover_delay_minutes")) {
      const auto& c = r.object(*cd, p + ".cover_delay_minutes");
      r.field(c, "mean", p + ".cover_delay_minutes", w.cover_delay_mean, 0, 600);
      r.field(c, "cv", p + ".cover_delay_minutes", w.cover_delay_cv, 0, 5);
    }
    r.field(s, "no_cover_share", p, w.no_cover_share, 0, 1);
    r.field(s, "supervisor_round_minutes", p, w.supervisor_round_minutes, 1, 600);
    r.field(s, "ack_share", p, w.ack_share, 0, 1);
  }
  if (const auto* v = o.if_contains("cases")) {  // R-CASE-1 … R-CASE-5
    const std::string p = "$.cases";
    const auto& c = r.object(*v, p);
    r.field(c, "accept_share", p, w.case_accept_share, 0, 1);
    r.field(c, "decide_share", p, w.case_decide_share, 0, 1);
    r.field(c, "refuse_share", p, w.case_refuse_share, 0, 1);
    r.range(c, "decide_minutes", p, w.case_decide_min, w.case_decide_max, 1440);
    r.field(c, "deliver_share", p, w.case_deliver_share, 0, 1);
    r.range(c, "deliver_minutes", p, w.case_deliver_min, w.case_deliver_max, 1440);
    r.field(c, "notice_deliver_share", p, w.notice_deliver_share, 0, 1);
    r.range(c, "notice_deliver_minutes", p, w.notice_deliver_min, w.notice_deliver_max, 1440);
    r.field(c, "backlog_decide_share", p, w.case_backlog_decide_share, 0, 1);
    r.field(c, "backlog_deliver_share", p, w.case_backlog_deliver_share, 0, 1);
    r.field(c, "extend_share", p, w.case_extend_share, 0, 1);
    if (const auto* d = c.if_contains("extend_days")) {
      const double days = r.number(*d, p + ".extend_days", 1, 60);
      if (days != std::floor(days)) r.fail(p + ".extend_days", "must be a whole number of working days");
      w.case_extend_days = static_cast<int>(days);
    }
  }
  return w;
}

Workload load_workload_file(const std::string& file, const domain::HallConfig& cfg) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw WorkloadError(file + ": $: cannot be read (missing file or no permission)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_workload_text(ss.str(), file, cfg);
}

std::string workload_path_for(const std::string& hall_config_path) {
  const std::string ext = ".json";
  if (hall_config_path.size() > ext.size() && hall_config_path.ends_with(ext))
    return hall_config_path.substr(0, hall_config_path.size() - ext.size()) + ".workload.json";
  return hall_config_path + ".workload.json";
}

}  // namespace hallq::sim
