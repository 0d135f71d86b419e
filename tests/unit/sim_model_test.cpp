// Simulator model: the seeded RNG and its distributions, the workload profile, the day plan,
// and the day summary's invariants on hand-made event logs.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cmath>
#include <set>

#include "protocol/config_loader.hpp"
#include "sim/model/day_plan.hpp"
#include "sim/model/erlang.hpp"
#include "sim/model/rng.hpp"
#include "sim/model/summary.hpp"
#include "sim/model/workload.hpp"

using namespace hallq;
using namespace hallq::sim;
namespace json = boost::json;

namespace {

domain::HallConfig hall() {
  return proto::load_config_file(std::string(HALLQ_SOURCE_DIR) + "/tests/support/halls/sim_hall.json");
}
const domain::LocalDate monday{2026, 11, 23};

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
double cv(const std::vector<double>& v) {
  const double m = mean(v);
  double q = 0;
  for (double x : v) q += (x - m) * (x - m);
  return std::sqrt(q / static_cast<double>(v.size() - 1)) / m;
}

}  // namespace

TEST(SimRng, same_seed_same_draws_and_forks_are_independent_of_history) {
  Rng a(99), b(99);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a.next(), b.next());
  Rng c(99);
  const auto f1 = c.fork("x").next();
  c.next();
  EXPECT_EQ(c.fork("x").next(), f1);  // a fork depends on the seed, not on draws made
  EXPECT_NE(Rng(99).fork("x").next(), Rng(99).fork("y").next());
  EXPECT_NE(Rng(99).fork("x").next(), Rng(100).fork("x").next());
  EXPECT_NE(Rng(99).fork("x", 1).next(), Rng(99).fork("x", 2).next());
}

TEST(SimRng, distributions_have_the_asked_moments) {
  Rng r(7);
  std::vector<double> ex, ln, un;
  for (int i = 0; i < 200000; ++i) {
    ex.push_back(r.exponential(0.25));
    ln.push_back(r.lognormal_mean_cv(8.0, 0.5));
    un.push_back(r.uniform());
  }
  EXPECT_NEAR(mean(ex), 4.0, 0.04);
  EXPECT_NEAR(cv(ex), 1.0, 0.02);
  EXPECT_NEAR(mean(ln), 8.0, 0.05);
  EXPECT_NEAR(cv(ln), 0.5, 0.02);
  EXPECT_NEAR(mean(un), 0.5, 0.005);
  for (double u : un) ASSERT_TRUE(u >= 0 && u < 1);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 60000; ++i) ++counts[r.weighted({1, 2, 3})];
  EXPECT_NEAR(counts[0] / 60000.0, 1 / 6.0, 0.01);
  EXPECT_NEAR(counts[2] / 60000.0, 3 / 6.0, 0.01);
}

TEST(SimWorkload, default_gives_every_service_a_load_and_profile_overrides_it) {
  const auto cfg = hall();
  const auto w = default_workload(cfg);
  ASSERT_EQ(w.services.size(), cfg.services.size());
  for (const auto& s : w.services) EXPECT_GT(s.per_day, 0) << s.service;
  const auto p = load_workload_text(R"({"volume": 2, "services": {"jobs": {"per_day": 7, "transfers": {"pension": 0.1}}},
                                        "staff": {"leave_per_day": 0}})",
                                    "w.json", cfg);
  EXPECT_EQ(p.volume, 2);
  EXPECT_EQ(p.find("jobs")->per_day, 7);
  ASSERT_EQ(p.find("jobs")->transfers.size(), 1u);
  EXPECT_EQ(p.leave_per_day, 0);
}

