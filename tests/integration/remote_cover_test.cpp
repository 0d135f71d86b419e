// A mutual-AB hall (互为AB岗, halls/mutual_ab.json: t1 A of T1 and B of T2, t2 the other way
// round) through the real server on a manual clock: off-post, cover from one's own window
// (R-AB-7), redirected calls, return and hand-back, with no empty window and no deduction for the
// person who reported leaving (R-EMP-2).
#include "common.hpp"

namespace hallq::test {
namespace {

const json::object& window_of(const json::object& state, const std::string& id) {
  for (const auto& w : state.at("windows").as_array())
    if (str(w.as_object(), "id") == id) return w.as_object();
  throw std::runtime_error("no window " + id + " in the state");
}

std::vector<json::object> of_type(const std::vector<json::object>& log, const std::string& type, const std::string& kind = "") {
  std::vector<json::object> out;
  for (const auto& e : log)
    if (str(e, "type") == type && (kind.empty() || str(e, "kind") == kind)) out.push_back(e);
  return out;
}

HttpResponse take_over(LiveHall& h, const std::string& s, const json::object& body) {
  return h.http().post_json("/api/staff/" + s + "/take-over", json::value(body), h.token(s));
}

TEST(RAB7, mutual_ab_day_off_post_remote_cover_redirected_calls_return_no_empty_window_no_deduction) {
  LiveHall h(manual_clock(), hall_config("mutual_ab.json"));
  h.advance(20 * 60);  // 08:50
  h.sign_in("t1", "T1");
  h.sign_in("t2", "T2");
  h.advance(10 * 60);  // 09:00, the session opens
  const auto mark = h.seq();
  h.issue("minzheng");  // T1's citizen, waiting before the absence
  h.advance(60);
  h.staff_action("t1", "off-post", {{"reason", "取档案"}, {"destination", "档案室"}, {"expected_minutes", 10}});

  // In person the cover would empty T2 (R-AB-6) …
  const auto refused = take_over(h, "t2", {{"window", "T1"}});
  EXPECT_EQ(refused.status, 409u);
  EXPECT_EQ(refused.error_code(), "would_empty_window");
  // … the substitutes list offers the cover from T2, which empties nothing, first.
  const auto subs = h.http().get("/api/windows/T1/substitutes", h.token("sup1"));
  ASSERT_EQ(subs.status, 200u) << subs.describe();
  const auto& first = subs.json->as_object().at("candidates").as_array().at(0).as_object();
  EXPECT_EQ(str(first, "staff"), "t2");
  EXPECT_EQ(first.at("remote"), json::value(true));
  EXPECT_EQ(first.at("empties_window"), json::value(false));
  EXPECT_EQ(str(first, "at"), "T2");

  // Bad input changes nothing: an unknown from_window, a wrong type, the policy's checks.
  expect_refused(h, 404, "unknown_window", [&] { return take_over(h, "t2", {{"window", "T1"}, {"from_window", "T9"}}); });
  expect_refused(h, 400, "bad_request", [&] { return take_over(h, "t2", {{"window", "T1"}, {"from_window", 2}}); });
  expect_refused(h, 409, "off_post", [&] { return take_over(h, "t1", {{"window", "T2"}, {"from_window", "T1"}}); });

  const auto ok = take_over(h, "t2", {{"window", "T1"}, {"from_window", "T2"}});
  ASSERT_EQ(ok.status, 200u) << ok.describe();
  {
    const auto state = h.state();
    const auto& t1 = window_of(state, "T1");
    EXPECT_EQ(str(t1, "staffing"), "covered");
    EXPECT_EQ(str(t1, "redirect_to"), "T2");
    const auto& on_post = t1.at("on_post").as_object();
    EXPECT_EQ(str(on_post, "staff"), "t2");
    EXPECT_EQ(str(on_post, "as"), "B");
    EXPECT_EQ(str(on_post, "at"), "T2");
    EXPECT_EQ(str(window_of(state, "T2"), "staffing"), "covered");
    EXPECT_TRUE(window_of(state, "T2").at("redirect_to").is_null());
  }
  // Calls at the covered post are refused; at T2 the waiting T1 citizen comes first (older),
  // then a new ticket of T1's service, both called at T2.
  const auto at_t1 = h.http().post_json("/api/windows/T1/call-next", json::value(json::object{}), h.token("t2"));
  EXPECT_EQ(at_t1.status, 409u);
  EXPECT_EQ(at_t1.error_code(), "window_redirected");
  h.advance(60);
  h.issue("shebao");
  h.issue("minzheng");
  const auto c1 = h.window_action("t2", "T2", "call-next").at("ticket").as_object();
  EXPECT_EQ(str(c1, "number"), "M001");
  EXPECT_EQ(str(c1, "window"), "T2");
  h.window_action("t2", "T2", "start");
  h.advance(120);
  h.window_action("t2", "T2", "finish", {{"outcome", "done"}});
  EXPECT_EQ(str(h.window_action("t2", "T2", "call-next").at("ticket").as_object(), "number"), "S001");
  h.window_action("t2", "T2", "start");
  h.window_action("t2", "T2", "finish", {{"outcome", "done"}});
  EXPECT_EQ(str(h.window_action("t2", "T2", "call-next").at("ticket").as_object(), "number"), "M002");
  h.window_action("t2", "T2", "no-show");
  const auto recent = h.state().at("recent_calls").as_array();
  ASSERT_FALSE(recent.empty());
  EXPECT_EQ(str(recent.at(0).as_object(), "window"), "T2");

  // Past the grace period and back within the ten minutes: the A returns, the B hands back.
  h.advance(4 * 60);
  h.staff_action("t1", "return");
  {
    const auto state = h.state();
    EXPECT_EQ(str(window_of(state, "T1").at("on_post").as_object(), "staff"), "t1");
    EXPECT_TRUE(window_of(state, "T1").at("redirect_to").is_null());
    EXPECT_EQ(str(window_of(state, "T2").at("on_post").as_object(), "staff"), "t2");
  }
  h.advance(30 * 60);
  const auto log = h.events(mark);
  const auto back = of_type(log, "staff.handed_back");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].at("remote"), json::value(true));
  EXPECT_EQ(str(back[0], "window"), "T2");
  EXPECT_TRUE(of_type(log, "alert.raised", "window_empty").empty());
  EXPECT_EQ(of_type(log, "alert.raised", "cover_needed").size(), 1u);  // only at the moment t1 left
  EXPECT_TRUE(of_type(log, "violation.proposed").empty());
  const auto violations = h.http().get("/api/violations?year=2026", h.token("sup1"));
  ASSERT_EQ(violations.status, 200u);
  EXPECT_TRUE(violations.json->as_object().at("violations").as_array().empty());
}

