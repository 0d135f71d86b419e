// The wall display's view model, computed from states produced by real commands on the engine
// (test_hall.hpp): which calls show and in what order, what each window's post sign says in
// every staffing state, the queues, the spoken sentence and the grid that pages 300 windows.
#include <gtest/gtest.h>

#include "test_hall.hpp"
#include "display/view_model.hpp"

namespace hallq::test {
namespace {

using display::build_view;
using display::SignKind;
using display::ViewModel;
using display::ViewOptions;

const display::WindowView& win(const ViewModel& vm, const std::string& id) {
  for (const auto& w : vm.windows)
    if (w.id == id) return w;
  ADD_FAILURE() << "window " << id << " not in the view";
  static display::WindowView none;
  return none;
}

std::vector<std::string> call_numbers(const ViewModel& vm) {
  std::vector<std::string> out;
  for (const auto& c : vm.calls) out.push_back(c.number + "@" + c.window + (c.recall ? "r" : ""));
  return out;
}

class DisplayView : public ::testing::Test {
 protected:
  Hall h;
  ViewModel view(const ViewOptions& o = {}) { return build_view(h.state, h.now, o); }
  void open() { h.advance_to("2026-11-23T09:00:00"); }
};

TEST_F(DisplayView, header_shows_hall_date_clock_and_session_RHRS1) {
  auto vm = view();
  EXPECT_EQ(vm.hall_name, "测试政务服务中心");
  EXPECT_EQ(vm.date_text, "2026年11月23日 星期一");
  EXPECT_EQ(vm.clock_text, "08:30");
  EXPECT_FALSE(vm.session_open);
  EXPECT_EQ(vm.session_text, "暂停办理 · 09:00 开始");
  open();
  h.advance(5 * 60 + 59);
  vm = view();
  EXPECT_EQ(vm.clock_text, "09:05");
  EXPECT_TRUE(vm.session_open);
  EXPECT_EQ(vm.session_text, "办理时间 09:00–12:00");
  h.advance_to("2026-11-23T17:30:00");
  EXPECT_EQ(view().session_text, "今日办理已结束");
  h.advance_to("2026-11-25T10:00:00");  // a holiday in the test hall
  EXPECT_EQ(view().session_text, "今日休息");
}

TEST_F(DisplayView, calls_newest_first_recalls_shown_again_RQ3) {
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  open();
  for (int i = 0; i < 3; ++i) h.issue("shebao");
  EXPECT_TRUE(view().calls.empty());
  EXPECT_EQ(h.call("W01"), "A001");
  h.advance(30);
  EXPECT_EQ(h.call("W03"), "A002");
  h.advance(30);
  h.ok(as("s001", core::Recall{"W01"}));
  const auto vm = view();
  EXPECT_EQ(call_numbers(vm), (std::vector<std::string>{"A001@W01r", "A002@W03", "A001@W01"}));
  ASSERT_FALSE(vm.calls.empty());
  EXPECT_EQ(vm.calls[0].window_number, 1);
  EXPECT_EQ(vm.calls[0].window_name, "综合受理窗口");
  EXPECT_EQ(vm.calls[0].service_name, "社保办理");
  EXPECT_EQ(win(vm, "W01").serving, "A001");
  EXPECT_TRUE(win(vm, "W01").serving_called);
  h.ok(as("s001", core::StartService{"W01"}));
  EXPECT_FALSE(win(view(), "W01").serving_called) << "started: serving, no longer called";
}

TEST_F(DisplayView, call_list_keeps_the_newest_calls_only) {
  h.sign_in("s001", "W01");
  open();
  for (int i = 0; i < 12; ++i) h.issue("shebao");
  for (int i = 0; i < 10; ++i) {
    h.serve("W01");
    h.advance(60);
  }
  ViewOptions o;
  o.calls_shown = 6;
  const auto vm = view(o);
  ASSERT_EQ(vm.calls.size(), 6u);
  EXPECT_EQ(vm.calls.front().number, "A010");
  EXPECT_EQ(vm.calls.back().number, "A005");
}

TEST_F(DisplayView, zone_mode_shows_its_windows_calls_and_queues_only) {
  h.sign_in("s001", "W01");
  h.sign_in("s007", "W04");
  open();
  h.issue("shebao");
  h.issue("jiuye");
  h.issue("yibao");
  const std::string at_w04 = h.call("W04");
  EXPECT_NE(h.call("W01"), "");
  ViewOptions o;
  o.windows = {"W04"};
  const auto vm = view(o);
  ASSERT_EQ(vm.windows.size(), 1u);
  EXPECT_EQ(vm.windows[0].id, "W04");
  EXPECT_EQ(call_numbers(vm), (std::vector<std::string>{at_w04 + "@W04"})) << "W01's call is not this screen's";
  std::vector<std::string> services;
  for (const auto& q : vm.queues) services.push_back(q.service);
  EXPECT_EQ(services, (std::vector<std::string>{"shebao", "jiuye"})) << "config order, W04's services only";
  EXPECT_EQ(display::unknown_windows(*h.config, {"W04", "W99"}), (std::vector<std::string>{"W99"}));
}

TEST_F(DisplayView, windows_are_ordered_by_number) {
  const auto vm = view();
  std::vector<int> numbers;
  for (const auto& w : vm.windows) numbers.push_back(w.number);
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 3, 4}));
}

