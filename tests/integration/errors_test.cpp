// Every error code of the ticket, window, staff, login and clock endpoints with its API.md status,
// and for each refused command: nothing changed (same /healthz seq, same /api/state).
#include "common.hpp"

namespace hallq::test {
namespace {

TEST(Errors, bad_request_when_body_is_malformed_json) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  expect_refused(h, 400, "bad_request", [&] { return c.post("/api/tickets", R"({"service":)", kiosk_token); });
  expect_refused(h, 400, "bad_request", [&] { return c.post("/api/tickets", R"(["shebao"])", kiosk_token); });
  expect_refused(h, 400, "bad_request", [&] { return c.post("/api/tickets", "service=shebao", kiosk_token); });
}

TEST(Errors, bad_request_when_field_has_wrong_type) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  expect_refused(h, 400, "bad_request", [&] { return c.post("/api/tickets", R"({"service":5})", kiosk_token); });
  expect_refused(h, 400, "bad_request",
                 [&] { return c.post("/api/tickets", R"({"service":"shebao","priority":true})", kiosk_token); });
  expect_refused(h, 400, "bad_request",
                 [&] { return c.post("/api/staff/s001/sign-in", R"({"window":["W01"]})", h.token("s001")); });
  expect_refused(h, 400, "bad_request",
                 [&] { return c.post("/api/admin/clock", R"({"advance_seconds":"60"})", h.token("admin")); });
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.window_action("s001", "W01", "call-next");
  expect_refused(h, 400, "bad_request", [&] {
    return c.post("/api/windows/W01/finish", R"({"outcome":"incomplete_materials","missing":"身份证"})", h.token("s001"));
  });
  expect_refused(h, 400, "bad_request", [&] { return c.post("/api/login", R"({"staff_id":1,"pin":"1111"})"); });
}

TEST(Errors, unauthenticated_without_or_with_unknown_token) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  expect_refused(h, 401, "unauthenticated", [&] { return c.post("/api/tickets", R"({"service":"shebao"})"); });
  expect_refused(h, 401, "unauthenticated", [&] { return c.post("/api/tickets", R"({"service":"shebao"})", "not-a-token"); });
  expect_refused(h, 401, "unauthenticated", [&] { return c.post("/api/staff/s001/sign-in", R"({"window":"W01"})"); });
  expect_refused(h, 401, "unauthenticated", [&] { return c.post("/api/windows/W01/call-next", ""); });
  const auto r = c.get("/api/state");
  EXPECT_EQ(r.status, 401u) << r.describe();
  EXPECT_EQ(r.error_code(), "unauthenticated");
}

TEST(Errors, bad_credentials_when_pin_is_wrong) {
  LiveHall h;
  auto& c = h.http();
  expect_refused(h, 401, "bad_credentials", [&] { return c.post("/api/login", R"({"staff_id":"s001","pin":"1112"})"); });
  expect_refused(h, 401, "bad_credentials", [&] { return c.post("/api/login", R"({"staff_id":"nobody","pin":"1111"})"); });
  const auto r = c.post("/api/login", R"({"staff_id":"s001","pin":"1111"})");
  ASSERT_EQ(r.status, 200u) << r.describe();
  const auto& o = r.j().as_object();
  EXPECT_FALSE(str(o, "token").empty());
  EXPECT_EQ(str(o.at("staff").as_object(), "id"), "s001");
  EXPECT_EQ(str(o.at("staff").as_object(), "name"), "张伟");
  EXPECT_EQ(str(o.at("staff").as_object(), "role"), "staff");
}

TEST(Errors, rate_limited_after_six_wrong_pins_for_one_staff_id) {
  LiveHall h;
  auto& c = h.http();
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE("wrong PIN #" + std::to_string(i + 1));
    expect_refused(h, 401, "bad_credentials", [&] { return c.post("/api/login", R"({"staff_id":"s003","pin":"0000"})"); });
  }
  expect_refused(h, 429, "rate_limited", [&] { return c.post("/api/login", R"({"staff_id":"s003","pin":"0000"})"); });
  // Locked out even with the right PIN for now; other staff are unaffected.
  expect_refused(h, 429, "rate_limited", [&] { return c.post("/api/login", R"({"staff_id":"s003","pin":"3333"})"); });
  EXPECT_FALSE(c.login("s004", "4444").empty());
}