TEST(RAB7, the_B_leaving_their_own_window_ends_the_redirect_and_both_posts_need_cover_at_once) {
  LiveHall h(manual_clock(), hall_config("mutual_ab.json"));
  h.open_morning();
  h.sign_in("t1", "T1");
  h.sign_in("t2", "T2");
  h.staff_action("t1", "off-post", {{"reason", "开会"}, {"destination", "三楼会议室"}, {"expected_minutes", 60}});
  ASSERT_EQ(take_over(h, "t2", {{"window", "T1"}, {"from_window", "T2"}}).status, 200u);
  const auto mark = h.seq();
  h.staff_action("t2", "off-post", {{"reason", "复印"}, {"destination", "文印室"}, {"expected_minutes", 5}});
  const auto state = h.state();
  EXPECT_EQ(str(window_of(state, "T1"), "staffing"), "uncovered");
  EXPECT_EQ(str(window_of(state, "T2"), "staffing"), "uncovered");
  h.advance(3 * 60);
  const auto log = h.events(mark);
  EXPECT_EQ(of_type(log, "alert.raised", "cover_needed").size(), 2u);
  EXPECT_EQ(of_type(log, "alert.raised", "window_empty").size(), 2u);
  // R-EMP-2: both reported leaving; the department is charged, neither person.
  for (const auto& v : of_type(log, "violation.proposed", "window_empty")) {
    EXPECT_EQ(str(v, "department"), "jd");
    EXPECT_EQ(str(v, "staff"), "");
  }
}

}  // namespace
}  // namespace hallq::test
