// decide(), windows and staff presence: open, close, presence, sign in and out, take over, off post and return (R-AB-*, R-EMP-*,
// R-OFF-*, R-ATT-2).
#include "decider.hpp"

namespace hallq::core::deciding {

Decision Decider::operator()(const OpenWindow& c) {
  Rejected err;
  if (!window(c.window, err)) return err;
  if (!s.windows.at(c.window).closed) return done();
  Event e = make(EventType::window_opened);
  e.window = c.window;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const CloseWindow& c) {
  Rejected err;
  const auto* w = window(c.window, err);
  if (!w) return err;
  const auto& ws = s.windows.at(c.window);
  if (ws.closed) return done();
  if (const Ticket* t = current(c.window))
    return conflict(Refusal::queue_not_empty, "window " + c.window + " is still on ticket " + t->number);
  // Citizens waiting for a service only this window serves would be stranded.
  for (const auto& sv : w->services) {
    const auto q = s.waiting.find(sv);
    if (q == s.waiting.end() || q->second.empty()) continue;
    const bool served_elsewhere = std::any_of(s.cfg().windows.begin(), s.cfg().windows.end(), [&](const auto& other) {
      return other.id != c.window && !s.windows.at(other.id).closed && contains(other.services, sv);
    });
    if (!served_elsewhere)
      return conflict(Refusal::queue_not_empty, std::to_string(q->second.size()) + " tickets wait for service " + sv +
                                                    " and no other open window serves it");
  }
  Event e = make(EventType::window_closed);
  e.window = c.window;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const ReportPresence& c) {
  Rejected err;
  if (!window(c.window, err)) return err;
  Event e = make(EventType::window_presence);  // R-EMP-4 reading
  e.window = c.window;
  e.present = c.present;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const SignIn& c) {
  Rejected err;
  const auto* st = staff(c.staff, err);
  if (!st) return err;
  const auto* w = window(c.window, err);
  if (!w) return err;
  if (!contains(w->a, c.staff))  // R-AB-1: sign-in is for the A roster; B uses take-over
    return conflict(Refusal::not_qualified, c.staff + " is not A staff of window " + c.window + "; a substitute uses take-over");
  const auto& ss = s.staff.at(c.staff);
  if (ss.off_post) return conflict(Refusal::off_post, c.staff + " is off post; use return");
  if (!ss.post.empty()) return conflict(Refusal::already_on_post, c.staff + " is already on post at window " + ss.post);
  const auto& ws = s.windows.at(c.window);
  if (ws.closed) return conflict(Refusal::window_closed, "window " + c.window + " is closed");
  if (!ws.on_post.empty()) {
    // The A arriving at its own post takes it back from a substitute covering it (R-AB-3).
    const auto& occupant = s.staff.at(ws.on_post);
    const bool covering = ws.on_post_as == "B" || !occupant.home.empty() || !ws.redirect_to.empty();
    if (!covering) return conflict(Refusal::window_occupied, "window " + c.window + " is staffed by " + ws.on_post);
    if (auto herr = hand_back(c.window)) return *herr;
  }
  Event e = make(EventType::staff_signed_in);  // R-ATT-1
  e.staff = c.staff;
  e.window = c.window;
  e.as = "A";
  const std::int64_t seq = next_seq();
  out.push_back(std::move(e));
  check_late(c.staff, seq, c.window);
  return done();
}

Decision Decider::operator()(const TakeOver& c) {
  Rejected err;
  const auto* st = staff(c.staff, err);
  if (!st) return err;
  const auto* w = window(c.window, err);
  if (!w) return err;
  const bool is_a = contains(w->a, c.staff);
  if (!is_a && !contains(w->b, c.staff))
    return conflict(Refusal::not_qualified, c.staff + " is on neither the A nor the B roster of window " + c.window);
  for (const auto& sv : w->services)
    if (!s.cfg().qualified(*st, sv)) return conflict(Refusal::not_qualified, c.staff + " is not trained for service " + sv);
  const auto& ws = s.windows.at(c.window);
  if (ws.closed) return conflict(Refusal::window_closed, "window " + c.window + " is closed");
  if (ws.on_post == c.staff) return conflict(Refusal::already_on_post, c.staff + " is already on post at window " + c.window);
  const auto& ss = s.staff.at(c.staff);
  if (!c.from_window.empty()) return take_over_remote(c, *w, ss, is_a);
  // R-AB-7: someone who comes to sit at a post covered from another window relieves that cover.
  const bool relieves_remote = !ws.on_post.empty() && !ws.redirect_to.empty();
  if (!ws.on_post.empty() && !relieves_remote)
    return conflict(Refusal::window_occupied, "window " + c.window + " is staffed by " + ws.on_post);
  if (ss.off_post) return conflict(Refusal::off_post, c.staff + " is off post; return first");
  if (!ss.post.empty()) {
    if (const Ticket* t = current(ss.post))
      return conflict(Refusal::ticket_in_progress, c.staff + " is still on ticket " + t->number + " at window " + ss.post);
    // R-AB-6: covering must not empty the taker's own open window.
    const auto& own = s.windows.at(ss.post);
    if (!own.closed && (s.session_open || window_has_work(s, ss.post))) {
      const auto* own_cfg = s.cfg().find_window(ss.post);
      return conflict(Refusal::would_empty_window, "taking over window " + c.window + " would leave window " + ss.post + " (" +
                                                       std::to_string(own_cfg->number) + "号窗口) empty (R-AB-6)");
    }
  }
  if (relieves_remote)
    if (auto refused = hand_back(c.window)) return *refused;
  Event e = make(EventType::staff_took_over);  // R-AB-3
  e.staff = c.staff;
  e.window = c.window;
  e.as = is_a ? "A" : "B";
  e.from_window = ss.post;
  const std::int64_t seq = next_seq();
  out.push_back(std::move(e));
  check_late(c.staff, seq, c.window);
  return done();
}

// R-AB-7 (R-AB-2, R-AB-3, R-EMP-1): a substitute on post at their own window takes over an
// absent colleague's post from where they sit. Their window stays staffed, so R-AB-6 does not
// stand in the way; the post's queue is called at their window until the cover ends.
Decision Decider::take_over_remote(const TakeOver& c, const domain::Window& w, const StaffState& ss, bool is_a) {
  if (!s.policy().remote_cover)
    return conflict(Refusal::remote_cover_disabled, "this hall's policy does not allow covering window " + c.window +
                                                        " from another window (remote_cover, R-AB-7)");
  Rejected err;
  if (!window(c.from_window, err)) return err;
  if (c.from_window == c.window) return invalid(Refusal::invalid, "from_window must be another window than window");
  if (ss.off_post) return conflict(Refusal::off_post, c.staff + " is off post; return first");
  if (ss.post != c.from_window)
    return conflict(Refusal::not_on_post, c.staff + " is not on post at window " + c.from_window + " (R-AB-7)");
  const auto& ws = s.windows.at(c.window);
  if (!ws.on_post.empty())
    return conflict(Refusal::window_occupied, "window " + c.window + " is staffed by " + ws.on_post +
                                                  (ws.redirect_to.empty() ? "" : " from window " + ws.redirect_to));
  if (!s.windows.at(c.from_window).redirect_to.empty())
    return conflict(Refusal::window_redirected, "window " + c.from_window + " is itself covered from another window");
  Event e = make(EventType::staff_took_over);  // R-AB-3, R-AB-7
  e.staff = c.staff;
  e.window = c.window;
  e.as = is_a ? "A" : "B";
  e.from_window = c.from_window;
  e.remote = true;
  e.note = "在 " + std::to_string(s.cfg().find_window(c.from_window)->number) + " 号窗口代办 " + w.id;
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const GoOffPost& c) {
  Rejected err;
  if (!staff(c.staff, err)) return err;
  // R-OFF-1: reason, destination and expected return are all required.
  if (c.reason.empty()) return invalid(Refusal::invalid, "reason is required (R-OFF-1)");
  if (c.destination.empty()) return invalid(Refusal::invalid, "destination is required (R-OFF-1)");
  if (c.expected_minutes <= 0 || c.expected_minutes > 24 * 60)
    return invalid(Refusal::invalid, "expected_minutes must be between 1 and 1440 (R-OFF-1)");
  const auto& ss = s.staff.at(c.staff);
  if (ss.post.empty()) return conflict(Refusal::not_on_post, c.staff + " is not on post");
  if (const Ticket* t = current(ss.post))  // R-OFF-2
    return conflict(Refusal::ticket_in_progress, "finish or transfer " + t->number + " before leaving the post (R-OFF-2)");
  Event e = make(EventType::staff_off_post);
  e.staff = c.staff;
  e.window = ss.post;
  e.reason = c.reason;
  e.destination = c.destination;
  e.expected_return = now + static_cast<Time>(c.expected_minutes) * 60;
  e.handover = c.handover;  // R-AB-4
  out.push_back(std::move(e));
  return done();
}

Decision Decider::operator()(const ReturnToPost& c) {
  Rejected err;
  if (!staff(c.staff, err)) return err;
  const auto& ss = s.staff.at(c.staff);
  if (!ss.off_post) return conflict(Refusal::not_off_post, c.staff + " is not off post");
  const std::string& post = ss.off_post->window;
  const auto& ws = s.windows.at(post);
  const auto* w = s.cfg().find_window(post);
  Event e = make(EventType::staff_returned);
  e.staff = c.staff;
  e.from_window = post;
  if (!ws.on_post.empty() && !ss.home.empty()) {
    // A coverer coming back to a post its owner has meanwhile retaken goes home instead.
    const auto& home = s.windows.at(ss.home);
    const auto* home_cfg = s.cfg().find_window(ss.home);
    if (home.on_post.empty() && !home.closed) {
      e.window = ss.home;
      e.as = contains(home_cfg->a, c.staff) ? "A" : "B";
    }
    out.push_back(std::move(e));
    return done();
  }
  if (!ws.on_post.empty()) {
    // Someone covers the post: they hand it back and go back to the post they left.
    if (auto refused = hand_back(post)) return *refused;
  }
  e.window = post;
  e.as = contains(w->a, c.staff) ? "A" : "B";
  out.push_back(std::move(e));
  return done();
}

// The coverer on `post` hands it back (staff.handed_back) and returns to its own post if free.
std::optional<Rejected> Decider::hand_back(const std::string& post) {
  const auto& ws = s.windows.at(post);
  if (const Ticket* t = current(post))
    return conflict(Refusal::ticket_in_progress,
                    ws.on_post + " is serving " + t->number + " at window " + post + "; wait for it");
  const auto& coverer = s.staff.at(ws.on_post);
  Event hb = make(EventType::staff_handed_back);
  hb.staff = ws.on_post;
  hb.from_window = post;
  if (!ws.redirect_to.empty()) {
    // R-AB-7: a cover from another window ends; the coverer stays where they sit.
    hb.window = ws.redirect_to;
    hb.as = coverer.post_as;
    hb.remote = true;
  } else if (!coverer.home.empty()) {
    const auto& home = s.windows.at(coverer.home);
    const auto* home_cfg = s.cfg().find_window(coverer.home);
    if (home.on_post.empty()) {
      hb.window = coverer.home;
      hb.as = contains(home_cfg->a, ws.on_post) ? "A" : "B";
    }
  }
  out.push_back(std::move(hb));
  return std::nullopt;
}

Decision Decider::operator()(const SignOut& c) {
  Rejected err;
  if (!staff(c.staff, err)) return err;
  const auto& ss = s.staff.at(c.staff);
  if (!ss.signed_in) return conflict(Refusal::not_signed_in, c.staff + " is not signed in");
  // The post this person holds — or left and is expected back at.
  const std::string post = !ss.post.empty() ? ss.post : ss.off_post ? ss.off_post->window : std::string();
  if (!post.empty()) {
    if (const Ticket* t = ss.post.empty() ? nullptr : current(ss.post))
      return conflict(Refusal::ticket_in_progress, "finish or transfer " + t->number + " before signing out");
    // R-HRS-3: citizens still waiting for a service nobody else can serve keep this post open.
    // A post covered from here (R-AB-7) counts: its citizens are called at this window.
    for (const auto& sv : services_called_at(s, post)) {
      const auto q = s.waiting.find(sv);
      if (q == s.waiting.end() || q->second.empty()) continue;
      const bool served_elsewhere = std::any_of(s.cfg().windows.begin(), s.cfg().windows.end(), [&](const auto& other) {
        const auto& ows = s.windows.at(other.id);
        return other.id != post && !ows.closed && staffed_in_person(ows) && ows.on_post != c.staff && calls_service(s, other, sv);
      });
      if (!served_elsewhere)
        return conflict(Refusal::extended_service_required, std::to_string(q->second.size()) + " citizens still wait for " + sv +
                                                                " and no other window is serving it (R-HRS-3)");
    }
  }
  Event e = make(EventType::staff_signed_out);  // R-ATT-1
  e.staff = c.staff;
  e.window = ss.post;
  const std::int64_t seq = next_seq();
  out.push_back(std::move(e));
  // R-ATT-2: leaving before the day's last session closes is an early sign-out.
  const auto& cfg = s.cfg();
  const auto date = domain::local_date(now, cfg.hall.utc_offset);
  // Only while a session runs: after extended service over lunch, leaving is not early.
  if (s.session_open && cfg.is_open_day(date, domain::local_weekday(now, cfg.hall.utc_offset)) && !cfg.hall.sessions.empty() &&
      !on_leave_today(c.staff)) {
    const Time last_close = domain::local_midnight(date, cfg.hall.utc_offset) + cfg.hall.sessions.back().close;
    if (now < last_close)
      attendance_slip(c.staff, "early_sign_out",
                      c.staff + " signed out " + std::to_string((last_close - now + 59) / 60) + " min before closing", seq);
  }
  return done();
}

// R-ATT-2: the first sign-in of the day after a session opened (plus grace) is late.
void Decider::check_late(const std::string& staff_id, std::int64_t cause_seq, const std::string& window) {
  const auto& ss = s.staff.at(staff_id);
  if (!s.session_open || leave_excuses(s, staff_id, today()) || ss.signed_in) return;
  const auto span = session_at(s.cfg(), now);
  if (!span) return;
  // First arrival of the day, or back after signing out before this session opened.
  const bool arriving = !ss.attended_today || (ss.signed_out_at != 0 && ss.signed_out_at <= span->open);
  if (!arriving) return;
  const Time due = span->open + static_cast<Time>(s.policy().late_grace_minutes) * 60;
  if (now <= due) return;
  // The spell the post stood uncovered waiting for this person is the same incident.
  const auto* ws = window.empty() ? nullptr : s.window_state(window);
  attendance_slip(staff_id, "late_sign_in",
                  staff_id + " signed in " + std::to_string((now - span->open + 59) / 60) + " min after the session opened",
                  cause_seq, window, ws ? ws->cover_alert : std::string());
}

}  // namespace hallq::core::deciding
