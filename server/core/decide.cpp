// decide(): the hall's rules for commands. Returns events or a Rejected with the API.md code;
// never mutates state.
#include <algorithm>

#include "core/engine.hpp"

namespace hallq::core {

using domain::Event;
using domain::EventType;

namespace {

Rejected invalid(std::string code, std::string msg) { return {Rejected::Kind::invalid, std::move(code), std::move(msg)}; }
Rejected not_found(std::string code, std::string msg) { return {Rejected::Kind::not_found, std::move(code), std::move(msg)}; }
Rejected conflict(std::string code, std::string msg) { return {Rejected::Kind::conflict, std::move(code), std::move(msg)}; }

bool contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string pad_number(int n) {
  std::string digits = std::to_string(n);
  while (digits.size() < 3) digits.insert(digits.begin(), '0');
  return digits;
}

struct Decider {
  const State& s;
  const Command& cmd;
  Time now;
  Events out;

  Event make(EventType type) const {
    Event e;
    e.type = type;
    e.at = now;
    e.actor = cmd.actor;
    return e;
  }
  Decision done() { return std::move(out); }

  // [SECTION] lookups that turn unknown ids into 404s
  const domain::Window* window(const std::string& id, Rejected& err) const {
    const auto* w = s.cfg().find_window(id);
    if (!w) err = not_found("unknown_window", "no window " + id);
    return w;
  }
  const domain::Staff* staff(const std::string& id, Rejected& err) const {
    const auto* st = s.cfg().find_staff(id);
    if (!st) err = not_found("unknown_staff", "no staff member " + id);
    return st;
  }

  // Ticket actions at a window require the actor on post there (R-Q-6: no dispatch to a
  // window nobody staffs).
  std::optional<Rejected> require_on_post(const std::string& window_id) const {
    Rejected err;
    if (!window(window_id, err)) return err;
    const auto& ws = s.windows.at(window_id);
    if (ws.on_post != cmd.actor)
      return conflict("not_on_post", cmd.actor + " is not on post at window " + window_id);
    return std::nullopt;
  }
  const Ticket* current(const std::string& window_id) const {
    const auto& ws = s.windows.at(window_id);
    return ws.current_ticket.empty() ? nullptr : s.ticket(ws.current_ticket);
  }
  Event ticket_event(EventType type, const Ticket& t, const std::string& window_id) const {
    Event e = make(type);
    e.ticket = t.id;
    e.number = t.number;
    e.service = t.service;
    e.window = window_id;
    e.staff = s.windows.at(window_id).on_post;
    return e;
  }

  // [SECTION] tickets
  Decision operator()(const IssueTicket& c) {
    const auto* service = s.cfg().find_service(c.service);
    if (!service) return not_found("unknown_service", "no service " + c.service);
    if (c.priority != "normal" && c.priority != "green")
      return invalid("invalid", "priority must be \"normal\" or \"green\"");
    if (!s.session_open) return conflict("hall_closed", "the hall is not issuing tickets now (R-HRS-1)");
    Event e = make(EventType::ticket_issued);
    if (!c.appointment.empty()) {  // R-Q-7
      const auto it = s.appointments.find(c.appointment);
      if (it == s.appointments.end()) return not_found("unknown_appointment", "no appointment " + c.appointment);
      if (it->second.service != c.service)
        return invalid("invalid", "appointment " + c.appointment + " is for service " + it->second.service);
      if (!it->second.ticket.empty()) return conflict("appointment_used", "appointment " + c.appointment + " already has a ticket");
      e.slot = it->second.slot;
    }
    const auto counter = s.counters.find(service->prefix);
    const int next = (counter == s.counters.end() ? 0 : counter->second) + 1;  // R-Q-1
    e.ticket = c.ticket_id;
    e.number = service->prefix + pad_number(next);
    e.service = c.service;
    e.priority = c.priority;
    e.appointment = c.appointment;
    e.previous = c.previous;  // R-Q-8
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const BookAppointment& c) {
    if (!s.cfg().find_service(c.service)) return not_found("unknown_service", "no service " + c.service);
    if (c.slot < now) return invalid("invalid", "the appointment slot is in the past");
    if (!session_at(s.cfg(), c.slot)) return invalid("invalid", "the hall is closed at the requested slot (R-HRS-1)");
    Event e = make(EventType::appointment_booked);
    e.appointment = c.appointment_id;
    e.service = c.service;
    e.slot = c.slot;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const CallNext& c) {
    if (auto err = require_on_post(c.window)) return *err;
    if (s.windows.at(c.window).closed) return conflict("window_closed", "window " + c.window + " is closed");
    if (const Ticket* t = current(c.window))
      return conflict("ticket_in_progress", "window " + c.window + " is still on ticket " + t->number);
    const Ticket* next = next_for_window(s, c.window, now);  // R-Q-2, R-Q-3
    if (!next) return done();                                 // nothing waits: {ticket: null}
    out.push_back(ticket_event(EventType::ticket_called, *next, c.window));
    return done();
  }