TEST_F(DisplayView, sign_on_post_names_staff_and_AB_badge_RAB1) {
  h.sign_in("s001", "W01");
  open();
  const auto& s = win(view(), "W01").sign;
  EXPECT_EQ(s.kind, SignKind::on_post);
  EXPECT_EQ(s.label, "在岗");
  EXPECT_EQ(s.short_label, "在") << "dense grids still say the state in words";
  EXPECT_EQ(s.staff, "s001");
  EXPECT_EQ(s.staff_name, "王建国");
  EXPECT_EQ(s.as, "A");
  EXPECT_FALSE(s.alarm);
}

TEST_F(DisplayView, sign_off_post_gives_destination_return_and_cover_ROFF1_RAB3) {
  h.sign_in("s001", "W01");
  open();
  h.advance(10 * 60);  // 09:10
  h.off_post("s001", 30);
  auto s = win(view(), "W01").sign;
  EXPECT_EQ(s.kind, SignKind::off_post);
  EXPECT_EQ(s.label, "离岗");
  EXPECT_EQ(s.short_label, "离");
  EXPECT_EQ(s.away_name, "王建国");
  EXPECT_EQ(s.destination, "档案室");
  EXPECT_EQ(s.detail, "去向：档案室 · 预计 09:40 返回");
  EXPECT_EQ(s.cover, "无人代岗");
  EXPECT_FALSE(s.alarm) << "within the grace period";

  h.ok(as("s003", core::TakeOver{"s003", "W01"}));  // s003 is W01's B, W02 is not theirs today
  s = win(view(), "W01").sign;
  EXPECT_EQ(s.kind, SignKind::off_post) << "the sign still says who left and when they are back";
  EXPECT_EQ(s.staff, "s003");
  EXPECT_EQ(s.as, "B");
  EXPECT_EQ(s.cover, "代岗：张海燕（B岗）");
  EXPECT_FALSE(s.overdue);
  h.advance(31 * 60);
  EXPECT_TRUE(win(view(), "W01").sign.overdue) << "R-OFF-3: past the expected return";
}

TEST_F(DisplayView, sign_off_post_without_cover_turns_red_after_grace_REMP1) {
  h.sign_in("s005", "W03");
  open();
  h.off_post("s005", 30);
  h.advance(h.config->policy.cover_grace_minutes * 60 + 1);
  const auto s = win(view(), "W03").sign;
  EXPECT_EQ(s.kind, SignKind::off_post);
  EXPECT_TRUE(s.alarm);
  EXPECT_EQ(s.cover, "无人代岗");
}

TEST_F(DisplayView, sign_awaiting_then_vacant_in_red_REMP1) {
  open();
  h.issue("chujian");  // W02 has work and nobody on post
  auto s = win(view(), "W02").sign;
  EXPECT_EQ(s.kind, SignKind::awaiting);
  EXPECT_EQ(s.label, "暂无人员");
  EXPECT_EQ(s.short_label, "无");
  EXPECT_FALSE(s.alarm);
  h.advance(h.config->policy.cover_grace_minutes * 60 + 1);
  s = win(view(), "W02").sign;
  EXPECT_EQ(s.kind, SignKind::vacant);
  EXPECT_EQ(s.label, "空岗");
  EXPECT_EQ(s.short_label, "空");
  EXPECT_TRUE(s.alarm);
}

