// Engine determinism: replaying the event log through apply() rebuilds exactly the same state.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/event_codec.hpp"
#include "protocol/state_codec.hpp"
#include "shell/snapshotter.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

struct ScriptResult {
  int commands = 0;
  int refused = 0;
};

/// A hall day (and the start of the next): about 55 commands of every kind, some refused on
/// purpose, across both sessions, the lunch break, extended service and the day change.
ScriptResult scripted_day(Hall& h) {
  ScriptResult r;
  auto run = [&](const Command& c) {
    ++r.commands;
    if (rejected(h.run(c))) ++r.refused;
  };
  auto issue = [&](const std::string& service, const std::string& priority = "normal", const std::string& appointment = "",
                   const std::string& previous = "") {
    ++r.commands;
    return h.issue(service, priority, appointment, previous);
  };
  auto serve = [&](const std::string& w) {
    run(as(h.on_post(w), core::CallNext{w}));
    run(as(h.on_post(w), core::StartService{w}));
    run(as(h.on_post(w), core::FinishService{w, "done", {}}));
  };

  run(as("web", core::BookAppointment{"shebao", at("2026-11-23T10:00:00"), "ap1"}));
  run(as("s001", core::SignIn{"s001", "W01"}));
  run(as("s003", core::SignIn{"s003", "W02"}));
  run(as("s005", core::SignIn{"s005", "W03"}));
  run(as("s003", core::SignIn{"s003", "W01"}));  // refused: not A of W01
  h.advance_to("2026-11-23T09:00:00");
  const auto a1 = issue("shebao");
  h.advance(20);
  const auto a2 = issue("shebao", "green");
  h.advance(20);
  issue("yibao");
  h.advance(20);
  const auto q1 = issue("qiye");
  issue("jiuye");
  h.advance(60);
  serve("W03");  // A002 (green)
  run(as("citizen", core::RateTicket{a2, 5}));
  run(as("s001", core::CallNext{"W01"}));  // A001
  h.advance(30);
  run(as("s001", core::Recall{"W01"}));
  h.advance(30);
  run(as("s001", core::MarkNoShow{"W01"}));
  run(as("citizen", core::RequeueTicket{a1}));
  run(as("s003", core::CallNext{"W02"}));  // Q001
  run(as("s003", core::StartService{"W02"}));
  h.advance(240);
  run(as("s003", core::TransferTicket{"W02", "chujian"}));
  run(as("s003", core::CallNext{"W02"}));  // Q001 again, now for chujian
  h.advance(120);
  run(as("s003", core::FinishService{"W02", "incomplete_materials", {"营业执照", "公章"}}));
  issue("qiye", "normal", "", q1);
  h.advance_to("2026-11-23T09:40:00");
  run(as("s005", core::GoOffPost{"s005", "会议", "三楼会议室", 20}));
  run(as("s007", core::TakeOver{"s007", "W03"}));
  run(as("s007", core::CallNext{"W03"}));  // A001 (re-queued)
  h.advance(300);
  run(as("s007", core::FinishService{"W03", "done", {}}));
  run(as("s002", core::TakeOver{"s002", "W01"}));  // refused: occupied
  h.advance_to("2026-11-23T09:50:00");
  issue("shebao", "normal", "ap1");
  run(as("s001", core::CallNext{"W01"}));  // Y001? no: the due appointment first
  run(as("s001", core::StartService{"W01"}));
  h.advance(400);
  run(as("s001", core::FinishService{"W01", "done", {}}));
  run(as("s005", core::ReturnToPost{"s005"}));  // s007 hands W03 back
  run(as("s007", core::SignIn{"s007", "W04"}));
  serve("W04");  // J001
  run(as("sensor-1", core::ReportPresence{"W03", true}));
  run(as("s008", core::CloseWindow{"W02"}));
  run(as("s008", core::OpenWindow{"W02"}));
  // Supervisor business: alerts, leave, violations (ids read from the state: deterministic).
  if (!h.state.alerts.empty()) run(as("s008", core::AckAlert{h.state.alerts.begin()->first, "已通知"}));
  run(as("s005", core::RequestLeave{"s005", "2026-11-26", "2026-11-26", "体检"}));
  if (!h.state.leaves.empty()) run(as("s008", core::DecideLeave{h.state.leaves.begin()->first, true, "同意"}));
  run(as("s008", core::RecordViolation{"desk_messy", "s001", "", "桌面杂乱"}));
  for (const auto& [id, v] : h.state.violations)
    if (v.status == core::ViolationStatus::proposed) {
      run(as("s008", core::DecideViolation{id, false, "情况属实但已整改"}));
      break;
    }
  h.advance_to("2026-11-23T11:50:00");
  issue("yibao");
  issue("yibao");
  issue("shebao", "green");
  h.advance_to("2026-11-23T12:05:00");
  run(as("s001", core::SignOut{"s001"}));    // refused: extended service
  run(h.issue_cmd("yibao"));                 // refused: hall closed
  for (int i = 0; i < 5; ++i) serve("W01");  // Y001 Q002 Y002 Y003 and the green A004, in order
  run(as("s001", core::SignOut{"s001"}));
  run(as("s003", core::SignOut{"s003"}));
  h.advance_to("2026-11-23T14:30:00");
  run(as("s003", core::SignIn{"s003", "W02"}));
  issue("chujian");
  issue("qiye");
  serve("W02");
  h.advance_to("2026-11-24T09:10:00");  // day change: leftovers cancelled, everyone signed out
  issue("shebao");
  run(as("s006", core::SignIn{"s006", "W03"}));
  run(as("s006", core::CallNext{"W03"}));
  return r;
}

