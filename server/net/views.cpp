// Rendering of API objects. Only reads state; the engine's queries supply positions and estimates.
#include "net/views.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "core/engine.hpp"
#include "views_util.hpp"

namespace hallq::server {

namespace json = boost::json;
using namespace hallq::core;
using views_detail::iso;

namespace {

json::value staff_ref(const State& s, const std::string& id, const std::string& as) {
  const auto* st = s.cfg().find_staff(id);
  json::object o{{"staff", id}, {"name", st ? st->name : id}};
  if (!as.empty()) o["as"] = as;
  return o;
}

}  // namespace

json::object ticket_json(const State& s, const Ticket& t, Time now) {
  json::object o{{"id", t.id},
                 {"number", t.number},
                 {"service", t.service},
                 {"priority", core::priority_name(t.priority)},
                 {"status", to_string(t.status)},
                 {"issued_at", iso(s, t.key.issued_at)},
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
  json::object o{{"id", w.id},
                 {"number", w.number},
                 {"name", w.name},
                 {"department", w.department},
                 {"services", std::move(services)},
                 {"staffing", staffing_name(staffing_of(s, w.id))}};
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
        x["handover_acknowledged_by"] = st->off_post->handover_ack_by.empty() ? json::value(nullptr)
                                                                              : json::value(st->off_post->handover_ack_by);
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
  constexpr std::size_t next_shown = 5;  // API.md: the next numbers of a queue
  json::array next;
  for (const Ticket* t : call_order(s, sv.id, now, next_shown)) next.emplace_back(t->number);
  const auto q = s.waiting.find(sv.id);
  const bool any = q != s.waiting.end() && !q->second.empty();
  const Time oldest = any ? q->second.begin()->first.issued_at : 0;  // keys sort by issue time first
  const int waiting = any ? static_cast<int>(q->second.size()) : 0;
  return json::object{{"service", sv.id},
                      {"name", sv.name},
                      {"prefix", sv.prefix},
                      {"waiting", waiting},
                      {"next", std::move(next)},
                      {"eta_minutes", estimate_wait_minutes(s, sv.id, waiting)},
                      {"oldest_wait_minutes", oldest == 0 ? 0 : (now - oldest) / 60},
                      {"promise_minutes", sv.promise_minutes}};
}

json::object staff_json(const State& s, const std::string& id) {
  const auto* cfg = s.cfg().find_staff(id);
  const auto* st = s.staff_state(id);
  json::object o{{"id", id},
                 {"name", cfg ? cfg->name : id},
                 {"role", cfg ? domain::to_string(cfg->role) : "staff"},
                 {"department", cfg ? cfg->department : ""}};
  if (!st) return o;
  o["signed_in"] = st->signed_in;
  o["post"] = st->post.empty() ? json::value(nullptr) : json::value(st->post);
  if (!st->post_as.empty()) o["as"] = st->post_as;
  if (!st->home.empty()) o["covering_from"] = st->home;
  if (st->off_post) {
    const auto off = s.cfg().hall.utc_offset;
    o["off_post"] = json::object{{"window", st->off_post->window},
                                 {"reason", st->off_post->reason},
                                 {"destination", st->off_post->destination},
                                 {"since", domain::format_time(st->off_post->since, off)},
                                 {"expected_return", domain::format_time(st->off_post->expected_return, off)}};
    if (!st->off_post->handover.empty()) {  // R-AB-4
      o["off_post"].as_object()["handover"] = st->off_post->handover;
      o["off_post"].as_object()["handover_acknowledged_by"] = st->off_post->handover_ack_by.empty()
                                                                  ? json::value(nullptr)
                                                                  : json::value(st->off_post->handover_ack_by);
    }
  } else {
    o["off_post"] = nullptr;
  }
  return o;
}

json::object staff_summary_json(const domain::Staff& st) {
  return json::object{{"id", st.id}, {"name", st.name}, {"role", domain::to_string(st.role)}, {"department", st.department}};
}

json::object substitutes_json(const State& s, const std::string& window, const std::vector<Candidate>& candidates) {
  json::array out;
  for (const auto& cand : candidates) {
    const auto* person = s.cfg().find_staff(cand.staff);
    out.push_back(json::object{{"staff", cand.staff},
                               {"name", person ? person->name : cand.staff},
                               {"as", cand.as},
                               {"empties_window", cand.empties_window},
                               {"available", cand.available},
                               {"on_leave", cand.on_leave},
                               {"on_post", cand.on_post.empty() ? json::value(nullptr) : json::value(cand.on_post)},
                               {"remote", cand.remote},
                               {"effect_minutes", cand.effect_minutes}});
    if (cand.remote) out.back().as_object()["at"] = cand.on_post;  // R-AB-7: covers from there
  }
  return json::object{{"window", window}, {"candidates", std::move(out)}};
}

json::object appointment_json(const State& s, const std::string& id) {
  const auto it = s.appointments.find(id);
  if (it == s.appointments.end()) return {};
  return json::object{{"id", id}, {"service", it->second.service}, {"slot", iso(s, it->second.slot)}};
}

json::object acked_alert_json(const State& s, const std::string& id, const Events& ev) {
  if (const auto it = s.alerts.find(id); it != s.alerts.end()) return alert_json(s, it->second);
  if (ev.empty()) return {};
  return json::object{{"id", id}, {"kind", ev.front().kind}, {"acknowledged_by", ev.front().actor}};
}

json::object finish_json(const State& s, const Events& ev, Time now) {
  json::object o{{"ticket", ev.empty() ? json::value(nullptr) : ticket_or_null(s, ev.front().ticket, now)}};
  for (const auto& e : ev)
    if (e.type == domain::EventType::case_opened)
      if (const auto k = s.cases.find(e.case_id); k != s.cases.end()) o["case"] = case_json(s, k->second, now);
  return o;
}

json::object judgement_items_json(const State& s) {
  json::object items;
  for (const auto& [item, weight] : s.policy().judgement_weights) items[item] = weight;
  return items;
}

std::string events_page_json(const std::vector<std::string>& rows, std::int64_t since, std::int64_t durable_seq) {
  // Rows are stored JSON: copied as they are, not parsed and printed again.
  std::string body = "{\"events\":[";
  std::int64_t next = since;
  int n = 0;
  for (const auto& r : rows) {
    boost::system::error_code ec;
    const auto v = json::parse(r, ec);
    if (ec || !v.is_object()) continue;
    const auto seq = v.get_object().at("seq").to_number<std::int64_t>();
    if (seq > durable_seq) break;
    body += (n++ ? "," : "") + r;
    next = seq;
  }
  body += "],\"next\":" + std::to_string(next) + "}";
  return body;
}

json::object health_json(bool storage_ok, std::int64_t durable_seq) {
  return json::object{{"status", storage_ok ? "ok" : "storage_unavailable"}, {"seq", durable_seq}};
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
