// Engine: cover from one's own window (R-AB-7) in a mutual-AB hall, and the right party charged
// for an empty window (R-EMP-2, R-EMP-4, R-ATT-2), at exact second boundaries.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/scores.hpp"
#include "protocol/state_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using Strings = std::vector<std::string>;

// In the test hall W01 (A s001, s002; B s003) and W02 (A s003, s004; B s001) are each other's AB.

std::string with_policy_text(std::string_view extra) {
  std::string json(hall_json);
  const std::string from = R"("policy": {"profile": "district-hall"})";
  const auto pos = json.find(from);
  EXPECT_NE(pos, std::string::npos);
  json.replace(pos, from.size(), R"("policy": {"profile": "district-hall", )" + std::string(extra) + "}");
  return json;
}

Events of_kind(const Events& events, EventType type, std::string_view kind = {}, std::string_view window = {}) {
  Events out;
  for (const auto& e : events)
    if (e.type == type && (kind.empty() || e.kind == kind) && (window.empty() || e.window == window)) out.push_back(e);
  return out;
}

Events since(const Hall& h, std::size_t mark) { return Events(h.log.begin() + static_cast<std::ptrdiff_t>(mark), h.log.end()); }

Command remote(const std::string& staff, const std::string& window, const std::string& from) {
  return as(staff, core::TakeOver{staff, window, from});
}

/// s001 on post at W01 and s003 at W02 from 08:50; at 09:30 s001 goes off post properly
/// (reason, destination, 10 minutes). Clock left at 09:30:00.
void mutual_pair_with_a_away(Hall& h) {
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.sign_in("s005", "W03");
  h.sign_in("s007", "W04");
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 10);
}

// [SECTION] R-AB-7: the cover itself

TEST(RAB7, B_on_post_at_own_window_covers_the_absent_A_from_there_and_no_window_goes_empty) {
  Hall h;
  mutual_pair_with_a_away(h);
  ASSERT_FALSE(h.state.windows.at("W01").cover_alert.empty());
  // In person the cover is refused: it would empty W02 (R-AB-6) …
  EXPECT_EQ(h.refused(as("s003", core::TakeOver{"s003", "W01"})).code, Refusal::would_empty_window);
  // … from W02 it is not.
  const std::size_t mark = h.log.size();
  const auto ev = h.ok(remote("s003", "W01", "W02"));
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].type, EventType::staff_took_over);
  EXPECT_EQ(ev[0].remote, std::optional<bool>(true));
  EXPECT_EQ(ev[0].from_window, "W02");
  EXPECT_EQ(ev[0].as, "B");
  const auto& w1 = h.state.windows.at("W01");
  EXPECT_EQ(w1.on_post, "s003");
  EXPECT_EQ(w1.on_post_as, "B");
  EXPECT_EQ(w1.redirect_to, "W02");
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::covered);
  EXPECT_EQ(h.state.windows.at("W02").on_post, "s003");  // still at their own window
  EXPECT_EQ(h.state.staff.at("s003").post, "W02");
  EXPECT_EQ(of_kind(since(h, mark), EventType::alert_resolved, "cover_needed", "W01").size(), 1u);
  // Well past the grace period and up to the A's return: nothing empty, nothing charged.
  h.advance_to("2026-11-23T09:39:59");
  const auto later = since(h, mark);
  EXPECT_TRUE(of_kind(later, EventType::alert_raised, "window_empty").empty());
  EXPECT_TRUE(of_kind(later, EventType::alert_raised, "cover_needed").empty());
  EXPECT_TRUE(of_kind(later, EventType::violation_proposed).empty());
}

TEST(RAB7, redirected_tickets_are_called_at_the_covering_window_in_R_Q_3_order_over_both_posts) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.advance_to("2026-11-23T09:10:00");
  const std::string yibao = h.issue("yibao");  // only W01 serves yibao
  h.advance_to("2026-11-23T09:20:00");
  const std::string chujian = h.issue("chujian");  // only W02
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 10);
  h.ok(remote("s003", "W01", "W02"));
  h.advance_to("2026-11-23T09:31:00");
  const std::string green = h.issue("yibao", "green");
  const std::string later = h.issue("yibao");
  // Nothing is called at the post covered from elsewhere.
  EXPECT_EQ(h.refused(as("s003", core::CallNext{"W01"})).code, Refusal::window_redirected);
  // Green channel first, then by original issue time across both posts' services.
  EXPECT_EQ(h.call("W02"), h.number(green));
  EXPECT_EQ(h.state.ticket(green)->window, "W02");
  h.finish("W02");
  EXPECT_EQ(h.call("W02"), h.number(yibao));
  EXPECT_EQ(h.state.ticket(yibao)->key.issued_at, at("2026-11-23T09:10:00"));  // original issue time kept
  h.finish("W02");
  EXPECT_EQ(h.call("W02"), h.number(chujian));
  h.finish("W02");
  EXPECT_EQ(h.call("W02"), h.number(later));
  // The call list names the window the citizen goes to.
  EXPECT_EQ(h.state.recent_calls.front().window, "W02");
}

