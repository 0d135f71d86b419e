#include "console/model/staff_view.hpp"

#include <algorithm>

#include "core/engine.hpp"

namespace hallq::console {

TimeLevel time_level(const domain::Policy& p, int promise_minutes, Time elapsed_seconds) {
  if (promise_minutes <= 0) return TimeLevel::normal;
  const double limit = promise_minutes * 60.0;
  if (static_cast<double>(elapsed_seconds) >= limit) return TimeLevel::red;                    // R-SVC-2 red
  if (static_cast<double>(elapsed_seconds) >= p.warn_ratio * limit) return TimeLevel::yellow;  // R-SVC-2 yellow
  return TimeLevel::normal;
}

namespace {

int promise_of(const core::State& s, const std::string& service) {
  const auto* sv = s.cfg().find_service(service);
  return sv ? sv->promise_minutes : 0;
}

QueueLine queue_line(const core::State& s, const domain::Service& sv, Time now) {
  QueueLine q;
  q.service = sv.id;
  q.name = sv.name;
  q.prefix = sv.prefix;
  q.promise_minutes = sv.promise_minutes;
  const auto it = s.waiting.find(sv.id);
  if (it == s.waiting.end()) return q;
  q.waiting = static_cast<int>(it->second.size());
  if (!it->second.empty()) q.oldest_wait = now - it->second.begin()->first.issued_at;  // keys sort by issue time
  // Call order within the service (R-Q-3): priority tickets first, then by original issue time.
  constexpr std::size_t next_shown = 5;
  for (const auto* t : core::call_order(s, sv.id, now, next_shown)) q.next.push_back(t->number);
  q.oldest_level = time_level(s.policy(), sv.promise_minutes, q.oldest_wait);
  return q;
}

}  // namespace

StaffView make_staff_view(const core::State& s, const Principal& me, Time now) {
  StaffView v;
  const auto& cfg = s.cfg();
  const auto* person = cfg.find_staff(me.id);
  v.session_open = s.session_open;
  if (!person) return v;
  v.known = true;
  v.name = person->name;
  const core::StaffState* st = s.staff_state(me.id);
  static const core::StaffState none;
  if (!st) st = &none;
  v.signed_in = st->signed_in;
  v.post = st->post;
  v.as = st->post_as;
  if (!st->home.empty()) v.covering_from = window_label(s, st->home);

  // The post that matters for the queue panel: the one held, or the one left for a while.
  std::string desk = st->post;
  if (st->off_post) {
    const auto& o = *st->off_post;
    OffPostLine line;
    line.window = o.window;
    line.window_number = window_number(s, o.window);
    line.reason = o.reason;
    line.destination = o.destination;
    line.since = o.since;
    line.expected_return = o.expected_return;
    line.overdue = o.expected_return > 0 && now > o.expected_return ? now - o.expected_return : 0;
    if (const auto* ws = s.window_state(o.window); ws && !ws->on_post.empty() && ws->on_post != me.id) {
      line.covered_by = staff_name(s, ws->on_post);
      line.covered_as = ws->on_post_as;
    }
    v.off_post = line;
    if (desk.empty()) desk = o.window;
  }

  const domain::Window* w = cfg.find_window(desk);
  if (w) {
    v.post_number = w->number;
    v.post_name = w->name;
    // R-AB-7: call-next here also calls the posts covered from here; show their queues too.
    for (const auto& id : core::services_called_at(s, desk))
      if (const auto* sv = cfg.find_service(id)) {
        QueueLine q = queue_line(s, *sv, now);
        if (std::find(w->services.begin(), w->services.end(), id) == w->services.end())
          for (const auto& other : cfg.windows)
            if (const auto* ows = s.window_state(other.id);
                ows && ows->redirect_to == desk &&
                std::find(other.services.begin(), other.services.end(), id) != other.services.end()) {
              q.for_window_number = other.number;
              break;
            }
        v.queues.push_back(std::move(q));
      }
  }
  if (!st->post.empty())
    for (const auto& other : cfg.windows) {
      const auto* ows = s.window_state(other.id);
      if (!ows || ows->redirect_to != st->post || ows->on_post != me.id) continue;
      RemoteCoverLine r;
      r.window = other.id;
      r.window_number = other.number;
      r.window_name = other.name;
      if (!ows->off_staff.empty()) r.away_name = staff_name(s, ows->off_staff);
      r.since = ows->redirect_since;
      v.remote_covers.push_back(std::move(r));
    }
  if (!v.remote_covers.empty()) {
    std::string nums;
    for (const auto& r : v.remote_covers) nums += (nums.empty() ? "" : "、") + std::to_string(r.window_number);
    v.remote_text = "代办 " + nums + " 号窗口 · 呼叫将在本窗口";
    std::string who;
    for (const auto& r : v.remote_covers)
      if (!r.away_name.empty()) who += (who.empty() ? "" : "、") + r.away_name;
    if (!who.empty()) v.remote_away = "（" + who + " 离岗）";
  }
  const core::WindowState* ws = st->post.empty() ? nullptr : s.window_state(st->post);
  v.window_closed = ws && ws->closed;
  if (ws)
    if (const auto* t = s.ticket(ws->current_ticket)) {
      TicketLine line;
      line.id = t->id;
      line.number = t->number;
      line.service = t->service;
      line.service_name = service_name(s, t->service);
      line.status = t->status;
      // Elapsed time of this visit at the counter: since the call, then since service began.
      line.since = t->status == core::TicketStatus::serving && t->started_at ? t->started_at : t->called_at;
      line.elapsed = std::max<Time>(0, now - line.since);
      line.promise_minutes = promise_of(s, t->service);
      line.level = time_level(s.policy(), line.promise_minutes, line.elapsed);
      line.recalls = t->recalls;
      line.green = t->priority == core::Priority::green;
      line.previous = t->previous;
      if (const auto* prev = s.ticket(t->previous)) line.previous_missing = prev->missing;
      if (const auto* sv = cfg.find_service(t->service)) {
        line.promise_days = sv->promise_days;
        line.commitment = sv->kind == "commitment";
      }
      v.ticket = line;
    }
  if (v.ticket) {
    for (const auto& sv : cfg.services)
      if (sv.id != v.ticket->service) v.transfer_services.push_back(sv.id);
  }

  const bool on_post = !st->post.empty();
  if (on_post && !s.session_open)
    for (const auto& q : v.queues) v.extended_waiting += q.waiting;
  const bool called = v.ticket && v.ticket->status == core::TicketStatus::called;
  v.can.call = on_post && !v.ticket && !v.window_closed;
  v.can.recall = called && v.ticket->recalls < s.policy().max_recalls;  // R-Q-4
  v.can.no_show = called;
  v.can.start = called;
  v.can.finish = v.ticket.has_value();
  v.can.transfer = v.ticket.has_value() && !v.transfer_services.empty();  // R-Q-5
  v.can.off_post = on_post && !v.ticket;                                  // R-OFF-2
  v.can.return_to_post = st->off_post.has_value();
  v.can.sign_out = st->signed_in && !v.ticket;

  for (const auto& win : cfg.windows) {
    if (std::find(win.a.begin(), win.a.end(), me.id) == win.a.end()) continue;
    SignInChoice c;
    c.window = win.id;
    c.number = win.number;
    c.name = win.name;
    if (const auto* other = s.window_state(win.id); other && !other->on_post.empty())
      c.occupied_by = staff_name(s, other->on_post);
    v.sign_in_windows.push_back(std::move(c));
  }
  v.can.sign_in = !on_post && !st->off_post && !v.sign_in_windows.empty();

  // R-AB-3: the banner shows exactly the cover_needed alerts that name me.
  for (const auto& [id, a] : s.alerts) {
    if (a.kind != "cover_needed" || a.resolved_at) continue;
    if (std::find(a.notify.begin(), a.notify.end(), me.id) == a.notify.end()) continue;
    if (a.window == st->post) continue;
    CoverRequest c;
    c.alert = a.id;
    c.window = a.window;
    c.window_number = window_number(s, a.window);
    if (const auto* aw = cfg.find_window(a.window)) c.window_name = aw->name;
    c.level = a.level;
    c.raised_at = a.raised_at;
    if (!a.staff.empty()) {
      c.left_by = staff_name(s, a.staff);
      if (const auto* gone = s.staff_state(a.staff); gone && gone->off_post) c.destination = gone->off_post->destination;
    }
    // R-AB-6, said before the click: my own open window would be left empty.
    if (ws && !ws->closed && (s.session_open || core::window_has_work(s, st->post))) {
      c.would_empty_own = true;
      c.own_window_number = v.post_number;
    }
    // R-AB-7: the substitutes list offers me covering it from my own window.
    if (ws && !st->post.empty())
      for (const auto& cand : core::substitutes(s, a.window, now))
        if (cand.staff == me.id && cand.remote && cand.on_post == st->post) {
          c.can_remote = true;
          c.remote_from = st->post;
          c.remote_from_number = v.post_number;
        }
    v.cover_requests.push_back(std::move(c));
  }
  std::sort(v.cover_requests.begin(), v.cover_requests.end(),
            [](const CoverRequest& a, const CoverRequest& b) { return a.raised_at > b.raised_at; });

  for (const auto& [id, t] : s.tickets) {
    if (t.staff != me.id || t.date != s.day) continue;
    if (t.status != core::TicketStatus::finished && t.status != core::TicketStatus::no_show) continue;
    HandledLine h;
    h.number = t.number;
    h.service_name = service_name(s, t.service);
    h.status = t.status;
    h.incomplete = t.outcome == "incomplete_materials";
    h.outcome = t.status == core::TicketStatus::finished ? t.outcome : "";
    h.missing = t.missing;
    h.at = t.finished_at;
    if (t.status == core::TicketStatus::no_show) ++v.no_show_today;
    else if (h.incomplete)
      ++v.incomplete_today;
    else
      ++v.served_today;
    v.recent.push_back(std::move(h));
  }
  std::sort(v.recent.begin(), v.recent.end(),
            [](const HandledLine& a, const HandledLine& b) { return a.at != b.at ? a.at > b.at : a.number > b.number; });
  if (v.recent.size() > 6) v.recent.resize(6);

  for (const auto& [id, l] : s.leaves) {
    if (l.staff != me.id) continue;
    LeaveLine line;
    line.id = l.id;
    line.from = l.from;
    line.to = l.to;
    line.reason = l.reason;
    line.status = l.status;
    line.next_approver = role_label(l.next_approver());
    line.steps_done = static_cast<int>(l.approvals);
    line.steps = static_cast<int>(l.chain.size());
    v.leaves.push_back(std::move(line));
  }
  return v;
}

std::string check_off_post_form(const std::string& reason, const std::string& destination, int minutes) {
  auto blank = [](const std::string& x) { return x.find_first_not_of(" \t") == std::string::npos; };
  if (blank(destination)) return "请填写去向（离岗报备必须写明去向）";  // R-OFF-1
  if (blank(reason)) return "请填写离岗事由";
  if (minutes < 1 || minutes > 1440) return "预计离开时间应在 1 到 1440 分钟之间";
  return "";
}

std::string check_finish_form(bool incomplete, const std::vector<std::string>& missing) {
  if (!incomplete) return "";
  const bool any = std::any_of(missing.begin(), missing.end(),
                               [](const std::string& m) { return m.find_first_not_of(" \t") != std::string::npos; });
  return any ? "" : "材料不全时请列明所缺材料（一次性告知）";  // R-Q-8
}

std::string check_finish_form(const std::string& outcome, const std::vector<std::string>& missing, const std::string& reason) {
  if (outcome == "incomplete_materials") return check_finish_form(true, missing);
  if (outcome == "rejected" && reason.find_first_not_of(" \t") == std::string::npos)
    return "不予受理须写明理由（出具不予受理通知书）";  // R-CASE-1
  if (outcome != "done" && outcome != "accepted" && outcome != "rejected") return "请选择办结方式";
  return "";
}

}  // namespace hallq::console