TEST_F(DisplayView, sign_closed_by_supervisor_or_outside_hours_RHRS3) {
  auto s = win(view(), "W01").sign;
  EXPECT_EQ(s.kind, SignKind::closed) << "before opening with no work";
  EXPECT_EQ(s.label, "暂停服务");
  EXPECT_EQ(s.short_label, "停");
  h.sign_in("s001", "W01");
  open();
  EXPECT_EQ(win(view(), "W01").sign.kind, SignKind::on_post);
  h.ok(as("s008", core::CloseWindow{"W02"}));
  EXPECT_EQ(win(view(), "W02").sign.kind, SignKind::closed);
}

TEST_F(DisplayView, queues_count_next_in_call_order_and_estimate_RQ3) {
  h.sign_in("s005", "W03");
  open();
  h.issue("shebao");
  h.advance(10);
  h.issue("shebao");
  h.advance(10);
  h.issue("shebao", "green");
  const auto vm = view();
  const display::QueueView* q = nullptr;
  for (const auto& x : vm.queues)
    if (x.service == "shebao") q = &x;
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->name, "社保办理");
  EXPECT_EQ(q->waiting, 3);
  EXPECT_EQ(q->next, (std::vector<std::string>{"A003", "A001", "A002"})) << "green channel first (R-Q-3)";
  EXPECT_EQ(q->eta_minutes, core::estimate_wait_minutes(h.state, "shebao", 3));
  EXPECT_GT(q->eta_minutes, 0);
  EXPECT_EQ(h.call("W03"), "A003") << "the display's order is call-next's order";
}

TEST_F(DisplayView, announcement_separates_letters_from_digits_and_names_the_window) {
  h.sign_in("s005", "W03");
  open();
  h.issue("shebao");
  h.call("W03");
  h.ok(as("s005", core::Recall{"W03"}));
  std::vector<std::string> said;
  for (const auto& e : h.log)
    if (auto t = display::announcement(*h.config, e)) said.push_back(*t);
  EXPECT_EQ(said, (std::vector<std::string>{"请 A 001 号 到 3 号窗口办理", "再次呼叫，请 A 001 号 到 3 号窗口办理"}));
  int in_zone = 0;
  for (const auto& e : h.log)
    if (display::announcement(*h.config, e, {"W01"})) ++in_zone;
  EXPECT_EQ(in_zone, 0) << "a per-floor screen speaks its own windows' calls only";
  EXPECT_EQ(display::spaced_number("AB12C3"), "AB 12 C 3");
}

// [SECTION] R-AB-7: a post covered from another window

/// s001 on post at W01, s003 at W02 (each other's B); at 09:10 s001 goes off post for 30 minutes
/// and s003 covers W01 from W02.
void remote_cover(Hall& h) {
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.advance_to("2026-11-23T09:10:00");
  h.off_post("s001", 30);
  h.ok(as("s003", core::TakeOver{"s003", "W01", "W02"}));
}

TEST_F(DisplayView, RAB7_redirected_window_tile_sends_citizens_to_the_covering_window) {
  remote_cover(h);
  const auto vm = view();
  const auto& s = win(vm, "W01").sign;
  EXPECT_EQ(s.kind, SignKind::redirected) << "where to go leads the tile, not who left";
  EXPECT_EQ(s.label, "暂停服务");
  EXPECT_EQ(s.redirect, "请到 2 号窗口办理");
  EXPECT_EQ(s.redirect_to, "W02");
  EXPECT_EQ(s.redirect_number, 2);
  EXPECT_EQ(s.short_label, "转");
  EXPECT_FALSE(s.alarm) << "covered: nothing is empty";
  // The absent A and the coverer are still said, second.
  EXPECT_EQ(s.away_name, "王建国");
  EXPECT_EQ(s.detail, "去向：档案室 · 预计 09:40 返回");
  EXPECT_EQ(s.staff, "s003");
  EXPECT_EQ(s.as, "B");
  EXPECT_EQ(s.cover, "由 张海燕 在 2 号窗口代办");
  EXPECT_EQ(std::string(display::to_string(s.kind)), "redirected");
  // The covering window says it takes the other post's citizens too.
  const auto& w2 = win(vm, "W02");
  EXPECT_EQ(w2.sign.kind, SignKind::on_post);
  EXPECT_EQ(w2.covering, (std::vector<int>{1}));
  EXPECT_EQ(w2.covering_text, "同时办理 1 号窗口业务");
  EXPECT_TRUE(win(vm, "W03").covering.empty());
}