TEST(RAB7, the_A_returning_ends_the_redirect_with_handed_back_and_the_B_stays_at_home) {
  Hall h;
  mutual_pair_with_a_away(h);
  h.ok(remote("s003", "W01", "W02"));
  h.advance_to("2026-11-23T09:38:00");
  const std::size_t mark = h.log.size();
  const auto ev = h.ok(as("s001", core::ReturnToPost{"s001"}));
  const auto back = of_kind(ev, EventType::staff_handed_back);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].staff, "s003");
  EXPECT_EQ(back[0].from_window, "W01");
  EXPECT_EQ(back[0].window, "W02");
  EXPECT_EQ(back[0].remote, std::optional<bool>(true));
  EXPECT_EQ(h.state.windows.at("W01").on_post, "s001");
  EXPECT_EQ(h.state.windows.at("W01").on_post_as, "A");
  EXPECT_TRUE(h.state.windows.at("W01").redirect_to.empty());
  EXPECT_EQ(h.state.windows.at("W02").on_post, "s003");
  EXPECT_EQ(h.state.staff.at("s003").post, "W02");
  EXPECT_TRUE(of_kind(since(h, mark), EventType::alert_raised).empty());
  // The A's own tickets are called at its own window again.
  h.issue("yibao");
  EXPECT_FALSE(h.call("W01").empty());
}

TEST(RAB7, the_B_leaving_ends_the_redirect_and_the_usual_rules_apply_at_once) {
  Hall h;
  mutual_pair_with_a_away(h);
  h.ok(remote("s003", "W01", "W02"));
  h.advance_to("2026-11-23T09:34:00");
  const std::size_t mark = h.log.size();
  h.ok(as("s003", core::GoOffPost{"s003", "复印", "文印室", 5}));
  EXPECT_TRUE(h.state.windows.at("W01").on_post.empty());
  EXPECT_TRUE(h.state.windows.at("W01").redirect_to.empty());
  const auto now = since(h, mark);
  EXPECT_EQ(of_kind(now, EventType::alert_raised, "cover_needed", "W01").size(), 1u);
  EXPECT_EQ(of_kind(now, EventType::alert_raised, "cover_needed", "W02").size(), 1u);
  // R-EMP-1 from the moment the cover ended: empty exactly at the grace, not a second before.
  h.advance_to("2026-11-23T09:36:59");
  EXPECT_TRUE(of_kind(since(h, mark), EventType::alert_raised, "window_empty", "W01").empty());
  h.advance_to("2026-11-23T09:37:00");
  EXPECT_EQ(of_kind(since(h, mark), EventType::alert_raised, "window_empty", "W01").size(), 1u);
}

TEST(RAB7, signing_out_ends_the_redirect_too) {
  Hall h;
  mutual_pair_with_a_away(h);
  h.ok(remote("s003", "W01", "W02"));
  const std::size_t mark = h.log.size();
  h.ok(as("s003", core::SignOut{"s003"}));
  EXPECT_TRUE(h.state.windows.at("W01").on_post.empty());
  EXPECT_TRUE(h.state.windows.at("W01").redirect_to.empty());
  EXPECT_EQ(of_kind(since(h, mark), EventType::alert_raised, "cover_needed", "W01").size(), 1u);
}

