// The report as JSON: seconds for durations, rates in 0..1, every list with its event seqs.
#include <boost/json.hpp>

#include "report/report.hpp"

namespace hallq::report {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::value avg(std::int64_t sum, std::int64_t n) {
  return n > 0 ? json::value(static_cast<double>(sum) / static_cast<double>(n)) : json::value(nullptr);
}

json::object tally_json(const Tally& t) {
  json::array levels;
  for (auto c : t.ratings) levels.push_back(c);
  return json::object{
      {"issued", t.issued},
      {"finished", t.finished},
      {"done", t.done},
      {"incomplete", t.incomplete},
      {"no_show", t.no_show},
      {"cancelled", t.cancelled},
      {"transferred", t.transferred},
      {"open", t.open},
      {"wait_seconds", json::object{{"n", t.wait_n},
                                    {"avg", avg(t.wait_sum, t.wait_n)},
                                    {"p50", opt(t.wait.percentile(0.5))},
                                    {"p90", opt(t.wait.percentile(0.9))}}},
      {"service_seconds", json::object{{"n", t.service_n},
                                       {"avg", avg(t.service_sum, t.service_n)},
                                       {"p50", opt(t.service.percentile(0.5))},
                                       {"p90", opt(t.service.percentile(0.9))}}},
      {"ratings",
       json::object{{"count", t.rated()}, {"levels", std::move(levels)}, {"unsatisfied", 0}, {"satisfaction_rate", nullptr}}}};
}

// R-CASE-1 … R-CASE-5: the case figures of a row (see CaseFigures for the day each one counts on).
json::object cases_json(const CaseFigures& c) {
  return json::object{{"accepted", c.accepted},
                      {"approved", c.approved},
                      {"refused", c.refused},
                      {"completed_on_time", c.completed_on_time},
                      {"overdue", c.overdue},
                      {"extended", c.extended},
                      {"delivered", c.delivered},
                      {"decided", c.decided()},
                      {"average_working_days", opt(c.average_working_days())},
                      {"notices", c.notices},
                      {"notices_delivered", c.notices_delivered},
                      {"notices_delivered_in_time", c.notices_delivered_in_time},
                      {"rejected", c.rejected}};
}

json::object row_json(const Row& r, bool window) {
  json::object o{{"id", r.id}, {"name", r.name}};
  if (window) o["number"] = r.number;
  if (!r.department.empty() && r.department != r.id) o["department"] = r.department;
  o["tickets"] = tally_json(r.f.tickets);
  auto& ratings = o["tickets"].as_object()["ratings"].as_object();  // R-SVC-3 by the policy's levels
  ratings["unsatisfied"] = r.f.unsatisfied;
  ratings["satisfaction_rate"] = opt(r.f.satisfaction);
  o["alerts"] = r.f.alerts;
  o["empty_minutes"] = static_cast<double>(r.f.empty_seconds) / 60.0;
  o["violations"] = json::object{{"confirmed", r.f.violations_confirmed},
                                 {"proposed", r.f.violations_proposed},
                                 {"dismissed", r.f.violations_dismissed},
                                 {"points", r.f.points}};
  o["complaints"] = json::object{{"filed", r.f.complaints}, {"verified", r.f.complaints_verified}};
  if (!window) o["cases"] = cases_json(r.f.cases);  // windows receive no cases of their own
  return o;
}

json::array rows_json(const std::vector<Row>& rows, bool window = false) {
  json::array out;
  for (const auto& r : rows) out.push_back(row_json(r, window));
  return out;
}

json::array seqs(const std::vector<std::int64_t>& v) {
  json::array out;
  for (auto s : v) out.push_back(s);
  return out;
}

json::value time_or_null(std::int64_t t, domain::UtcOffset off) {
  return t != 0 ? json::value(domain::format_time(t, off)) : json::value(nullptr);
}

}  // namespace