TEST_F(DisplayView, RAB7_the_call_banner_names_the_window_the_ticket_was_called_at) {
  remote_cover(h);
  const std::string yibao = h.issue("yibao");  // only W01 serves yibao
  EXPECT_EQ(h.call("W02"), h.number(yibao));
  const auto vm = view();
  ASSERT_FALSE(vm.calls.empty());
  EXPECT_EQ(vm.calls[0].number, h.number(yibao));
  EXPECT_EQ(vm.calls[0].window, "W02");
  EXPECT_EQ(vm.calls[0].window_number, 2) << "the banner says 请到 2 号窗口";
  EXPECT_EQ(vm.calls[0].service_name, "医保办理");
  std::vector<std::string> said;
  for (const auto& e : h.log)
    if (auto t = display::announcement(h.state, e)) said.push_back(*t);
  EXPECT_EQ(said, (std::vector<std::string>{"请 Y 001 号 到 2 号窗口办理"}));
}

TEST_F(DisplayView, RAB7_a_zone_screen_of_the_covered_window_shows_and_speaks_its_tickets_called_elsewhere) {
  remote_cover(h);
  const std::string yibao = h.issue("yibao");
  const std::string chujian = h.issue("chujian");  // W02's own service
  EXPECT_EQ(h.call("W02"), h.number(yibao));
  h.finish("W02");
  EXPECT_EQ(h.call("W02"), h.number(chujian));
  ViewOptions zone;
  zone.windows = {"W01"};
  const auto vm = view(zone);
  EXPECT_EQ(call_numbers(vm), (std::vector<std::string>{h.number(yibao) + "@W02"}))
      << "W01's citizen is called at W02; W02's own ticket is not this screen's";
  EXPECT_EQ(win(vm, "W01").sign.redirect, "请到 2 号窗口办理");
  int spoken = 0;
  for (const auto& e : h.log)
    if (display::announcement(h.state, e, zone.windows)) ++spoken;
  EXPECT_EQ(spoken, 1);
}

TEST_F(DisplayView, RAB7_the_A_returning_ends_the_redirect_on_the_wall) {
  remote_cover(h);
  h.ok(as("s001", core::ReturnToPost{"s001"}));
  const auto vm = view();
  EXPECT_EQ(win(vm, "W01").sign.kind, SignKind::on_post);
  EXPECT_TRUE(win(vm, "W01").sign.redirect.empty());
  EXPECT_TRUE(win(vm, "W02").covering.empty());
}

TEST(DisplayGrid, few_windows_get_large_tiles_on_one_page) {
  const auto p = display::plan_grid(5, 1240, 640, 300, 120, 10);
  EXPECT_EQ(p.pages, 1);
  EXPECT_GE(p.cols * p.rows, 5);
  EXPECT_GE(p.tile_h, 120);
  EXPECT_GE(p.tile_w, 300);
}

TEST(DisplayGrid, three_hundred_windows_page_with_readable_tiles) {
  const auto p = display::plan_grid(300, 1240, 640, 300, 120, 10);
  EXPECT_GT(p.pages, 1);
  EXPECT_GE(p.tile_w, 300);
  EXPECT_GE(p.tile_h, 120);
  EXPECT_GE(p.per_page * p.pages, 300);
  EXPECT_LT(p.per_page * (p.pages - 1), 300) << "no empty page";
  const auto dense = display::plan_grid(300, 1240, 640, 300, 120, 10, display::GridMode::dense);
  EXPECT_EQ(dense.pages, 1);
  EXPECT_GE(dense.cols * dense.rows, 300);
  EXPECT_LT(dense.tile_h, 120);
  const auto at4k = display::plan_grid(300, 2480 * 2, 1280 * 2, 600, 240, 20);
  EXPECT_GT(at4k.pages, 1);
}

TEST(DisplayClock, manual_clock_stands_still_real_clock_runs_on) {
  EXPECT_EQ(display::display_time(1000, true, 75.5), 1000);
  EXPECT_EQ(display::display_time(1000, false, 75.5), 1075);
  EXPECT_EQ(display::display_time(1000, false, 0), 1000);
}

}  // namespace
}  // namespace hallq::test
