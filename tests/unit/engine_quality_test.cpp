// Engine: service-quality rules at their exact seconds — waiting and in-service time limits
// (R-SVC-2), unsatisfied ratings and their follow-ups (R-SVC-3, R-SVC-5), complaints and the
// deduction that follows every verdict (R-SVC-4), absence without leave (R-ATT-2), and that all
// of it survives the snapshot codec and a replay of the log.
#include <gtest/gtest.h>

#include <algorithm>
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

Events pick(const Events& events, EventType type, std::string_view kind = {}) {
  Events out;
  for (const auto& e : events)
    if (e.type == type && (kind.empty() || e.kind == kind)) out.push_back(e);
  return out;
}

const core::Alert* active(const Hall& h, std::string_view kind, std::string_view ticket = {}) {
  for (const auto& [id, a] : h.state.alerts)
    if (a.kind == kind && (ticket.empty() || a.ticket == ticket)) return &a;
  return nullptr;
}

std::int64_t seq_of(const Hall& h, EventType type) {
  for (auto it = h.log.rbegin(); it != h.log.rend(); ++it)
    if (it->type == type) return it->seq;
  return 0;
}

std::string with_policy(std::string_view overrides) {
  std::string json(hall_json);
  const std::string from = R"("policy": {"profile": "district-hall"})";
  json.replace(json.find(from), from.size(), R"("policy": {"profile": "district-hall", )" + std::string(overrides) + "}");
  return json;
}

// [SECTION] R-SVC-2 waiting too long

TEST(RSVC2, wait_too_long_is_raised_at_the_exact_second_and_resolved_when_called) {
  Hall h(with_policy(R"("wait_too_long_minutes": 45)"));
  h.advance_to("2026-11-23T09:00:00");
  h.advance_to("2026-11-23T09:10:00");
  const auto t1 = h.issue("jiuye");  // only W04 serves it, and nobody is on post there
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T09:54:59"), EventType::alert_raised, "wait_too_long").empty());
  const auto fired = pick(h.advance_to("2026-11-23T09:56:30"), EventType::alert_raised, "wait_too_long");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fmt(fired[0].at), "2026-11-23T09:55:00+08:00");
  EXPECT_EQ(fired[0].ticket, t1);
  EXPECT_EQ(fired[0].rule, "R-SVC-2");
  EXPECT_EQ(fired[0].events, Seqs{h.state.ticket(t1)->key.issue_seq});
  ASSERT_TRUE(active(h, "wait_too_long", t1));
  EXPECT_EQ(h.state.ticket(t1)->wait_alert, fired[0].alert);

  h.sign_in("s007", "W04");
  const auto mark = h.log.size();
  EXPECT_EQ(h.call("W04"), "J001");
  const Events after(h.log.begin() + static_cast<std::ptrdiff_t>(mark), h.log.end());
  const auto done = pick(after, EventType::alert_resolved, "wait_too_long");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].reason, "called");
  EXPECT_EQ(done[0].ticket, t1);
  EXPECT_FALSE(active(h, "wait_too_long"));
}

