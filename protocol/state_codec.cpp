// Snapshot codec. Times are stored as epoch seconds: snapshots are internal, not for people.
#include "protocol/state_codec.hpp"

#include "core/engine.hpp"
#include "protocol/json_fields.hpp"

#include <type_traits>

#include <boost/json.hpp>

#include <algorithm>

namespace hallq::proto {

namespace json = boost::json;
using namespace hallq::core;

namespace {

json::object cover_json(const std::vector<std::pair<std::string, std::string>>& cover) {
  json::object o;
  for (const auto& [w, b] : cover) o[w] = b;
  return o;
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

// Every field of a case with its name: one table for both directions (R-CASE-1).
template <class K, class F>
void visit_case(K& k, F&& f) {
  f("id", k.id);
  f("outcome", k.outcome);
  f("ticket", k.ticket);
  f("number", k.number);
  f("service", k.service);
  f("department", k.department);
  f("staff", k.staff);
  f("window", k.window);
  f("opened_at", k.opened_at);
  f("opened_seq", k.opened_seq);
  f("due", k.due);
  f("days", k.days);
  f("missing", k.missing);
  f("reason", k.reason);
  f("extended_days", k.extended_days);
  f("extension_reason", k.extension_reason);
  f("extended_by", k.extended_by);
  f("extended_at", k.extended_at);
  f("decided_at", k.decided_at);
  f("decided_by", k.decided_by);
  f("decision_note", k.decision_note);
  f("delivered_at", k.delivered_at);
  f("delivered_by", k.delivered_by);
  f("delivered_window", k.delivered_window);
  f("alert", k.alert);
  f("overdue_alert", k.overdue_alert);
  f("overdue", k.overdue);
}

// Lenient readers: a snapshot that does not read back is discarded as a whole by the caller.
struct Reader {
  const json::object& o;
  std::string str(const char* k) const { return fields::str(o, k); }
  std::int64_t i64(const char* k) const { return fields::integer(o, k); }
  int i32(const char* k) const { return static_cast<int>(i64(k)); }
  double dbl(const char* k) const { return fields::number(o, k); }
  bool flag(const char* k) const { return fields::flag(o, k); }
  std::vector<std::string> list(const char* k) const { return fields::strings(o, k); }
  const json::array& arr(const char* k) const { return fields::array(o, k); }
  const json::object& obj(const char* k) const { return fields::object(o, k); }
};

json::array seqs(const std::vector<std::int64_t>& v) {
  json::array a;
  for (const auto x : v) a.emplace_back(x);
  return a;
}

std::vector<std::int64_t> read_seqs(const Reader& r, const char* k) {
  std::vector<std::int64_t> out;
  for (const auto& x : r.arr(k))
    if (x.is_int64()) out.push_back(x.get_int64());
  return out;
}

// Scoring tallies: one array [days_present, served, within_promise, ratings, satisfied,
// attendance_milli, discipline_milli, bulletins, verified_complaints, refusals] per quarter.
json::array encode_quarter(const StaffQuarter& q) {
  return json::array{q.days_present, q.served,    q.within_promise, q.ratings,          q.satisfied,
                     q.attendance_milli, q.discipline_milli, q.bulletins, q.verified_complaints, q.refusals};
}

std::optional<StaffQuarter> decode_quarter(const json::value& v) {
  if (!v.is_array() || v.get_array().size() != 10) return std::nullopt;
  std::int64_t n[10];
  for (std::size_t i = 0; i < 10; ++i) {
    const auto& x = v.get_array()[i];
    if (!x.is_int64()) return std::nullopt;
    n[i] = x.get_int64();
  }
  StaffQuarter q;
  q.days_present = static_cast<std::int32_t>(n[0]);
  q.served = static_cast<std::int32_t>(n[1]);
  q.within_promise = static_cast<std::int32_t>(n[2]);
  q.ratings = static_cast<std::int32_t>(n[3]);
  q.satisfied = static_cast<std::int32_t>(n[4]);
  q.attendance_milli = n[5];
  q.discipline_milli = n[6];
  q.bulletins = static_cast<std::int32_t>(n[7]);
  q.verified_complaints = static_cast<std::int32_t>(n[8]);
  q.refusals = static_cast<std::int32_t>(n[9]);
  return q;
}

TicketStatus parse_status(const std::string& s) {
  for (auto st : {TicketStatus::waiting, TicketStatus::called, TicketStatus::serving, TicketStatus::finished,
                  TicketStatus::no_show, TicketStatus::cancelled})
    if (s == to_string(st)) return st;
  return TicketStatus::cancelled;
}

}  // namespace

std::string encode_state(const State& s) {
  json::object o;
  o["seq"] = s.seq;
  o["now"] = s.now;
  o["day"] = s.day;
  o["session_open"] = s.session_open;
  o["session"] = s.session;
  o["session_closes_at"] = s.session_closes_at;
  o["session_closed_seq"] = s.session_closed_seq;
  o["next_alert"] = s.next_alert;
  o["next_leave"] = s.next_leave;
  o["next_violation"] = s.next_violation;
  json::array tickets;
  for (const auto& [id, t] : s.tickets) {
    tickets.push_back(json::object{
        {"id", t.id}, {"number", t.number}, {"service", t.service}, {"priority", core::priority_name(t.priority)},
        {"appointment", t.appointment}, {"appointment_slot", t.appointment_slot}, {"previous", t.previous},
        {"date", t.date}, {"status", to_string(t.status)}, {"issued_at", t.key.issued_at},
        {"issue_seq", t.key.issue_seq}, {"called_at", t.called_at}, {"started_at", t.started_at},
        {"finished_at", t.finished_at}, {"window", t.window}, {"staff", t.staff}, {"recalls", t.recalls},
        {"overtaken", t.overtaken}, {"requeues", t.requeues}, {"outcome", t.outcome},
        {"missing", strings(t.missing)}, {"rating", t.rating}, {"wait_alert", t.wait_alert},
        {"limit_alert", t.limit_alert}});
  }
  o["tickets"] = std::move(tickets);
  json::object counters;
  for (const auto& [prefix, n] : s.counters) counters[prefix] = n;
  o["counters"] = std::move(counters);
  json::array appointments;
  for (const auto& [id, a] : s.appointments)
    appointments.push_back(json::object{{"id", a.id}, {"service", a.service}, {"slot", a.slot}, {"ticket", a.ticket}});
  o["appointments"] = std::move(appointments);
  json::object staff;
  for (const auto& [id, st] : s.staff) {
    json::object x{{"signed_in", st.signed_in}, {"signed_in_at", st.signed_in_at}, {"post", st.post},
                   {"post_as", st.post_as}, {"home", st.home}, {"attended_today", st.attended_today}, {"signed_out_at", st.signed_out_at},
                   {"overdue_alert", st.overdue_alert}, {"absent_day", st.absent_day}};
    if (st.off_post)
      x["off_post"] = json::object{{"window", st.off_post->window}, {"reason", st.off_post->reason},
                                   {"destination", st.off_post->destination}, {"since", st.off_post->since},
                                   {"expected_return", st.off_post->expected_return}, {"seq", st.off_post->seq},
                                   {"handover", st.off_post->handover}, {"handover_ack_by", st.off_post->handover_ack_by}};
    staff[id] = std::move(x);
  }
  o["staff"] = std::move(staff);
  json::object windows;
  for (const auto& [id, w] : s.windows) {
    json::object x{{"closed", w.closed}, {"rota_closed", w.rota_closed}, {"on_post", w.on_post}, {"on_post_as", w.on_post_as},
                   {"off_staff", w.off_staff}, {"current_ticket", w.current_ticket}, {"presence_at", w.presence_at},
                   {"change_seq", w.change_seq}, {"presence_seq", w.presence_seq}, {"cover_alert", w.cover_alert}, {"empty_alert", w.empty_alert},
                   {"absence_alert", w.absence_alert}, {"uncovered_since", w.uncovered_since},
                   {"redirect_to", w.redirect_to}, {"redirect_since", w.redirect_since}, {"remote_alert", w.remote_alert}};
    if (w.presence) x["presence"] = *w.presence;
    windows[id] = std::move(x);
  }
  o["windows"] = std::move(windows);
  json::object stats;
  for (const auto& [id, st] : s.stats) stats[id] = json::object{{"avg", st.avg_service_seconds}, {"served", st.served}};
  o["stats"] = std::move(stats);
  json::array calls;
  for (const auto& c : s.recent_calls)
    calls.push_back(json::object{{"number", c.number}, {"window", c.window}, {"ticket", c.ticket}, {"at", c.at}, {"recall", c.recall}});
  o["recent_calls"] = std::move(calls);
  json::array alerts;
  for (const auto& [id, a] : s.alerts)
    alerts.push_back(json::object{{"id", a.id}, {"kind", a.kind}, {"level", a.level}, {"window", a.window},
                                  {"staff", a.staff}, {"ticket", a.ticket}, {"leave", a.leave},
                                  {"follow_up", a.follow_up}, {"case", a.case_id}, {"rule", a.rule},
                                  {"notify", strings(a.notify)}, {"raised_at", a.raised_at},
                                  {"raised_seq", a.raised_seq}, {"escalated_at", a.escalated_at},
                                  {"acknowledged_by", a.acknowledged_by}, {"note", a.note},
                                  {"resolved_at", a.resolved_at}, {"message", a.message}});
  o["alerts"] = std::move(alerts);
  json::array leaves;
  for (const auto& [id, l] : s.leaves)
    leaves.push_back(json::object{{"id", l.id}, {"staff", l.staff}, {"from", l.from}, {"to", l.to}, {"reason", l.reason},
                                  {"chain", strings(l.chain)}, {"approvals", l.approvals}, {"status", to_string(l.status)},
                                  {"requested_by", l.requested_by}, {"requested_at", l.requested_at},
                                  {"decided_by", strings(l.decided_by)}, {"planned_cover_alert", l.planned_cover_alert},
                                  {"kind", l.kind}, {"from_half", l.from_half}, {"to_half", l.to_half}, {"days", l.days},
                                  {"cover", cover_json(l.cover)}, {"handover", l.handover},
                                  {"handover_acks", strings(l.handover_acks)}, {"late_notice", l.late_notice},
                                  {"filed_with", strings(l.filed_with)}, {"ended_at", l.ended_at},
                                  {"ended_day", l.ended_day}, {"cancelled_by", l.cancelled_by}});
  o["leaves"] = std::move(leaves);
  json::array violations;
  for (const auto& [id, v] : s.violations) {
    json::array events;
    for (const auto seq : v.events) events.emplace_back(seq);
    violations.push_back(json::object{{"id", v.id}, {"kind", v.kind}, {"points", v.points}, {"staff", v.staff},
                                      {"department", v.department}, {"status", to_string(v.status)},
                                      {"source", v.source}, {"rule", v.rule}, {"events", std::move(events)},
                                      {"at", v.at}, {"note", v.note}, {"decided_by", v.decided_by},
                                      {"decision_note", v.decision_note}, {"complaint", v.complaint},
                                      {"window", v.window}, {"incident", v.incident}, {"case", v.case_id},
                                      {"decisions", seqs(v.decisions)}});
  }
  o["violations"] = std::move(violations);
  o["next_bulletin"] = s.next_bulletin;
  json::array bulletins;
  for (const auto& [id, b] : s.bulletins)
    bulletins.push_back(json::object{{"id", b.id}, {"staff", b.staff}, {"department", b.department},
                                     {"violations", strings(b.violations)}, {"note", b.note},
                                     {"issued_by", b.issued_by}, {"at", b.at}, {"seq", b.seq}});
  o["bulletins"] = std::move(bulletins);
  json::array assessments;  // R-SCR-5: the latest of each person's quarter
  for (const auto& [who, quarters] : s.assessments)
    for (const auto& [key, a] : quarters) {
      json::object marks;
      for (const auto& [item, mark] : a.marks) marks[item] = mark;
      assessments.push_back(json::object{{"staff", a.staff}, {"department", a.department}, {"year", a.year},
                                         {"quarter", a.quarter}, {"marks", std::move(marks)},
                                         {"grounds", strings(a.grounds)}, {"note", a.note}, {"by", a.by},
                                         {"at", a.at}, {"seq", a.seq}});
    }
  o["assessments"] = std::move(assessments);
  o["next_complaint"] = s.next_complaint;
  o["next_follow_up"] = s.next_follow_up;
  json::array complaints;
  for (const auto& [id, c] : s.complaints) {
    json::object x{{"id", c.id}, {"ticket", c.ticket}, {"staff", c.staff}, {"window", c.window},
                   {"department", c.department}, {"text", c.text}, {"filed_by", c.filed_by},
                   {"filed_at", c.filed_at}, {"filed_seq", c.filed_seq}, {"decided_by", c.decided_by},
                   {"note", c.note}, {"decided_at", c.decided_at}, {"violation", c.violation},
                   {"verdicts", seqs(c.verdicts)}};
    if (c.verified) x["verified"] = *c.verified;
    complaints.push_back(std::move(x));
  }
  o["complaints"] = std::move(complaints);
  json::array follow_ups;
  for (const auto& [id, f] : s.follow_ups)
    follow_ups.push_back(json::object{{"id", f.id}, {"ticket", f.ticket}, {"number", f.number}, {"service", f.service},
                                      {"staff", f.staff}, {"window", f.window}, {"level", f.level},
                                      {"opened_at", f.opened_at}, {"rated_seq", f.rated_seq}, {"due", f.due},
                                      {"closed", f.closed}, {"closed_at", f.closed_at}, {"closed_by", f.closed_by},
                                      {"note", f.note}, {"alert", f.alert}, {"overdue_alert", f.overdue_alert}});
  o["follow_ups"] = std::move(follow_ups);
  json::array cases;
  for (const auto& [id, k] : s.cases) {
    json::object x{{"status", to_string(k.status)}};
    visit_case(k, [&x](const char* name, const auto& field) {
      using T = std::decay_t<decltype(field)>;
      if constexpr (std::is_same_v<T, std::vector<std::string>>) x[name] = strings(field);
      else x[name] = field;
    });
    cases.push_back(std::move(x));
  }
  o["cases"] = std::move(cases);
  json::object tallies;
  for (const auto& [staff_id, quarters] : s.staff_quarters) {
    json::object q;
    for (const auto& [key, tally] : quarters) q[std::to_string(key)] = encode_quarter(tally);
    tallies[staff_id] = std::move(q);
  }
  o["staff_quarters"] = std::move(tallies);
  json::object deducted;
  for (const auto& [dept, years] : s.department_deducted) {
    json::object y;
    for (const auto& [year, milli] : years) y[std::to_string(year)] = milli;
    deducted[dept] = std::move(y);
  }
  o["department_deducted"] = std::move(deducted);
  return json::serialize(o);
}

std::optional<State> decode_state(const std::string& text, std::shared_ptr<const domain::HallConfig> config) {
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  if (ec || !doc.is_object()) return std::nullopt;
  const Reader r{doc.get_object()};
  State s(std::move(config));
  s.seq = r.i64("seq");
  s.now = r.i64("now");
  s.day = r.str("day");
  s.session_open = r.flag("session_open");
  s.session = r.i32("session");
  s.session_closes_at = r.i64("session_closes_at");
  s.session_closed_seq = r.i64("session_closed_seq");
  s.next_alert = r.i64("next_alert");
  s.next_leave = r.i64("next_leave");
  s.next_violation = r.i64("next_violation");
  for (const auto& item : r.arr("tickets")) {
    if (!item.is_object()) return std::nullopt;
    const Reader t{item.get_object()};
    Ticket k;
    k.id = t.str("id");
    k.number = t.str("number");
    k.service = t.str("service");
    k.priority = core::parse_priority(t.str("priority")).value_or(core::Priority::normal);
    k.appointment = t.str("appointment");
    k.appointment_slot = t.i64("appointment_slot");
    k.previous = t.str("previous");
    k.date = t.str("date");
    k.status = parse_status(t.str("status"));
    k.key = QueueKey{t.i64("issued_at"), t.i64("issue_seq")};
    k.called_at = t.i64("called_at");
    k.started_at = t.i64("started_at");
    k.finished_at = t.i64("finished_at");
    k.window = t.str("window");
    k.staff = t.str("staff");
    k.recalls = t.i32("recalls");
    k.overtaken = t.i32("overtaken");
    k.requeues = t.i32("requeues");
    k.outcome = t.str("outcome");
    k.missing = t.list("missing");
    k.rating = t.i32("rating");
    k.wait_alert = t.str("wait_alert");
    k.limit_alert = t.str("limit_alert");
    if (k.status == TicketStatus::waiting) s.waiting[k.service].emplace(k.key, k.id);
    s.tickets.emplace(k.id, std::move(k));
  }
  for (const auto& [prefix, n] : r.obj("counters"))
    if (n.is_int64()) s.counters[prefix] = static_cast<int>(n.get_int64());
  for (const auto& item : r.arr("appointments")) {
    if (!item.is_object()) return std::nullopt;
    const Reader a{item.get_object()};
    s.appointments[a.str("id")] = Appointment{a.str("id"), a.str("service"), a.i64("slot"), a.str("ticket")};
  }
  for (const auto& [id, item] : r.obj("staff")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    StaffState st;
    st.signed_in = x.flag("signed_in");
    st.signed_in_at = x.i64("signed_in_at");
    st.post = x.str("post");
    st.post_as = x.str("post_as");
    st.home = x.str("home");
    st.attended_today = x.flag("attended_today");
    st.signed_out_at = x.i64("signed_out_at");
    st.overdue_alert = x.str("overdue_alert");
    st.absent_day = x.str("absent_day");
    if (const auto* off = item.get_object().if_contains("off_post"); off && off->is_object()) {
      const Reader o{off->get_object()};
      st.off_post = OffPost{o.str("window"), o.str("reason"), o.str("destination"), o.i64("since"), o.i64("expected_return"),
                            o.i64("seq"), o.str("handover"), o.str("handover_ack_by")};
    }
    s.staff[std::string(id)] = std::move(st);
  }
  for (const auto& [id, item] : r.obj("windows")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    WindowState w;
    w.closed = x.flag("closed");
    w.rota_closed = x.flag("rota_closed");
    w.on_post = x.str("on_post");
    w.on_post_as = x.str("on_post_as");
    w.off_staff = x.str("off_staff");
    w.current_ticket = x.str("current_ticket");
    w.presence_at = x.i64("presence_at");
    w.change_seq = x.i64("change_seq");
    w.presence_seq = x.i64("presence_seq");
    w.cover_alert = x.str("cover_alert");
    w.empty_alert = x.str("empty_alert");
    w.absence_alert = x.str("absence_alert");
    w.uncovered_since = x.i64("uncovered_since");
    w.redirect_to = x.str("redirect_to");
    w.redirect_since = x.i64("redirect_since");
    w.remote_alert = x.str("remote_alert");
    if (const auto* p = item.get_object().if_contains("presence"); p && p->is_bool()) w.presence = p->get_bool();
    s.windows[std::string(id)] = std::move(w);
  }
  for (const auto& [id, item] : r.obj("stats")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    s.stats[std::string(id)] = ServiceStats{x.dbl("avg"), x.i64("served")};
  }
  for (const auto& item : r.arr("recent_calls")) {
    if (!item.is_object()) return std::nullopt;
    const Reader c{item.get_object()};
    s.recent_calls.push_back(RecentCall{c.str("number"), c.str("window"), c.str("ticket"), c.i64("at"), c.flag("recall")});
  }
  for (const auto& item : r.arr("alerts")) {
    if (!item.is_object()) return std::nullopt;
    const Reader a{item.get_object()};
    Alert al;
    al.id = a.str("id");
    al.kind = a.str("kind");
    al.level = a.i32("level");
    al.window = a.str("window");
    al.staff = a.str("staff");
    al.ticket = a.str("ticket");
    al.leave = a.str("leave");
    al.follow_up = a.str("follow_up");
    al.case_id = a.str("case");
    al.rule = a.str("rule");
    al.notify = a.list("notify");
    al.raised_seq = a.i64("raised_seq");
    al.escalated_at = a.i64("escalated_at");
    al.raised_at = a.i64("raised_at");
    al.acknowledged_by = a.str("acknowledged_by");
    al.note = a.str("note");
    al.resolved_at = a.i64("resolved_at");
    al.message = a.str("message");
    s.alerts[al.id] = std::move(al);
  }
  for (const auto& item : r.arr("leaves")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    Leave l;
    l.id = x.str("id");
    l.staff = x.str("staff");
    l.from = x.str("from");
    l.to = x.str("to");
    l.reason = x.str("reason");
    l.chain = x.list("chain");
    l.approvals = static_cast<std::size_t>(x.i64("approvals"));
    const std::string status = x.str("status");
    l.status = status == "approved"    ? LeaveStatus::approved
               : status == "rejected"  ? LeaveStatus::rejected
               : status == "cancelled" ? LeaveStatus::cancelled
                                       : LeaveStatus::pending;
    l.requested_by = x.str("requested_by");
    l.requested_at = x.i64("requested_at");
    l.decided_by = x.list("decided_by");
    l.planned_cover_alert = x.str("planned_cover_alert");
    if (const auto kind = x.str("kind"); !kind.empty()) l.kind = kind;
    l.from_half = x.str("from_half");
    l.to_half = x.str("to_half");
    l.days = x.dbl("days");
    for (const auto& kv : x.obj("cover"))
      if (kv.value().is_string()) l.cover.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
    l.handover = x.str("handover");
    l.handover_acks = x.list("handover_acks");
    l.late_notice = x.flag("late_notice");
    l.filed_with = x.list("filed_with");
    l.ended_at = x.i64("ended_at");
    l.ended_day = x.str("ended_day");
    l.cancelled_by = x.str("cancelled_by");
    s.leaves[l.id] = std::move(l);
  }
  for (const auto& item : r.arr("violations")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    Violation v;
    v.id = x.str("id");
    v.kind = x.str("kind");
    v.points = x.dbl("points");
    v.staff = x.str("staff");
    v.department = x.str("department");
    const std::string status = x.str("status");
    v.status = status == "confirmed" ? ViolationStatus::confirmed
               : status == "dismissed" ? ViolationStatus::dismissed
                                       : ViolationStatus::proposed;
    v.source = x.str("source");
    v.rule = x.str("rule");
    for (const auto& seq : x.arr("events"))
      if (seq.is_int64()) v.events.push_back(seq.get_int64());
    v.at = x.i64("at");
    v.note = x.str("note");
    v.decided_by = x.str("decided_by");
    v.decision_note = x.str("decision_note");
    v.complaint = x.str("complaint");
    v.window = x.str("window");
    v.incident = x.str("incident");
    v.case_id = x.str("case");
    v.decisions = read_seqs(x, "decisions");
    s.violations[v.id] = std::move(v);
  }
  s.next_bulletin = std::max<std::int64_t>(1, r.i64("next_bulletin"));
  for (const auto& item : r.arr("bulletins")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    Bulletin b;
    b.id = x.str("id");
    b.staff = x.str("staff");
    b.department = x.str("department");
    b.violations = x.list("violations");
    b.note = x.str("note");
    b.issued_by = x.str("issued_by");
    b.at = x.i64("at");
    b.seq = x.i64("seq");
    s.bulletins[b.id] = std::move(b);
  }
  for (const auto& item : r.arr("assessments")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    Assessment a;
    a.staff = x.str("staff");
    a.department = x.str("department");
    a.year = x.i32("year");
    a.quarter = x.i32("quarter");
    for (const auto& kv : x.obj("marks"))
      if (kv.value().is_int64()) a.marks[std::string(kv.key())] = static_cast<int>(kv.value().get_int64());
    a.grounds = x.list("grounds");
    a.note = x.str("note");
    a.by = x.str("by");
    a.at = x.i64("at");
    a.seq = x.i64("seq");
    if (a.staff.empty() || a.quarter < 1 || a.quarter > 4) return std::nullopt;
    s.assessments[a.staff][quarter_key(a.year, a.quarter)] = std::move(a);
  }
  s.next_complaint = r.i64("next_complaint");
  s.next_follow_up = r.i64("next_follow_up");
  for (const auto& item : r.arr("complaints")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    Complaint c;
    c.id = x.str("id");
    c.ticket = x.str("ticket");
    c.staff = x.str("staff");
    c.window = x.str("window");
    c.department = x.str("department");
    c.text = x.str("text");
    c.filed_by = x.str("filed_by");
    c.filed_at = x.i64("filed_at");
    c.filed_seq = x.i64("filed_seq");
    if (const auto* v = item.get_object().if_contains("verified"); v && v->is_bool()) c.verified = v->get_bool();
    c.decided_by = x.str("decided_by");
    c.note = x.str("note");
    c.decided_at = x.i64("decided_at");
    c.violation = x.str("violation");
    c.verdicts = read_seqs(x, "verdicts");
    s.complaints[c.id] = std::move(c);
  }
  for (const auto& item : r.arr("follow_ups")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    FollowUp f;
    f.id = x.str("id");
    f.ticket = x.str("ticket");
    f.number = x.str("number");
    f.service = x.str("service");
    f.staff = x.str("staff");
    f.window = x.str("window");
    f.level = x.i32("level");
    f.opened_at = x.i64("opened_at");
    f.rated_seq = x.i64("rated_seq");
    f.due = x.i64("due");
    f.closed = x.flag("closed");
    f.closed_at = x.i64("closed_at");
    f.closed_by = x.str("closed_by");
    f.note = x.str("note");
    f.alert = x.str("alert");
    f.overdue_alert = x.str("overdue_alert");
    if (!f.closed) s.open_follow_ups.insert(f.id);
    s.follow_ups[f.id] = std::move(f);
  }
  for (const auto& item : r.arr("cases")) {
    if (!item.is_object()) return std::nullopt;
    const Reader x{item.get_object()};
    Case k;
    const auto status = parse_case_status(x.str("status"));
    if (!status) return std::nullopt;
    k.status = *status;
    visit_case(k, [&x](const char* name, auto& field) {
      using T = std::decay_t<decltype(field)>;
      if constexpr (std::is_same_v<T, std::vector<std::string>>) field = x.list(name);
      else if constexpr (std::is_same_v<T, std::string>) field = x.str(name);
      else if constexpr (std::is_same_v<T, bool>) field = x.flag(name);
      else if constexpr (std::is_same_v<T, int>) field = x.i32(name);
      else field = x.i64(name);
    });
    if (k.id.empty()) return std::nullopt;
    k.yellow_at = case_yellow_at(s, k);  // derived from the calendar, as apply does
    k.red_at = case_red_at(s, k);
    if (k.open()) s.open_cases.insert(k.id);
    s.cases[k.id] = std::move(k);
  }
  for (const auto& [staff_id, quarters] : r.obj("staff_quarters")) {
    if (!quarters.is_object()) return std::nullopt;
    for (const auto& [key, tally] : quarters.get_object()) {
      const auto q = decode_quarter(tally);
      if (!q) return std::nullopt;
      s.staff_quarters[std::string(staff_id)][std::stoi(std::string(key))] = *q;
    }
  }
  for (const auto& [dept, years] : r.obj("department_deducted")) {
    if (!years.is_object()) return std::nullopt;
    for (const auto& [year, milli] : years.get_object()) {
      if (!milli.is_int64()) return std::nullopt;
      s.department_deducted[std::string(dept)][std::stoi(std::string(year))] = milli.get_int64();
    }
  }
  return s;
}

}  // namespace hallq::proto
