// Ticket life cycle over HTTP against the real server: issue, call, recall, start, finish,
// transfer, no-show, rating, the citizen page (R-Q-1, R-Q-4, R-Q-5, R-Q-8, R-SVC-3).
#include "common.hpp"

namespace hallq::test {
namespace {

TEST(Tickets, full_life_cycle_over_http) {
  LiveHall h;
  h.open_morning();  // 09:00:00, session 0 open
  auto& http = h.http();
  const std::string s1 = h.token("s001");
  const auto who = h.sign_in("s001", "W01");
  EXPECT_EQ(str(who.at("staff").as_object(), "post"), "W01") << dump(who);

  // POST /api/tickets: 201 {ticket} with position and eta_minutes (R-Q-1 numbering per prefix).
  auto r = http.post("/api/tickets", R"({"service":"shebao"})", kiosk_token);
  ASSERT_EQ(r.status, 201u) << r.describe();
  const auto t1 = r.j().at("ticket").as_object();
  EXPECT_EQ(str(t1, "number"), "A001");
  EXPECT_EQ(str(t1, "service"), "shebao");
  EXPECT_EQ(str(t1, "priority"), "normal");
  EXPECT_EQ(str(t1, "status"), "waiting");
  EXPECT_EQ(str(t1, "issued_at"), "2026-11-23T09:00:00+08:00");
  EXPECT_EQ(num(t1, "recalls"), 0);
  EXPECT_EQ(num(t1, "position"), 1);
  EXPECT_EQ(num(t1, "eta_minutes"), 0) << "nobody ahead: no wait";
  EXPECT_GE(str(t1, "id").size(), 16u) << "ticket ids must be unguessable";

  const auto t2 = h.issue("shebao", s1);  // staff may issue tickets too
  EXPECT_EQ(str(t2, "number"), "A002");
  EXPECT_EQ(num(t2, "position"), 2);
  EXPECT_GT(num(t2, "eta_minutes"), 0) << dump(t2);
  const auto t3 = h.issue("shebao");
  const auto t4 = h.issue("shebao");
  EXPECT_EQ(num(t4, "position"), 4);
  EXPECT_GE(num(t4, "eta_minutes"), num(t2, "eta_minutes"));
  EXPECT_NE(str(t1, "id"), str(t2, "id"));

  h.advance(60);                     // 09:01
  const auto b1 = h.issue("yibao");  // issued after A003
  EXPECT_EQ(str(b1, "number"), "B001");

  // call-next → called at W01 by s001.
  auto called = h.window_action("s001", "W01", "call-next").at("ticket").as_object();
  EXPECT_EQ(str(called, "id"), str(t1, "id"));
  EXPECT_EQ(str(called, "status"), "called");
  EXPECT_EQ(str(called, "window"), "W01");
  EXPECT_EQ(str(called, "staff"), "s001");
  EXPECT_EQ(str(called, "called_at"), "2026-11-23T09:01:00+08:00");
  EXPECT_FALSE(called.contains("position")) << "only waiting tickets have a position";

  // The citizen page (no token) sees the call.
  r = http.get("/api/tickets/" + str(t1, "id"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(str(r.j().at("ticket").as_object(), "status"), "called");

  // recall (R-Q-4), start.
  auto recalled = h.window_action("s001", "W01", "recall").at("ticket").as_object();
  EXPECT_EQ(str(recalled, "id"), str(t1, "id"));
  EXPECT_EQ(num(recalled, "recalls"), 1);
  EXPECT_EQ(str(recalled, "status"), "called");
  auto serving = h.window_action("s001", "W01", "start").at("ticket").as_object();
  EXPECT_EQ(str(serving, "status"), "serving");

  // Rating before the end: 409 not_finished.
  expect_refused(h, 409, "not_finished",
                 [&] { return http.post("/api/tickets/" + str(t1, "id") + "/rating", R"({"level":5})"); });

  h.advance(5 * 60);
  auto finished = h.window_action("s001", "W01", "finish", {{"outcome", "done"}}).at("ticket").as_object();
  EXPECT_EQ(str(finished, "status"), "finished");
  EXPECT_EQ(str(finished, "outcome"), "done");
  EXPECT_EQ(str(finished, "finished_at"), "2026-11-23T09:06:00+08:00");

  // Rating: once (R-SVC-3), by whoever holds the id — no token needed.
  r = http.post("/api/tickets/" + str(t1, "id") + "/rating", R"({"level":5})");
  ASSERT_EQ(r.status, 201u) << r.describe();
  EXPECT_EQ(num(r.j().at("ticket").as_object(), "rating"), 5);
  expect_refused(h, 409, "already_rated",
                 [&] { return http.post("/api/tickets/" + str(t1, "id") + "/rating", R"({"level":1})"); });

  // finish with incomplete materials records what is missing (R-Q-8).
  called = h.window_action("s001", "W01", "call-next").at("ticket").as_object();
  EXPECT_EQ(str(called, "id"), str(t2, "id"));
  h.window_action("s001", "W01", "start");
  finished = h.window_action("s001", "W01", "finish",
                             {{"outcome", "incomplete_materials"}, {"missing", json::array{"户口本原件", "近期照片"}}})
                 .at("ticket")
                 .as_object();
  EXPECT_EQ(str(finished, "status"), "finished");
  EXPECT_EQ(str(finished, "outcome"), "incomplete_materials");
  EXPECT_EQ(finished.at("missing"), (json::array{"户口本原件", "近期照片"})) << dump(finished);

  // transfer (R-Q-5): back to waiting for the new service, original issue time kept, so A003
  // (issued 09:00) goes before B001 (issued 09:01) in the yibao queue.
  called = h.window_action("s001", "W01", "call-next").at("ticket").as_object();
  EXPECT_EQ(str(called, "id"), str(t3, "id"));
  h.window_action("s001", "W01", "start");
  auto moved = h.window_action("s001", "W01", "transfer", {{"service", "yibao"}}).at("ticket").as_object();
  EXPECT_EQ(str(moved, "id"), str(t3, "id"));
  EXPECT_EQ(str(moved, "status"), "waiting");
  EXPECT_EQ(str(moved, "service"), "yibao");
  EXPECT_EQ(str(moved, "issued_at"), str(t3, "issued_at"));
  EXPECT_EQ(num(moved, "position"), 1) << dump(moved);
  auto st = h.state();
  for (const auto& q : st.at("queues").as_array()) {
    if (str(q.as_object(), "service") == "yibao") {
      EXPECT_EQ(num(q.as_object(), "waiting"), 2);
      EXPECT_EQ(q.as_object().at("next"), (json::array{"A003", "B001"})) << dump(q);
    }
  }
  for (const auto& w : st.at("windows").as_array()) {
    if (str(w.as_object(), "id") == "W01") {
      EXPECT_TRUE(w.as_object().at("current_ticket").is_null()) << dump(w);
    }
  }

  // no-show.
  called = h.window_action("s001", "W01", "call-next").at("ticket").as_object();
  EXPECT_EQ(str(called, "id"), str(t4, "id"));
  auto gone = h.window_action("s001", "W01", "no-show").at("ticket").as_object();
  EXPECT_EQ(str(gone, "status"), "no_show");

  // GET /api/tickets/{id} without a token: the transferred ticket, waiting for yibao.
  r = http.get("/api/tickets/" + str(t3, "id"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(str(r.j().at("ticket").as_object(), "status"), "waiting");
  EXPECT_EQ(str(r.j().at("ticket").as_object(), "service"), "yibao");
  EXPECT_EQ(num(r.j().at("ticket").as_object(), "position"), 1);

  // Nothing waits for shebao: {"ticket": null}, and no event.
  const auto seq = h.seq();
  r = http.post("/api/windows/W01/call-next", "", s1);
  ASSERT_EQ(r.status, 200u) << r.describe();
  ASSERT_TRUE(r.j().as_object().contains("ticket")) << r.describe();
  EXPECT_TRUE(r.j().at("ticket").is_null()) << r.describe();
  EXPECT_EQ(h.seq(), seq);

  // The log tells the same story.
  std::vector<std::string> types;
  for (const auto& e : h.events())
    if (str(e, "type").rfind("ticket.", 0) == 0) types.push_back(str(e, "type"));
  const std::vector<std::string> expected{
      "ticket.issued",   "ticket.issued",  "ticket.issued",   "ticket.issued",      "ticket.issued", "ticket.called",
      "ticket.recalled", "ticket.started", "ticket.finished", "ticket.rated",       "ticket.called", "ticket.started",
      "ticket.finished", "ticket.called",  "ticket.started",  "ticket.transferred", "ticket.called", "ticket.no_show"};
  EXPECT_EQ(types, expected);
}

TEST(Tickets, RQ4_recall_limit_then_no_show) {
  LiveHall h;  // small.json: max_recalls 2
  h.open_morning();
  h.sign_in("s001", "W01");
  const auto t = h.issue("shebao");
  h.window_action("s001", "W01", "call-next");
  EXPECT_EQ(num(h.window_action("s001", "W01", "recall").at("ticket").as_object(), "recalls"), 1);
  EXPECT_EQ(num(h.window_action("s001", "W01", "recall").at("ticket").as_object(), "recalls"), 2);
  expect_refused(h, 409, "max_recalls", [&] { return h.http().post("/api/windows/W01/recall", "", h.token("s001")); });
  const auto gone = h.window_action("s001", "W01", "no-show").at("ticket").as_object();
  EXPECT_EQ(str(gone, "id"), str(t, "id"));
  EXPECT_EQ(str(gone, "status"), "no_show");
}

TEST(Tickets, RQ3_green_channel_goes_first) {
  LiveHall h;
  h.open_morning();
  h.sign_in("s001", "W01");
  h.issue("shebao");
  const auto green = h.issue("shebao", kiosk_token, "green");
  EXPECT_EQ(str(green, "priority"), "green");
  EXPECT_EQ(num(green, "position"), 1) << dump(green);
  const auto called = h.window_action("s001", "W01", "call-next").at("ticket").as_object();
  EXPECT_EQ(str(called, "id"), str(green, "id"));
}

TEST(Tickets, RQ1_numbers_run_per_prefix) {
  LiveHall h;
  h.open_morning();
  EXPECT_EQ(str(h.issue("shebao"), "number"), "A001");
  EXPECT_EQ(str(h.issue("yibao"), "number"), "B001");
  EXPECT_EQ(str(h.issue("shebao"), "number"), "A002");
  EXPECT_EQ(str(h.issue("gongjijin"), "number"), "C001");
}

TEST(Http, keep_alive_connection_is_reused) {
  LiveHall h;
  HttpClient c(h.port());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(c.get("/healthz").status, 200u);
  EXPECT_EQ(c.connections_opened(), 1u);
}

}  // namespace
}  // namespace hallq::test
