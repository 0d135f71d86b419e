// Engine: tickets, dispatch order, opening hours, day end, estimates and ratings (R-Q-*, R-HRS-*, R-SVC-3).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_hall.hpp"

namespace hallq::test {
namespace {

using core::TicketStatus;
using Strings = std::vector<std::string>;

/// The test hall with extra policy parameters, e.g. R"("max_overtakes": 2)".
std::string with_policy(const std::string& params) {
  std::string json(hall_json);
  const std::string key = R"("profile": "district-hall")";
  json.replace(json.find(key), key.size(), key + ", " + params);
  return json;
}

core::RequeueTicket requeue(const std::string& ticket) { return core::RequeueTicket{ticket}; }

// [SECTION] R-Q-1 numbering

TEST(RQ1, numbers_run_per_prefix_and_restart_each_day) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto a1 = h.issue("shebao");
  const auto a2 = h.issue("shebao");
  const auto q1 = h.issue("qiye");
  const auto a3 = h.issue("shebao");
  const auto y1 = h.issue("yibao");
  EXPECT_EQ(h.number(a1), "A001");
  EXPECT_EQ(h.number(a2), "A002");
  EXPECT_EQ(h.number(q1), "Q001");
  EXPECT_EQ(h.number(a3), "A003");
  EXPECT_EQ(h.number(y1), "Y001");
  EXPECT_EQ(h.state.counters.at("A"), 3);
  EXPECT_EQ(h.state.counters.at("Q"), 1);
  ASSERT_FALSE(h.log.empty());
  EXPECT_EQ(h.log.back().type, EventType::ticket_issued);
  EXPECT_EQ(h.log.back().number, "Y001");

  h.advance_to("2026-11-24T09:00:00");  // Tuesday: numbering starts again
  EXPECT_EQ(h.state.day, "2026-11-24");
  const auto q1b = h.issue("qiye");
  const auto a1b = h.issue("shebao");
  EXPECT_EQ(h.number(q1b), "Q001");
  EXPECT_EQ(h.number(a1b), "A001");
  EXPECT_EQ(h.state.counters.at("A"), 1);
  EXPECT_EQ(h.state.counters.count("Y"), 0u);
}

TEST(RQ1, issue_refuses_unknown_service_and_priority) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto unknown = h.refused(h.issue_cmd("gongjijin"));
  EXPECT_EQ(unknown.code, Refusal::unknown_service);
  EXPECT_EQ(unknown.kind, Rejected::Kind::not_found);
  const auto prio = h.refused(h.issue_cmd("shebao", "vip"));
  EXPECT_EQ(prio.code, Refusal::invalid);
  EXPECT_EQ(prio.kind, Rejected::Kind::invalid);
  EXPECT_EQ(h.state.counters.count("A"), 0u);  // a refused command changes nothing
}

// [SECTION] R-Q-2 dispatch by window skills

TEST(RQ2, window_gets_only_tickets_of_its_services) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s003", "W02");  // qiye, chujian
  h.issue("shebao");
  h.issue("yibao");
  EXPECT_EQ(h.call("W02"), "");  // accepted, nothing for W02
  EXPECT_TRUE(h.state.windows.at("W02").current_ticket.empty());
  const auto q1 = h.issue("qiye");
  EXPECT_EQ(h.call("W02"), "Q001");
  EXPECT_EQ(h.state.windows.at("W02").current_ticket, q1);
  EXPECT_EQ(h.status(q1), TicketStatus::called);
  EXPECT_EQ(h.state.ticket(q1)->window, "W02");
  EXPECT_EQ(h.state.ticket(q1)->staff, "s003");
}

TEST(RQ2, comprehensive_window_takes_from_all_its_services_in_issue_order) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");  // shebao, yibao, qiye
  h.issue("yibao");
  h.advance(30);
  h.issue("shebao");
  h.advance(30);
  h.issue("chujian");  // not a W01 service
  h.advance(30);
  h.issue("qiye");
  h.advance(30);
  h.issue("shebao");
  EXPECT_EQ(h.serve("W01"), "Y001");
  EXPECT_EQ(h.serve("W01"), "A001");
  EXPECT_EQ(h.serve("W01"), "Q001");
  EXPECT_EQ(h.serve("W01"), "A002");
  EXPECT_EQ(h.serve("W01"), "");
  EXPECT_EQ(h.state.waiting.at("chujian").size(), 1u);
}

