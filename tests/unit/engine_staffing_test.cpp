// Engine: the live staffing rules at exact second boundaries — cover, empty windows, escalation,
// unreported absence, overdue off-post, attendance, leave chains, violations, restart (R-AB-*,
// R-EMP-*, R-OFF-*, R-ATT-2, R-LV-*, R-SCR-2).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/event_codec.hpp"
#include "protocol/state_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using Strings = std::vector<std::string>;
using Seqs = std::vector<std::int64_t>;

// [SECTION] hall variants

std::string edit(std::string json, std::string_view from, std::string_view to) {
  const auto pos = json.find(from);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "fixture text not found: " << from;
    return json;
  }
  json.replace(pos, from.size(), to);
  return json;
}

/// The test hall with another profile and/or policy overrides, e.g. R"("cover_grace_minutes": 5)".
std::string with_policy(std::string_view overrides, std::string_view profile = "district-hall",
                        std::string json = std::string(hall_json)) {
  std::string policy = R"("policy": {"profile": ")" + std::string(profile) + "\"";
  if (!overrides.empty()) policy += ", " + std::string(overrides);
  policy += "}";
  return edit(std::move(json), R"("policy": {"profile": "district-hall"})", policy);
}

/// Adds the approver roles of the leave chains: s009 department_head (zwb), s012 department_head
/// (rsj), s010 deputy_head, s011 admin.
std::string with_approvers(std::string json = std::string(hall_json)) {
  const std::string_view s008 = R"({"id": "s008", "name": "黄晓芳", "department": "zwb", "role": "supervisor", "pin": "1008"})";
  return edit(std::move(json), s008,
              std::string(s008) +
                  R"(,
    {"id": "s009", "name": "孙部长", "department": "zwb", "role": "department_head", "pin": "1009"},
    {"id": "s010", "name": "周副主任", "department": "zwb", "role": "deputy_head", "pin": "1010"},
    {"id": "s011", "name": "系统管理员", "department": "zwb", "role": "admin", "pin": "1011"},
    {"id": "s012", "name": "钱处长", "department": "rsj", "role": "department_head", "pin": "1012"})");
}

// [SECTION] event helpers

Events since(const Hall& h, std::size_t mark) { return Events(h.log.begin() + static_cast<std::ptrdiff_t>(mark), h.log.end()); }

Events pick(const Events& events, EventType type, std::string_view kind = {}, std::string_view window = {}) {
  Events out;
  for (const auto& e : events)
    if (e.type == type && (kind.empty() || e.kind == kind) && (window.empty() || e.window == window)) out.push_back(e);
  return out;
}

Events raised(const Events& events, std::string_view kind, std::string_view window = {}) {
  return pick(events, EventType::alert_raised, kind, window);
}
Events resolved(const Events& events, std::string_view kind = {}, std::string_view window = {}) {
  return pick(events, EventType::alert_resolved, kind, window);
}
Events proposed(const Events& events, std::string_view kind = {}) { return pick(events, EventType::violation_proposed, kind); }

/// The active alert of `kind` (at `window` if given), nullptr when none.
const core::Alert* active(const Hall& h, std::string_view kind, std::string_view window = {}) {
  for (const auto& [id, a] : h.state.alerts)
    if (a.kind == kind && (window.empty() || a.window == window)) return &a;
  return nullptr;
}

Seqs sorted(Seqs v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::int64_t seq_of(const Events& events, EventType type) {
  for (const auto& e : events)
    if (e.type == type) return e.seq;
  ADD_FAILURE() << "no " << domain::to_string(type) << " event";
  return -1;
}

// [SECTION] commands

Command take_over(const std::string& staff, const std::string& window) { return as(staff, core::TakeOver{staff, window}); }
Command go_back(const std::string& staff) { return as(staff, core::ReturnToPost{staff}); }
Command sign_out(const std::string& staff) { return as(staff, core::SignOut{staff}); }
Command close_window(const std::string& window) { return as("s008", core::CloseWindow{window}); }
Command open_window(const std::string& window) { return as("s008", core::OpenWindow{window}); }
Command presence(const std::string& window, bool present) { return as("sensor-1", core::ReportPresence{window, present}); }
Command request_leave(const std::string& staff, const std::string& from, const std::string& to) {
  return as(staff, core::RequestLeave{staff, from, to, "家中有事"});
}
Command approve(const std::string& approver, const std::string& leave) {
  return as(approver, core::DecideLeave{leave, true, "同意"});
}
Command reject(const std::string& approver, const std::string& leave) {
  return as(approver, core::DecideLeave{leave, false, "人手不足"});
}

/// Requests a leave and returns its id ("" if refused).
std::string leave_id(Hall& h, const std::string& staff, const std::string& from, const std::string& to) {
  const auto ev = h.ok(request_leave(staff, from, to));
  return ev.empty() ? std::string() : ev[0].leave;
}

/// Every A on post at its own window at 08:50 (W01 s001, W02 s004, W03 s005, W04 s007), clock at 09:00:00.
/// s002, s003 and s006 are free and not signed in.
void staff_all_windows(Hall& h) {
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s004", "W02");
  h.sign_in("s005", "W03");
  h.sign_in("s007", "W04");
  h.advance_to("2026-11-23T09:00:00");
}

// [SECTION] R-AB-3 / R-EMP-1: cover needed, empty after the grace period

TEST(RAB3, cover_needed_for_every_open_window_at_session_open_with_nobody_on_post) {
  Hall h;  // 08:30
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T08:59:59"), EventType::alert_raised).empty());
  const auto ev = h.advance_to("2026-11-23T09:00:00");
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].type, EventType::session_opened);
  const auto cover = raised(ev, "cover_needed");
  ASSERT_EQ(cover.size(), 4u);
  // R-AB-3: the B substitutes first, then the other A staff of the roster.
  const std::map<std::string, Strings> notify = {{"W01", {"s003", "s001", "s002"}},
                                                 {"W02", {"s001", "s003", "s004"}},
                                                 {"W03", {"s007", "s005", "s006"}},
                                                 {"W04", {"s006", "s007"}}};
  for (const auto& a : cover) {
    EXPECT_EQ(a.at, at("2026-11-23T09:00:00")) << a.window;
    EXPECT_GT(a.seq, ev[0].seq) << a.window;
    EXPECT_EQ(a.level, 1) << a.window;
    EXPECT_EQ(a.staff, "") << a.window;
    EXPECT_EQ(a.rule, "R-AB-3") << a.window;
    EXPECT_FALSE(a.message.empty());
    ASSERT_TRUE(notify.count(a.window)) << a.window;
    EXPECT_EQ(a.notify, notify.at(a.window)) << a.window;
    EXPECT_EQ(core::staffing_of(h.state, a.window), core::Staffing::uncovered);
  }
  EXPECT_TRUE(raised(ev, "window_empty").empty());
}

TEST(RAB3, closed_window_needs_no_cover_at_session_open) {
  Hall h;
  h.ok(close_window("W04"));
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  const auto ev = h.advance_to("2026-11-23T09:00:00");
  const auto cover = raised(ev, "cover_needed");
  Strings windows;
  for (const auto& a : cover) windows.push_back(a.window);
  std::sort(windows.begin(), windows.end());
  EXPECT_EQ(windows, (Strings{"W02", "W03"}));
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T10:00:00"), "window_empty", "W04").empty());
}

TEST(REMP1, window_empty_at_session_open_plus_grace_not_one_second_before) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:02:59"), "window_empty").empty());
  for (const char* w : {"W01", "W02", "W03", "W04"}) EXPECT_EQ(core::staffing_of(h.state, w), core::Staffing::uncovered);
  const auto ev = h.advance(1);
  const auto empty = raised(ev, "window_empty");
  ASSERT_EQ(empty.size(), 4u);
  for (const auto& a : empty) {
    EXPECT_EQ(a.at, at("2026-11-23T09:03:00"));
    EXPECT_EQ(a.rule, "R-EMP-1");
    EXPECT_EQ(core::staffing_of(h.state, a.window), core::Staffing::empty);
  }
  // R-EMP-2: each empty window is charged to its own department.
  const auto violations = proposed(ev, "window_empty");
  ASSERT_EQ(violations.size(), 4u);
  Strings departments;
  for (const auto& v : violations) departments.push_back(v.department);
  std::sort(departments.begin(), departments.end());
  EXPECT_EQ(departments, (Strings{"rsj", "rsj", "zwb", "zwb"}));
}

