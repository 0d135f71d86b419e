// Event codec: encode → decode gives the same event; malformed events are refused.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "protocol/event_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

namespace json = boost::json;

void expect_same(const Event& a, const Event& b) {
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.actor, b.actor);
  EXPECT_EQ(a.ticket, b.ticket);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.service, b.service);
  EXPECT_EQ(a.priority, b.priority);
  EXPECT_EQ(a.appointment, b.appointment);
  EXPECT_EQ(a.previous, b.previous);
  EXPECT_EQ(a.window, b.window);
  EXPECT_EQ(a.staff, b.staff);
  EXPECT_EQ(a.as, b.as);
  EXPECT_EQ(a.from_window, b.from_window);
  EXPECT_EQ(a.from_service, b.from_service);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.missing, b.missing);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.destination, b.destination);
  EXPECT_EQ(a.note, b.note);
  EXPECT_EQ(a.alert, b.alert);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.leave, b.leave);
  EXPECT_EQ(a.from, b.from);
  EXPECT_EQ(a.to, b.to);
  EXPECT_EQ(a.next_approver, b.next_approver);
  EXPECT_EQ(a.violation, b.violation);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.rule, b.rule);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.points, b.points);  // exact: the wire form must round-trip doubles
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.notify, b.notify);
  EXPECT_EQ(a.chain, b.chain);
  EXPECT_EQ(a.expected_return, b.expected_return);
  EXPECT_EQ(a.slot, b.slot);
  EXPECT_EQ(a.issued_at, b.issued_at);
  EXPECT_EQ(a.level, b.level);
  EXPECT_EQ(a.session, b.session);
  EXPECT_EQ(a.present, b.present);
  EXPECT_EQ(a.advance_seconds, b.advance_seconds);
}

Event round_trip(const Event& e) {
  const std::string text = proto::serialize_event(e, china);
  std::string error;
  const auto decoded = proto::decode_event(json::parse(text).as_object(), china, &error);
  EXPECT_TRUE(decoded) << error << " in " << text;
  return decoded.value_or(Event{});
}

TEST(EventCodec, ticket_finished_with_missing_round_trips) {
  Event e;
  e.seq = 42;
  e.at = at("2026-11-23T09:05:07");
  e.type = EventType::ticket_finished;
  e.actor = "s005";
  e.ticket = "tk-8f3a";
  e.number = "A003";
  e.service = "shebao";
  e.window = "W03";
  e.staff = "s005";
  e.outcome = "incomplete_materials";
  e.missing = {"户口本", "结婚证 \"原件\""};
  expect_same(round_trip(e), e);
  const auto o = proto::encode_event(e, china);
  EXPECT_EQ(o.at("at").as_string(), "2026-11-23T09:05:07+08:00");
  EXPECT_EQ(o.at("type").as_string(), "ticket.finished");
  EXPECT_FALSE(o.contains("note"));  // empty fields are omitted
  EXPECT_FALSE(o.contains("level"));
  EXPECT_FALSE(o.contains("session"));
  EXPECT_FALSE(o.contains("present"));
}

TEST(EventCodec, ticket_issued_and_transferred_with_times_round_trip) {
  Event issued;
  issued.seq = 7;
  issued.at = at("2026-11-23T09:50:00");
  issued.type = EventType::ticket_issued;
  issued.actor = "kiosk-1";
  issued.ticket = "t1";
  issued.number = "A001";
  issued.service = "shebao";
  issued.priority = "green";
  issued.appointment = "ap1";
  issued.previous = "t0";
  issued.slot = at("2026-11-23T10:00:00");
  expect_same(round_trip(issued), issued);

  Event moved;
  moved.seq = 8;
  moved.at = at("2026-11-23T10:10:00");
  moved.type = EventType::ticket_transferred;
  moved.actor = "s001";
  moved.ticket = "t1";
  moved.service = "qiye";
  moved.from_service = "shebao";
  moved.issued_at = at("2026-11-23T09:50:00");
  expect_same(round_trip(moved), moved);
}

TEST(EventCodec, staff_events_round_trip) {
  Event off;
  off.seq = 100;
  off.at = at("2026-11-23T10:00:00");
  off.type = EventType::staff_off_post;
  off.actor = "s001";
  off.staff = "s001";
  off.window = "W01";
  off.reason = "取材料";
  off.destination = "三楼档案室";
  off.expected_return = at("2026-11-23T10:15:00");
  expect_same(round_trip(off), off);

  Event took;
  took.seq = 101;
  took.at = at("2026-11-23T10:00:30");
  took.type = EventType::staff_took_over;
  took.actor = "s008";
  took.staff = "s003";
  took.window = "W01";
  took.as = "B";
  took.from_window = "W02";
  expect_same(round_trip(took), took);
}

