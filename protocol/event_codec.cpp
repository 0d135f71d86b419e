// Event ⇄ JSON. One table of string fields keeps encoder and decoder in step.
#include "protocol/event_codec.hpp"

#include <boost/json/serialize.hpp>

#include <utility>

namespace hallq::proto {

namespace json = boost::json;
using domain::Event;

namespace {

// Every string field of Event with its wire name.
template <class E, class F>
void visit_strings(E& e, F&& f) {
  f("ticket", e.ticket);
  f("number", e.number);
  f("service", e.service);
  f("priority", e.priority);
  f("appointment", e.appointment);
  f("previous", e.previous);
  f("window", e.window);
  f("staff", e.staff);
  f("as", e.as);
  f("from_window", e.from_window);
  f("from_service", e.from_service);
  f("outcome", e.outcome);
  f("reason", e.reason);
  f("destination", e.destination);
  f("note", e.note);
  f("alert", e.alert);
  f("kind", e.kind);
  f("message", e.message);
  f("date", e.date);
  f("leave", e.leave);
  f("from", e.from);
  f("to", e.to);
  f("next_approver", e.next_approver);
  f("violation", e.violation);
  f("department", e.department);
  f("rule", e.rule);
  f("source", e.source);
  f("complaint", e.complaint);
  f("follow_up", e.follow_up);
  f("text", e.text);
  f("incident", e.incident);
  f("bulletin", e.bulletin);
  f("period", e.period);
  f("case", e.case_id);
  f("from_half", e.from_half);
  f("to_half", e.to_half);
  f("handover", e.handover);
}

template <class E, class F>
void visit_times(E& e, F&& f) {
  f("at", e.at);
  f("expected_return", e.expected_return);
  f("slot", e.slot);
  f("issued_at", e.issued_at);
  f("due", e.due);
}

}  // namespace

json::object encode_event(const Event& e, domain::UtcOffset offset) {
  json::object o;
  o.reserve(12);
  o["seq"] = e.seq;
  o["type"] = domain::to_string(e.type);
  o["actor"] = e.actor;
  visit_times(e, [&](const char* name, const domain::Time& t) {
    if (t != 0 || std::string_view(name) == "at") o[name] = domain::format_time(t, offset);
  });
  visit_strings(e, [&](const char* name, const std::string& s) {
    if (!s.empty()) o[name] = s;
  });
  if (!e.missing.empty()) {
    json::array a;
    for (const auto& m : e.missing) a.emplace_back(m);
    o["missing"] = std::move(a);
  }
  for (const auto& [name, list] : {std::pair{"notify", &e.notify}, std::pair{"chain", &e.chain},
                                   std::pair{"violations", &e.violations}, std::pair{"grounds", &e.grounds}}) {
    if (list->empty()) continue;
    json::array a;
    for (const auto& m : *list) a.emplace_back(m);
    o[name] = std::move(a);
  }
  if (!e.filed_with.empty()) {
    json::array a;
    for (const auto& m : e.filed_with) a.emplace_back(m);
    o["filed_with"] = std::move(a);
  }
  if (!e.cover.empty()) {  // leave: window → planned cover (R-LV-4)
    json::object c;
    for (const auto& [w, b] : e.cover) c[w] = b;
    o["cover"] = std::move(c);
  }
  if (!e.marks.empty()) {  // assessment: judgement item → mark (R-SCR-5)
    json::object m;
    for (const auto& [item, mark] : e.marks) m[item] = mark;
    o["marks"] = std::move(m);
  }
  if (e.days != 0) o["days"] = e.days;
  if (e.late_notice) o["late_notice"] = true;
  if (!e.events.empty()) {
    json::array a;
    for (const auto seq : e.events) a.emplace_back(seq);
    o["events"] = std::move(a);
  }
  if (e.points != 0) o["points"] = e.points;
  if (e.level != 0) o["level"] = e.level;
  if (e.session >= 0) o["session"] = e.session;
  if (e.present) o["present"] = *e.present;
  if (e.verified) o["verified"] = *e.verified;
  if (e.remote) o["remote"] = *e.remote;
  if (e.advance_seconds != 0) o["advance_seconds"] = e.advance_seconds;
  return o;
}

std::string serialize_event(const Event& e, domain::UtcOffset offset) { return json::serialize(encode_event(e, offset)); }

std::optional<Event> decode_event(const json::object& o, domain::UtcOffset offset, std::string* error) {
  Event e;
  std::string problem;
  auto fail = [&](std::string p) {
    if (problem.empty()) problem = std::move(p);
  };
  auto integer = [&](const char* key, auto& out) {
    if (const auto* v = o.if_contains(key)) {
      if (v->is_int64()) out = static_cast<std::remove_reference_t<decltype(out)>>(v->get_int64());
      else if (v->is_uint64())
        out = static_cast<std::remove_reference_t<decltype(out)>>(v->get_uint64());
      else
        fail(std::string(key) + " must be an integer");
    }
  };
  integer("seq", e.seq);
  if (const auto* t = o.if_contains("type"); t && t->is_string()) {
    const auto parsed = domain::parse_event_type(t->get_string());
    if (!parsed) fail("unknown event type " + std::string(t->get_string()));
    else
      e.type = *parsed;
  } else {
    fail("type is missing");
  }
  if (const auto* a = o.if_contains("actor"); a && a->is_string()) e.actor = a->get_string();
  visit_times(e, [&](const char* name, domain::Time& t) {
    if (const auto* v = o.if_contains(name)) {
      const auto parsed = v->is_string() ? domain::parse_time(v->get_string(), offset) : std::nullopt;
      if (!parsed) fail(std::string(name) + " is not a time");
      else
        t = *parsed;
    }
  });
  visit_strings(e, [&](const char* name, std::string& s) {
    if (const auto* v = o.if_contains(name)) {
      if (v->is_string()) s = v->get_string();
      else
        fail(std::string(name) + " must be a string");
    }
  });
  if (const auto* m = o.if_contains("missing"); m && m->is_array())
    for (const auto& item : m->get_array())
      if (item.is_string()) e.missing.emplace_back(item.get_string());
  for (const auto& [name, list] : {std::pair{"notify", &e.notify}, std::pair{"chain", &e.chain},
                                   std::pair{"violations", &e.violations}, std::pair{"grounds", &e.grounds}})
    if (const auto* m = o.if_contains(name); m && m->is_array())
      for (const auto& item : m->get_array())
        if (item.is_string()) list->emplace_back(item.get_string());
  if (const auto* m = o.if_contains("filed_with"); m && m->is_array())
    for (const auto& item : m->get_array())
      if (item.is_string()) e.filed_with.emplace_back(item.get_string());
  if (const auto* m = o.if_contains("cover"); m && m->is_object())
    for (const auto& kv : m->get_object())
      if (kv.value().is_string()) e.cover.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
  if (const auto* m = o.if_contains("marks"); m && m->is_object())
    for (const auto& kv : m->get_object())
      if (kv.value().is_int64()) e.marks.emplace_back(std::string(kv.key()), kv.value().get_int64());
  if (const auto* d = o.if_contains("days")) {
    if (d->is_double()) e.days = d->get_double();
    else if (d->is_int64())
      e.days = static_cast<double>(d->get_int64());
  }
  if (const auto* p = o.if_contains("late_notice"); p && p->is_bool()) e.late_notice = p->get_bool();
  if (const auto* m = o.if_contains("events"); m && m->is_array())
    for (const auto& item : m->get_array())
      if (item.is_int64()) e.events.push_back(item.get_int64());
  if (const auto* p = o.if_contains("points")) {
    if (p->is_double()) e.points = p->get_double();
    else if (p->is_int64())
      e.points = static_cast<double>(p->get_int64());
  }
  integer("level", e.level);
  integer("session", e.session);
  integer("advance_seconds", e.advance_seconds);
  if (const auto* p = o.if_contains("present"); p && p->is_bool()) e.present = p->get_bool();
  if (const auto* p = o.if_contains("verified"); p && p->is_bool()) e.verified = p->get_bool();
  if (const auto* p = o.if_contains("remote"); p && p->is_bool()) e.remote = p->get_bool();
  if (!problem.empty()) {
    if (error) *error = problem;
    return std::nullopt;
  }
  return e;
}

}  // namespace hallq::proto
