// GET /api/scores (R-SCR-1 … R-SCR-8) rendered from the engine's scoring.
#include "net/views.hpp"

#include <boost/json/array.hpp>

#include "core/engine.hpp"
#include "views_util.hpp"

namespace hallq::server {

namespace json = boost::json;
using namespace hallq::core;
using views_detail::iso;

namespace {

double points(std::int64_t milli) { return static_cast<double>(milli) / 1000.0; }

}  // namespace

json::object scores_json(const State& s, const Scores& sc) {
  const auto& p = s.policy();
  json::array departments, staff;
  for (const auto& d : sc.departments) {
    json::array trace;  // R-SCR-8: each deduction with its rule and the events behind it
    for (const Violation* v : d.violations) {
      json::array events;
      for (const auto seq : v->events) events.emplace_back(seq);
      json::array decisions;
      for (const auto seq : v->decisions) decisions.emplace_back(seq);
      trace.push_back(json::object{{"id", v->id},
                                   {"kind", v->kind},
                                   {"points", v->points},
                                   {"rule", v->rule},
                                   {"source", v->source},
                                   {"staff", v->staff.empty() ? json::value(nullptr) : json::value(v->staff)},
                                   {"at", iso(s, v->at)},
                                   {"events", std::move(events)},
                                   {"decisions", std::move(decisions)}});
    }
    departments.push_back(json::object{{"id", d.id},
                                       {"name", d.name},
                                       {"points_start", points(d.start_milli)},
                                       {"deducted", points(d.deducted_milli)},
                                       {"points_left", points(d.left_milli)},
                                       {"advanced_eligible", d.advanced_eligible},
                                       {"deducted_total", points(d.total_milli)},
                                       {"deducted_thousandths", d.deducted_milli},
                                       {"points_left_thousandths", d.left_milli},
                                       {"district_share", points(d.district_share_milli)},
                                       {"violations", std::move(trace)}});
  }
  for (const auto& st : sc.staff) {
    json::array quarters, reasons;
    for (const auto& q : st.quarters) {
      json::object o{{"q", q.q}, {"grade", q.assessed ? json::value(q.grade) : json::value(nullptr)}};
      if (q.assessed) {
        o["score"] = q.score;
        o["components"] = json::object{{"attendance", q.attendance},
                                       {"discipline", q.discipline},
                                       {"caseload", q.caseload},
                                       {"efficiency", q.efficiency},
                                       {"satisfaction", q.satisfaction}};
        json::object marks;  // R-SCR-5: the supervisor's judgement items
        for (const auto& [item, mark] : q.marks) marks[item] = mark;
        o["marks"] = std::move(marks);
        json::array pending;
        for (const auto& item : q.pending) pending.emplace_back(item);
        o["pending"] = std::move(pending);
        const auto& c = q.counters;
        o["counts"] = json::object{{"days_present", c.days_present},
                                   {"served", c.served},
                                   {"within_promise", c.within_promise},
                                   {"ratings", c.ratings},
                                   {"satisfied", c.satisfied},
                                   {"attendance_deducted", points(c.attendance_milli)},
                                   {"discipline_deducted", points(c.discipline_milli)}};
      }
      quarters.push_back(std::move(o));
    }
    for (const auto& r : st.return_reasons) reasons.emplace_back(r);
    json::array warnings;  // R-SCR-6 (002 第二十九条): 诫勉谈话 + 限期整改
    for (const auto& w : st.warnings)
      warnings.push_back(
          json::object{{"year", w.year}, {"q", w.q}, {"action", "talk_and_rectify"}, {"rectify_by", w.rectify_by}});
    json::array charged;  // ids; the department entries carry the details
    for (const Violation* v : st.violations) charged.emplace_back(v->id);
    staff.push_back(json::object{{"id", st.id},
                                 {"name", st.name},
                                 {"department", st.department},
                                 {"bulletins", st.bulletins},
                                 {"verified_complaints", st.verified_complaints},
                                 {"excellent_eligible", st.excellent_eligible},
                                 {"quarters", std::move(quarters)},
                                 {"return_flag", st.return_flag},
                                 {"return_reasons", std::move(reasons)},
                                 {"poor_quarters", st.poor_quarters},
                                 {"poor_run", st.poor_run},
                                 {"warnings", std::move(warnings)},
                                 {"stage", st.stage},
                                 {"refusals", st.refusals},
                                 {"violations", std::move(charged)}});
  }
  json::object judgement;  // R-SCR-5: the judgement items a supervisor marks, with their weights
  for (const auto& [item, weight] : p.judgement_weights) judgement[item] = weight;
  return json::object{
      {"year", sc.year},
      {"center_weight_percent", p.center_weight_percent},
      {"judgement_weights", std::move(judgement)},
      {"weights", json::object{{"attendance", p.weight_attendance},
                               {"discipline", p.weight_discipline},
                               {"caseload", p.weight_caseload},
                               {"efficiency", p.weight_efficiency},
                               {"satisfaction", p.weight_satisfaction}}},
      {"grade_bands", json::object{{"excellent", p.grade_excellent_min}, {"good", p.grade_good_min}, {"pass", p.grade_pass_min}}},
      {"departments", std::move(departments)},
      {"staff", std::move(staff)}};
}

}  // namespace hallq::server