std::string render_json(const Report& r) {
  const auto off = r.offset;
  json::object o;
  o["report"] = to_string(r.period.kind);
  o["period"] = json::object{{"label", r.period.label}, {"from", r.period.from}, {"to", r.period.to}};
  o["hall"] = json::object{{"id", r.hall_id}, {"name", r.hall_name}, {"profile", r.profile}};
  o["generated_at"] = r.generated_at;
  o["source"] = json::object{{"first_seq", r.first_seq}, {"last_seq", r.last_seq}};
  o["open_days"] = r.open_days;
  o["totals"] = row_json(r.hall, false);
  o["windows"] = rows_json(r.windows, true);
  o["staff"] = rows_json(r.staff);
  o["departments"] = rows_json(r.departments);
  o["services"] = rows_json(r.services);
  json::array trend;
  for (const auto& p : r.trend)
    trend.push_back(json::object{{"label", p.label},
                                 {"issued", p.issued},
                                 {"finished", p.finished},
                                 {"no_show", p.no_show},
                                 {"wait_p50_seconds", opt(p.wait_p50)}});
  o["trend"] = json::object{{"unit", r.trend_unit}, {"points", std::move(trend)}};
  json::array kinds;
  for (const auto& k : r.alert_kinds)
    kinds.push_back(json::object{{"kind", k.kind}, {"count", k.count}, {"max_level", k.max_level}});
  o["alert_kinds"] = std::move(kinds);
  if (r.period.kind == Kind::daily) {
    json::array alerts;
    for (const auto& a : r.alerts)
      alerts.push_back(json::object{{"id", a.alert},
                                    {"kind", a.kind},
                                    {"level", a.level},
                                    {"window", a.window.empty() ? json::value(nullptr) : json::value(a.window)},
                                    {"staff", a.staff.empty() ? json::value(nullptr) : json::value(a.staff)},
                                    {"rule", a.rule},
                                    {"raised_at", time_or_null(a.raised_at, off)},
                                    {"resolved_at", time_or_null(a.resolved_at, off)},
                                    {"raised_seq", a.raised_seq},
                                    {"resolved_seq", a.resolved_seq != 0 ? json::value(a.resolved_seq) : json::value(nullptr)}});
    o["alerts"] = std::move(alerts);
  }
  json::array empty;
  for (const auto& e : r.empty)
    empty.push_back(json::object{{"window", e.window},
                                 {"alert", e.alert},
                                 {"from", time_or_null(e.from, off)},
                                 {"to", time_or_null(e.to, off)},
                                 {"minutes", static_cast<double>(e.seconds) / 60.0},
                                 {"level", e.level},
                                 {"events", seqs(e.resolved_seq ? std::vector<std::int64_t>{e.raised_seq, e.resolved_seq}
                                                                : std::vector<std::int64_t>{e.raised_seq})}});
  o["empty_windows"] = std::move(empty);
  json::array violations;
  for (const auto& v : r.violations) {
    std::vector<std::int64_t> trail = v.events;
    trail.push_back(v.proposed_seq);
    if (v.decided_seq) trail.push_back(v.decided_seq);
    violations.push_back(json::object{{"id", v.violation},
                                      {"kind", v.kind},
                                      {"rule", v.rule},
                                      {"status", to_string(v.status)},
                                      {"source", v.source},
                                      {"points", v.points},
                                      {"staff", v.staff.empty() ? json::value(nullptr) : json::value(v.staff)},
                                      {"department", v.department},
                                      {"at", time_or_null(v.at, off)},
                                      {"note", v.note},
                                      {"decided_by", v.decided_by},
                                      {"proposed_seq", v.proposed_seq},
                                      {"decided_seq", v.decided_seq != 0 ? json::value(v.decided_seq) : json::value(nullptr)},
                                      {"events", seqs(v.events)},
                                      {"trail", seqs(trail)}});
  }
  o["violations"] = std::move(violations);
  json::array complaints;
  for (const auto& c : r.complaints)
    complaints.push_back(
        json::object{{"id", c.complaint},
                     {"staff", c.staff},
                     {"window", c.window},
                     {"at", time_or_null(c.at, off)},
                     {"verified", c.verified ? json::value(*c.verified) : json::value(nullptr)},
                     {"filed_seq", c.filed_seq},
                     {"verified_seq", c.verified_seq != 0 ? json::value(c.verified_seq) : json::value(nullptr)}});
  o["complaints"] = std::move(complaints);
  json::array overdue;  // R-CASE-5: the cases counted overdue in the period, with their events
  for (const auto& k : r.overdue_cases) {
    json::array trail{k.opened_seq};
    if (k.overdue_seq) trail.push_back(k.overdue_seq);
    if (k.decided_seq) trail.push_back(k.decided_seq);
    overdue.push_back(json::object{{"id", k.id},
                                   {"number", k.number},
                                   {"service", k.service},
                                   {"department", k.department},
                                   {"staff", k.staff.empty() ? json::value(nullptr) : json::value(k.staff)},
                                   {"accepted_at", time_or_null(k.opened_at, off)},
                                   {"due", time_or_null(k.due, off)},
                                   {"days", k.days},
                                   {"decision", k.decision.empty() ? json::value(nullptr) : json::value(k.decision)},
                                   {"decided_at", time_or_null(k.decided_at, off)},
                                   {"trail", std::move(trail)}});
  }
  o["overdue_cases"] = std::move(overdue);
  if (r.has_scores) {
    json::array deps, staff;
    for (const auto& d : r.department_scores) {
      json::array ids;
      for (const auto& v : d.violations) ids.push_back(json::value(v));
      deps.push_back(json::object{{"id", d.id},
                                  {"name", d.name},
                                  {"points_start", d.points_start},
                                  {"deducted", d.deducted},
                                  {"points_left", d.points_left},
                                  {"advanced_eligible", d.advanced_eligible},
                                  {"center_score", d.center_score},
                                  {"violations", std::move(ids)}});
    }
    for (const auto& s : r.staff_scores) {
      json::array ids;
      for (const auto& v : s.violations) ids.push_back(json::value(v));
      json::object o2{{"id", s.id},
                      {"name", s.name},
                      {"department", s.department},
                      {"bulletins", s.bulletins},
                      {"verified_complaints", s.verified_complaints},
                      {"excellent_eligible", s.excellent_eligible},
                      {"violations", std::move(ids)}};
      if (s.graded) {
        json::array qs;
        for (const auto& q : s.quarters) qs.push_back(json::object{{"q", q.q}, {"score", q.score}, {"grade", q.grade}});
        o2["quarters"] = std::move(qs);
        o2["return_flag"] = s.return_flag;
      }
      staff.push_back(std::move(o2));
    }
    o["scores"] = json::object{{"annual_points", r.annual_points},
                               {"advanced_max_deducted", r.advanced_max_deducted},
                               {"center_weight_percent", r.center_weight_percent},
                               {"excellent_max_bulletins", r.excellent_max_bulletins},
                               {"excellent_max_complaints", r.excellent_max_complaints},
                               {"departments", std::move(deps)},
                               {"staff", std::move(staff)}};
  }
  json::array notes;
  for (const auto& n : r.notes) notes.push_back(json::value(n));
  o["notes"] = std::move(notes);
  return json::serialize(o);
}

}  // namespace hallq::report
