// Rendering of API objects. Only reads state; the engine's queries supply positions and estimates.
#include "net/views.hpp"

#include <boost/json/array.hpp>

#include "core/engine.hpp"

namespace hallq::server {

namespace json = boost::json;
using namespace hallq::core;

namespace {

std::string iso(const State& s, Time t) { return domain::format_time(t, s.cfg().hall.utc_offset); }

json::value staff_ref(const State& s, const std::string& id, const std::string& as) {
  const auto* st = s.cfg().find_staff(id);
  json::object o{{"staff", id}, {"name", st ? st->name : id}};
  if (!as.empty()) o["as"] = as;
  return o;
}

// Tickets of a service in the order call-next would take them now (R-Q-3 estimate order).
std::vector<const Ticket*> ordered_waiting(const State& s, const std::string& service, Time now) {
  std::vector<const Ticket*> out;
  const auto q = s.waiting.find(service);
  if (q == s.waiting.end()) return out;
  std::vector<const Ticket*> ordinary;
  for (const auto& [key, id] : q->second) {
    const Ticket& t = s.tickets.at(id);
    (t.priority == core::Priority::green || appointment_due(s, t, now) ? out : ordinary).push_back(&t);
  }
  out.insert(out.end(), ordinary.begin(), ordinary.end());
  return out;
}

}  // namespace

json::object ticket_json(const State& s, const Ticket& t, Time now) {
  json::object o{{"id", t.id},           {"number", t.number},   {"service", t.service},
                 {"priority", core::priority_name(t.priority)}, {"status", to_string(t.status)}, {"issued_at", iso(s, t.key.issued_at)},
                 {"recalls", t.recalls}};
  if (const auto* sv = s.cfg().find_service(t.service)) o["service_name"] = sv->name;
  if (!t.appointment.empty()) o["appointment"] = t.appointment;
  if (!t.previous.empty()) o["previous"] = t.previous;
  if (t.called_at) o["called_at"] = iso(s, t.called_at);
  if (t.started_at) o["started_at"] = iso(s, t.started_at);
  if (t.finished_at) o["finished_at"] = iso(s, t.finished_at);
  if (!t.window.empty()) {
    o["window"] = t.window;
    if (const auto* w = s.cfg().find_window(t.window)) o["window_number"] = w->number;
  }
  if (!t.staff.empty()) o["staff"] = t.staff;
  if (!t.outcome.empty()) o["outcome"] = t.outcome;
  if (!t.missing.empty()) {
    json::array m;
    for (const auto& x : t.missing) m.emplace_back(x);
    o["missing"] = std::move(m);
  }
  if (t.rating) o["rating"] = t.rating;
  if (t.status == TicketStatus::waiting) {
    const int pos = queue_position(s, t, now);
    o["position"] = pos;
    o["eta_minutes"] = estimate_wait_minutes(s, t.service, pos - 1);
  }
  return o;
}

json::value ticket_or_null(const State& s, const std::string& id, Time now) {
  const Ticket* t = s.ticket(id);
  return t ? json::value(ticket_json(s, *t, now)) : json::value(nullptr);
}

json::object window_json(const State& s, const domain::Window& w, Time now) {
  const auto& ws = s.windows.at(w.id);
  json::array services;
  for (const auto& sv : w.services) services.emplace_back(sv);
  json::object o{{"id", w.id}, {"number", w.number}, {"name", w.name}, {"department", w.department},
                 {"services", std::move(services)}, {"staffing", staffing_name(staffing_of(s, w.id))}};
  o["on_post"] = ws.on_post.empty() ? json::value(nullptr) : staff_ref(s, ws.on_post, ws.on_post_as);
  if (!ws.redirect_to.empty()) {  // R-AB-7: covered from another window; citizens go there
    o["on_post"].as_object()["at"] = ws.redirect_to;
    o["redirect_to"] = ws.redirect_to;
  } else {
    o["redirect_to"] = nullptr;
  }
  json::value off = nullptr;
  if (!ws.off_staff.empty()) {
    const auto* st = s.staff_state(ws.off_staff);
    if (st && st->off_post) {
      json::object x = staff_ref(s, ws.off_staff, "").as_object();
      x["reason"] = st->off_post->reason;
      x["destination"] = st->off_post->destination;
      x["since"] = iso(s, st->off_post->since);
      x["expected_return"] = iso(s, st->off_post->expected_return);
      if (!st->off_post->handover.empty()) {  // R-AB-4
        x["handover"] = st->off_post->handover;
        x["handover_acknowledged_by"] =
            st->off_post->handover_ack_by.empty() ? json::value(nullptr) : json::value(st->off_post->handover_ack_by);
      }
      off = std::move(x);
    }
  }
  o["off_post"] = std::move(off);
  o["current_ticket"] = ws.current_ticket.empty() ? json::value(nullptr) : ticket_or_null(s, ws.current_ticket, now);
  if (ws.presence) o["presence"] = *ws.presence;
  return o;
}

json::object queue_json(const State& s, const domain::Service& sv, Time now) {
  const auto order = ordered_waiting(s, sv.id, now);
  json::array next;
  for (std::size_t i = 0; i < order.size() && i < 5; ++i) next.emplace_back(order[i]->number);
  Time oldest = 0;
  for (const Ticket* t : order) oldest = oldest == 0 ? t->key.issued_at : std::min(oldest, t->key.issued_at);
  const int waiting = static_cast<int>(order.size());
  return json::object{{"service", sv.id},
                      {"name", sv.name},
                      {"prefix", sv.prefix},
                      {"waiting", waiting},
                      {"next", std::move(next)},
                      {"eta_minutes", estimate_wait_minutes(s, sv.id, waiting)},
                      {"oldest_wait_minutes", oldest == 0 ? 0 : (now - oldest) / 60},
                      {"promise_minutes", sv.promise_minutes}};
}

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
  json::object o{{"id", v.id},         {"kind", v.kind},          {"points", v.points},
                 {"department", v.department}, {"status", to_string(v.status)}, {"source", v.source},
                 {"rule", v.rule},     {"events", std::move(events)}, {"at", iso(s, v.at)}};
  o["staff"] = v.staff.empty() ? json::value(nullptr) : json::value(v.staff);
  if (!v.note.empty()) o["note"] = v.note;
  if (!v.decided_by.empty()) o["decided_by"] = v.decided_by;
  if (!v.decision_note.empty()) o["decision_note"] = v.decision_note;
  if (!v.complaint.empty()) o["complaint"] = v.complaint;
  if (!v.window.empty()) o["window"] = v.window;
  if (!v.incident.empty()) o["incident"] = v.incident;  // one incident, one deduction (R-EMP-2)
  if (!v.case_id.empty()) o["case"] = v.case_id;        // the overdue case (R-CASE-5)
  json::array decisions;  // confirm / dismiss events, corrections included (R-SCR-8)
  for (const auto seq : v.decisions) decisions.emplace_back(seq);
  o["decisions"] = std::move(decisions);
  return o;
}