TEST(RSVC2, a_transferred_ticket_keeps_its_issue_time_for_the_wait_limit) {
  Hall h(with_policy(R"("wait_too_long_minutes": 30)"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s003", "W02");
  const auto t1 = h.issue("qiye");
  h.call("W02");
  h.advance_to("2026-11-23T09:20:00");
  h.ok(as("s003", core::TransferTicket{"W02", "jiuye"}));  // R-Q-5: waits again, nobody at W04
  const auto fired = pick(h.advance_to("2026-11-23T09:31:00"), EventType::alert_raised, "wait_too_long");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fmt(fired[0].at), "2026-11-23T09:30:00+08:00");
  EXPECT_EQ(fired[0].ticket, t1);
}

// [SECTION] R-SVC-2 graded in-service warnings

TEST(RSVC2, time_limit_warning_yellow_at_warn_ratio_and_red_at_the_promise) {
  Hall h;  // shebao: promise 20 min, warn_ratio 0.8 → yellow at 16:00, red at 20:00
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.call("W03");
  h.advance_to("2026-11-23T09:10:00");
  h.ok(as("s005", core::StartService{"W03"}));
  // Other windows' staffing alerts are due meanwhile; the warning still fires at its own second.
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T09:25:59"), EventType::alert_raised, "time_limit_warning").empty());
  const auto yellow = pick(h.advance_to("2026-11-23T09:27:30"), EventType::alert_raised, "time_limit_warning");
  ASSERT_EQ(yellow.size(), 1u);
  EXPECT_EQ(fmt(yellow[0].at), "2026-11-23T09:26:00+08:00");
  EXPECT_EQ(yellow[0].level, 1);
  EXPECT_EQ(yellow[0].ticket, t1);
  EXPECT_EQ(yellow[0].window, "W03");
  EXPECT_EQ(yellow[0].staff, "s005");
  EXPECT_EQ(yellow[0].rule, "R-SVC-2");
  const auto not_yet = pick(h.advance_to("2026-11-23T09:29:59"), EventType::alert_escalated);
  EXPECT_TRUE(std::none_of(not_yet.begin(), not_yet.end(), [&](const Event& e) { return e.alert == yellow[0].alert; }));
  Events red;
  for (const auto& e : pick(h.advance_to("2026-11-23T09:31:00"), EventType::alert_escalated))
    if (e.alert == yellow[0].alert) red.push_back(e);
  ASSERT_EQ(red.size(), 1u);
  EXPECT_EQ(fmt(red[0].at), "2026-11-23T09:30:00+08:00");
  EXPECT_EQ(red[0].alert, yellow[0].alert);
  EXPECT_EQ(red[0].level, 2);
  EXPECT_EQ(active(h, "time_limit_warning", t1)->level, 2);

  h.advance_to("2026-11-23T09:33:00");
  const auto mark = h.log.size();
  core::FinishService f;
  f.window = "W03";
  h.ok(as("s005", f));
  const Events after(h.log.begin() + static_cast<std::ptrdiff_t>(mark), h.log.end());
  const auto done = pick(after, EventType::alert_resolved, "time_limit_warning");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].reason, "finished");
  EXPECT_FALSE(active(h, "time_limit_warning"));
}

TEST(RSVC2, warn_ratio_is_policy_data_and_finishing_in_time_raises_nothing) {
  Hall h(with_policy(R"("warn_ratio": 0.5)"));  // chujian: promise 10 min → yellow at 5:00
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s003", "W02");
  h.issue("chujian");
  h.call("W02");
  h.ok(as("s003", core::StartService{"W02"}));
  h.advance_to("2026-11-23T09:04:59");
  core::FinishService f;
  f.window = "W02";
  h.ok(as("s003", f));
  const auto later = h.advance_to("2026-11-23T09:30:00");
  EXPECT_TRUE(pick(h.log, EventType::alert_raised, "time_limit_warning").empty());
  EXPECT_EQ(h.state.staff_quarters.at("s003").at(core::quarter_key(2026, 4)).within_promise, 1);
}

// [SECTION] R-SVC-3 / R-SVC-5 unsatisfied ratings and follow-ups

TEST(RSVC3, unsatisfied_rating_alerts_supervisors_and_RSVC5_opens_a_follow_up) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  const auto t2 = h.issue("shebao");
  h.serve("W03");
  h.serve("W03");
  EXPECT_EQ(all_types(h.ok(as("citizen", core::RateTicket{t2, 3}))), Strings{"ticket.rated"});  // 基本满意: nothing more
  const auto ev = h.ok(as("citizen", core::RateTicket{t1, 1}));
  ASSERT_EQ(all_types(ev), (Strings{"ticket.rated", "follow_up.opened", "alert.raised"}));
  EXPECT_EQ(ev[1].follow_up, "F1");
  EXPECT_EQ(ev[1].ticket, t1);
  EXPECT_EQ(ev[1].staff, "s005");
  EXPECT_EQ(ev[1].events, Seqs{ev[0].seq});
  // 15 working days after Monday 11-23, skipping weekends and the 11-25 holiday: Tuesday 12-15.
  EXPECT_EQ(fmt(ev[1].due), "2026-12-16T00:00:00+08:00");
  EXPECT_EQ(ev[2].kind, "unsatisfied_rating");
  EXPECT_EQ(ev[2].rule, "R-SVC-3");
  EXPECT_EQ(ev[2].follow_up, "F1");
  EXPECT_EQ(ev[2].staff, "s005");
  ASSERT_TRUE(h.state.follow_ups.count("F1"));
  EXPECT_EQ(h.state.open_follow_ups.count("F1"), 1u);
  const auto& q = h.state.staff_quarters.at("s005").at(core::quarter_key(2026, 4));
  EXPECT_EQ(q.ratings, 2);
  EXPECT_EQ(q.satisfied, 1);
}

