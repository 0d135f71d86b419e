// Console staff mode view model over states made by real engine commands: which buttons are
// enabled in each ticket state, the elapsed-time colour (R-SVC-1, R-SVC-2), the substitute banner
// (R-AB-3, R-AB-6), the off-post form (R-OFF-1, R-OFF-2) and the finish form (R-Q-8).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "console/model/staff_view.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using console::make_staff_view;
using console::Principal;
using console::TimeLevel;

Principal who(const Hall& h, const std::string& id) {
  const auto* s = h.config->find_staff(id);
  return Principal{id, s ? s->name : id, s ? domain::to_string(s->role) : "staff"};
}

console::StaffView view(const Hall& h, const std::string& id) { return make_staff_view(h.state, who(h, id), h.now); }

std::string replace_once(std::string json, std::string_view from, std::string_view to) {
  const auto pos = json.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) json.replace(pos, from.size(), to);
  return json;
}

class ConsoleStaffView : public ::testing::Test {
 protected:
  Hall h;
  void SetUp() override { h.advance_to("2026-11-23T09:00:00"); }
};

TEST_F(ConsoleStaffView, buttons_follow_the_ticket_cycle_RQ4_ROFF2) {
  auto v = view(h, "s001");
  EXPECT_TRUE(v.can.sign_in);
  EXPECT_FALSE(v.can.call);
  h.sign_in("s001", "W01");
  v = view(h, "s001");
  EXPECT_EQ(v.post, "W01");
  EXPECT_EQ(v.post_number, 1);
  EXPECT_TRUE(v.can.call);
  EXPECT_FALSE(v.can.recall || v.can.no_show || v.can.start || v.can.finish || v.can.transfer);
  EXPECT_TRUE(v.can.off_post);
  EXPECT_FALSE(v.can.sign_in);

  h.issue("shebao");
  EXPECT_EQ(h.call("W01"), "A001");
  v = view(h, "s001");
  ASSERT_TRUE(v.ticket);
  EXPECT_EQ(v.ticket->number, "A001");
  EXPECT_FALSE(v.can.call);
  EXPECT_TRUE(v.can.recall && v.can.no_show && v.can.start && v.can.finish && v.can.transfer);
  EXPECT_FALSE(v.can.off_post) << "R-OFF-2: finish or transfer before leaving";
  EXPECT_FALSE(v.can.sign_out);

  for (int i = 0; i < h.state.policy().max_recalls; ++i) h.ok(as("s001", core::Recall{"W01"}));
  v = view(h, "s001");
  EXPECT_FALSE(v.can.recall) << "R-Q-4: recalls used up, only no-show remains";
  EXPECT_TRUE(v.can.no_show);

  h.ok(as("s001", core::StartService{"W01"}));
  v = view(h, "s001");
  EXPECT_EQ(v.ticket->status, core::TicketStatus::serving);
  EXPECT_FALSE(v.can.recall || v.can.no_show || v.can.start);
  EXPECT_TRUE(v.can.finish && v.can.transfer);

  h.ok(as("s001", core::FinishService{"W01", "done", {}}));
  v = view(h, "s001");
  EXPECT_FALSE(v.ticket);
  EXPECT_TRUE(v.can.call && v.can.off_post && v.can.sign_out);
}

TEST_F(ConsoleStaffView, transfer_offers_every_other_service_RQ5) {
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.call("W01");
  const auto v = view(h, "s001");
  EXPECT_EQ(v.transfer_services.size(), h.config->services.size() - 1);
  for (const auto& s : v.transfer_services) EXPECT_NE(s, "shebao");
}

