#include "console/model/supervisor_view.hpp"

#include <algorithm>

#include "console/model/case_view.hpp"
#include "core/engine.hpp"

namespace hallq::console {

std::string alert_kind_label(const std::string& kind) {
  if (kind == "cover_needed") return "需顶岗";
  if (kind == "window_empty") return "空岗";
  if (kind == "off_post_overdue") return "离岗超时";
  if (kind == "unreported_absence") return "未报备离岗";
  if (kind == "late_sign_in") return "迟到";
  if (kind == "early_sign_out") return "早退";
  if (kind == "planned_cover") return "请假顶岗";
  if (kind == "wait_too_long") return "等候过长";
  if (kind == "time_limit_warning") return "办理超时预警";
  if (kind == "unsatisfied_rating") return "不满意评价";
  if (kind == "case_time_limit") return "办件时限预警";
  if (kind == "case_overdue") return "办件超期";
  if (kind == "notice_overdue") return "告知书超期";
  if (kind == "follow_up_overdue") return "回访超期";
  return kind;
}

std::string alert_kind_label(const std::string& kind, int level) {
  if (kind == "case_time_limit") return level >= 2 ? "办件红色预警" : "办件黄色预警";  // R-SVC-2
  return alert_kind_label(kind);
}

namespace {

// The floor reads Chinese: a server message without any (an older server's attendance texts)
// is replaced by one said from the alert's own fields.
std::string floor_message(const core::State& s, const std::string& kind, const std::string& message, const std::string& staff,
                          const std::string& window) {
  if (std::any_of(message.begin(), message.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) return message;
  std::string who = staff.empty() ? std::string() : staff_name(s, staff);
  if (kind == "late_sign_in") return who + " 开班后迟到签到";
  if (kind == "early_sign_out") return who + " 办公时段内提前签退";
  std::string out = alert_kind_label(kind);
  if (!window.empty()) out += " · " + window_label(s, window);
  if (!who.empty()) out += " · " + who;
  return out;
}

AlertLine alert_line(const core::State& s, const core::Alert& a, Time now) {
  AlertLine l;
  l.id = a.id;
  l.kind = a.kind;
  l.kind_label = alert_kind_label(a.kind, a.level);
  l.level = a.level;
  l.window = a.window;
  l.window_number = window_number(s, a.window);
  if (!a.staff.empty()) l.staff_name = staff_name(s, a.staff);
  l.message = floor_message(s, a.kind, a.message, a.staff, a.window);
  l.raised_at = a.raised_at;
  l.age = std::max<Time>(0, now - a.raised_at);
  if (!a.acknowledged_by.empty()) l.acknowledged_by = staff_name(s, a.acknowledged_by);
  l.note = a.note;
  l.resolved_at = a.resolved_at;
  return l;
}

// The case behind a case alert, said on the alert card (the supervisor opens it from there).
void add_case(const core::State& s, const Principal& me, AlertLine& l, const std::string& case_id, Time now) {
  l.case_id = case_id;
  const auto it = s.cases.find(case_id);
  if (it == s.cases.end()) return;
  const CaseLine c = case_line(s, me, it->second, now);
  l.case_number = c.number;
  l.case_service_name = c.service_name;
  l.case_due_date = c.due_date;
  l.case_days_left = c.days_left_text;
  l.case_can_extend = c.can.extend;
}

int waiting_for(const core::State& s, const domain::Window& w) {
  int n = 0;
  for (const auto& sv : w.services)
    if (const auto it = s.waiting.find(sv); it != s.waiting.end()) n += static_cast<int>(it->second.size());
  return n;
}

}  // namespace

std::vector<AssignOption> assign_options(const core::State& s, const std::vector<core::Candidate>& candidates) {
  std::vector<AssignOption> out;
  for (const auto& c : candidates) {
    AssignOption o;
    o.staff = c.staff;
    o.name = staff_name(s, c.staff);
    o.as = c.as;
    o.available = c.available;
    o.on_leave = c.on_leave;
    o.empties_window = c.empties_window;
    o.remote = c.remote;
    o.on_post = c.on_post;
    o.on_post_number = window_number(s, c.on_post);
    o.effect_minutes = c.effect_minutes;
    const std::string at = std::to_string(o.on_post_number);
    if (c.remote && !c.on_post.empty()) {
      // R-AB-7: covers from where they sit; their own window stays staffed.
      o.from_window = c.on_post;
      o.button = "在 " + at + " 号窗口代办";
      o.button_id = "assign-remote:" + c.staff;
      o.effect = "不离开 " + at + " 号窗口，群众到该窗口办理";
    } else {
      o.button = "指派";
      o.button_id = "assign:" + c.staff;
      if (c.empties_window) o.effect = "将造成空岗";
      else if (c.effect_minutes < 0)
        o.effect = "可缩短等候约 " + std::to_string(-c.effect_minutes) + " 分钟";
      else if (c.effect_minutes > 0)
        o.effect = "别处等候增加约 " + std::to_string(c.effect_minutes) + " 分钟";
      else
        o.effect = "对等候无影响";
    }
    out.push_back(std::move(o));
  }
  return out;
}

SupervisorView make_supervisor_view(const core::State& s, const Principal& me, Time now) {
  SupervisorView v;
  for (const auto& [id, a] : s.alerts)
    if (!a.resolved_at) {
      v.alerts.push_back(alert_line(s, a, now));
      if (!a.case_id.empty()) add_case(s, me, v.alerts.back(), a.case_id, now);
    }
  // The gravest first, so a case alert (办件超期, level 3) never hides under a run of empty-window
  // cards; newest first within a level.
  std::sort(v.alerts.begin(), v.alerts.end(), [](const AlertLine& a, const AlertLine& b) {
    if (a.level != b.level) return a.level > b.level;
    return a.raised_at != b.raised_at   ? a.raised_at > b.raised_at
           : a.id.size() != b.id.size() ? a.id.size() > b.id.size()
                                        : a.id > b.id;
  });

  for (const auto& w : s.cfg().windows) {
    WindowTile t;
    t.id = w.id;
    t.number = w.number;
    t.name = w.name;
    t.department = department_name(s, w.department);
    t.staffing = core::staffing_name(core::staffing_of(s, w.id));
    t.waiting = waiting_for(s, w);
    if (const auto* ws = s.window_state(w.id)) {
      if (!ws->on_post.empty()) {
        t.on_post_name = staff_name(s, ws->on_post);
        t.on_post_as = ws->on_post_as;
      }
      if (!ws->off_staff.empty()) {
        t.off_post_name = staff_name(s, ws->off_staff);
        if (const auto* gone = s.staff_state(ws->off_staff); gone && gone->off_post) {
          t.off_destination = gone->off_post->destination;
          t.off_reason = gone->off_post->reason;
          t.off_since = gone->off_post->since;
          const Time due = gone->off_post->expected_return;
          if (due > 0 && now > due) t.overdue = now - due;
        }
      }
      if (const auto* cur = s.ticket(ws->current_ticket)) t.current_number = cur->number;
      if (!ws->redirect_to.empty()) t.redirect_number = window_number(s, ws->redirect_to);
    }
    // A case alert names the receiving window, but it is about the case, not the staffing.
    for (const auto& a : v.alerts)
      if (a.window == w.id && a.case_id.empty()) t.alert_level = std::max(t.alert_level, a.level);
    if (t.staffing == "covered") ++v.covered;
    else if (t.staffing == "uncovered")
      ++v.uncovered;
    else if (t.staffing == "empty")
      ++v.empty;
    else
      ++v.closed;
    v.tiles.push_back(std::move(t));
  }

  // Tickets wait for a service, and several windows may serve it: count each ticket once.
  for (const auto& [service, q] : s.waiting) v.waiting_total += static_cast<int>(q.size());

  for (const auto& [id, l] : s.leaves) {
    if (l.status != core::LeaveStatus::pending) continue;
    LeaveRequestLine line;
    line.id = l.id;
    line.staff = l.staff;
    line.staff_name = staff_name(s, l.staff);
    line.from = l.from;
    line.to = l.to;
    line.reason = l.reason;
    line.next_approver = l.next_approver();
    line.steps_done = static_cast<int>(l.approvals);
    line.steps = static_cast<int>(l.chain.size());
    // R-LV-1: only the role the chain waits for acts (admin at any step), as the server checks.
    line.mine_to_decide = line.next_approver == me.role || me.role == "admin";
    v.leaves.push_back(std::move(line));
  }
  std::stable_sort(v.leaves.begin(), v.leaves.end(),
                   [](const LeaveRequestLine& a, const LeaveRequestLine& b) { return a.mine_to_decide && !b.mine_to_decide; });

  for (const auto& [id, viol] : s.violations) {
    if (viol.status != core::ViolationStatus::proposed) continue;
    ViolationLine line;
    line.id = viol.id;
    line.kind = viol.kind;
    line.staff_name = viol.staff.empty() ? "" : staff_name(s, viol.staff);
    line.department_name = department_name(s, viol.department);
    line.rule = viol.rule;
    line.note = viol.note;
    line.source = viol.source;
    line.points = viol.points;
    line.at = viol.at;
    v.proposed.push_back(std::move(line));
  }
  return v;
}

std::vector<RosterLine> roster_of(const core::State& s, const std::string& window) {
  std::vector<RosterLine> out;
  const auto* w = s.cfg().find_window(window);
  if (!w) return out;
  auto add = [&](const std::string& id, const char* as) {
    RosterLine r;
    r.staff = id;
    r.name = staff_name(s, id);
    r.as = as;
    const auto* st = s.staff_state(id);
    if (core::on_leave(s, id, s.day)) r.where = "今日请假";
    else if (st && st->off_post)
      r.where = "离岗：" + st->off_post->destination;
    else if (st && !st->post.empty())
      r.where = "在岗 " + window_label(s, st->post) + "（" + st->post_as + "）";
    else if (st && st->signed_in)
      r.where = "已签到，未在岗";
    else
      r.where = "未签到";
    out.push_back(std::move(r));
  };
  for (const auto& id : w->a) add(id, "A");
  for (const auto& id : w->b) add(id, "B");
  return out;
}

void AlertHistory::seed(const core::State& s, Time now) {
  raised_.clear();
  history_.clear();
  per_window_.clear();
  for (const auto& [id, a] : s.alerts) raised_[id] = alert_line(s, a, now);
}

void AlertHistory::on_event(const core::State& s, const domain::Event& e) {
  using T = domain::EventType;
  if (e.type == T::day_started) {
    per_window_.clear();
    raised_.clear();
    history_.clear();
    return;
  }
  if (e.type == T::alert_raised) {
    AlertLine l;
    l.id = e.alert;
    l.kind = e.kind;
    l.kind_label = alert_kind_label(e.kind, e.level);
    l.level = e.level;
    l.window = e.window;
    l.window_number = window_number(s, e.window);
    if (!e.staff.empty()) l.staff_name = staff_name(s, e.staff);
    l.message = floor_message(s, e.kind, e.message, e.staff, e.window);
    l.raised_at = e.at;
    l.case_id = e.case_id;
    raised_[e.alert] = l;
    if (!e.window.empty()) ++per_window_[e.window];
    return;
  }
  if (e.type == T::alert_escalated) {
    if (auto it = raised_.find(e.alert); it != raised_.end()) {
      it->second.level = e.level;
      it->second.kind_label = alert_kind_label(it->second.kind, e.level);
    }
    return;
  }
  if (e.type == T::alert_acknowledged) {
    if (auto it = raised_.find(e.alert); it != raised_.end()) {
      it->second.acknowledged_by = staff_name(s, e.actor);
      it->second.note = e.note;
    }
    return;
  }
  if (e.type == T::alert_resolved) {
    auto it = raised_.find(e.alert);
    AlertLine l;
    if (it != raised_.end()) {
      l = it->second;
      raised_.erase(it);
    } else {
      l.id = e.alert;
      l.kind = e.kind;
      l.kind_label = alert_kind_label(e.kind);
      l.window = e.window;
      l.window_number = window_number(s, e.window);
    }
    l.resolved_at = e.at;
    history_.push_back(std::move(l));
  }
}

std::vector<AlertLine> AlertHistory::resolved(std::size_t limit) const {
  std::vector<AlertLine> out;
  for (auto it = history_.rbegin(); it != history_.rend() && out.size() < limit; ++it) out.push_back(*it);
  return out;
}

std::vector<int> alerts_per_window(const core::State& s, const std::map<std::string, int>& live,
                                   const std::map<std::string, int>& backfilled) {
  std::vector<int> out;
  for (const auto& w : s.cfg().windows) {
    int n = 0;
    if (const auto it = live.find(w.id); it != live.end()) n += it->second;
    if (const auto it = backfilled.find(w.id); it != backfilled.end()) n += it->second;
    out.push_back(n);
  }
  return out;
}

HallStats make_hall_stats(const core::State& s, Time now) {
  HallStats st;
  const auto& cfg = s.cfg();
  const auto offset = cfg.hall.utc_offset;
  int first = 9, last = 17;
  if (!cfg.hall.sessions.empty()) {
    first = cfg.hall.sessions.front().open / 3600;
    last = (cfg.hall.sessions.back().close + 3599) / 3600;
  }
  for (int h = first; h < last; ++h) st.hours.push_back(h);
  st.issued_per_hour.assign(st.hours.size(), 0);
  st.served_per_hour.assign(st.hours.size(), 0);
  const std::vector<int> edges = {0, 5, 10, 15, 20, 30, 45, 60};
  for (std::size_t i = 0; i < edges.size(); ++i)
    st.wait_buckets.push_back(i + 1 < edges.size() ? std::to_string(edges[i]) + "-" + std::to_string(edges[i + 1])
                                                   : std::to_string(edges[i]) + "+");
  st.wait_counts.assign(edges.size(), 0);
  const std::string today = s.day.empty() ? domain::format_date(domain::local_date(now, offset)) : s.day;
  auto hour_slot = [&](Time t) -> int {
    const int h = domain::local_seconds_of_day(t, offset) / 3600;
    return h >= first && h < last ? h - first : -1;
  };
  double wait_sum = 0;
  int wait_n = 0;
  for (const auto& [id, t] : s.tickets) {
    if (t.date != today) continue;
    if (t.status == core::TicketStatus::waiting) ++st.waiting;
    if (t.status == core::TicketStatus::no_show) ++st.no_show;
    // The original issue time orders the queue (R-Q-5); the day's arrivals count by it.
    if (const int k = hour_slot(t.key.issued_at); k >= 0) ++st.issued_per_hour[static_cast<std::size_t>(k)];
    if (t.status == core::TicketStatus::finished) {
      ++st.served;
      if (const int k = hour_slot(t.finished_at); k >= 0) ++st.served_per_hour[static_cast<std::size_t>(k)];
    }
    if (t.called_at > 0) {
      const double minutes = static_cast<double>(std::max<Time>(0, t.called_at - t.key.issued_at)) / 60.0;
      wait_sum += minutes;
      ++wait_n;
      std::size_t b = 0;
      while (b + 1 < edges.size() && minutes >= edges[b + 1]) ++b;
      ++st.wait_counts[b];
    }
  }
  st.average_wait_minutes = wait_n ? wait_sum / wait_n : 0;
  return st;
}

}  // namespace hallq::console
