// Engine: staff presence — sign-in/out, off-post reports, take-over and hand-back (R-ATT-1, R-OFF-*, R-AB-*).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_hall.hpp"

namespace hallq::test {
namespace {

using Strings = std::vector<std::string>;

core::Command take_over(const std::string& staff, const std::string& window) { return as(staff, core::TakeOver{staff, window}); }
core::Command go_back(const std::string& staff) { return as(staff, core::ReturnToPost{staff}); }
core::Command sign_out(const std::string& staff) { return as(staff, core::SignOut{staff}); }

// [SECTION] sign-in (R-ATT-1)

TEST(SignIn, a_staff_goes_on_post_as_A) {
  Hall h;
  const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
  ASSERT_EQ(types(ev), Strings{"staff.signed_in"});
  EXPECT_EQ(ev[0].staff, "s001");
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_EQ(ev[0].as, "A");
  EXPECT_EQ(ev[0].at, at("2026-11-23T08:30:00"));
  const auto& st = h.state.staff.at("s001");
  EXPECT_TRUE(st.signed_in);
  EXPECT_EQ(st.signed_in_at, at("2026-11-23T08:30:00"));
  EXPECT_EQ(st.post, "W01");
  EXPECT_EQ(st.post_as, "A");
  EXPECT_EQ(h.on_post("W01"), "s001");
  EXPECT_EQ(h.state.windows.at("W01").on_post_as, "A");
}

TEST(SignIn, refused_for_staff_not_on_the_A_roster) {
  Hall h;
  const auto b = h.refused(as("s003", core::SignIn{"s003", "W01"}));  // B of W01
  EXPECT_EQ(b.code, Refusal::not_qualified);
  EXPECT_EQ(b.kind, Rejected::Kind::conflict);
  EXPECT_EQ(h.refused(as("s005", core::SignIn{"s005", "W01"})).code, Refusal::not_qualified);  // another department
  EXPECT_EQ(h.refused(as("s404", core::SignIn{"s404", "W01"})).code, Refusal::unknown_staff);
  EXPECT_EQ(h.refused(as("s001", core::SignIn{"s001", "W99"})).code, Refusal::unknown_window);
  EXPECT_FALSE(h.state.staff.at("s003").signed_in);
}

TEST(SignIn, refused_when_the_window_is_occupied_or_the_staff_already_on_post) {
  Hall h;
  h.sign_in("s001", "W01");
  EXPECT_EQ(h.refused(as("s002", core::SignIn{"s002", "W01"})).code, Refusal::window_occupied);
  EXPECT_EQ(h.refused(as("s001", core::SignIn{"s001", "W01"})).code, Refusal::already_on_post);
  h.off_post("s001");
  EXPECT_EQ(h.refused(as("s001", core::SignIn{"s001", "W01"})).code, Refusal::off_post);
}

TEST(SignIn, refused_at_a_closed_window) {
  Hall h;
  h.ok(as("s008", core::CloseWindow{"W03"}));
  EXPECT_TRUE(h.state.windows.at("W03").closed);
  EXPECT_EQ(h.refused(as("s005", core::SignIn{"s005", "W03"})).code, Refusal::window_closed);
  h.ok(as("s008", core::OpenWindow{"W03"}));
  h.sign_in("s005", "W03");
}

// [SECTION] off-post (R-OFF-1, R-OFF-2) and return

TEST(ROFF1, off_post_needs_reason_destination_and_expected_return) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  const auto no_reason = h.refused(as("s001", core::GoOffPost{"s001", "", "档案室", 10}));
  EXPECT_EQ(no_reason.code, Refusal::invalid);
  EXPECT_EQ(no_reason.kind, Rejected::Kind::invalid);
  const auto no_dest = h.refused(as("s001", core::GoOffPost{"s001", "取材料", "", 10}));
  EXPECT_EQ(no_dest.code, Refusal::invalid);
  EXPECT_EQ(no_dest.kind, Rejected::Kind::invalid);
  const auto no_minutes = h.refused(as("s001", core::GoOffPost{"s001", "取材料", "档案室", 0}));
  EXPECT_EQ(no_minutes.code, Refusal::invalid);
  EXPECT_EQ(no_minutes.kind, Rejected::Kind::invalid);
  EXPECT_EQ(h.refused(as("s001", core::GoOffPost{"s001", "取材料", "档案室", -5})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s001", core::GoOffPost{"s001", "取材料", "档案室", 24 * 60 + 1})).code, Refusal::invalid);
  EXPECT_EQ(h.on_post("W01"), "s001");

  h.advance(125);
  const auto ev = h.ok(as("s001", core::GoOffPost{"s001", "取材料", "档案室", 15}));
  ASSERT_EQ(types(ev), Strings{"staff.off_post"});
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_EQ(ev[0].reason, "取材料");
  EXPECT_EQ(ev[0].destination, "档案室");
  EXPECT_EQ(ev[0].expected_return, at("2026-11-23T09:17:05"));
  EXPECT_TRUE(h.on_post("W01").empty());
  EXPECT_EQ(h.state.windows.at("W01").off_staff, "s001");  // the post sign shows who left
  const auto& st = h.state.staff.at("s001");
  ASSERT_TRUE(st.off_post.has_value());
  EXPECT_EQ(st.off_post->window, "W01");
  EXPECT_EQ(st.off_post->since, at("2026-11-23T09:02:05"));
  EXPECT_TRUE(st.post.empty());
  EXPECT_TRUE(st.signed_in);
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::uncovered);

  EXPECT_EQ(h.refused(as("s002", core::GoOffPost{"s002", "取材料", "档案室", 5})).code, Refusal::not_on_post);
}

TEST(ROFF2, leaving_during_a_ticket_in_service_is_refused) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.issue("shebao");
  h.call("W03");
  const auto called = h.refused(as("s005", core::GoOffPost{"s005", "喝水", "茶水间", 5}));
  EXPECT_EQ(called.code, Refusal::ticket_in_progress);
  EXPECT_EQ(called.kind, Rejected::Kind::conflict);
  h.ok(as("s005", core::StartService{"W03"}));
  EXPECT_EQ(h.refused(as("s005", core::GoOffPost{"s005", "喝水", "茶水间", 5})).code, Refusal::ticket_in_progress);
  h.ok(as("s005", core::FinishService{"W03", "done", {}}));
  h.off_post("s005");
  EXPECT_TRUE(h.on_post("W03").empty());
}

TEST(ROFF1, return_puts_the_staff_back_on_the_post_left) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  EXPECT_EQ(h.refused(go_back("s001")).code, Refusal::not_off_post);
  h.off_post("s001");
  h.advance(300);
  const auto ev = h.ok(go_back("s001"));
  ASSERT_EQ(types(ev), Strings{"staff.returned"});
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_EQ(ev[0].as, "A");
  EXPECT_EQ(h.on_post("W01"), "s001");
  EXPECT_TRUE(h.state.windows.at("W01").off_staff.empty());
  EXPECT_FALSE(h.state.staff.at("s001").off_post.has_value());
  EXPECT_EQ(h.state.staff.at("s001").post, "W01");
}

