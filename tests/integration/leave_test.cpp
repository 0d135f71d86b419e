// Leave through the real server (issue 12 §4): working days and half days in the record
// (R-LV-1), a start in the past refused and cancel / 销假 (R-LV-3), planned cover and
// no_cover_available (R-LV-4), hand-over acknowledged by the cover (R-AB-4). Every refused
// request answers its code and leaves the event log (GET /api/events) and the state unchanged.
//
// halls/small.json, manual clock from Monday 2026-11-23T08:30:00:
//   W01 A s001 B s002 · W02 A s002 s003 B s001 s004 · W03 A s004 B s003 · W04 A s005 B s006 ·
//   W05 A s006 B s005; sup1 supervisor, head1 department_head (rsj).
#include "common.hpp"

namespace hallq::test {
namespace {

using Body = json::object;

HttpResponse post(LiveHall& h, const std::string& target, const Body& body, const std::string& who) {
  return h.http().post_json(target, json::value(body), h.token(who));
}

json::object expect(const HttpResponse& r, unsigned status, const std::string& what) {
  if (r.status != status || !r.json || !r.json->is_object()) {
    ADD_FAILURE() << what << ": expected " << status << ", got " << r.describe();
    return {};
  }
  return r.json->as_object();
}

/// POST /api/leave as `who`, expecting 201; returns the leave object.
json::object request(LiveHall& h, const Body& body, const std::string& who) {
  const auto o = expect(post(h, "/api/leave", body, who), 201, "POST /api/leave");
  const auto* l = o.if_contains("leave");
  return l && l->is_object() ? l->as_object() : json::object{};
}

json::object leave_action(LiveHall& h, const std::string& id, const std::string& action, const std::string& who,
                          unsigned status = 200) {
  const auto o = expect(post(h, "/api/leave/" + id + "/" + action, {}, who), status, action + " " + id);
  const auto* l = o.if_contains("leave");
  return l && l->is_object() ? l->as_object() : json::object{};
}

/// A refusal with its status and code that changes nothing: same events, same state.
void refused(LiveHall& h, unsigned status, const std::string& code, const std::function<HttpResponse()>& call) {
  const auto events_before = h.events();
  expect_refused(h, status, code, call);
  const auto events_after = h.events();
  ASSERT_EQ(events_after.size(), events_before.size()) << "a refused " << code << " added events";
  for (std::size_t i = 0; i < events_after.size(); ++i) EXPECT_EQ(events_after[i], events_before[i]) << i;
}

std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const auto& x : v.as_array()) out.push_back(str(x));
  return out;
}

std::optional<json::object> alert(LiveHall& h, const std::string& kind, const std::string& staff) {
  const auto r = expect(h.http().get("/api/alerts", h.token("sup1")), 200, "GET /api/alerts");
  if (const auto* a = r.if_contains("alerts"))
    for (const auto& x : a->as_array())
      if (str(x.as_object(), "kind") == kind && str(x.as_object(), "staff") == staff) return x.as_object();
  return std::nullopt;
}

void approve(LiveHall& h, const std::string& id) {
  for (int guard = 0; guard < 4; ++guard) {
    const auto r = expect(h.http().get("/api/leave", h.token("sup1")), 200, "GET /api/leave");
    std::string next;
    for (const auto& l : r.at("leaves").as_array())
      if (str(l.as_object(), "id") == id) next = str(l.as_object().at("next_approver"));
    if (next.empty()) return;
    leave_action(h, id, "approve", next == "department_head" ? "head1" : next == "supervisor" ? "sup1" : "admin");
  }
}

