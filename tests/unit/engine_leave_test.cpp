// Leave as a hall practises it (issue 12 §4): working days and half days (R-LV-1, R-EMP-3),
// requests in advance, cancelling and reporting back (R-LV-3), planned cover and its notice
// (R-LV-4), hand-over (R-AB-4), official business (R-LV-5), the profiles' chains (R-LV-2,
// R-OFF-4, 000 第十五条), and that snapshots and replay keep all of it.
//
// The test hall's calendar: 2026-11-23 is a Monday, 11-25 (Wednesday) is a holiday, 11-28/29 a
// weekend. The fixture starts at 2026-11-23T08:30:00.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/event_codec.hpp"
#include "protocol/state_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using Strings = std::vector<std::string>;
using Cover = std::vector<std::pair<std::string, std::string>>;

std::string edit(std::string json, std::string_view from, std::string_view to) {
  const auto pos = json.find(from);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "fixture text not found: " << from;
    return json;
  }
  json.replace(pos, from.size(), to);
  return json;
}

/// The approver roles: s009 department_head (zwb), s012 department_head (rsj), s010 deputy_head.
std::string with_approvers(std::string json = std::string(hall_json)) {
  const std::string_view s008 = R"({"id": "s008", "name": "黄晓芳", "department": "zwb", "role": "supervisor", "pin": "1008"})";
  return edit(std::move(json), s008, std::string(s008) + R"(,
    {"id": "s009", "name": "孙部长", "department": "zwb", "role": "department_head", "pin": "1009"},
    {"id": "s010", "name": "周副主任", "department": "zwb", "role": "deputy_head", "pin": "1010"},
    {"id": "s012", "name": "钱处长", "department": "rsj", "role": "department_head", "pin": "1012"})");
}

std::string with_policy(std::string_view overrides, std::string_view profile = "district-hall",
                        std::string json = with_approvers()) {
  std::string policy = R"("policy": {"profile": ")" + std::string(profile) + "\"";
  if (!overrides.empty()) policy += ", " + std::string(overrides);
  policy += "}";
  return edit(std::move(json), R"("policy": {"profile": "district-hall"})", policy);
}

/// W01's B roster becomes `b` (e.g. R"(["s003", "s006"])").
std::string w01_b(std::string_view b, std::string json = with_approvers()) {
  return edit(std::move(json), R"("a": ["s001", "s002"], "b": ["s003"])", R"("a": ["s001", "s002"], "b": )" + std::string(b));
}

core::RequestLeave leave(const std::string& staff, const std::string& from, const std::string& to) {
  return core::RequestLeave{staff, from, to, "家中有事"};
}

/// Requests as the person, returns the leave.requested event (a default one if refused).
Event request(Hall& h, const core::RequestLeave& r) {
  const auto ev = h.ok(as(r.staff, r));
  for (const auto& e : ev)
    if (e.type == EventType::leave_requested) return e;
  return Event{};
}

void approve_all(Hall& h, const std::string& id) {
  // Whoever the chain waits for: supervisor s008, department heads s009 / s012, deputy head s010.
  for (int guard = 0; guard < 5 && h.state.leaves.at(id).status == core::LeaveStatus::pending; ++guard) {
    const std::string next = h.state.leaves.at(id).next_approver();
    const std::string dept = h.config->find_staff(h.state.leaves.at(id).staff)->department;
    const std::string who = next == "supervisor" ? "s008" : next == "deputy_head" ? "s010" : dept == "rsj" ? "s012" : "s009";
    h.ok(as(who, core::DecideLeave{id, true, ""}));
  }
  EXPECT_EQ(h.state.leaves.at(id).status, core::LeaveStatus::approved);
}

Events raised(const Events& events, std::string_view kind) {
  Events out;
  for (const auto& e : events)
    if (e.type == EventType::alert_raised && e.kind == kind) out.push_back(e);
  return out;
}

const core::Alert* active(const Hall& h, std::string_view kind, std::string_view staff = {}) {
  for (const auto& [id, a] : h.state.alerts)
    if (a.kind == kind && (staff.empty() || a.staff == staff)) return &a;
  return nullptr;
}

Strings absent_at_close(const Events& events) {
  Strings out;
  for (const auto& e : events)
    if (e.type == EventType::violation_proposed && e.reason == "absent_without_leave") out.push_back(e.staff);
  return out;
}

// [SECTION] R-LV-1: working days and half days

