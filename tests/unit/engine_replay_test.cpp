// Engine determinism: replaying the event log through apply() rebuilds exactly the same state.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/event_codec.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

/// Everything observable in a State, in a canonical order (unordered maps sorted by key).
std::string describe(const core::State& s) {
  std::ostringstream o;
  o << "seq=" << s.seq << " now=" << s.now << " day=" << s.day << " open=" << s.session_open
    << " session=" << s.session << " closes=" << s.session_closes_at << " next_alert=" << s.next_alert << "\n";

  std::vector<std::string> ids;
  for (const auto& [id, t] : s.tickets) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    const auto& t = s.tickets.at(id);
    o << "ticket " << t.id << " " << t.number << " " << t.service << " " << t.priority << " ap=" << t.appointment
      << "@" << t.appointment_slot << " prev=" << t.previous << " date=" << t.date << " " << core::to_string(t.status)
      << " key=" << t.key.issued_at << "/" << t.key.issue_seq << " called=" << t.called_at
      << " started=" << t.started_at << " finished=" << t.finished_at << " w=" << t.window << " s=" << t.staff
      << " recalls=" << t.recalls << " overtaken=" << t.overtaken << " requeues=" << t.requeues
      << " outcome=" << t.outcome << " missing=";
    for (const auto& m : t.missing) o << m << ",";
    o << " rating=" << t.rating << "\n";
  }
  for (const auto& [prefix, n] : s.counters) o << "counter " << prefix << "=" << n << "\n";

  std::vector<std::string> services;
  for (const auto& [sv, q] : s.waiting) services.push_back(sv);
  std::sort(services.begin(), services.end());
  for (const auto& sv : services) {
    o << "waiting " << sv << ":";
    for (const auto& [key, id] : s.waiting.at(sv)) o << " " << id << "@" << key.issued_at << "/" << key.issue_seq;
    o << "\n";
  }

  ids.clear();
  for (const auto& [id, a] : s.appointments) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    const auto& a = s.appointments.at(id);
    o << "appointment " << a.id << " " << a.service << " " << a.slot << " " << a.ticket << "\n";
  }

  ids.clear();
  for (const auto& [id, st] : s.staff) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    const auto& st = s.staff.at(id);
    o << "staff " << id << " in=" << st.signed_in << "@" << st.signed_in_at << " attended=" << st.attended_today
      << " post=" << st.post << "/" << st.post_as << " home=" << st.home << " overdue=" << st.overdue_alert;
    if (st.off_post)
      o << " off=" << st.off_post->window << "," << st.off_post->reason << "," << st.off_post->destination << ","
        << st.off_post->since << "," << st.off_post->expected_return;
    o << "\n";
  }

  ids.clear();
  for (const auto& [id, w] : s.windows) ids.push_back(id);
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    const auto& w = s.windows.at(id);
    o << "window " << id << " closed=" << w.closed << " on=" << w.on_post << "/" << w.on_post_as
      << " off=" << w.off_staff << " cur=" << w.current_ticket
      << " presence=" << (w.presence ? (*w.presence ? "1" : "0") : "-") << "@" << w.presence_at
      << " change=" << w.change_seq << " alerts=" << w.cover_alert << "," << w.empty_alert << "," << w.absence_alert
      << " uncovered_since=" << w.uncovered_since << "\n";
  }

  services.clear();
  for (const auto& [sv, st] : s.stats) services.push_back(sv);
  std::sort(services.begin(), services.end());
  for (const auto& sv : services)
    o << "stats " << sv << " avg=" << s.stats.at(sv).avg_service_seconds << " served=" << s.stats.at(sv).served << "\n";

  for (const auto& c : s.recent_calls)
    o << "call " << c.number << " " << c.window << " " << c.ticket << " " << c.at << " " << c.recall << "\n";
  for (const auto& [id, a] : s.alerts) {
    o << "alert " << id << " " << a.kind << " " << a.level << " w=" << a.window << " s=" << a.staff << " t=" << a.ticket
      << " l=" << a.leave << " rule=" << a.rule << " raised=" << a.raised_at << "/" << a.raised_seq
      << " escalated=" << a.escalated_at << " ack=" << a.acknowledged_by << " note=" << a.note << " msg=" << a.message
      << " notify=";
    for (const auto& n : a.notify) o << n << ",";
    o << "\n";
  }
  for (const auto& [id, l] : s.leaves) {
    o << "leave " << id << " " << l.staff << " " << l.from << ".." << l.to << " " << core::to_string(l.status)
      << " approvals=" << l.approvals << " by=" << l.requested_by << "@" << l.requested_at << " cover=" << l.planned_cover_alert
      << " chain=";
    for (const auto& c : l.chain) o << c << ",";
    o << " decided=";
    for (const auto& d : l.decided_by) o << d << ",";
    o << "\n";
  }
  for (const auto& [id, v] : s.violations) {
    o << "violation " << id << " " << v.kind << " " << v.points << " " << v.staff << " " << v.department << " "
      << core::to_string(v.status) << " " << v.source << " " << v.rule << " at=" << v.at << " note=" << v.note
      << " by=" << v.decided_by << " " << v.decision_note << " events=";
    for (const auto seq : v.events) o << seq << ",";
    o << "\n";
  }
  o << "next_leave=" << s.next_leave << " next_violation=" << s.next_violation << "\n";
  return o.str();
}

