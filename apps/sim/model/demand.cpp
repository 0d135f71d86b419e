// Demand for the capacity planner, from a workload profile or from a day's event log.
#include <boost/json.hpp>

#include <cmath>
#include <set>

#include "protocol/json_fields.hpp"
#include "sim/model/day_plan.hpp"
#include "sim/model/erlang.hpp"
#include "sim/model/workload.hpp"

namespace hallq::sim {

namespace json = boost::json;

std::vector<Demand> demand_from_workload(const domain::HallConfig& cfg, const Workload& w) {
  // Integrate the curve per hour (minute resolution is plenty).
  std::map<int, double> hour_weight;
  double total = 0;
  for (std::int32_t m = 0; m < 24 * 60; ++m) {
    const double x = curve_weight(cfg, w, m * 60);
    hour_weight[m / 60] += x;
    total += x;
  }
  std::vector<Demand> out;
  for (const auto& s : w.services) {
    Demand d;
    d.service = s.service;
    d.service_minutes = s.service_minutes;
    d.service_cv = s.service_cv;
    if (total > 0)
      for (const auto& [h, x] : hour_weight)
        if (x > 0) d.arrivals_per_hour[h] = s.per_day * w.volume * x / total;
    out.push_back(std::move(d));
  }
  return out;
}

using proto::fields::str;

std::vector<Demand> demand_from_events(const std::vector<json::object>& events, const domain::HallConfig& cfg) {
  const auto offset = cfg.hall.utc_offset;
  std::set<std::string> days;
  std::map<std::string, std::map<int, double>> arrivals;
  std::map<std::string, std::vector<double>> handling;
  std::map<std::string, std::pair<std::string, domain::Time>> started;  // ticket → service, start
  for (const auto& e : events) {
    const auto at = domain::parse_time(str(e, "at"), offset);
    if (!at) continue;
    const std::string type = str(e, "type");
    if (type == "ticket.issued") {
      days.insert(domain::format_date(domain::local_date(*at, offset)));
      arrivals[str(e, "service")][domain::local_seconds_of_day(*at, offset) / 3600] += 1;
    } else if (type == "ticket.started") {
      started[str(e, "ticket")] = {str(e, "service"), *at};
    } else if (type == "ticket.finished" || type == "ticket.transferred") {
      const auto it = started.find(str(e, "ticket"));
      if (it == started.end()) continue;
      handling[it->second.first].push_back(static_cast<double>(*at - it->second.second) / 60.0);
      started.erase(it);
    }
  }
  const double n_days = static_cast<double>(std::max<std::size_t>(1, days.size()));
  std::vector<Demand> out;
  for (const auto& svc : cfg.services) {
    Demand d;
    d.service = svc.id;
    d.service_minutes = svc.service_minutes > 0 ? svc.service_minutes : cfg.policy.default_service_minutes;
    const auto& h = handling[svc.id];
    d.handled = h.size();
    if (h.size() >= 5) {
      double sum = 0, sq = 0;
      for (const double x : h) sum += x;
      const double mean = sum / static_cast<double>(h.size());
      for (const double x : h) sq += (x - mean) * (x - mean);
      d.service_minutes = std::max(0.1, mean);
      d.service_cv = std::sqrt(sq / static_cast<double>(h.size() - 1)) / d.service_minutes;
    }
    for (const auto& [hour, n] : arrivals[svc.id]) d.arrivals_per_hour[hour] = n / n_days;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace hallq::sim