// [SECTION] take-over (R-AB-3, R-AB-6)

TEST(RAB3, B_takes_over_an_uncovered_post_with_the_rights_of_A) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.issue("yibao");
  h.off_post("s001");
  const auto ev = h.ok(take_over("s003", "W01"));  // s003: B of W01, not signed in yet
  ASSERT_EQ(types(ev), Strings{"staff.took_over"});
  EXPECT_EQ(ev[0].staff, "s003");
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_EQ(ev[0].as, "B");
  EXPECT_EQ(ev[0].from_window, "");
  EXPECT_EQ(h.on_post("W01"), "s003");
  EXPECT_EQ(h.state.windows.at("W01").on_post_as, "B");
  EXPECT_TRUE(h.state.staff.at("s003").signed_in);  // taking over counts as arriving
  EXPECT_EQ(h.state.staff.at("s003").post_as, "B");
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::covered);
  EXPECT_EQ(h.call("W01"), "Y001");  // A's rights and duties
}

TEST(RAB3, another_A_of_the_roster_may_take_over) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.off_post("s001");
  const auto ev = h.ok(take_over("s002", "W01"));
  ASSERT_EQ(types(ev), Strings{"staff.took_over"});
  EXPECT_EQ(ev[0].as, "A");
  EXPECT_EQ(h.state.windows.at("W01").on_post_as, "A");
  // s001 returns: s002 hands the post back and, having no post of its own, has none.
  const auto back = h.ok(go_back("s001"));
  ASSERT_EQ(types(back), (Strings{"staff.handed_back", "staff.returned"}));
  EXPECT_EQ(back[0].staff, "s002");
  EXPECT_EQ(back[0].from_window, "W01");
  EXPECT_EQ(back[0].window, "");
  EXPECT_EQ(h.on_post("W01"), "s001");
  EXPECT_TRUE(h.state.staff.at("s002").post.empty());
}