TEST(Errors, forbidden_for_the_wrong_principal) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  // A wall display may not issue tickets.
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/tickets", R"({"service":"shebao"})", display_token); });
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/tickets", R"({"service":"shebao"})", sensor_token); });
  // Staff act only on their own sign-in.
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/staff/s001/sign-in", R"({"window":"W01"})", h.token("s002")); });
  expect_refused(h, 403, "forbidden", [&] {
    return c.post("/api/staff/s001/off-post", R"({"reason":"x","destination":"y","expected_minutes":5})", h.token("s002"));
  });
  // Only the admin moves the clock.
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/admin/clock", R"({"advance_seconds":60})", h.token("sup1")); });
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/admin/clock", R"({"advance_seconds":60})", h.token("s001")); });
  // Devices do not act at windows.
  expect_refused(h, 403, "forbidden", [&] { return c.post("/api/windows/W01/call-next", "", kiosk_token); });
}

TEST(Errors, not_found_for_unknown_service_ticket_and_window) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  expect_refused(h, 404, "unknown_service", [&] { return c.post("/api/tickets", R"({"service":"hukou"})", kiosk_token); });
  expect_refused(h, 404, "not_found", [&] { return c.get("/api/tickets/no-such-ticket-id"); });
  expect_refused(h, 404, "not_found", [&] { return c.post("/api/tickets/no-such-ticket-id/rating", R"({"level":5})"); });
  expect_refused(h, 404, "unknown_window", [&] { return c.post("/api/windows/W99/call-next", "", h.token("s001")); });
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.window_action("s001", "W01", "call-next");
  expect_refused(h, 404, "unknown_service",
                 [&] { return c.post("/api/windows/W01/transfer", R"({"service":"hukou"})", h.token("s001")); });
}

TEST(Errors, RHRS1_hall_closed_before_nine) {
  LiveHall h;  // 08:30
  expect_refused(h, 409, "hall_closed", [&] { return h.http().post("/api/tickets", R"({"service":"shebao"})", kiosk_token); });
  // An unknown service is still a 404 while closed.
  expect_refused(h, 404, "unknown_service", [&] { return h.http().post("/api/tickets", R"({"service":"hukou"})", kiosk_token); });
}

TEST(Errors, RQ6_not_on_post_when_acting_at_a_window_without_being_on_post) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.issue("shebao");
  expect_refused(h, 409, "not_on_post", [&] { return c.post("/api/windows/W01/call-next", "", h.token("s001")); });
  h.sign_in("s002", "W02");
  expect_refused(h, 409, "not_on_post", [&] { return c.post("/api/windows/W01/call-next", "", h.token("s002")); });
  expect_refused(h, 409, "not_on_post", [&] {
    return c.post("/api/staff/s001/off-post", R"({"reason":"x","destination":"y","expected_minutes":5})", h.token("s001"));
  });
}

TEST(Errors, ticket_in_progress_on_second_call_and_ROFF2_off_post) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.issue("shebao");
  h.window_action("s001", "W01", "call-next");
  expect_refused(h, 409, "ticket_in_progress", [&] { return c.post("/api/windows/W01/call-next", "", h.token("s001")); });
  expect_refused(h, 409, "ticket_in_progress", [&] {
    return c.post("/api/staff/s001/off-post", R"({"reason":"取材料","destination":"档案室","expected_minutes":5})",
                  h.token("s001"));
  });
  h.window_action("s001", "W01", "start");
  expect_refused(h, 409, "ticket_in_progress", [&] { return c.post("/api/windows/W01/call-next", "", h.token("s001")); });
}

TEST(Errors, RAB1_not_qualified_outside_the_roster) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  // s001 is A of W01 and B of W02, nothing at W03.
  expect_refused(h, 409, "not_qualified",
                 [&] { return c.post("/api/staff/s001/sign-in", R"({"window":"W03"})", h.token("s001")); });
  // A B substitute does not sign in as A; it takes over.
  expect_refused(h, 409, "not_qualified",
                 [&] { return c.post("/api/staff/s001/sign-in", R"({"window":"W02"})", h.token("s001")); });
  expect_refused(h, 409, "not_qualified",
                 [&] { return c.post("/api/staff/s001/take-over", R"({"window":"W03"})", h.token("s001")); });
}

TEST(Errors, window_occupied_when_another_staff_is_on_post) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.sign_in("s002", "W02");
  expect_refused(h, 409, "window_occupied",
                 [&] { return c.post("/api/staff/s003/sign-in", R"({"window":"W02"})", h.token("s003")); });
  expect_refused(h, 409, "window_occupied",
                 [&] { return c.post("/api/staff/s004/take-over", R"({"window":"W02"})", h.token("s004")); });
}