TEST(RSVC5, follow_up_overdue_at_the_end_of_the_last_working_day_and_closing_resolves_it) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 2}));
  EXPECT_TRUE(pick(h.advance_to("2026-12-15T23:59:59"), EventType::alert_raised, "follow_up_overdue").empty());
  const auto fired = pick(h.advance_to("2026-12-16T08:00:00"), EventType::alert_raised, "follow_up_overdue");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fmt(fired[0].at), "2026-12-16T00:00:00+08:00");
  EXPECT_EQ(fired[0].rule, "R-SVC-5");
  EXPECT_EQ(fired[0].follow_up, "F1");
  EXPECT_EQ(fired[0].level, 2);

  EXPECT_EQ(h.refused(as("s008", core::CloseFollowUp{"F1", ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", core::CloseFollowUp{"F9", "x"})).code, Refusal::unknown_follow_up);
  h.advance_to("2026-12-16T10:00:00");
  const auto mark = h.log.size();
  h.ok(as("s008", core::CloseFollowUp{"F1", "已电话回访并重新办理"}));
  const Events after(h.log.begin() + static_cast<std::ptrdiff_t>(mark), h.log.end());
  ASSERT_EQ(all_types(after), (Strings{"follow_up.closed", "alert.resolved"}));
  EXPECT_EQ(after[1].reason, "followed_up");
  EXPECT_EQ(after[1].kind, "follow_up_overdue");
  EXPECT_TRUE(h.state.follow_ups.at("F1").closed);
  EXPECT_TRUE(h.state.open_follow_ups.empty());
  EXPECT_EQ(h.refused(as("s008", core::CloseFollowUp{"F1", "again"})).code, Refusal::follow_up_closed);
  EXPECT_TRUE(pick(h.advance_to("2026-12-18T10:00:00"), EventType::alert_raised, "follow_up_overdue").empty());
}

TEST(RSVC5, a_follow_up_closed_in_time_resolves_its_alert_and_never_goes_overdue) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 1}));
  const auto mark = h.log.size();
  h.ok(as("s008", core::CloseFollowUp{"F1", "已回访"}));
  const Events after(h.log.begin() + static_cast<std::ptrdiff_t>(mark), h.log.end());
  ASSERT_EQ(pick(after, EventType::alert_resolved, "unsatisfied_rating").size(), 1u);
  h.advance_to("2026-12-20T10:00:00");
  EXPECT_TRUE(pick(h.log, EventType::alert_raised, "follow_up_overdue").empty());
}

// [SECTION] R-SVC-4 complaints