core::State replay(const std::shared_ptr<const domain::HallConfig>& config, const std::vector<Event>& log) {
  core::State s(config);
  for (const auto& e : log) core::apply(s, e);
  return s;
}

TEST(Replay, script_exercises_the_engine) {
  Hall h;
  const auto r = scripted_day(h);
  EXPECT_GE(r.commands, 50);
  EXPECT_EQ(r.refused, 4);  // the four refused on purpose; serve() on an empty queue is accepted
  // Spot checks that the script did what it says.
  std::vector<std::string> kinds;
  for (const auto& e : h.log) kinds.emplace_back(domain::to_string(e.type));
  for (const char* type :
       {"appointment.booked", "ticket.issued",     "ticket.called",    "ticket.recalled",    "ticket.no_show",
        "ticket.requeued",    "ticket.started",    "ticket.finished",  "ticket.transferred", "ticket.cancelled",
        "ticket.rated",       "staff.signed_in",   "staff.signed_out", "staff.off_post",     "staff.returned",
        "staff.took_over",    "staff.handed_back", "window.opened",    "window.closed",      "window.presence",
        "session.opened",     "session.closed",    "day.started",      "alert.raised",       "alert.acknowledged",
        "alert.resolved",     "leave.requested",   "leave.approved",   "violation.proposed", "violation.confirmed",
        "violation.dismissed"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), type), kinds.end()) << type;
  EXPECT_EQ(h.state.day, "2026-11-24");
  EXPECT_EQ(h.state.windows.at("W03").current_ticket.empty(), false);
  EXPECT_EQ(h.number(h.state.windows.at("W03").current_ticket), "A001");
}

TEST(Replay, applying_the_log_to_a_fresh_state_rebuilds_it) {
  Hall h;
  scripted_day(h);
  const core::State rebuilt = replay(h.config, h.log);
  EXPECT_EQ(rebuilt, h.state);
  EXPECT_EQ(rebuilt.seq, static_cast<std::int64_t>(h.log.size()));
}

TEST(Replay, replay_at_every_prefix_matches_a_state_copied_there) {
  // A snapshot (a copy of State) plus the tail of the log gives the same state as the full log.
  Hall h;
  scripted_day(h);
  const std::size_t cut = h.log.size() / 2;
  core::State snapshot = replay(h.config, std::vector<Event>(h.log.begin(), h.log.begin() + static_cast<std::ptrdiff_t>(cut)));
  for (std::size_t i = cut; i < h.log.size(); ++i) core::apply(snapshot, h.log[i]);
  EXPECT_EQ(snapshot, h.state);
}

TEST(Replay, the_same_script_gives_the_same_events) {
  Hall first, second;
  scripted_day(first);
  scripted_day(second);
  ASSERT_EQ(first.log.size(), second.log.size());
  for (std::size_t i = 0; i < first.log.size(); ++i)
    EXPECT_EQ(proto::serialize_event(first.log[i], china), proto::serialize_event(second.log[i], china)) << i;
}

