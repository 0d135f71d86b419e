// tick() and next_deadline(): the rules that time alone triggers (R-HRS-1 sessions, day change).
#include <algorithm>
#include <cmath>

#include "core/engine.hpp"

namespace hallq::core {

using domain::Event;
using domain::EventType;

namespace {

constexpr int days_searched_for_next_session = 400;  // covers a year of holidays

Event system_event(EventType type, Time now) {
  Event e;
  e.type = type;
  e.at = now;
  e.actor = "system";
  return e;
}

Time overdue_at(const State& s, const OffPost& off) {
  return std::min(off.expected_return, off.since + static_cast<Time>(s.policy().max_off_post_minutes) * 60);
}

struct Raiser {
  const State& s;
  Events& out;
  Time now;

  std::int64_t next_seq() const { return s.seq + static_cast<std::int64_t>(out.size()) + 1; }
  std::string raise(std::string kind, int level, std::string window, std::string staff, std::string rule, std::string message,
                    std::vector<std::string> notify = {}, std::vector<std::int64_t> events = {}) {
    const auto n = std::count_if(out.begin(), out.end(), [](const Event& x) { return x.type == EventType::alert_raised; });
    Event e = system_event(EventType::alert_raised, now);
    e.alert = "AL" + std::to_string(s.next_alert + n);
    e.kind = std::move(kind);
    e.level = level;
    e.window = std::move(window);
    e.staff = std::move(staff);
    e.rule = std::move(rule);
    e.message = std::move(message);
    e.notify = std::move(notify);
    e.events = std::move(events);
    std::string id = e.alert;
    out.push_back(std::move(e));
    return id;
  }
  void resolve(const std::string& alert_id, const std::string& reason) {
    const auto it = s.alerts.find(alert_id);
    if (it == s.alerts.end()) return;
    Event e = system_event(EventType::alert_resolved, now);
    e.alert = alert_id;
    e.kind = it->second.kind;
    e.window = it->second.window;
    e.staff = it->second.staff;
    e.reason = reason;
    out.push_back(std::move(e));
  }
};

// Event seqs behind a decision; 0 stands for "none" (e.g. a post empty since the day began).
std::vector<std::int64_t> known(std::initializer_list<std::int64_t> seqs) {
  std::vector<std::int64_t> out;
  for (const auto seq : seqs)
    if (seq > 0) out.push_back(seq);
  return out;
}

std::string window_label(const domain::Window& w) { return w.id + "（" + std::to_string(w.number) + "号窗口）"; }

// R-AB-3, R-EMP-1, R-EMP-2, R-EMP-4, R-OFF-3, R-LV-4: the live staffing rules, evaluated on
// the current state after every command and at every deadline.
void staffing_rules(const State& s, Time now, Events& out) {
  const auto& cfg = s.cfg();
  const auto& p = s.policy();
  Raiser r{s, out, now};
  for (const auto& w : cfg.windows) {
    const auto& ws = s.windows.at(w.id);
    const bool needs_staff = s.session_open && !ws.closed;  // R-EMP-1: open windows during open hours
    const bool uncovered = needs_staff && ws.on_post.empty();
    if (uncovered) {
      if (ws.cover_alert.empty()) {
        // R-AB-3: ask the B substitutes (and the other A staff) of the roster to take over.
        // Nobody on approved leave today is asked.
        std::vector<std::string> notify;
        const auto ask = [&](const std::string& id) {
          if (id != ws.off_staff && !on_leave(s, id, s.day)) notify.push_back(id);
        };
        for (const auto& id : w.b) ask(id);
        for (const auto& id : w.a) ask(id);
        std::string why = ws.off_staff.empty() ? "无人在岗" : ws.off_staff + " 离岗";
        r.raise("cover_needed", 1, w.id, ws.off_staff, "R-AB-3", window_label(w) + why + "，请 B 岗顶岗", std::move(notify),
                known({ws.change_seq}));
      } else if (ws.empty_alert.empty() && now >= ws.uncovered_since + static_cast<Time>(p.cover_grace_minutes) * 60) {
        // R-EMP-1: nobody took the post within the grace period — the window is empty (空岗).
        const auto cover = s.alerts.find(ws.cover_alert);
        const std::int64_t cover_seq = cover == s.alerts.end() ? 0 : cover->second.raised_seq;
        const std::int64_t seq = r.next_seq();
        r.raise("window_empty", 1, w.id, ws.off_staff, "R-EMP-1",
                window_label(w) + "空岗已 " + std::to_string((now - ws.uncovered_since) / 60) + " 分钟", {},
                known({ws.change_seq, cover_seq}));
        // R-EMP-2 / R-AB-5: the empty window is charged to its department, traceable (R-SCR-8).
        std::vector<std::int64_t> behind = known({ws.change_seq, cover_seq, seq});
        // R-AB-4 / R-AB-5: when the A is away on approved leave the cover was planned (handed over
        // the day before), so the empty post is a failure of the A/B arrangement itself.
        const auto planned = std::find_if(w.a.begin(), w.a.end(), [&](const std::string& id) { return on_leave(s, id, s.day); });
        // The incident is the uncovered spell (its cover_needed alert): a slip of the person that
        // caused it (lateness) is linked to it later instead of charging twice.
        Event v = system_event(EventType::violation_proposed, now);
        v.window = w.id;
        v.incident = ws.cover_alert;
        if (ws.off_staff.empty() && planned != w.a.end())
          propose(s, out, std::move(v), "ab_violation", "", w.department, "R-AB-5", std::move(behind),
                  window_label(w) + "空岗：" + *planned + " 请假，B 岗未按计划顶岗");
        else
          // R-EMP-2: the department failed to staff the post. Whoever reported leaving it is not
          // charged for that; their own slips (overdue, unreported, late) are charged apart.
          propose(s, out, std::move(v), "window_empty", "", w.department, "R-EMP-2", std::move(behind),
                  window_label(w) + "空岗，无人顶岗" + (ws.off_staff.empty() ? "" : "（" + ws.off_staff + " 已报备离岗）") +
                      "（R-AB-5）");
      } else if (!ws.empty_alert.empty()) {
        const auto a = s.alerts.find(ws.empty_alert);
        if (a != s.alerts.end() && a->second.level < 3) {
          const Time since = a->second.escalated_at != 0 ? a->second.escalated_at : a->second.raised_at;
          if (now >= since + static_cast<Time>(p.escalate_minutes) * 60) {
            Event e = system_event(EventType::alert_escalated, now);
            e.alert = a->first;
            e.kind = a->second.kind;
            e.window = w.id;
            e.level = a->second.level + 1;
            out.push_back(std::move(e));
          }
        }
      }
    } else {
      // Someone took the post, the window closed, or the session ended: the cause is gone.
      if (!ws.cover_alert.empty()) r.resolve(ws.cover_alert, ws.on_post.empty() ? "not_needed" : "covered");
      if (!ws.empty_alert.empty()) r.resolve(ws.empty_alert, ws.on_post.empty() ? "not_needed" : "covered");
    }
    // R-AB-7: a cover from another window stands in for someone at the post only so long; past
    // remote_cover_max_minutes a cover_needed asks for someone to come and sit there.
    const bool remote = needs_staff && !ws.redirect_to.empty();
    if (remote && ws.remote_alert.empty() && p.remote_cover_max_minutes > 0 &&
        now >= ws.redirect_since + static_cast<Time>(p.remote_cover_max_minutes) * 60) {
      std::vector<std::string> notify;
      for (const auto* roster : {&w.b, &w.a})
        for (const auto& id : *roster)
          if (id != ws.off_staff && id != ws.on_post && !on_leave(s, id, s.day) &&
              std::find(notify.begin(), notify.end(), id) == notify.end())
            notify.push_back(id);
      const auto* at = cfg.find_window(ws.redirect_to);
      r.raise("cover_needed", 1, w.id, ws.off_staff, "R-AB-7",
              window_label(w) + "由 " + ws.on_post + " 在 " + (at ? std::to_string(at->number) : ws.redirect_to) +
                  " 号窗口代办已 " + std::to_string((now - ws.redirect_since) / 60) + " 分钟，请派人到岗",
              std::move(notify), known({ws.change_seq}));
    } else if (!remote && !ws.remote_alert.empty()) {
      r.resolve(ws.remote_alert, ws.on_post.empty() || !ws.redirect_to.empty() ? "not_needed" : "covered");
    }
    // R-EMP-4: a sensor says nobody is there while someone should be on post.
    // Only a reading taken after the person took the post, and only while the post must be staffed.
    // A post covered from another window (R-AB-7) is expected to be empty.
    const bool absent = needs_staff && ws.presence.has_value() && !*ws.presence && staffed_in_person(ws) &&
                        ws.presence_seq > ws.change_seq;
    if (absent && ws.absence_alert.empty()) {
      const auto* st = cfg.find_staff(ws.on_post);
      const std::int64_t seq = r.next_seq();
      r.raise("unreported_absence", 2, w.id, ws.on_post, "R-EMP-4",
              window_label(w) + "感应器显示无人，但 " + ws.on_post + " 未报备离岗", {}, known({ws.presence_seq}));
      // A sensor reading is not an inspection: the ordinary schedule rate (001 第二十一条(一)). The
      // inspection rate (off_post_inspection) is for a supervisor's finding (POST /api/violations).
      Event v = system_event(EventType::violation_proposed, now);
      v.window = w.id;
      propose(s, out, std::move(v), "schedule", ws.on_post, st ? st->department : w.department, "R-EMP-4", {seq},
              window_label(w) + "未报备离岗");
    } else if (!absent && !ws.absence_alert.empty()) {
      r.resolve(ws.absence_alert, "present");
    }
  }
  for (const auto& staff : cfg.staff) {
    const auto& st = s.staff.at(staff.id);
    if (st.off_post && st.overdue_alert.empty() && now >= overdue_at(s, *st.off_post)) {
      // R-OFF-3: not back by the expected return (or the policy's maximum).
      const auto* w = cfg.find_window(st.off_post->window);
      const std::int64_t seq = r.next_seq();
      r.raise("off_post_overdue", 1, st.off_post->window, staff.id, "R-OFF-3",
              staff.id + " 离岗去" + st.off_post->destination + "，已超过预计返回时间" +
                  (w ? "（" + window_label(*w) + "）" : std::string()),
              {}, known({st.off_post->seq}));
      propose(s, out, system_event(EventType::violation_proposed, now), "schedule", staff.id, staff.department, "R-OFF-3",
              known({st.off_post->seq, seq}), staff.id + " 离岗超时");
    } else if (!st.off_post && !st.overdue_alert.empty()) {
      r.resolve(st.overdue_alert, "returned");
    }
  }
  // R-LV-4: at session open, approved leave today makes the planned cover responsible for the
  // post — tell them, and only them; a cover who is on leave today is not asked (supervisors see
  // the alert and assign someone). Leave that starts at noon is announced at the afternoon session.
  for (const auto& [id, l] : s.leaves) {
    const bool away_today = l.status == LeaveStatus::approved && l.covers(s.day) && (l.ended_day.empty() || s.day < l.ended_day);
    if (!l.planned_cover_alert.empty()) {
      if (!away_today) r.resolve(l.planned_cover_alert, "leave_ended");  // 销假
      continue;
    }
    if (!s.session_open || !away_today) continue;
    if (l.from == s.day && l.from_half == "pm" && s.session < 1 && cfg.hall.sessions.size() > 1) continue;
    std::vector<std::string> notify;
    std::vector<std::string> unavailable;
    std::string window;
    for (const auto& w : cfg.windows) {
      if (std::find(w.a.begin(), w.a.end(), l.staff) == w.a.end()) continue;
      if (window.empty()) window = w.id;
      std::vector<std::string> covers;
      if (const auto named = l.cover_of(w.id); !named.empty()) covers.push_back(named);
      else if (l.cover.empty())
        covers = w.b;  // leave recorded before planned cover was named
      for (const auto& b : covers) {
        if (on_leave(s, b, s.day)) {
          unavailable.push_back(b);
          continue;
        }
        if (std::find(notify.begin(), notify.end(), b) == notify.end()) notify.push_back(b);
      }
    }
    std::string message = l.staff + " 今日" + (l.kind == "official" ? "因公外出" : "请假") + "（" + l.id + "），由 ";
    for (std::size_t i = 0; i < notify.size(); ++i) message += (i ? "、" : "") + notify[i];
    message += notify.empty() ? "B 岗顶岗" : " 顶岗";
    for (const auto& b : unavailable) message += "；计划顶岗人 " + b + " 今日也请假，请另行安排";
    r.raise("planned_cover", 1, window, l.staff, "R-LV-4", std::move(message), std::move(notify));
    out.back().leave = l.id;
  }
}

// R-SVC-2: the second at which an in-service ticket gets its yellow warning (warn_ratio of the
// promised time, rounded up to a whole second) and its red one (the promised time).
Time yellow_at(const State& s, const Ticket& t, Time limit) {
  const double offset = s.policy().warn_ratio * static_cast<double>(limit);
  return t.started_at + static_cast<Time>(std::ceil(offset - 1e-6));
}

Time promised_seconds(const State& s, const Ticket& t) {
  const auto* sv = s.cfg().find_service(t.service);
  return sv ? static_cast<Time>(sv->promise_minutes) * 60 : 0;
}

Time wait_limit_at(const State& s, const Ticket& t) {
  return t.key.issued_at + static_cast<Time>(s.policy().wait_too_long_minutes) * 60;
}

// R-SVC-2 on cases (分级预警 of 004 第十六条), R-CASE-2 and R-CASE-5: a case's yellow warning,
// its red one on the deadline day, and past the deadline an overdue alert with a proposed
// case_overdue deduction for the department; an undelivered written one-time notice past its
// working days. Like every alert these end with the day and are raised again while they hold.
void case_rules(const State& s, Time now, Events& out) {
  Raiser r{s, out, now};
  const auto tag = [&out](const Case& k) {
    out.back().case_id = k.id;
    out.back().ticket = k.ticket;
    out.back().service = k.service;
    out.back().department = k.department;
  };
  // Causes that ended: decided or delivered, or an extension moved the deadline back.
  for (const auto& [id, a] : s.alerts) {
    if (a.case_id.empty()) continue;
    const auto it = s.cases.find(a.case_id);
    if (it == s.cases.end() || !it->second.open()) {
      r.resolve(id, it != s.cases.end() && it->second.status == CaseStatus::delivered ? "delivered" : "decided");
      out.back().case_id = a.case_id;
      continue;
    }
    const Case& k = it->second;
    const bool sooner = (a.kind == "case_time_limit" &&
                         (now < std::min(k.yellow_at, k.red_at) || (a.level >= 2 && now < k.red_at))) ||
                        (a.kind == "case_overdue" && now < k.due);
    if (sooner) {
      r.resolve(id, "extended");
      out.back().case_id = k.id;
    }
  }
  // Only the cases whose next instant has come (the index mirrors the conditions below).
  for (const auto& id : s.case_deadlines.due(now)) {
    const auto it = s.cases.find(id);
    if (it == s.cases.end()) continue;
    const Case& k = it->second;
    const std::string what = "办件 " + k.number + "（" + k.id + "）";
    if (k.status == CaseStatus::notice) {  // R-CASE-2: the written one-time notice
      if (!k.alert.empty() || now < k.due) continue;
      r.raise("notice_overdue", 2, k.window, k.staff, "R-CASE-2",
              what + "的一次性告知书超过 " + std::to_string(k.days) + " 个工作日仍未送达", {}, known({k.opened_seq}));
      tag(k);
      continue;
    }
    if (now >= k.due) {  // R-CASE-5 超过时限未办结
      if (!k.alert.empty()) {
        r.resolve(k.alert, "overdue");
        out.back().case_id = k.id;
      }
      if (k.overdue_alert.empty()) {
        r.raise("case_overdue", 3, k.window, k.staff, "R-CASE-5",
                what + "已超过承诺时限 " + std::to_string(k.days) + " 个工作日仍未办结", {}, known({k.opened_seq}));
        tag(k);
      }
      if (!k.overdue) {
        Event v = system_event(EventType::violation_proposed, now);
        v.case_id = k.id;
        v.ticket = k.ticket;
        propose(s, out, std::move(v), "case_overdue", "", k.department, "R-CASE-5", known({k.opened_seq}),
                what + "超过承诺时限未办结");
      }
      continue;
    }
    if (k.days <= 0) continue;
    const Time yellow = k.yellow_at, red = k.red_at;
    if (k.alert.empty()) {
      if (now < std::min(yellow, red)) continue;
      const bool late = now >= red;
      r.raise("case_time_limit", late ? 2 : 1, k.window, k.staff, "R-SVC-2",
              what + (late ? "今日到期" : "临近承诺时限") + "（" + (late ? "红色预警" : "黄色预警") + "），" +
                  domain::format_date(domain::local_date(k.due - 1, s.cfg().hall.utc_offset)) + " 前须办结",
              {}, known({k.opened_seq}));
      tag(k);
    } else if (now >= red) {
      const auto a = s.alerts.find(k.alert);
      if (a == s.alerts.end() || a->second.level >= 2) continue;
      Event e = system_event(EventType::alert_escalated, now);
      e.alert = a->first;
      e.kind = a->second.kind;
      e.window = k.window;
      e.level = 2;
      e.message = what + "今日到期（红色预警）";
      out.push_back(std::move(e));
      tag(k);
    }
  }
}

// R-SVC-2, R-SVC-3, R-SVC-5, R-ATT-2 (absence): the service-quality and attendance rules that
// time triggers, evaluated like the staffing rules after every command and at every deadline.
void quality_rules(const State& s, Time now, Events& out) {
  const auto& cfg = s.cfg();
  const auto& p = s.policy();
  Raiser r{s, out, now};
  // Causes that ended: the ticket was called, the service finished, the follow-up closed.
  for (const auto& [id, a] : s.alerts) {
    const Ticket* t = a.ticket.empty() ? nullptr : s.ticket(a.ticket);
    if (a.kind == "wait_too_long" && (!t || t->status != TicketStatus::waiting)) {
      r.resolve(id, t && t->status != TicketStatus::cancelled ? "called" : "not_waiting");
      out.back().ticket = a.ticket;
    } else if (a.kind == "time_limit_warning" && (!t || t->status != TicketStatus::serving)) {
      r.resolve(id, "finished");
      out.back().ticket = a.ticket;
    } else if (a.kind == "unsatisfied_rating" || a.kind == "follow_up_overdue") {
      const auto f = s.follow_ups.find(a.follow_up);
      if (f == s.follow_ups.end() || f->second.closed) {
        r.resolve(id, "followed_up");
        out.back().follow_up = a.follow_up;
      }
    }
  }
  // R-SVC-2: a citizen waiting longer than the policy's limit (0 turns the rule off).
  // A queue is ordered by issue time, so the scan of the tickets without an alert stops at the
  // first one not yet due.
  if (p.wait_too_long_minutes > 0) {
    for (const auto& [service, queue] : s.waiting) {
      for (const QueueKey& key : queue.unalerted()) {
        const Ticket& t = s.tickets.at(*queue.id_at(key));
        if (now < wait_limit_at(s, t)) break;
        r.raise("wait_too_long", 1, "", "", "R-SVC-2",
                t.number + " 已等候 " + std::to_string((now - t.key.issued_at) / 60) + " 分钟，超过 " +
                    std::to_string(p.wait_too_long_minutes) + " 分钟",
                {}, known({t.key.issue_seq}));
        out.back().ticket = t.id;
        out.back().service = t.service;
      }
    }
  }
  // R-SVC-2 分级预警: yellow (level 1) at warn_ratio of the promised time, red (level 2) at it.
  for (const auto& w : cfg.windows) {
    const auto& ws = s.windows.at(w.id);
    const Ticket* t = ws.current_ticket.empty() ? nullptr : s.ticket(ws.current_ticket);
    if (!t || t->status != TicketStatus::serving) continue;
    const Time limit = promised_seconds(s, *t);
    if (limit <= 0) continue;
    const Time red = t->started_at + limit;
    if (t->limit_alert.empty()) {
      if (now < yellow_at(s, *t, limit)) continue;
      const bool late = now >= red;
      r.raise("time_limit_warning", late ? 2 : 1, w.id, t->staff, "R-SVC-2",
              t->number + " 办理已 " + std::to_string((now - t->started_at) / 60) + " 分钟，承诺时限 " +
                  std::to_string(limit / 60) + " 分钟（" + (late ? "红色预警" : "黄色预警") + "）",
              {}, known({}));
      out.back().ticket = t->id;
      out.back().service = t->service;
    } else if (now >= red) {
      const auto a = s.alerts.find(t->limit_alert);
      if (a == s.alerts.end() || a->second.level >= 2) continue;
      Event e = system_event(EventType::alert_escalated, now);
      e.alert = a->first;
      e.kind = a->second.kind;
      e.window = w.id;
      e.ticket = t->id;
      e.level = 2;
      e.message = t->number + " 已超过承诺时限 " + std::to_string(limit / 60) + " 分钟（红色预警）";
      out.push_back(std::move(e));
    }
  }
  // R-SVC-5: a follow-up not closed by the end of its last working day is overdue. The alert
  // ends with the day like every alert and is raised again the next day while still open.
  for (const auto& id : s.follow_up_deadlines.due(now)) {  // the open ones past `due` without the alert
    const auto f = s.follow_ups.find(id);
    if (f == s.follow_ups.end() || !f->second.overdue_alert.empty() || now < f->second.due) continue;
    r.raise(
        "follow_up_overdue", 2, f->second.window, f->second.staff, "R-SVC-5",
        "差评回访 " + id + "（" + f->second.number + "）已超过 " + std::to_string(p.follow_up_working_days) + " 个工作日仍未办结",
        {}, known({f->second.rated_seq}));
    out.back().follow_up = id;
    out.back().ticket = f->second.ticket;
  }
  // R-ATT-2 absence without leave: once the day's last session has closed, an A who never came
  // and has no approved leave is absent (旷工): a proposed `schedule` deduction for supervisors
  // to confirm, citing the session.closed event it was found at. No alert: nothing is left to act on.
  // Checked at the closing second only: time is stepped through every deadline, the close
  // included, so this runs once a day however many commands follow in the evening.
  const int last = static_cast<int>(cfg.hall.sessions.size()) - 1;
  if (!s.session_open && last >= 0 && s.session == last && now == s.session_closes_at) {
    const auto day = domain::parse_date(s.day);
    const domain::DutyDay* duty = day ? cfg.duty_on(*day) : nullptr;
    for (const auto& staff : cfg.staff) {
      const auto& st = s.staff.at(staff.id);
      if (st.attended_today || st.absent_day == s.day || leave_excuses(s, staff.id, s.day)) continue;
      // R-HRS-2: on a duty day only the rota's staff are expected.
      if (duty && std::find(duty->staff.begin(), duty->staff.end(), staff.id) == duty->staff.end()) continue;
      // Only A staff of a window left open are expected at a post: a window a supervisor closed
      // needs nobody (R-EMP-1), and B staff come when asked to cover.
      const auto post = std::find_if(cfg.windows.begin(), cfg.windows.end(), [&](const domain::Window& w) {
        return !s.windows.at(w.id).closed && std::find(w.a.begin(), w.a.end(), staff.id) != w.a.end();
      });
      if (post == cfg.windows.end()) continue;
      Event e = system_event(EventType::violation_proposed, now);
      e.reason = "absent_without_leave";
      e.window = post->id;
      e.date = s.day;
      propose(s, out, std::move(e), "schedule", staff.id, staff.department, "R-ATT-2", known({s.session_closed_seq}),
              staff.id + " " + s.day + " 未签到且未请假，无故缺勤（" + window_label(*post) + "）");
    }
  }
}

}  // namespace

Events tick(const State& s, Time now) {
  Events out;
  const auto& cfg = s.cfg();
  const auto offset = cfg.hall.utc_offset;
  const std::string today = domain::format_date(domain::local_date(now, offset));

  if (s.session_open && (now >= s.session_closes_at || today != s.day)) {
    Event e = system_event(EventType::session_closed, now);
    e.session = s.session;
    e.date = s.day;
    out.push_back(std::move(e));
  }
  if (today != s.day) {
    // A new day: what is left of yesterday is closed off before numbering restarts.
    std::vector<const Ticket*> leftovers;
    for (const auto& [id, t] : s.tickets)
      if (t.status == TicketStatus::waiting || t.status == TicketStatus::called || t.status == TicketStatus::serving)
        leftovers.push_back(&t);
    std::sort(leftovers.begin(), leftovers.end(), [](const Ticket* a, const Ticket* b) { return a->key < b->key; });
    for (const Ticket* t : leftovers) {
      Event e = system_event(EventType::ticket_cancelled, now);
      e.ticket = t->id;
      e.number = t->number;
      e.service = t->service;
      e.window = t->window;
      e.reason = "day_end";
      out.push_back(std::move(e));
    }
    std::vector<std::string> present;
    for (const auto& [id, st] : s.staff)
      if (st.signed_in) present.push_back(id);
    std::sort(present.begin(), present.end());
    for (const auto& id : present) {
      Event e = system_event(EventType::staff_signed_out, now);
      e.staff = id;
      e.window = s.staff.at(id).post;
      e.reason = "day_end";
      out.push_back(std::move(e));
    }
    // Alerts are about the day that ends; none carries over.
    for (const auto& [id, a] : s.alerts) {
      Event r = system_event(EventType::alert_resolved, now);
      r.alert = id;
      r.kind = a.kind;
      r.window = a.window;
      r.staff = a.staff;
      r.reason = "day_end";
      out.push_back(std::move(r));
    }
    Event e = system_event(EventType::day_started, now);
    e.date = today;
    out.push_back(std::move(e));
    // R-HRS-2: on a duty day only the rota's windows open; the day after, the rota's closures end.
    const domain::DutyDay* duty = cfg.duty_on(domain::local_date(now, offset));
    for (const auto& w : cfg.windows) {
      const auto& ws = s.windows.at(w.id);
      const bool on_duty = !duty || std::find(duty->windows.begin(), duty->windows.end(), w.id) != duty->windows.end();
      if (!on_duty && !ws.closed) {
        Event c = system_event(EventType::window_closed, now);
        c.window = w.id;
        c.reason = "duty_rota";
        c.date = today;
        out.push_back(std::move(c));
      } else if (on_duty && ws.rota_closed) {
        Event o = system_event(EventType::window_opened, now);
        o.window = w.id;
        o.reason = "duty_rota";
        o.date = today;
        out.push_back(std::move(o));
      }
    }
  }
  const bool open_after = !out.empty() ? false : s.session_open;
  if (!open_after) {
    const int last_opened = today != s.day ? -1 : s.session;
    if (const auto span = session_at(cfg, now); span && span->index > last_opened) {
      Event e = system_event(EventType::session_opened, now);  // R-HRS-1
      e.session = span->index;
      e.date = today;
      out.push_back(std::move(e));
    }
  }
  // Staffing rules look at the state after the calendar events above: the shell ticks again.
  if (out.empty()) {
    staffing_rules(s, now, out);
    quality_rules(s, now, out);
    case_rules(s, now, out);
  }
  std::int64_t seq = s.seq;
  for (auto& e : out) e.seq = ++seq;
  return out;
}

Time next_deadline(const State& s, Time after) {
  const auto& cfg = s.cfg();
  const auto offset = cfg.hall.utc_offset;
  const auto date = domain::local_date(after, offset);
  const Time next_midnight = domain::local_midnight(domain::civil_from_days(domain::days_from_civil(date) + 1), offset);
  Time best = next_midnight;
  if (s.session_open && s.session_closes_at > after) best = std::min(best, s.session_closes_at);
  const auto consider = [&](Time t) {
    if (t > after) best = std::min(best, t);
  };
  const auto& p = s.policy();
  for (const auto& [id, ws] : s.windows) {
    if (!ws.cover_alert.empty() && ws.empty_alert.empty())
      consider(ws.uncovered_since + static_cast<Time>(p.cover_grace_minutes) * 60);
    if (!ws.empty_alert.empty()) {
      const auto a = s.alerts.find(ws.empty_alert);
      if (a != s.alerts.end() && a->second.level < 3)
        consider((a->second.escalated_at != 0 ? a->second.escalated_at : a->second.raised_at) +
                 static_cast<Time>(p.escalate_minutes) * 60);
    }
  }
  for (const auto& [id, st] : s.staff)
    if (st.off_post && st.overdue_alert.empty()) consider(overdue_at(s, *st.off_post));
  if (p.remote_cover_max_minutes > 0)  // R-AB-7
    for (const auto& [id, ws] : s.windows)
      if (!ws.redirect_to.empty() && ws.remote_alert.empty())
        consider(ws.redirect_since + static_cast<Time>(p.remote_cover_max_minutes) * 60);
  // R-SVC-2: waiting limits and the in-service warnings; R-SVC-5: follow-up deadlines.
  if (p.wait_too_long_minutes > 0)
    for (const auto& [service, queue] : s.waiting)  // the oldest ticket without an alert is the next due
      if (!queue.unalerted().empty()) consider(wait_limit_at(s, s.tickets.at(*queue.id_at(*queue.unalerted().begin()))));
  for (const auto& [wid, ws] : s.windows) {
    const Ticket* t = ws.current_ticket.empty() ? nullptr : s.ticket(ws.current_ticket);
    if (!t || t->status != TicketStatus::serving) continue;
    const Time limit = promised_seconds(s, *t);
    if (limit <= 0) continue;
    if (t->limit_alert.empty()) consider(yellow_at(s, *t, limit));
    else
      consider(t->started_at + limit);
  }
  // R-SVC-5 follow-ups; R-SVC-2 on cases, R-CASE-2, R-CASE-5: the first instant of each index.
  consider(s.follow_up_deadlines.next_after(after));
  consider(s.case_deadlines.next_after(after));
  // The next session opening after `after`.
  for (int d = 0; d < days_searched_for_next_session; ++d) {
    const auto day = domain::civil_from_days(domain::days_from_civil(date) + d);
    const Time midnight = domain::local_midnight(day, offset);
    if (!cfg.is_open_day(day, domain::local_weekday(midnight, offset))) continue;
    bool found = false;
    for (const auto& sess : cfg.hall.sessions) {
      const Time open = midnight + sess.open;
      if (open > after) {
        best = std::min(best, open);
        found = true;
        break;
      }
    }
    if (found || midnight > best) break;
  }
  return best;
}

}  // namespace hallq::core
