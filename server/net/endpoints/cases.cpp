// Cases (办件, R-CASE-1 … R-CASE-5) and their printed papers. Reading: staff (their department's
// and window's cases are what the console shows) and supervisors. Deciding and delivering: the
// engine checks who may.
#include <boost/json.hpp>

#include <algorithm>
#include <climits>

#include "endpoints.hpp"
#include "net/papers.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

Render case_answer(Services& svc, std::string id) {
  return [&svc, id = std::move(id)](const core::State& s, const core::Events&) {
    const auto it = s.cases.find(id);
    return json::serialize(json::object{
        {"case", it == s.cases.end() ? json::value(nullptr) : json::value(case_json(s, it->second, svc.hall.now()))}});
  };
}

}  // namespace

// GET /api/cases?status=&department=&due_before=&window=&staff=
void list_cases(Services& svc, Call& c) {
  const auto now = svc.hall.now();
  const auto& st = svc.hall.state();
  const auto offset = svc.cfg->hall.utc_offset;
  const std::string status = c.q("status");
  if (!status.empty() && !core::parse_case_status(status) && status != "open" && status != "overdue")
    return c.fail(422, "invalid", "status must be accepted, approved, refused, delivered, notice, rejected, open or overdue");
  std::optional<core::Time> due_before;
  if (const std::string d = c.q("due_before"); !d.empty()) {
    if (const auto day = domain::parse_date(d)) due_before = domain::local_midnight(*day, offset);
    else
      due_before = domain::parse_time(d, offset);
    if (!due_before)
      return c.fail(422, "invalid", "due_before must be a date like 2026-11-27 or a time like 2026-11-27T12:00:00+08:00");
  }
  const std::string department = c.q("department"), window = c.q("window"), staff_id = c.q("staff");
  if (!department.empty() && !svc.cfg->find_department(department))
    return c.fail(404, "unknown_department", "no department " + department);
  std::vector<const core::Case*> found;
  for (const auto& [id, k] : st.cases) {
    if (!department.empty() && k.department != department) continue;
    if (!window.empty() && k.window != window) continue;
    if (!staff_id.empty() && k.staff != staff_id) continue;
    if (status == "open" && !k.open()) continue;
    if (status == "overdue" && !(k.open() && now >= k.due)) continue;
    if (!status.empty() && status != "open" && status != "overdue" && to_string(k.status) != status) continue;
    if (due_before && (k.due == 0 || k.due > *due_before)) continue;
    found.push_back(&k);
  }
  // Due soonest first: what the back office and the console work down (undated last).
  std::stable_sort(found.begin(), found.end(), [](const core::Case* a, const core::Case* b) {
    const auto key = [](const core::Case* k) { return std::pair{!k->open(), k->due == 0 ? INT64_MAX : k->due}; };
    return key(a) < key(b);
  });
  json::array out;
  for (const auto* k : found) out.push_back(case_json(st, *k, now));
  c.reply(200, json::object{{"cases", std::move(out)}});
}

void get_case(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  const auto it = st.cases.find(c.param("id"));
  if (it == st.cases.end()) return c.fail(404, "unknown_case", "no case " + c.param("id"));
  c.reply(200, json::object{{"case", case_json(st, it->second, svc.hall.now())}});
}

// GET /api/cases/{id}/paper?kind=receipt|rejection|notice (R-CASE-1, R-CASE-2)
void case_paper(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  const auto it = st.cases.find(c.param("id"));
  if (it == st.cases.end()) return c.fail(404, "unknown_case", "no case " + c.param("id"));
  auto html = case_paper_html(st, it->second, c.q("kind"));
  if (!html.ok) return c.fail(html.status, html.code, html.message);
  c.reply_raw(200, std::move(html.body), "text/html; charset=utf-8");
}

void approve_case(Services& svc, Call& c) {
  const auto note = c.str("note", false, 1000);
  if (!note) return;
  command(svc, c, core::ApproveCase{c.param("id"), *note}, 200, case_answer(svc, c.param("id")));
}

void refuse_case(Services& svc, Call& c) {
  const auto reason = c.str("reason", true, 1000);
  if (!reason) return;
  command(svc, c, core::RefuseCase{c.param("id"), *reason}, 200, case_answer(svc, c.param("id")));
}

void deliver_case(Services& svc, Call& c) {
  const auto window = c.str("window", false, 64);
  if (!window) return;
  const auto note = c.str("note", false, 1000);
  if (!note) return;
  command(svc, c, core::DeliverCase{c.param("id"), *window, *note}, 200, case_answer(svc, c.param("id")));
}

// R-CASE-3
void extend_case(Services& svc, Call& c) {
  const auto days = c.integer("days", true);
  if (!days) return;
  const auto reason = c.str("reason", true, 1000);
  if (!reason) return;
  if (*days < 1 || *days > 3650) return c.fail(422, "invalid", "days must be a number of working days from 1 up");
  command(svc, c, core::ExtendCase{c.param("id"), static_cast<int>(*days), *reason}, 200, case_answer(svc, c.param("id")));
}

}  // namespace hallq::server::ep