TEST_F(ConsoleStaffView, elapsed_colour_follows_promise_and_warn_ratio_RSVC1_RSVC2) {
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.call("W01");
  h.ok(as("s001", core::StartService{"W01"}));
  const Time started = h.now;
  const int promise = h.config->find_service("shebao")->promise_minutes;
  const auto yellow_at = static_cast<Time>(promise * 60 * h.state.policy().warn_ratio);
  auto level_at = [&](Time t) { return make_staff_view(h.state, who(h, "s001"), t).ticket->level; };
  EXPECT_EQ(level_at(started + yellow_at - 1), TimeLevel::normal);
  EXPECT_EQ(level_at(started + yellow_at), TimeLevel::yellow);
  EXPECT_EQ(level_at(started + promise * 60 - 1), TimeLevel::yellow);
  EXPECT_EQ(level_at(started + promise * 60), TimeLevel::red);
  EXPECT_EQ(make_staff_view(h.state, who(h, "s001"), started + 75).ticket->elapsed, 75);
}

TEST(ConsoleStaffViewPolicy, warn_ratio_override_moves_the_yellow_threshold_RSVC2) {
  Hall h(replace_once(std::string(hall_json), R"("policy": {"profile": "district-hall"})",
                      R"("policy": {"profile": "district-hall", "warn_ratio": 0.5})"));
  const auto& p = h.state.policy();
  ASSERT_EQ(p.warn_ratio, 0.5);
  EXPECT_EQ(console::time_level(p, 20, 599), TimeLevel::normal);
  EXPECT_EQ(console::time_level(p, 20, 600), TimeLevel::yellow);
  EXPECT_EQ(console::time_level(p, 20, 1200), TimeLevel::red);
  EXPECT_EQ(console::time_level(p, 0, 100000), TimeLevel::normal) << "no promise, no warning";
}

TEST_F(ConsoleStaffView, substitute_banner_appears_exactly_when_cover_needed_names_me_RAB3) {
  EXPECT_FALSE(view(h, "s005").cover_requests.empty()) << "session open, W03 unstaffed: its other A is asked";
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.sign_in("s005", "W03");
  h.sign_in("s007", "W04");
  for (const auto& st : h.config->staff) EXPECT_TRUE(view(h, st.id).cover_requests.empty()) << st.id << ": every post covered";

  h.off_post("s001", 10);
  const auto& w01 = h.state.cfg().find_window("W01")->b;
  ASSERT_EQ(w01.front(), "s003");
  auto b = view(h, "s003");
  ASSERT_EQ(b.cover_requests.size(), 1u);
  EXPECT_EQ(b.cover_requests[0].window, "W01");
  EXPECT_EQ(b.cover_requests[0].window_number, 1);
  EXPECT_EQ(b.cover_requests[0].left_by, "王建国");
  EXPECT_EQ(b.cover_requests[0].destination, "档案室");
  // R-AB-6 said up front: s003 holds W02 during a session.
  EXPECT_TRUE(b.cover_requests[0].would_empty_own);
  EXPECT_EQ(b.cover_requests[0].own_window_number, 2);
  EXPECT_EQ(view(h, "s002").cover_requests.size(), 1u) << "the other A of the roster is asked too";
  EXPECT_FALSE(view(h, "s002").cover_requests[0].would_empty_own);
  EXPECT_TRUE(view(h, "s004").cover_requests.empty()) << "not on W01's roster";
  EXPECT_TRUE(view(h, "s001").cover_requests.empty()) << "the one who left is not asked";

  h.ok(as("s002", core::TakeOver{"s002", "W01"}));
  EXPECT_TRUE(view(h, "s003").cover_requests.empty()) << "covered: the banner goes";
  EXPECT_TRUE(view(h, "s002").cover_requests.empty());
}

TEST_F(ConsoleStaffView, RAB7_banner_offers_covering_from_my_own_window_when_the_substitutes_list_marks_me_remote) {
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 10);
  auto b = view(h, "s003");
  ASSERT_EQ(b.cover_requests.size(), 1u);
  const auto& c = b.cover_requests[0];
  EXPECT_TRUE(c.would_empty_own) << "in person it would still empty W02 (R-AB-6)";
  EXPECT_TRUE(c.can_remote);
  EXPECT_EQ(c.remote_from, "W02");
  EXPECT_EQ(c.remote_from_number, 2);
  const auto s2 = view(h, "s002");
  ASSERT_EQ(s2.cover_requests.size(), 1u);
  EXPECT_FALSE(s2.cover_requests[0].can_remote) << "not on post anywhere: only the go-and-sit option";
  // What the button sends is accepted as is.
  h.ok(as("s003", core::TakeOver{"s003", c.window, c.remote_from}));
  EXPECT_EQ(h.state.windows.at("W01").redirect_to, "W02");
  EXPECT_TRUE(view(h, "s003").cover_requests.empty());
}

