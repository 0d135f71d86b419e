// R-HRS-2 duty rota (值日轮流): on a non-working day named in hall.duty only the rota's windows
// open, the staffing rules apply to them, and only the rota's staff are expected. Fake clock, at
// the second the session opens and the day the rota ends.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <vector>

#include "test_hall.hpp"

namespace hallq::test {
namespace {

namespace json = boost::json;
using Strings = std::vector<std::string>;

/// The test hall with Saturday 2026-11-28 on duty: W01 (s001) and W03 (s005).
std::string duty_hall() {
  json::value v = json::parse(hall_json);
  v.as_object()["hall"].as_object()["duty"] = json::array{
      json::object{{"date", "2026-11-28"}, {"windows", json::array{"W01", "W03"}}, {"staff", json::array{"s001", "s005"}}}};
  return json::serialize(v);
}

bool window_alert(const Hall& h, const std::string& window) {
  for (const auto& [id, a] : h.state.alerts)
    if (a.window == window) return true;
  return false;
}

TEST(DutyRota, RHRS2_on_a_duty_day_only_the_rota_windows_open_at_the_session_second) {
  Hall h(duty_hall(), at("2026-11-28T08:30:00"));
  h.advance_to("2026-11-28T08:59:59");
  EXPECT_FALSE(h.state.session_open);
  h.advance_to("2026-11-28T09:00:00");
  EXPECT_TRUE(h.state.session_open);  // a Saturday, yet the hall opens for duty
  EXPECT_FALSE(h.state.windows.at("W01").closed);
  EXPECT_FALSE(h.state.windows.at("W03").closed);
  EXPECT_TRUE(h.state.windows.at("W02").closed);
  EXPECT_TRUE(h.state.windows.at("W04").closed);
  const auto r = h.refused(as("s003", core::SignIn{"s003", "W02"}));
  EXPECT_EQ(r.code, Refusal::window_closed);
  h.sign_in("s001", "W01");
}

TEST(DutyRota, RHRS2_staffing_rules_apply_to_duty_windows_only) {
  Hall h(duty_hall(), at("2026-11-28T08:30:00"));
  h.advance_to("2026-11-28T09:00:00");
  h.sign_in("s001", "W01");
  h.advance_to("2026-11-28T09:10:00");
  EXPECT_TRUE(window_alert(h, "W03"));  // on duty and nobody came
  EXPECT_FALSE(window_alert(h, "W01"));
  EXPECT_FALSE(window_alert(h, "W02"));  // not on duty: closed, needs nobody
  EXPECT_FALSE(window_alert(h, "W04"));
}

TEST(DutyRota, RHRS2_only_the_rota_staff_are_expected_and_the_closures_end_with_the_day) {
  Hall h(duty_hall(), at("2026-11-28T08:30:00"));
  h.advance_to("2026-11-28T09:00:00");
  h.sign_in("s001", "W01");
  Strings absent;
  for (const auto& e : h.advance_to("2026-11-28T17:00:00"))
    if (e.type == EventType::violation_proposed && e.reason == "absent_without_leave") absent.push_back(e.staff);
  EXPECT_EQ(absent, (Strings{"s005"}));  // s002, s006 … are A of W01/W03 but not on the rota
  // The rota's closures end with its day; Sunday has no rota and no session.
  h.advance_to("2026-11-29T00:00:00");
  EXPECT_FALSE(h.state.windows.at("W02").closed);
  h.advance_to("2026-11-29T10:00:00");
  EXPECT_FALSE(h.state.session_open);
  h.advance_to("2026-11-30T09:00:00");
  EXPECT_TRUE(h.state.session_open);
  EXPECT_FALSE(h.state.windows.at("W02").closed);
  EXPECT_FALSE(h.state.windows.at("W04").closed);
}

TEST(DutyRota, RHRS2_a_window_a_supervisor_closed_stays_closed_after_the_duty_day) {
  Hall h(duty_hall(), at("2026-11-27T10:00:00"));  // Friday
  core::CloseWindow c;
  c.window = "W02";
  h.ok(as("s008", c));
  h.advance_to("2026-11-30T10:00:00");
  EXPECT_TRUE(h.state.windows.at("W02").closed);
  EXPECT_FALSE(h.state.windows.at("W04").closed);
}

TEST(DutyRota, RHRS2_duty_days_do_not_count_as_working_days) {
  const auto cfg = load_hall(duty_hall());
  EXPECT_FALSE(cfg->is_workday(domain::LocalDate{2026, 11, 28}, 6));
  EXPECT_TRUE(cfg->is_open_day(domain::LocalDate{2026, 11, 28}, 6));
  EXPECT_FALSE(cfg->is_open_day(domain::LocalDate{2026, 11, 29}, 7));
}

}  // namespace
}  // namespace hallq::test