TEST(Replay, replay_through_the_wire_codec_rebuilds_the_state) {
  Hall h;
  scripted_day(h);
  core::State s(h.config);
  for (const auto& e : h.log) {
    const std::string text = proto::serialize_event(e, china);
    std::string error;
    const auto decoded = proto::decode_event(boost::json::parse(text).as_object(), china, &error);
    ASSERT_TRUE(decoded) << error << " in " << text;
    core::apply(s, *decoded);
  }
  EXPECT_EQ(s, h.state);
}

// The server takes snapshots on a thread of its own, from a replica fed with committed events
// (server/shell/snapshotter.hpp). Each snapshot must decode to exactly the state a full replay
// reaches at its seq, however the events arrive in batches.
TEST(Replay, snapshot_thread_encodes_the_state_a_replay_reaches_at_its_seq) {
  Hall h;
  scripted_day(h);
  ASSERT_GT(h.log.size(), 40u);
  std::mutex mu;
  std::vector<store::Snapshot> taken;
  {
    server::Snapshotter snap(7, "digest-1", [&](store::Snapshot s) {
      std::lock_guard lock(mu);
      taken.push_back(std::move(s));
    });
    snap.reset(core::State(h.config), 0);
    // Batches of 1, 2, 3 … events, as group commits hand them over.
    for (std::size_t i = 0, n = 1; i < h.log.size(); i += n, ++n) {
      const auto end = std::min(h.log.size(), i + n);
      snap.committed(Events(h.log.begin() + static_cast<std::ptrdiff_t>(i), h.log.begin() + static_cast<std::ptrdiff_t>(end)));
    }
    snap.stop();
    EXPECT_EQ(snap.applied_seq(), static_cast<std::int64_t>(h.log.size()));
    EXPECT_EQ(snap.snapshots_taken(), static_cast<std::int64_t>(taken.size()));
  }
  ASSERT_GE(taken.size(), h.log.size() / 7 / 2);  // batches grow, so snapshots come at least every other batch
  std::int64_t previous = 0;
  for (const auto& s : taken) {
    EXPECT_EQ(s.config_digest, "digest-1");
    EXPECT_GE(s.seq - previous, 7) << "a snapshot came before `every` events had passed";
    previous = s.seq;
    const auto decoded = proto::decode_state(s.state, h.config);
    ASSERT_TRUE(decoded) << "snapshot at seq " << s.seq << " does not decode";
    const auto prefix = std::vector<Event>(h.log.begin(), h.log.begin() + static_cast<std::ptrdiff_t>(s.seq));
    // Compared through the codec on both sides: it prints doubles (the running averages) to the
    // nearest round trip, so a decoded state may differ from a live one in the last bit.
    EXPECT_EQ(*decoded, *proto::decode_state(proto::encode_state(replay(h.config, prefix)), h.config))
        << "snapshot at seq " << s.seq;
  }
}

// After a failed commit the hall rebuilds from the log and resets the replica; events handed over
// before and not yet applied are dropped, and an event that does not follow stops snapshots
// rather than store a state the log cannot produce.
TEST(Replay, snapshot_thread_restarts_from_a_reset_and_refuses_a_gap) {
  Hall h;
  scripted_day(h);
  const std::size_t cut = h.log.size() / 2;
  std::mutex mu;
  std::vector<store::Snapshot> taken;
  server::Snapshotter snap(1, "d", [&](store::Snapshot s) {
    std::lock_guard lock(mu);
    taken.push_back(std::move(s));
  });
  const auto prefix = std::vector<Event>(h.log.begin(), h.log.begin() + static_cast<std::ptrdiff_t>(cut));
  snap.reset(replay(h.config, prefix), static_cast<std::int64_t>(cut));
  // A gap: the event after `cut` is skipped.
  snap.committed(Events(h.log.begin() + static_cast<std::ptrdiff_t>(cut + 1), h.log.end()));
  snap.stop();
  EXPECT_TRUE(taken.empty()) << "a snapshot was taken across a gap in the events";
  EXPECT_EQ(snap.applied_seq(), static_cast<std::int64_t>(cut)) << "the replica went past the gap";
}

}  // namespace
}  // namespace hallq::test
