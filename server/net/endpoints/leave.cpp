// Leave requests (R-LV-*): asked by the staff member or a supervisor on their behalf; who
// approves, cancels or ends a request is the engine's rule.
#include <boost/json.hpp>

#include "endpoints.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

/// {"leave": leave `id`, or null}
json::object leave_answer(const core::State& s, const std::string& id) {
  const auto it = s.leaves.find(id);
  return json::object{{"leave", it == s.leaves.end() ? json::value(nullptr) : json::value(leave_json(s, it->second))}};
}

Render leave_of(std::string id) {
  return [id = std::move(id)](const core::State& s, const core::Events&) { return json::serialize(leave_answer(s, id)); };
}

// The planned cover of a request, {"W01": "s003"} (R-LV-4); false once it has answered.
bool read_cover(Call& c, core::RequestLeave& req) {
  const auto* cover = c.body.if_contains("cover");
  if (!cover || cover->is_null()) return true;
  if (!cover->is_object()) {
    c.fail(400, "bad_request", "cover must be an object {\"W01\": \"s003\"}");
    return false;
  }
  if (cover->get_object().size() > 50) {
    c.fail(422, "invalid", "cover names too many windows");
    return false;
  }
  for (const auto& kv : cover->get_object()) {
    if (!kv.value().is_string() || kv.value().get_string().empty() || kv.value().get_string().size() > 64) {
      c.fail(400, "bad_request", "cover values must be staff ids");
      return false;
    }
    req.cover.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
  }
  return true;
}

}  // namespace

// GET /api/leave?staff=&status= (extension): staff see their own, managers everyone's.
void list_leave(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  const bool manager = c.who->supervises() || c.who->is("department_head");
  json::array out;
  for (const auto& [id, l] : st.leaves) {
    if (!manager && l.staff != c.who->id) continue;
    if (c.query.count("staff") && l.staff != c.query["staff"]) continue;
    if (c.query.count("status") && to_string(l.status) != c.query["status"]) continue;
    out.push_back(leave_json(st, l));
  }
  c.reply(200, json::object{{"leaves", std::move(out)}});
}

void request_leave(Services& svc, Call& c) {
  const auto staff_id = c.str("staff", true, 64);  // read before the permission (routes.cpp)
  if (!staff_id) return;
  const auto from = c.str("from", true, 10);
  if (!from) return;
  const auto to = c.str("to", true, 10);
  if (!to) return;
  const auto reason = c.str("reason", true, 500);
  if (!reason) return;
  core::RequestLeave req{*staff_id, *from, *to, *reason};
  // Extensions (issue 12 §4): half days, kind, planned cover, hand-over note.
  for (auto [key, field] :
       {std::pair{"from_half", &req.from_half}, std::pair{"to_half", &req.to_half}, std::pair{"half", &req.half}}) {
    const auto v = c.str(key, false, 2);
    if (!v) return;
    *field = *v;
  }
  auto kind = c.str("kind", false, 16);
  if (!kind) return;
  req.kind = kind->empty() ? "leave" : *kind;
  const auto handover = c.str("handover", false, 1000);
  if (!handover) return;
  req.handover = *handover;
  if (!read_cover(c, req)) return;
  command(svc, c, std::move(req), 201,
          [](const core::State& s, const core::Events& ev) { return json::serialize(leave_answer(s, ev.front().leave)); });
}

// R-LV-3 cancel / 销假, R-AB-4 hand-over acknowledgement.
void cancel_leave(Services& svc, Call& c) {
  const auto note = c.str("note", false, 500);
  if (!note) return;
  command(svc, c, core::CancelLeave{c.param("id"), *note}, 200, leave_of(c.param("id")));
}

void end_leave(Services& svc, Call& c) {
  const auto note = c.str("note", false, 500);
  if (!note) return;
  command(svc, c, core::EndLeave{c.param("id"), *note}, 200, leave_of(c.param("id")));
}

void leave_handover_ack(Services& svc, Call& c) {
  const auto note = c.str("note", false, 500);
  if (!note) return;
  command(svc, c, core::AckHandover{c.param("id"), "", *note}, 200, leave_of(c.param("id")));
}

namespace {

void decide(Services& svc, Call& c, bool approve) {
  const auto note = c.str("note", false, 500);
  if (!note) return;
  command(svc, c, core::DecideLeave{c.param("id"), approve, *note}, 200, leave_of(c.param("id")));
}

}  // namespace

void approve_leave(Services& svc, Call& c) { decide(svc, c, true); }
void reject_leave(Services& svc, Call& c) { decide(svc, c, false); }

}  // namespace hallq::server::ep