TEST(RAB7, remote_cover_max_minutes_asks_someone_to_sit_at_the_window_exactly_on_time) {
  Hall h(with_policy_text(R"("remote_cover_max_minutes": 20)"));
  mutual_pair_with_a_away(h);
  h.ok(as("s001", core::ReturnToPost{"s001"}));  // back at once; go again for longer
  h.ok(as("s001", core::GoOffPost{"s001", "开会", "三楼会议室", 60}));
  h.ok(remote("s003", "W01", "W02"));
  const std::size_t mark = h.log.size();
  h.advance_to("2026-11-23T09:49:59");
  EXPECT_TRUE(of_kind(since(h, mark), EventType::alert_raised, "cover_needed").empty());
  h.advance_to("2026-11-23T09:50:00");
  const auto raised = of_kind(since(h, mark), EventType::alert_raised, "cover_needed", "W01");
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].rule, "R-AB-7");
  EXPECT_NE(std::find(raised[0].notify.begin(), raised[0].notify.end(), "s002"), raised[0].notify.end());
  // Still covered: no empty window, no deduction while the redirect stands.
  h.advance_to("2026-11-23T10:10:00");
  EXPECT_TRUE(of_kind(since(h, mark), EventType::alert_raised, "window_empty").empty());
  EXPECT_TRUE(of_kind(since(h, mark), EventType::violation_proposed, "window_empty").empty());
  // Someone comes to sit there: the remote cover is relieved and the alert resolves.
  const auto ev = h.ok(as("s002", core::TakeOver{"s002", "W01"}));
  EXPECT_EQ(of_kind(ev, EventType::staff_handed_back).size(), 1u);
  EXPECT_EQ(h.state.windows.at("W01").on_post, "s002");
  EXPECT_TRUE(h.state.windows.at("W01").redirect_to.empty());
  EXPECT_EQ(h.state.windows.at("W02").on_post, "s003");
  EXPECT_EQ(of_kind(since(h, mark), EventType::alert_resolved, "cover_needed", "W01").size(), 1u);
  EXPECT_TRUE(h.state.windows.at("W01").remote_alert.empty());
}

TEST(RAB7, policy_can_turn_remote_cover_off_and_the_refusal_changes_nothing) {
  Hall h(with_policy_text(R"("remote_cover": false)"));
  mutual_pair_with_a_away(h);
  const std::size_t mark = h.log.size();
  EXPECT_EQ(h.refused(remote("s003", "W01", "W02")).code, Refusal::remote_cover_disabled);
  EXPECT_EQ(h.log.size(), mark);
  for (const auto& c : core::substitutes(h.state, "W01", h.now)) EXPECT_FALSE(c.remote);
}

TEST(RAB7, refusals_from_the_wrong_window_an_occupied_post_or_an_unknown_window) {
  Hall h;
  mutual_pair_with_a_away(h);
  const std::size_t mark = h.log.size();
  EXPECT_EQ(h.refused(remote("s003", "W01", "W03")).code, Refusal::not_on_post);  // s003 sits at W02
  EXPECT_EQ(h.refused(remote("s003", "W01", "W99")).code, Refusal::unknown_window);
  EXPECT_EQ(h.refused(remote("s003", "W01", "W01")).code, Refusal::invalid);
  EXPECT_EQ(h.refused(remote("s005", "W01", "W03")).code, Refusal::not_qualified);  // not on W01's rosters
  EXPECT_EQ(h.refused(remote("s003", "W03", "W02")).code, Refusal::not_qualified);
  EXPECT_EQ(h.log.size(), mark);
  h.ok(remote("s003", "W01", "W02"));
  EXPECT_EQ(h.refused(remote("s003", "W01", "W02")).code, Refusal::already_on_post);
}

TEST(RAB7, substitutes_list_the_remote_option_ranked_above_the_one_that_empties_a_window) {
  Hall h;
  mutual_pair_with_a_away(h);
  const auto c = core::substitutes(h.state, "W01", h.now);
  const auto in_person = std::find_if(c.begin(), c.end(), [](const auto& x) { return x.staff == "s003" && !x.remote; });
  const auto from_seat = std::find_if(c.begin(), c.end(), [](const auto& x) { return x.staff == "s003" && x.remote; });
  ASSERT_NE(in_person, c.end());
  ASSERT_NE(from_seat, c.end());
  EXPECT_TRUE(in_person->empties_window);
  EXPECT_FALSE(from_seat->empties_window);
  EXPECT_TRUE(from_seat->available);
  EXPECT_EQ(from_seat->on_post, "W02");
  EXPECT_LT(from_seat - c.begin(), in_person - c.begin());
  EXPECT_EQ(c.front().staff, "s003");  // the best option, with nobody free to come in person
  EXPECT_TRUE(c.front().remote);
}

TEST(RAB7, a_sensor_finding_the_redirected_post_empty_is_no_unreported_absence) {
  Hall h;
  mutual_pair_with_a_away(h);
  h.ok(remote("s003", "W01", "W02"));
  const std::size_t mark = h.log.size();
  h.advance(60);
  h.ok(as("sensor-1", core::ReportPresence{"W01", false}));
  EXPECT_TRUE(of_kind(since(h, mark), EventType::alert_raised, "unreported_absence").empty());
}