struct ScriptResult {
  int commands = 0;
  int refused = 0;
};

/// A hall day (and the start of the next): about 55 commands of every kind, some refused on
/// purpose, across both sessions, the lunch break, extended service and the day change.
ScriptResult scripted_day(Hall& h) {
  ScriptResult r;
  auto run = [&](const Command& c) {
    ++r.commands;
    if (rejected(h.run(c))) ++r.refused;
  };
  auto issue = [&](const std::string& service, const std::string& priority = "normal",
                   const std::string& appointment = "", const std::string& previous = "") {
    ++r.commands;
    return h.issue(service, priority, appointment, previous);
  };
  auto serve = [&](const std::string& w) {
    run(as(h.on_post(w), core::CallNext{w}));
    run(as(h.on_post(w), core::StartService{w}));
    run(as(h.on_post(w), core::FinishService{w, "done", {}}));
  };

  run(as("web", core::BookAppointment{"shebao", at("2026-11-23T10:00:00"), "ap1"}));
  run(as("s001", core::SignIn{"s001", "W01"}));
  run(as("s003", core::SignIn{"s003", "W02"}));
  run(as("s005", core::SignIn{"s005", "W03"}));
  run(as("s003", core::SignIn{"s003", "W01"}));  // refused: not A of W01
  h.advance_to("2026-11-23T09:00:00");
  const auto a1 = issue("shebao");
  h.advance(20);
  const auto a2 = issue("shebao", "green");
  h.advance(20);
  issue("yibao");
  h.advance(20);
  const auto q1 = issue("qiye");
  issue("jiuye");
  h.advance(60);
  serve("W03");  // A002 (green)
  run(as("citizen", core::RateTicket{a2, 5}));
  run(as("s001", core::CallNext{"W01"}));  // A001
  h.advance(30);
  run(as("s001", core::Recall{"W01"}));
  h.advance(30);
  run(as("s001", core::MarkNoShow{"W01"}));
  run(as("citizen", core::RequeueTicket{a1}));
  run(as("s003", core::CallNext{"W02"}));  // Q001
  run(as("s003", core::StartService{"W02"}));
  h.advance(240);
  run(as("s003", core::TransferTicket{"W02", "chujian"}));
  run(as("s003", core::CallNext{"W02"}));  // Q001 again, now for chujian
  h.advance(120);
  run(as("s003", core::FinishService{"W02", "incomplete_materials", {"营业执照", "公章"}}));
  issue("qiye", "normal", "", q1);
  h.advance_to("2026-11-23T09:40:00");
  run(as("s005", core::GoOffPost{"s005", "会议", "三楼会议室", 20}));
  run(as("s007", core::TakeOver{"s007", "W03"}));
  run(as("s007", core::CallNext{"W03"}));  // A001 (re-queued)
  h.advance(300);
  run(as("s007", core::FinishService{"W03", "done", {}}));
  run(as("s002", core::TakeOver{"s002", "W01"}));  // refused: occupied
  h.advance_to("2026-11-23T09:50:00");
  issue("shebao", "normal", "ap1");
  run(as("s001", core::CallNext{"W01"}));  // Y001? no: the due appointment first
  run(as("s001", core::StartService{"W01"}));
  h.advance(400);
  run(as("s001", core::FinishService{"W01", "done", {}}));
  run(as("s005", core::ReturnToPost{"s005"}));  // s007 hands W03 back
  run(as("s007", core::SignIn{"s007", "W04"}));
  serve("W04");  // J001
  run(as("sensor-1", core::ReportPresence{"W03", true}));
  run(as("s008", core::CloseWindow{"W02"}));
  run(as("s008", core::OpenWindow{"W02"}));
  // Supervisor business: alerts, leave, violations (ids read from the state: deterministic).
  if (!h.state.alerts.empty()) run(as("s008", core::AckAlert{h.state.alerts.begin()->first, "已通知"}));
  run(as("s005", core::RequestLeave{"s005", "2026-11-26", "2026-11-26", "体检"}));
  if (!h.state.leaves.empty()) run(as("s008", core::DecideLeave{h.state.leaves.begin()->first, true, "同意"}));
  run(as("s008", core::RecordViolation{"desk_messy", "s001", "", "桌面杂乱"}));
  for (const auto& [id, v] : h.state.violations)
    if (v.status == core::ViolationStatus::proposed) {
      run(as("s008", core::DecideViolation{id, false, "情况属实但已整改"}));
      break;
    }
  h.advance_to("2026-11-23T11:50:00");
  issue("yibao");
  issue("yibao");
  issue("shebao", "green");
  h.advance_to("2026-11-23T12:05:00");
  run(as("s001", core::SignOut{"s001"}));  // refused: extended service
  run(h.issue_cmd("yibao"));                // refused: hall closed
  for (int i = 0; i < 5; ++i) serve("W01");  // Y001 Q002 Y002 Y003 and the green A004, in order
  run(as("s001", core::SignOut{"s001"}));
  run(as("s003", core::SignOut{"s003"}));
  h.advance_to("2026-11-23T14:30:00");
  run(as("s003", core::SignIn{"s003", "W02"}));
  issue("chujian");
  issue("qiye");
  serve("W02");
  h.advance_to("2026-11-24T09:10:00");  // day change: leftovers cancelled, everyone signed out
  issue("shebao");
  run(as("s006", core::SignIn{"s006", "W03"}));
  run(as("s006", core::CallNext{"W03"}));
  return r;
}

