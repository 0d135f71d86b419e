// Console supervisor mode view model and refusal texts over states made by real engine commands:
// alerts by level then newest first, the hall map tiles (R-EMP-1, R-OFF-1, R-OFF-3), leave waiting for this
// role (R-LV-1), alert history, charts, the refusal-code table (R-AB-6) and the script format.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "console/model/refusals.hpp"
#include "console/model/script.hpp"
#include "console/model/supervisor_view.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using console::Principal;

const Principal supervisor{"s008", "黄晓芳", "supervisor"};

class ConsoleSupervisorView : public ::testing::Test {
 protected:
  Hall h;
  void SetUp() override { h.advance_to("2026-11-23T09:00:00"); }
  console::SupervisorView view(const Principal& p = supervisor) { return console::make_supervisor_view(h.state, p, h.now); }
  const console::WindowTile& tile(const console::SupervisorView& v, const std::string& id) {
    for (const auto& t : v.tiles)
      if (t.id == id) return t;
    static const console::WindowTile none;
    ADD_FAILURE() << "no tile " << id;
    return none;
  }
};

TEST_F(ConsoleSupervisorView, tiles_show_staffing_off_post_and_overdue_REMP1_ROFF3) {
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  h.issue("shebao");
  h.issue("yibao");
  auto v = view();
  ASSERT_EQ(v.tiles.size(), h.config->windows.size());
  EXPECT_EQ(tile(v, "W01").staffing, "covered");
  EXPECT_EQ(tile(v, "W01").on_post_name, "王建国");
  EXPECT_EQ(tile(v, "W01").on_post_as, "A");
  EXPECT_EQ(tile(v, "W01").waiting, 2) << "shebao + yibao wait for W01";
  EXPECT_EQ(tile(v, "W03").waiting, 1);
  EXPECT_EQ(tile(v, "W02").staffing, "uncovered");
  EXPECT_EQ(v.waiting_total, 2) << "a shebao ticket counts once although W01, W03 and W04 serve it";

  h.off_post("s001", 5);
  h.advance(h.state.policy().cover_grace_minutes * 60);
  v = view();
  const auto& w1 = tile(v, "W01");
  EXPECT_EQ(w1.staffing, "empty");
  EXPECT_EQ(w1.off_post_name, "王建国");
  EXPECT_EQ(w1.off_destination, "档案室");
  EXPECT_GE(w1.alert_level, 1);
  h.advance(6 * 60);
  EXPECT_EQ(tile(view(), "W01").overdue, (h.state.policy().cover_grace_minutes + 6 - 5) * 60);
}

TEST_F(ConsoleSupervisorView, RAB7_assign_offers_the_remote_option_for_candidates_marked_remote) {
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 10);
  const auto options = console::assign_options(h.state, core::substitutes(h.state, "W01", h.now));
  const console::AssignOption* in_person = nullptr;
  const console::AssignOption* remote = nullptr;
  for (const auto& o : options)
    if (o.staff == "s003") (o.remote ? remote : in_person) = &o;
  ASSERT_NE(in_person, nullptr);
  ASSERT_NE(remote, nullptr) << "s003 sits at W02: listed once more with remote: true";
  EXPECT_TRUE(in_person->empties_window);
  EXPECT_EQ(in_person->effect, "将造成空岗");
  EXPECT_TRUE(in_person->from_window.empty());
  EXPECT_EQ(in_person->button, "指派");
  EXPECT_FALSE(remote->empties_window);
  EXPECT_EQ(remote->from_window, "W02");
  EXPECT_EQ(remote->on_post_number, 2);
  EXPECT_EQ(remote->button, "在 2 号窗口代办");
  EXPECT_NE(remote->button_id, in_person->button_id) << "two rows of one person need two button ids";
  for (const auto& o : options)
    if (o.staff != "s003") {
      EXPECT_FALSE(o.remote) << o.staff << " is not on post anywhere";
    }
  // The supervisor's assignment as the popup sends it (for s003, from W02).
  h.ok(as("s008", core::TakeOver{"s003", "W01", remote->from_window}));
  const auto v = view();
  EXPECT_EQ(tile(v, "W01").staffing, "covered");
  EXPECT_EQ(tile(v, "W01").redirect_number, 2);
  EXPECT_EQ(tile(v, "W01").on_post_name, "张海燕");
  EXPECT_EQ(tile(v, "W02").redirect_number, 0);
}