TEST(RAB3, A_going_off_post_mid_session_raises_cover_needed_at_once) {
  Hall h;
  staff_all_windows(h);
  EXPECT_TRUE(pick(h.log, EventType::alert_raised).empty());
  h.advance_to("2026-11-23T09:30:00");
  const std::size_t mark = h.log.size();
  const auto off = h.ok(as("s001", core::GoOffPost{"s001", "取材料", "档案室", 20}));
  const auto ev = since(h, mark);
  const auto cover = raised(ev, "cover_needed");
  ASSERT_EQ(cover.size(), 1u);
  EXPECT_EQ(cover[0].at, at("2026-11-23T09:30:00"));
  EXPECT_EQ(cover[0].window, "W01");
  EXPECT_EQ(cover[0].staff, "s001");  // the absent A
  EXPECT_EQ(cover[0].level, 1);
  EXPECT_EQ(cover[0].notify, (Strings{"s003", "s002"}));  // not the one who left
  EXPECT_EQ(cover[0].events, (Seqs{seq_of(off, EventType::staff_off_post)}));
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::uncovered);
  ASSERT_NE(active(h, "cover_needed", "W01"), nullptr);
  EXPECT_EQ(h.state.windows.at("W01").uncovered_since, at("2026-11-23T09:30:00"));
}

TEST(REMP1, window_empty_exactly_at_grace_not_one_second_before) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:32:59"), "window_empty").empty());
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::uncovered);
  const auto ev = h.advance(1);
  const auto empty = raised(ev, "window_empty");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].at, at("2026-11-23T09:33:00"));
  EXPECT_EQ(empty[0].window, "W01");
  EXPECT_EQ(empty[0].staff, "s001");
  EXPECT_EQ(empty[0].level, 1);
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::empty);
  EXPECT_NE(active(h, "cover_needed", "W01"), nullptr);  // the cover request stays open
}

TEST(REMP1, cover_grace_minutes_override_is_honoured) {
  Hall h(with_policy(R"("cover_grace_minutes": 5)"));
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:34:59"), "window_empty").empty());
  const auto empty = raised(h.advance(1), "window_empty");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].at, at("2026-11-23T09:35:00"));
}

TEST(REMP1, zero_grace_makes_the_window_empty_in_the_same_second) {
  Hall h(with_policy(R"("cover_grace_minutes": 0)"));
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  const std::size_t mark = h.log.size();
  h.off_post("s001", 20);
  const auto ev = since(h, mark);
  ASSERT_EQ(raised(ev, "cover_needed").size(), 1u);
  const auto empty = raised(ev, "window_empty");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].at, at("2026-11-23T09:30:00"));
  EXPECT_GT(empty[0].seq, raised(ev, "cover_needed")[0].seq);
}

TEST(REMP1, empty_window_escalates_every_escalate_minutes_up_to_level_3) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 60);
  h.advance_to("2026-11-23T09:33:00");
  const auto* empty = active(h, "window_empty", "W01");
  ASSERT_NE(empty, nullptr);
  const std::string id = empty->id;

  EXPECT_TRUE(pick(h.advance_to("2026-11-23T09:42:59"), EventType::alert_escalated).empty());
  const auto two = pick(h.advance(1), EventType::alert_escalated);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].alert, id);
  EXPECT_EQ(two[0].level, 2);
  EXPECT_EQ(two[0].window, "W01");
  EXPECT_EQ(two[0].at, at("2026-11-23T09:43:00"));
  EXPECT_EQ(h.state.alerts.at(id).level, 2);

  EXPECT_TRUE(pick(h.advance_to("2026-11-23T09:52:59"), EventType::alert_escalated).empty());
  const auto three = pick(h.advance(1), EventType::alert_escalated);
  ASSERT_EQ(three.size(), 1u);
  EXPECT_EQ(three[0].level, 3);
  EXPECT_EQ(three[0].at, at("2026-11-23T09:53:00"));

  // Never above 3, however long the window stays empty.
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T11:59:00"), EventType::alert_escalated).empty());
  EXPECT_EQ(h.state.alerts.at(id).level, 3);
  // The cover request itself does not escalate.
  EXPECT_EQ(active(h, "cover_needed", "W01")->level, 1);
}

TEST(REMP1, escalate_minutes_override_is_honoured) {
  Hall h(with_policy(R"("cover_grace_minutes": 2, "escalate_minutes": 4)"));
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 60);
  const auto ev = h.advance_to("2026-11-23T10:30:00");
  ASSERT_EQ(raised(ev, "window_empty").size(), 1u);
  EXPECT_EQ(raised(ev, "window_empty")[0].at, at("2026-11-23T09:32:00"));
  const auto up = pick(ev, EventType::alert_escalated);
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[0].at, at("2026-11-23T09:36:00"));
  EXPECT_EQ(up[0].level, 2);
  EXPECT_EQ(up[1].at, at("2026-11-23T09:40:00"));
  EXPECT_EQ(up[1].level, 3);
}

TEST(RAB3, B_taking_over_resolves_cover_and_empty_in_the_same_second) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 60);
  h.advance_to("2026-11-23T09:35:00");
  const std::string cover_id = active(h, "cover_needed", "W01")->id;
  const std::string empty_id = active(h, "window_empty", "W01")->id;
  const std::size_t mark = h.log.size();
  const auto took = h.ok(take_over("s003", "W01"));
  ASSERT_EQ(types(took), Strings{"staff.took_over"});
  const auto ev = since(h, mark);
  const auto done = resolved(ev, {}, "W01");
  ASSERT_EQ(done.size(), 2u);
  Strings ids;
  for (const auto& r : done) {
    ids.push_back(r.alert);
    EXPECT_EQ(r.at, at("2026-11-23T09:35:00"));
    EXPECT_EQ(r.reason, "covered");
    EXPECT_GT(r.seq, took[0].seq);
  }
  std::sort(ids.begin(), ids.end());
  Strings expected{cover_id, empty_id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(active(h, "cover_needed", "W01"), nullptr);
  EXPECT_EQ(active(h, "window_empty", "W01"), nullptr);
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::covered);
  // Nothing escalates afterwards.
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T10:00:00"), EventType::alert_escalated).empty());
}

TEST(RAB3, cover_grace_restarts_when_the_post_is_left_again) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  h.advance_to("2026-11-23T09:31:00");
  const auto back = h.ok(go_back("s001"));
  ASSERT_EQ(types(back), Strings{"staff.returned"});
  EXPECT_EQ(active(h, "cover_needed", "W01"), nullptr);
  h.advance_to("2026-11-23T09:32:30");
  h.off_post("s001", 20);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:35:29"), "window_empty").empty());  // 09:33 is not the deadline
  const auto empty = raised(h.advance(1), "window_empty");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].at, at("2026-11-23T09:35:30"));
}

TEST(REMP1, closing_the_window_resolves_cover_and_empty_and_reopening_starts_over) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 60);
  h.advance_to("2026-11-23T09:36:00");
  const std::size_t mark = h.log.size();
  h.ok(close_window("W01"));
  const auto done = resolved(since(h, mark), {}, "W01");
  ASSERT_EQ(done.size(), 2u);
  for (const auto& r : done) {
    EXPECT_EQ(r.at, at("2026-11-23T09:36:00"));
    EXPECT_EQ(r.reason, "not_needed");
  }
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::closed);
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T09:50:00"), EventType::alert_raised, {}, "W01").empty());

  const std::size_t reopen = h.log.size();
  h.ok(open_window("W01"));
  const auto cover = raised(since(h, reopen), "cover_needed", "W01");
  ASSERT_EQ(cover.size(), 1u);
  EXPECT_EQ(cover[0].at, at("2026-11-23T09:50:00"));
  EXPECT_EQ(cover[0].staff, "s001");
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:52:59"), "window_empty").empty());
  const auto empty = raised(h.advance(1), "window_empty", "W01");
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].level, 1);  // a fresh alert, not the old one's level
}

TEST(REMP1, session_close_resolves_cover_and_empty_and_the_next_session_starts_over) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T11:50:00");
  h.off_post("s001", 180);
  h.advance_to("2026-11-23T11:59:59");
  EXPECT_NE(active(h, "window_empty", "W01"), nullptr);
  const auto noon = h.advance(1);
  ASSERT_FALSE(noon.empty());
  EXPECT_EQ(noon[0].type, EventType::session_closed);
  const auto done = resolved(noon, {}, "W01");
  ASSERT_EQ(done.size(), 2u);
  for (const auto& r : done) {
    EXPECT_EQ(r.at, at("2026-11-23T12:00:00"));
    EXPECT_EQ(r.reason, "not_needed");
  }
  EXPECT_EQ(active(h, "cover_needed", "W01"), nullptr);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T13:59:59"), "cover_needed").empty());

  const auto afternoon = h.advance(1);
  const auto cover = raised(afternoon, "cover_needed", "W01");
  ASSERT_EQ(cover.size(), 1u);
  EXPECT_EQ(cover[0].at, at("2026-11-23T14:00:00"));
  EXPECT_EQ(cover[0].staff, "s001");
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T14:02:59"), "window_empty").empty());
  EXPECT_EQ(raised(h.advance(1), "window_empty", "W01").size(), 1u);
}