TEST(RAB3, take_over_refusals) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  const auto stranger = h.refused(take_over("s005", "W01"));  // on neither roster
  EXPECT_EQ(stranger.code, Refusal::not_qualified);
  EXPECT_EQ(h.refused(take_over("s003", "W01")).code, Refusal::window_occupied);
  EXPECT_EQ(h.refused(take_over("s001", "W01")).code, Refusal::already_on_post);
  EXPECT_EQ(h.refused(take_over("s404", "W01")).code, Refusal::unknown_staff);
  EXPECT_EQ(h.refused(take_over("s003", "W99")).code, Refusal::unknown_window);
  h.off_post("s001");
  // s006 is A of W03 but nothing of W01.
  EXPECT_EQ(h.refused(take_over("s006", "W01")).code, Refusal::not_qualified);
}

TEST(RAB3, B_not_trained_for_every_service_of_the_post_is_not_qualified) {
  // W01 gets a second B, s006, whose skills list lacks yibao (s003 still covers W01, so the
  // config is valid under R-AB-1).
  std::string json(hall_json);
  const std::string w01 = R"("a": ["s001", "s002"], "b": ["s003"])";
  json.replace(json.find(w01), w01.size(), R"("a": ["s001", "s002"], "b": ["s003", "s006"])");
  const std::string s006 = R"("name": "杨丽娟", "department": "rsj",)";
  json.replace(json.find(s006), s006.size(), s006 + R"( "skills": ["shebao", "jiuye"],)");
  Hall h(json);
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.off_post("s001");
  const auto r = h.refused(take_over("s006", "W01"));
  EXPECT_EQ(r.code, Refusal::not_qualified);
  EXPECT_NE(r.message.find("yibao"), std::string::npos);
  EXPECT_EQ(types(h.ok(take_over("s003", "W01"))), Strings{"staff.took_over"});
}

TEST(RAB6, cover_that_would_empty_the_takers_own_open_window_is_refused) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");  // s003 is A at W02 and B of W01
  h.off_post("s001");
  const auto r = h.refused(take_over("s003", "W01"));
  EXPECT_EQ(r.code, Refusal::would_empty_window);
  EXPECT_EQ(r.kind, Rejected::Kind::conflict);
  EXPECT_NE(r.message.find("W02"), std::string::npos);
  EXPECT_EQ(h.on_post("W02"), "s003");
  EXPECT_TRUE(h.on_post("W01").empty());
}

TEST(RAB6, cover_is_allowed_when_the_takers_window_is_closed) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001");
  h.ok(as("s008", core::CloseWindow{"W02"}));
  const auto ev = h.ok(take_over("s003", "W01"));
  ASSERT_EQ(types(ev), Strings{"staff.took_over"});
  EXPECT_EQ(ev[0].from_window, "W02");
  EXPECT_EQ(ev[0].as, "B");
  EXPECT_EQ(h.on_post("W01"), "s003");
  EXPECT_TRUE(h.on_post("W02").empty());
  EXPECT_EQ(h.state.staff.at("s003").home, "W02");
}