TEST_F(ConsoleSupervisorView, alerts_rank_by_level_then_newest_first_with_age) {
  h.sign_in("s001", "W01");
  h.advance(60);
  h.off_post("s001", 10);
  const auto v = view();
  ASSERT_GE(v.alerts.size(), 2u);
  for (std::size_t i = 1; i < v.alerts.size(); ++i) {
    const auto& a = v.alerts[i - 1];
    const auto& b = v.alerts[i];
    EXPECT_GE(a.level, b.level) << "the gravest first";
    if (a.level == b.level) {
      EXPECT_GE(a.raised_at, b.raised_at) << "newest first within a level";
    }
  }
  EXPECT_EQ(v.alerts.front().kind, "cover_needed") << "all level 1 here: the newest leads";
  EXPECT_EQ(v.alerts.front().window, "W01");
  EXPECT_EQ(v.alerts.front().kind_label, "需顶岗");
  EXPECT_EQ(v.alerts.back().age, 60) << "the session-open alerts are a minute old";
}

TEST_F(ConsoleSupervisorView, a_case_overdue_alert_outranks_newer_empty_window_cards_RSVC2) {
  Hall c{case_hall_json()};
  c.advance_to("2026-11-23T09:00:00");
  c.sign_in("s001", "W01");
  c.issue("shebao");
  c.call("W01");
  c.ok(as("s001", core::StartService{"W01"}));
  c.ok(as("s001", core::FinishService{"W01", "accepted", {}, "", ""}));
  c.advance_to("2026-12-03T09:30:00");  // the 社保 case is days past its 3 working days
  if (c.on_post("W01").empty()) c.sign_in("s001", "W01");
  c.off_post("s001", 5);
  c.advance(c.state.policy().cover_grace_minutes * 60);  // W01 empty: a window_empty card raised now
  const auto v = console::make_supervisor_view(c.state, supervisor, c.now);
  const auto find = [&](const std::string& kind, const std::string& window) {
    return std::find_if(v.alerts.begin(), v.alerts.end(),
                        [&](const console::AlertLine& a) { return a.kind == kind && a.window == window; });
  };
  const auto overdue = find("case_overdue", "W01");  // names the receiving window
  const auto empty = find("window_empty", "W01");
  ASSERT_NE(overdue, v.alerts.end());
  ASSERT_NE(empty, v.alerts.end());
  EXPECT_EQ(overdue->level, 3);
  EXPECT_EQ(empty->level, 1);
  EXPECT_GT(empty->raised_at, overdue->raised_at) << "the empty window is the newer alert";
  for (std::size_t i = 1; i < v.alerts.size(); ++i) {
    EXPECT_GE(v.alerts[i - 1].level, v.alerts[i].level);
    if (v.alerts[i - 1].level == v.alerts[i].level) {
      EXPECT_GE(v.alerts[i - 1].raised_at, v.alerts[i].raised_at);
    }
  }
  EXPECT_LT(overdue - v.alerts.begin(), empty - v.alerts.begin()) << "and still the case comes first";
}

TEST_F(ConsoleSupervisorView, leave_is_mine_to_decide_only_for_the_next_approver_role_RLV1) {
  h.ok(as("s001", core::RequestLeave{"s001", "2026-11-24", "2026-11-24", "事假"}));
  const auto& chain = h.state.policy().leave_chain_short;
  ASSERT_FALSE(chain.empty());
  auto v = view(Principal{"x", "x", chain.front()});
  ASSERT_EQ(v.leaves.size(), 1u);
  EXPECT_TRUE(v.leaves[0].mine_to_decide);
  EXPECT_FALSE(view(Principal{"x", "x", "department_head"}).leaves[0].mine_to_decide);
  EXPECT_TRUE(view(Principal{"x", "x", "admin"}).leaves[0].mine_to_decide);
  h.ok(as("s008", core::DecideLeave{v.leaves[0].id, true, ""}));
  EXPECT_TRUE(view().leaves.empty()) << "decided leave leaves the pending list";
}