TEST(REMP1, acknowledging_keeps_the_alert_active) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  const std::string id = active(h, "cover_needed", "W01")->id;
  const auto ack = h.ok(as("s008", core::AckAlert{id, "已电话通知 B 岗"}));
  ASSERT_EQ(all_types(ack), Strings{"alert.acknowledged"});
  EXPECT_EQ(ack[0].alert, id);
  EXPECT_EQ(ack[0].kind, "cover_needed");
  EXPECT_EQ(ack[0].window, "W01");
  ASSERT_TRUE(h.state.alerts.count(id));
  EXPECT_EQ(h.state.alerts.at(id).acknowledged_by, "s008");
  EXPECT_EQ(h.state.alerts.at(id).note, "已电话通知 B 岗");
  const auto unknown = h.refused(as("s008", core::AckAlert{"AL999", ""}));
  EXPECT_EQ(unknown.code, Refusal::unknown_alert);
  EXPECT_EQ(unknown.kind, Rejected::Kind::not_found);
  // An acknowledged cover request still resolves by itself.
  h.ok(go_back("s001"));
  EXPECT_FALSE(h.state.alerts.count(id));
  EXPECT_EQ(h.refused(as("s008", core::AckAlert{id, ""})).code, Refusal::unknown_alert);
}

// [SECTION] R-EMP-2: the empty window is charged to its department

TEST(REMP2, empty_window_proposes_a_window_empty_violation_traceable_to_its_events) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  const std::size_t mark = h.log.size();
  h.off_post("s005", 60);  // W03 belongs to rsj
  h.advance_to("2026-11-23T09:33:00");
  const auto ev = since(h, mark);
  const std::int64_t off_seq = seq_of(ev, EventType::staff_off_post);
  const auto cover = raised(ev, "cover_needed", "W03");
  const auto empty = raised(ev, "window_empty", "W03");
  ASSERT_EQ(cover.size(), 1u);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0].events, (Seqs{off_seq, cover[0].seq}));
  const auto v = proposed(ev, "window_empty");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].at, at("2026-11-23T09:33:00"));
  EXPECT_EQ(v[0].department, "rsj");
  EXPECT_EQ(v[0].staff, "");  // s005 reported leaving: the department failed to staff the post
  EXPECT_EQ(v[0].window, "W03");
  EXPECT_EQ(v[0].incident, cover[0].alert);
  EXPECT_EQ(v[0].rule, "R-EMP-2");
  EXPECT_EQ(v[0].source, "auto");
  EXPECT_DOUBLE_EQ(v[0].points, h.state.policy().deductions.at("window_empty"));
  EXPECT_DOUBLE_EQ(v[0].points, 0.1);
  EXPECT_EQ(sorted(v[0].events), sorted(Seqs{off_seq, cover[0].seq, empty[0].seq}));
  const auto& stored = h.state.violations.at(v[0].violation);
  EXPECT_EQ(stored.status, core::ViolationStatus::proposed);
  EXPECT_EQ(stored.kind, "window_empty");
  EXPECT_EQ(stored.department, "rsj");
}

TEST(REMP2, points_come_from_the_policy_catalog_override) {
  Hall h(with_policy(R"("deductions": {"window_empty": 0.25})"));
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s004", "W02");
  h.sign_in("s007", "W04");
  const auto ev = h.advance_to("2026-11-23T09:03:00");  // W03: nobody since the session opened
  const auto v = proposed(ev, "window_empty");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_DOUBLE_EQ(v[0].points, 0.25);
  EXPECT_EQ(v[0].department, "rsj");
  EXPECT_EQ(v[0].staff, "");
  // Nobody left the post: the violation links the two alerts.
  EXPECT_EQ(sorted(v[0].events),
            sorted(Seqs{raised(ev, "cover_needed", "W03")[0].seq, raised(ev, "window_empty", "W03")[0].seq}));
}

// [SECTION] R-AB-6: covering must not empty the B's own window; substitutes()

TEST(RAB6, would_empty_window_when_the_B_is_on_post_at_its_own_open_window) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");  // A of W02, B of W01
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  const auto r = h.refused(take_over("s003", "W01"));
  EXPECT_EQ(r.code, Refusal::would_empty_window);
  EXPECT_EQ(r.kind, Rejected::Kind::conflict);
  EXPECT_EQ(h.on_post("W02"), "s003");
  EXPECT_NE(active(h, "cover_needed", "W01"), nullptr);
}

TEST(RAB6, cover_allowed_when_the_B_s_own_window_is_closed) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  h.ok(close_window("W02"));
  const std::size_t mark = h.log.size();
  const auto ev = h.ok(take_over("s003", "W01"));
  ASSERT_EQ(types(ev), Strings{"staff.took_over"});
  EXPECT_EQ(ev[0].from_window, "W02");
  EXPECT_EQ(ev[0].as, "B");
  EXPECT_EQ(resolved(since(h, mark), "cover_needed", "W01").size(), 1u);
  EXPECT_TRUE(raised(since(h, mark), "cover_needed").empty());  // the closed W02 needs nobody
}

TEST(RAB6, substitutes_rank_non_emptying_available_candidates_first_and_leave_last) {
  // W01 gets a second B, s006 (A of W03).
  Hall h(
      edit(std::string(hall_json), R"("a": ["s001", "s002"], "b": ["s003"])", R"("a": ["s001", "s002"], "b": ["s003", "s006"])"));
  const std::string l = leave_id(h, "s002", "2026-11-23", "2026-11-23");
  h.ok(approve("s008", l));
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.sign_in("s006", "W03");
  h.sign_in("s007", "W04");
  h.ok(close_window("W03"));
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);

  auto c = core::substitutes(h.state, "W01", h.now);
  Strings order;
  for (const auto& x : c) order.push_back(x.staff);
  // s003 twice: in person (would empty W02) and from W02 (R-AB-7), which empties nothing.
  EXPECT_EQ(order, (Strings{"s006", "s003", "s001", "s002", "s003"}));
  ASSERT_EQ(c.size(), 5u);
  EXPECT_FALSE(c[0].remote);
  EXPECT_TRUE(c[1].remote);
  EXPECT_FALSE(c[1].empties_window);
  EXPECT_TRUE(c[1].available);
  EXPECT_EQ(c[1].on_post, "W02");
  c.erase(c.begin() + 1);
  // s006: B at a closed window — empties nothing and can come now.
  EXPECT_EQ(c[0].as, "B");
  EXPECT_FALSE(c[0].empties_window);
  EXPECT_TRUE(c[0].available);
  EXPECT_EQ(c[0].on_post, "W03");
  // s001: the absent A — unavailable.
  EXPECT_EQ(c[1].as, "A");
  EXPECT_FALSE(c[1].available);
  EXPECT_FALSE(c[1].on_leave);
  // s002: on approved leave today.
  EXPECT_TRUE(c[2].on_leave);
  EXPECT_FALSE(c[2].available);
  // s003: B but on post at its own open window W02.
  EXPECT_EQ(c[3].as, "B");
  EXPECT_TRUE(c[3].empties_window);
  EXPECT_TRUE(c[3].available);
  EXPECT_EQ(c[3].on_post, "W02");
  for (const auto& x : c) EXPECT_FALSE(x.available && x.staff == "s001");

  EXPECT_EQ(h.refused(take_over("s003", "W01")).code, Refusal::would_empty_window);
  const auto took = h.ok(take_over(c[0].staff, "W01"));
  ASSERT_EQ(types(took), Strings{"staff.took_over"});
  EXPECT_EQ(took[0].from_window, "W03");
}

// [SECTION] R-AB-3 hand-back

TEST(RAB3, A_returning_gets_the_post_back_and_the_B_goes_home) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  h.ok(close_window("W02"));
  h.ok(take_over("s003", "W01"));
  h.advance_to("2026-11-23T09:40:00");
  const std::size_t mark = h.log.size();
  const auto ev = h.ok(go_back("s001"));
  ASSERT_EQ(all_types(ev), (Strings{"staff.handed_back", "staff.returned"}));
  EXPECT_EQ(ev[0].staff, "s003");
  EXPECT_EQ(ev[0].from_window, "W01");
  EXPECT_EQ(ev[0].window, "W02");
  EXPECT_EQ(ev[1].staff, "s001");
  EXPECT_EQ(ev[1].window, "W01");
  EXPECT_EQ(ev[1].as, "A");
  EXPECT_EQ(ev[1].seq, ev[0].seq + 1);
  EXPECT_EQ(h.on_post("W01"), "s001");
  EXPECT_EQ(h.on_post("W02"), "s003");
  EXPECT_TRUE(h.state.staff.at("s003").home.empty());
  EXPECT_TRUE(pick(since(h, mark), EventType::alert_raised).empty());  // W01 never uncovered
}