TEST(SimWorkload, bad_profile_names_file_and_path) {
  const auto cfg = hall();
  const auto error_of = [&](const char* text) {
    try {
      load_workload_text(text, "w.json", cfg);
    } catch (const WorkloadError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of(R"({"services": {"nope": {}}})"), "w.json: $.services.nope: no service \"nope\" in the hall config");
  EXPECT_EQ(error_of(R"({"citizens": {"green_share": 2}})"), "w.json: $.citizens.green_share: must be between 0 and 1");
  EXPECT_EQ(error_of(R"({"curve": [["10:00", 1], ["09:00", 1]]})"), "w.json: $.curve[1][0]: times must rise");
  EXPECT_EQ(error_of(R"({"staff": {"trips": [{"reason": "x"}]}})"),
            "w.json: $.staff.trips[0]: needs reason and destination (R-OFF-1)");
  EXPECT_EQ(error_of("[1"), error_of("[1"));  // stable message
  EXPECT_NE(error_of("[1").find("w.json: $: not JSON"), std::string::npos);
}

TEST(SimPlan, same_seed_same_day_and_arrivals_only_in_sessions_R_HRS_1) {
  const auto cfg = hall();
  const auto w = default_workload(cfg);
  const auto a = make_day_plan(cfg, w, monday, 1), b = make_day_plan(cfg, w, monday, 1), c = make_day_plan(cfg, w, monday, 2);
  ASSERT_EQ(a.citizens.size(), b.citizens.size());
  for (std::size_t i = 0; i < a.citizens.size(); ++i) {
    ASSERT_EQ(a.citizens[i].arrive, b.citizens[i].arrive);
    ASSERT_EQ(a.citizens[i].service_seconds, b.citizens[i].service_seconds);
  }
  EXPECT_FALSE(a.citizens.size() == c.citizens.size() && a.citizens.front().arrive == c.citizens.front().arrive);
  // Sessions 09:00–11:30 and 13:30–16:00: nobody takes a ticket over lunch.
  for (const auto& ct : a.citizens) {
    const auto sec = ct.arrive - a.midnight;
    EXPECT_TRUE((sec >= 9 * 3600 && sec < 11 * 3600 + 1800) || (sec >= 13 * 3600 + 1800 && sec < 16 * 3600)) << sec;
    if (ct.slot) {
      EXPECT_GT(*ct.slot, ct.arrive);
    }
  }
  EXPECT_THROW(make_day_plan(cfg, w, domain::LocalDate{2026, 11, 22}, 1), std::invalid_argument);  // a Sunday
}

TEST(SimPlan, arrivals_follow_the_curve_and_the_volume) {
  const auto cfg = hall();
  auto w = load_workload_text(R"({"curve": [["09:00", 3], ["10:00", 1]]})", "w.json", cfg);
  double expected = 0;
  for (const auto& s : w.services) expected += s.per_day;
  std::size_t total = 0, peak = 0, later = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto p = make_day_plan(cfg, w, monday, seed);
    total += p.citizens.size();
    for (const auto& c : p.citizens) {
      const auto h = (c.arrive - p.midnight) / 3600;
      peak += h == 9 ? 1 : 0;
      later += h == 10 ? 1 : 0;
    }
  }
  EXPECT_NEAR(static_cast<double>(total) / 20, expected, 0.05 * expected);
  EXPECT_NEAR(static_cast<double>(peak) / static_cast<double>(later), 3.0, 0.4);
  w.volume = 0.5;
  std::size_t half = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) half += make_day_plan(cfg, w, monday, seed).citizens.size();
  EXPECT_NEAR(static_cast<double>(half) / static_cast<double>(total), 0.5, 0.05);
}

TEST(SimPlan, one_holder_per_window_and_leave_takers_stay_home_R_LV_4) {
  const auto cfg = hall();
  auto w = default_workload(cfg);
  w.leave_per_day = 2;
  w.trips_per_session = 3;
  const auto p = make_day_plan(cfg, w, monday, 4);
  EXPECT_EQ(p.on_leave.size(), 2u);
  std::set<std::string> posts, people;
  for (const auto& d : p.staff) {
    EXPECT_TRUE(people.insert(d.staff).second) << d.staff;
    EXPECT_EQ(std::count(p.on_leave.begin(), p.on_leave.end(), d.staff), 0) << d.staff;
    if (d.post.empty()) continue;
    EXPECT_TRUE(posts.insert(d.post).second) << d.post;
    for (const auto& t : d.trips) {
      EXPECT_FALSE(t.reason.empty());
      EXPECT_FALSE(t.destination.empty());  // R-OFF-1: a report names where
      EXPECT_GT(t.at, p.first_open);
      EXPECT_LT(t.at, p.last_close);
    }
  }
}

// [SECTION] summary invariants on hand-made logs

