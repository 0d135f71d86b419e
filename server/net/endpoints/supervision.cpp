// The supervisors' records: alerts, violations (R-SCR-2), bulletins of criticism (R-SCR-3) and
// quarterly assessments (R-SCR-5, R-SCR-6).
#include <boost/json.hpp>

#include <algorithm>

#include "endpoints.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

/// A filter of the query that is given and not empty.
bool filtered(Call& c, const char* key) { return c.query.count(key) && !c.query[key].empty(); }

std::string year_of(const Services& svc, core::Time t) {
  return std::to_string(domain::local_date(t, svc.cfg->hall.utc_offset).year);
}

json::object violation_answer(const core::State& s, const std::string& id) {
  const auto it = s.violations.find(id);
  return json::object{
      {"violation", it == s.violations.end() ? json::value(nullptr) : json::value(violation_json(s, it->second))}};
}

}  // namespace

// GET /api/alerts?active=1 — the engine keeps the active ones
void list_alerts(Services& svc, Call& c) {
  json::array out;
  for (const auto& [id, a] : svc.hall.state().alerts) out.push_back(alert_json(svc.hall.state(), a));
  c.reply(200, json::object{{"alerts", std::move(out)}});
}

void ack_alert(Services& svc, Call& c) {
  const auto note = c.str("note", false, 500);
  if (!note) return;
  const auto& id = c.param("id");
  command(svc, c, core::AckAlert{id, *note}, 200, [id](const core::State& s, const core::Events& ev) {
    return json::serialize(json::object{{"alert", acked_alert_json(s, id, ev)}});
  });
}

void list_violations(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  json::array out;
  for (const auto& [id, v] : st.violations) {
    if (filtered(c, "status") && to_string(v.status) != c.query["status"]) continue;
    if (filtered(c, "year") && year_of(svc, v.at) != c.query["year"]) continue;
    out.push_back(violation_json(st, v));
  }
  c.reply(200, json::object{{"violations", std::move(out)}});
}

// An inspection finding, confirmed at once.
void record_violation(Services& svc, Call& c) {
  const auto kind = c.str("kind", true, 64);
  if (!kind) return;
  const auto staff_id = c.str("staff", false, 64);
  if (!staff_id) return;
  const auto department = c.str("department", false, 64);
  if (!department) return;
  const auto note = c.str("note", false, 500);
  if (!note) return;
  command(
      svc, c, core::RecordViolation{*kind, *staff_id, *department, *note}, 201,
      [](const core::State& s, const core::Events& ev) { return json::serialize(violation_answer(s, ev.front().violation)); });
}

namespace {

// withdraw (extension): a correction of a confirmed deduction, note required (R-SCR-2).
void decide_violation(Services& svc, Call& c, bool confirm, bool withdraw) {
  const auto note = c.str("note", withdraw, 500);
  if (!note) return;
  const auto& id = c.param("id");
  command(svc, c, core::DecideViolation{id, confirm, *note, withdraw}, 200,
          [id](const core::State& s, const core::Events&) { return json::serialize(violation_answer(s, id)); });
}

}  // namespace

void confirm_violation(Services& svc, Call& c) { decide_violation(svc, c, true, false); }
void dismiss_violation(Services& svc, Call& c) { decide_violation(svc, c, false, false); }
void withdraw_violation(Services& svc, Call& c) { decide_violation(svc, c, false, true); }

// GET /api/bulletins?year=&staff= (extension, R-SCR-3)
void list_bulletins(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  json::array out;
  for (const auto& [id, b] : st.bulletins) {
    if (filtered(c, "staff") && b.staff != c.query["staff"]) continue;
    if (filtered(c, "year") && year_of(svc, b.at) != c.query["year"]) continue;
    out.push_back(bulletin_json(st, b));
  }
  c.reply(200, json::object{{"bulletins", std::move(out)}});
}

// POST /api/bulletins {staff, violations, note}: a bulletin cites confirmed violations.
void issue_bulletin(Services& svc, Call& c) {
  const auto staff_id = c.str("staff", true, 64);
  if (!staff_id) return;
  const auto cited = c.str_list("violations");
  if (!cited) return;
  const auto note = c.str("note", true, 500);
  if (!note) return;
  command(svc, c, core::IssueBulletin{*staff_id, *cited, *note}, 201, [](const core::State& s, const core::Events& ev) {
    const auto it = s.bulletins.find(ev.front().bulletin);
    return json::serialize(
        json::object{{"bulletin", it == s.bulletins.end() ? json::value(nullptr) : json::value(bulletin_json(s, it->second))}});
  });
}

// GET /api/assessments?year=&quarter=&staff= (extension)
void list_assessments(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  const std::string staff_id = c.q("staff"), year = c.q("year"), quarter = c.q("quarter");
  json::array out;
  for (const auto& [who, quarters] : st.assessments) {
    if (!staff_id.empty() && who != staff_id) continue;
    for (const auto& [key, a] : quarters) {
      if (!year.empty() && std::to_string(a.year) != year) continue;
      if (!quarter.empty() && std::to_string(a.quarter) != quarter) continue;
      out.push_back(assessment_json(st, a));
    }
  }
  c.reply(200, json::object{{"assessments", std::move(out)}, {"items", judgement_items_json(st)}});
}

// POST /api/assessments {staff, year, quarter, marks, grounds, note}: a supervisor's quarterly
// judgement of a person, the part of the grade no event can give.
void record_assessment(Services& svc, Call& c) {
  core::RecordAssessment cmd;
  const auto staff_id = c.str("staff", true, 64);
  if (!staff_id) return;
  cmd.staff = *staff_id;
  const auto year = c.integer("year", true);
  if (!year) return;
  const auto quarter = c.integer("quarter", true);
  if (!quarter) return;
  if (*year < 1970 || *year > 9999) return c.fail(422, "invalid", "year must be a four-digit year like 2026");
  cmd.year = static_cast<int>(*year);
  cmd.quarter = static_cast<int>(std::clamp<std::int64_t>(*quarter, -1, 5));  // decide names the range
  if (const auto* m = c.body.if_contains("marks"); m && !m->is_null()) {
    if (!m->is_object()) return c.fail(400, "bad_request", "marks must be an object of item → mark, e.g. {\"de\": 90}");
    if (m->get_object().size() > 50) return c.fail(422, "invalid", "marks lists too many items");
    for (const auto& kv : m->get_object()) {
      if (!kv.value().is_int64() && !kv.value().is_uint64())
        return c.fail(400, "bad_request", "mark for " + std::string(kv.key()) + " must be a whole number");
      const auto v = kv.value().is_int64() ? kv.value().get_int64() : 1000;
      cmd.marks.emplace_back(std::string(kv.key()), static_cast<int>(std::clamp<std::int64_t>(v, -1, 101)));
    }
  }
  const auto grounds = c.str_list("grounds");
  if (!grounds) return;
  cmd.grounds = *grounds;
  const auto note = c.str("note", false, 1000);
  if (!note) return;
  cmd.note = *note;
  command(svc, c, std::move(cmd), 201, [](const core::State& s, const core::Events& ev) {
    const auto& e = ev.front();
    const auto period = core::parse_quarter_period(e.period);
    const core::Assessment* a = period ? core::find_assessment(s, e.staff, period->first, period->second) : nullptr;
    return json::serialize(json::object{{"assessment", a ? json::value(assessment_json(s, *a)) : json::value(nullptr)}});
  });
}

}  // namespace hallq::server::ep