TEST(RAB6, cover_is_allowed_outside_sessions_when_the_takers_window_has_no_work) {
  Hall h;  // 08:30, before opening
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001");
  EXPECT_EQ(h.ok(take_over("s003", "W01")).size(), 1u);
}

TEST(RAB6, cover_refused_outside_sessions_while_the_takers_window_still_has_work) {
  Hall h;
  h.advance_to("2026-11-23T11:55:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.issue("chujian");  // only W02 serves it
  h.advance_to("2026-11-23T12:05:00");
  h.off_post("s001");
  EXPECT_EQ(h.refused(take_over("s003", "W01")).code, Refusal::would_empty_window);
}

TEST(RAB6, taker_with_a_ticket_in_progress_is_refused) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.issue("qiye");
  EXPECT_EQ(h.call("W02"), "Q001");
  h.off_post("s001");
  EXPECT_EQ(h.refused(take_over("s003", "W01")).code, Refusal::ticket_in_progress);
}

// [SECTION] hand-back (R-AB-3, API.md return)

TEST(RAB3, return_of_A_hands_the_post_back_and_B_goes_home) {
  Hall h;  // 08:40, before opening: covering does not empty an open window
  h.advance_to("2026-11-23T08:40:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 30);
  const auto took = h.ok(take_over("s003", "W01"));
  ASSERT_EQ(types(took), Strings{"staff.took_over"});
  EXPECT_EQ(took[0].from_window, "W02");
  EXPECT_EQ(h.state.staff.at("s003").home, "W02");
  EXPECT_TRUE(h.on_post("W02").empty());

  h.advance_to("2026-11-23T09:05:00");
  EXPECT_EQ(h.refused(as("s003", core::SignIn{"s003", "W02"})).code, Refusal::already_on_post);
  const auto ev = h.ok(go_back("s001"));
  ASSERT_EQ(types(ev), (Strings{"staff.handed_back", "staff.returned"}));
  EXPECT_EQ(ev[0].staff, "s003");
  EXPECT_EQ(ev[0].from_window, "W01");
  EXPECT_EQ(ev[0].window, "W02");
  EXPECT_EQ(ev[0].as, "A");
  EXPECT_EQ(ev[1].staff, "s001");
  EXPECT_EQ(ev[1].window, "W01");
  EXPECT_EQ(ev[1].as, "A");
  EXPECT_EQ(ev[1].seq, ev[0].seq + 1);

  EXPECT_EQ(h.on_post("W01"), "s001");
  EXPECT_EQ(h.state.windows.at("W01").on_post_as, "A");
  EXPECT_EQ(h.on_post("W02"), "s003");
  EXPECT_EQ(h.state.windows.at("W02").on_post_as, "A");
  EXPECT_EQ(h.state.staff.at("s003").post, "W02");
  EXPECT_TRUE(h.state.staff.at("s003").home.empty());
  EXPECT_TRUE(h.state.windows.at("W01").off_staff.empty());
}

TEST(RAB3, return_waits_while_the_covering_B_serves_a_ticket) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.off_post("s001");
  h.ok(take_over("s003", "W01"));
  h.issue("shebao");
  h.call("W01");
  EXPECT_EQ(h.refused(go_back("s001")).code, Refusal::ticket_in_progress);
  h.finish("W01");
  EXPECT_EQ(types(h.ok(go_back("s001"))), (Strings{"staff.handed_back", "staff.returned"}));
}