TEST(RAB7, signing_out_with_the_covered_posts_citizens_waiting_is_extended_service) {
  Hall h;
  mutual_pair_with_a_away(h);
  h.ok(remote("s003", "W01", "W02"));
  h.issue("yibao");  // only W01 serves it, and W01 is covered from W02
  EXPECT_EQ(h.refused(as("s003", core::SignOut{"s003"})).code, Refusal::extended_service_required);  // R-HRS-3
}

TEST(RAB7, the_remote_cover_survives_a_snapshot_round_trip) {
  Hall h(with_policy_text(R"("remote_cover_max_minutes": 5)"));
  mutual_pair_with_a_away(h);
  h.ok(remote("s003", "W01", "W02"));
  h.advance_to("2026-11-23T09:36:00");
  const auto back = proto::decode_state(proto::encode_state(h.state), h.config);
  ASSERT_TRUE(back);
  const auto& w = back->windows.at("W01");
  EXPECT_EQ(w.redirect_to, "W02");
  EXPECT_EQ(w.redirect_since, at("2026-11-23T09:30:00"));
  EXPECT_EQ(w.remote_alert, h.state.windows.at("W01").remote_alert);
  EXPECT_FALSE(w.remote_alert.empty());
  EXPECT_EQ(*back, h.state);
}

// [SECTION] R-EMP-2: the right party is charged, once

TEST(REMP2, a_properly_reported_off_post_nobody_covered_charges_the_department_not_the_reporter) {
  Hall h(with_policy_text(R"("remote_cover": false)"));
  mutual_pair_with_a_away(h);  // s003 cannot come: it would empty W02
  const std::size_t mark = h.log.size();
  h.advance_to("2026-11-23T09:33:00");
  const auto v = of_kind(since(h, mark), EventType::violation_proposed, "window_empty");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].staff, "");
  EXPECT_EQ(v[0].department, "zwb");
  h.ok(as("s008", core::DecideViolation{v[0].violation, true, "", false}));
  const auto sc = core::compute_scores(h.state, 2026);
  const auto person = std::find_if(sc.staff.begin(), sc.staff.end(), [](const auto& x) { return x.id == "s001"; });
  ASSERT_NE(person, sc.staff.end());
  EXPECT_TRUE(person->violations.empty());
  EXPECT_EQ(person->bulletins, 0);
}

TEST(REMP2, lateness_and_the_empty_window_it_caused_are_one_incident_with_one_deduction) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s003", "W02");
  h.sign_in("s005", "W03");
  h.sign_in("s007", "W04");
  // Nobody at W01 when the session opens; s003 would have to leave W02 (remote cover is for a
  // reported absence, and nobody asks for it here).
  h.advance_to("2026-11-23T09:03:00");
  const auto empty = of_kind(h.log, EventType::violation_proposed, "window_empty");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].window, "W01");
  ASSERT_FALSE(empty[0].incident.empty());
  h.advance_to("2026-11-23T09:10:00");
  const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
  const auto late = of_kind(ev, EventType::violation_proposed, "schedule");
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].staff, "s001");
  EXPECT_EQ(late[0].incident, empty[0].incident);
  const auto linked = of_kind(ev, EventType::violation_dismissed);
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0].violation, empty[0].violation);
  EXPECT_EQ(linked[0].reason, "same_incident");
  EXPECT_EQ(h.state.violations.at(empty[0].violation).status, core::ViolationStatus::dismissed);
  h.ok(as("s008", core::DecideViolation{late[0].violation, true, "", false}));
  const auto sc = core::compute_scores(h.state, 2026);
  const auto dept = std::find_if(sc.departments.begin(), sc.departments.end(), [](const auto& d) { return d.id == "zwb"; });
  ASSERT_NE(dept, sc.departments.end());
  EXPECT_EQ(dept->deducted_milli, core::milli_points(h.state.policy().deductions.at("schedule")));
}

TEST(REMP2, a_late_arrival_within_the_grace_links_nothing_and_is_charged_once) {
  Hall h;
  h.advance_to("2026-11-23T09:02:00");
  const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
  EXPECT_EQ(of_kind(ev, EventType::violation_proposed, "schedule").size(), 1u);
  EXPECT_TRUE(of_kind(ev, EventType::violation_dismissed).empty());
  EXPECT_TRUE(of_kind(h.log, EventType::violation_proposed, "window_empty").empty() ||
              of_kind(h.log, EventType::violation_proposed, "window_empty")[0].window != "W01");
}

}  // namespace
}  // namespace hallq::test