  Decision operator()(const Recall& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t || t->status != TicketStatus::called)
      return conflict("no_called_ticket", "window " + c.window + " has no called ticket to recall");
    if (t->recalls >= s.policy().max_recalls)  // R-Q-4
      return conflict("max_recalls", t->number + " was recalled " + std::to_string(t->recalls) + " times; mark it a no-show");
    out.push_back(ticket_event(EventType::ticket_recalled, *t, c.window));
    return done();
  }

  Decision operator()(const MarkNoShow& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t || t->status != TicketStatus::called)
      return conflict("no_called_ticket", "window " + c.window + " has no called ticket");
    out.push_back(ticket_event(EventType::ticket_no_show, *t, c.window));  // R-Q-4
    return done();
  }

  Decision operator()(const StartService& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t) return conflict("no_called_ticket", "window " + c.window + " has no called ticket");
    if (t->status == TicketStatus::serving) return conflict("already_serving", t->number + " is already being served");
    out.push_back(ticket_event(EventType::ticket_started, *t, c.window));
    return done();
  }

  Decision operator()(const FinishService& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t) return conflict("no_current_ticket", "window " + c.window + " is not serving a ticket");
    if (c.outcome != "done" && c.outcome != "incomplete_materials")
      return invalid("invalid", "outcome must be \"done\" or \"incomplete_materials\"");
    if (c.outcome == "incomplete_materials" && c.missing.empty())  // R-Q-8 一次性告知
      return invalid("invalid", "missing must list what the citizen still has to bring (R-Q-8)");
    if (c.outcome == "done" && !c.missing.empty()) return invalid("invalid", "missing is only for incomplete_materials");
    Event e = ticket_event(EventType::ticket_finished, *t, c.window);
    e.outcome = c.outcome;
    e.missing = c.missing;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const TransferTicket& c) {
    if (auto err = require_on_post(c.window)) return *err;
    const Ticket* t = current(c.window);
    if (!t) return conflict("no_current_ticket", "window " + c.window + " has no ticket to transfer");
    if (!s.cfg().find_service(c.service)) return not_found("unknown_service", "no service " + c.service);
    if (c.service == t->service) return invalid("invalid", t->number + " is already for service " + c.service);
    Event e = ticket_event(EventType::ticket_transferred, *t, c.window);  // R-Q-5
    e.from_service = t->service;
    e.service = c.service;
    e.issued_at = t->key.issued_at;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const RequeueTicket& c) {
    const Ticket* t = s.ticket(c.ticket);
    if (!t) return not_found("not_found", "no ticket " + c.ticket);
    if (t->status != TicketStatus::no_show) return conflict("not_no_show", t->number + " is not a no-show");
    if (t->requeues >= s.policy().no_show_requeues)  // R-Q-4
      return conflict("requeue_limit", t->number + " was already re-queued");
    if (!s.session_open) return conflict("hall_closed", "the hall is not issuing tickets now (R-HRS-1)");
    Event e = make(EventType::ticket_requeued);
    e.ticket = t->id;
    e.number = t->number;
    e.service = t->service;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const RateTicket& c) {
    const Ticket* t = s.ticket(c.ticket);
    if (!t) return not_found("not_found", "no ticket " + c.ticket);
    if (c.level < 1 || c.level > 5) return invalid("invalid", "level must be 1 (非常不满意) … 5 (非常满意) (R-SVC-3)");
    if (t->status != TicketStatus::finished) return conflict("not_finished", t->number + " is not finished yet");
    if (t->rating != 0) return conflict("already_rated", t->number + " was already rated (R-SVC-3)");
    Event e = make(EventType::ticket_rated);
    e.ticket = t->id;
    e.number = t->number;
    e.service = t->service;
    e.window = t->window;
    e.staff = t->staff;
    e.level = c.level;
    out.push_back(std::move(e));
    return done();
  }

  // [SECTION] windows
  Decision operator()(const OpenWindow& c) {
    Rejected err;
    if (!window(c.window, err)) return err;
    if (!s.windows.at(c.window).closed) return done();
    Event e = make(EventType::window_opened);
    e.window = c.window;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const CloseWindow& c) {
    Rejected err;
    const auto* w = window(c.window, err);
    if (!w) return err;
    const auto& ws = s.windows.at(c.window);
    if (ws.closed) return done();
    if (const Ticket* t = current(c.window))
      return conflict("queue_not_empty", "window " + c.window + " is still on ticket " + t->number);
    // Citizens waiting for a service only this window serves would be stranded.
    for (const auto& sv : w->services) {
      const auto q = s.waiting.find(sv);
      if (q == s.waiting.end() || q->second.empty()) continue;
      const bool served_elsewhere = std::any_of(s.cfg().windows.begin(), s.cfg().windows.end(), [&](const auto& other) {
        return other.id != c.window && !s.windows.at(other.id).closed && contains(other.services, sv);
      });
      if (!served_elsewhere)
        return conflict("queue_not_empty", std::to_string(q->second.size()) + " tickets wait for service " + sv +
                                               " and no other open window serves it");
    }
    Event e = make(EventType::window_closed);
    e.window = c.window;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const ReportPresence& c) {
    Rejected err;
    if (!window(c.window, err)) return err;
    Event e = make(EventType::window_presence);  // R-EMP-4 reading
    e.window = c.window;
    e.present = c.present;
    out.push_back(std::move(e));
    return done();
  }

  // [SECTION] staff presence
  Decision operator()(const SignIn& c) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    const auto* w = window(c.window, err);
    if (!w) return err;
    if (!contains(w->a, c.staff))  // R-AB-1: sign-in is for the A roster; B uses take-over
      return conflict("not_qualified", c.staff + " is not A staff of window " + c.window + "; a substitute uses take-over");
    const auto& ss = s.staff.at(c.staff);
    if (ss.off_post) return conflict("off_post", c.staff + " is off post; use return");
    if (!ss.post.empty()) return conflict("already_on_post", c.staff + " is already on post at window " + ss.post);
    const auto& ws = s.windows.at(c.window);
    if (ws.closed) return conflict("window_closed", "window " + c.window + " is closed");
    if (!ws.on_post.empty()) return conflict("window_occupied", "window " + c.window + " is staffed by " + ws.on_post);
    Event e = make(EventType::staff_signed_in);  // R-ATT-1
    e.staff = c.staff;
    e.window = c.window;
    e.as = "A";
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const TakeOver& c) {
    Rejected err;
    const auto* st = staff(c.staff, err);
    if (!st) return err;
    const auto* w = window(c.window, err);
    if (!w) return err;
    const bool is_a = contains(w->a, c.staff);
    if (!is_a && !contains(w->b, c.staff))
      return conflict("not_qualified", c.staff + " is on neither the A nor the B roster of window " + c.window);
    for (const auto& sv : w->services)
      if (!s.cfg().qualified(*st, sv)) return conflict("not_qualified", c.staff + " is not trained for service " + sv);
    const auto& ws = s.windows.at(c.window);
    if (ws.closed) return conflict("window_closed", "window " + c.window + " is closed");
    if (ws.on_post == c.staff) return conflict("already_on_post", c.staff + " is already on post at window " + c.window);
    if (!ws.on_post.empty()) return conflict("window_occupied", "window " + c.window + " is staffed by " + ws.on_post);
    const auto& ss = s.staff.at(c.staff);
    if (ss.off_post) return conflict("off_post", c.staff + " is off post; return first");
    if (!ss.post.empty()) {
      if (const Ticket* t = current(ss.post))
        return conflict("ticket_in_progress", c.staff + " is still on ticket " + t->number + " at window " + ss.post);
      // R-AB-6: covering must not empty the taker's own open window.
      const auto& own = s.windows.at(ss.post);
      if (!own.closed && (s.session_open || window_has_work(s, ss.post))) {
        const auto* own_cfg = s.cfg().find_window(ss.post);
        return conflict("would_empty_window", "taking over window " + c.window + " would leave window " + ss.post + " (" +
                                                  std::to_string(own_cfg->number) + "号窗口) empty (R-AB-6)");
      }
    }
    Event e = make(EventType::staff_took_over);  // R-AB-3
    e.staff = c.staff;
    e.window = c.window;
    e.as = is_a ? "A" : "B";
    e.from_window = ss.post;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const GoOffPost& c) {
    Rejected err;
    if (!staff(c.staff, err)) return err;
    // R-OFF-1: reason, destination and expected return are all required.
    if (c.reason.empty()) return invalid("invalid", "reason is required (R-OFF-1)");
    if (c.destination.empty()) return invalid("invalid", "destination is required (R-OFF-1)");
    if (c.expected_minutes <= 0 || c.expected_minutes > 24 * 60)
      return invalid("invalid", "expected_minutes must be between 1 and 1440 (R-OFF-1)");
    const auto& ss = s.staff.at(c.staff);
    if (ss.post.empty()) return conflict("not_on_post", c.staff + " is not on post");
    if (const Ticket* t = current(ss.post))  // R-OFF-2
      return conflict("ticket_in_progress", "finish or transfer " + t->number + " before leaving the post (R-OFF-2)");
    Event e = make(EventType::staff_off_post);
    e.staff = c.staff;
    e.window = ss.post;
    e.reason = c.reason;
    e.destination = c.destination;
    e.expected_return = now + static_cast<Time>(c.expected_minutes) * 60;
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const ReturnToPost& c) {
    Rejected err;
    if (!staff(c.staff, err)) return err;
    const auto& ss = s.staff.at(c.staff);
    if (!ss.off_post) return conflict("not_off_post", c.staff + " is not off post");
    const std::string& post = ss.off_post->window;
    const auto& ws = s.windows.at(post);
    const auto* w = s.cfg().find_window(post);
    if (!ws.on_post.empty()) {
      // Someone covers the post: they hand it back and go back to the post they left.
      if (const Ticket* t = current(post))
        return conflict("ticket_in_progress", ws.on_post + " is serving " + t->number + " at window " + post + "; return after it");
      const auto& coverer = s.staff.at(ws.on_post);
      Event hb = make(EventType::staff_handed_back);
      hb.staff = ws.on_post;
      hb.from_window = post;
      if (!coverer.home.empty()) {
        const auto& home = s.windows.at(coverer.home);
        const auto* home_cfg = s.cfg().find_window(coverer.home);
        if (home.on_post.empty()) {
          hb.window = coverer.home;
          hb.as = contains(home_cfg->a, ws.on_post) ? "A" : "B";
        }
      }
      out.push_back(std::move(hb));
    }
    Event e = make(EventType::staff_returned);
    e.staff = c.staff;
    e.window = post;
    e.as = contains(w->a, c.staff) ? "A" : "B";
    out.push_back(std::move(e));
    return done();
  }

  Decision operator()(const SignOut& c) {
    Rejected err;
    if (!staff(c.staff, err)) return err;
    const auto& ss = s.staff.at(c.staff);
    if (!ss.signed_in) return conflict("not_signed_in", c.staff + " is not signed in");
    if (!ss.post.empty()) {
      if (const Ticket* t = current(ss.post))
        return conflict("ticket_in_progress", "finish or transfer " + t->number + " before signing out");
      // R-HRS-3: citizens still waiting for a service nobody else can serve keep this post open.
      const auto* w = s.cfg().find_window(ss.post);
      for (const auto& sv : w->services) {
        const auto q = s.waiting.find(sv);
        if (q == s.waiting.end() || q->second.empty()) continue;
        const bool served_elsewhere = std::any_of(s.cfg().windows.begin(), s.cfg().windows.end(), [&](const auto& other) {
          const auto& ows = s.windows.at(other.id);
          return other.id != ss.post && !ows.closed && !ows.on_post.empty() && contains(other.services, sv);
        });
        if (!served_elsewhere)
          return conflict("extended_service_required", std::to_string(q->second.size()) + " citizens still wait for " + sv +
                                                           " and no other window is serving it (R-HRS-3)");
      }
    }
    Event e = make(EventType::staff_signed_out);  // R-ATT-1
    e.staff = c.staff;
    e.window = ss.post;
    out.push_back(std::move(e));
    return done();
  }
};

}  // namespace

Decision decide(const State& state, const Command& cmd, Time now) {
  Decider d{state, cmd, now, {}};
  Decision result = std::visit(d, cmd.body);
  if (auto* events = std::get_if<Events>(&result)) {
    std::int64_t seq = state.seq;
    for (auto& e : *events) e.seq = ++seq;
  }
  return result;
}

}  // namespace hallq::core