TEST(RSVC4, a_verified_complaint_confirms_a_deduction_and_a_revised_verdict_takes_it_back) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.serve("W03");
  EXPECT_EQ(h.refused(as("anonymous", core::FileComplaint{t1, "", "", ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("anonymous", core::FileComplaint{"t404", "", "", "x"})).code, Refusal::not_found);
  EXPECT_EQ(h.refused(as("anonymous", core::FileComplaint{"", "s404", "", "x"})).code, Refusal::unknown_staff);
  EXPECT_EQ(h.refused(as("anonymous", core::FileComplaint{"", "", "W99", "x"})).code, Refusal::unknown_window);
  const auto filed = h.ok(as("anonymous", core::FileComplaint{t1, "", "", "态度生硬"}));
  ASSERT_EQ(all_types(filed), Strings{"complaint.filed"});
  EXPECT_EQ(filed[0].complaint, "C1");
  EXPECT_EQ(filed[0].staff, "s005");  // from the ticket
  EXPECT_EQ(filed[0].window, "W03");
  EXPECT_EQ(filed[0].department, "rsj");
  EXPECT_EQ(h.refused(as("s008", core::VerifyComplaint{"C9", true, ""})).code, Refusal::unknown_complaint);

  const auto yes = h.ok(as("s008", core::VerifyComplaint{"C1", true, "监控核实"}));
  ASSERT_EQ(all_types(yes), (Strings{"complaint.verified", "violation.proposed", "violation.confirmed"}));
  EXPECT_EQ(yes[1].kind, "complaint_verified");
  EXPECT_EQ(yes[1].source, "complaint");
  EXPECT_EQ(yes[1].rule, "R-SVC-4");
  EXPECT_EQ(yes[1].complaint, "C1");
  EXPECT_EQ(yes[1].events, (Seqs{filed[0].seq, yes[0].seq}));  // R-SCR-8
  const std::string v = yes[1].violation;
  EXPECT_EQ(h.state.department_deducted.at("rsj").at(2026), 100);
  const int q4 = core::quarter_key(2026, 4);
  EXPECT_EQ(h.state.staff_quarters.at("s005").at(q4).verified_complaints, 1);
  EXPECT_TRUE(all_types(h.ok(as("s008", core::VerifyComplaint{"C1", true, ""}))).empty());  // same verdict: no change

  const auto no = h.ok(as("s008", core::VerifyComplaint{"C1", false, "复核：系误解"}));
  ASSERT_EQ(all_types(no), (Strings{"complaint.verified", "violation.dismissed"}));
  EXPECT_EQ(no[1].violation, v);
  EXPECT_EQ(no[1].events, Seqs{no[0].seq});
  EXPECT_NE(no[1].note.find("复核：系误解"), std::string::npos);
  EXPECT_EQ(h.state.department_deducted.at("rsj").at(2026), 0);
  EXPECT_EQ(h.state.staff_quarters.at("s005").at(q4).verified_complaints, 0);
  EXPECT_EQ(h.state.violations.at(v).decisions, (Seqs{yes[2].seq, no[1].seq}));

  const auto again = h.ok(as("s008", core::VerifyComplaint{"C1", true, "再次复核属实"}));
  ASSERT_EQ(all_types(again), (Strings{"complaint.verified", "violation.confirmed"}));
  EXPECT_EQ(again[1].violation, v);  // the same deduction, not a second one
  EXPECT_EQ(h.state.department_deducted.at("rsj").at(2026), 100);
  EXPECT_EQ(h.state.complaints.at("C1").verdicts.size(), 3u);
}

TEST(RSVC4, a_complaint_about_a_window_is_charged_to_its_department_without_a_person) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto filed = h.ok(as("anonymous", core::FileComplaint{"", "", "W02", "窗口无人"}));
  EXPECT_EQ(filed[0].department, "zwb");
  EXPECT_TRUE(filed[0].staff.empty());
  const auto yes = h.ok(as("s008", core::VerifyComplaint{"C1", true, ""}));
  ASSERT_EQ(all_types(yes), (Strings{"complaint.verified", "violation.proposed", "violation.confirmed"}));
  EXPECT_TRUE(yes[1].staff.empty());
  EXPECT_EQ(h.state.department_deducted.at("zwb").at(2026), 100);
  EXPECT_TRUE(h.state.staff_quarters.empty() || !h.state.staff_quarters.count(""));
}

// [SECTION] R-ATT-2 absence without leave