TEST(RAB3, A_signing_in_while_a_B_covers_takes_the_post_back) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  h.ok(take_over("s003", "W01"));  // s003 was not on any post
  h.advance_to("2026-11-23T09:40:00");
  const std::size_t mark = h.log.size();
  const auto ev = h.ok(as("s002", core::SignIn{"s002", "W01"}));
  ASSERT_EQ(types(ev), (Strings{"staff.handed_back", "staff.signed_in"}));
  EXPECT_EQ(ev[0].staff, "s003");
  EXPECT_EQ(ev[0].from_window, "W01");
  EXPECT_EQ(ev[0].window, "");  // no post of its own to go back to
  EXPECT_EQ(ev[1].staff, "s002");
  EXPECT_EQ(ev[1].window, "W01");
  EXPECT_EQ(h.on_post("W01"), "s002");
  EXPECT_EQ(h.state.windows.at("W01").on_post_as, "A");
  EXPECT_TRUE(h.state.staff.at("s003").post.empty());
  EXPECT_TRUE(h.state.staff.at("s003").signed_in);
  EXPECT_TRUE(raised(since(h, mark), "cover_needed").empty());
}

// [SECTION] R-EMP-4: unreported absence

TEST(REMP4, absent_reading_while_someone_is_on_post_is_an_immediate_level_2_alert) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T10:00:00");
  const std::size_t mark = h.log.size();
  const auto reading = h.ok(presence("W03", false));
  const auto ev = since(h, mark);
  const auto a = raised(ev, "unreported_absence");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].events, (Seqs{seq_of(reading, EventType::window_presence)}));  // R-SCR-8
  EXPECT_EQ(a[0].at, at("2026-11-23T10:00:00"));
  EXPECT_EQ(a[0].level, 2);
  EXPECT_EQ(a[0].window, "W03");
  EXPECT_EQ(a[0].staff, "s005");
  EXPECT_EQ(a[0].rule, "R-EMP-4");
  const auto v = proposed(ev);
  ASSERT_EQ(v.size(), 1u);
  // A sensor is not an inspection: the ordinary schedule rate (001 第二十一条(一)).
  EXPECT_EQ(v[0].kind, "schedule");
  EXPECT_DOUBLE_EQ(v[0].points, h.state.policy().deductions.at("schedule"));
  EXPECT_DOUBLE_EQ(v[0].points, 0.1);
  EXPECT_EQ(v[0].staff, "s005");
  EXPECT_EQ(v[0].department, "rsj");
  EXPECT_EQ(v[0].rule, "R-EMP-4");
  EXPECT_EQ(v[0].events, (Seqs{a[0].seq}));
  // A repeated reading raises nothing new.
  const std::size_t again = h.log.size();
  h.advance(30);
  h.ok(presence("W03", false));
  EXPECT_TRUE(pick(since(h, again), EventType::alert_raised).empty());
  EXPECT_TRUE(proposed(since(h, again)).empty());
}

TEST(REMP4, present_reading_resolves_the_alert) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T10:00:00");
  h.ok(presence("W03", false));
  const std::string id = active(h, "unreported_absence", "W03")->id;
  h.advance_to("2026-11-23T10:04:00");
  const std::size_t mark = h.log.size();
  h.ok(presence("W03", true));
  const auto done = resolved(since(h, mark), "unreported_absence");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].alert, id);
  EXPECT_EQ(done[0].at, at("2026-11-23T10:04:00"));
  EXPECT_EQ(done[0].reason, "present");
  EXPECT_EQ(active(h, "unreported_absence"), nullptr);
}

TEST(REMP4, absent_reading_with_nobody_on_post_raises_no_absence_alert) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.advance_to("2026-11-23T09:10:00");  // W02 uncovered since 09:00
  const std::size_t mark = h.log.size();
  h.ok(presence("W02", false));
  EXPECT_TRUE(raised(since(h, mark), "unreported_absence").empty());
  EXPECT_TRUE(proposed(since(h, mark), "off_post_inspection").empty());
  // Reported off post: the sensor agrees with the system.
  h.off_post("s001", 20);
  const std::size_t off = h.log.size();
  h.ok(presence("W01", false));
  EXPECT_TRUE(raised(since(h, off), "unreported_absence").empty());
}

// Regression (fixed): server/core/tick.cpp:134 staffing_rules (R-EMP-4, `const bool absent = ws.presence.has_value() &&
// !*ws.presence && !ws.on_post.empty()`) compares a sensor reading of any age with whoever is on post now.
// During a session: an "absent" reading taken while nobody was on post (W02 uncovered, 09:10 — correct at
// the time) raises an unreported_absence alert and proposes a 0.2 off_post_inspection deduction the
// second an A takes the post (sign-in 09:15) — before the sensor can report the person who just sat
// down. The same happens to an A who returns from a *reported* off-post after the sensor (rightly)
// said "absent" meanwhile. WindowState::presence_at / presence_seq are recorded but never compared
// with the post change (change_seq).
// Expected: a reading older than the current occupant's arrival does not count (no alert, no deduction);
// only an "absent" reading taken while the staff member is on post does.
TEST(REMP4, stale_absent_reading_from_before_the_post_was_taken_raises_nothing) {
  Hall h;
  staff_all_windows(h);
  h.ok(as("s004", core::SignOut{"s004"}));  // W02 uncovered (an early sign-out, not under test)
  h.advance_to("2026-11-23T09:10:00");
  h.ok(presence("W02", false));  // nobody there, nobody on post: consistent
  h.advance_to("2026-11-23T09:15:00");
  const std::size_t mark = h.log.size();
  h.sign_in("s003", "W02");
  EXPECT_TRUE(raised(since(h, mark), "unreported_absence").empty()) << "on sign-in";
  EXPECT_TRUE(proposed(since(h, mark), "off_post_inspection").empty()) << "on sign-in";

  // Reported off post, the sensor agrees, the A comes back.
  h.advance_to("2026-11-23T10:00:00");
  h.off_post("s005", 10);
  h.advance_to("2026-11-23T10:01:00");
  h.ok(presence("W03", false));
  h.advance_to("2026-11-23T10:05:00");
  const std::size_t back = h.log.size();
  h.ok(go_back("s005"));
  EXPECT_TRUE(raised(since(h, back), "unreported_absence").empty()) << "on return";
  EXPECT_TRUE(proposed(since(h, back), "off_post_inspection").empty()) << "on return";
}

// Regression (fixed): server/core/tick.cpp:134 staffing_rules, R-EMP-4 (`const bool absent = ...`) ignores opening hours:
// a staff member still signed in over the lunch break (12:00–14:00, no session, no waiting ticket) whose
// window sensor reports "absent" gets an unreported_absence alert (level 2) and a proposed 0.2
// off_post_inspection deduction. Nobody is required at the window then (R-EMP-1: "during open hours";
// the cover/empty rules use `needs_staff = s.session_open && !ws.closed`), so this is not an unreported
// absence. Same before the hall opens (e.g. 08:40).
// Expected: no alert and no deduction while the window needs no staff (no session and no extended-service work).
TEST(REMP4, absent_reading_over_the_lunch_break_is_no_unreported_absence) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s005", "W03");
  h.advance_to("2026-11-23T12:30:00");
  const std::size_t mark = h.log.size();
  h.ok(presence("W03", false));
  EXPECT_TRUE(raised(since(h, mark), "unreported_absence").empty());
  EXPECT_TRUE(proposed(since(h, mark), "off_post_inspection").empty());
}

TEST(REMP1, off_post_whose_grace_ends_at_session_close_leaves_no_empty_window) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T11:57:00");
  h.off_post("s001", 60);  // grace would end at 12:00:00, the second the session closes
  const auto ev = h.advance_to("2026-11-23T12:00:00");
  EXPECT_TRUE(raised(ev, "window_empty").empty());
  EXPECT_TRUE(proposed(ev, "window_empty").empty());
  EXPECT_EQ(resolved(ev, "cover_needed", "W01").size(), 1u);
  EXPECT_EQ(active(h, "cover_needed"), nullptr);
}

// [SECTION] R-OFF-3: overdue off-post

TEST(ROFF3, overdue_exactly_at_the_expected_return) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  const std::size_t mark = h.log.size();
  h.off_post("s001", 10);
  const std::int64_t off_seq = seq_of(since(h, mark), EventType::staff_off_post);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:39:59"), "off_post_overdue").empty());
  EXPECT_TRUE(h.state.staff.at("s001").overdue_alert.empty());
  const auto ev = h.advance(1);
  const auto a = raised(ev, "off_post_overdue");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at, at("2026-11-23T09:40:00"));
  EXPECT_EQ(a[0].staff, "s001");
  EXPECT_EQ(a[0].window, "W01");
  EXPECT_EQ(a[0].rule, "R-OFF-3");
  EXPECT_EQ(a[0].events, (Seqs{off_seq}));  // R-SCR-8
  const auto v = proposed(ev, "schedule");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_DOUBLE_EQ(v[0].points, 0.1);
  EXPECT_EQ(v[0].staff, "s001");
  EXPECT_EQ(v[0].department, "zwb");
  EXPECT_EQ(v[0].rule, "R-OFF-3");
  EXPECT_EQ(sorted(v[0].events), sorted(Seqs{off_seq, a[0].seq}));
  EXPECT_EQ(h.state.staff.at("s001").overdue_alert, a[0].alert);
  // Once only.
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T10:30:00"), "off_post_overdue").empty());
}