TEST(LeaveApi, R_LV_1_WorkingDaysHalfDaysAndNoticeInTheRecord) {
  LiveHall h;
  const auto fri_mon = request(h, {{"staff", "s003"}, {"from", "2026-11-27"}, {"to", "2026-11-30"}, {"reason", "事假"}}, "s003");
  EXPECT_EQ(fri_mon.at("days").to_number<double>(), 2.0);
  EXPECT_EQ(strings(fri_mon.at("chain")), (std::vector<std::string>{"department_head", "supervisor"}));
  EXPECT_EQ(str(fri_mon, "kind"), "leave");
  EXPECT_FALSE(fri_mon.at("late_notice").as_bool());
  EXPECT_TRUE(fri_mon.at("from_half").is_null());
  const auto half = request(
      h, {{"staff", "s005"}, {"from", "2026-11-26"}, {"to", "2026-11-26"}, {"half", "pm"}, {"reason", "看病"}}, "s005");
  EXPECT_EQ(half.at("days").to_number<double>(), 0.5);
  EXPECT_EQ(str(half, "from_half"), "pm");
  EXPECT_EQ(strings(half.at("chain")), std::vector<std::string>{"supervisor"});
  const auto today = request(h, {{"staff", "s006"}, {"from", "2026-11-23"}, {"to", "2026-11-23"}, {"reason", "急事"}}, "s006");
  EXPECT_TRUE(today.at("late_notice").as_bool()) << "filed on the day it starts (leave_notice_days 1)";
  EXPECT_EQ(str(today.at("cover").as_object(), "W05"), "s005");
  // The event carries the same record.
  const auto ev = of_type(h.events(), "leave.requested");
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[1].at("days").to_number<double>(), 0.5);
  EXPECT_EQ(str(ev[1], "from_half"), "pm");
  EXPECT_TRUE(ev[2].at("late_notice").as_bool());
  EXPECT_EQ(str(ev[2].at("cover").as_object(), "W05"), "s005");
}

TEST(LeaveApi, R_LV_3_BadInputAndAStartInThePastChangeNothing) {
  LiveHall h;
  auto& c = h.http();
  const std::string t = h.token("s004");
  refused(h, 422, "invalid",
          [&] { return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-20","to":"2026-11-24","reason":"事假"})", t); });
  refused(h, 422, "invalid", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-27","half":"am","reason":"事假"})", t);
  });
  refused(h, 422, "invalid",
          [&] { return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-28","to":"2026-11-29","reason":"周末"})", t); });
  refused(h, 422, "invalid", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","kind":"trip","reason":"x"})", t);
  });
  refused(h, 400, "bad_request", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","half":1,"reason":"x"})", t);
  });
  refused(h, 400, "bad_request", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","cover":"s003","reason":"x"})", t);
  });
  refused(h, 400, "bad_request", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","cover":{"W03":3},"reason":"x"})", t);
  });
  refused(h, 409, "not_qualified", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","cover":{"W03":"s001"},"reason":"x"})",
                  t);
  });
  refused(h, 422, "invalid", [&] {  // s004 is no A of W01
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","cover":{"W01":"s002"},"reason":"x"})",
                  t);
  });
}

TEST(LeaveApi, R_LV_3_CancelBeforeTheStartOnly) {
  LiveHall h;
  const auto tomorrow = request(h, {{"staff", "s004"}, {"from", "2026-11-24"}, {"to", "2026-11-24"}, {"reason", "事假"}}, "s004");
  const std::string id = str(tomorrow, "id");
  approve(h, id);
  auto& c = h.http();
  refused(h, 403, "forbidden", [&] { return c.post("/api/leave/" + id + "/cancel", "{}", h.token("s005")); });
  refused(h, 404, "unknown_leave", [&] { return c.post("/api/leave/L99/cancel", "{}", h.token("s004")); });
  const auto cancelled = leave_action(h, id, "cancel", "s004");
  EXPECT_EQ(str(cancelled, "status"), "cancelled");
  EXPECT_EQ(of_type(h.events(), "leave.cancelled").size(), 1u);
  refused(h, 409, "leave_not_active", [&] { return c.post("/api/leave/" + id + "/cancel", "{}", h.token("s004")); });
  // Leave that started today is ended (销假), not cancelled.
  const auto today = request(h, {{"staff", "s005"}, {"from", "2026-11-23"}, {"to", "2026-11-23"}, {"reason", "急事"}}, "s005");
  refused(h, 409, "leave_started", [&] { return c.post("/api/leave/" + str(today, "id") + "/cancel", "{}", h.token("sup1")); });
}