TEST(RATT2, absence_without_leave_is_proposed_when_the_last_session_closes) {
  Hall h;
  h.ok(as("s008", core::RequestLeave{"s006", "2026-11-23", "2026-11-23", "病假"}));
  h.ok(as("s008", core::DecideLeave{"L1", true, ""}));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.sign_in("s001", "W01");
  h.ok(as("s001", core::SignOut{"s001"}));  // came and left early: a slip, but not an absence
  for (const auto& e : pick(h.advance_to("2026-11-23T16:59:59"), EventType::violation_proposed, "schedule"))
    EXPECT_NE(e.reason, "absent_without_leave") << fmt(e.at) << " " << e.staff;
  const auto at_close = h.advance_to("2026-11-23T17:00:00");
  const auto absent = pick(at_close, EventType::violation_proposed, "schedule");
  Strings who;
  for (const auto& e : absent) {
    who.push_back(e.staff);
    EXPECT_EQ(e.rule, "R-ATT-2");
    EXPECT_EQ(e.reason, "absent_without_leave");
    EXPECT_EQ(e.events, Seqs{seq_of(h, EventType::session_closed)});
    EXPECT_DOUBLE_EQ(e.points, 0.1);
  }
  // A staff of W01–W04 who never came; s006 is on approved leave, s008 is on no A roster.
  EXPECT_EQ(who, (Strings{"s002", "s003", "s004", "s007"}));
  EXPECT_TRUE(pick(h.advance_to("2026-11-23T23:00:00"), EventType::violation_proposed).empty());  // once a day
  const auto absent_on = [&](const char* until) {
    Strings out;
    for (const auto& e : pick(h.advance_to(until), EventType::violation_proposed, "schedule"))
      if (e.reason == "absent_without_leave") out.push_back(e.staff);
    return out;
  };
  // Tuesday nobody comes; s006's leave was for Monday only. W04 is closed: its only A, s007, is not expected.
  h.advance_to("2026-11-24T08:00:00");
  h.ok(as("s008", core::CloseWindow{"W04"}));
  EXPECT_EQ(absent_on("2026-11-24T23:00:00"), (Strings{"s001", "s002", "s003", "s004", "s005", "s006"}));
  EXPECT_TRUE(absent_on("2026-11-25T23:00:00").empty());  // a holiday
}

// [SECTION] R-AB-5 a planned cover that did not happen

TEST(RAB5, an_empty_window_whose_A_is_on_approved_leave_is_an_ab_violation) {
  Hall h;
  h.ok(as("s008", core::RequestLeave{"s007", "2026-11-23", "2026-11-23", "事假"}));
  h.ok(as("s008", core::DecideLeave{"L1", true, ""}));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s003", "W02");
  h.sign_in("s005", "W03");
  const auto ev = h.advance_to("2026-11-23T09:05:00");  // W04: s007 on leave, s006 (B) never came
  const auto v = pick(ev, EventType::violation_proposed);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(fmt(v[0].at), "2026-11-23T09:03:00+08:00");
  EXPECT_EQ(v[0].kind, "ab_violation");
  EXPECT_EQ(v[0].rule, "R-AB-5");
  EXPECT_EQ(v[0].department, "rsj");
  EXPECT_TRUE(v[0].staff.empty());
  EXPECT_DOUBLE_EQ(v[0].points, 0.1);
  ASSERT_EQ(v[0].events.size(), 2u);  // the cover_needed and window_empty alerts behind it
  EXPECT_EQ(h.log.at(static_cast<std::size_t>(v[0].events.back() - 1)).kind, "window_empty");
}

// [SECTION] the wire form of the new events (the reports read them back from the log)

TEST(RSVC4, complaint_and_follow_up_events_round_trip_through_the_event_codec) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 1}));
  h.ok(as("anonymous", core::FileComplaint{t1, "", "", "态度生硬"}));
  h.ok(as("s008", core::VerifyComplaint{"C1", true, "属实"}));
  h.ok(as("s008", core::VerifyComplaint{"C1", false, "复核"}));
  h.ok(as("s008", core::CloseFollowUp{"F1", "已回访"}));
  int checked = 0;
  for (const auto& e : h.log) {
    const std::string type = domain::to_string(e.type);
    if (type.rfind("complaint.", 0) != 0 && type.rfind("follow_up.", 0) != 0 && type.rfind("violation.", 0) != 0) continue;
    const auto wire = proto::encode_event(e, china);
    std::string err;
    const auto back = proto::decode_event(wire, china, &err);
    ASSERT_TRUE(back) << err;
    EXPECT_EQ(proto::serialize_event(*back, china), proto::serialize_event(e, china));
    EXPECT_EQ(back->verified, e.verified);
    EXPECT_EQ(back->due, e.due);
    EXPECT_EQ(back->complaint, e.complaint);
    EXPECT_EQ(back->follow_up, e.follow_up);
    EXPECT_EQ(back->text, e.text);
    ++checked;
  }
  EXPECT_EQ(checked, 8);  // filed, verified ×2, proposed, confirmed, dismissed, follow-up opened and closed
}

// [SECTION] restart equivalence