TEST(ROFF3, overdue_at_max_off_post_minutes_when_the_expected_return_is_later) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 45);  // max_off_post_minutes = 30
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:59:59"), "off_post_overdue").empty());
  const auto a = raised(h.advance(1), "off_post_overdue");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at, at("2026-11-23T10:00:00"));
}

TEST(ROFF3, max_off_post_minutes_override_is_honoured) {
  Hall h(with_policy(R"("max_off_post_minutes": 20)"));
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 25);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T09:49:59"), "off_post_overdue").empty());
  const auto a = raised(h.advance(1), "off_post_overdue");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at, at("2026-11-23T09:50:00"));
}

TEST(ROFF3, return_resolves_the_overdue_alert_and_a_timely_return_raises_none) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 10);
  h.advance_to("2026-11-23T09:45:00");
  const std::string id = h.state.staff.at("s001").overdue_alert;
  ASSERT_FALSE(id.empty());
  const std::size_t mark = h.log.size();
  h.ok(go_back("s001"));
  const auto done = resolved(since(h, mark), "off_post_overdue");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].alert, id);
  EXPECT_EQ(done[0].at, at("2026-11-23T09:45:00"));
  EXPECT_EQ(done[0].reason, "returned");
  EXPECT_TRUE(h.state.staff.at("s001").overdue_alert.empty());

  // Back one second before the expected return: nothing.
  h.advance_to("2026-11-23T10:00:00");
  h.off_post("s005", 10);
  h.advance_to("2026-11-23T10:09:59");
  h.ok(go_back("s005"));
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T11:00:00"), "off_post_overdue").empty());
}

// [SECTION] R-ATT-2: late sign-in, early sign-out

TEST(RATT2, sign_in_at_session_open_is_on_time) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
  EXPECT_EQ(all_types(ev), Strings{"staff.signed_in"});
  EXPECT_EQ(active(h, "late_sign_in"), nullptr);
}

TEST(RATT2, sign_in_one_second_after_session_open_is_late) {
  Hall h;
  h.advance_to("2026-11-23T09:00:01");
  const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
  ASSERT_EQ(all_types(ev), (Strings{"staff.signed_in", "alert.raised", "violation.proposed"}));
  EXPECT_EQ(ev[1].kind, "late_sign_in");
  EXPECT_EQ(ev[1].staff, "s001");
  EXPECT_EQ(ev[1].rule, "R-ATT-2");
  EXPECT_EQ(ev[1].level, 1);
  EXPECT_EQ(ev[1].at, at("2026-11-23T09:00:01"));
  EXPECT_EQ(ev[2].kind, "schedule");
  EXPECT_DOUBLE_EQ(ev[2].points, 0.1);
  EXPECT_EQ(ev[2].staff, "s001");
  EXPECT_EQ(ev[2].department, "zwb");
  EXPECT_EQ(ev[2].rule, "R-ATT-2");
  EXPECT_EQ(ev[2].events, (Seqs{ev[0].seq}));
  EXPECT_NE(active(h, "late_sign_in"), nullptr);
}

TEST(RATT2, late_grace_minutes_override_is_honoured) {
  {
    Hall h(with_policy(R"("late_grace_minutes": 5)"));
    h.advance_to("2026-11-23T09:05:00");
    EXPECT_EQ(all_types(h.ok(as("s001", core::SignIn{"s001", "W01"}))), Strings{"staff.signed_in"});
  }
  {
    Hall h(with_policy(R"("late_grace_minutes": 5)"));
    h.advance_to("2026-11-23T09:05:01");
    const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
    EXPECT_EQ(raised(ev, "late_sign_in").size(), 1u);
    EXPECT_EQ(proposed(ev, "schedule").size(), 1u);
  }
}

TEST(RATT2, a_B_arriving_late_by_take_over_is_late_too) {
  Hall h;
  staff_all_windows(h);
  h.advance_to("2026-11-23T09:30:00");
  h.off_post("s001", 20);
  const auto ev = h.ok(take_over("s003", "W01"));
  EXPECT_EQ(raised(ev, "late_sign_in").size(), 1u);
  EXPECT_EQ(raised(ev, "late_sign_in")[0].staff, "s003");
}

TEST(RATT2, early_sign_out_before_the_last_session_close) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  h.advance_to("2026-11-23T16:59:59");
  const auto early = h.ok(sign_out("s001"));
  ASSERT_EQ(all_types(early), (Strings{"staff.signed_out", "alert.raised", "violation.proposed"}));
  EXPECT_EQ(early[1].kind, "early_sign_out");
  EXPECT_EQ(early[1].staff, "s001");
  EXPECT_EQ(early[1].rule, "R-ATT-2");
  EXPECT_EQ(early[2].kind, "schedule");
  EXPECT_EQ(early[2].events, (Seqs{early[0].seq}));
  h.advance(1);  // 17:00:00, the last session closes
  EXPECT_EQ(all_types(h.ok(sign_out("s005"))), Strings{"staff.signed_out"});
}

TEST(RATT2, morning_sign_out_is_early_but_not_during_the_lunch_break) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s005", "W03");
  h.sign_in("s001", "W01");
  h.advance_to("2026-11-23T11:59:59");
  EXPECT_EQ(raised(h.ok(sign_out("s005")), "early_sign_out").size(), 1u);
  h.advance(1);  // 12:00:00: the morning session has closed
  EXPECT_EQ(all_types(h.ok(sign_out("s001"))), Strings{"staff.signed_out"});
}

// Regression (fixed): server/core/decide.cpp:518 check_late (`if (ss.attended_today || ...) return;`) only checks the
// first arrival of the day. Since HEAD (87d4379) a sign-out over the lunch break is explicitly not an
// early sign-out, so the afternoon sign-in is a new arrival — but it is never late: s001 signs out at
// 12:00:00 (no slip) and signs in again at 14:30:00 (no slip either). Leaving at noon and returning
// whenever escapes R-ATT-2 entirely.
// Expected: a sign-in after a sign-out is checked against the session it falls in (14:00 + grace):
// late_sign_in alert + proposed schedule violation at 14:30.
TEST(RATT2, coming_back_late_after_signing_out_over_lunch_is_late) {
  Hall h;
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.advance_to("2026-11-23T12:00:00");
  EXPECT_EQ(all_types(h.ok(sign_out("s001"))), Strings{"staff.signed_out"});
  h.advance_to("2026-11-23T14:30:00");
  const auto ev = h.ok(as("s001", core::SignIn{"s001", "W01"}));
  EXPECT_EQ(raised(ev, "late_sign_in").size(), 1u);
  EXPECT_EQ(proposed(ev, "schedule").size(), 1u);
}

TEST(RATT2, no_slips_for_staff_on_approved_leave_today) {
  Hall h;
  const std::string l = leave_id(h, "s001", "2026-11-23", "2026-11-23");
  h.ok(approve("s008", l));
  h.advance_to("2026-11-23T10:00:00");
  EXPECT_EQ(all_types(h.ok(as("s001", core::SignIn{"s001", "W01"}))), Strings{"staff.signed_in"});
  h.advance_to("2026-11-23T11:00:00");
  EXPECT_EQ(all_types(h.ok(sign_out("s001"))), Strings{"staff.signed_out"});
  // A pending (not yet approved) leave does not excuse anybody.
  leave_id(h, "s002", "2026-11-23", "2026-11-23");
  EXPECT_EQ(raised(h.ok(as("s002", core::SignIn{"s002", "W01"})), "late_sign_in").size(), 1u);
}

TEST(RATT2, no_slips_on_a_holiday) {
  Hall h(hall_json, at("2026-11-25T08:30:00"));  // holiday
  h.advance_to("2026-11-25T10:00:00");
  EXPECT_EQ(all_types(h.ok(as("s001", core::SignIn{"s001", "W01"}))), Strings{"staff.signed_in"});
  h.advance_to("2026-11-25T11:00:00");
  EXPECT_EQ(all_types(h.ok(sign_out("s001"))), Strings{"staff.signed_out"});
}

// [SECTION] R-LV-1 / R-LV-2: approval chains

