// Rendering of the records the API lists: alerts, leave, violations, bulletins, assessments,
// complaints, cases and follow-ups.
#include "net/views.hpp"

#include <boost/json/array.hpp>

#include "core/engine.hpp"
#include "views_util.hpp"

namespace hallq::server {

namespace json = boost::json;
using namespace hallq::core;
using views_detail::iso;

json::object alert_json(const State& s, const Alert& a) {
  json::object o{{"id", a.id}, {"kind", a.kind}, {"level", a.level}, {"raised_at", iso(s, a.raised_at)}, {"message", a.message}};
  if (!a.window.empty()) o["window"] = a.window;
  if (!a.staff.empty()) o["staff"] = a.staff;
  if (!a.ticket.empty()) o["ticket"] = a.ticket;
  if (!a.rule.empty()) o["rule"] = a.rule;
  if (!a.leave.empty()) o["leave"] = a.leave;
  if (!a.follow_up.empty()) o["follow_up"] = a.follow_up;
  if (!a.case_id.empty()) o["case"] = a.case_id;
  if (!a.notify.empty()) {
    json::array n;
    for (const auto& x : a.notify) n.emplace_back(x);
    o["notify"] = std::move(n);
  }
  if (a.escalated_at) o["escalated_at"] = iso(s, a.escalated_at);
  if (!a.acknowledged_by.empty()) o["acknowledged_by"] = a.acknowledged_by;
  if (!a.note.empty()) o["note"] = a.note;
  if (a.resolved_at) o["resolved_at"] = iso(s, a.resolved_at);
  return o;
}

json::object leave_json(const State& s, const Leave& l) {
  json::array chain, decided, filed, acks;
  for (const auto& c : l.chain) chain.emplace_back(c);
  for (const auto& d : l.decided_by) decided.emplace_back(d);
  for (const auto& f : l.filed_with) filed.emplace_back(f);
  for (const auto& a : l.handover_acks) acks.emplace_back(a);
  json::object cover;
  for (const auto& [w, b] : l.cover) cover[w] = b;
  const std::string next = l.next_approver();
  const auto opt = [](const std::string& x) { return x.empty() ? json::value(nullptr) : json::value(x); };
  return json::object{{"id", l.id},
                      {"staff", l.staff},
                      {"kind", l.kind},
                      {"from", l.from},
                      {"to", l.to},
                      {"from_half", opt(l.from_half)},
                      {"to_half", opt(l.to_half)},
                      {"days", l.days},
                      {"reason", l.reason},
                      {"status", to_string(l.status)},
                      {"next_approver", next.empty() ? json::value(nullptr) : json::value(next)},
                      {"chain", std::move(chain)},
                      {"decided_by", std::move(decided)},
                      {"filed_with", std::move(filed)},
                      {"cover", std::move(cover)},
                      {"handover", opt(l.handover)},
                      {"handover_acknowledged_by", std::move(acks)},
                      {"late_notice", l.late_notice},
                      {"ended_at", l.ended_at ? json::value(iso(s, l.ended_at)) : json::value(nullptr)},
                      {"requested_by", l.requested_by},
                      {"requested_at", iso(s, l.requested_at)}};
}

json::object violation_json(const State& s, const Violation& v) {
  json::array events;
  for (const auto seq : v.events) events.emplace_back(seq);
  json::object o{{"id", v.id},
                 {"kind", v.kind},
                 {"points", v.points},
                 {"department", v.department},
                 {"status", to_string(v.status)},
                 {"source", v.source},
                 {"rule", v.rule},
                 {"events", std::move(events)},
                 {"at", iso(s, v.at)}};
  o["staff"] = v.staff.empty() ? json::value(nullptr) : json::value(v.staff);
  if (!v.note.empty()) o["note"] = v.note;
  if (!v.decided_by.empty()) o["decided_by"] = v.decided_by;
  if (!v.decision_note.empty()) o["decision_note"] = v.decision_note;
  if (!v.complaint.empty()) o["complaint"] = v.complaint;
  if (!v.window.empty()) o["window"] = v.window;
  if (!v.incident.empty()) o["incident"] = v.incident;  // one incident, one deduction (R-EMP-2)
  if (!v.case_id.empty()) o["case"] = v.case_id;        // the overdue case (R-CASE-5)
  json::array decisions;                                // confirm / dismiss events, corrections included (R-SCR-8)
  for (const auto seq : v.decisions) decisions.emplace_back(seq);
  o["decisions"] = std::move(decisions);
  return o;
}

json::object bulletin_json(const State& s, const Bulletin& b) {
  json::array cited;
  for (const auto& v : b.violations) cited.emplace_back(v);
  return json::object{
      {"id", b.id},     {"staff", b.staff},         {"department", b.department}, {"violations", std::move(cited)},
      {"note", b.note}, {"issued_by", b.issued_by}, {"at", iso(s, b.at)},         {"seq", b.seq}};
}

json::object assessment_json(const State& s, const Assessment& a) {
  json::object marks;
  for (const auto& [item, mark] : a.marks) marks[item] = mark;
  json::array grounds;
  for (const auto& g : a.grounds) grounds.emplace_back(g);
  return json::object{{"staff", a.staff},
                      {"department", a.department},
                      {"year", a.year},
                      {"quarter", a.quarter},
                      {"marks", std::move(marks)},
                      {"grounds", std::move(grounds)},
                      {"note", a.note},
                      {"by", a.by},
                      {"at", iso(s, a.at)},
                      {"seq", a.seq}};
}

json::object complaint_json(const State& s, const Complaint& c) {
  json::array verdicts;
  for (const auto seq : c.verdicts) verdicts.emplace_back(seq);
  const auto opt = [](const std::string& x) { return x.empty() ? json::value(nullptr) : json::value(x); };
  json::object o{{"id", c.id},
                 {"text", c.text},
                 {"ticket", opt(c.ticket)},
                 {"staff", opt(c.staff)},
                 {"window", opt(c.window)},
                 {"department", opt(c.department)},
                 {"status", !c.verified   ? "filed"
                            : *c.verified ? "verified"
                                          : "not_verified"},
                 {"verified", c.verified ? json::value(*c.verified) : json::value(nullptr)},
                 {"filed_by", c.filed_by},
                 {"filed_at", iso(s, c.filed_at)},
                 {"filed_seq", c.filed_seq},
                 {"violation", opt(c.violation)},
                 {"verdicts", std::move(verdicts)}};
  if (!c.decided_by.empty()) {
    o["decided_by"] = c.decided_by;
    o["decided_at"] = iso(s, c.decided_at);
    o["note"] = c.note;
  }
  return o;
}

json::object case_json(const State& s, const Case& k, Time now) {
  const auto opt = [&s](Time t) { return t == 0 ? json::value(nullptr) : json::value(iso(s, t)); };
  const auto text = [](const std::string& x) { return x.empty() ? json::value(nullptr) : json::value(x); };
  json::array missing;
  for (const auto& m : k.missing) missing.emplace_back(m);
  const auto* sv = s.cfg().find_service(k.service);
  // The warning the case stands at now (R-SVC-2): none | yellow | red | overdue.
  std::string warning = "none";
  if (k.status == CaseStatus::accepted) {
    if (now >= k.due) warning = "overdue";
    else if (k.days > 0 && now >= k.red_at)
      warning = "red";
    else if (k.days > 0 && now >= k.yellow_at)
      warning = "yellow";
  } else if (k.status == CaseStatus::notice && now >= k.due) {
    warning = "overdue";
  }
  json::object o{{"id", k.id},
                 {"outcome", k.outcome},
                 {"status", to_string(k.status)},
                 {"ticket", k.ticket},
                 {"number", k.number},
                 {"service", k.service},
                 {"service_name", sv ? sv->name : k.service},
                 {"department", k.department},
                 {"staff", text(k.staff)},
                 {"window", text(k.window)},
                 {"accepted_at", iso(s, k.opened_at)},
                 {"seq", k.opened_seq},
                 {"days", k.days},
                 {"due", opt(k.due)},
                 {"warning", warning},
                 {"missing", std::move(missing)},
                 {"reason", text(k.reason)},
                 {"extended_days", k.extended_days},
                 {"extension_reason", text(k.extension_reason)},
                 {"extended_by", text(k.extended_by)},
                 {"extended_at", opt(k.extended_at)},
                 {"decided_at", opt(k.decided_at)},
                 {"decided_by", text(k.decided_by)},
                 {"decision_note", text(k.decision_note)},
                 {"delivered_at", opt(k.delivered_at)},
                 {"delivered_by", text(k.delivered_by)},
                 {"delivered_window", text(k.delivered_window)},
                 {"overdue", k.overdue || warning == "overdue"}};
  if (k.due != 0) o["due_date"] = domain::format_date(domain::local_date(k.due - 1, s.cfg().hall.utc_offset));
  // Completed on time (R-CASE-5): decided by the deadline; a notice: delivered by its deadline.
  if (k.decided_at != 0) o["on_time"] = k.decided_at < k.due;
  else if (k.status == CaseStatus::delivered && k.outcome == "incomplete_materials")
    o["on_time"] = k.delivered_at < k.due;
  return o;
}

json::object follow_up_json(const State& s, const FollowUp& f, Time now) {
  json::object o{{"id", f.id},
                 {"ticket", f.ticket},
                 {"number", f.number},
                 {"service", f.service},
                 {"staff", f.staff.empty() ? json::value(nullptr) : json::value(f.staff)},
                 {"window", f.window.empty() ? json::value(nullptr) : json::value(f.window)},
                 {"level", f.level},
                 {"opened_at", iso(s, f.opened_at)},
                 {"rated_seq", f.rated_seq},
                 {"due", iso(s, f.due)},
                 {"status", f.closed       ? "closed"
                            : now >= f.due ? "overdue"
                                           : "open"},
                 {"overdue", f.closed ? f.closed_at >= f.due : now >= f.due}};
  if (f.closed) {
    o["closed_at"] = iso(s, f.closed_at);
    o["closed_by"] = f.closed_by;
    o["note"] = f.note;
  }
  return o;
}

}  // namespace hallq::server
