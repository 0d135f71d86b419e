// Roster changes between config generations, checked at start: R-STF-1 (an early rotation needs
// a reason) and R-STF-2 (先进后出), at the day boundary of each limit.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <string>

#include "protocol/config_loader.hpp"
#include "protocol/roster_check.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

namespace json = boost::json;
using domain::LocalDate;

json::object& item(json::object& root, const char* list, std::size_t i) { return root[list].as_array()[i].as_object(); }

/// The test hall with edits, loaded.
domain::HallConfig hall_with(const std::function<void(json::object&)>& edit = {}) {
  json::value v = json::parse(hall_json);
  if (edit) edit(v.as_object());
  return proto::load_config_text(json::serialize(v), "hall.json");
}

/// Starts `c` on `day` after `previous`; the check must pass and its fingerprint is returned.
std::string start_ok(const domain::HallConfig& c, const std::optional<std::string>& previous, LocalDate day,
                     std::vector<proto::RosterChange>* changes = nullptr) {
  auto r = proto::check_rosters(c, previous, day, false);
  EXPECT_FALSE(r.problem) << *r.problem;
  if (changes) *changes = r.changes;
  return r.fingerprint;
}

const LocalDate kDec1{2026, 12, 1};
LocalDate plus_days(LocalDate d, int n) { return domain::civil_from_days(domain::days_from_civil(d) + n); }

TEST(RosterCheck, first_start_records_no_changes) {
  std::vector<proto::RosterChange> changes;
  start_ok(hall_with(), std::nullopt, kDec1, &changes);
  EXPECT_TRUE(changes.empty());
}

// [SECTION] R-STF-2: first in, then out

TEST(RosterCheck, RSTF2_swapping_an_A_for_a_newcomer_in_one_step_is_refused) {
  const auto fp = start_ok(hall_with(), std::nullopt, kDec1);
  const auto swapped = hall_with([](json::object& r) { item(r, "windows", 1)["a"] = json::array{"s002", "s004"}; });
  const auto r = proto::check_rosters(swapped, fp, kDec1, false);
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(*r.problem,
            "windows[1].a: s003 leaves the A roster of window W02 in the same step as newcomer s002 joins it (joined "
            "2026-12-01); the newcomer must be on the roster 1 day(s) first, so s003 may leave from 2026-12-02 "
            "(R-STF-2: first in, then out)");
}

TEST(RosterCheck, RSTF2_newcomer_must_be_on_the_roster_overlap_days_before_the_leaver_goes) {
  auto with_newcomer = hall_with([](json::object& r) {
    item(r, "windows", 1)["a"] = json::array{"s003", "s004", "s002"};
    r["policy"].as_object()["rotation_overlap_days"] = 3;
  });
  std::vector<proto::RosterChange> changes;
  const auto fp0 = start_ok(hall_with(), std::nullopt, kDec1);
  const auto fp1 = start_ok(with_newcomer, fp0, kDec1, &changes);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].window, "W02");
  EXPECT_EQ(changes[0].staff, "s002");
  EXPECT_EQ(changes[0].as, "A");
  EXPECT_TRUE(changes[0].joined);

  auto without_leaver = hall_with([](json::object& r) {
    item(r, "windows", 1)["a"] = json::array{"s004", "s002"};
    r["policy"].as_object()["rotation_overlap_days"] = 3;
  });
  // Day 2 after the join (one day short): refused. Day 3: the leaver may go.
  const auto early = proto::check_rosters(without_leaver, fp1, plus_days(kDec1, 2), false);
  ASSERT_TRUE(early.problem);
  EXPECT_NE(early.problem->find("s003 may leave from 2026-12-04"), std::string::npos) << *early.problem;
  const auto on_time = proto::check_rosters(without_leaver, fp1, plus_days(kDec1, 3), false);
  EXPECT_FALSE(on_time.problem) << *on_time.problem;
  ASSERT_EQ(on_time.changes.size(), 1u);
  EXPECT_EQ(on_time.changes[0].staff, "s003");
  EXPECT_FALSE(on_time.changes[0].joined);
}

TEST(RosterCheck, RSTF2_one_newcomer_replaces_one_leaver_only) {
  const auto fp0 = start_ok(hall_with(), std::nullopt, kDec1);
  const auto fp1 = start_ok(hall_with([](json::object& r) {
                              item(r, "windows", 0)["a"] = json::array{"s001", "s002", "s004"};
                            }),
                            fp0, kDec1);
  const auto both_leave = hall_with([](json::object& r) { item(r, "windows", 0)["a"] = json::array{"s004"}; });
  const auto r = proto::check_rosters(both_leave, fp1, plus_days(kDec1, 5), false);
  ASSERT_TRUE(r.problem);
  EXPECT_NE(r.problem->find("windows[0].a: s002 left the A roster of window W01 before a newcomer joined it"), std::string::npos)
      << *r.problem;
  EXPECT_FALSE(proto::check_rosters(both_leave, fp1, plus_days(kDec1, 5), true).problem);  // --allow-roster-shrink
}