TEST(RLV1, one_day_leave_is_approved_by_the_supervisor_alone) {
  Hall h(with_approvers());
  const auto req = h.ok(request_leave("s002", "2026-11-26", "2026-11-26"));
  ASSERT_EQ(all_types(req), Strings{"leave.requested"});
  EXPECT_EQ(req[0].chain, Strings{"supervisor"});
  EXPECT_EQ(req[0].next_approver, "supervisor");
  EXPECT_EQ(req[0].department, "zwb");
  const std::string id = req[0].leave;
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::pending);

  const auto wrong = h.refused(approve("s009", id));
  EXPECT_EQ(wrong.kind, Rejected::Kind::forbidden);
  EXPECT_EQ(wrong.code, Refusal::forbidden);
  EXPECT_EQ(h.refused(approve("s002", id)).kind, Rejected::Kind::forbidden);  // not one's own
  EXPECT_EQ(h.refused(approve("s010", id)).kind, Rejected::Kind::forbidden);

  const auto ok = h.ok(approve("s008", id));
  ASSERT_EQ(all_types(ok), Strings{"leave.approved"});
  EXPECT_EQ(ok[0].next_approver, "");
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::approved);
  EXPECT_EQ(h.state.leaves.at(id).decided_by, Strings{"s008"});
  EXPECT_EQ(h.refused(approve("s008", id)).code, Refusal::leave_decided);
}

TEST(RLV1, two_day_leave_goes_to_the_department_head_then_the_supervisor) {
  Hall h(with_approvers());
  const auto req = h.ok(request_leave("s002", "2026-11-26", "2026-11-27"));
  ASSERT_EQ(req.size(), 1u);
  EXPECT_EQ(req[0].chain, (Strings{"department_head", "supervisor"}));
  EXPECT_EQ(req[0].next_approver, "department_head");
  const std::string id = req[0].leave;

  EXPECT_EQ(h.refused(approve("s008", id)).kind, Rejected::Kind::forbidden);  // the center comes second
  const auto first = h.ok(approve("s009", id));
  ASSERT_EQ(all_types(first), Strings{"leave.approved"});
  EXPECT_EQ(first[0].next_approver, "supervisor");
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::pending);
  EXPECT_EQ(h.state.leaves.at(id).approvals, 1u);
  EXPECT_EQ(h.state.leaves.at(id).next_approver(), "supervisor");

  EXPECT_EQ(h.refused(approve("s009", id)).kind, Rejected::Kind::forbidden);
  const auto second = h.ok(approve("s008", id));
  EXPECT_EQ(second[0].next_approver, "");
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::approved);
  EXPECT_EQ(h.state.leaves.at(id).decided_by, (Strings{"s009", "s008"}));
}

TEST(RLV1, reject_ends_the_chain) {
  Hall h(with_approvers());
  const std::string id = leave_id(h, "s002", "2026-11-26", "2026-11-27");
  EXPECT_EQ(h.refused(reject("s008", id)).kind, Rejected::Kind::forbidden);  // wrong approver rejects neither
  const auto ev = h.ok(reject("s009", id));
  ASSERT_EQ(all_types(ev), Strings{"leave.rejected"});
  EXPECT_EQ(ev[0].leave, id);
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::rejected);
  EXPECT_EQ(h.refused(approve("s008", id)).code, Refusal::leave_decided);
  EXPECT_EQ(h.refused(as("s008", core::DecideLeave{"L99", true, ""})).code, Refusal::unknown_leave);
}

// Regression (fixed): server/core/decide.cpp:594 DecideLeave (`if (!role || (domain::to_string(*role) != next && ...))`)
// checks only the approver's role. (1) A department_head of another department approves the
// department step: s009 (department_head of zwb) approves the 2-day leave of s006 (rsj); R-LV-1 says
// longer leave is approved "first by the department" — the staff member's own department.
// (2) A supervisor approves their own leave: s008 requests a 1-day leave (chain: supervisor) and
// approves it himself.
// Expected: both refused with Rejected::Kind::forbidden.
TEST(RLV1, approver_must_be_of_the_staff_s_department_and_not_the_requester) {
  Hall h(with_approvers());
  const std::string other_dept = leave_id(h, "s006", "2026-11-26", "2026-11-27");
  ASSERT_EQ(h.state.leaves.at(other_dept).next_approver(), "department_head");
  EXPECT_EQ(code_of(h.run(approve("s009", other_dept))), "forbidden");
  const std::string own = leave_id(h, "s008", "2026-11-30", "2026-11-30");
  EXPECT_EQ(code_of(h.run(approve("s008", own))), "forbidden");
}

TEST(RLV1, admin_may_act_at_any_step) {
  Hall h(with_approvers());
  const std::string id = leave_id(h, "s002", "2026-11-26", "2026-11-27");
  h.ok(approve("s011", id));
  h.ok(approve("s011", id));
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::approved);
}

TEST(RLV1, leave_request_validation) {
  Hall h(with_approvers());
  EXPECT_EQ(h.refused(request_leave("s002", "2026-11-27", "2026-11-26")).code, Refusal::invalid);
  EXPECT_EQ(h.refused(request_leave("s002", "2026-11-20", "2026-11-22")).code, Refusal::invalid);  // in the past
  EXPECT_EQ(h.refused(request_leave("s002", "11/26", "2026-11-26")).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s002", core::RequestLeave{"s002", "2026-11-26", "2026-11-26", ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(request_leave("s404", "2026-11-26", "2026-11-26")).code, Refusal::unknown_staff);
}

TEST(RLV2, shuitian_two_days_by_the_supervisor_more_by_supervisor_then_deputy_head) {
  Hall h(with_policy("", "shuitian-2020", with_approvers()));
  const auto two = h.ok(request_leave("s002", "2026-11-26", "2026-11-27"));
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].chain, Strings{"supervisor"});
  h.ok(approve("s008", two[0].leave));
  EXPECT_EQ(h.state.leaves.at(two[0].leave).status, core::LeaveStatus::approved);

  const auto three = h.ok(request_leave("s004", "2026-11-30", "2026-12-02"));
  ASSERT_EQ(three.size(), 1u);
  EXPECT_EQ(three[0].chain, (Strings{"supervisor", "deputy_head"}));
  const std::string id = three[0].leave;
  EXPECT_EQ(h.refused(approve("s010", id)).kind, Rejected::Kind::forbidden);
  EXPECT_EQ(h.ok(approve("s008", id))[0].next_approver, "deputy_head");
  EXPECT_EQ(h.refused(approve("s008", id)).kind, Rejected::Kind::forbidden);
  h.ok(approve("s010", id));
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::approved);
}

// [SECTION] R-EMP-3: at most max_concurrent_leave A staff of one window on leave

std::string three_a_hall() {  // W01 gets a third A, s004 (also A of W02)
  return edit(std::string(hall_json), R"("a": ["s001", "s002"], "b": ["s003"])",
              R"("a": ["s001", "s002", "s004"], "b": ["s003"])");
}

TEST(REMP3, third_overlapping_leave_of_a_window_is_refused) {
  Hall h(three_a_hall());
  const std::string l1 = leave_id(h, "s001", "2026-11-26", "2026-11-26");
  leave_id(h, "s002", "2026-11-26", "2026-11-27");  // pending leave counts too
  h.ok(approve("s008", l1));
  const auto r = h.refused(request_leave("s004", "2026-11-24", "2026-11-26"));
  EXPECT_EQ(r.code, Refusal::leave_limit_window);
  EXPECT_EQ(r.kind, Rejected::Kind::conflict);
  EXPECT_NE(r.message.find("W01"), std::string::npos);
  EXPECT_NE(r.message.find("2026-11-26"), std::string::npos);
  EXPECT_EQ(h.refused(request_leave("s004", "2026-11-26", "2026-11-26")).code, Refusal::leave_limit_window);
  // Dates that do not overlap both others are fine (11-27: only s002 is away).
  EXPECT_EQ(all_types(h.ok(request_leave("s004", "2026-11-27", "2026-11-27"))), Strings{"leave.requested"});
  EXPECT_EQ(all_types(h.ok(request_leave("s004", "2026-11-24", "2026-11-24"))), Strings{"leave.requested"});
  EXPECT_EQ(all_types(h.ok(request_leave("s004", "2026-11-30", "2026-11-30"))), Strings{"leave.requested"});
}

TEST(REMP3, rejected_leave_frees_the_slot) {
  // s004 is also A of W02, whose B s001 is away on 11-26: s002 joins W02's B roster so that
  // s004's leave finds a planned cover (R-LV-4) once s002's own leave is rejected.
  Hall h(edit(three_a_hall(), R"("a": ["s003", "s004"], "b": ["s001"])", R"("a": ["s003", "s004"], "b": ["s001", "s002"])"));
  leave_id(h, "s001", "2026-11-26", "2026-11-26");
  const std::string l2 = leave_id(h, "s002", "2026-11-26", "2026-11-26");
  EXPECT_EQ(h.refused(request_leave("s004", "2026-11-26", "2026-11-26")).code, Refusal::leave_limit_window);
  h.ok(reject("s008", l2));
  EXPECT_EQ(all_types(h.ok(request_leave("s004", "2026-11-26", "2026-11-26"))), Strings{"leave.requested"});
}

