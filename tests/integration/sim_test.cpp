// The hall-day simulator against the real server: a full seeded day in seconds, the summary's
// invariants checked from the server's own event log, and the same seed giving the same log.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>

#include "sim/driver/day_runner.hpp"
#include "support/server_process.hpp"

using namespace hallq;
namespace json = boost::json;

namespace {

// A busier staff day than the default, so that one short day sees trips, substitutes,
// unreported absences and late sign-ins.
constexpr const char* busy_staff_workload = R"({
  "volume": 0.7,
  "citizens": {"no_show_share": 0.06, "green_share": 0.1, "appointment_share": 0.1},
  "services": {"pension": {"transfers": {"jobs": 0.06}, "incomplete_share": 0.1, "missing": ["参保证明"]}},
  "staff": {"trips_per_session": 1.5, "unreported_share": 0.2, "overdue_share": 0.3, "late_share": 0.3,
            "no_cover_share": 0.3, "leave_per_day": 1}
})";

struct Day {
  sim::RunResult result;
  std::string log;
};

Day play(const std::string& hall, std::uint64_t seed, const std::string& workload = {}, double volume = 1) {
  test::ServerProcess server(hall);
  server.start(test::manual_clock("2026-11-23T08:30:00"));
  sim::RunOptions opt;
  opt.server.port = server.port();
  opt.hall_path = hall;
  opt.workload_path = workload;
  opt.seed = seed;
  opt.volume = volume;
  Day d{sim::run_day(opt), server.log()};
  EXPECT_EQ(server.stop(), 0);
  return d;
}

/// The event log with the server's random ids (tickets, appointments) replaced by their order
/// of first appearance: what must be equal between two runs of the same seed.
std::vector<std::string> canonical(const std::vector<json::object>& events) {
  std::map<std::string, std::string> ids;
  std::vector<std::string> out;
  for (auto e : events) {
    for (const char* key : {"ticket", "appointment"})
      if (auto* v = e.if_contains(key); v && v->is_string()) {
        const std::string id(v->get_string());
        auto it = ids.find(id);
        if (it == ids.end()) it = ids.emplace(id, std::string(key) + "#" + std::to_string(ids.size())).first;
        *v = it->second;
      }
    out.push_back(json::serialize(e));
  }
  return out;
}

std::string write_workload(const test::TempDir& dir) {
  const auto path = (dir.path() / "busy.workload.json").string();
  std::ofstream(path) << busy_staff_workload;
  return path;
}

}  // namespace

TEST(SimDay, seeded_day_closes_every_ticket_and_alerts_every_uncovered_minute_R_AB_3_R_EMP_1) {
  test::TempDir dir;
  const auto day = play(test::hall_config("sim_hall.json"), 11, write_workload(dir));
  const auto& s = day.result.summary;
  SCOPED_TRACE(day.result.summary_text);
  EXPECT_TRUE(s.invariants_hold());
  EXPECT_EQ(s.still_open, 0);
  EXPECT_EQ(s.calls_to_unheld_window, 0);
  EXPECT_EQ(s.unalerted_uncovered_seconds, 0);
  EXPECT_EQ(s.unalerted_empty_seconds, 0);
  // The day really happened: tickets of every kind, and the staff side with its alerts.
  EXPECT_GT(s.issued, 50);
  EXPECT_EQ(s.issued, s.finished + s.no_shows + s.cancelled);
  EXPECT_GT(s.no_shows, 0);
  EXPECT_GT(s.green, 0);
  EXPECT_GT(s.appointments, 0);
  EXPECT_GT(s.incomplete, 0);
  EXPECT_GT(s.off_post, 0);
  EXPECT_GT(s.take_overs, 0);
  EXPECT_GT(s.alerts_by_kind.count("cover_needed"), 0u);
  EXPECT_GT(s.alerts_by_kind.count("unreported_absence"), 0u);
  EXPECT_EQ(s.leave_approved, 1);
  EXPECT_GT(s.uncovered_minutes, 0);
  EXPECT_FALSE(day.result.stopped);
  EXPECT_FALSE(day.result.events.empty());
  // The runner ends past midnight, so the server closed the day itself.
  EXPECT_TRUE(std::any_of(day.result.events.begin(), day.result.events.end(), [](const json::object& e) {
    return e.at("type").as_string() == "day.started" && e.at("date").as_string() == "2026-11-24";
  }));
}

TEST(SimDay, same_seed_gives_the_same_event_log) {
  test::TempDir dir;
  const auto wl = write_workload(dir);
  const auto a = play(test::hall_config("sim_hall.json"), 5, wl, 0.5);
  const auto b = play(test::hall_config("sim_hall.json"), 5, wl, 0.5);
  const auto ca = canonical(a.result.events), cb = canonical(b.result.events);
  ASSERT_EQ(ca.size(), cb.size());
  for (std::size_t i = 0; i < ca.size(); ++i) ASSERT_EQ(ca[i], cb[i]) << "first difference at event " << i;
  // A different seed is a different day.
  const auto c = play(test::hall_config("sim_hall.json"), 6, wl, 0.5);
  EXPECT_NE(canonical(c.result.events), ca);
}

TEST(SimDay, demo_hall_day_keeps_the_invariants) {
  // The demo hall with its own workload profile, at a fifth of the volume to stay fast.
  const std::string hall = std::string(HALLQ_SOURCE_DIR) + "/assets/halls/demo.json";
  const auto day = play(hall, 2, {}, 0.2);
  SCOPED_TRACE(day.result.summary_text);
  EXPECT_TRUE(day.result.summary.invariants_hold());
  EXPECT_GT(day.result.summary.issued, 50);
  EXPECT_EQ(day.result.summary.leave_approved, 2);  // demo.workload.json: two on planned leave
}

TEST(SimDay, refuses_a_real_clock_server_with_a_clear_message) {
  test::ServerProcess server(test::hall_config("sim_hall.json"));
  server.start({"--clock", "real"});
  sim::RunOptions opt;
  opt.server.port = server.port();
  opt.hall_path = test::hall_config("sim_hall.json");
  try {
    sim::run_day(opt);
    FAIL() << "expected a refusal";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--clock manual"), std::string::npos) << e.what();
  }
}
