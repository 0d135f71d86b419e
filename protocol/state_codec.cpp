// Snapshot codec. Times are stored as epoch seconds: snapshots are internal, not for people.
// Each struct's fields are named once, in one table that both directions walk (each_field);
// how a field reads and writes follows from its C++ type (put / get).
#include "protocol/state_codec.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <concepts>
#include <map>
#include <type_traits>

#include "core/engine.hpp"
#include "protocol/json_fields.hpp"

namespace hallq::proto {

namespace json = boost::json;
using namespace hallq::core;

namespace {

// [SECTION] a field's JSON by its type. Reading is lenient: a snapshot that does not read back
// is discarded as a whole by the caller.

void put(json::object& o, const char* k, const std::string& v) { o[k] = v; }
void put(json::object& o, const char* k, std::int64_t v) { o[k] = v; }
void put(json::object& o, const char* k, int v) { o[k] = v; }
void put(json::object& o, const char* k, std::size_t v) { o[k] = v; }
void put(json::object& o, const char* k, double v) { o[k] = v; }
void put(json::object& o, const char* k, bool v) { o[k] = v; }
void put(json::object& o, const char* k, const std::optional<bool>& v) {
  if (v) o[k] = *v;
}
void put(json::object& o, const char* k, const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  o[k] = std::move(a);
}
void put(json::object& o, const char* k, const std::vector<std::int64_t>& v) {
  json::array a;
  for (const auto x : v) a.emplace_back(x);
  o[k] = std::move(a);
}
void put(json::object& o, const char* k, const std::vector<std::pair<std::string, std::string>>& v) {
  json::object m;
  for (const auto& [a, b] : v) m[a] = b;
  o[k] = std::move(m);
}
void put(json::object& o, const char* k, const std::map<std::string, int>& v) {
  json::object m;
  for (const auto& [a, b] : v) m[a] = b;
  o[k] = std::move(m);
}
void put(json::object& o, const char* k, Priority v) { o[k] = priority_name(v); }
void put(json::object& o, const char* k, TicketStatus v) { o[k] = to_string(v); }
void put(json::object& o, const char* k, LeaveStatus v) { o[k] = to_string(v); }
void put(json::object& o, const char* k, ViolationStatus v) { o[k] = to_string(v); }
void put(json::object& o, const char* k, CaseStatus v) { o[k] = to_string(v); }
void put(json::object& o, const char* k, const std::optional<OffPost>& v);

void get(const json::object& o, const char* k, std::string& v) { v = fields::str(o, k); }
void get(const json::object& o, const char* k, std::int64_t& v) { v = fields::integer(o, k); }
void get(const json::object& o, const char* k, int& v) { v = static_cast<int>(fields::integer(o, k)); }
void get(const json::object& o, const char* k, std::size_t& v) { v = static_cast<std::size_t>(fields::integer(o, k)); }
void get(const json::object& o, const char* k, double& v) { v = fields::number(o, k); }
void get(const json::object& o, const char* k, bool& v) { v = fields::flag(o, k); }
void get(const json::object& o, const char* k, std::optional<bool>& v) {
  if (const auto* x = o.if_contains(k); x && x->is_bool()) v = x->get_bool();
}
void get(const json::object& o, const char* k, std::vector<std::string>& v) { v = fields::strings(o, k); }
void get(const json::object& o, const char* k, std::vector<std::int64_t>& v) {
  v.clear();
  for (const auto& x : fields::array(o, k))
    if (x.is_int64()) v.push_back(x.get_int64());
}
void get(const json::object& o, const char* k, std::vector<std::pair<std::string, std::string>>& v) {
  v.clear();
  for (const auto& kv : fields::object(o, k))
    if (kv.value().is_string()) v.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
}
void get(const json::object& o, const char* k, std::map<std::string, int>& v) {
  v.clear();
  for (const auto& kv : fields::object(o, k))
    if (kv.value().is_int64()) v[std::string(kv.key())] = static_cast<int>(kv.value().get_int64());
}
void get(const json::object& o, const char* k, Priority& v) { v = parse_priority(fields::str(o, k)).value_or(Priority::normal); }
void get(const json::object& o, const char* k, TicketStatus& v) {
  const std::string s = fields::str(o, k);
  v = TicketStatus::cancelled;
  for (auto st : {TicketStatus::waiting, TicketStatus::called, TicketStatus::serving, TicketStatus::finished,
                  TicketStatus::no_show, TicketStatus::cancelled})
    if (s == to_string(st)) v = st;
}
void get(const json::object& o, const char* k, LeaveStatus& v) {
  const std::string s = fields::str(o, k);
  v = s == "approved"    ? LeaveStatus::approved
      : s == "rejected"  ? LeaveStatus::rejected
      : s == "cancelled" ? LeaveStatus::cancelled
                         : LeaveStatus::pending;
}
void get(const json::object& o, const char* k, ViolationStatus& v) {
  const std::string s = fields::str(o, k);
  v = s == "confirmed" ? ViolationStatus::confirmed : s == "dismissed" ? ViolationStatus::dismissed : ViolationStatus::proposed;
}
void get(const json::object& o, const char* k, CaseStatus& v) {  // decode_state refuses an unknown one first
  v = parse_case_status(fields::str(o, k)).value_or(CaseStatus::accepted);
}
void get(const json::object& o, const char* k, std::optional<OffPost>& v);

struct Put {
  json::object& o;
  template <class T>
  void operator()(const char* k, const T& v) const {
    put(o, k, v);
  }
};
struct Get {
  const json::object& o;
  template <class T>
  void operator()(const char* k, T& v) const {
    get(o, k, v);
  }
};

// [SECTION] the field tables: every stored field of each struct with its JSON name

template <class K, class T>
concept Of = std::same_as<std::remove_const_t<K>, T>;

/// The scalars of the State itself; its collections are written out in encode_state.
template <Of<State> K, class F>
void each_field(K& s, F&& f) {
  f("seq", s.seq);
  f("now", s.now);
  f("day", s.day);
  f("session_open", s.session_open);
  f("session", s.session);
  f("session_closes_at", s.session_closes_at);
  f("session_closed_seq", s.session_closed_seq);
  f("next_alert", s.next_alert);
  f("next_leave", s.next_leave);
  f("next_violation", s.next_violation);
  f("next_bulletin", s.next_bulletin);
  f("next_complaint", s.next_complaint);
  f("next_follow_up", s.next_follow_up);
}

template <Of<Ticket> K, class F>
void each_field(K& t, F&& f) {
  f("id", t.id);
  f("number", t.number);
  f("service", t.service);
  f("priority", t.priority);
  f("appointment", t.appointment);
  f("appointment_slot", t.appointment_slot);
  f("previous", t.previous);
  f("date", t.date);
  f("status", t.status);
  f("issued_at", t.key.issued_at);
  f("issue_seq", t.key.issue_seq);
  f("called_at", t.called_at);
  f("started_at", t.started_at);
  f("finished_at", t.finished_at);
  f("window", t.window);
  f("staff", t.staff);
  f("recalls", t.recalls);
  f("overtaken", t.overtaken);
  f("requeues", t.requeues);
  f("outcome", t.outcome);
  f("missing", t.missing);
  f("rating", t.rating);
  f("wait_alert", t.wait_alert);
  f("limit_alert", t.limit_alert);
}

template <Of<Appointment> K, class F>
void each_field(K& a, F&& f) {
  f("id", a.id);
  f("service", a.service);
  f("slot", a.slot);
  f("ticket", a.ticket);
}

template <Of<OffPost> K, class F>
void each_field(K& p, F&& f) {
  f("window", p.window);
  f("reason", p.reason);
  f("destination", p.destination);
  f("since", p.since);
  f("expected_return", p.expected_return);
  f("seq", p.seq);
  f("handover", p.handover);
  f("handover_ack_by", p.handover_ack_by);
}

template <Of<StaffState> K, class F>
void each_field(K& st, F&& f) {
  f("signed_in", st.signed_in);
  f("signed_in_at", st.signed_in_at);
  f("post", st.post);
  f("post_as", st.post_as);
  f("home", st.home);
  f("attended_today", st.attended_today);
  f("signed_out_at", st.signed_out_at);
  f("overdue_alert", st.overdue_alert);
  f("absent_day", st.absent_day);
  f("off_post", st.off_post);
}

template <Of<WindowState> K, class F>
void each_field(K& w, F&& f) {
  f("closed", w.closed);
  f("rota_closed", w.rota_closed);
  f("on_post", w.on_post);
  f("on_post_as", w.on_post_as);
  f("off_staff", w.off_staff);
  f("current_ticket", w.current_ticket);
  f("presence_at", w.presence_at);
  f("change_seq", w.change_seq);
  f("presence_seq", w.presence_seq);
  f("cover_alert", w.cover_alert);
  f("empty_alert", w.empty_alert);
  f("absence_alert", w.absence_alert);
  f("uncovered_since", w.uncovered_since);
  f("redirect_to", w.redirect_to);
  f("redirect_since", w.redirect_since);
  f("remote_alert", w.remote_alert);
  f("presence", w.presence);
}

template <Of<ServiceStats> K, class F>
void each_field(K& st, F&& f) {
  f("avg", st.avg_service_seconds);
  f("served", st.served);
}

template <Of<RecentCall> K, class F>
void each_field(K& c, F&& f) {
  f("number", c.number);
  f("window", c.window);
  f("ticket", c.ticket);
  f("at", c.at);
  f("recall", c.recall);
}

template <Of<Alert> K, class F>
void each_field(K& a, F&& f) {
  f("id", a.id);
  f("kind", a.kind);
  f("level", a.level);
  f("window", a.window);
  f("staff", a.staff);
  f("ticket", a.ticket);
  f("leave", a.leave);
  f("follow_up", a.follow_up);
  f("case", a.case_id);
  f("rule", a.rule);
  f("notify", a.notify);
  f("raised_at", a.raised_at);
  f("raised_seq", a.raised_seq);
  f("escalated_at", a.escalated_at);
  f("acknowledged_by", a.acknowledged_by);
  f("note", a.note);
  f("resolved_at", a.resolved_at);
  f("message", a.message);
}

template <Of<Leave> K, class F>
void each_field(K& l, F&& f) {
  f("id", l.id);
  f("staff", l.staff);
  f("from", l.from);
  f("to", l.to);
  f("reason", l.reason);
  f("chain", l.chain);
  f("approvals", l.approvals);
  f("status", l.status);
  f("requested_by", l.requested_by);
  f("requested_at", l.requested_at);
  f("decided_by", l.decided_by);
  f("planned_cover_alert", l.planned_cover_alert);
  f("kind", l.kind);
  f("from_half", l.from_half);
  f("to_half", l.to_half);
  f("days", l.days);
  f("cover", l.cover);
  f("handover", l.handover);
  f("handover_acks", l.handover_acks);
  f("late_notice", l.late_notice);
  f("filed_with", l.filed_with);
  f("ended_at", l.ended_at);
  f("ended_day", l.ended_day);
  f("cancelled_by", l.cancelled_by);
}

template <Of<Violation> K, class F>
void each_field(K& v, F&& f) {
  f("id", v.id);
  f("kind", v.kind);
  f("points", v.points);
  f("staff", v.staff);
  f("department", v.department);
  f("status", v.status);
  f("source", v.source);
  f("rule", v.rule);
  f("events", v.events);
  f("at", v.at);
  f("note", v.note);
  f("decided_by", v.decided_by);
  f("decision_note", v.decision_note);
  f("complaint", v.complaint);
  f("window", v.window);
  f("incident", v.incident);
  f("case", v.case_id);
  f("decisions", v.decisions);
}

template <Of<Bulletin> K, class F>
void each_field(K& b, F&& f) {
  f("id", b.id);
  f("staff", b.staff);
  f("department", b.department);
  f("violations", b.violations);
  f("note", b.note);
  f("issued_by", b.issued_by);
  f("at", b.at);
  f("seq", b.seq);
}

template <Of<Assessment> K, class F>
void each_field(K& a, F&& f) {
  f("staff", a.staff);
  f("department", a.department);
  f("year", a.year);
  f("quarter", a.quarter);
  f("marks", a.marks);
  f("grounds", a.grounds);
  f("note", a.note);
  f("by", a.by);
  f("at", a.at);
  f("seq", a.seq);
}

template <Of<Complaint> K, class F>
void each_field(K& c, F&& f) {
  f("id", c.id);
  f("ticket", c.ticket);
  f("staff", c.staff);
  f("window", c.window);
  f("department", c.department);
  f("text", c.text);
  f("filed_by", c.filed_by);
  f("filed_at", c.filed_at);
  f("filed_seq", c.filed_seq);
  f("decided_by", c.decided_by);
  f("note", c.note);
  f("decided_at", c.decided_at);
  f("violation", c.violation);
  f("verdicts", c.verdicts);
  f("verified", c.verified);
}

template <Of<FollowUp> K, class F>
void each_field(K& u, F&& f) {
  f("id", u.id);
  f("ticket", u.ticket);
  f("number", u.number);
  f("service", u.service);
  f("staff", u.staff);
  f("window", u.window);
  f("level", u.level);
  f("opened_at", u.opened_at);
  f("rated_seq", u.rated_seq);
  f("due", u.due);
  f("closed", u.closed);
  f("closed_at", u.closed_at);
  f("closed_by", u.closed_by);
  f("note", u.note);
  f("alert", u.alert);
  f("overdue_alert", u.overdue_alert);
}

/// yellow_at and red_at are left out: apply derives them from the calendar, and so does decode.
template <Of<Case> K, class F>
void each_field(K& k, F&& f) {
  f("status", k.status);
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

template <class T>
json::object to_json(const T& x) {
  json::object o;
  each_field(x, Put{o});
  return o;
}

template <class T>
T from_json(const json::object& o) {
  T x;
  each_field(x, Get{o});
  return x;
}

void put(json::object& o, const char* k, const std::optional<OffPost>& v) {
  if (v) o[k] = to_json(*v);
}
void get(const json::object& o, const char* k, std::optional<OffPost>& v) {
  if (const auto* x = o.if_contains(k); x && x->is_object()) v = from_json<OffPost>(x->get_object());
}

// [SECTION] collections

/// A map by id as an array of rows.
template <class Map>
json::array rows(const Map& m) {
  json::array a;
  for (const auto& [id, x] : m) a.push_back(to_json(x));
  return a;
}
/// An array of rows, each handed to `take`; false if a row is not an object or `take` refuses it.
template <class T, class Take>
bool read_rows(const json::array& a, Take&& take) {
  for (const auto& item : a) {
    if (!item.is_object() || !take(from_json<T>(item.get_object()))) return false;
  }
  return true;
}

/// A map by id as an object of id → row.
template <class Map>
json::object keyed(const Map& m) {
  json::object o;
  for (const auto& [id, x] : m) o[id] = to_json(x);
  return o;
}
template <class T, class Map>
bool read_keyed(const json::object& o, Map& m) {
  for (const auto& [id, item] : o) {
    if (!item.is_object()) return false;
    m[std::string(id)] = from_json<T>(item.get_object());
  }
  return true;
}

// Scoring tallies: one array [days_present, served, within_promise, ratings, satisfied,
// attendance_milli, discipline_milli, bulletins, verified_complaints, refusals] per quarter.
json::array encode_quarter(const StaffQuarter& q) {
  return json::array{q.days_present,     q.served,    q.within_promise,      q.ratings, q.satisfied, q.attendance_milli,
                     q.discipline_milli, q.bulletins, q.verified_complaints, q.refusals};
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

}  // namespace

std::string encode_state(const State& s) {
  json::object o;
  each_field(s, Put{o});
  json::array tickets;
  for (const auto& [id, t] : s.tickets) {
    json::object row = to_json(t);
    if (t.status == TicketStatus::waiting) row["overtaken"] = overtaken(s, t);  // kept by its queue (R-Q-3)
    tickets.push_back(std::move(row));
  }
  o["tickets"] = std::move(tickets);
  // The queues' pass marks (R-Q-3), which the counts of their plain tickets are relative to.
  json::object passes;
  for (const auto& [service, q] : s.waiting) {
    const auto marks = q.marks();
    if (marks.empty()) continue;
    json::array keys;
    for (const auto& k : marks) keys.push_back(json::array{k.issued_at, k.issue_seq});
    passes[service] = std::move(keys);
  }
  o["queue_passes"] = std::move(passes);
  json::object counters;
  for (const auto& [prefix, n] : s.counters) counters[prefix] = n;
  o["counters"] = std::move(counters);
  json::array appointments;
  for (const auto& [id, a] : s.appointments) appointments.push_back(to_json(a));
  o["appointments"] = std::move(appointments);
  o["staff"] = keyed(s.staff);
  o["windows"] = keyed(s.windows);
  o["stats"] = keyed(s.stats);
  json::array calls;
  for (const auto& c : s.recent_calls) calls.push_back(to_json(c));
  o["recent_calls"] = std::move(calls);
  o["alerts"] = rows(s.alerts);
  o["leaves"] = rows(s.leaves);
  o["violations"] = rows(s.violations);
  o["bulletins"] = rows(s.bulletins);
  json::array assessments;  // R-SCR-5: the latest of each person's quarter
  for (const auto& [who, quarters] : s.assessments)
    for (const auto& [key, a] : quarters) assessments.push_back(to_json(a));
  o["assessments"] = std::move(assessments);
  o["complaints"] = rows(s.complaints);
  o["follow_ups"] = rows(s.follow_ups);
  o["cases"] = rows(s.cases);
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
  const json::object& r = doc.get_object();
  State s(std::move(config));
  each_field(s, Get{r});
  s.next_bulletin = std::max<std::int64_t>(1, s.next_bulletin);
  // Pass marks first: a waiting plain ticket's count is stored against them (R-Q-3).
  for (const auto& [service, keys] : fields::object(r, "queue_passes")) {
    if (!keys.is_array()) return std::nullopt;
    std::vector<QueueKey> marks;
    for (const auto& k : keys.get_array()) {
      const auto* pair = k.if_array();
      if (!pair || pair->size() != 2 || !(*pair)[0].is_int64() || !(*pair)[1].is_int64()) return std::nullopt;
      marks.push_back(QueueKey{(*pair)[0].get_int64(), (*pair)[1].get_int64()});
    }
    s.waiting[std::string(service)].restore_marks(marks);
  }
  const bool read = read_rows<Ticket>(fields::array(r, "tickets"),
                                      [&](Ticket t) {
                                        if (t.status == TicketStatus::waiting) enqueue(s, t);
                                        s.tickets.emplace(t.id, std::move(t));
                                        return true;
                                      }) &&
                    read_rows<Appointment>(fields::array(r, "appointments"),
                                           [&](Appointment a) {
                                             s.appointments[a.id] = std::move(a);
                                             return true;
                                           }) &&
                    read_keyed<StaffState>(fields::object(r, "staff"), s.staff) &&
                    read_keyed<WindowState>(fields::object(r, "windows"), s.windows) &&
                    read_keyed<ServiceStats>(fields::object(r, "stats"), s.stats) &&
                    read_rows<RecentCall>(fields::array(r, "recent_calls"),
                                          [&](RecentCall c) {
                                            s.recent_calls.push_back(std::move(c));
                                            return true;
                                          }) &&
                    read_rows<Alert>(fields::array(r, "alerts"),
                                     [&](Alert a) {
                                       s.alerts[a.id] = std::move(a);
                                       return true;
                                     }) &&
                    read_rows<Leave>(fields::array(r, "leaves"),
                                     [&](Leave l) {
                                       if (l.kind.empty()) l.kind = Leave{}.kind;
                                       s.leaves[l.id] = std::move(l);
                                       return true;
                                     }) &&
                    read_rows<Violation>(fields::array(r, "violations"),
                                         [&](Violation v) {
                                           s.violations[v.id] = std::move(v);
                                           return true;
                                         }) &&
                    read_rows<Bulletin>(fields::array(r, "bulletins"),
                                        [&](Bulletin b) {
                                          s.bulletins[b.id] = std::move(b);
                                          return true;
                                        }) &&
                    read_rows<Assessment>(fields::array(r, "assessments"),
                                          [&](Assessment a) {
                                            if (a.staff.empty() || a.quarter < 1 || a.quarter > 4) return false;
                                            const int key = quarter_key(a.year, a.quarter);
                                            s.assessments[a.staff][key] = std::move(a);
                                            return true;
                                          }) &&
                    read_rows<Complaint>(fields::array(r, "complaints"),
                                         [&](Complaint c) {
                                           s.complaints[c.id] = std::move(c);
                                           return true;
                                         }) &&
                    read_rows<FollowUp>(fields::array(r, "follow_ups"), [&](FollowUp u) {
                      if (!u.closed) s.open_follow_ups.insert(u.id);
                      s.follow_ups[u.id] = std::move(u);
                      return true;
                    });
  if (!read) return std::nullopt;
  for (const auto& item : fields::array(r, "cases")) {
    if (!item.is_object() || !parse_case_status(fields::str(item.get_object(), "status"))) return std::nullopt;
    Case k = from_json<Case>(item.get_object());
    if (k.id.empty()) return std::nullopt;
    k.yellow_at = case_yellow_at(s, k);  // derived from the calendar, as apply does
    k.red_at = case_red_at(s, k);
    if (k.open()) s.open_cases.insert(k.id);
    s.cases[k.id] = std::move(k);
  }
  for (const auto& [prefix, n] : fields::object(r, "counters"))
    if (n.is_int64()) s.counters[prefix] = static_cast<int>(n.get_int64());
  for (const auto& [staff_id, quarters] : fields::object(r, "staff_quarters")) {
    if (!quarters.is_object()) return std::nullopt;
    for (const auto& [key, tally] : quarters.get_object()) {
      const auto q = decode_quarter(tally);
      if (!q) return std::nullopt;
      s.staff_quarters[std::string(staff_id)][std::stoi(std::string(key))] = *q;
    }
  }
  for (const auto& [dept, years] : fields::object(r, "department_deducted")) {
    if (!years.is_object()) return std::nullopt;
    for (const auto& [year, milli] : years.get_object()) {
      if (!milli.is_int64()) return std::nullopt;
      s.department_deducted[std::string(dept)][std::stoi(std::string(year))] = milli.get_int64();
    }
  }
  reindex_deadlines(s);  // derived, like open_cases and open_follow_ups
  return s;
}

}  // namespace hallq::proto