TEST(ConsoleStaffViewPolicy, RAB7_no_remote_option_when_the_policy_turns_remote_cover_off) {
  Hall h(replace_once(std::string(hall_json), R"("policy": {"profile": "district-hall"})",
                      R"("policy": {"profile": "district-hall", "remote_cover": false})"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 10);
  const auto b = make_staff_view(h.state, Principal{"s003", "张海燕", "staff"}, h.now);
  ASSERT_EQ(b.cover_requests.size(), 1u);
  EXPECT_FALSE(b.cover_requests[0].can_remote);
}

TEST_F(ConsoleStaffView, RAB7_covering_remotely_shows_on_my_post_and_my_queues_include_the_covered_post) {
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 10);
  EXPECT_TRUE(view(h, "s003").remote_text.empty());
  h.ok(as("s003", core::TakeOver{"s003", "W01", "W02"}));
  const std::string yibao = h.issue("yibao");  // only W01 serves yibao
  auto v = view(h, "s003");
  EXPECT_EQ(v.post, "W02");
  EXPECT_EQ(v.post_number, 2);
  EXPECT_TRUE(v.covering_from.empty()) << "not sitting at another post";
  ASSERT_EQ(v.remote_covers.size(), 1u);
  EXPECT_EQ(v.remote_covers[0].window, "W01");
  EXPECT_EQ(v.remote_covers[0].window_number, 1);
  EXPECT_EQ(v.remote_covers[0].away_name, "王建国");
  EXPECT_EQ(v.remote_text, "代办 1 号窗口 · 呼叫将在本窗口");
  std::map<std::string, int> queue_for;
  for (const auto& q : v.queues) queue_for[q.service] = q.for_window_number;
  EXPECT_EQ(queue_for, (std::map<std::string, int>{{"qiye", 0}, {"chujian", 0}, {"shebao", 1}, {"yibao", 1}}))
      << "call-next at W02 calls over both posts' services";
  EXPECT_TRUE(v.can.call);
  for (const auto& q : v.queues)
    if (q.service == "yibao") {
      EXPECT_EQ(q.next, (std::vector<std::string>{h.number(yibao)}));
    }
  EXPECT_EQ(h.call("W02"), h.number(yibao));
  v = view(h, "s003");
  ASSERT_TRUE(v.ticket);
  EXPECT_EQ(v.ticket->number, h.number(yibao));
  h.finish("W02");
  // The A comes back: the line goes, the queues are W02's own again.
  h.ok(as("s001", core::ReturnToPost{"s001"}));
  v = view(h, "s003");
  EXPECT_TRUE(v.remote_text.empty());
  EXPECT_EQ(v.queues.size(), 2u);
}

TEST_F(ConsoleStaffView, off_post_line_says_whether_a_substitute_took_over_ROFF1_ROFF3) {
  h.sign_in("s001", "W01");
  h.off_post("s001", 10);
  auto v = view(h, "s001");
  ASSERT_TRUE(v.off_post);
  EXPECT_EQ(v.off_post->destination, "档案室");
  EXPECT_EQ(v.off_post->covered_by, "");
  EXPECT_TRUE(v.can.return_to_post);
  EXPECT_FALSE(v.can.call || v.can.sign_in);
  EXPECT_EQ(v.post_number, 1) << "the queue of the post left stays in view";

  h.ok(as("s002", core::TakeOver{"s002", "W01"}));
  v = view(h, "s001");
  EXPECT_EQ(v.off_post->covered_by, "李秀梅");
  EXPECT_EQ(v.off_post->covered_as, "A");
  EXPECT_EQ(v.off_post->overdue, 0);
  h.advance(11 * 60);
  EXPECT_EQ(view(h, "s001").off_post->overdue, 60) << "R-OFF-3: a minute past the expected return";
}