TEST(RSCR8, quality_state_round_trips_through_the_snapshot_codec_and_the_log) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.issue("shebao");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 1}));
  h.ok(as("anonymous", core::FileComplaint{t1, "", "", "态度生硬"}));
  h.ok(as("s008", core::VerifyComplaint{"C1", true, ""}));
  h.call("W03");
  h.ok(as("s005", core::StartService{"W03"}));
  h.advance_to("2026-11-23T10:30:00");  // time_limit_warning red, wait alerts none (limit 60, one served)
  ASSERT_TRUE(active(h, "time_limit_warning"));
  const auto decoded = proto::decode_state(proto::encode_state(h.state), h.config);
  ASSERT_TRUE(decoded);
  core::State replayed(h.config);
  for (const auto& e : h.log) core::apply(replayed, e);
  EXPECT_EQ(*decoded, h.state);
  EXPECT_EQ(replayed, h.state);
  for (const auto& [id, t] : h.state.tickets) {
    EXPECT_EQ(decoded->tickets.at(id).limit_alert, t.limit_alert);
    EXPECT_EQ(replayed.tickets.at(id).limit_alert, t.limit_alert);
    EXPECT_EQ(decoded->tickets.at(id).wait_alert, t.wait_alert);
  }
  EXPECT_EQ(decoded->open_follow_ups, h.state.open_follow_ups);
  EXPECT_EQ(decoded->staff_quarters, h.state.staff_quarters);
}

// [SECTION] live retention: what is finished leaves the live state; the log keeps it

TEST(Memory, closed_follow_ups_and_decided_complaints_leave_the_state_live_retention_days_after_their_end) {
  Hall h(with_policy(R"("live_retention_days": 2)"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  const auto t2 = h.issue("shebao");
  h.serve("W03");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 1}));                        // F1
  h.ok(as("citizen", core::RateTicket{t2, 1}));                        // F2, left open
  h.ok(as("s008", core::CloseFollowUp{"F1", "已回访"}));               // F1 ends 11-23 09:00
  h.ok(as("anonymous", core::FileComplaint{t1, "", "", "态度生硬"}));  // C1
  h.ok(as("s008", core::VerifyComplaint{"C1", true, "监控核实"}));     // C1 decided 11-23 09:00
  h.ok(as("anonymous", core::FileComplaint{t2, "", "", "等候太久"}));  // C2, never decided
  const auto deducted = h.state.department_deducted;
  const auto tallies = h.state.staff_quarters;
  // Two days of retention: the day that starts at 11-25 00:00 keeps what ended after 11-23
  // 00:00; the day of 11-26 forgets what ended before 11-24 00:00.
  h.advance_to("2026-11-25T23:59:59");
  EXPECT_TRUE(h.state.follow_ups.count("F1"));
  EXPECT_TRUE(h.state.complaints.count("C1"));
  h.advance_to("2026-11-26T00:00:01");
  EXPECT_FALSE(h.state.follow_ups.count("F1"));
  EXPECT_FALSE(h.state.complaints.count("C1"));
  EXPECT_TRUE(h.state.follow_ups.count("F2")) << "an open follow-up stays";
  EXPECT_TRUE(h.state.complaints.count("C2")) << "an undecided complaint stays";
  EXPECT_EQ(h.state.department_deducted, deducted) << "the scores keep what the complaint cost";
  EXPECT_EQ(h.state.staff_quarters, tallies);
  EXPECT_EQ(h.refused(as("s008", core::VerifyComplaint{"C1", false, "复核"})).code, Refusal::unknown_complaint);
  // The forgetting is part of the log's meaning: a replay and a snapshot agree with it.
  const auto decoded = proto::decode_state(proto::encode_state(h.state), h.config);
  ASSERT_TRUE(decoded);
  core::State replayed(h.config);
  for (const auto& e : h.log) core::apply(replayed, e);
  EXPECT_EQ(*decoded, h.state);
  EXPECT_EQ(replayed, h.state);
}

TEST(Memory, live_retention_days_zero_keeps_everything) {
  Hall h(with_policy(R"("live_retention_days": 0)"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 1}));
  h.ok(as("s008", core::CloseFollowUp{"F1", "已回访"}));
  h.advance_to("2027-01-04T09:00:00");
  EXPECT_TRUE(h.state.follow_ups.count("F1"));
}

}  // namespace
}  // namespace hallq::test
