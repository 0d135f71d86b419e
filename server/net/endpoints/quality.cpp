// Service quality: complaints (R-SVC-4) and follow-ups of unsatisfied ratings (R-SVC-5).
#include <boost/json.hpp>

#include "endpoints.hpp"
#include "net/views.hpp"

namespace hallq::server::ep {

namespace json = boost::json;

namespace {

bool filtered(Call& c, const char* key) { return c.query.count(key) && !c.query[key].empty(); }

/// {"complaint": complaint `id` (or the one the command filed), or null}
Render complaint_answer(std::string id) {
  return [id = std::move(id)](const core::State& s, const core::Events& ev) {
    const std::string key = !id.empty() ? id : ev.empty() ? std::string() : ev.front().complaint;
    const auto it = s.complaints.find(key);
    return json::serialize(json::object{
        {"complaint", it == s.complaints.end() ? json::value(nullptr) : json::value(complaint_json(s, it->second))}});
  };
}

}  // namespace

// Anyone: citizens need no account (R-SVC-4).
void file_complaint(Services& svc, Call& c) {
  const auto ticket = c.str("ticket", false, 64);
  if (!ticket) return;
  const auto staff_id = c.str("staff", false, 64);
  if (!staff_id) return;
  const auto window = c.str("window", false, 64);
  if (!window) return;
  const auto text = c.str("text", true, 2000);
  if (!text) return;
  command(svc, c, core::FileComplaint{*ticket, *staff_id, *window, *text}, 201, complaint_answer(""));
}

// GET /api/complaints?status=&staff=&year= (extension)
void list_complaints(Services& svc, Call& c) {
  const auto& st = svc.hall.state();
  json::array out;
  for (const auto& [id, k] : st.complaints) {
    const char* status = !k.verified ? "filed" : *k.verified ? "verified" : "not_verified";
    if (filtered(c, "status") && c.query["status"] != status) continue;
    if (filtered(c, "staff") && c.query["staff"] != k.staff) continue;
    if (filtered(c, "year") && std::to_string(domain::local_date(k.filed_at, svc.cfg->hall.utc_offset).year) != c.query["year"])
      continue;
    out.push_back(complaint_json(st, k));
  }
  c.reply(200, json::object{{"complaints", std::move(out)}});
}

void verify_complaint(Services& svc, Call& c) {
  const auto verified = c.boolean("verified");
  if (!verified) return;
  const auto note = c.str("note", false, 500);
  if (!note) return;
  const auto& id = c.param("id");
  command(svc, c, core::VerifyComplaint{id, *verified, *note}, 200, complaint_answer(id));
}

// GET /api/follow-ups?status=open|overdue|closed&staff=
void list_follow_ups(Services& svc, Call& c) {
  const auto now = svc.hall.now();
  const auto& st = svc.hall.state();
  json::array out;
  for (const auto& [id, f] : st.follow_ups) {
    json::object o = follow_up_json(st, f, now);
    if (filtered(c, "status") && o.at("status").as_string() != c.query["status"]) continue;
    if (filtered(c, "staff") && f.staff != c.query["staff"]) continue;
    out.push_back(std::move(o));
  }
  c.reply(200, json::object{{"follow_ups", std::move(out)}});
}

void close_follow_up(Services& svc, Call& c) {
  const auto note = c.str("note", true, 1000);
  if (!note) return;
  const auto& id = c.param("id");
  command(svc, c, core::CloseFollowUp{id, *note}, 200, [&svc, id](const core::State& s, const core::Events&) {
    const auto it = s.follow_ups.find(id);
    return json::serialize(
        json::object{{"follow_up", it == s.follow_ups.end() ? json::value(nullptr)
                                                            : json::value(follow_up_json(s, it->second, svc.hall.now()))}});
  });
}

}  // namespace hallq::server::ep