TEST(LeaveApi, R_LV_3_EndingLeaveEarlyEndsThePlannedCover) {
  LiveHall h;
  const auto l = request(h, {{"staff", "s004"}, {"from", "2026-11-23"}, {"to", "2026-11-24"}, {"reason", "病假"}}, "s004");
  const std::string id = str(l, "id");
  EXPECT_EQ(str(l.at("cover").as_object(), "W03"), "s003");
  approve(h, id);
  auto& c = h.http();
  h.open_morning();
  const auto notice = alert(h, "planned_cover", "s004");
  ASSERT_TRUE(notice.has_value());
  EXPECT_EQ(strings(notice->at("notify")), std::vector<std::string>{"s003"}) << "only the planned cover is told";
  refused(h, 403, "forbidden", [&] { return c.post("/api/leave/" + id + "/end", "{}", h.token("s005")); });
  h.advance(30 * 60);
  const auto ended = leave_action(h, id, "end", "s004");
  EXPECT_EQ(str(ended, "ended_at"), "2026-11-23T09:30:00+08:00");
  EXPECT_FALSE(alert(h, "planned_cover", "s004").has_value());
  const auto ev = of_type(h.events(), "leave.ended");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(str(ev[0], "date"), "2026-11-23");
  refused(h, 409, "leave_ended", [&] { return c.post("/api/leave/" + id + "/end", "{}", h.token("s004")); });
  // Back at work: s004 signs in without a late slip, the same day.
  h.sign_in("s004", "W03");
  EXPECT_FALSE(alert(h, "late_sign_in", "s004").has_value());
}

TEST(LeaveApi, R_LV_4_NoCoverAvailableWhenTheOnlyBIsAway) {
  LiveHall h;
  // s003, W03's only B, is away on Thursday.
  const auto away = request(h, {{"staff", "s003"}, {"from", "2026-11-26"}, {"to", "2026-11-26"}, {"reason", "事假"}}, "s003");
  EXPECT_EQ(str(away.at("cover").as_object(), "W02"), "s001");
  auto& c = h.http();
  refused(h, 409, "no_cover_available", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-27","reason":"事假"})", h.token("s004"));
  });
  refused(h, 409, "cover_unavailable", [&] {
    return c.post("/api/leave", R"({"staff":"s004","from":"2026-11-26","to":"2026-11-26","cover":{"W03":"s003"},"reason":"x"})",
                  h.token("s004"));
  });
  // Friday alone is fine.
  EXPECT_EQ(str(request(h, {{"staff", "s004"}, {"from", "2026-11-27"}, {"to", "2026-11-27"}, {"reason", "事假"}}, "s004")
                    .at("cover")
                    .as_object(),
                "W03"),
            "s003");
}

TEST(LeaveApi, R_AB_4_TheCoverAcknowledgesLeaveAndOffPostHandOvers) {
  LiveHall h;
  const auto l = request(
      h,
      {{"staff", "s004"}, {"from", "2026-11-25"}, {"to", "2026-11-25"}, {"reason", "事假"}, {"handover", "Y007 的材料在抽屉里"}},
      "s004");
  const std::string id = str(l, "id");
  EXPECT_EQ(str(l, "handover"), "Y007 的材料在抽屉里");
  auto& c = h.http();
  refused(h, 403, "forbidden", [&] { return c.post("/api/leave/" + id + "/handover-ack", "{}", h.token("s005")); });
  const auto acked = leave_action(h, id, "handover-ack", "s003");
  EXPECT_EQ(strings(acked.at("handover_acknowledged_by")), std::vector<std::string>{"s003"});
  refused(h, 409, "handover_acknowledged", [&] { return c.post("/api/leave/" + id + "/handover-ack", "{}", h.token("s003")); });

  // Off post: whoever covers the post acknowledges.
  h.advance(20 * 60);  // 08:50
  h.sign_in("s001", "W01");
  h.staff_action("s001", "off-post",
                 {{"reason", "取档案"}, {"destination", "档案室"}, {"expected_minutes", 10}, {"handover", "A002 待复印"}});
  refused(h, 403, "forbidden",
          [&] { return c.post("/api/staff/s001/handover-ack", "{}", h.token("s002")); });  // not covering yet
  h.staff_action("s002", "take-over", {{"window", "W01"}});
  refused(h, 403, "forbidden", [&] { return c.post("/api/staff/s001/handover-ack", "{}", h.token("s003")); });
  const auto staff = expect(post(h, "/api/staff/s001/handover-ack", {{"note", "收到"}}, "s002"), 200, "handover-ack");
  EXPECT_EQ(str(staff.at("staff").as_object().at("off_post").as_object(), "handover_acknowledged_by"), "s002");
  refused(h, 409, "handover_acknowledged", [&] { return c.post("/api/staff/s001/handover-ack", "{}", h.token("s002")); });
  const auto ev = of_type(h.events(), "staff.handover_acknowledged");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(str(ev[0], "leave"), id);
  EXPECT_EQ(str(ev[1], "staff"), "s001");
  EXPECT_EQ(str(ev[1], "actor"), "s002");
  EXPECT_EQ(str(ev[1], "window"), "W01");
}

}  // namespace
}  // namespace hallq::test