TEST(RQ2, call_next_with_a_ticket_in_progress_is_refused) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.issue("shebao");
  h.issue("shebao");
  EXPECT_EQ(h.call("W03"), "A001");
  EXPECT_EQ(h.refused(as("s005", core::CallNext{"W03"})).code, Refusal::ticket_in_progress);
}

// [SECTION] R-Q-3 order

TEST(RQ3, green_channel_goes_before_ordinary) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.issue("shebao");
  h.issue("shebao");
  const auto g = h.issue("shebao", "green");
  EXPECT_EQ(h.state.ticket(g)->priority, core::Priority::green);
  EXPECT_EQ(h.serve("W03"), "A003");
  EXPECT_EQ(h.serve("W03"), "A001");
  EXPECT_EQ(h.serve("W03"), "A002");
}

TEST(RQ3, due_appointment_goes_before_ordinary_only_while_due) {
  Hall h;  // 08:30
  core::BookAppointment b1{"shebao", at("2026-11-23T10:00:00"), "ap1"};
  core::BookAppointment b2{"shebao", at("2026-11-23T11:30:00"), "ap2"};
  const auto booked = h.ok(as("web", b1));
  ASSERT_EQ(booked.size(), 1u);
  EXPECT_EQ(booked[0].type, EventType::appointment_booked);
  EXPECT_EQ(booked[0].slot, at("2026-11-23T10:00:00"));
  h.ok(as("web", b2));

  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.issue("shebao");  // A001 09:00
  h.advance(60);
  h.issue("shebao");  // A002 09:01
  h.advance(60);
  const auto ap1 = h.issue("shebao", "normal", "ap1");  // A003, slot 10:00, due from 09:45
  h.advance(60);
  h.issue("shebao", "normal", "ap2");  // A004, slot 11:30, due from 11:15
  EXPECT_EQ(h.state.ticket(ap1)->appointment_slot, at("2026-11-23T10:00:00"));
  EXPECT_EQ(h.state.appointments.at("ap1").ticket, ap1);

  h.advance_to("2026-11-23T09:44:59");
  EXPECT_FALSE(core::appointment_due(h.state, *h.state.ticket(ap1), h.now));
  EXPECT_EQ(h.serve("W03"), "A001");  // not due yet: first come first served
  h.advance_to("2026-11-23T09:45:00");
  EXPECT_TRUE(core::appointment_due(h.state, *h.state.ticket(ap1), h.now));
  EXPECT_EQ(h.serve("W03"), "A003");  // due: before the older A002
  EXPECT_EQ(h.serve("W03"), "A002");  // A004 (ap2) is not due until 11:15
  EXPECT_EQ(h.serve("W03"), "A004");
}

