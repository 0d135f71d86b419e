// apply(): the only code that changes State. Replaying the log through it rebuilds the hall.
#include <algorithm>

#include "core/engine.hpp"
#include "core/scores.hpp"

namespace hallq::core {

using domain::Event;
using domain::EventType;

namespace {

constexpr std::size_t recent_calls_kept = 8;    // what the wall display's call list can hold
constexpr double service_time_smoothing = 0.2;  // weight of the newest finished ticket

bool terminal(TicketStatus st) {
  return st == TicketStatus::finished || st == TicketStatus::no_show || st == TicketStatus::cancelled;
}

void clear_current(State& s, const Ticket& t) {
  if (t.window.empty()) return;
  const auto w = s.windows.find(t.window);
  if (w != s.windows.end() && w->second.current_ticket == t.id) w->second.current_ticket.clear();
}

// R-AB-7: the cover of `window` from another window ends; the post is unstaffed again.
void end_remote_cover(State& s, WindowState& ws) {
  ws.on_post.clear();
  ws.on_post_as.clear();
  ws.redirect_to.clear();
  ws.redirect_since = 0;
  ws.change_seq = s.seq;
}

void leave_post(State& s, const std::string& staff_id) {
  // Leaving one's own window ends every cover held from it (R-AB-7): the usual rules apply again.
  for (auto& [id, ws] : s.windows)
    if (ws.on_post == staff_id && !ws.redirect_to.empty()) end_remote_cover(s, ws);
  auto& st = s.staff[staff_id];
  if (!st.post.empty()) {
    const auto w = s.windows.find(st.post);
    if (w != s.windows.end() && w->second.on_post == staff_id) {
      w->second.on_post.clear();
      w->second.on_post_as.clear();
      w->second.change_seq = s.seq;
    }
  }
  st.post.clear();
  st.post_as.clear();
}

void take_post(State& s, const std::string& staff_id, const std::string& window, const std::string& as) {
  const auto w = s.windows.find(window);
  if (w == s.windows.end()) return;
  auto& st = s.staff[staff_id];
  st.post = window;
  st.post_as = as;
  w->second.on_post = staff_id;
  w->second.on_post_as = as;
  w->second.change_seq = s.seq;
  if (w->second.off_staff == staff_id) w->second.off_staff.clear();
  st.attended_today = true;
}

// [SECTION] scoring tallies (R-SCR-1 … R-SCR-6)

StaffQuarter& tally(State& s, const std::string& staff_id, Time at) {
  const auto d = domain::local_date(at, s.cfg().hall.utc_offset);
  return s.staff_quarters[staff_id][quarter_key(d.year, (d.month - 1) / 3 + 1)];
}

// Adds (sign +1) or takes back (sign -1) a confirmed deduction. It counts in the year and
// quarter in which the slip happened, whenever it is decided.
void count_violation(State& s, const Violation& v, int sign) {
  const std::int64_t milli = milli_points(v.points) * sign;
  const auto d = domain::local_date(v.at, s.cfg().hall.utc_offset);
  if (!v.department.empty()) s.department_deducted[v.department][d.year] += milli;
  if (v.staff.empty()) return;
  StaffQuarter& q = tally(s, v.staff, v.at);
  // R-ATT-2: `schedule` slips are the attendance component; every other deduction is discipline.
  (v.kind == "schedule" ? q.attendance_milli : q.discipline_milli) += milli;
  // R-SCR-3 (001 第二十二条): verified complaints count apart; everything else charged to a
  // person is a bulletin for schedule or window behaviour.
  // bulletins (通报批评) are records of their own (bulletin.issued); a deduction is not one.
  if (v.kind == "complaint_verified") q.verified_complaints += sign;
  if (v.kind == "refusing_management") q.refusals += sign;  // R-SCR-6
}

void mark_attended(State& s, const std::string& staff_id, Time at) {
  auto& st = s.staff[staff_id];
  if (!st.attended_today) ++tally(s, staff_id, at).days_present;
  st.attended_today = true;
}

void push_call(State& s, const Ticket& t, Time at, bool recall) {
  s.recent_calls.push_front(RecentCall{t.number, t.window, t.id, at, recall});
  if (s.recent_calls.size() > recent_calls_kept) s.recent_calls.pop_back();
}

void apply_ticket(State& s, const Event& e) {
  if (e.type == EventType::ticket_issued) {
    Ticket t;
    t.id = e.ticket;
    t.number = e.number;
    t.service = e.service;
    t.priority = parse_priority(e.priority).value_or(Priority::normal);
    t.appointment = e.appointment;
    t.appointment_slot = e.slot;
    t.previous = e.previous;
    t.date = s.day;
    t.key = QueueKey{e.at, e.seq};
    const auto* service = s.cfg().find_service(e.service);
    if (service) ++s.counters[service->prefix];  // R-Q-1
    if (!e.appointment.empty()) {
      const auto a = s.appointments.find(e.appointment);
      if (a != s.appointments.end()) a->second.ticket = e.ticket;
    }
    enqueue(s, t);
    s.tickets.emplace(t.id, std::move(t));
    return;
  }
  const auto it = s.tickets.find(e.ticket);
  if (it == s.tickets.end()) return;
  Ticket& t = it->second;
  switch (e.type) {
    case EventType::ticket_called: {
      // R-Q-3 bounded overtaking: a priority call passes the older ordinary tickets this
      // window could have taken; count it so none of them starves.
      const bool priority = is_priority(s, t, e.at);
      unqueue(s, t);
      if (priority && s.cfg().find_window(e.window)) {
        // Counted by the queue in O(log n): a pass mark, not an increment per waiting ticket.
        const auto due = [&](Time slot) { return slot_due(s.policy(), slot, e.at); };
        for (const auto& sv : services_called_at(s, e.window))  // R-AB-7: covered posts too
          if (const auto q = s.waiting.find(sv); q != s.waiting.end()) q->second.pass(t.key, due);
      }
      t.status = TicketStatus::called;
      t.called_at = e.at;
      t.window = e.window;
      t.staff = e.staff;
      t.recalls = 0;
      s.windows[e.window].current_ticket = t.id;
      push_call(s, t, e.at, false);
      break;
    }
    case EventType::ticket_recalled:
      ++t.recalls;
      t.called_at = t.called_at == 0 ? e.at : t.called_at;
      push_call(s, t, e.at, true);
      break;
    case EventType::ticket_no_show:
      t.status = TicketStatus::no_show;
      t.finished_at = e.at;
      clear_current(s, t);
      break;
    case EventType::ticket_requeued:
      t.status = TicketStatus::waiting;
      ++t.requeues;
      t.key = QueueKey{e.at, e.seq};  // back of the queue
      clear_current(s, t);
      t.window.clear();
      t.staff.clear();
      t.recalls = 0;
      t.called_at = 0;
      t.finished_at = 0;
      enqueue(s, t);
      break;
    case EventType::ticket_started:
      t.status = TicketStatus::serving;
      t.started_at = e.at;
      break;
    case EventType::ticket_finished: {
      t.status = TicketStatus::finished;
      t.finished_at = e.at;
      t.outcome = e.outcome;
      t.missing = e.missing;
      const Time began = t.started_at != 0 ? t.started_at : t.called_at;
      auto& st = s.stats[t.service];
      if (began != 0 && e.at >= began) {
        const double took = static_cast<double>(e.at - began);
        st.avg_service_seconds = st.avg_service_seconds * (1.0 - service_time_smoothing) + took * service_time_smoothing;
      }
      ++st.served;
      if (!t.staff.empty()) {  // R-SCR-5 caseload and efficiency
        StaffQuarter& q = tally(s, t.staff, e.at);
        ++q.served;
        const auto* service = s.cfg().find_service(t.service);
        const Time limit = service ? static_cast<Time>(service->promise_minutes) * 60 : 0;
        if (limit == 0 || (began != 0 && e.at - began <= limit)) ++q.within_promise;
      }
      clear_current(s, t);
      break;
    }
    case EventType::ticket_transferred:  // R-Q-5: same queue key, new service
      clear_current(s, t);
      t.service = e.service;
      t.status = TicketStatus::waiting;
      t.window.clear();
      t.staff.clear();
      t.recalls = 0;
      t.called_at = 0;
      t.started_at = 0;
      enqueue(s, t);
      break;
    case EventType::ticket_cancelled:
      if (t.status == TicketStatus::waiting) unqueue(s, t);
      clear_current(s, t);
      t.status = TicketStatus::cancelled;
      t.finished_at = e.at;
      break;
    case EventType::ticket_rated:
      t.rating = e.level;
      if (const std::string& staff = !e.staff.empty() ? e.staff : t.staff; !staff.empty()) {  // R-SCR-5 satisfaction
        StaffQuarter& q = tally(s, staff, e.at);
        ++q.ratings;
        if (e.level > s.policy().unsatisfied_max_level) ++q.satisfied;
      }
      break;
    default: break;
  }
}

// Memory (live_retention_days): at the start of a day, what reached its end more than that
// many days ago leaves the live state: delivered or rejected cases, closed follow-ups and
// decided complaints without an active alert. The event log and the report tables keep them;
// the scores keep their tallies (staff_quarters, department_deducted, violations).
void forget_finished(State& s, Time midnight) {
  const int days = s.policy().live_retention_days;
  if (days <= 0) return;
  const Time cutoff = midnight - static_cast<Time>(days) * 86'400;
  for (auto it = s.cases.begin(); it != s.cases.end();) {
    const Case& k = it->second;
    const bool done = (k.status == CaseStatus::delivered && k.delivered_at < cutoff) ||
                      (k.status == CaseStatus::rejected && k.opened_at < cutoff);
    if (done && k.alert.empty() && k.overdue_alert.empty()) it = s.cases.erase(it);  // done: never in open_cases
    else
      ++it;
  }
  for (auto it = s.follow_ups.begin(); it != s.follow_ups.end();) {
    const FollowUp& f = it->second;
    if (f.closed && f.closed_at < cutoff && f.alert.empty() && f.overdue_alert.empty())  // closed: not in open_follow_ups
      it = s.follow_ups.erase(it);
    else
      ++it;
  }
  for (auto it = s.complaints.begin(); it != s.complaints.end();) {
    const Complaint& c = it->second;
    if (c.verified.has_value() && c.decided_at < cutoff) it = s.complaints.erase(it);
    else
      ++it;
  }
}

void apply_event(State& s, const Event& e);

}  // namespace

// Every event that touches a case or a follow-up (directly, or through one of its alerts)
// brings its entry in the timer's deadline index up to date.
void apply(State& s, const Event& e) {
  std::string touched_case = e.case_id, touched_follow_up = e.follow_up;
  if (!e.alert.empty())
    if (const auto a = s.alerts.find(e.alert); a != s.alerts.end()) {
      if (touched_case.empty()) touched_case = a->second.case_id;
      if (touched_follow_up.empty()) touched_follow_up = a->second.follow_up;
    }
  apply_event(s, e);
  if (!touched_case.empty()) reindex_case(s, touched_case);
  if (!touched_follow_up.empty()) reindex_follow_up(s, touched_follow_up);
}

namespace {

void apply_event(State& s, const Event& e) {
  s.seq = e.seq;
  s.now = std::max(s.now, e.at);
  switch (e.type) {
    case EventType::day_started: {
      s.day = e.date;
      s.counters.clear();  // R-Q-1: numbering restarts every day
      s.session = -1;
      s.session_open = false;
      s.recent_calls.clear();
      for (auto& [id, st] : s.staff) {
        st.attended_today = false;
        st.signed_out_at = 0;
      }
      for (auto& [id, l] : s.leaves) l.planned_cover_alert.clear();
      for (auto it = s.tickets.begin(); it != s.tickets.end();) {
        if (terminal(it->second.status)) it = s.tickets.erase(it);  // the log keeps them
        else
          ++it;
      }
      const Time midnight = domain::local_midnight(domain::parse_date(e.date).value_or(domain::LocalDate{}),
                                                   s.cfg().hall.utc_offset);
      for (auto it = s.appointments.begin(); it != s.appointments.end();) {
        if (it->second.slot < midnight) it = s.appointments.erase(it);
        else
          ++it;
      }
      forget_finished(s, midnight);
      break;
    }
    case EventType::session_opened: {
      s.session_open = true;
      s.session = e.session;
      const auto date = domain::parse_date(e.date);
      const auto& sessions = s.cfg().hall.sessions;
      if (date && e.session >= 0 && static_cast<std::size_t>(e.session) < sessions.size())
        s.session_closes_at = domain::local_midnight(*date, s.cfg().hall.utc_offset) +
                              sessions[static_cast<std::size_t>(e.session)].close;
      break;
    }
    case EventType::session_closed:
      s.session_open = false;
      s.session_closed_seq = e.seq;
      break;
    case EventType::clock_advanced: break;
    case EventType::appointment_booked: s.appointments[e.appointment] = Appointment{e.appointment, e.service, e.slot, {}}; break;
    case EventType::ticket_issued:
    case EventType::ticket_called:
    case EventType::ticket_recalled:
    case EventType::ticket_no_show:
    case EventType::ticket_requeued:
    case EventType::ticket_started:
    case EventType::ticket_finished:
    case EventType::ticket_transferred:
    case EventType::ticket_cancelled:
    case EventType::ticket_rated: apply_ticket(s, e); break;
    case EventType::staff_signed_in: {
      mark_attended(s, e.staff, e.at);
      auto& st = s.staff[e.staff];
      st.signed_in = true;
      st.signed_in_at = e.at;
      take_post(s, e.staff, e.window, e.as);
      break;
    }
    case EventType::staff_took_over: {
      if (e.remote.value_or(false)) {  // R-AB-7: covered from where the taker sits
        const auto w = s.windows.find(e.window);
        if (w == s.windows.end()) break;
        w->second.on_post = e.staff;
        w->second.on_post_as = e.as;
        w->second.redirect_to = e.from_window;
        w->second.redirect_since = e.at;
        w->second.change_seq = e.seq;
        break;
      }
      mark_attended(s, e.staff, e.at);
      auto& st = s.staff[e.staff];
      if (!st.signed_in) {
        st.signed_in = true;
        st.signed_in_at = e.at;
      }
      if (!e.from_window.empty() && st.home.empty()) st.home = e.from_window;
      leave_post(s, e.staff);
      take_post(s, e.staff, e.window, e.as);
      break;
    }
    case EventType::staff_off_post: {
      leave_post(s, e.staff);
      auto& st = s.staff[e.staff];
      st.off_post = OffPost{e.window, e.reason, e.destination, e.at, e.expected_return, e.seq, e.handover, {}};
      const auto w = s.windows.find(e.window);
      if (w != s.windows.end()) w->second.off_staff = e.staff;
      break;
    }
    case EventType::staff_returned: {
      auto& st = s.staff[e.staff];
      const std::string left = st.off_post ? st.off_post->window : e.from_window;
      st.off_post.reset();
      if (const auto w = s.windows.find(left); w != s.windows.end() && w->second.off_staff == e.staff)
        w->second.off_staff.clear();
      if (e.window != left) st.home.clear();  // a coverer done covering (back home, or no post free)
      if (!e.window.empty()) take_post(s, e.staff, e.window, e.as);
      break;
    }
    case EventType::staff_handed_back: {
      if (e.remote.value_or(false)) {  // R-AB-7: the coverer stays at their own window
        const auto w = s.windows.find(e.from_window);
        if (w != s.windows.end() && w->second.on_post == e.staff) end_remote_cover(s, w->second);
        break;
      }
      leave_post(s, e.staff);
      s.staff[e.staff].home.clear();
      if (!e.window.empty()) take_post(s, e.staff, e.window, e.as);
      break;
    }
    case EventType::staff_signed_out: {
      leave_post(s, e.staff);
      auto& st = s.staff[e.staff];
      if (st.off_post) {
        const auto w = s.windows.find(st.off_post->window);
        if (w != s.windows.end() && w->second.off_staff == e.staff) w->second.off_staff.clear();
      }
      const bool attended = st.attended_today;
      const std::string overdue = st.overdue_alert;
      const std::string absent = st.absent_day;
      st = StaffState{};
      st.attended_today = attended;
      st.signed_out_at = e.at;
      st.overdue_alert = overdue;  // resolved by the next tick
      st.absent_day = absent;
      break;
    }
    case EventType::window_opened:
      s.windows[e.window].closed = false;
      s.windows[e.window].rota_closed = false;
      break;
    case EventType::window_closed:
      s.windows[e.window].closed = true;
      s.windows[e.window].rota_closed = e.reason == "duty_rota";  // R-HRS-2
      break;
    case EventType::window_presence: {
      auto& w = s.windows[e.window];
      w.presence = e.present;
      w.presence_at = e.at;
      w.presence_seq = e.seq;
      break;
    }
    case EventType::alert_raised: {
      Alert a;
      a.id = e.alert;
      a.kind = e.kind;
      a.level = e.level > 0 ? e.level : 1;
      a.window = e.window;
      a.staff = e.staff;
      a.ticket = e.ticket;
      a.leave = e.leave;
      a.follow_up = e.follow_up;
      a.case_id = e.case_id;
      a.rule = e.rule;
      a.notify = e.notify;
      a.raised_at = e.at;
      a.raised_seq = e.seq;
      a.message = e.message;
      ++s.next_alert;
      // Index the coverage alerts on their window / staff / leave so ticks find them at once.
      if (auto w = s.windows.find(a.window); w != s.windows.end()) {
        if (a.kind == "cover_needed" && a.rule == "R-AB-7") {
          w->second.remote_alert = a.id;  // a remote cover ran long: someone should sit there
        } else if (a.kind == "cover_needed") {
          w->second.cover_alert = a.id;
          w->second.uncovered_since = e.at;
        } else if (a.kind == "window_empty") {
          w->second.empty_alert = a.id;
        } else if (a.kind == "unreported_absence") {
          w->second.absence_alert = a.id;
        }
      }
      if (a.kind == "off_post_overdue") s.staff[a.staff].overdue_alert = a.id;
      if (auto t = s.tickets.find(a.ticket); t != s.tickets.end()) {  // R-SVC-2
        if (a.kind == "wait_too_long") {
          t->second.wait_alert = a.id;
          if (t->second.status == TicketStatus::waiting) s.waiting[t->second.service].set_alerted(t->second.key, true);
        }
        if (a.kind == "time_limit_warning") t->second.limit_alert = a.id;
      }
      if (auto f = s.follow_ups.find(a.follow_up); f != s.follow_ups.end()) {  // R-SVC-3, R-SVC-5
        if (a.kind == "unsatisfied_rating") f->second.alert = a.id;
        if (a.kind == "follow_up_overdue") f->second.overdue_alert = a.id;
      }
      if (auto k = s.cases.find(a.case_id); k != s.cases.end()) {  // R-SVC-2, R-CASE-2, R-CASE-5
        if (a.kind == "case_overdue") k->second.overdue_alert = a.id;
        else
          k->second.alert = a.id;
      }
      if (a.kind == "planned_cover")
        if (auto l = s.leaves.find(a.leave); l != s.leaves.end()) l->second.planned_cover_alert = a.id;
      s.alerts[a.id] = std::move(a);
      break;
    }
    case EventType::alert_escalated:
      if (auto it = s.alerts.find(e.alert); it != s.alerts.end()) {
        it->second.level = e.level;
        it->second.escalated_at = e.at;
      }
      break;
    case EventType::alert_acknowledged:
      if (auto it = s.alerts.find(e.alert); it != s.alerts.end()) {
        it->second.acknowledged_by = e.actor;
        it->second.note = e.note;
      }
      break;
    case EventType::alert_resolved: {
      const auto it = s.alerts.find(e.alert);
      if (it == s.alerts.end()) break;
      const Alert& a = it->second;
      if (auto w = s.windows.find(a.window); w != s.windows.end()) {
        auto& ws = w->second;
        if (ws.cover_alert == a.id) {
          ws.cover_alert.clear();
          ws.uncovered_since = 0;
        }
        if (ws.empty_alert == a.id) ws.empty_alert.clear();
        if (ws.absence_alert == a.id) ws.absence_alert.clear();
        if (ws.remote_alert == a.id) ws.remote_alert.clear();
      }
      if (auto st = s.staff.find(a.staff); st != s.staff.end()) {
        if (st->second.overdue_alert == a.id) st->second.overdue_alert.clear();
      }
      if (auto t = s.tickets.find(a.ticket); t != s.tickets.end()) {
        if (t->second.wait_alert == a.id) {
          t->second.wait_alert.clear();
          if (t->second.status == TicketStatus::waiting) s.waiting[t->second.service].set_alerted(t->second.key, false);
        }
        if (t->second.limit_alert == a.id) t->second.limit_alert.clear();
      }
      if (auto f = s.follow_ups.find(a.follow_up); f != s.follow_ups.end()) {
        if (f->second.alert == a.id) f->second.alert.clear();
        if (f->second.overdue_alert == a.id) f->second.overdue_alert.clear();
      }
      if (auto k = s.cases.find(a.case_id); k != s.cases.end()) {
        if (k->second.alert == a.id) k->second.alert.clear();
        if (k->second.overdue_alert == a.id) k->second.overdue_alert.clear();
      }
      s.alerts.erase(it);
      break;
    }
    case EventType::leave_requested: {
      Leave l;
      l.id = e.leave;
      l.staff = e.staff;
      l.from = e.from;
      l.to = e.to;
      l.reason = e.reason;
      l.chain = e.chain;
      l.requested_by = e.actor;
      l.requested_at = e.at;
      if (!e.kind.empty()) l.kind = e.kind;
      l.from_half = e.from_half;
      l.to_half = e.to_half;
      l.days = e.days;
      l.cover = e.cover;
      l.handover = e.handover;
      l.late_notice = e.late_notice;
      l.filed_with = e.filed_with;
      s.leaves[l.id] = std::move(l);
      ++s.next_leave;
      break;
    }
    case EventType::leave_cancelled:
      if (auto it = s.leaves.find(e.leave); it != s.leaves.end()) {
        it->second.status = LeaveStatus::cancelled;
        it->second.cancelled_by = e.actor;
      }
      break;
    case EventType::leave_ended:  // 销假: not on leave from this day on (R-LV-3)
      if (auto it = s.leaves.find(e.leave); it != s.leaves.end()) {
        it->second.ended_at = e.at;
        it->second.ended_day = e.date;
      }
      break;
    case EventType::leave_filed: break;
    case EventType::staff_handover_acknowledged:  // R-AB-4
      if (!e.leave.empty()) {
        if (auto it = s.leaves.find(e.leave); it != s.leaves.end()) it->second.handover_acks.push_back(e.actor);
      } else if (auto st = s.staff.find(e.staff); st != s.staff.end() && st->second.off_post) {
        st->second.off_post->handover_ack_by = e.actor;
      }
      break;
    case EventType::leave_approved:
      if (auto it = s.leaves.find(e.leave); it != s.leaves.end()) {
        auto& l = it->second;
        ++l.approvals;
        l.decided_by.push_back(e.actor);
        if (l.approvals >= l.chain.size()) l.status = LeaveStatus::approved;
      }
      break;
    case EventType::leave_rejected:
      if (auto it = s.leaves.find(e.leave); it != s.leaves.end()) {
        it->second.status = LeaveStatus::rejected;
        it->second.decided_by.push_back(e.actor);
      }
      break;
    case EventType::violation_proposed: {
      Violation v;
      v.id = e.violation;
      v.kind = e.kind;
      v.points = e.points;
      v.staff = e.staff;
      v.department = e.department;
      v.source = e.source;
      v.rule = e.rule;
      v.events = e.events;
      v.at = e.at;
      v.note = e.note;
      v.complaint = e.complaint;
      v.window = e.window;
      v.incident = e.incident;
      if (e.reason == "absent_without_leave" && !e.staff.empty()) s.staff[e.staff].absent_day = s.day;
      if (auto c = s.complaints.find(e.complaint); c != s.complaints.end()) c->second.violation = v.id;
      if (auto k = s.cases.find(e.case_id); k != s.cases.end() && v.kind == "case_overdue") k->second.overdue = true;  // R-CASE-5
      v.case_id = e.case_id;
      s.violations[v.id] = std::move(v);
      ++s.next_violation;
      break;
    }
    case EventType::violation_confirmed:
    case EventType::violation_dismissed:
      if (auto it = s.violations.find(e.violation); it != s.violations.end()) {
        Violation& v = it->second;
        const bool was = v.status == ViolationStatus::confirmed;
        const bool is = e.type == EventType::violation_confirmed;
        // Only confirmed deductions count (R-SCR-2); a correction takes its points back (R-SCR-1).
        if (was != is) count_violation(s, v, is ? +1 : -1);
        v.status = is ? ViolationStatus::confirmed : ViolationStatus::dismissed;
        v.decided_by = e.actor;
        v.decision_note = e.note;
        v.decisions.push_back(e.seq);
      }
      break;
    case EventType::complaint_filed: {
      Complaint c;
      c.id = e.complaint;
      c.ticket = e.ticket;
      c.staff = e.staff;
      c.window = e.window;
      c.department = e.department;
      c.text = e.text;
      c.filed_by = e.actor;
      c.filed_at = e.at;
      c.filed_seq = e.seq;
      s.complaints[c.id] = std::move(c);
      ++s.next_complaint;
      break;
    }
    case EventType::complaint_verified:
      if (auto it = s.complaints.find(e.complaint); it != s.complaints.end()) {
        Complaint& c = it->second;
        c.verified = e.verified.value_or(false);
        c.decided_by = e.actor;
        c.note = e.note;
        c.decided_at = e.at;
        c.verdicts.push_back(e.seq);
      }
      break;
    case EventType::follow_up_opened: {
      FollowUp f;
      f.id = e.follow_up;
      f.ticket = e.ticket;
      f.number = e.number;
      f.service = e.service;
      f.staff = e.staff;
      f.window = e.window;
      f.level = e.level;
      f.opened_at = e.at;
      f.rated_seq = e.events.empty() ? 0 : e.events.front();
      f.due = e.due;
      s.open_follow_ups.insert(f.id);
      s.follow_ups[f.id] = std::move(f);
      ++s.next_follow_up;
      break;
    }
    case EventType::bulletin_issued: {  // R-SCR-3
      Bulletin b;
      b.id = e.bulletin;
      b.staff = e.staff;
      b.department = e.department;
      b.violations = e.violations;
      b.note = e.note;
      b.issued_by = e.actor;
      b.at = e.at;
      b.seq = e.seq;
      if (!b.staff.empty()) ++tally(s, b.staff, e.at).bulletins;
      s.bulletins[b.id] = std::move(b);
      ++s.next_bulletin;
      break;
    }
    case EventType::assessment_recorded: {  // R-SCR-5, R-SCR-6: the latest of a quarter stands
      const auto period = parse_quarter_period(e.period);
      if (!period || e.staff.empty()) break;
      Assessment a;
      a.staff = e.staff;
      a.department = e.department;
      a.year = period->first;
      a.quarter = period->second;
      for (const auto& [item, mark] : e.marks) a.marks[item] = static_cast<int>(mark);
      a.grounds = e.grounds;
      a.note = e.note;
      a.by = e.actor;
      a.at = e.at;
      a.seq = e.seq;
      s.assessments[e.staff][quarter_key(a.year, a.quarter)] = std::move(a);
      break;
    }
    case EventType::follow_up_closed:
      if (auto it = s.follow_ups.find(e.follow_up); it != s.follow_ups.end()) {
        it->second.closed = true;
        it->second.closed_at = e.at;
        it->second.closed_by = e.actor;
        it->second.note = e.note;
        s.open_follow_ups.erase(it->first);
      }
      break;
    case EventType::case_opened: {  // R-CASE-1
      Case k;
      k.id = e.case_id;
      k.outcome = e.outcome;
      k.status = e.outcome == "accepted"               ? CaseStatus::accepted
                 : e.outcome == "incomplete_materials" ? CaseStatus::notice
                                                       : CaseStatus::rejected;
      k.ticket = e.ticket;
      k.number = e.number;
      k.service = e.service;
      k.department = e.department;
      k.staff = e.staff;
      k.window = e.window;
      k.opened_at = e.at;
      k.opened_seq = e.seq;
      k.due = e.due;
      k.days = static_cast<int>(e.days);
      k.missing = e.missing;
      k.reason = e.reason;
      k.yellow_at = case_yellow_at(s, k);
      k.red_at = case_red_at(s, k);
      if (k.open()) s.open_cases.insert(k.id);
      s.cases[k.id] = std::move(k);
      break;
    }
    case EventType::case_approved:
    case EventType::case_refused:
      if (auto it = s.cases.find(e.case_id); it != s.cases.end()) {
        Case& k = it->second;
        k.status = e.type == EventType::case_approved ? CaseStatus::approved : CaseStatus::refused;
        k.decided_at = e.at;
        k.decided_by = e.actor;
        k.decision_note = e.type == EventType::case_approved ? e.note : e.reason;
        s.open_cases.erase(k.id);
      }
      break;
    case EventType::case_extended:  // R-CASE-3
      if (auto it = s.cases.find(e.case_id); it != s.cases.end()) {
        Case& k = it->second;
        k.extended_days = static_cast<int>(e.days);
        k.days += k.extended_days;
        k.extension_reason = e.reason;
        k.extended_by = e.actor;
        k.extended_at = e.at;
        k.due = e.due;
        k.yellow_at = case_yellow_at(s, k);
        k.red_at = case_red_at(s, k);
      }
      break;
    case EventType::case_delivered:
      if (auto it = s.cases.find(e.case_id); it != s.cases.end()) {
        Case& k = it->second;
        k.status = CaseStatus::delivered;
        k.delivered_at = e.at;
        k.delivered_by = e.actor;
        k.delivered_window = e.window;
        s.open_cases.erase(k.id);
      }
      break;
    case EventType::roster_joined:  // R-STF-1/R-STF-2: the history of who sat where; the config holds the rosters
    case EventType::roster_left: break;
  }
}

}  // namespace
}  // namespace hallq::core