// Regression (fixed): decide.cpp ReturnToPost assumes whoever is on post at the post left is a coverer. A B
// who covered W01 and then went off post from W01 later "returns" to W01; if the A came back
// meanwhile, the engine emits staff.handed_back for the A (from its own window, to nowhere)
// and seats the B at W01 — the A is pushed off its own post. Expected: the A keeps W01 and
// the returning B goes back to its home post W02 (or at least does not displace the A).
TEST(RAB3, returning_B_does_not_push_the_A_off_its_own_post) {
  Hall h;
  h.advance_to("2026-11-23T08:40:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.off_post("s001", 30);
  h.ok(take_over("s003", "W01"));
  h.off_post("s003", 5);  // the B leaves the covered post W01 for a moment
  h.ok(go_back("s001"));  // the A is back at W01
  ASSERT_EQ(h.on_post("W01"), "s001");
  const auto ev = h.ok(go_back("s003"));
  EXPECT_EQ(h.on_post("W01"), "s001");
  EXPECT_EQ(h.state.staff.at("s001").post, "W01");
  EXPECT_EQ(h.state.staff.at("s003").post, "W02");
  for (const auto& e : without_alerts(ev)) EXPECT_NE(e.staff, "s001") << domain::to_string(e.type) << " moves the A";
}

// [SECTION] sign-out

TEST(SignOut, leaves_the_post_and_ends_attendance) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  EXPECT_EQ(h.refused(sign_out("s001")).code, Refusal::not_signed_in);
  h.sign_in("s001", "W01");
  h.issue("shebao");
  h.call("W01");
  EXPECT_EQ(h.refused(sign_out("s001")).code, Refusal::ticket_in_progress);
  h.finish("W01");
  const auto ev = h.ok(sign_out("s001"));
  ASSERT_EQ(types(ev), Strings{"staff.signed_out"});
  EXPECT_EQ(ev[0].staff, "s001");
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_TRUE(h.on_post("W01").empty());
  EXPECT_FALSE(h.state.staff.at("s001").signed_in);
  EXPECT_TRUE(h.state.staff.at("s001").post.empty());
  // Signing in again the same day is allowed.
  h.sign_in("s001", "W01");
  EXPECT_EQ(h.on_post("W01"), "s001");
}

TEST(SignOut, off_post_staff_signing_out_clears_the_post_sign) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.off_post("s005");
  EXPECT_EQ(h.state.windows.at("W03").off_staff, "s005");
  h.ok(sign_out("s005"));
  EXPECT_TRUE(h.state.windows.at("W03").off_staff.empty());
  EXPECT_FALSE(h.state.staff.at("s005").off_post.has_value());
}

// [SECTION] windows

TEST(Window, close_refused_while_citizens_wait_only_for_it) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.issue("yibao");  // only W01 serves yibao
  const auto r = h.refused(as("s008", core::CloseWindow{"W01"}));
  EXPECT_EQ(r.code, Refusal::queue_not_empty);
  h.issue("shebao");
  EXPECT_EQ(h.call("W01"), "Y001");
  EXPECT_EQ(h.refused(as("s008", core::CloseWindow{"W01"})).code, Refusal::queue_not_empty);  // on a ticket
  h.finish("W01");
  // shebao still waits, but W03/W04 serve it.
  EXPECT_EQ(types(h.ok(as("s008", core::CloseWindow{"W01"}))), Strings{"window.closed"});
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::closed);
  EXPECT_EQ(h.refused(as("s001", core::CallNext{"W01"})).code, Refusal::window_closed);
  EXPECT_TRUE(h.ok(as("s008", core::CloseWindow{"W01"})).empty());  // already closed: no change
  EXPECT_EQ(types(h.ok(as("s008", core::OpenWindow{"W01"}))), Strings{"window.opened"});
  EXPECT_TRUE(h.ok(as("s008", core::OpenWindow{"W01"})).empty());
}

TEST(Window, presence_reading_is_recorded) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto ev = h.ok(as("sensor-1", core::ReportPresence{"W03", false}));
  ASSERT_EQ(types(ev), Strings{"window.presence"});
  ASSERT_TRUE(ev[0].present.has_value());
  EXPECT_FALSE(*ev[0].present);
  EXPECT_FALSE(h.state.windows.at("W03").presence.value_or(true));
  EXPECT_EQ(h.state.windows.at("W03").presence_at, at("2026-11-23T09:00:00"));
}

}  // namespace
}  // namespace hallq::test
