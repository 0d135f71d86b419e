// tick() and next_deadline(): the rules that time alone triggers (R-HRS-1 sessions, day change).
#include <algorithm>

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
    Event e = system_event(EventType::day_started, now);
    e.date = today;
    out.push_back(std::move(e));
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
  // The next session opening after `after`.
  for (int d = 0; d < days_searched_for_next_session; ++d) {
    const auto day = domain::civil_from_days(domain::days_from_civil(date) + d);
    const Time midnight = domain::local_midnight(day, offset);
    if (!cfg.is_workday(day, domain::local_weekday(midnight, offset))) continue;
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