json::object bulletin_json(const State& s, const Bulletin& b) {
  json::array cited;
  for (const auto& v : b.violations) cited.emplace_back(v);
  return json::object{{"id", b.id},          {"staff", b.staff},          {"department", b.department},
                      {"violations", std::move(cited)}, {"note", b.note}, {"issued_by", b.issued_by},
                      {"at", iso(s, b.at)},  {"seq", b.seq}};
}

json::object assessment_json(const State& s, const Assessment& a) {
  json::object marks;
  for (const auto& [item, mark] : a.marks) marks[item] = mark;
  json::array grounds;
  for (const auto& g : a.grounds) grounds.emplace_back(g);
  return json::object{{"staff", a.staff},   {"department", a.department}, {"year", a.year},
                      {"quarter", a.quarter}, {"marks", std::move(marks)},  {"grounds", std::move(grounds)},
                      {"note", a.note},     {"by", a.by},                 {"at", iso(s, a.at)},
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
                 {"status", !c.verified ? "filed" : *c.verified ? "verified" : "not_verified"},
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
    else if (k.days > 0 && now >= k.red_at) warning = "red";
    else if (k.days > 0 && now >= k.yellow_at) warning = "yellow";
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
  else if (k.status == CaseStatus::delivered && k.outcome == "incomplete_materials") o["on_time"] = k.delivered_at < k.due;
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
                 {"status", f.closed ? "closed" : now >= f.due ? "overdue" : "open"},
                 {"overdue", f.closed ? f.closed_at >= f.due : now >= f.due}};
  if (f.closed) {
    o["closed_at"] = iso(s, f.closed_at);
    o["closed_by"] = f.closed_by;
    o["note"] = f.note;
  }
  return o;
}

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
      warnings.push_back(json::object{{"year", w.year}, {"q", w.q}, {"action", "talk_and_rectify"}, {"rectify_by", w.rectify_by}});
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
  return json::object{{"year", sc.year},
                      {"center_weight_percent", p.center_weight_percent},
                      {"judgement_weights", std::move(judgement)},
                      {"weights", json::object{{"attendance", p.weight_attendance},
                                               {"discipline", p.weight_discipline},
                                               {"caseload", p.weight_caseload},
                                               {"efficiency", p.weight_efficiency},
                                               {"satisfaction", p.weight_satisfaction}}},
                      {"grade_bands", json::object{{"excellent", p.grade_excellent_min},
                                                   {"good", p.grade_good_min},
                                                   {"pass", p.grade_pass_min}}},
                      {"departments", std::move(departments)},
                      {"staff", std::move(staff)}};
}

json::object snapshot_json(const State& s, Time now) {
  const auto& cfg = s.cfg();
  json::array windows, queues, alerts, calls;
  for (const auto& w : cfg.windows) windows.push_back(window_json(s, w, now));
  for (const auto& sv : cfg.services) queues.push_back(queue_json(s, sv, now));
  for (const auto& [id, a] : s.alerts) alerts.push_back(alert_json(s, a));
  for (const auto& c : s.recent_calls) {
    json::object o{{"number", c.number}, {"window", c.window}, {"at", iso(s, c.at)}, {"recall", c.recall}};
    if (const auto* w = cfg.find_window(c.window)) o["window_number"] = w->number;
    calls.push_back(std::move(o));
  }
  return json::object{{"seq", s.seq},
                      {"now", iso(s, now)},
                      {"hall", json::object{{"id", cfg.hall.id}, {"name", cfg.hall.name}, {"notice", cfg.hall.notice}}},
                      {"day", s.day},
                      {"session_open", s.session_open},
                      {"windows", std::move(windows)},
                      {"queues", std::move(queues)},
                      {"alerts", std::move(alerts)},
                      {"recent_calls", std::move(calls)}};
}

}  // namespace hallq::server