namespace {
json::object ev(std::int64_t seq, const char* at, const char* type, json::object data = {}) {
  data["seq"] = seq;
  data["at"] = std::string("2026-11-23T") + at + "+08:00";
  data["type"] = type;
  data["actor"] = "system";
  return data;
}
}  // namespace

TEST(SimSummary, clean_day_holds_every_invariant_and_counts_waits) {
  const auto cfg = hall();
  const std::vector<json::object> log{
      ev(1, "09:00:00", "session.opened"),
      ev(2, "09:00:00", "staff.signed_in", {{"staff", "p01"}, {"window", "A1"}}),
      ev(3, "09:00:00", "staff.signed_in", {{"staff", "p03"}, {"window", "A2"}}),
      ev(4, "09:00:00", "staff.signed_in", {{"staff", "p04"}, {"window", "A3"}}),
      ev(5, "09:00:00", "staff.signed_in", {{"staff", "p05"}, {"window", "T1"}}),
      ev(6, "09:00:00", "staff.signed_in", {{"staff", "p07"}, {"window", "T2"}}),
      ev(7, "09:01:00", "ticket.issued", {{"ticket", "t1"}, {"number", "P001"}, {"service", "pension"}, {"priority", "normal"}}),
      ev(8, "09:05:00", "ticket.called", {{"ticket", "t1"}, {"window", "A1"}, {"staff", "p01"}}),
      ev(9, "09:06:00", "ticket.started", {{"ticket", "t1"}, {"window", "A1"}, {"staff", "p01"}}),
      ev(10, "09:16:00", "ticket.finished", {{"ticket", "t1"}, {"window", "A1"}, {"staff", "p01"}, {"outcome", "done"}}),
      ev(11, "11:30:00", "session.closed")};
  const auto s = summarize_day(log, cfg);
  EXPECT_TRUE(s.invariants_hold()) << format_summary(s, cfg);
  EXPECT_EQ(s.issued, 1);
  EXPECT_EQ(s.finished, 1);
  EXPECT_DOUBLE_EQ(s.wait.max, 4.0);
  EXPECT_DOUBLE_EQ(s.handling.mean, 10.0);
  EXPECT_EQ(s.uncovered_minutes, 0);
}

TEST(SimSummary, flags_open_tickets_calls_to_unheld_windows_and_unalerted_gaps_R_Q_6_R_EMP_1) {
  const auto cfg = hall();
  // A2..T2 never staffed and never alerted; A1 calls after its holder went off post.
  const std::vector<json::object> log{
      ev(1, "09:00:00", "session.opened"),
      ev(2, "09:00:00", "staff.signed_in", {{"staff", "p01"}, {"window", "A1"}}),
      ev(3, "09:01:00", "ticket.issued", {{"ticket", "t1"}, {"number", "P001"}, {"service", "pension"}}),
      ev(4, "09:01:00", "ticket.issued", {{"ticket", "t2"}, {"number", "P002"}, {"service", "pension"}}),
      ev(5, "09:02:00", "staff.off_post", {{"staff", "p01"}, {"window", "A1"}}),
      ev(6, "09:03:00", "ticket.called", {{"ticket", "t1"}, {"window", "A1"}, {"staff", "p01"}}),
      ev(7, "09:03:00", "ticket.no_show", {{"ticket", "t1"}, {"window", "A1"}, {"staff", "p01"}}),
      ev(8, "09:30:00", "session.closed")};
  const auto s = summarize_day(log, cfg);
  EXPECT_FALSE(s.invariants_hold());
  EXPECT_EQ(s.still_open, 1);                   // t2 still waiting
  EXPECT_EQ(s.calls_to_unheld_window, 1);       // R-Q-6
  EXPECT_GT(s.unalerted_uncovered_seconds, 0);  // R-AB-3
  EXPECT_GT(s.unalerted_empty_seconds, 0);      // R-EMP-1
}