TEST(REMP3, max_concurrent_leave_override_is_honoured) {
  Hall h(with_policy(R"("max_concurrent_leave": 1)"));
  leave_id(h, "s001", "2026-11-26", "2026-11-26");
  EXPECT_EQ(h.refused(request_leave("s002", "2026-11-26", "2026-11-26")).code, Refusal::leave_limit_window);
  EXPECT_EQ(all_types(h.ok(request_leave("s002", "2026-11-27", "2026-11-27"))), Strings{"leave.requested"});
  // Staff of other windows are not counted against W01.
  EXPECT_EQ(all_types(h.ok(request_leave("s005", "2026-11-26", "2026-11-26"))), Strings{"leave.requested"});
}

// [SECTION] R-OFF-4: the chief representative

TEST(ROFF4, chief_representative_away_more_than_a_day_needs_the_deputy_head) {
  Hall h(with_approvers());  // s001 is chief of zwb, s005 of rsj
  const auto one = h.ok(request_leave("s001", "2026-11-26", "2026-11-26"));
  EXPECT_EQ(one[0].chain, Strings{"supervisor"});
  const auto two = h.ok(request_leave("s005", "2026-11-26", "2026-11-27"));
  EXPECT_EQ(two[0].chain, (Strings{"department_head", "supervisor", "deputy_head"}));
  const std::string id = two[0].leave;
  h.ok(approve("s012", id));  // the head of rsj
  h.ok(approve("s008", id));
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::pending);
  EXPECT_EQ(h.state.leaves.at(id).next_approver(), "deputy_head");
  h.ok(approve("s010", id));
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::approved);
  // Not the chief: no deputy head.
  EXPECT_EQ(h.ok(request_leave("s002", "2026-11-30", "2026-12-01"))[0].chain, (Strings{"department_head", "supervisor"}));
}

TEST(ROFF4, deputy_head_is_not_added_twice_and_the_limit_is_a_policy_parameter) {
  {
    Hall h(with_policy("", "shuitian-2020", with_approvers()));
    EXPECT_EQ(h.ok(request_leave("s001", "2026-11-26", "2026-11-27"))[0].chain, (Strings{"supervisor", "deputy_head"}));
    EXPECT_EQ(h.ok(request_leave("s005", "2026-11-30", "2026-12-02"))[0].chain, (Strings{"supervisor", "deputy_head"}));
  }
  {
    Hall h(with_policy(R"("chief_away_deputy_days": 2)", "district-hall", with_approvers()));
    EXPECT_EQ(h.ok(request_leave("s001", "2026-11-26", "2026-11-27"))[0].chain, (Strings{"department_head", "supervisor"}));
    EXPECT_EQ(h.ok(request_leave("s005", "2026-11-30", "2026-12-02"))[0].chain,
              (Strings{"department_head", "supervisor", "deputy_head"}));
  }
}

// [SECTION] R-LV-4: planned cover

/// Approves a pending leave step by step with the role each step asks for (with_approvers() hall).
void approve_all(Hall& h, const std::string& leave) {
  // The department step goes to the head of the requester's own department.
  const bool rsj = h.state.cfg().find_staff(h.state.leaves.at(leave).staff)->department == "rsj";
  const std::map<std::string, std::string> who = {
      {"department_head", rsj ? "s012" : "s009"}, {"supervisor", "s008"}, {"deputy_head", "s010"}};
  for (int step = 0; step < 4 && h.state.leaves.at(leave).status == core::LeaveStatus::pending; ++step)
    h.ok(approve(who.at(h.state.leaves.at(leave).next_approver()), leave));
  EXPECT_EQ(h.state.leaves.at(leave).status, core::LeaveStatus::approved);
}

TEST(RLV4, approved_leave_alerts_the_B_when_the_session_opens_that_day) {
  Hall h;
  const std::string id = leave_id(h, "s001", "2026-11-24", "2026-11-24");
  h.advance_to("2026-11-23T10:00:00");
  h.ok(approve("s008", id));
  EXPECT_TRUE(raised(h.advance_to("2026-11-24T08:59:59"), "planned_cover").empty());  // not at midnight
  const auto ev = h.advance(1);
  const auto a = raised(ev, "planned_cover");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at, at("2026-11-24T09:00:00"));
  EXPECT_GT(a[0].seq, seq_of(ev, EventType::session_opened));
  EXPECT_EQ(a[0].window, "W01");
  EXPECT_EQ(a[0].staff, "s001");
  EXPECT_EQ(a[0].leave, id);
  EXPECT_EQ(a[0].notify, Strings{"s003"});
  EXPECT_EQ(a[0].rule, "R-LV-4");
  EXPECT_EQ(h.state.leaves.at(id).planned_cover_alert, a[0].alert);
  // Once per day: the afternoon session does not repeat it.
  EXPECT_TRUE(raised(h.advance_to("2026-11-24T15:00:00"), "planned_cover").empty());
  // Resolved at the day change, not raised again after the leave.
  const auto next = h.advance_to("2026-11-26T12:00:00");
  const auto done = resolved(next, "planned_cover");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].at, at("2026-11-25T00:00:00"));
  EXPECT_EQ(done[0].reason, "day_end");
  EXPECT_TRUE(raised(next, "planned_cover").empty());
}

TEST(RLV4, leave_for_today_approved_before_opening_alerts_at_session_open) {
  Hall h;
  h.advance_to("2026-11-23T08:40:00");
  const std::string id = leave_id(h, "s007", "2026-11-23", "2026-11-23");
  h.advance_to("2026-11-23T08:45:00");
  h.ok(approve("s008", id));
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T08:59:59"), "planned_cover").empty());
  const auto a = raised(h.advance(1), "planned_cover");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at, at("2026-11-23T09:00:00"));
  EXPECT_EQ(a[0].window, "W04");
  EXPECT_EQ(a[0].notify, Strings{"s006"});
}

TEST(RLV4, leave_for_today_approved_during_a_session_alerts_right_after_approval) {
  Hall h;
  h.advance_to("2026-11-23T08:40:00");
  const std::string id = leave_id(h, "s007", "2026-11-23", "2026-11-23");
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T10:00:00"), "planned_cover").empty());  // pending: nothing
  const std::size_t mark = h.log.size();
  const auto ok = h.ok(approve("s008", id));
  const auto a = raised(since(h, mark), "planned_cover");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at, at("2026-11-23T10:00:00"));
  EXPECT_GT(a[0].seq, ok[0].seq);
  EXPECT_EQ(a[0].window, "W04");
  EXPECT_EQ(a[0].notify, Strings{"s006"});
}

TEST(RLV4, rejected_or_pending_leave_raises_no_planned_cover) {
  Hall h(with_approvers());
  const std::string rejected_id = leave_id(h, "s001", "2026-11-24", "2026-11-24");
  h.ok(reject("s008", rejected_id));
  leave_id(h, "s006", "2026-11-24", "2026-11-25");  // 2 days, pending at the department head
  EXPECT_TRUE(raised(h.advance_to("2026-11-24T12:00:00"), "planned_cover").empty());
}

TEST(RLV4, multi_day_leave_alerts_each_working_day_and_not_on_a_holiday) {
  Hall h(with_approvers());
  const std::string id = leave_id(h, "s006", "2026-11-24", "2026-11-26");  // 2026-11-25 is a holiday
  approve_all(h, id);
  const auto ev = h.advance_to("2026-11-26T12:00:00");
  const auto a = raised(ev, "planned_cover");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].at, at("2026-11-24T09:00:00"));
  EXPECT_EQ(a[1].at, at("2026-11-26T09:00:00"));
  EXPECT_NE(a[0].alert, a[1].alert);
  for (const auto& x : a) {
    EXPECT_EQ(x.window, "W03");
    EXPECT_EQ(x.notify, Strings{"s007"});
  }
  const auto r = resolved(ev, "planned_cover");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].alert, a[0].alert);
  EXPECT_EQ(r[0].at, at("2026-11-25T00:00:00"));
}

TEST(RAB3, cover_request_does_not_ask_staff_on_approved_leave) {
  Hall h;
  h.ok(approve("s008", leave_id(h, "s002", "2026-11-23", "2026-11-23")));
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.advance_to("2026-11-23T09:30:00");
  const std::size_t mark = h.log.size();
  h.off_post("s001", 20);
  const auto cover = raised(since(h, mark), "cover_needed", "W01");
  ASSERT_EQ(cover.size(), 1u);
  EXPECT_EQ(cover[0].notify, Strings{"s003"});
}

// [SECTION] R-SCR-2: inspection findings and decisions on proposed violations

