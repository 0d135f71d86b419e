// The client's state mirror: fed the server's snapshot and events, it holds exactly the state
// the engine holds; it refuses holes, skips repeats and loads the public (PIN-less) config.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "mirror/mirror.hpp"
#include "client/server_url.hpp"
#include "protocol/event_codec.hpp"
#include "protocol/state_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

namespace json = boost::json;
using client::Mirror;

json::object snapshot_message(const core::State& s, const char* clock = "manual") {
  return json::object{{"type", "snapshot"},
                      {"seq", s.seq},
                      {"clock", clock},
                      {"state", json::object{{"now", domain::format_time(s.now, china)}}},
                      {"core", json::parse(proto::encode_state(s))}};
}

json::object event_message(const Event& e) { return json::object{{"type", "event"}, {"event", proto::encode_event(e, china)}}; }

Mirror mirror_of_test_hall() {
  Mirror m;
  std::string why;
  EXPECT_TRUE(m.set_hall(proto::public_config_json(hall_json), &why)) << why;
  return m;
}

TEST(PublicConfig, DropsPinsAndDevicesAndStillLoadsWithoutSecrets) {
  const std::string pub = proto::public_config_json(hall_json);
  EXPECT_EQ(pub.find("\"pin\""), std::string::npos);
  EXPECT_EQ(pub.find("kiosk-secret-1"), std::string::npos);
  EXPECT_THROW(proto::load_config_text(pub, "public.json"), proto::ConfigError);  // the server needs PINs
  const auto c = proto::load_config_text(pub, "public.json", proto::Secrets::absent);
  EXPECT_EQ(c.windows.size(), 4u);
  EXPECT_TRUE(c.devices.empty());
  ASSERT_NE(c.find_staff("s001"), nullptr);
  EXPECT_TRUE(c.find_staff("s001")->pin.empty());
}

TEST(Mirror, FollowsTheEngineEventByEvent) {
  Hall h;
  Mirror m = mirror_of_test_hall();
  ASSERT_EQ(m.on_message(snapshot_message(h.state)), Mirror::Result::applied);
  ASSERT_TRUE(m.ready());
  EXPECT_TRUE(m.manual_clock());
  EXPECT_EQ(m.take_snapshots(), 1);
  const std::size_t from = h.log.size();

  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  h.advance_to("2026-11-23T09:00:00");
  const std::string a = h.issue("shebao");
  h.issue("shebao");
  h.call("W01");
  h.off_post("s005");
  h.ok(as("s007", core::TakeOver{"s007", "W03"}));
  h.advance(10 * 60);

  std::vector<std::string> types;
  for (std::size_t i = from; i < h.log.size(); ++i) {
    ASSERT_EQ(m.on_message(event_message(h.log[i])), Mirror::Result::applied) << i;
    types.emplace_back(domain::to_string(h.log[i].type));
  }
  core::State mirrored = m.state();
  EXPECT_NE(mirrored.config, h.state.config);  // the mirror's own copy of the public config
  mirrored.config = h.state.config;
  EXPECT_EQ(mirrored, h.state);
  EXPECT_EQ(m.seq(), h.state.seq);
  EXPECT_EQ(m.server_now(), h.log.back().at);
  EXPECT_EQ(core::staffing_of(m.state(), "W03"), core::staffing_of(h.state, "W03"));

  const auto applied = m.take_applied();
  ASSERT_EQ(applied.size(), types.size());
  for (std::size_t i = 0; i < applied.size(); ++i) EXPECT_EQ(domain::to_string(applied[i].type), types[i]);
  EXPECT_TRUE(m.take_applied().empty());
}

TEST(Mirror, ReportsAGapAndSkipsWhatItAlreadyHas) {
  Hall h;
  Mirror m = mirror_of_test_hall();
  ASSERT_EQ(m.on_message(snapshot_message(h.state)), Mirror::Result::applied);
  const std::size_t from = h.log.size();
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  ASSERT_GE(h.log.size(), from + 2);
  const auto before = m.seq();
  EXPECT_EQ(m.on_message(event_message(h.log[from + 1])), Mirror::Result::gap);
  EXPECT_EQ(m.seq(), before);  // nothing applied past a hole
  EXPECT_EQ(m.on_message(event_message(h.log[from])), Mirror::Result::applied);
  EXPECT_EQ(m.on_message(event_message(h.log[from])), Mirror::Result::ignored);
}

TEST(Mirror, RefusesSnapshotsWithoutTheEngineStateAndMessagesBeforeAHall) {
  Mirror empty;
  std::string why;
  EXPECT_EQ(empty.on_message(json::object{{"type", "snapshot"}}, &why), Mirror::Result::error);
  EXPECT_NE(why.find("/api/hall"), std::string::npos) << why;

  Mirror m = mirror_of_test_hall();
  EXPECT_EQ(m.on_message(json::object{{"type", "snapshot"}, {"seq", 3}, {"state", json::object{}}}, &why), Mirror::Result::error);
  EXPECT_NE(why.find("mirror=1"), std::string::npos) << why;
  EXPECT_FALSE(m.ready());
  std::string bad_hall_why;
  EXPECT_FALSE(m.set_hall("{\"hall\": 1}", &bad_hall_why));
  EXPECT_NE(bad_hall_why.find("GET /api/hall"), std::string::npos) << bad_hall_why;
}

TEST(Mirror, ANewHallDropsTheStateButTheSameHallKeepsIt) {
  Hall h;
  Mirror m = mirror_of_test_hall();
  ASSERT_EQ(m.on_message(snapshot_message(h.state)), Mirror::Result::applied);
  ASSERT_TRUE(m.set_hall(proto::public_config_json(hall_json)));
  EXPECT_TRUE(m.ready());
  std::string other(hall_json);
  other.replace(other.find("测试政务服务中心"), std::string("测试政务服务中心").size(), "另一个中心");
  ASSERT_TRUE(m.set_hall(proto::public_config_json(other)));
  EXPECT_FALSE(m.ready());
  EXPECT_EQ(m.config().hall.name, "另一个中心");
}

TEST(ServerUrl, ParsesWhatClientsAreGiven) {
  auto u = client::ServerUrl::parse("http://127.0.0.1:7080");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 7080);
  u = client::ServerUrl::parse("http://localhost:9000/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 9000);
  u = client::ServerUrl::parse("http://10.0.0.5");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 80);
  u = client::ServerUrl::parse("http://[::1]:7080");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->to_string(), "http://[::1]:7080");

  std::string why;
  EXPECT_FALSE(client::ServerUrl::parse("127.0.0.1:7080", &why));
  EXPECT_NE(why.find("http://"), std::string::npos);
  EXPECT_FALSE(client::ServerUrl::parse("https://hall.example:443", &why));
  EXPECT_NE(why.find("https"), std::string::npos);
  EXPECT_FALSE(client::ServerUrl::parse("http://127.0.0.1:0", &why));
  EXPECT_FALSE(client::ServerUrl::parse("http://127.0.0.1:70800", &why));
  EXPECT_FALSE(client::ServerUrl::parse("http://127.0.0.1:7080/api", &why));
  EXPECT_FALSE(client::ServerUrl::parse("http://:7080", &why));
}

}  // namespace
}  // namespace hallq::test