TEST(SimSummary, a_day_stopped_part_way_reports_open_tickets_as_expected_not_as_broken) {
  const auto cfg = hall();
  // Every window held from the opening; one ticket still waits when the day is stopped.
  std::vector<json::object> log{ev(1, "09:00:00", "session.opened")};
  std::int64_t seq = 2;
  const char* holders[][2] = {{"p01", "A1"}, {"p03", "A2"}, {"p04", "A3"}, {"p05", "T1"}, {"p07", "T2"}};
  for (const auto& h : holders) log.push_back(ev(seq++, "09:00:00", "staff.signed_in", {{"staff", h[0]}, {"window", h[1]}}));
  log.push_back(ev(seq++, "09:01:00", "ticket.issued", {{"ticket", "t1"}, {"number", "P001"}, {"service", "pension"}}));
  const auto s = summarize_day(log, cfg);
  EXPECT_EQ(s.still_open, 1);
  EXPECT_FALSE(s.invariants_hold());        // as a whole day: a ticket never closed
  EXPECT_TRUE(s.invariants_hold_so_far());  // as a stopped day: nothing broken
  const auto stopped = format_summary(s, cfg, /*day_ended=*/false);
  EXPECT_NE(stopped.find("invariants so far: hold"), std::string::npos) << stopped;
  EXPECT_EQ(stopped.find("BROKEN"), std::string::npos) << stopped;
  const auto whole = format_summary(s, cfg);
  EXPECT_NE(whole.find("invariants BROKEN"), std::string::npos) << whole;
  EXPECT_NE(whole.find("P001"), std::string::npos) << whole;
}

TEST(SimSummary, alerted_gap_holds_and_counts_empty_minutes_past_grace_R_EMP_1) {
  auto cfg = hall();  // grace 2 minutes
  std::vector<json::object> log{ev(1, "09:00:00", "session.opened")};
  std::int64_t seq = 2;
  // Every window held but A1; A1 gets cover_needed at once and window_empty at the grace.
  const char* holders[][2] = {{"p03", "A2"}, {"p04", "A3"}, {"p05", "T1"}, {"p07", "T2"}};
  for (const auto& h : holders) log.push_back(ev(seq++, "09:00:00", "staff.signed_in", {{"staff", h[0]}, {"window", h[1]}}));
  log.push_back(ev(seq++, "09:00:00", "alert.raised", {{"alert", "AL1"}, {"kind", "cover_needed"}, {"window", "A1"}}));
  log.push_back(ev(seq++, "09:02:00", "alert.raised", {{"alert", "AL2"}, {"kind", "window_empty"}, {"window", "A1"}}));
  log.push_back(ev(seq++, "09:10:00", "staff.took_over", {{"staff", "p02"}, {"window", "A1"}, {"as", "A"}}));
  log.push_back(ev(seq++, "09:10:00", "alert.resolved", {{"alert", "AL1"}}));
  log.push_back(ev(seq++, "09:10:00", "alert.resolved", {{"alert", "AL2"}}));
  log.push_back(ev(seq++, "09:30:00", "session.closed"));
  auto s = summarize_day(log, cfg);
  EXPECT_TRUE(s.invariants_hold()) << format_summary(s, cfg);
  EXPECT_DOUBLE_EQ(s.uncovered_minutes, 10.0);
  EXPECT_DOUBLE_EQ(s.empty_minutes, 8.0);
  // The same gap with the window_empty alert a minute late breaks R-EMP-1.
  log[6]["at"] = "2026-11-23T09:03:00+08:00";
  s = summarize_day(log, cfg);
  EXPECT_FALSE(s.invariants_hold());
  EXPECT_DOUBLE_EQ(s.unalerted_empty_seconds, 60.0);
}

