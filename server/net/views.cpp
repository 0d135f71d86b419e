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
    (t.priority == "green" || appointment_due(s, t, now) ? out : ordinary).push_back(&t);
  }
  out.insert(out.end(), ordinary.begin(), ordinary.end());
  return out;
}

}  // namespace

json::object ticket_json(const State& s, const Ticket& t, Time now) {
  json::object o{{"id", t.id},           {"number", t.number},   {"service", t.service},
                 {"priority", t.priority}, {"status", to_string(t.status)}, {"issued_at", iso(s, t.key.issued_at)},
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
                 {"services", std::move(services)}, {"staffing", staffing_of(s, w.id)}};
  o["on_post"] = ws.on_post.empty() ? json::value(nullptr) : staff_ref(s, ws.on_post, ws.on_post_as);
  json::value off = nullptr;
  if (!ws.off_staff.empty()) {
    const auto* st = s.staff_state(ws.off_staff);
    if (st && st->off_post) {
      json::object x = staff_ref(s, ws.off_staff, "").as_object();
      x["reason"] = st->off_post->reason;
      x["destination"] = st->off_post->destination;
      x["since"] = iso(s, st->off_post->since);
      x["expected_return"] = iso(s, st->off_post->expected_return);
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
  json::array chain, decided;
  for (const auto& c : l.chain) chain.emplace_back(c);
  for (const auto& d : l.decided_by) decided.emplace_back(d);
  const std::string next = l.next_approver();
  return json::object{{"id", l.id},
                      {"staff", l.staff},
                      {"from", l.from},
                      {"to", l.to},
                      {"reason", l.reason},
                      {"status", to_string(l.status)},
                      {"next_approver", next.empty() ? json::value(nullptr) : json::value(next)},
                      {"chain", std::move(chain)},
                      {"decided_by", std::move(decided)},
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
  return o;
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