TEST(Errors, RAB6_would_empty_window_when_covering_from_an_open_post) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.sign_in("s001", "W01");  // s001: A of W01, B of W02
  expect_refused(h, 409, "would_empty_window",
                 [&] { return c.post("/api/staff/s001/take-over", R"({"window":"W02"})", h.token("s001")); });
  // A supervisor assigning the same cover is refused too.
  expect_refused(h, 409, "would_empty_window",
                 [&] { return c.post("/api/staff/s001/take-over", R"({"window":"W02"})", h.token("sup1")); });
  // Not signed in anywhere: the cover is fine.
  const auto r = c.post("/api/staff/s004/take-over", R"({"window":"W02"})", h.token("s004"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(str(r.j().at("staff").as_object(), "post"), "W02");
  EXPECT_EQ(str(r.j().at("staff").as_object(), "as"), "B");
}

TEST(Errors, RHRS3_extended_service_required_to_sign_out_with_citizens_waiting) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.sign_in("s001", "W01");
  h.issue("shebao");
  expect_refused(h, 409, "extended_service_required", [&] { return c.post("/api/staff/s001/sign-out", "", h.token("s001")); });
  // Once another window serves shebao, s001 may go.
  h.sign_in("s002", "W02");
  const auto r = c.post("/api/staff/s001/sign-out", "", h.token("s001"));
  EXPECT_EQ(r.status, 200u) << r.describe();
}

TEST(Errors, clock_not_manual_when_server_runs_on_the_real_clock) {
  LiveHall h({"--clock", "real"});
  expect_refused(h, 409, "clock_not_manual",
                 [&] { return h.http().post("/api/admin/clock", R"({"advance_seconds":60})", h.token("admin")); });
}

TEST(Errors, too_large_for_a_one_mebibyte_body) {
  LiveHall h;
  h.open_morning();
  std::string big = R"({"service":"shebao","note":")" + std::string(1u << 20, 'x') + "\"}";
  expect_refused(h, 413, "too_large", [&] {
    HttpClient fresh(h.port());
    return fresh.post("/api/tickets", big, kiosk_token);
  });
  // The same client's next request (on a new connection) works.
  HttpClient c(h.port());
  EXPECT_EQ(c.post("/api/tickets", big, kiosk_token).status, 413u);
  EXPECT_EQ(c.get("/healthz").status, 200u);
}

TEST(Errors, ROFF1_invalid_off_post_without_destination) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.sign_in("s001", "W01");
  expect_refused(h, 422, "invalid", [&] {
    return c.post("/api/staff/s001/off-post", R"({"reason":"取材料","expected_minutes":10})", h.token("s001"));
  });
  expect_refused(h, 422, "invalid", [&] {
    return c.post("/api/staff/s001/off-post", R"({"reason":"取材料","destination":"","expected_minutes":10})", h.token("s001"));
  });
  expect_refused(h, 422, "invalid", [&] {
    return c.post("/api/staff/s001/off-post", R"({"reason":"取材料","destination":"档案室","expected_minutes":0})",
                  h.token("s001"));
  });
  const auto r = c.post("/api/staff/s001/off-post", R"({"reason":"取材料","destination":"档案室","expected_minutes":10})",
                        h.token("s001"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  const auto st = h.state();
  const auto& w1 = st.at("windows").as_array().at(0).as_object();
  EXPECT_TRUE(w1.at("on_post").is_null());
  ASSERT_TRUE(w1.at("off_post").is_object()) << dump(w1);
  EXPECT_EQ(str(w1.at("off_post").as_object(), "destination"), "档案室");
  EXPECT_EQ(str(w1.at("off_post").as_object(), "expected_return"), "2026-11-23T09:10:00+08:00");
}

TEST(Errors, invalid_rating_level_and_missing_fields) {
  LiveHall h;
  h.open_morning();
  auto& c = h.http();
  h.sign_in("s001", "W01");
  const auto t = h.issue("shebao");
  h.window_action("s001", "W01", "call-next");
  h.window_action("s001", "W01", "start");
  h.window_action("s001", "W01", "finish");
  expect_refused(h, 422, "invalid", [&] { return c.post("/api/tickets/" + str(t, "id") + "/rating", R"({"level":6})"); });
  expect_refused(h, 422, "invalid", [&] { return c.post("/api/tickets/" + str(t, "id") + "/rating", R"({"level":0})"); });
  expect_refused(h, 422, "invalid", [&] { return c.post("/api/tickets/" + str(t, "id") + "/rating", "{}"); });
  expect_refused(h, 422, "invalid", [&] { return c.post("/api/tickets", "{}", kiosk_token); });
  expect_refused(h, 422, "invalid",
                 [&] { return c.post("/api/tickets", R"({"service":"shebao","priority":"vip"})", kiosk_token); });
}

}  // namespace
}  // namespace hallq::test