TEST(SimSummary, RAB7_remote_cover_keeps_both_posts_held_until_the_hand_back_or_the_coverer_leaves) {
  const auto cfg = hall();  // T1 (A p05, p06; B p07) and T2 (A p07; B p06): p07 covers T1 from T2
  std::vector<json::object> log{ev(1, "09:00:00", "session.opened")};
  std::int64_t seq = 2;
  const char* holders[][2] = {{"p01", "A1"}, {"p03", "A2"}, {"p04", "A3"}, {"p05", "T1"}, {"p07", "T2"}};
  for (const auto& h : holders) log.push_back(ev(seq++, "09:00:00", "staff.signed_in", {{"staff", h[0]}, {"window", h[1]}}));
  log.push_back(ev(seq++, "09:10:00", "staff.off_post", {{"staff", "p05"}, {"window", "T1"}}));
  log.push_back(ev(seq++, "09:10:00", "alert.raised", {{"alert", "AL1"}, {"kind", "cover_needed"}, {"window", "T1"}}));
  log.push_back(ev(seq++, "09:11:00", "staff.took_over",
                   {{"staff", "p07"}, {"window", "T1"}, {"as", "B"}, {"from_window", "T2"}, {"remote", true}}));
  log.push_back(ev(seq++, "09:11:00", "alert.resolved", {{"alert", "AL1"}}));
  // A ticket of T1's service called at T2 by its holder: a held window (R-Q-6).
  log.push_back(ev(seq++, "09:12:00", "ticket.issued", {{"ticket", "t1"}, {"number", "I001"}, {"service", "invoice"}}));
  log.push_back(ev(seq++, "09:13:00", "ticket.called", {{"ticket", "t1"}, {"window", "T2"}, {"staff", "p07"}}));
  log.push_back(ev(seq++, "09:13:00", "ticket.no_show", {{"ticket", "t1"}, {"window", "T2"}, {"staff", "p07"}}));
  log.push_back(ev(seq++, "09:21:00", "staff.handed_back",
                   {{"staff", "p07"}, {"from_window", "T1"}, {"window", "T2"}, {"as", "A"}, {"remote", true}}));
  log.push_back(ev(seq++, "09:21:00", "staff.returned", {{"staff", "p05"}, {"window", "T1"}, {"as", "A"}}));
  log.push_back(ev(seq++, "09:30:00", "session.closed"));
  auto s = summarize_day(log, cfg);
  EXPECT_TRUE(s.invariants_hold()) << format_summary(s, cfg);
  EXPECT_EQ(s.take_overs, 1);
  EXPECT_EQ(s.remote_covers, 1);
  EXPECT_DOUBLE_EQ(s.remote_cover_minutes, 10.0);
  EXPECT_DOUBLE_EQ(s.uncovered_minutes, 1.0);  // 09:10..09:11 only: T2 never lost its holder
  EXPECT_NE(format_summary(s, cfg).find("1 remote covers"), std::string::npos) << format_summary(s, cfg);
  // Without the A's return, the coverer leaving T2 ends the cover: both posts stand empty, unalerted.
  log.erase(log.end() - 3, log.end() - 1);
  log.insert(log.end() - 1, ev(seq++, "09:21:00", "staff.off_post", {{"staff", "p07"}, {"window", "T2"}}));
  s = summarize_day(log, cfg);
  EXPECT_DOUBLE_EQ(s.remote_cover_minutes, 10.0);
  EXPECT_DOUBLE_EQ(s.uncovered_minutes, 1.0 + 2 * 9.0);
  EXPECT_DOUBLE_EQ(s.unalerted_uncovered_seconds, 2 * 9.0 * 60);
}

TEST(SimSummary, demand_from_events_measures_rates_and_handling_R_STF_4) {
  const auto cfg = hall();
  std::vector<json::object> log;
  std::int64_t seq = 1;
  for (int i = 0; i < 10; ++i) {
    const std::string t = "t" + std::to_string(i);
    char at[16];
    std::snprintf(at, sizeof at, "09:%02d:00", i * 5);
    log.push_back(ev(seq++, at, "ticket.issued", {{"ticket", t}, {"service", "invoice"}}));
    std::snprintf(at, sizeof at, "10:%02d:00", i * 5);
    log.push_back(ev(seq++, at, "ticket.started", {{"ticket", t}, {"service", "invoice"}}));
    std::snprintf(at, sizeof at, "10:%02d:00", i * 5 + 4);
    log.push_back(ev(seq++, at, "ticket.finished", {{"ticket", t}, {"service", "invoice"}}));
  }
  const auto d = demand_from_events(log, cfg);
  const auto it = std::find_if(d.begin(), d.end(), [](const Demand& x) { return x.service == "invoice"; });
  ASSERT_NE(it, d.end());
  EXPECT_DOUBLE_EQ(it->arrivals_per_hour.at(9), 10.0);
  EXPECT_DOUBLE_EQ(it->service_minutes, 4.0);
  EXPECT_EQ(it->handled, 10u);
}