TEST(RosterCheck, RSTF2_reads_the_rosters_kept_by_an_earlier_release) {
  const std::string v1 = R"({"W01":["s001","s002"],"W02":["s003","s004"],"W03":["s005","s006"],"W04":["s007"]})";
  const auto shrunk = hall_with([](json::object& r) { item(r, "windows", 0)["a"] = json::array{"s001"}; });
  const auto r = proto::check_rosters(shrunk, v1, kDec1, false);
  ASSERT_TRUE(r.problem);
  EXPECT_NE(r.problem->find("s002 left the A roster of window W01"), std::string::npos) << *r.problem;
  EXPECT_FALSE(proto::check_rosters(hall_with(), v1, kDec1, false).problem);
}

// [SECTION] R-STF-1: tenure before rotation

TEST(RosterCheck, RSTF1_leaving_a_roster_before_tenure_years_needs_a_reason) {
  const auto posted = [](json::object& r) {
    item(r, "staff", 2)["posted_on"] = "2025-03-10";  // s003, tenure_years 2 (test profile default)
    item(r, "staff", 2)["employment"] = "在编";
  };
  const auto fp = start_ok(hall_with(posted), std::nullopt, kDec1);
  const auto off_w01_b = [&](json::object& r) {
    posted(r);
    item(r, "windows", 0)["b"] = json::array{"s004"};
    item(r, "staff", 3)["skills"] = json::array{"shebao", "yibao", "qiye", "chujian"};
  };
  const LocalDate last_day{2027, 3, 9}, served{2027, 3, 10};
  const auto r = proto::check_rosters(hall_with(off_w01_b), fp, last_day, false);
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(*r.problem,
            "staff[2].rotation_reason: s003 leaves the B roster of window W01 on 2027-03-09, before 2 years at the hall "
            "(posted 2025-03-10, tenure_years 2); an early rotation needs a rotation_reason for s003 (R-STF-1)");
  // On the day the posting reaches two years no reason is needed.
  EXPECT_FALSE(proto::check_rosters(hall_with(off_w01_b), fp, served, false).problem);
  // With a reason it goes through, and the change carries the reason.
  const auto with_reason = hall_with([&](json::object& root) {
    off_w01_b(root);
    item(root, "staff", 2)["rotation_reason"] = "调回原单位";
  });
  const auto ok = proto::check_rosters(with_reason, fp, last_day, false);
  ASSERT_FALSE(ok.problem) << *ok.problem;
  bool found = false;
  for (const auto& ch : ok.changes)
    if (ch.staff == "s003" && !ch.joined) {
      found = true;
      EXPECT_EQ(ch.window, "W01");
      EXPECT_EQ(ch.as, "B");
      EXPECT_EQ(ch.reason, "调回原单位");
    }
  EXPECT_TRUE(found);
}

TEST(RosterCheck, RSTF1_someone_who_left_the_staff_list_is_given_a_reason_under_rotation_reasons) {
  const auto posted = [](json::object& r) { item(r, "staff", 3)["posted_on"] = "2026-06-01"; };  // s004
  const auto fp = start_ok(hall_with(posted), std::nullopt, kDec1);
  const auto gone = [](json::object& r) {
    item(r, "windows", 1)["a"] = json::array{"s003"};
    r["staff"].as_array().erase(r["staff"].as_array().begin() + 3);
  };
  const auto r = proto::check_rosters(hall_with(gone), fp, kDec1, true);
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(r.problem->rfind("rotation_reasons: s004 leaves the A roster of window W02", 0), 0u) << *r.problem;
  const auto given = hall_with([&](json::object& r2) {
    gone(r2);
    r2["rotation_reasons"] = json::object{{"s004", "借调市局"}};
  });
  EXPECT_FALSE(proto::check_rosters(given, fp, kDec1, true).problem);
}

TEST(ConfigError, posted_on_must_be_a_date_RSTF1) {
  try {
    hall_with([](json::object& r) { item(r, "staff", 0)["posted_on"] = "last year"; });
    ADD_FAILURE() << "loaded";
  } catch (const proto::ConfigError& e) {
    EXPECT_EQ(e.path(), "staff[0].posted_on");
    EXPECT_EQ(e.problem(), "must be a date like 2026-03-01 (R-STF-1)");
  }
}

}  // namespace
}  // namespace hallq::test
