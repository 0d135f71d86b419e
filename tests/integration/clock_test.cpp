// The manual clock (R-HRS-1 sessions): tickets are refused before 09:00:00 and from 12:00:00,
// accepted in between, and the session events carry the exact second.
#include "common.hpp"

namespace hallq::test {
namespace {

HttpResponse try_issue(LiveHall& h) { return h.http().post("/api/tickets", R"({"service":"shebao"})", kiosk_token); }

TEST(Clock, RHRS1_tickets_only_between_nine_and_noon_to_the_second) {
  LiveHall h;  // 2026-11-23T08:30:00, a Monday
  EXPECT_EQ(h.advance(29 * 60 + 59), "2026-11-23T08:59:59+08:00");
  EXPECT_FALSE(h.state().at("session_open").as_bool());
  expect_refused(h, 409, "hall_closed", [&] { return try_issue(h); });

  EXPECT_EQ(h.advance(1), "2026-11-23T09:00:00+08:00");
  EXPECT_TRUE(h.state().at("session_open").as_bool());
  auto r = try_issue(h);
  ASSERT_EQ(r.status, 201u) << r.describe();
  EXPECT_EQ(str(r.j().at("ticket").as_object(), "issued_at"), "2026-11-23T09:00:00+08:00");

  EXPECT_EQ(h.advance(3 * 3600 - 1), "2026-11-23T11:59:59+08:00");
  r = try_issue(h);
  ASSERT_EQ(r.status, 201u) << r.describe();

  EXPECT_EQ(h.advance(1), "2026-11-23T12:00:00+08:00");
  expect_refused(h, 409, "hall_closed", [&] { return try_issue(h); });
  EXPECT_FALSE(h.state().at("session_open").as_bool());

  // Afternoon session 14:00–17:00 (session index 1).
  h.advance(2 * 3600);
  r = try_issue(h);
  ASSERT_EQ(r.status, 201u) << r.describe();
  EXPECT_EQ(str(r.j().at("ticket").as_object(), "number"), "A003");

  const auto events = h.events();
  const auto opened = of_type(events, "session.opened");
  const auto closed = of_type(events, "session.closed");
  ASSERT_EQ(opened.size(), 2u);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(str(opened[0], "at"), "2026-11-23T09:00:00+08:00");
  EXPECT_EQ(num(opened[0], "session"), 0);
  EXPECT_EQ(str(closed[0], "at"), "2026-11-23T12:00:00+08:00");
  EXPECT_EQ(num(closed[0], "session"), 0);
  EXPECT_EQ(str(opened[1], "at"), "2026-11-23T14:00:00+08:00");
  EXPECT_EQ(num(opened[1], "session"), 1);
  // clock.advanced events carry the admin and the seconds.
  const auto advanced = of_type(events, "clock.advanced");
  ASSERT_EQ(advanced.size(), 5u);
  EXPECT_EQ(num(advanced[0], "advance_seconds"), 29 * 60 + 59);
  EXPECT_EQ(str(advanced[0], "actor"), "admin");
}

TEST(Clock, RHRS1_timers_fire_in_order_within_one_big_advance) {
  LiveHall h;
  // From Monday 08:30 to Tuesday 09:30 in one step: every session edge fires at its second.
  EXPECT_EQ(h.advance(25 * 3600), "2026-11-24T09:30:00+08:00");
  const auto events = h.events();
  std::vector<std::string> seen;
  for (const auto& e : events) {
    const auto type = str(e, "type");
    if (type == "session.opened" || type == "session.closed" || type == "day.started") seen.push_back(type + "@" + str(e, "at"));
  }
  const std::vector<std::string> expected{"day.started@2026-11-23T08:30:00+08:00",    "session.opened@2026-11-23T09:00:00+08:00",
                                          "session.closed@2026-11-23T12:00:00+08:00", "session.opened@2026-11-23T14:00:00+08:00",
                                          "session.closed@2026-11-23T17:00:00+08:00", "day.started@2026-11-24T00:00:00+08:00",
                                          "session.opened@2026-11-24T09:00:00+08:00"};
  EXPECT_EQ(seen, expected);
  // Seqs are 1..N and times never run backwards.
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(num(events[i], "seq"), static_cast<std::int64_t>(i + 1));
    if (i > 0) {
      EXPECT_LE(str(events[i - 1], "at"), str(events[i], "at")) << dump(events[i]);
    }
  }
  EXPECT_TRUE(h.state().at("session_open").as_bool());
}

TEST(Clock, RHRS1_weekend_stays_closed) {
  LiveHall h(manual_clock("2026-11-28T08:30:00"));  // a Saturday
  h.advance(3600);
  expect_refused(h, 409, "hall_closed", [&] { return try_issue(h); });
  EXPECT_TRUE(of_type(h.events(), "session.opened").empty());
}

TEST(Clock, restart_resumes_at_the_last_event_time_never_backwards) {
  LiveHall h;
  h.advance(2 * 3600);  // 10:30
  ASSERT_EQ(h.restart(), 0);
  EXPECT_EQ(str(h.state(), "now"), "2026-11-23T10:30:00+08:00");
  const auto r = try_issue(h);
  ASSERT_EQ(r.status, 201u) << r.describe();
  EXPECT_EQ(str(r.j().at("ticket").as_object(), "issued_at"), "2026-11-23T10:30:00+08:00");
}

}  // namespace
}  // namespace hallq::test