TEST(RQ7, appointment_refusals) {
  Hall h;
  EXPECT_EQ(h.refused(as("web", core::BookAppointment{"shebao", at("2026-11-23T08:00:00"), "past"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("web", core::BookAppointment{"shebao", at("2026-11-23T12:30:00"), "lunch"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("web", core::BookAppointment{"shebao", at("2026-11-28T10:00:00"), "sat"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("web", core::BookAppointment{"nope", at("2026-11-23T10:00:00"), "x"})).code, Refusal::unknown_service);
  // Session bounds to the second: open at 09:00:00 and 11:59:59, closed at 12:00:00.
  EXPECT_EQ(h.refused(as("web", core::BookAppointment{"shebao", at("2026-11-23T12:00:00"), "noon"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("web", core::BookAppointment{"shebao", at("2026-11-23T08:59:59"), "early"})).code, Refusal::invalid);
  h.ok(as("web", core::BookAppointment{"shebao", at("2026-11-23T09:00:00"), "first"}));
  h.ok(as("web", core::BookAppointment{"shebao", at("2026-11-23T11:59:59"), "last"}));
  h.ok(as("web", core::BookAppointment{"shebao", at("2026-11-23T10:00:00"), "ap1"}));
  h.advance_to("2026-11-23T09:50:00");
  h.issue("shebao", "normal", "ap1");
  core::IssueTicket again;
  again.service = "shebao";
  again.appointment = "ap1";
  again.ticket_id = "again";
  EXPECT_EQ(h.refused(as("kiosk-1", again)).code, Refusal::appointment_used);
  again.appointment = "ap-unknown";
  EXPECT_EQ(h.refused(as("kiosk-1", again)).code, Refusal::unknown_appointment);
  h.ok(as("web", core::BookAppointment{"shebao", at("2026-11-23T11:00:00"), "ap2"}));
  again.appointment = "ap2";
  again.service = "qiye";
  EXPECT_EQ(h.refused(as("kiosk-1", again)).code, Refusal::invalid);  // booked for another service
}

// Bounded overtaking: with max_overtakes = N, one ordinary ticket is passed by N priority
// tickets at most; after the N-th it is called next.
void check_bounded_overtaking(Hall& h, int n) {
  ASSERT_EQ(h.state.policy().max_overtakes, n);
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto early_green = h.issue("shebao", "green");  // older than the ordinary: no overtaking
  h.advance(10);
  const auto ordinary = h.issue("shebao");
  std::vector<std::string> greens;
  for (int i = 0; i <= n; ++i) {
    h.advance(10);
    greens.push_back(h.issue("shebao", "green"));
  }
  EXPECT_EQ(h.serve("W03"), h.number(early_green));
  EXPECT_EQ(core::overtaken(h.state, *h.state.ticket(ordinary)), 0);
  for (int i = 0; i < n; ++i) {
    // Before this call the ordinary ticket has been passed i times, i ≤ N-1: green goes first.
    EXPECT_EQ(core::overtaken(h.state, *h.state.ticket(ordinary)), i);
    EXPECT_EQ(h.serve("W03"), h.number(greens[static_cast<std::size_t>(i)])) << "call " << i;
  }
  EXPECT_EQ(core::overtaken(h.state, *h.state.ticket(ordinary)), n);
  EXPECT_EQ(h.serve("W03"), h.number(ordinary));  // passed N times: its turn now
  EXPECT_EQ(h.serve("W03"), h.number(greens.back()));
  EXPECT_EQ(h.serve("W03"), "");
}

TEST(RQ3, bounded_overtaking_with_profile_default) {
  Hall h;  // district-hall: max_overtakes 3
  check_bounded_overtaking(h, 3);
}

TEST(RQ3, bounded_overtaking_with_overridden_max_overtakes) {
  Hall h(with_policy(R"("max_overtakes": 2)"));
  check_bounded_overtaking(h, 2);
}

TEST(RQ3, bounded_overtaking_at_a_comprehensive_window) {
  Hall h(with_policy(R"("max_overtakes": 1)"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.issue("qiye");  // Q001 ordinary
  h.advance(10);
  h.issue("yibao", "green");  // Y001
  h.advance(10);
  h.issue("shebao", "green");         // A001
  EXPECT_EQ(h.serve("W01"), "Y001");  // passes Q001 once (another service, same window)
  EXPECT_EQ(h.serve("W01"), "Q001");
  EXPECT_EQ(h.serve("W01"), "A001");
}

// [SECTION] R-Q-4 recall, no-show, requeue

TEST(RQ4, recall_up_to_max_recalls_then_no_show_and_requeue_once) {
  Hall h;
  ASSERT_EQ(h.state.policy().max_recalls, 2);
  ASSERT_EQ(h.state.policy().no_show_requeues, 1);
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  EXPECT_EQ(h.refused(as("s005", core::Recall{"W03"})).code, Refusal::no_called_ticket);
  EXPECT_EQ(h.call("W03"), "A001");
  for (int i = 1; i <= 2; ++i) {
    h.advance(30);
    const auto ev = h.ok(as("s005", core::Recall{"W03"}));
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].type, EventType::ticket_recalled);
    EXPECT_EQ(h.state.ticket(t1)->recalls, i);
  }
  const auto third = h.refused(as("s005", core::Recall{"W03"}));
  EXPECT_EQ(third.code, Refusal::max_recalls);
  EXPECT_EQ(third.kind, Rejected::Kind::conflict);
  EXPECT_EQ(h.state.recent_calls.size(), 3u);
  EXPECT_TRUE(h.state.recent_calls.front().recall);

  EXPECT_EQ(types(h.ok(as("s005", core::MarkNoShow{"W03"}))), Strings{"ticket.no_show"});
  EXPECT_EQ(h.status(t1), TicketStatus::no_show);
  EXPECT_TRUE(h.state.windows.at("W03").current_ticket.empty());
  EXPECT_EQ(h.refused(as("s005", core::MarkNoShow{"W03"})).code, Refusal::no_called_ticket);

  h.advance(60);
  h.issue("shebao");  // A002 issued before the requeue
  h.advance(60);
  EXPECT_EQ(types(h.ok(as("kiosk-1", requeue(t1)))), Strings{"ticket.requeued"});
  EXPECT_EQ(h.status(t1), TicketStatus::waiting);
  EXPECT_EQ(h.number(t1), "A001");  // keeps its number
  EXPECT_EQ(h.state.ticket(t1)->requeues, 1);
  EXPECT_EQ(h.serve("W03"), "A002");  // the re-queued ticket went to the back
  EXPECT_EQ(h.call("W03"), "A001");
  EXPECT_EQ(h.state.ticket(t1)->recalls, 0);  // a new call starts a new recall count
  h.ok(as("s005", core::MarkNoShow{"W03"}));
  const auto second = h.refused(as("kiosk-1", requeue(t1)));
  EXPECT_EQ(second.code, Refusal::requeue_limit);
  EXPECT_EQ(h.status(t1), TicketStatus::no_show);
  EXPECT_EQ(h.refused(as("kiosk-1", requeue("t999"))).code, Refusal::not_found);
}

TEST(RQ4, requeue_only_of_a_no_show_and_only_while_open) {
  Hall h;
  h.advance_to("2026-11-23T11:50:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  const auto t2 = h.issue("shebao");
  EXPECT_EQ(h.refused(as("kiosk-1", requeue(t2))).code, Refusal::not_no_show);
  h.call("W03");
  h.ok(as("s005", core::MarkNoShow{"W03"}));
  h.advance_to("2026-11-23T12:00:00");
  EXPECT_EQ(h.refused(as("kiosk-1", requeue(t1))).code, Refusal::hall_closed);
}

// [SECTION] R-Q-5 transfer

TEST(RQ5, transfer_keeps_the_original_issue_time) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.sign_in("s003", "W02");
  const auto a1 = h.issue("shebao");  // 09:00
  h.advance(300);
  h.issue("qiye");  // Q001 09:05
  h.advance(60);
  h.issue("qiye");  // Q002 09:06
  h.advance(60);
  EXPECT_EQ(h.call("W03"), "A001");
  h.ok(as("s005", core::StartService{"W03"}));

  EXPECT_EQ(h.refused(as("s005", core::TransferTicket{"W03", "shebao"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s005", core::TransferTicket{"W03", "nope"})).code, Refusal::unknown_service);
  const auto ev = h.ok(as("s005", core::TransferTicket{"W03", "qiye"}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, EventType::ticket_transferred);
  EXPECT_EQ(ev[0].from_service, "shebao");
  EXPECT_EQ(ev[0].service, "qiye");
  EXPECT_EQ(ev[0].issued_at, at("2026-11-23T09:00:00"));
  EXPECT_EQ(h.status(a1), TicketStatus::waiting);
  EXPECT_EQ(h.state.ticket(a1)->service, "qiye");
  EXPECT_TRUE(h.state.windows.at("W03").current_ticket.empty());
  EXPECT_EQ(h.state.waiting.at("shebao").size(), 0u);
  EXPECT_EQ(h.state.waiting.at("qiye").size(), 3u);

  EXPECT_EQ(h.serve("W02"), "A001");  // before Q001 and Q002, issued later
  EXPECT_EQ(h.serve("W02"), "Q001");
  EXPECT_EQ(h.serve("W02"), "Q002");
  EXPECT_EQ(h.state.ticket(a1)->window, "W02");
}

TEST(RQ5, transfer_needs_a_current_ticket) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  EXPECT_EQ(h.refused(as("s005", core::TransferTicket{"W03", "qiye"})).code, Refusal::no_current_ticket);
}

// [SECTION] R-Q-6 no dispatch without staff on post

TEST(RQ6, call_next_by_someone_not_on_post_is_refused) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s001", "W01");
  h.issue("shebao");
  const auto other_a = h.refused(as("s002", core::CallNext{"W01"}));
  EXPECT_EQ(other_a.code, Refusal::not_on_post);
  EXPECT_EQ(other_a.kind, Rejected::Kind::conflict);
  EXPECT_EQ(h.refused(as("s005", core::CallNext{"W03"})).code, Refusal::not_on_post);  // nobody at W03
  EXPECT_EQ(h.refused(as("s001", core::CallNext{"W99"})).code, Refusal::unknown_window);
  EXPECT_EQ(h.state.waiting.at("shebao").size(), 1u);
}

TEST(RQ6, tickets_waiting_at_a_window_whose_staff_left_go_to_another_window) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");  // shebao
  h.sign_in("s007", "W04");  // jiuye, shebao
  h.issue("shebao");
  h.issue("shebao");
  h.issue("jiuye");
  h.off_post("s005");
  EXPECT_EQ(h.refused(as("s005", core::CallNext{"W03"})).code, Refusal::not_on_post);
  EXPECT_EQ(h.serve("W04"), "A001");
  EXPECT_EQ(h.serve("W04"), "A002");
  EXPECT_EQ(h.serve("W04"), "J001");
}

// [SECTION] R-Q-8 first-ask responsibility, one-time notification

TEST(RQ8, finish_incomplete_materials_requires_missing) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  h.call("W03");
  h.ok(as("s005", core::StartService{"W03"}));
  EXPECT_EQ(h.refused(as("s005", core::StartService{"W03"})).code, Refusal::already_serving);

  const auto no_missing = h.refused(as("s005", core::FinishService{"W03", "incomplete_materials", {}}));
  EXPECT_EQ(no_missing.code, Refusal::invalid);
  EXPECT_EQ(no_missing.kind, Rejected::Kind::invalid);
  EXPECT_EQ(h.refused(as("s005", core::FinishService{"W03", "done", {"户口本"}})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s005", core::FinishService{"W03", "maybe", {}})).code, Refusal::invalid);
  EXPECT_EQ(h.status(t1), TicketStatus::serving);

  const auto ev = h.ok(as("s005", core::FinishService{"W03", "incomplete_materials", {"户口本", "结婚证"}}));
  ASSERT_EQ(ev.size(), 2u);  // and the one-time notice's case (R-CASE-2)
  EXPECT_EQ(ev[0].type, EventType::ticket_finished);
  EXPECT_EQ(ev[1].type, EventType::case_opened);
  EXPECT_EQ(ev[1].missing, (Strings{"户口本", "结婚证"}));
  EXPECT_EQ(ev[0].outcome, "incomplete_materials");
  EXPECT_EQ(ev[0].missing, (Strings{"户口本", "结婚证"}));
  EXPECT_EQ(h.status(t1), TicketStatus::finished);
  EXPECT_EQ(h.state.ticket(t1)->missing, (Strings{"户口本", "结婚证"}));
  EXPECT_EQ(h.refused(as("s005", core::FinishService{"W03", "done", {}})).code, Refusal::no_current_ticket);

  const auto t2 = h.issue("shebao", "normal", "", t1);  // the citizen comes back
  EXPECT_EQ(h.state.ticket(t2)->previous, t1);
  EXPECT_EQ(h.log.back().previous, t1);
}

// [SECTION] R-HRS-1 opening hours

TEST(RHRS1, hall_closed_outside_sessions_to_the_exact_second) {
  Hall h;  // Monday 08:30
  EXPECT_EQ(h.refused(h.issue_cmd("shebao")).code, Refusal::hall_closed);
  h.advance_to("2026-11-23T08:59:59");
  EXPECT_EQ(h.refused(h.issue_cmd("shebao")).code, Refusal::hall_closed);
  h.advance(1);
  EXPECT_EQ(fmt(h.now), "2026-11-23T09:00:00+08:00");
  EXPECT_EQ(h.number(h.issue("shebao")), "A001");
  h.advance_to("2026-11-23T11:59:59");
  EXPECT_EQ(h.number(h.issue("shebao")), "A002");
  h.advance(1);
  const auto closed = h.refused(h.issue_cmd("shebao"));
  EXPECT_EQ(closed.code, Refusal::hall_closed);
  EXPECT_EQ(closed.kind, Rejected::Kind::conflict);
  h.advance_to("2026-11-23T13:59:59");
  EXPECT_EQ(h.refused(h.issue_cmd("shebao")).code, Refusal::hall_closed);
  h.advance(1);
  EXPECT_EQ(h.number(h.issue("shebao")), "A003");
  h.advance_to("2026-11-23T16:59:59");
  EXPECT_EQ(h.number(h.issue("shebao")), "A004");
  h.advance(1);
  EXPECT_EQ(h.refused(h.issue_cmd("shebao")).code, Refusal::hall_closed);
}

TEST(RHRS1, session_events_fire_at_their_exact_seconds) {
  Hall h;
  EXPECT_EQ(h.state.day, "2026-11-23");  // the start tick
  EXPECT_EQ(core::next_deadline(h.state, h.now), at("2026-11-23T09:00:00"));
  const auto ev = without_alerts(h.advance_to("2026-11-23T17:30:00"));
  ASSERT_EQ(types(ev), (Strings{"session.opened", "session.closed", "session.opened", "session.closed"}));
  EXPECT_EQ(fmt(ev[0].at), "2026-11-23T09:00:00+08:00");
  EXPECT_EQ(fmt(ev[1].at), "2026-11-23T12:00:00+08:00");
  EXPECT_EQ(fmt(ev[2].at), "2026-11-23T14:00:00+08:00");
  EXPECT_EQ(fmt(ev[3].at), "2026-11-23T17:00:00+08:00");
  EXPECT_EQ(ev[0].session, 0);
  EXPECT_EQ(ev[1].session, 0);
  EXPECT_EQ(ev[2].session, 1);
  EXPECT_EQ(ev[3].session, 1);
  for (const auto& e : ev) {
    EXPECT_EQ(e.date, "2026-11-23");
    EXPECT_EQ(e.actor, "system");
  }
  EXPECT_FALSE(h.state.session_open);
  EXPECT_EQ(core::next_deadline(h.state, h.now), at("2026-11-24T00:00:00"));
}

TEST(RHRS1, seq_rises_by_one_per_event_without_gaps) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  h.issue("shebao");
  h.serve("W03");
  h.advance_to("2026-11-24T10:00:00");
  ASSERT_FALSE(h.log.empty());
  for (std::size_t i = 0; i < h.log.size(); ++i) EXPECT_EQ(h.log[i].seq, static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(h.state.seq, static_cast<std::int64_t>(h.log.size()));
}

TEST(RHRS1, closed_on_saturday_and_on_a_configured_holiday) {
  Hall h;
  h.advance_to("2026-11-24T23:59:59");                   // Tuesday
  auto wednesday = h.advance_to("2026-11-25T10:00:00");  // a workday, but a holiday
  EXPECT_EQ(h.refused(h.issue_cmd("shebao")).code, Refusal::hall_closed);
  const auto rest = h.advance_to("2026-11-25T17:30:00");
  wednesday.insert(wednesday.end(), rest.begin(), rest.end());
  EXPECT_EQ(all_types(wednesday), Strings{"day.started"});  // no session, so no staffing alerts either

  h.advance_to("2026-11-27T23:59:59");  // Friday night
  const auto saturday = h.advance_to("2026-11-28T10:00:00");
  EXPECT_EQ(all_types(saturday), Strings{"day.started"});
  EXPECT_FALSE(h.state.session_open);
  EXPECT_EQ(h.refused(h.issue_cmd("shebao")).code, Refusal::hall_closed);
  EXPECT_EQ(core::next_deadline(h.state, h.now), at("2026-11-29T00:00:00"));

  const auto monday = h.advance_to("2026-11-30T09:00:00");
  EXPECT_EQ(types(monday), (Strings{"day.started", "day.started", "session.opened"}));
  EXPECT_EQ(h.number(h.issue("shebao")), "A001");
}

// [SECTION] R-HRS-3 extended service

TEST(RHRS3, call_next_still_works_after_closing_for_tickets_still_waiting) {
  Hall h;
  h.advance_to("2026-11-23T11:50:00");
  h.sign_in("s001", "W01");
  h.issue("yibao");
  h.issue("yibao");
  const auto closing = h.advance_to("2026-11-23T12:00:00");
  EXPECT_EQ(types(closing), Strings{"session.closed"});
  EXPECT_EQ(h.refused(h.issue_cmd("yibao")).code, Refusal::hall_closed);
  h.advance(300);
  EXPECT_EQ(h.serve("W01"), "Y001");
  EXPECT_EQ(h.serve("W01"), "Y002");
  EXPECT_EQ(h.call("W01"), "");
  EXPECT_EQ(core::staffing_of(h.state, "W01"), core::Staffing::closed);
}

TEST(RHRS3, sign_out_refused_while_tickets_wait_that_no_other_staffed_window_serves) {
  Hall h;
  h.advance_to("2026-11-23T11:50:00");
  h.sign_in("s001", "W01");  // the only window for yibao
  h.sign_in("s005", "W03");
  h.issue("yibao");
  h.issue("shebao");
  h.advance_to("2026-11-23T12:00:00");

  const auto refused = h.refused(as("s001", core::SignOut{"s001"}));
  EXPECT_EQ(refused.code, Refusal::extended_service_required);
  EXPECT_EQ(refused.kind, Rejected::Kind::conflict);
  EXPECT_EQ(h.on_post("W01"), "s001");
  // shebao also waits, but W01 (staffed) serves it: W03 may go.
  EXPECT_EQ(types(h.ok(as("s005", core::SignOut{"s005"}))), Strings{"staff.signed_out"});

  EXPECT_EQ(h.serve("W01"), "Y001");
  // Now only shebao waits and W01 is the last staffed window serving it.
  EXPECT_EQ(h.refused(as("s001", core::SignOut{"s001"})).code, Refusal::extended_service_required);
  EXPECT_EQ(h.serve("W01"), "A001");
  const auto out = h.ok(as("s001", core::SignOut{"s001"}));
  ASSERT_EQ(types(out), Strings{"staff.signed_out"});
  EXPECT_EQ(out[0].window, "W01");
  EXPECT_TRUE(h.on_post("W01").empty());
  EXPECT_FALSE(h.state.staff.at("s001").signed_in);
}

// Regression (fixed): decide.cpp SignOut (operator()(const SignOut&)) checks R-HRS-3 only when ss.post is
// non-empty. A staff member who goes off post first has an empty post, so sign-out skips the
// extended-service check and the last window serving the waiting citizens is abandoned.
// Expected: the check uses the post the staff left (ss.off_post->window) as well.
TEST(RHRS3, sign_out_while_off_post_is_refused_too) {
  Hall h;
  h.advance_to("2026-11-23T11:50:00");
  h.sign_in("s001", "W01");
  h.issue("yibao");
  h.advance_to("2026-11-23T12:00:00");
  h.off_post("s001");
  const auto d = h.run(as("s001", core::SignOut{"s001"}));
  EXPECT_EQ(code_of(d), "extended_service_required");
}

// [SECTION] day end

TEST(DayEnd, day_change_cancels_leftover_tickets_and_signs_staff_out) {
  Hall h;
  h.advance_to("2026-11-23T16:00:00");
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W03");
  h.sign_in("s003", "W02");
  h.off_post("s003", 120);
  const auto a1 = h.issue("shebao");
  h.advance(10);
  const auto a2 = h.issue("shebao");
  h.advance(10);
  const auto y1 = h.issue("yibao");
  EXPECT_EQ(h.call("W03"), "A001");

  const auto ev = without_alerts(h.advance_to("2026-11-24T00:00:00"));
  EXPECT_EQ(types_at(ev, at("2026-11-23T17:00:00")), Strings{"session.closed"});
  const Time midnight = at("2026-11-24T00:00:00");
  ASSERT_EQ(types_at(ev, midnight), (Strings{"ticket.cancelled", "ticket.cancelled", "ticket.cancelled", "staff.signed_out",
                                             "staff.signed_out", "staff.signed_out", "day.started"}));
  ASSERT_GE(ev.size(), 7u);
  const auto first = ev.size() - 7;
  EXPECT_EQ(ev[first + 0].ticket, a1);  // in queue order
  EXPECT_EQ(ev[first + 0].window, "W03");
  EXPECT_EQ(ev[first + 1].ticket, a2);
  EXPECT_EQ(ev[first + 2].ticket, y1);
  EXPECT_EQ(ev[first + 0].reason, "day_end");
  EXPECT_EQ(ev[first + 3].staff, "s001");
  EXPECT_EQ(ev[first + 4].staff, "s003");
  EXPECT_EQ(ev[first + 5].staff, "s005");
  EXPECT_EQ(ev[first + 5].reason, "day_end");
  EXPECT_EQ(ev[first + 6].date, "2026-11-24");

  EXPECT_EQ(h.state.day, "2026-11-24");
  EXPECT_TRUE(h.state.tickets.empty());  // finished business leaves the live state (the log keeps it)
  EXPECT_TRUE(h.state.waiting.at("shebao").empty());
  EXPECT_TRUE(h.state.waiting.at("yibao").empty());
  EXPECT_TRUE(h.state.counters.empty());
  EXPECT_TRUE(h.state.recent_calls.empty());
  for (const auto& [id, w] : h.state.windows) {
    EXPECT_TRUE(w.on_post.empty()) << id;
    EXPECT_TRUE(w.current_ticket.empty()) << id;
    EXPECT_TRUE(w.off_staff.empty()) << id;
  }
  for (const auto& [id, st] : h.state.staff) {
    EXPECT_FALSE(st.signed_in) << id;
    EXPECT_FALSE(st.off_post.has_value()) << id;
  }
}

// [SECTION] estimates and positions

TEST(Estimate, queue_position_counts_priority_first) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto a1 = h.issue("shebao");
  const auto a2 = h.issue("shebao");
  const auto a3 = h.issue("shebao");
  const auto q1 = h.issue("qiye");
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(a1), h.now), 1);
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(a3), h.now), 3);
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(q1), h.now), 1);  // per service
  const auto g = h.issue("shebao", "green");
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(g), h.now), 1);
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(a1), h.now), 2);
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(a2), h.now), 3);
  h.sign_in("s005", "W03");
  h.call("W03");                                                           // the green one
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(g), h.now), 0);  // no longer waiting
  EXPECT_EQ(core::queue_position(h.state, *h.state.ticket(a1), h.now), 1);
}

