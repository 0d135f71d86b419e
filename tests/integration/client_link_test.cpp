// hallq_client against the real server: GET /api/hall, /ws?mirror=1, and a Link that keeps a
// Mirror current across a server crash without losing an event (the display's guarantee).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "client/link.hpp"
#include "mirror/mirror.hpp"
#include "common.hpp"
#include "core/engine.hpp"
#include "support/live_hall.hpp"

namespace hallq::test {
namespace {

using namespace std::chrono_literals;
using client::Link;
using client::LinkPhase;
using client::Mirror;

/// Pumps the link until `done(mirror)` or the deadline; returns whether it came true.
template <class Done>
bool pump_until(Link& link, Mirror& m, Done done, std::chrono::milliseconds limit = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    link.pump(m);
    if (done(m)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(ClientApi, HallIsServedWithoutSecretsToTokenHoldersOnly) {
  LiveHall hall;
  const auto r = hall.http().get("/api/hall", display_token);
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.body.find("\"pin\""), std::string::npos);
  EXPECT_EQ(r.body.find("kiosk-token-1"), std::string::npos);
  EXPECT_EQ(r.body.find("display-token-1"), std::string::npos);
  ASSERT_TRUE(r.json && r.json->is_object());
  EXPECT_TRUE(r.json->as_object().contains("windows"));
  EXPECT_EQ(hall.http().get("/api/hall").status, 401u);
  EXPECT_EQ(hall.http().post("/api/hall", "{}", display_token).status, 405u);
}

TEST(ClientApi, MirrorSnapshotOnlyWhenAskedFor) {
  LiveHall hall;
  client::WsClient plain;
  plain.connect(hall.port(), display_token);
  auto first = plain.next();
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->contains("core"));  // the API.md snapshot, unchanged

  client::WsClient full;
  full.set_extra_query("mirror=1");
  full.connect(hall.port(), display_token);
  first = full.next();
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->contains("core"));
  EXPECT_EQ(first->at("clock"), "manual");
  EXPECT_TRUE(first->contains("state"));
}

TEST(ClientLink, MirrorFollowsTheServerAndResumesAfterACrashWithoutLosingACall) {
  LiveHall hall;
  hall.server().keep_port();
  std::atomic<int> wakes{0};
  client::LinkOptions opts;
  opts.server.port = hall.port();
  opts.token = display_token;
  opts.wake = [&] { ++wakes; };
  opts.first_backoff = 50ms;
  opts.max_backoff = 200ms;
  Link link(opts);
  Mirror m;
  ASSERT_TRUE(pump_until(link, m, [](const Mirror& x) { return x.ready(); })) << link.status().last_error;
  EXPECT_EQ(link.status().phase, LinkPhase::live);
  EXPECT_EQ(m.take_snapshots(), 1);

  hall.sign_in("s001", "W01");
  hall.open_morning();
  std::vector<std::string> called;
  for (int i = 0; i < 3; ++i) {
    hall.issue("shebao");
    called.emplace_back(hall.window_action("s001", "W01", "call-next").at("ticket").at("number").as_string());
    hall.window_action("s001", "W01", "no-show");
  }
  auto seq = hall.seq();
  ASSERT_TRUE(pump_until(link, m, [&](const Mirror& x) { return x.seq() == seq; }));
  EXPECT_GT(wakes.load(), 0);

  // The server dies; the link notices and keeps trying.
  hall.server().kill9();
  ASSERT_TRUE(pump_until(link, m, [&](const Mirror&) { return link.status().phase == LinkPhase::reconnecting; }));
  EXPECT_FALSE(link.status().last_error.empty());
  EXPECT_EQ(m.seq(), seq);  // the last known state stays on screen

  // Back on the same port, and calls made before the client is back are not lost.
  hall.server().restart();  // same port: LiveHall's HTTP client reconnects by itself
  for (int i = 0; i < 2; ++i) {
    hall.issue("shebao");
    called.emplace_back(hall.window_action("s001", "W01", "call-next").at("ticket").at("number").as_string());
    hall.window_action("s001", "W01", "no-show");
  }
  seq = hall.seq();
  ASSERT_TRUE(pump_until(
      link, m, [&](const Mirror& x) { return x.seq() == seq; }, 15s))
      << link.status().last_error;
  EXPECT_EQ(link.status().phase, LinkPhase::live);
  EXPECT_EQ(m.take_snapshots(), 0) << "resumed with since, not a fresh snapshot";

  std::vector<std::string> seen;
  std::int64_t previous = 0;
  for (const auto& e : m.take_applied()) {
    if (previous) {
      EXPECT_EQ(e.seq, previous + 1);
    }
    previous = e.seq;
    if (e.type == domain::EventType::ticket_called) seen.push_back(m.state().ticket(e.ticket)->number);
  }
  EXPECT_EQ(seen, called);

  // What the mirror computes is what the server shows.
  const auto state = hall.state();
  for (const auto& w : state.at("windows").as_array()) {
    EXPECT_EQ(w.at("staffing").as_string(),
              core::staffing_name(core::staffing_of(m.state(), std::string(w.at("id").as_string()))));
  }
}

TEST(ClientLink, SaysWhyWhenTheTokenIsRefused) {
  LiveHall hall;
  client::LinkOptions opts;
  opts.server.port = hall.port();
  opts.token = "not-a-token";
  opts.first_backoff = 50ms;
  Link link(opts);
  Mirror m;
  EXPECT_TRUE(pump_until(link, m, [&](const Mirror&) { return link.status().last_http_status == 401; }));
  EXPECT_FALSE(m.ready());
  EXPECT_NE(link.status().last_error.find("401"), std::string::npos) << link.status().last_error;
}

}  // namespace
}  // namespace hallq::test
