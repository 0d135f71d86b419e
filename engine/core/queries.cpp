// Read-only questions about the state: dispatch order, positions, estimates, staffing.
#include <algorithm>
#include <cmath>

#include "core/engine.hpp"

namespace hallq::core {

using domain::HallConfig;

std::optional<SessionSpan> session_at(const HallConfig& c, Time t) {
  const auto offset = c.hall.utc_offset;
  const auto date = domain::local_date(t, offset);
  if (!c.is_open_day(date, domain::local_weekday(t, offset))) return std::nullopt;  // R-HRS-1, R-HRS-2
  const auto sec = domain::local_seconds_of_day(t, offset);
  const Time midnight = domain::local_midnight(date, offset);
  for (std::size_t i = 0; i < c.hall.sessions.size(); ++i) {
    const auto& s = c.hall.sessions[i];
    if (sec >= s.open && sec < s.close) return SessionSpan{static_cast<int>(i), midnight + s.open, midnight + s.close};
  }
  return std::nullopt;
}

// R-Q-7: a booked slot makes its ticket priority from appointment_early_minutes before it to
// appointment_late_minutes after it.
bool slot_due(const domain::Policy& p, Time slot, Time now) {
  return now >= slot - p.appointment_early_minutes * 60 && now <= slot + p.appointment_late_minutes * 60;
}

// R-Q-7: an appointment ticket is priority only around its booked slot.
bool appointment_due(const State& s, const Ticket& t, Time now) {
  if (t.appointment.empty() || t.appointment_slot == 0) return false;
  return slot_due(s.policy(), t.appointment_slot, now);
}

// R-Q-3: green channel and due appointments go before ordinary tickets.
bool is_priority(const State& s, const Ticket& t, Time now) {
  return t.priority == Priority::green || appointment_due(s, t, now);
}

namespace {

// The first priority and the first ordinary key of a queue at `now` (R-Q-3, R-Q-7).
struct Heads {
  std::optional<QueueKey> priority, ordinary;
};

Heads heads(const State& s, const ServiceQueue& q, Time now) {
  Heads h;
  if (!q.green().empty()) h.priority = *q.green().begin();
  if (!q.plain().empty()) h.ordinary = *q.plain().begin();
  for (const auto& [key, slot] : q.appointments()) {
    auto& head = slot_due(s.policy(), slot, now) ? h.priority : h.ordinary;
    if (!head || key < *head) head = key;
  }
  return h;
}

}  // namespace

std::vector<std::string> services_called_at(const State& s, const std::string& window) {
  std::vector<std::string> out;
  const auto add = [&](const domain::Window& w) {
    for (const auto& sv : w.services)
      if (std::find(out.begin(), out.end(), sv) == out.end()) out.push_back(sv);
  };
  const auto* own = s.cfg().find_window(window);
  if (!own) return out;
  add(*own);
  for (const auto& w : s.cfg().windows)  // R-AB-7: posts covered from this window
    if (const auto ws = s.windows.find(w.id); ws != s.windows.end() && ws->second.redirect_to == window) add(w);
  return out;
}

bool calls_service(const State& s, const domain::Window& w, const std::string& service) {
  if (std::find(w.services.begin(), w.services.end(), service) != w.services.end()) return true;
  for (const auto& other : s.cfg().windows) {
    const auto ws = s.windows.find(other.id);
    if (ws == s.windows.end() || ws->second.redirect_to != w.id) continue;
    if (std::find(other.services.begin(), other.services.end(), service) != other.services.end()) return true;
  }
  return false;
}

const Ticket* next_for_window(const State& s, const std::string& window, Time now) {
  const auto* w = s.cfg().find_window(window);
  if (!w) return nullptr;
  const Ticket* oldest_ordinary = nullptr;
  const Ticket* best_priority = nullptr;
  // R-AB-7: a window covering another post calls over the union of both posts' services.
  for (const auto& service : services_called_at(s, window)) {
    const auto q = s.waiting.find(service);
    if (q == s.waiting.end()) continue;
    // Per service, only the first ordinary and the first priority ticket can be candidates.
    const Heads h = heads(s, q->second, now);
    if (h.priority && (!best_priority || *h.priority < best_priority->key))
      best_priority = s.ticket(*q->second.id_at(*h.priority));
    if (h.ordinary && (!oldest_ordinary || *h.ordinary < oldest_ordinary->key))
      oldest_ordinary = s.ticket(*q->second.id_at(*h.ordinary));
  }
  // Bounded overtaking (R-Q-3): an ordinary ticket passed max_overtakes times goes next.
  if (oldest_ordinary && overtaken(s, *oldest_ordinary) >= s.policy().max_overtakes) return oldest_ordinary;
  return best_priority ? best_priority : oldest_ordinary;
}

int queue_position(const State& s, const Ticket& t, Time now) {
  const auto it = s.waiting.find(t.service);
  if (it == s.waiting.end() || t.status != TicketStatus::waiting) return 0;
  const ServiceQueue& q = it->second;
  const bool mine_priority = is_priority(s, t, now);
  // Priority tickets are ahead of ordinary ones; within a class, older keys are ahead.
  std::size_t ahead = mine_priority ? q.green().order_of_key(t.key) : q.green().size() + q.plain().order_of_key(t.key);
  for (const auto& [key, slot] : q.appointments()) {
    if (key == t.key) continue;
    const bool due = slot_due(s.policy(), slot, now);
    if ((due && !mine_priority) || (due == mine_priority && key < t.key)) ++ahead;
  }
  return static_cast<int>(ahead) + 1;
}

std::vector<const Ticket*> call_order(const State& s, const std::string& service, Time now, std::size_t limit) {
  std::vector<const Ticket*> out;
  const auto it = s.waiting.find(service);
  if (it == s.waiting.end() || limit == 0) return out;
  const ServiceQueue& q = it->second;
  std::vector<QueueKey> due, later;  // appointment tickets by class at `now`, in key order
  for (const auto& [key, slot] : q.appointments()) (slot_due(s.policy(), slot, now) ? due : later).push_back(key);
  // Merges one tree class with one list of appointment keys, oldest first, until the limit.
  const auto take = [&](const ServiceQueue::Keys& tree, const std::vector<QueueKey>& extra) {
    auto a = tree.begin();
    auto b = extra.begin();
    while (out.size() < limit && (a != tree.end() || b != extra.end())) {
      const bool from_tree = b == extra.end() || (a != tree.end() && *a < *b);
      const QueueKey& key = from_tree ? *a++ : *b++;
      if (const auto* id = q.id_at(key))
        if (const Ticket* t = s.ticket(*id)) out.push_back(t);
    }
  };
  take(q.green(), due);  // R-Q-3: green channel and due appointments first
  take(q.plain(), later);
  return out;
}

int estimate_wait_minutes(const State& s, const std::string& service, int ahead) {
  if (ahead <= 0) return 0;
  int staffed = 0, open = 0;
  for (const auto& w : s.cfg().windows) {
    const auto& ws = s.windows.at(w.id);
    if (ws.closed || !ws.redirect_to.empty()) continue;  // a post covered elsewhere is no extra server
    if (!calls_service(s, w, service)) continue;
    ++open;
    if (!ws.on_post.empty()) ++staffed;
  }
  const int servers = std::max(1, staffed > 0 ? staffed : open);
  const auto st = s.stats.find(service);
  const double avg = st == s.stats.end() ? s.policy().default_service_minutes * 60.0 : st->second.avg_service_seconds;
  return static_cast<int>(std::ceil(ahead * avg / servers / 60.0));
}

bool window_has_work(const State& s, const std::string& window) {
  const auto* w = s.cfg().find_window(window);
  const auto* ws = s.window_state(window);
  if (!w || !ws) return false;
  if (!ws->current_ticket.empty()) return true;
  return std::any_of(w->services.begin(), w->services.end(), [&](const std::string& sv) {
    const auto q = s.waiting.find(sv);
    return q != s.waiting.end() && !q->second.empty();
  });
}

Staffing staffing_of(const State& s, const std::string& window) {
  const auto* ws = s.window_state(window);
  if (!ws || ws->closed) return Staffing::closed;
  // Outside sessions a window is closed unless it is still working off its queue (R-HRS-3).
  if (!s.session_open && !window_has_work(s, window)) return Staffing::closed;
  if (!ws->on_post.empty()) return Staffing::covered;
  return ws->empty_alert.empty() ? Staffing::uncovered : Staffing::empty;  // R-EMP-1: empty once the grace has passed
}

Time follow_up_due(const domain::HallConfig& c, Time from, int working_days) {
  // The end of that working day: the midnight after its start (n = 0: the end of `from`'s day).
  const auto offset = c.hall.utc_offset;
  const auto last = domain::local_date(working_day_start(c, from, working_days), offset);
  return domain::local_midnight(domain::civil_from_days(domain::days_from_civil(last) + 1), offset);
}

Time working_day_start(const domain::HallConfig& c, Time from, int n) {
  const auto offset = c.hall.utc_offset;
  std::int64_t day = domain::days_from_civil(domain::local_date(from, offset));
  // Bounded: a hall config with no working day at all would otherwise loop forever.
  for (int counted = 0, guard = 0; counted < n && guard < 20 * 366; ++guard) {
    ++day;
    const auto date = domain::civil_from_days(day);
    if (c.is_workday(date, domain::local_weekday(domain::local_midnight(date, offset), offset))) ++counted;
  }
  return domain::local_midnight(domain::civil_from_days(day), offset);
}

int working_days_between(const domain::HallConfig& c, Time from, Time to) {
  const auto offset = c.hall.utc_offset;
  const std::int64_t first = domain::days_from_civil(domain::local_date(from, offset));
  const std::int64_t last = domain::days_from_civil(domain::local_date(to, offset));
  int n = 0;
  for (std::int64_t day = first + 1; day <= last && day - first <= 20 * 366; ++day) {
    const auto date = domain::civil_from_days(day);
    if (c.is_workday(date, domain::local_weekday(domain::local_midnight(date, offset), offset))) ++n;
  }
  return n;
}

Time case_yellow_at(const State& s, const Case& k) {
  if (k.days <= 0) return k.due;
  constexpr Time day = 86'400;
  const double working = static_cast<double>(k.days) * static_cast<double>(day);
  const Time offset = static_cast<Time>(std::ceil(s.policy().warn_ratio * working - 1e-6));
  const Time index = offset / day;  // whole working days gone by
  if (index >= k.days) return k.due;
  return working_day_start(s.cfg(), k.opened_at, static_cast<int>(index) + 1) + offset % day;
}

Time case_red_at(const State& s, const Case& k) {
  if (k.days <= 0) return k.due;
  return working_day_start(s.cfg(), k.opened_at, k.days);
}

bool on_leave(const State& s, const std::string& staff, const std::string& date) {
  return std::any_of(s.leaves.begin(), s.leaves.end(), [&](const auto& kv) {
    const Leave& l = kv.second;
    return l.staff == staff && l.status == LeaveStatus::approved && l.covers(date) && (l.ended_day.empty() || date < l.ended_day);
  });
}

bool leave_excuses(const State& s, const std::string& staff, const std::string& date) {
  return std::any_of(s.leaves.begin(), s.leaves.end(), [&](const auto& kv) {
    const Leave& l = kv.second;
    return l.staff == staff && l.status == LeaveStatus::approved && l.covers(date) &&
           (l.ended_day.empty() || date <= l.ended_day);
  });
}

namespace {
bool workday(const domain::HallConfig& c, domain::LocalDate d) {
  return c.is_workday(d, domain::local_weekday(domain::local_midnight(d, c.hall.utc_offset), c.hall.utc_offset));
}
}  // namespace

std::vector<std::string> working_dates(const domain::HallConfig& c, domain::LocalDate from, domain::LocalDate to) {
  std::vector<std::string> out;
  for (auto d = domain::days_from_civil(from); d <= domain::days_from_civil(to); ++d)
    if (const auto date = domain::civil_from_days(d); workday(c, date)) out.push_back(domain::format_date(date));
  return out;
}

double leave_working_days(const domain::HallConfig& c, domain::LocalDate from, domain::LocalDate to, const std::string& from_half,
                          const std::string& to_half) {
  double days = static_cast<double>(working_dates(c, from, to).size());
  if (from_half == "pm" && workday(c, from)) days -= 0.5;
  if (to_half == "am" && workday(c, to)) days -= 0.5;
  return days;
}

namespace {

// Estimated wait for the queue of `service` with `delta` more (or fewer) staffed windows.
double wait_with(const State& s, const std::string& service, int delta) {
  int staffed = 0;
  for (const auto& w : s.cfg().windows) {
    const auto& ws = s.windows.at(w.id);
    if (!ws.closed && staffed_in_person(ws) && calls_service(s, w, service)) ++staffed;
  }
  const auto q = s.waiting.find(service);
  const double waiting = q == s.waiting.end() ? 0.0 : static_cast<double>(q->second.size());
  const auto st = s.stats.find(service);
  const double avg = st == s.stats.end() ? s.policy().default_service_minutes * 60.0 : st->second.avg_service_seconds;
  const int servers = staffed + delta;
  // Nobody to serve: everyone waits at least until someone comes back; count it as one server.
  return waiting * avg / std::max(1, servers) / 60.0;
}

}  // namespace

std::vector<Candidate> substitutes(const State& s, const std::string& window, Time now) {
  std::vector<Candidate> out;
  const auto* w = s.cfg().find_window(window);
  if (!w) return out;
  const auto& target = s.windows.at(window);
  const std::string day = s.day.empty() ? domain::format_date(domain::local_date(now, s.cfg().hall.utc_offset)) : s.day;
  auto consider = [&](const std::string& id, const char* as) {
    if (id == target.on_post) return;
    if (std::any_of(out.begin(), out.end(), [&](const Candidate& c) { return c.staff == id && !c.remote; })) return;
    const auto& st = s.staff.at(id);
    Candidate c;
    c.staff = id;
    c.as = as;
    c.on_post = st.post;
    c.on_leave = on_leave(s, id, day);
    const bool busy = !st.post.empty() && !s.windows.at(st.post).current_ticket.empty();
    c.available = st.signed_in && !st.off_post && !busy && !c.on_leave;
    double effect = 0;
    if (!st.post.empty()) {
      const auto& own = s.windows.at(st.post);
      c.empties_window = !own.closed && (s.session_open || window_has_work(s, st.post));  // R-AB-6
      if (const auto* own_cfg = s.cfg().find_window(st.post))
        for (const auto& sv : own_cfg->services) effect = std::max(effect, wait_with(s, sv, -1) - wait_with(s, sv, 0));
    }
    double gain = 0;
    if (target.on_post.empty())
      for (const auto& sv : w->services) gain = std::max(gain, wait_with(s, sv, 0) - wait_with(s, sv, 1));
    c.effect_minutes = static_cast<int>(std::lround(effect - gain));
    // R-AB-7: someone on post at their own window can also cover from there. Their window stays
    // staffed and no server is added or lost, so the option empties nothing and moves no wait.
    const bool sits_elsewhere = !st.post.empty() && st.post != window && s.windows.at(st.post).redirect_to.empty() &&
                                !s.windows.at(st.post).closed;
    const bool remote_ok = s.policy().remote_cover && sits_elsewhere && target.redirect_to.empty();
    Candidate remote = c;
    out.push_back(std::move(c));
    if (remote_ok) {
      remote.remote = true;
      remote.empties_window = false;
      remote.available = st.signed_in && !st.off_post && !remote.on_leave;
      remote.effect_minutes = 0;
      out.push_back(std::move(remote));
    }
  };
  for (const auto& id : w->b) consider(id, "B");
  for (const auto& id : w->a) consider(id, "A");
  // Best first: empties nothing, can act now, someone who comes to sit at the post before a
  // cover from another window (R-AB-7), the designated B, least harm to waiting times.
  std::stable_sort(out.begin(), out.end(), [](const Candidate& x, const Candidate& y) {
    if (x.empties_window != y.empties_window) return !x.empties_window;
    if (x.available != y.available) return x.available;
    if (x.remote != y.remote) return !x.remote;
    if (x.on_leave != y.on_leave) return !x.on_leave;
    if (x.as != y.as) return x.as == "B";
    return x.effect_minutes < y.effect_minutes;
  });
  return out;
}

}  // namespace hallq::core