core::State replay(const std::shared_ptr<const domain::HallConfig>& config, const std::vector<Event>& log) {
  core::State s(config);
  for (const auto& e : log) core::apply(s, e);
  return s;
}

TEST(Replay, script_exercises_the_engine) {
  Hall h;
  const auto r = scripted_day(h);
  EXPECT_GE(r.commands, 50);
  EXPECT_EQ(r.refused, 4);  // the four refused on purpose; serve() on an empty queue is accepted
  // Spot checks that the script did what it says.
  std::vector<std::string> kinds;
  for (const auto& e : h.log) kinds.emplace_back(domain::to_string(e.type));
  for (const char* type : {"appointment.booked", "ticket.issued", "ticket.called", "ticket.recalled", "ticket.no_show",
                           "ticket.requeued", "ticket.started", "ticket.finished", "ticket.transferred",
                           "ticket.cancelled", "ticket.rated", "staff.signed_in", "staff.signed_out",
                           "staff.off_post", "staff.returned", "staff.took_over", "staff.handed_back",
                           "window.opened", "window.closed", "window.presence", "session.opened",
                           "session.closed", "day.started", "alert.raised", "alert.acknowledged", "alert.resolved",
                           "leave.requested", "leave.approved", "violation.proposed", "violation.confirmed",
                           "violation.dismissed"})
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), type), kinds.end()) << type;
  EXPECT_EQ(h.state.day, "2026-11-24");
  EXPECT_EQ(h.state.windows.at("W03").current_ticket.empty(), false);
  EXPECT_EQ(h.number(h.state.windows.at("W03").current_ticket), "A001");
}

TEST(Replay, applying_the_log_to_a_fresh_state_rebuilds_it) {
  Hall h;
  scripted_day(h);
  const core::State rebuilt = replay(h.config, h.log);
  EXPECT_EQ(describe(rebuilt), describe(h.state));
  EXPECT_EQ(rebuilt.seq, static_cast<std::int64_t>(h.log.size()));
}

TEST(Replay, replay_at_every_prefix_matches_a_state_copied_there) {
  // A snapshot (a copy of State) plus the tail of the log gives the same state as the full log.
  Hall h;
  scripted_day(h);
  const std::size_t cut = h.log.size() / 2;
  core::State snapshot = replay(h.config, std::vector<Event>(h.log.begin(), h.log.begin() + static_cast<std::ptrdiff_t>(cut)));
  for (std::size_t i = cut; i < h.log.size(); ++i) core::apply(snapshot, h.log[i]);
  EXPECT_EQ(describe(snapshot), describe(h.state));
}

TEST(Replay, the_same_script_gives_the_same_events) {
  Hall first, second;
  scripted_day(first);
  scripted_day(second);
  ASSERT_EQ(first.log.size(), second.log.size());
  for (std::size_t i = 0; i < first.log.size(); ++i)
    EXPECT_EQ(proto::serialize_event(first.log[i], china), proto::serialize_event(second.log[i], china)) << i;
}

TEST(Replay, replay_through_the_wire_codec_rebuilds_the_state) {
  Hall h;
  scripted_day(h);
  core::State s(h.config);
  for (const auto& e : h.log) {
    const std::string text = proto::serialize_event(e, china);
    std::string error;
    const auto decoded = proto::decode_event(boost::json::parse(text).as_object(), china, &error);
    ASSERT_TRUE(decoded) << error << " in " << text;
    core::apply(s, *decoded);
  }
  EXPECT_EQ(describe(s), describe(h.state));
}

}  // namespace
}  // namespace hallq::test
