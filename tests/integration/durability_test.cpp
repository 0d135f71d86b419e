// Durability: a 2xx means the event is on disk (kill -9 right after the answer loses nothing),
// and a restarted server — clean or crashed, with or without snapshots — has exactly the state
// it had.
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common.hpp"

namespace hallq::test {
namespace {

void expect_contiguous_log(const std::vector<json::object>& events, std::int64_t last) {
  ASSERT_EQ(static_cast<std::int64_t>(events.size()), last) << "the log must hold seqs 1.." << last;
  for (std::size_t i = 0; i < events.size(); ++i)
    ASSERT_EQ(num(events[i], "seq"), static_cast<std::int64_t>(i + 1)) << "gap in the log at index " << i;
}

TEST(Durability, kill9_right_after_2xx_loses_nothing_over_five_rounds) {
  LiveHall h;
  h.open_morning();
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.issue("shebao");
  const char* actions[] = {"call-next", "start", "finish", "call-next", "recall"};
  const std::map<std::string, std::string> event_of{
      {"call-next", "ticket.called"}, {"start", "ticket.started"}, {"finish", "ticket.finished"}, {"recall", "ticket.recalled"}};
  const std::string s1 = h.token("s001");
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const auto seq_before = h.seq();
    // A few concurrent commands; the server is killed the moment the last 2xx is in.
    std::mutex mu;
    std::vector<std::string> ticket_ids;
    std::vector<std::string> problems;
    std::vector<std::thread> threads;
    for (int k = 0; k < 3; ++k) {
      threads.emplace_back([&, k] {
        HttpClient c(h.port());
        const auto r = c.post("/api/tickets", k == 1 ? R"({"service":"yibao"})" : R"({"service":"shebao"})", kiosk_token);
        std::lock_guard lock(mu);
        if (r.status == 201) ticket_ids.push_back(str(r.j().at("ticket").as_object(), "id"));
        else
          problems.push_back(r.describe());
      });
    }
    threads.emplace_back([&] {
      HttpClient c(h.port());
      const auto r = c.post(std::string("/api/windows/W01/") + actions[round], "", s1);
      std::lock_guard lock(mu);
      if (r.status != 200) problems.push_back(std::string(actions[round]) + ": " + r.describe());
    });
    for (auto& t : threads) t.join();
    h.server().kill9();
    ASSERT_TRUE(problems.empty()) << problems.front();

    h.server().start(manual_clock());
    h.http() = HttpClient(h.port());
    const auto last = h.seq();
    const auto events = h.events();
    expect_contiguous_log(events, last);
    EXPECT_GE(last, seq_before + 4) << "three tickets and one window action were acknowledged";
    std::set<std::string> issued;
    for (const auto& e : of_type(events, "ticket.issued")) issued.insert(str(e, "ticket"));
    for (const auto& id : ticket_ids) {
      EXPECT_TRUE(issued.count(id)) << "acknowledged ticket " << id << " is not in the log";
      EXPECT_EQ(h.http().get("/api/tickets/" + id).status, 200u);
    }
    bool found = false;
    for (const auto& e : events)
      if (num(e, "seq") > seq_before && str(e, "type") == event_of.at(actions[round]) && str(e, "staff") == "s001") found = true;
    EXPECT_TRUE(found) << "acknowledged " << actions[round] << " is not in the log";

    // The state after a crash is the state before it.
    const auto before = h.state(true);
    h.server().kill9();
    h.server().start(manual_clock());
    h.http() = HttpClient(h.port());
    EXPECT_EQ(json_diff(h.state(true), before), "");
  }
}

// A morning of varied activity (tickets of every kind, covers, off-post, ratings, transfers).
void morning(LiveHall& h) {
  h.open_morning();
  h.sign_in("s001", "W01");
  h.sign_in("s002", "W02");
  h.sign_in("s004", "W03");
  h.sign_in("s005", "W04");
  std::vector<json::object> t;
  const char* services[] = {"shebao", "yibao", "gongjijin", "shebao", "yibao", "shebao"};
  for (int i = 0; i < 12; ++i) {
    t.push_back(h.issue(services[i % 6], kiosk_token, i % 5 == 4 ? "green" : ""));
    h.advance(37);
  }
  h.window_action("s001", "W01", "call-next");
  h.window_action("s002", "W02", "call-next");
  h.window_action("s005", "W04", "call-next");
  h.window_action("s001", "W01", "start");
  h.window_action("s002", "W02", "recall");
  h.window_action("s002", "W02", "start");
  h.advance(6 * 60);
  const auto done = h.window_action("s001", "W01", "finish").at("ticket").as_object();
  h.window_action("s002", "W02", "finish", {{"outcome", "incomplete_materials"}, {"missing", json::array{"社保卡"}}});
  h.window_action("s005", "W04", "no-show");
  EXPECT_EQ(h.http().post("/api/tickets/" + str(done, "id") + "/rating", R"({"level":4})").status, 201u);
  h.window_action("s001", "W01", "call-next");
  h.window_action("s001", "W01", "start");
  h.advance(90);
  h.window_action("s001", "W01", "transfer", {{"service", "yibao"}});
  // R-AB-3: s004 leaves W03, its B (s003) takes over, s004 comes back and s003 hands back.
  h.staff_action("s004", "off-post", {{"reason", "会议"}, {"destination", "三楼会议室"}, {"expected_minutes", 20}});
  h.staff_action("s003", "take-over", {{"window", "W03"}});
  h.window_action("s003", "W03", "call-next");
  h.window_action("s003", "W03", "start");
  h.advance(10 * 60);
  h.window_action("s003", "W03", "finish");
  h.staff_action("s004", "return");
  h.window_action("s004", "W03", "call-next");
  h.advance(45 * 60);
}

TEST(Durability, restart_after_sigterm_gives_identical_state) {
  LiveHall h;
  morning(h);
  const auto before = h.state(true);
  const auto log_before = h.events();
  ASSERT_EQ(h.restart(), 0) << "clean shutdown exits 0";
  EXPECT_EQ(json_diff(h.state(true), before), "");
  EXPECT_EQ(h.events(), log_before) << "a restart adds nothing to the log";
  // Life goes on where it stopped: numbering continues, the called ticket can be served.
  EXPECT_EQ(str(h.issue("shebao"), "number"), "A007");
  const auto serving = h.window_action("s004", "W03", "start").at("ticket").as_object();
  EXPECT_EQ(str(serving, "status"), "serving");
}

// Regression (fixed): server/store/state_codec.cpp encode_state/decode_state (alerts, lines ~126-132 and
// ~222-237) do not store the Alert fields rule, notify, escalated_at (nor raised_seq, leave), so a
// restart from a snapshot loses them: /api/state after the restart lacks alerts[i].rule,
// alerts[i].notify and alerts[i].escalated_at that it had before (plain replay keeps them).
// Expected: snapshot + tail replay gives exactly the state of a full replay.
TEST(Durability, restart_from_snapshot_plus_tail_gives_identical_state) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00", "--snapshot-every", "5"});
  morning(h);
  while (h.seq() < 103) {
    h.issue("gongjijin");
    h.advance(11);
  }
  h.issue("yibao");  // a tail after the last snapshot, most likely
  const auto before = h.state(true);
  const auto log_before = h.events();
  ASSERT_GE(log_before.size(), 100u);
  ASSERT_EQ(h.restart(), 0);
  // The second start replayed from a snapshot (log line "replayed log seq=N from_snapshot=M").
  const auto log = h.server().log();
  const auto at = log.rfind("from_snapshot=");
  ASSERT_NE(at, std::string::npos) << log;
  EXPECT_GT(std::stoll(log.substr(at + 14)), 0) << "the restart did not use a snapshot: " << log;
  EXPECT_EQ(json_diff(h.state(true), before), "");
  EXPECT_EQ(h.events(), log_before);

  // And after a crash, too; then the next ticket numbers continue.
  h.issue("shebao");
  h.issue("shebao");
  const auto before_crash = h.state(true);
  h.crash_and_restart();
  EXPECT_EQ(json_diff(h.state(true), before_crash), "");
  const auto next = h.issue("shebao");
  EXPECT_EQ(str(next, "number"), "A009") << dump(next);
}

TEST(Durability, tokens_survive_a_restart) {
  LiveHall h;
  const std::string s1 = h.token("s001");
  ASSERT_EQ(h.restart(), 0);
  h.open_morning();
  const auto r = h.http().post("/api/staff/s001/sign-in", R"({"window":"W01"})", s1);
  EXPECT_EQ(r.status, 200u) << r.describe();
}

}  // namespace
}  // namespace hallq::test