TEST_F(ConsoleSupervisorView, roster_says_where_everyone_is) {
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  const auto r = console::roster_of(h.state, "W01");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].as, "A");
  EXPECT_EQ(r[0].where, "在岗 1号窗口（A）");
  EXPECT_EQ(r[1].where, "未签到");
  EXPECT_EQ(r[2].as, "B");
  EXPECT_EQ(r[2].where, "在岗 2号窗口（A）");
}

TEST_F(ConsoleSupervisorView, history_keeps_resolved_alerts_and_counts_per_window) {
  console::AlertHistory history;
  const std::size_t before = h.log.size();
  h.sign_in("s001", "W01");
  h.off_post("s001", 10);
  h.ok(as("s002", core::TakeOver{"s002", "W01"}));
  for (std::size_t i = 0; i < h.log.size(); ++i) history.on_event(h.state, h.log[i]);
  (void)before;
  const auto resolved = history.resolved();
  ASSERT_FALSE(resolved.empty());
  EXPECT_EQ(resolved.front().window, "W01");
  EXPECT_EQ(resolved.front().kind, "cover_needed");
  EXPECT_GT(resolved.front().resolved_at, 0);
  // W01 needed cover at session open and again when s001 left.
  EXPECT_EQ(history.raised_per_window().at("W01"), 2);
  const auto counts = console::alerts_per_window(h.state, history.raised_per_window(), {{"W01", 3}, {"W04", 1}});
  ASSERT_EQ(counts.size(), h.config->windows.size());
  EXPECT_EQ(counts[0], 5) << "live and backfilled counts add up";
  EXPECT_EQ(counts[3], history.raised_per_window().at("W04") + 1);
}

TEST_F(ConsoleSupervisorView, history_seeded_from_a_snapshot_describes_the_resolution) {
  h.sign_in("s001", "W01");
  h.off_post("s001", 10);
  h.ok(as("s008", core::AckAlert{h.state.windows.at("W01").cover_alert, "已通知"}));
  console::AlertHistory history;
  history.seed(h.state, h.now);  // the console logged in now: these came with the snapshot
  const std::size_t before = h.log.size();
  h.ok(as("s002", core::TakeOver{"s002", "W01"}));
  for (std::size_t i = before; i < h.log.size(); ++i) history.on_event(h.state, h.log[i]);
  const auto resolved = history.resolved();
  ASSERT_FALSE(resolved.empty());
  EXPECT_EQ(resolved.front().acknowledged_by, "黄晓芳");
  EXPECT_EQ(resolved.front().message.find("W01"), 0u) << "the raised message is kept: " << resolved.front().message;
  EXPECT_TRUE(history.raised_per_window().empty()) << "seeded alerts are counted from the log, not twice";
}

TEST_F(ConsoleSupervisorView, attendance_alerts_read_in_chinese) {
  h.advance(10 * 60);
  h.sign_in("s001", "W01");  // late (R-ATT-2)
  const auto v = view();
  bool seen = false;
  for (const auto& a : v.alerts)
    if (a.kind == "late_sign_in") {
      seen = true;
      EXPECT_NE(a.message.find("王建国"), std::string::npos) << a.message;
      EXPECT_TRUE(std::any_of(a.message.begin(), a.message.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
    }
  EXPECT_TRUE(seen);
}

TEST_F(ConsoleSupervisorView, stats_count_tickets_per_hour_and_waits) {
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.advance(7 * 60);
  h.serve("W01");
  h.advance_to("2026-11-23T10:10:00");
  h.issue("shebao");
  const auto st = console::make_hall_stats(h.state, h.now);
  ASSERT_FALSE(st.hours.empty());
  EXPECT_EQ(st.hours.front(), 9);
  EXPECT_EQ(st.issued_per_hour[0], 1);
  EXPECT_EQ(st.issued_per_hour[1], 1);
  EXPECT_EQ(st.served_per_hour[0], 1);
  EXPECT_EQ(st.served, 1);
  EXPECT_EQ(st.waiting, 1);
  EXPECT_EQ(st.wait_counts[1], 1) << "waited 7 minutes: the 5-10 bucket";
  EXPECT_DOUBLE_EQ(st.average_wait_minutes, 7.0);
}

// [SECTION] refusal texts

TEST(ConsoleRefusals, would_empty_window_names_the_takers_own_window_number_RAB6) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 10);
  const auto r = h.refused(as("s003", core::TakeOver{"s003", "W01"}));
  ASSERT_EQ(r.code, Refusal::would_empty_window);
  const int own = h.config->find_window("W02")->number;
  EXPECT_EQ(console::refusal_text(h.state, {409, core::refusal_name(r.code), r.message, "s003", "W01"}),
            "你离开后 " + std::to_string(own) + " 号窗口将空岗");
}

