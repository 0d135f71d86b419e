// GET /api/events: the supervisor's view of the log, paged with since/limit and `next`.
#include "common.hpp"

namespace hallq::test {
namespace {

TEST(Events, need_a_supervisor) {
  LiveHall h;
  auto& c = h.http();
  auto r = c.get("/api/events?since=0", h.token("s001"));
  EXPECT_EQ(r.status, 403u) << r.describe();
  EXPECT_EQ(r.error_code(), "forbidden");
  r = c.get("/api/events?since=0", kiosk_token);
  EXPECT_EQ(r.status, 403u) << r.describe();
  r = c.get("/api/events?since=0");
  EXPECT_EQ(r.status, 401u) << r.describe();
  EXPECT_EQ(r.error_code(), "unauthenticated");
  r = c.get("/api/events?since=0", h.token("sup1"));
  EXPECT_EQ(r.status, 200u) << r.describe();
  r = c.get("/api/events?since=0", h.token("admin"));
  EXPECT_EQ(r.status, 200u) << r.describe();
}

TEST(Events, pages_with_since_limit_and_next) {
  LiveHall h;
  h.open_morning();
  for (int i = 0; i < 7; ++i) h.issue(i % 2 ? "yibao" : "shebao");
  const auto last = h.seq();
  ASSERT_GE(last, 10);  // day.started, session.opened, clock.advanced, 7 × ticket.issued (+ alerts)
  auto& c = h.http();
  const auto& sup = h.token("sup1");
  std::vector<json::object> all;
  std::int64_t since = 0;
  int pages = 0;
  for (;;) {
    const auto r = c.get("/api/events?since=" + std::to_string(since) + "&limit=3", sup);
    ASSERT_EQ(r.status, 200u) << r.describe();
    const auto& o = r.j().as_object();
    const auto& evs = o.at("events").as_array();
    const auto next = num(o, "next");
    if (evs.empty()) {
      EXPECT_EQ(next, since) << "an empty page keeps next where it was";
      break;
    }
    ++pages;
    EXPECT_LE(evs.size(), 3u);
    EXPECT_EQ(num(evs.front().as_object(), "seq"), since + 1);
    EXPECT_EQ(next, num(evs.back().as_object(), "seq"));
    for (const auto& e : evs) all.push_back(e.as_object());
    since = next;
  }
  EXPECT_EQ(pages, (last + 2) / 3);
  ASSERT_EQ(static_cast<std::int64_t>(all.size()), last);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(num(all[i], "seq"), static_cast<std::int64_t>(i + 1));
    EXPECT_FALSE(str(all[i], "type").empty());
    EXPECT_FALSE(str(all[i], "actor").empty());
    EXPECT_FALSE(str(all[i], "at").empty());
  }
  EXPECT_EQ(str(all[0], "type"), "day.started");
  const auto issued = of_type(all, "ticket.issued");
  ASSERT_EQ(issued.size(), 7u);
  EXPECT_EQ(str(issued[0], "actor"), "kiosk-1");
  EXPECT_EQ(str(issued[0], "number"), "A001");
  EXPECT_EQ(str(issued[6], "number"), "A004");
  EXPECT_EQ(all, h.events(0, 1000));
}

TEST(Events, limit_is_capped_at_one_thousand) {
  LiveHall h;
  h.advance(366LL * 86400);  // a year of sessions: well over 1000 events
  const auto last = h.seq();
  ASSERT_GT(last, 1000);
  const auto r = h.http().get("/api/events?since=0&limit=5000", h.token("sup1"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.j().at("events").as_array().size(), 1000u);
  EXPECT_EQ(num(r.j().as_object(), "next"), 1000);
  EXPECT_EQ(static_cast<std::int64_t>(h.events().size()), last);
}

TEST(Events, bad_since_or_limit_is_bad_request) {
  LiveHall h;
  const auto& sup = h.token("sup1");
  for (const char* q : {"since=abc", "limit=x", "since=-1", "limit=0"}) {
    SCOPED_TRACE(q);
    const auto r = h.http().get(std::string("/api/events?") + q, sup);
    EXPECT_EQ(r.status, 400u) << r.describe();
    EXPECT_EQ(r.error_code(), "bad_request");
  }
}

}  // namespace
}  // namespace hallq::test