TEST(EventCodec, session_alert_presence_and_clock_events_round_trip) {
  Event opened;
  opened.seq = 1;
  opened.at = at("2026-11-23T09:00:00");
  opened.type = EventType::session_opened;
  opened.actor = "system";
  opened.session = 0;  // 0 is a real session index and must survive
  opened.date = "2026-11-23";
  const auto back = round_trip(opened);
  expect_same(back, opened);
  EXPECT_EQ(back.session, 0);

  Event alert;
  alert.seq = 2;
  alert.at = at("2026-11-23T09:03:00");
  alert.type = EventType::alert_raised;
  alert.actor = "system";
  alert.alert = "al-1";
  alert.kind = "window_empty";
  alert.level = 2;
  alert.window = "W01";
  alert.message = "1号窗口空岗";
  alert.note = "备注";
  expect_same(round_trip(alert), alert);

  Event presence;
  presence.seq = 3;
  presence.at = at("2026-11-23T09:04:00");
  presence.type = EventType::window_presence;
  presence.actor = "sensor-1";
  presence.window = "W03";
  presence.present = false;  // false is a reading, not "no reading"
  const auto p = round_trip(presence);
  expect_same(p, presence);
  ASSERT_TRUE(p.present.has_value());
  EXPECT_FALSE(*p.present);

  Event clock;
  clock.seq = 4;
  clock.at = at("2026-11-23T09:05:00");
  clock.type = EventType::clock_advanced;
  clock.actor = "admin";
  clock.advance_seconds = 86'400 * 3;
  expect_same(round_trip(clock), clock);
}

TEST(EventCodec, violation_leave_and_alert_lists_round_trip) {
  Event v;
  v.seq = 300;
  v.at = at("2026-11-23T09:03:00");
  v.type = EventType::violation_proposed;
  v.actor = "system";
  v.violation = "V7";
  v.kind = "window_empty";
  v.points = 0.1;
  v.staff = "s001";
  v.department = "zwb";
  v.rule = "R-EMP-2";
  v.source = "auto";
  v.events = {120, 121, 299};
  v.note = "1号窗口空岗";
  expect_same(round_trip(v), v);

  Event l;
  l.seq = 301;
  l.at = at("2026-11-23T10:00:00");
  l.type = EventType::leave_requested;
  l.actor = "s005";
  l.leave = "L1";
  l.staff = "s005";
  l.department = "rsj";
  l.from = "2026-11-30";
  l.to = "2026-12-02";
  l.reason = "探亲";
  l.chain = {"department_head", "supervisor", "deputy_head"};
  l.next_approver = "department_head";
  expect_same(round_trip(l), l);

  Event a;
  a.seq = 302;
  a.at = at("2026-11-23T10:00:01");
  a.type = EventType::alert_raised;
  a.actor = "system";
  a.alert = "AL3";
  a.kind = "cover_needed";
  a.level = 1;
  a.window = "W01";
  a.staff = "s001";
  a.rule = "R-AB-3";
  a.notify = {"s003", "s002"};
  a.events = {301};
  a.message = "请 B 岗顶岗";
  expect_same(round_trip(a), a);
}

TEST(EventCodec, every_event_type_name_round_trips) {
  int count = 0;
  for (int i = 0; i < 256; ++i) {
    const auto type = static_cast<EventType>(i);
    const std::string name = domain::to_string(type);
    if (name == "unknown") break;
    EXPECT_EQ(domain::parse_event_type(name), type) << name;
    Event e;
    e.seq = i + 1;
    e.at = at("2026-11-23T09:00:00");
    e.type = type;
    e.actor = "system";
    EXPECT_EQ(round_trip(e).type, type) << name;
    ++count;
  }
  EXPECT_GE(count, 34);  // API.md's types plus day.started, appointment.booked, ticket.requeued
}

TEST(EventCodec, decode_rejects_unknown_type) {
  std::string error;
  const auto o = json::parse(R"({"seq": 1, "type": "ticket.exploded", "actor": "x", "at": "2026-11-23T09:00:00+08:00"})");
  EXPECT_FALSE(proto::decode_event(o.as_object(), china, &error));
  EXPECT_NE(error.find("unknown event type"), std::string::npos) << error;
}

TEST(EventCodec, decode_rejects_malformed_fields) {
  std::string error;
  auto bad = [&](const char* text) {
    error.clear();
    return !proto::decode_event(json::parse(text).as_object(), china, &error) && !error.empty();
  };
  EXPECT_TRUE(bad(R"({"seq": 1, "actor": "x", "at": "2026-11-23T09:00:00+08:00"})"));  // no type
  EXPECT_TRUE(bad(R"({"seq": 1, "type": 5, "at": "2026-11-23T09:00:00+08:00"})"));
  EXPECT_TRUE(bad(R"({"seq": "1", "type": "ticket.issued", "at": "2026-11-23T09:00:00+08:00"})"));
  EXPECT_TRUE(bad(R"({"seq": 1, "type": "ticket.issued", "at": "yesterday"})"));
  EXPECT_TRUE(bad(R"({"seq": 1, "type": "ticket.issued", "at": "2026-11-23T09:00:00+08:00", "ticket": 9})"));
  EXPECT_TRUE(bad(R"({"seq": 1, "type": "ticket.issued", "at": "2026-11-23T09:00:00+08:00", "level": "high"})"));
}

TEST(EventCodec, times_in_another_offset_decode_to_the_same_instant) {
  const auto o = json::parse(R"({"seq": 5, "type": "ticket.called", "actor": "s1", "at": "2026-11-23T01:00:00Z"})");
  const auto e = proto::decode_event(o.as_object(), china);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->at, at("2026-11-23T09:00:00"));
  EXPECT_EQ(e->seq, 5);
}

}  // namespace
}  // namespace hallq::test