TEST(ConsoleRefusals, limits_come_from_the_policy_RQ4_REMP3) {
  Hall h;
  const auto& p = h.state.policy();
  EXPECT_NE(console::refusal_text(h.state, {409, "max_recalls", "", "s001", "W01"}).find(std::to_string(p.max_recalls)),
            std::string::npos);
  EXPECT_NE(
      console::refusal_text(h.state, {409, "leave_limit_window", "", "s001", ""}).find(std::to_string(p.max_concurrent_leave)),
      std::string::npos);
}

TEST(ConsoleRefusals, every_refusal_is_said_in_words_even_unknown_codes) {
  Hall h;
  EXPECT_EQ(console::refusal_text(h.state, {409, "window_occupied", "", "s001", "W03"}), "3号窗口已有人在岗");
  EXPECT_EQ(console::refusal_text(h.state, {401, "bad_credentials", "", "", ""}), "工号或密码错误");
  const auto unknown = console::refusal_text(h.state, {409, "brand_new_rule", "服务器的说明", "", ""});
  EXPECT_NE(unknown.find("服务器的说明"), std::string::npos);
  EXPECT_NE(unknown.find("brand_new_rule"), std::string::npos);
  EXPECT_NE(console::refusal_text(h.state, {0, "", "connection refused", "", ""}).find("connection refused"), std::string::npos);
}

TEST(ConsoleLabels, every_catalog_kind_has_a_chinese_name_RSCR2) {
  Hall h;
  for (const auto& [kind, points] : h.state.policy().deductions) EXPECT_NE(console::deduction_label(kind), kind) << kind;
  EXPECT_EQ(console::deduction_label("hall_specific_kind"), "hall_specific_kind");
}

TEST(ConsoleRefusals, a_failed_login_is_explained_before_any_hall_arrived) {
  const core::State none(nullptr);  // no config yet: the login screen
  EXPECT_EQ(console::refusal_text(none, {401, "bad_credentials", "", "", ""}), "工号或密码错误");
  EXPECT_EQ(console::refusal_text(none, {409, "would_empty_window", "", "s001", "W01"}), "你离开后本窗口将空岗");
  EXPECT_NE(console::refusal_text(none, {409, "max_recalls", "", "", ""}).find(std::to_string(domain::Policy{}.max_recalls)),
            std::string::npos);
}

// [SECTION] script format

TEST(ConsoleScript, parses_actions_and_free_text) {
  std::string err;
  const auto steps = console::parse_script("# morning\nlogin s001 1001\n\nkey F1\nack cover_needed 已通知 B 岗\n", &err);
  ASSERT_TRUE(steps) << err;
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].verb, "login");
  EXPECT_EQ((*steps)[0].line, 2);
  EXPECT_EQ((*steps)[2].rest, "cover_needed 已通知 B 岗");
}

TEST(ConsoleScript, rejects_unknown_actions_and_wrong_arity_with_the_line) {
  std::string err;
  EXPECT_FALSE(console::parse_script("login s001 1001\nfly away\n", &err));
  EXPECT_NE(err.find("line 2"), std::string::npos);
  EXPECT_FALSE(console::parse_script("login s001\n", &err));
  EXPECT_NE(err.find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace hallq::test