TEST(Leave, R_LV_1_FridayToMondayIsTwoWorkingDays) {
  Hall h(with_approvers());
  const auto e = request(h, leave("s002", "2026-11-27", "2026-11-30"));  // Fri, Sat, Sun, Mon
  EXPECT_EQ(e.days, 2.0);
  EXPECT_EQ(e.chain, (Strings{"department_head", "supervisor"}));  // 2 days > leave_short_max_days (1)
  EXPECT_EQ(h.state.leaves.at(e.leave).days, 2.0);
}

TEST(Leave, R_LV_1_AHolidayInsideTheLeaveDoesNotCount) {
  Hall h(with_approvers());
  const auto e = request(h, leave("s002", "2026-11-24", "2026-11-25"));  // Tue + the Wednesday holiday
  EXPECT_EQ(e.days, 1.0);
  EXPECT_EQ(e.chain, Strings{"supervisor"});  // one working day: the center alone
}

TEST(Leave, R_LV_1_ExtraWorkdayCounts) {
  Hall h(
      edit(with_approvers(), R"("holidays": ["2026-11-25"])", R"("holidays": ["2026-11-25"], "extra_workdays": ["2026-11-28"])"));
  EXPECT_EQ(request(h, leave("s002", "2026-11-27", "2026-11-30")).days, 3.0);  // Saturday 11-28 is a 调休 workday
}

TEST(Leave, R_LV_1_HalfDaysCountHalf) {
  Hall h(with_approvers());
  auto am = leave("s002", "2026-11-26", "2026-11-26");
  am.half = "am";
  const auto a = request(h, am);
  EXPECT_EQ(a.days, 0.5);
  EXPECT_EQ(a.to_half, "am");
  EXPECT_EQ(a.from_half, "");
  EXPECT_EQ(a.chain, Strings{"supervisor"});

  auto span = leave("s004", "2026-11-26", "2026-11-27");
  span.from_half = "pm";  // Thursday afternoon and Friday: 1.5 days, over the 1-day limit
  const auto b = request(h, span);
  EXPECT_EQ(b.days, 1.5);
  EXPECT_EQ(b.chain, (Strings{"department_head", "supervisor"}));

  auto fri_to_mon_noon = leave("s005", "2026-11-27", "2026-11-30");
  fri_to_mon_noon.to_half = "am";
  EXPECT_EQ(request(h, fri_to_mon_noon).days, 1.5);
  // "am" as from_half and "pm" as to_half are the whole day.
  auto whole = leave("s006", "2026-12-01", "2026-12-01");
  whole.from_half = "am";
  whole.to_half = "pm";
  EXPECT_EQ(request(h, whole).days, 1.0);
}