TEST_F(ConsoleStaffView, queue_shows_waiting_next_numbers_and_oldest_wait) {
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.advance(120);
  h.issue("shebao");
  h.issue("shebao", "green");
  const auto v = view(h, "s001");
  ASSERT_EQ(v.queues.size(), 3u);  // W01 serves shebao, yibao, qiye
  const auto& q = v.queues[0];
  EXPECT_EQ(q.service, "shebao");
  EXPECT_EQ(q.waiting, 3);
  EXPECT_EQ(q.next, (std::vector<std::string>{"A003", "A001", "A002"})) << "R-Q-3: green channel first";
  EXPECT_EQ(q.oldest_wait, 120);
}

TEST_F(ConsoleStaffView, today_panel_counts_what_I_closed_newest_first_RQ8) {
  h.sign_in("s001", "W01");
  for (int i = 0; i < 3; ++i) h.issue("shebao");
  h.serve("W01");
  h.advance(60);
  h.call("W01");
  h.ok(as("s001", core::FinishService{"W01", "incomplete_materials", {"户口本原件"}}));
  h.advance(60);
  h.call("W01");
  h.ok(as("s001", core::MarkNoShow{"W01"}));
  const auto v = view(h, "s001");
  EXPECT_EQ(v.served_today, 1);
  EXPECT_EQ(v.incomplete_today, 1);
  EXPECT_EQ(v.no_show_today, 1);
  ASSERT_EQ(v.recent.size(), 3u);
  EXPECT_EQ(v.recent[0].number, "A003");
  EXPECT_EQ(v.recent[0].status, core::TicketStatus::no_show);
  EXPECT_TRUE(v.recent[1].incomplete);
  EXPECT_EQ(v.recent[1].missing, std::vector<std::string>{"户口本原件"});
  EXPECT_TRUE(view(h, "s002").recent.empty());
}

TEST_F(ConsoleStaffView, extended_service_is_announced_after_closing_RHRS3) {
  h.sign_in("s001", "W01");
  h.issue("yibao");  // served only at W01
  EXPECT_EQ(view(h, "s001").extended_waiting, 0) << "the session is still open";
  h.advance_to("2026-11-23T12:00:00");
  EXPECT_EQ(view(h, "s001").extended_waiting, 1);
  EXPECT_EQ(h.refused(as("s001", core::SignOut{"s001"})).code, Refusal::extended_service_required);
  h.serve("W01");
  EXPECT_EQ(view(h, "s001").extended_waiting, 0);
}

TEST_F(ConsoleStaffView, leaves_show_state_and_next_approver_RLV1) {
  h.ok(as("s001", core::RequestLeave{"s001", "2026-11-24", "2026-11-24", "事假"}));
  const auto v = view(h, "s001");
  ASSERT_EQ(v.leaves.size(), 1u);
  EXPECT_EQ(v.leaves[0].status, core::LeaveStatus::pending);
  EXPECT_EQ(v.leaves[0].next_approver, console::role_label(h.state.policy().leave_chain_short.front()));
}

TEST(ConsoleForms, off_post_cannot_be_sent_without_a_destination_ROFF1) {
  EXPECT_NE(console::check_off_post_form("取材料", "", 10), "");
  EXPECT_NE(console::check_off_post_form("取材料", "   ", 10), "");
  EXPECT_NE(console::check_off_post_form("", "档案室", 10), "");
  EXPECT_NE(console::check_off_post_form("取材料", "档案室", 0), "");
  EXPECT_EQ(console::check_off_post_form("取材料", "档案室", 10), "");
}

TEST(ConsoleForms, incomplete_materials_needs_the_missing_list_RQ8) {
  EXPECT_EQ(console::check_finish_form(false, {}), "");
  EXPECT_NE(console::check_finish_form(true, {}), "");
  EXPECT_NE(console::check_finish_form(true, {" "}), "");
  EXPECT_EQ(console::check_finish_form(true, {"户口本原件"}), "");
}

}  // namespace
}  // namespace hallq::test