TEST(Estimate, more_staffed_windows_give_a_shorter_wait) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  for (int i = 0; i < 4; ++i) h.issue("shebao");
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "shebao", 0), 0);
  h.sign_in("s001", "W01");
  // 3 ahead × 10 min (service_minutes) / 1 staffed window
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "shebao", 3), 30);
  h.sign_in("s005", "W03");
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "shebao", 3), 15);
  h.sign_in("s007", "W04");
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "shebao", 3), 10);
  // Staff at a window that does not serve the service does not help.
  h.sign_in("s003", "W02");
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "shebao", 3), 10);
  // yibao: 8 min, only W01.
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "yibao", 2), 16);
  EXPECT_EQ(core::estimate_wait_minutes(h.state, "yibao", 1), 8);
}

// [SECTION] R-SVC-3 rating

TEST(RSVC3, one_rating_from_1_to_5_after_finish) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  const auto early = h.refused(as("citizen", core::RateTicket{t1, 5}));
  EXPECT_EQ(early.code, Refusal::not_finished);
  EXPECT_EQ(early.kind, Rejected::Kind::conflict);
  h.call("W03");
  EXPECT_EQ(h.refused(as("citizen", core::RateTicket{t1, 4})).code, Refusal::not_finished);
  h.finish("W03");
  EXPECT_EQ(h.refused(as("citizen", core::RateTicket{t1, 0})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("citizen", core::RateTicket{t1, 6})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("citizen", core::RateTicket{"t404", 5})).code, Refusal::not_found);

  const auto ev = h.ok(as("citizen", core::RateTicket{t1, 2}));
  // Level 2 is 不满意: a follow-up and an alert follow the rating (R-SVC-5, engine_quality_test).
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].type, EventType::ticket_rated);
  EXPECT_EQ(ev[0].level, 2);
  EXPECT_EQ(ev[0].window, "W03");
  EXPECT_EQ(ev[0].staff, "s005");
  EXPECT_EQ(h.state.ticket(t1)->rating, 2);
  const auto again = h.refused(as("citizen", core::RateTicket{t1, 5}));
  EXPECT_EQ(again.code, Refusal::already_rated);
  EXPECT_EQ(h.state.ticket(t1)->rating, 2);
}

TEST(RSVC3, rating_levels_1_and_5_are_accepted) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  const auto t2 = h.issue("shebao");
  h.serve("W03");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 1}));
  h.ok(as("citizen", core::RateTicket{t2, 5}));
  EXPECT_EQ(h.state.ticket(t1)->rating, 1);
  EXPECT_EQ(h.state.ticket(t2)->rating, 5);
}

}  // namespace
}  // namespace hallq::test