TEST(RSCR2, inspection_finding_is_proposed_and_confirmed_with_catalog_points) {
  Hall h;
  h.advance_to("2026-11-23T10:00:00");
  const auto ev = h.ok(as("s008", core::RecordViolation{"off_post_inspection", "s005", "", "巡查发现离岗"}));
  ASSERT_EQ(all_types(ev), (Strings{"violation.proposed", "violation.confirmed"}));
  EXPECT_EQ(ev[0].kind, "off_post_inspection");
  EXPECT_DOUBLE_EQ(ev[0].points, 0.2);
  EXPECT_EQ(ev[0].staff, "s005");
  EXPECT_EQ(ev[0].department, "rsj");  // from the staff member
  EXPECT_EQ(ev[0].source, "inspection");
  EXPECT_EQ(ev[0].rule, "R-SCR-2");
  EXPECT_EQ(ev[0].note, "巡查发现离岗");
  EXPECT_EQ(ev[1].violation, ev[0].violation);
  const auto& v = h.state.violations.at(ev[0].violation);
  EXPECT_EQ(v.status, core::ViolationStatus::confirmed);
  EXPECT_EQ(v.decided_by, "s008");
  EXPECT_EQ(v.at, at("2026-11-23T10:00:00"));

  const auto desk = h.ok(as("s008", core::RecordViolation{"desk_messy", "", "zwb", "桌面杂乱"}));
  ASSERT_EQ(desk.size(), 2u);
  EXPECT_DOUBLE_EQ(desk[0].points, 0.05);
  EXPECT_EQ(desk[0].department, "zwb");
  EXPECT_EQ(desk[0].staff, "");
  EXPECT_NE(desk[0].violation, ev[0].violation);
}

TEST(RSCR2, catalog_override_sets_the_points) {
  Hall h(with_policy(R"("deductions": {"desk_messy": 0.08})"));
  const auto ev = h.ok(as("s008", core::RecordViolation{"desk_messy", "s001", "", ""}));
  ASSERT_FALSE(ev.empty());
  EXPECT_DOUBLE_EQ(ev[0].points, 0.08);
  EXPECT_DOUBLE_EQ(h.ok(as("s008", core::RecordViolation{"schedule", "s001", "", ""}))[0].points, 0.1);  // merged
}

TEST(RSCR2, inspection_finding_refusals) {
  Hall h;
  const auto unknown = h.refused(as("s008", core::RecordViolation{"sleeping", "s001", "", ""}));
  EXPECT_EQ(unknown.code, Refusal::invalid);
  EXPECT_EQ(unknown.kind, Rejected::Kind::invalid);
  EXPECT_EQ(h.refused(as("s008", core::RecordViolation{"desk_messy", "", "", ""})).code, Refusal::invalid);
  const auto dept = h.refused(as("s008", core::RecordViolation{"desk_messy", "", "gaj", ""}));
  EXPECT_EQ(dept.code, Refusal::unknown_department);
  EXPECT_EQ(dept.kind, Rejected::Kind::not_found);
  EXPECT_EQ(h.refused(as("s008", core::RecordViolation{"desk_messy", "s404", "", ""})).code, Refusal::unknown_staff);
  EXPECT_TRUE(h.state.violations.empty());
}

TEST(RSCR2, proposed_violation_is_confirmed_or_dismissed_once) {
  Hall h;
  h.advance_to("2026-11-23T09:10:00");
  h.sign_in("s001", "W01");  // late: a proposed schedule violation
  h.sign_in("s005", "W03");  // late too
  std::vector<std::string> ids;
  for (const auto& [id, v] : h.state.violations)
    if (v.kind == "schedule" && v.status == core::ViolationStatus::proposed) ids.push_back(id);
  ASSERT_GE(ids.size(), 2u);

  const auto ok = h.ok(as("s008", core::DecideViolation{ids[0], true, "属实"}));
  ASSERT_EQ(all_types(ok), Strings{"violation.confirmed"});
  EXPECT_EQ(ok[0].violation, ids[0]);
  EXPECT_EQ(ok[0].kind, "schedule");
  EXPECT_EQ(h.state.violations.at(ids[0]).status, core::ViolationStatus::confirmed);
  EXPECT_EQ(h.state.violations.at(ids[0]).decision_note, "属实");

  const auto no = h.ok(as("s008", core::DecideViolation{ids[1], false, "交通管制，情有可原"}));
  ASSERT_EQ(all_types(no), Strings{"violation.dismissed"});
  EXPECT_EQ(h.state.violations.at(ids[1]).status, core::ViolationStatus::dismissed);

  const auto again = h.refused(as("s008", core::DecideViolation{ids[0], false, ""}));
  EXPECT_EQ(again.code, Refusal::violation_decided);
  EXPECT_EQ(again.kind, Rejected::Kind::conflict);
  EXPECT_EQ(h.refused(as("s008", core::DecideViolation{ids[1], true, ""})).code, Refusal::violation_decided);
  EXPECT_EQ(h.refused(as("s008", core::DecideViolation{"V999", true, ""})).code, Refusal::unknown_violation);
}

// [SECTION] restart: a decoded snapshot continues exactly like the original

/// Morning with alerts of every kind open at 09:25:30.
void morning_with_open_alerts(Hall& h) {
  h.advance_to("2026-11-23T08:40:00");
  h.ok(approve("s008", leave_id(h, "s007", "2026-11-23", "2026-11-23")));  // planned cover at W04
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  h.advance_to("2026-11-23T09:02:00");  // cover_needed W02, W04
  h.sign_in("s003", "W02");             // late
  h.issue("shebao");
  h.issue("yibao");
  h.advance_to("2026-11-23T09:10:00");
  h.ok(presence("W03", false));  // unreported absence
  h.advance_to("2026-11-23T09:20:00");
  h.off_post("s001", 15);               // cover_needed W01
  h.advance_to("2026-11-23T09:25:00");  // W01 empty, W04 escalated
  if (const auto* a = active(h, "window_empty", "W04")) h.ok(as("s008", core::AckAlert{a->id, "已知悉"}));
  h.advance_to("2026-11-23T09:25:30");
}

/// The rest of the day and the next morning; returns the refusal codes on the way.
Strings rest_of_day(Hall& h) {
  Strings codes;
  auto run = [&](const Command& c) { codes.push_back(code_of(h.run(c))); };
  h.advance_to("2026-11-23T09:36:00");  // s001 overdue, W04 level 3
  run(take_over("s003", "W01"));        // would_empty_window
  run(take_over("s002", "W01"));
  run(as("s002", core::CallNext{"W01"}));
  h.advance(120);
  run(as("s002", core::StartService{"W01"}));
  run(as("s002", core::FinishService{"W01", "done", {}}));
  run(presence("W03", true));
  h.advance_to("2026-11-23T09:45:00");
  run(go_back("s001"));
  run(as("s008", core::RecordViolation{"desk_messy", "s003", "", ""}));
  h.advance_to("2026-11-23T12:00:00");
  h.advance_to("2026-11-23T14:00:00");
  run(as("s006", core::TakeOver{"s006", "W04"}));
  h.advance_to("2026-11-23T16:30:00");
  run(sign_out("s005"));                // early
  h.advance_to("2026-11-24T09:05:00");  // day change, new session
  run(as("s001", core::SignIn{"s001", "W01"}));
  h.advance_to("2026-11-24T09:30:00");
  return codes;
}

TEST(Restart, decoded_snapshot_with_open_alerts_continues_like_the_original) {
  Hall original;
  morning_with_open_alerts(original);
  // Every kind of staffing alert is open at the cut.
  for (const char* kind : {"cover_needed", "window_empty", "unreported_absence", "late_sign_in", "planned_cover"})
    EXPECT_NE(active(original, kind), nullptr) << kind;
  ASSERT_NE(active(original, "window_empty", "W01"), nullptr);
  EXPECT_EQ(active(original, "window_empty", "W04")->level, 3);
  EXPECT_FALSE(active(original, "window_empty", "W04")->acknowledged_by.empty());

  const std::string snapshot = proto::encode_state(original.state);
  auto decoded = proto::decode_state(snapshot, original.config);
  ASSERT_TRUE(decoded.has_value());
  Hall restarted = original;  // same clock position
  restarted.state = std::move(*decoded);
  EXPECT_EQ(restarted.state, original.state);

  const std::size_t cut = original.log.size();
  restarted.log.clear();
  const Strings a = rest_of_day(original);
  const Strings b = rest_of_day(restarted);
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::count(a.begin(), a.end(), "<accepted>"), static_cast<std::ptrdiff_t>(a.size()) - 1);  // one refusal

  const Events tail(original.log.begin() + static_cast<std::ptrdiff_t>(cut), original.log.end());
  ASSERT_EQ(tail.size(), restarted.log.size());
  for (std::size_t i = 0; i < tail.size(); ++i)
    ASSERT_EQ(proto::serialize_event(tail[i], china), proto::serialize_event(restarted.log[i], china)) << i;
  EXPECT_EQ(restarted.state, original.state);
  // The continuation really exercised the open alerts.
  for (const char* kind : {"off_post_overdue", "window_empty", "cover_needed", "unreported_absence"})
    EXPECT_FALSE(resolved(tail, kind).empty()) << kind;
  EXPECT_FALSE(pick(tail, EventType::alert_escalated).empty());
  EXPECT_FALSE(pick(tail, EventType::day_started).empty());
}

}  // namespace
}  // namespace hallq::test