TEST(Leave, R_LV_1_BadHalvesAndDaysWithoutWorkAreInvalid) {
  Hall h(with_approvers());
  const std::size_t before = h.log.size();
  auto two_days_half = leave("s002", "2026-11-26", "2026-11-27");
  two_days_half.half = "pm";
  EXPECT_EQ(h.refused(as("s002", two_days_half)).code, Refusal::invalid);
  auto bad = leave("s002", "2026-11-26", "2026-11-26");
  bad.half = "evening";
  EXPECT_EQ(h.refused(as("s002", bad)).code, Refusal::invalid);
  auto empty = leave("s002", "2026-11-26", "2026-11-26");
  empty.from_half = "pm";
  empty.to_half = "am";
  EXPECT_EQ(h.refused(as("s002", empty)).code, Refusal::invalid);
  auto both = leave("s002", "2026-11-26", "2026-11-26");
  both.half = "am";
  both.to_half = "am";
  EXPECT_EQ(h.refused(as("s002", both)).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s002", leave("s002", "2026-11-28", "2026-11-29"))).code, Refusal::invalid);  // a weekend
  EXPECT_EQ(h.refused(as("s002", leave("s002", "2026-11-25", "2026-11-25"))).code, Refusal::invalid);  // the holiday
  auto kind = leave("s002", "2026-11-26", "2026-11-26");
  kind.kind = "holiday";
  EXPECT_EQ(h.refused(as("s002", kind)).code, Refusal::invalid);
  EXPECT_EQ(h.log.size(), before) << "a refused request changes nothing";
}

// [SECTION] R-EMP-3 counts working days only

TEST(Leave, R_EMP_3_LeavesThatShareOnlyAWeekendDoNotOverlap) {
  Hall h(with_policy(R"("max_concurrent_leave": 1)"));
  request(h, leave("s001", "2026-11-27", "2026-11-28"));                                              // Fri + Sat
  EXPECT_EQ(request(h, leave("s002", "2026-11-28", "2026-11-30")).type, EventType::leave_requested);  // Sat–Mon
  // A working day in common is refused.
  EXPECT_EQ(h.refused(as("s002", leave("s002", "2026-11-27", "2026-11-27"))).code, Refusal::leave_limit_window);
}

TEST(Leave, R_EMP_3_CancelledLeaveFreesTheSlot) {
  Hall h(with_policy(R"("max_concurrent_leave": 1)"));
  const auto first = request(h, leave("s001", "2026-11-26", "2026-11-26"));
  EXPECT_EQ(h.refused(as("s002", leave("s002", "2026-11-26", "2026-11-26"))).code, Refusal::leave_limit_window);
  h.ok(as("s001", core::CancelLeave{first.leave, "不去了"}));
  EXPECT_EQ(request(h, leave("s002", "2026-11-26", "2026-11-26")).type, EventType::leave_requested);
}

// [SECTION] R-LV-3: in advance, cancel before the start, 销假

TEST(Leave, R_LV_3_LeaveStartingInThePastIsRefusedFromMidnight) {
  Hall h(with_approvers());
  h.advance_to("2026-11-23T23:59:59");
  EXPECT_EQ(request(h, leave("s002", "2026-11-23", "2026-11-23")).type, EventType::leave_requested);  // still today
  h.advance(1);                                                                                       // 2026-11-24T00:00:00
  const std::size_t before = h.log.size();
  EXPECT_EQ(h.refused(as("s004", leave("s004", "2026-11-23", "2026-11-24"))).code, Refusal::invalid);  // starts yesterday
  EXPECT_EQ(h.refused(as("s004", leave("s004", "2026-11-23", "2026-11-23"))).code, Refusal::invalid);
  EXPECT_EQ(h.log.size(), before);
  EXPECT_EQ(request(h, leave("s004", "2026-11-24", "2026-11-24")).type, EventType::leave_requested);
}

TEST(Leave, R_LV_3_CancelWorksUntilTheDayTheLeaveStarts) {
  Hall h(with_approvers());
  const auto a = request(h, leave("s002", "2026-11-24", "2026-11-24"));
  approve_all(h, a.leave);
  const auto b = request(h, leave("s004", "2026-11-24", "2026-11-24"));
  h.advance_to("2026-11-23T23:59:59");
  const auto ev = h.ok(as("s002", core::CancelLeave{a.leave, "事情办完了"}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, EventType::leave_cancelled);
  EXPECT_EQ(ev[0].leave, a.leave);
  EXPECT_EQ(h.state.leaves.at(a.leave).status, core::LeaveStatus::cancelled);
  EXPECT_FALSE(core::on_leave(h.state, "s002", "2026-11-24"));
  EXPECT_EQ(h.refused(as("s002", core::CancelLeave{a.leave, ""})).code, Refusal::leave_not_active);
  h.advance(1);  // midnight: s004's leave has started
  const auto started = h.refused(as("s004", core::CancelLeave{b.leave, ""}));
  EXPECT_EQ(started.code, Refusal::leave_started);
  EXPECT_EQ(started.kind, Rejected::Kind::conflict);
}

TEST(Leave, R_LV_3_CancelByTheRequesterOrASupervisorOnly) {
  Hall h(with_approvers());
  const auto a = request(h, leave("s002", "2026-11-26", "2026-11-26"));
  const auto wrong = h.refused(as("s004", core::CancelLeave{a.leave, ""}));
  EXPECT_EQ(wrong.kind, Rejected::Kind::forbidden);
  EXPECT_EQ(h.refused(as("s009", core::CancelLeave{a.leave, ""})).kind,
            Rejected::Kind::forbidden);  // a department head is no supervisor
  const auto unknown = h.refused(as("s008", core::CancelLeave{"L99", ""}));
  EXPECT_EQ(unknown.kind, Rejected::Kind::not_found);
  EXPECT_EQ(unknown.code, Refusal::unknown_leave);
  h.ok(as("s008", core::CancelLeave{a.leave, "窗口人手不足"}));
  EXPECT_EQ(h.state.leaves.at(a.leave).cancelled_by, "s008");
}

TEST(Leave, R_LV_3_EndingLeaveEarlyEndsItFromThatDay) {
  Hall h(with_approvers());
  const auto a = request(h, leave("s002", "2026-11-24", "2026-11-27"));  // Tue, (Wed holiday), Thu, Fri
  EXPECT_EQ(a.days, 3.0);
  approve_all(h, a.leave);
  const auto early = h.refused(as("s002", core::EndLeave{a.leave, ""}));
  EXPECT_EQ(early.code, Refusal::leave_not_started);
  EXPECT_EQ(early.kind, Rejected::Kind::conflict);

  h.advance_to("2026-11-24T09:00:00");
  const auto* notice = active(h, "planned_cover", "s002");
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(h.refused(as("s004", core::EndLeave{a.leave, ""})).kind, Rejected::Kind::forbidden);
  h.advance_to("2026-11-24T10:00:00");
  const auto ev = h.ok(as("s002", core::EndLeave{a.leave, "提前返岗"}));
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev[0].type, EventType::leave_ended);
  EXPECT_EQ(ev[0].date, "2026-11-24");
  EXPECT_EQ(active(h, "planned_cover", "s002"), nullptr) << "the planned cover is no longer needed";
  EXPECT_FALSE(core::on_leave(h.state, "s002", "2026-11-24"));
  EXPECT_FALSE(core::on_leave(h.state, "s002", "2026-11-26"));
  EXPECT_EQ(h.state.leaves.at(a.leave).status, core::LeaveStatus::approved);
  EXPECT_EQ(h.state.leaves.at(a.leave).ended_at, at("2026-11-24T10:00:00"));
  EXPECT_EQ(h.refused(as("s002", core::EndLeave{a.leave, ""})).code, Refusal::leave_ended);
  // Signing in after reporting back is no late arrival: the day was leave until then.
  h.advance_to("2026-11-24T10:05:00");
  EXPECT_TRUE(raised(h.ok(as("s002", core::SignIn{"s002", "W01"})), "late_sign_in").empty());
  // Thursday is a working day again: not coming is an absence without leave.
  const auto thursday = h.advance_to("2026-11-26T17:00:00");
  const Strings absent = absent_at_close(thursday);
  EXPECT_NE(std::find(absent.begin(), absent.end(), "s002"), absent.end());
}

TEST(Leave, R_LV_3_OnlyApprovedLeaveIsEnded) {
  Hall h(with_approvers());
  const auto a = request(h, leave("s002", "2026-11-23", "2026-11-23"));
  EXPECT_EQ(h.refused(as("s002", core::EndLeave{a.leave, ""})).code, Refusal::leave_not_active);  // still pending
  EXPECT_EQ(h.refused(as("s002", core::EndLeave{"L42", ""})).code, Refusal::unknown_leave);
  approve_all(h, a.leave);
  EXPECT_EQ(h.ok(as("s008", core::EndLeave{a.leave, ""})).front().type, EventType::leave_ended);  // a supervisor may record it
}

// [SECTION] R-LV-4: planned cover

TEST(Leave, R_LV_4_TheFirstFreeQualifiedBIsChosen) {
  Hall h(with_approvers());
  const auto e = request(h, leave("s002", "2026-11-26", "2026-11-26"));
  EXPECT_EQ(e.cover, (Cover{{"W01", "s003"}}));
  // An A of two windows gets a cover for each (s004 is only A of W02: its B is s001).
  EXPECT_EQ(request(h, leave("s004", "2026-11-27", "2026-11-27")).cover, (Cover{{"W02", "s001"}}));
  // Not an A anywhere: no cover.
  EXPECT_TRUE(request(h, leave("s008", "2026-11-27", "2026-11-27")).cover.empty());
}

TEST(Leave, R_LV_4_NamedCoverMustBeAQualifiedBOfThatWindow) {
  Hall h(w01_b(R"(["s003", "s006"])"));
  const std::size_t before = h.log.size();
  auto r = leave("s002", "2026-11-26", "2026-11-26");
  r.cover = {{"W01", "s004"}};
  EXPECT_EQ(h.refused(as("s002", r)).code, Refusal::not_qualified);
  r.cover = {{"W02", "s001"}};
  EXPECT_EQ(h.refused(as("s002", r)).code, Refusal::invalid);  // s002 is no A of W02
  r.cover = {{"W01", "s999"}};
  EXPECT_EQ(h.refused(as("s002", r)).code, Refusal::unknown_staff);
  EXPECT_EQ(h.log.size(), before);
  r.cover = {{"W01", "s006"}};  // the second B, named
  EXPECT_EQ(request(h, r).cover, (Cover{{"W01", "s006"}}));
}

TEST(Leave, R_LV_4_NoCoverAvailableWhenEveryBIsAwayOrCoveringElsewhere) {
  Hall h(w01_b(R"(["s006"])"));                                            // W01's only B is s006, who is also W04's B
  const auto w04 = request(h, leave("s007", "2026-11-26", "2026-11-26"));  // W04: s006 covers
  EXPECT_EQ(w04.cover, (Cover{{"W04", "s006"}}));
  const std::size_t before = h.log.size();
  const auto r = h.refused(as("s002", leave("s002", "2026-11-24", "2026-11-26")));
  EXPECT_EQ(r.code, Refusal::no_cover_available);
  EXPECT_EQ(r.kind, Rejected::Kind::conflict);
  EXPECT_NE(r.message.find("W01"), std::string::npos);
  EXPECT_NE(r.message.find("2026-11-26"), std::string::npos);
  EXPECT_EQ(h.log.size(), before);
  auto named = leave("s002", "2026-11-26", "2026-11-26");
  named.cover = {{"W01", "s006"}};
  EXPECT_EQ(h.refused(as("s002", named)).code, Refusal::cover_unavailable);
  // The B on leave: W03's only B s007 is away on 11-26.
  EXPECT_EQ(h.refused(as("s005", leave("s005", "2026-11-26", "2026-11-26"))).code, Refusal::no_cover_available);
  // Days the B is free are fine; so is 11-26 once the other leave is cancelled.
  EXPECT_EQ(request(h, leave("s002", "2026-11-24", "2026-11-24")).cover, (Cover{{"W01", "s006"}}));
  h.ok(as("s007", core::CancelLeave{w04.leave, ""}));
  EXPECT_EQ(request(h, leave("s005", "2026-11-26", "2026-11-26")).cover, (Cover{{"W03", "s007"}}));
}

TEST(Leave, R_LV_4_ThePlannedCoverNoticeGoesOnlyToTheNamedCover) {
  Hall h(w01_b(R"(["s003", "s006"])"));
  auto r = leave("s002", "2026-11-23", "2026-11-23");
  r.cover = {{"W01", "s006"}};
  approve_all(h, request(h, r).leave);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T08:59:59"), "planned_cover").empty());
  const auto opened = raised(h.advance(1), "planned_cover");  // 09:00:00, the session opens
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_EQ(opened[0].notify, Strings{"s006"});
  EXPECT_EQ(opened[0].staff, "s002");
  EXPECT_EQ(opened[0].window, "W01");
  EXPECT_EQ(opened[0].rule, "R-LV-4");
}

TEST(Leave, R_LV_4_NoNoticeToACoverWhoIsOnLeave) {
  Hall h(with_approvers());
  const auto a = request(h, leave("s002", "2026-11-23", "2026-11-23"));  // cover s003
  ASSERT_EQ(a.cover, (Cover{{"W01", "s003"}}));
  approve_all(h, a.leave);
  const auto b = request(h, leave("s003", "2026-11-23", "2026-11-23"));  // the cover falls ill too
  approve_all(h, b.leave);
  const auto ev = raised(h.advance_to("2026-11-23T09:00:00"), "planned_cover");
  ASSERT_EQ(ev.size(), 2u);
  for (const auto& e : ev) {
    EXPECT_EQ(std::count(e.notify.begin(), e.notify.end(), "s003"), 0) << e.message;
    if (e.staff == "s002") {
      EXPECT_TRUE(e.notify.empty());
      EXPECT_NE(e.message.find("s003"), std::string::npos) << "supervisors read who was planned";
    }
  }
}

TEST(Leave, R_LV_4_AnAfternoonLeaveIsAnnouncedAtTheAfternoonSession) {
  Hall h(with_approvers());
  auto r = leave("s002", "2026-11-23", "2026-11-23");
  r.half = "pm";
  approve_all(h, request(h, r).leave);
  EXPECT_TRUE(raised(h.advance_to("2026-11-23T13:59:59"), "planned_cover").empty());
  EXPECT_EQ(raised(h.advance(1), "planned_cover").size(), 1u);
}

// [SECTION] R-AB-4: hand-over

TEST(Leave, R_AB_4_LateNoticeIsFlaggedFromMidnightOfTheLastDay) {
  Hall h(with_approvers());
  h.advance_to("2026-11-23T23:59:59");
  const auto in_time = request(h, leave("s002", "2026-11-24", "2026-11-24"));
  EXPECT_FALSE(in_time.late_notice);
  h.advance(1);
  const auto late = request(h, leave("s004", "2026-11-24", "2026-11-24"));
  EXPECT_TRUE(late.late_notice);
  EXPECT_TRUE(h.state.leaves.at(late.leave).late_notice);
  approve_all(h, late.leave);  // still approvable
}

TEST(Leave, R_AB_4_NoticeDaysIsAPolicyParameter) {
  Hall h(with_policy(R"("leave_notice_days": 3)"));
  EXPECT_TRUE(request(h, leave("s002", "2026-11-25", "2026-11-26")).late_notice);   // 2 days ahead
  EXPECT_FALSE(request(h, leave("s004", "2026-11-26", "2026-11-26")).late_notice);  // 3 days ahead
}

TEST(Leave, R_AB_4_TheCoverAcknowledgesTheLeaveHandOver) {
  Hall h(with_approvers());
  auto r = leave("s002", "2026-11-26", "2026-11-26");
  r.handover = "A012 的材料在左边抽屉，下午两点回访";
  const auto a = request(h, r);
  ASSERT_EQ(a.cover, (Cover{{"W01", "s003"}}));
  EXPECT_EQ(a.handover, r.handover);
  EXPECT_EQ(h.refused(as("s004", core::AckHandover{a.leave, "", ""})).kind, Rejected::Kind::forbidden);
  EXPECT_EQ(h.refused(as("s002", core::AckHandover{a.leave, "", ""})).kind, Rejected::Kind::forbidden);
  const auto ev = h.ok(as("s003", core::AckHandover{a.leave, "", "收到"}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, EventType::staff_handover_acknowledged);
  EXPECT_EQ(ev[0].leave, a.leave);
  EXPECT_EQ(ev[0].staff, "s002");
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_EQ(ev[0].actor, "s003");
  EXPECT_EQ(h.state.leaves.at(a.leave).handover_acks, Strings{"s003"});
  EXPECT_EQ(h.refused(as("s003", core::AckHandover{a.leave, "", ""})).code, Refusal::handover_acknowledged);
  // Without a note there is nothing to acknowledge.
  const auto bare = request(h, leave("s004", "2026-11-27", "2026-11-27"));
  EXPECT_EQ(h.refused(as("s001", core::AckHandover{bare.leave, "", ""})).code, Refusal::no_handover);
  EXPECT_EQ(h.refused(as("s003", core::AckHandover{"L77", "", ""})).code, Refusal::unknown_leave);
}

TEST(Leave, R_AB_4_OffPostHandOverIsAcknowledgedByWhoeverCovers) {
  Hall h(with_approvers());
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.advance_to("2026-11-23T09:10:00");
  EXPECT_EQ(h.refused(as("s003", core::AckHandover{"", "s001", ""})).code, Refusal::not_off_post);
  h.ok(as("s001", core::GoOffPost{"s001", "取档案", "档案室", 10, "A003 等复印件"}));
  EXPECT_EQ(h.state.staff.at("s001").off_post->handover, "A003 等复印件");
  EXPECT_EQ(h.refused(as("s003", core::AckHandover{"", "s001", ""})).kind, Rejected::Kind::forbidden);  // not covering yet
  h.ok(as("s003", core::TakeOver{"s003", "W01"}));
  EXPECT_EQ(h.refused(as("s002", core::AckHandover{"", "s001", ""})).kind, Rejected::Kind::forbidden);
  EXPECT_EQ(h.refused(as("s001", core::AckHandover{"", "s001", ""})).kind, Rejected::Kind::forbidden);
  const auto ev = h.ok(as("s003", core::AckHandover{"", "s001", ""}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, EventType::staff_handover_acknowledged);
  EXPECT_EQ(ev[0].staff, "s001");
  EXPECT_EQ(ev[0].window, "W01");
  EXPECT_EQ(ev[0].handover, "A003 等复印件");
  EXPECT_EQ(h.state.staff.at("s001").off_post->handover_ack_by, "s003");
  EXPECT_EQ(h.refused(as("s003", core::AckHandover{"", "s001", ""})).code, Refusal::handover_acknowledged);
}

TEST(Leave, R_AB_4_OffPostWithoutANoteHasNothingToAcknowledge) {
  Hall h(with_approvers());
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");
  h.off_post("s001");
  h.ok(as("s003", core::TakeOver{"s003", "W01"}));
  EXPECT_EQ(h.refused(as("s003", core::AckHandover{"", "s001", ""})).code, Refusal::no_handover);
}

// [SECTION] R-LV-5: official business (因公外出)

TEST(Leave, R_LV_5_OfficialBusinessProducesNoAttendanceSlips) {
  Hall h(with_approvers());
  auto r = leave("s002", "2026-11-23", "2026-11-23");
  r.kind = "official";
  r.reason = "到区局开会";
  const auto e = request(h, r);
  EXPECT_EQ(e.kind, "official");
  EXPECT_EQ(e.cover, (Cover{{"W01", "s003"}})) << "official business still needs cover";
  approve_all(h, e.leave);
  EXPECT_EQ(h.state.leaves.at(e.leave).kind, "official");
  const auto day = h.advance_to("2026-11-23T17:00:00");
  for (const auto& ev : day) {
    const bool slip = ev.type == EventType::violation_proposed ||
                      (ev.type == EventType::alert_raised && ev.kind != "cover_needed" && ev.kind != "window_empty" &&
                       ev.kind != "planned_cover");
    if (slip) {
      EXPECT_NE(ev.staff, "s002") << ev.message;
    }
  }
  const Strings absent = absent_at_close(day);
  EXPECT_EQ(std::count(absent.begin(), absent.end(), "s002"), 0);
  EXPECT_NE(std::find(absent.begin(), absent.end(), "s004"), absent.end()) << "the check ran";
  const auto notice = raised(day, "planned_cover");
  ASSERT_EQ(notice.size(), 1u);
  EXPECT_NE(notice[0].message.find("因公外出"), std::string::npos);
}

TEST(Leave, R_LV_5_OfficialBusinessCountsForTheWindowLimit) {
  Hall h(with_policy(R"("max_concurrent_leave": 1)"));
  auto r = leave("s001", "2026-11-26", "2026-11-26");
  r.kind = "official";
  request(h, r);
  EXPECT_EQ(h.refused(as("s002", leave("s002", "2026-11-26", "2026-11-26"))).code, Refusal::leave_limit_window);
}

TEST(Leave, R_LV_5_ShuitianOfficialBusinessGoesToTheDirector) {
  Hall h(with_policy("", "shuitian-2020"));
  auto r = leave("s002", "2026-11-26", "2026-12-01");  // 4 working days
  r.kind = "official";
  EXPECT_EQ(request(h, r).chain, Strings{"supervisor"});
  EXPECT_EQ(request(h, leave("s004", "2026-11-26", "2026-12-01")).chain, (Strings{"supervisor", "deputy_head"}));
}

// [SECTION] Profile chains: R-LV-2 (shuitian), 000 第十五条 and R-OFF-4 (dongli)

TEST(Leave, R_LV_2_ShuitianDirectorReviewsFirstAndCountsWorkingDays) {
  Hall h(with_policy("", "shuitian-2020"));
  // Thursday to Monday: five calendar days, three working days → director, then head.
  const auto three = request(h, leave("s002", "2026-11-26", "2026-11-30"));
  EXPECT_EQ(three.days, 3.0);
  EXPECT_EQ(three.chain, (Strings{"supervisor", "deputy_head"}));
  EXPECT_EQ(three.next_approver, "supervisor");  // 初审
  // Friday to Monday: two working days → the director alone.
  EXPECT_EQ(request(h, leave("s004", "2026-11-27", "2026-11-30")).chain, Strings{"supervisor"});
}

TEST(Leave, R_OFF_4_DongliDepartmentApprovesAndTheCenterIsInformed) {
  Hall h(with_policy("", "dongli-2022"));
  const auto e = request(h, leave("s002", "2026-11-26", "2026-11-30"));  // 3 working days
  EXPECT_EQ(e.chain, Strings{"department_head"});
  EXPECT_EQ(e.filed_with, Strings{"supervisor"});
  EXPECT_EQ(h.refused(as("s008", core::DecideLeave{e.leave, true, ""})).kind, Rejected::Kind::forbidden)
      << "the center is informed, it does not approve";
  const auto ev = h.ok(as("s009", core::DecideLeave{e.leave, true, ""}));
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].type, EventType::leave_approved);
  EXPECT_EQ(ev[1].type, EventType::leave_filed);
  EXPECT_EQ(ev[1].filed_with, Strings{"supervisor"});
  EXPECT_EQ(h.state.leaves.at(e.leave).status, core::LeaveStatus::approved);
}

TEST(Leave, R_OFF_4_DongliChiefReportsToTheCenterAndMoreThanADayNeedsTheDeputyHead) {
  Hall h(with_policy("", "dongli-2022"));  // s001 is chief of zwb
  const auto one = request(h, leave("s001", "2026-11-26", "2026-11-26"));
  EXPECT_EQ(one.chain, Strings{"supervisor"});
  EXPECT_TRUE(one.filed_with.empty());
  auto half = leave("s001", "2026-11-27", "2026-11-30");  // Friday + Monday morning = 1.5 days
  half.to_half = "am";
  EXPECT_EQ(request(h, half).chain, (Strings{"supervisor", "deputy_head"}));
  // Friday to Monday is two working days even without the weekend.
  EXPECT_EQ(request(h, leave("s005", "2026-11-27", "2026-11-30")).chain, (Strings{"supervisor", "deputy_head"}));
}

// [SECTION] snapshots and replay carry the new leave fields

void busy_leave_day(Hall& h) {
  auto a = leave("s002", "2026-11-23", "2026-11-27");
  a.from_half = "pm";
  a.handover = "交接清单";
  const auto la = request(h, a);
  approve_all(h, la.leave);
  h.ok(as("s003", core::AckHandover{la.leave, "", ""}));
  auto b = leave("s005", "2026-11-26", "2026-11-26");
  b.kind = "official";
  request(h, b);
  const auto lc = request(h, leave("s004", "2026-11-30", "2026-11-30"));
  h.ok(as("s004", core::CancelLeave{lc.leave, ""}));
  h.advance_to("2026-11-23T14:00:00");
  h.ok(as("s002", core::EndLeave{la.leave, ""}));
  h.sign_in("s001", "W01");
  h.ok(as("s001", core::GoOffPost{"s001", "取档案", "档案室", 10, "A003"}));
  h.ok(as("s003", core::TakeOver{"s003", "W01"}));
  h.ok(as("s003", core::AckHandover{"", "s001", ""}));
}

TEST(Leave, SnapshotCarriesTheLeaveFields) {
  Hall h(with_approvers());
  busy_leave_day(h);
  const std::string text = proto::encode_state(h.state);
  const auto decoded = proto::decode_state(text, h.config);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, h.state);
  EXPECT_EQ(boost::json::parse(proto::encode_state(*decoded)), boost::json::parse(text));
  const auto& l = decoded->leaves.at("L1");
  EXPECT_EQ(l.from_half, "pm");
  EXPECT_EQ(l.days, 3.5);
  EXPECT_EQ(l.cover, (Cover{{"W01", "s003"}}));
  EXPECT_EQ(l.handover, "交接清单");
  EXPECT_EQ(l.handover_acks, Strings{"s003"});
  EXPECT_TRUE(l.late_notice);
  EXPECT_EQ(l.ended_day, "2026-11-23");
  EXPECT_EQ(l.ended_at, at("2026-11-23T14:00:00"));
  EXPECT_EQ(decoded->leaves.at("L2").kind, "official");
  EXPECT_EQ(decoded->leaves.at("L3").status, core::LeaveStatus::cancelled);
  EXPECT_EQ(decoded->staff.at("s001").off_post->handover, "A003");
  EXPECT_EQ(decoded->staff.at("s001").off_post->handover_ack_by, "s003");
}

TEST(Leave, ReplayThroughTheWireCodecRebuildsTheLeaveFields) {
  Hall h(with_approvers());
  busy_leave_day(h);
  core::State s(h.config);
  for (const auto& e : h.log) {
    std::string error;
    const auto decoded = proto::decode_event(boost::json::parse(proto::serialize_event(e, china)).as_object(), china, &error);
    ASSERT_TRUE(decoded) << error;
    core::apply(s, *decoded);
  }
  EXPECT_EQ(s, h.state);
}

}  // namespace
}  // namespace hallq::test
