// The day summary and its invariants, computed from the event log (see summary.hpp).
#include "sim/model/summary.hpp"
#include "protocol/json_fields.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace hallq::sim {

namespace json = boost::json;
using domain::Time;

double nearest_rank(const std::vector<double>& sorted, double q) {
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, k == 0 ? 0 : k - 1)];
}

std::string fixed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

Spread spread_of(std::vector<double> v) {
  Spread s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.p50 = nearest_rank(v, 0.5);
  s.p90 = nearest_rank(v, 0.9);
  s.max = v.back();
  double sum = 0;
  for (const double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

using proto::fields::str;

namespace {

struct TicketTrack {
  std::string service;  // current
  std::string issued_service;
  Time issued = 0;
  Time started = 0;
  bool called = false;
  std::string status = "waiting";
  std::string number;
};

struct WindowTrack {
  std::string holder;
  bool remote = false;  // held by a coverer who sits at another window (R-AB-7)
  bool closed = false;
  bool uncovered = false;
  Time uncovered_since = 0;
  std::set<std::string> cover_alerts;  // active cover_needed ids
  std::set<std::string> empty_alerts;  // active window_empty ids
};

void fail(DaySummary& s, std::map<std::string, int>& seen, const std::string& kind, const std::string& line) {
  if (seen[kind]++ < 5) s.failures.push_back(line);
  else if (seen[kind] == 6)
    s.failures.push_back(kind + ": more of the same left out");
}

}  // namespace

DaySummary summarize_day(const std::vector<json::object>& events, const domain::HallConfig& cfg) {
  DaySummary s;
  std::map<std::string, int> seen;
  const auto offset = cfg.hall.utc_offset;
  const Time grace = static_cast<Time>(cfg.policy.cover_grace_minutes) * 60;
  std::map<std::string, TicketTrack> tickets;
  std::map<std::string, ServiceDay> by_service;
  std::map<std::string, std::vector<double>> waits, handling;
  std::vector<double> all_waits, all_handling;
  std::map<std::string, WindowTrack> win;
  for (const auto& w : cfg.windows) win[w.id];
  std::map<std::string, std::string> post_of;       // staff → window held
  std::map<std::string, std::string> alert_window;  // active alert id → window
  std::map<std::string, std::string> alert_kind;
  bool session_open = false;
  Time last_t = 0;
  bool have_t = false;

  // Between two event times the hall's state is constant: account for that span, with the
  // state as it stood after every event of the earlier second.
  const auto account = [&](Time from, Time to) {
    if (to <= from || !session_open) return;
    for (auto& [id, w] : win) {
      const double span = static_cast<double>(to - from);
      if (w.remote && !w.holder.empty()) s.remote_cover_minutes += span / 60.0;
      if (!w.uncovered) continue;
      s.uncovered_minutes += span / 60.0;
      if (!w.empty_alerts.empty()) s.empty_minutes += span / 60.0;
      if (w.cover_alerts.empty() && w.empty_alerts.empty()) {
        s.unalerted_uncovered_seconds += span;
        fail(s, seen, "unalerted",
             "window " + id + " uncovered without an alert from " + domain::format_time(from, offset) + " to " +
                 domain::format_time(to, offset) + " (R-AB-3)");
      }
      // Past the grace period only a window_empty alert will do (R-EMP-1).
      const Time empty_from = std::max(from, w.uncovered_since + grace);
      if (to > empty_from && w.empty_alerts.empty()) {
        s.unalerted_empty_seconds += static_cast<double>(to - empty_from);
        fail(s, seen, "unalerted_empty",
             "window " + id + " empty past the grace period without a window_empty alert from " +
                 domain::format_time(empty_from, offset) + " (R-EMP-1)");
      }
    }
  };
  const auto restaff = [&](Time t) {
    for (auto& [id, w] : win) {
      const bool now = session_open && !w.closed && w.holder.empty();
      if (now && !w.uncovered) w.uncovered_since = t;
      w.uncovered = now;
    }
  };
  // R-AB-7: the posts a person covers from their own window; leaving that window ends them.
  std::map<std::string, std::set<std::string>> remote_of;
  const auto end_remote = [&](const std::string& staff, const std::string& window) {
    auto& w = win[window];
    if (w.remote && w.holder == staff) {
      w.holder.clear();
      w.remote = false;
    }
    remote_of[staff].erase(window);
  };
  const auto leave_post = [&](const std::string& staff) {
    for (const auto& covered : std::set<std::string>(remote_of[staff])) end_remote(staff, covered);
    const auto it = post_of.find(staff);
    if (it == post_of.end()) return;
    auto& w = win[it->second];
    if (w.holder == staff) w.holder.clear();
    post_of.erase(it);
  };
  const auto take_post = [&](const std::string& staff, const std::string& window) {
    leave_post(staff);
    if (window.empty()) return;
    auto& w = win[window];
    if (w.remote && !w.holder.empty()) remote_of[w.holder].erase(window);  // someone comes to sit there
    w.holder = staff;
    w.remote = false;
    post_of[staff] = window;
  };

  std::map<std::string, std::string> case_outcome;  // case id → the outcome that opened it
  for (const auto& e : events) {
    const auto at = domain::parse_time(str(e, "at"), offset);
    if (!at) continue;
    const Time t = *at;
    if (!have_t) {
      s.first_at = str(e, "at");
      have_t = true;
      last_t = t;
    }
    if (t > last_t) {
      account(last_t, t);
      last_t = t;
    }
    s.last_at = str(e, "at");
    ++s.events;
    const std::string type = str(e, "type");
    const std::string ticket = str(e, "ticket");
    const std::string window = str(e, "window");
    const std::string staff = str(e, "staff");
    if (type == "session.opened") {
      session_open = true;
    } else if (type == "session.closed") {
      session_open = false;
    } else if (type == "ticket.issued") {
      auto& tk = tickets[ticket];
      tk.service = tk.issued_service = str(e, "service");
      tk.issued = t;
      tk.number = str(e, "number");
      ++s.issued;
      ++by_service[tk.service].issued;
      if (str(e, "priority") == "green") ++s.green;
      if (!str(e, "appointment").empty()) ++s.appointments;
    } else if (type == "ticket.called") {
      auto& tk = tickets[ticket];
      if (!tk.called) {
        const double m = static_cast<double>(t - tk.issued) / 60.0;
        waits[tk.issued_service].push_back(m);
        all_waits.push_back(m);
      }
      tk.called = true;
      tk.status = "called";
      // R-Q-6: a ticket goes only to a window its caller holds.
      if (win[window].holder.empty() || win[window].holder != staff) {
        ++s.calls_to_unheld_window;
        fail(s, seen, "unheld",
             "ticket " + tk.number + " called to window " + window + " held by '" + win[window].holder + "', caller " + staff +
                 " at " + str(e, "at") + " (R-Q-6)");
      }
    } else if (type == "ticket.recalled") {
      ++s.recalls;
    } else if (type == "ticket.started") {
      auto& tk = tickets[ticket];
      tk.started = t;
      tk.status = "serving";
    } else if (type == "ticket.finished" || type == "ticket.transferred") {
      auto& tk = tickets[ticket];
      const std::string at_service = type == "ticket.transferred" ? str(e, "from_service") : tk.service;
      if (tk.started > 0) {
        const double m = static_cast<double>(t - tk.started) / 60.0;
        handling[at_service].push_back(m);
        all_handling.push_back(m);
      }
      tk.started = 0;
      if (type == "ticket.finished") {
        tk.status = "finished";
        ++s.finished;
        ++by_service[at_service].finished;
        if (str(e, "outcome") == "incomplete_materials") {
          ++s.incomplete;
          ++by_service[at_service].incomplete;
        }
      } else {
        tk.status = "waiting";
        tk.service = str(e, "service");
        ++s.transfers;
        ++by_service[at_service].transferred_out;
      }
    } else if (type == "ticket.no_show") {
      auto& tk = tickets[ticket];
      tk.status = "no_show";
      ++s.no_shows;
      ++by_service[tk.service].no_shows;
    } else if (type == "ticket.requeued") {
      tickets[ticket].status = "waiting";
    } else if (type == "ticket.cancelled") {
      auto& tk = tickets[ticket];
      tk.status = "cancelled";
      ++s.cancelled;
      ++by_service[tk.service].cancelled;
    } else if (type == "ticket.rated") {
      if (const auto* l = e.if_contains("level"); l && l->is_int64()) ++s.ratings[static_cast<int>(l->get_int64())];
    } else if (type == "complaint.filed") {
      ++s.complaints;
    } else if (type == "staff.signed_in") {
      ++s.sign_ins;
      take_post(staff, window);
    } else if (type == "staff.took_over") {
      ++s.take_overs;
      const auto* remote = e.if_contains("remote");
      if (remote && remote->is_bool() && remote->get_bool()) {
        // R-AB-7: the coverer stays at from_window and holds `window` from there.
        ++s.remote_covers;
        auto& w = win[window];
        w.holder = staff;
        w.remote = true;
        remote_of[staff].insert(window);
      } else {
        take_post(staff, window);
      }
    } else if (type == "staff.off_post") {
      ++s.off_post;
      leave_post(staff);
    } else if (type == "staff.returned") {
      ++s.returns;
      take_post(staff, window);
    } else if (type == "staff.handed_back") {
      const auto* remote = e.if_contains("remote");
      if (remote && remote->is_bool() && remote->get_bool()) {
        end_remote(staff, str(e, "from_window"));  // R-AB-7: the coverer stays at `window`
      } else {
        leave_post(staff);
        if (!window.empty()) take_post(staff, window);
      }
    } else if (type == "staff.signed_out") {
      leave_post(staff);
    } else if (type == "window.closed") {
      win[window].closed = true;
    } else if (type == "window.opened") {
      win[window].closed = false;
    } else if (type == "window.presence") {
      ++s.presence_readings;
    } else if (type == "alert.raised") {
      const std::string kind = str(e, "kind");
      const std::string id = str(e, "alert");
      ++s.alerts_by_kind[kind];
      if (kind == "late_sign_in") ++s.late_sign_ins;
      alert_kind[id] = kind;
      alert_window[id] = window;
      if (!window.empty() && kind == "cover_needed") win[window].cover_alerts.insert(id);
      if (!window.empty() && kind == "window_empty") win[window].empty_alerts.insert(id);
    } else if (type == "alert.escalated") {
      ++s.escalations;
    } else if (type == "alert.acknowledged") {
      ++s.acknowledged;
    } else if (type == "alert.resolved") {
      const std::string id = str(e, "alert");
      if (const auto it = alert_window.find(id); it != alert_window.end()) {
        if (!it->second.empty()) {
          win[it->second].cover_alerts.erase(id);
          win[it->second].empty_alerts.erase(id);
        }
        alert_window.erase(it);
      }
    } else if (type == "violation.proposed") {
      ++s.violations_by_kind[str(e, "kind")];
    } else if (type == "case.opened") {  // R-CASE-1, R-CASE-2
      const std::string outcome = str(e, "outcome");
      case_outcome[str(e, "case")] = outcome;
      if (outcome == "accepted") ++s.cases_accepted;
      else if (outcome == "incomplete_materials")
        ++s.notices;
      else if (outcome == "rejected")
        ++s.cases_rejected;
    } else if (type == "case.approved") {
      ++s.cases_approved;
    } else if (type == "case.refused") {
      ++s.cases_refused;
    } else if (type == "case.extended") {
      ++s.cases_extended;
    } else if (type == "case.delivered") {
      const auto it = case_outcome.find(str(e, "case"));
      if (it == case_outcome.end()) ++s.earlier_delivered;  // opened on an earlier day: outcome not in this log
      else
        ++(it->second == "incomplete_materials" ? s.notices_delivered : s.cases_delivered);
    } else if (type == "leave.requested") {
      ++s.leave_requested;
    } else if (type == "leave.approved") {
      if (!e.contains("next_approver")) ++s.leave_approved;
    }
    restaff(t);
  }

  for (const auto& [id, tk] : tickets) {
    if (tk.status == "finished" || tk.status == "no_show" || tk.status == "cancelled") continue;
    if (s.still_open++ < 5)
      s.open_tickets.push_back("ticket " + tk.number + " (" + tk.service + ") ends the log " + tk.status +
                               ", not finished, no-show or cancelled");
  }
  for (const auto& svc : cfg.services) {
    ServiceDay d = by_service[svc.id];
    d.service = svc.id;
    d.wait = spread_of(waits[svc.id]);
    d.handling = spread_of(handling[svc.id]);
    s.services.push_back(std::move(d));
  }
  s.wait = spread_of(all_waits);
  s.handling = spread_of(all_handling);
  return s;
}

namespace {

std::string spread_text(const Spread& s) {
  if (s.n == 0) return "-";
  return "p50 " + fixed(s.p50) + " / p90 " + fixed(s.p90) + " / max " + fixed(s.max) + " min";
}

std::string pad(std::string s, std::size_t n) {
  // Display width: CJK characters (3 bytes in UTF-8) take two columns.
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) ++width;
    else if (c >= 0xE0)
      width += 2;
  }
  while (width < n) {
    s += ' ';
    ++width;
  }
  return s;
}

}  // namespace

std::string format_summary(const DaySummary& s, const domain::HallConfig& cfg, bool day_ended) {
  std::ostringstream o;
  o << "day summary (" << s.first_at << " .. " << s.last_at << ", " << s.events << " events)\n";
  o << "  tickets: " << s.issued << " issued, " << s.finished << " finished (" << s.incomplete << " incomplete materials), "
    << s.no_shows << " no-show, " << s.cancelled << " cancelled, " << s.transfers << " transfers, " << s.green
    << " green channel, " << s.appointments << " appointments, " << s.recalls << " recalls\n";
  o << "  wait (issue → call): " << spread_text(s.wait) << "; handling (start → finish): " << spread_text(s.handling) << "\n";
  o << "  " << pad("service", 16) << pad("issued", 8) << pad("served", 8) << pad("no-show", 8) << pad("wait p50/p90/max", 20)
    << "handling mean/p90 (min)\n";
  for (const auto& d : s.services) {
    if (d.issued == 0 && d.finished == 0) continue;
    const auto* svc = cfg.find_service(d.service);
    (void)svc;
    o << "  " << pad(d.service, 16) << pad(std::to_string(d.issued), 8) << pad(std::to_string(d.finished), 8)
      << pad(std::to_string(d.no_shows), 8)
      << pad(d.wait.n ? fixed(d.wait.p50) + "/" + fixed(d.wait.p90) + "/" + fixed(d.wait.max) : "-", 20)
      << (d.handling.n ? fixed(d.handling.mean) + "/" + fixed(d.handling.p90) : "-") << "\n";
  }
  o << "  alerts:";
  if (s.alerts_by_kind.empty()) o << " none";
  for (const auto& [k, n] : s.alerts_by_kind) o << " " << k << " " << n;
  o << " (" << s.escalations << " escalations, " << s.acknowledged << " acknowledgements)\n";
  o << "  proposed violations:";
  if (s.violations_by_kind.empty()) o << " none";
  for (const auto& [k, n] : s.violations_by_kind) o << " " << k << " " << n;
  o << "\n";
  o << "  staff: " << s.sign_ins << " sign-ins (" << s.late_sign_ins << " late), " << s.off_post << " off-post reports, "
    << s.returns << " returns, " << s.take_overs << " take-overs (" << s.remote_covers
    << " remote covers from the coverer's own window, R-AB-7: " << fixed(s.remote_cover_minutes) << " window-minutes), "
    << s.presence_readings << " presence readings, " << s.leave_approved << "/" << s.leave_requested << " leave approved\n";
  o << "  windows uncovered in session: " << fixed(s.uncovered_minutes)
    << " window-minutes, of which empty past grace (空岗): " << fixed(s.empty_minutes) << "\n";
  int rated = 0, unsatisfied = 0;
  for (const auto& [lvl, n] : s.ratings) {
    rated += n;
    if (lvl <= cfg.policy.unsatisfied_max_level) unsatisfied += n;
  }
  o << "  ratings: " << rated << " (" << unsatisfied << " unsatisfied";
  for (const auto& [lvl, n] : s.ratings) o << ", " << lvl << "★ " << n;
  o << "), complaints filed: " << s.complaints << "\n";
  o << "  cases (办件): " << s.cases_accepted << " accepted, " << s.cases_approved << " approved, " << s.cases_refused
    << " refused, " << s.cases_extended << " extended, " << s.cases_delivered << " delivered; " << s.notices
    << " one-time notices (" << s.notices_delivered << " delivered), " << s.cases_rejected << " rejected";
  if (s.earlier_delivered > 0) o << "; " << s.earlier_delivered << " of earlier days delivered";
  if (const auto it = s.alerts_by_kind.find("case_overdue"); it != s.alerts_by_kind.end())
    o << "; " << it->second << " overdue (R-CASE-5)";
  o << "\n";
  if (!day_ended && s.invariants_hold_so_far()) {
    o << "  invariants so far: hold (no call to an unheld window, every uncovered minute alerted); " << s.still_open
      << " tickets still open when the day was stopped\n";
  } else if (s.invariants_hold()) {
    o << "  invariants: hold (every ticket closed, no call to an unheld window, every uncovered minute alerted)\n";
  } else {
    o << "  invariants BROKEN:\n";
    for (const auto& f : s.failures) o << "    " << f << "\n";
    if (day_ended) {
      for (const auto& f : s.open_tickets) o << "    " << f << "\n";
      if (s.still_open > static_cast<int>(s.open_tickets.size()))
        o << "    open: " << s.still_open - static_cast<int>(s.open_tickets.size()) << " more tickets left out\n";
    } else if (s.still_open > 0) {
      o << "    (" << s.still_open << " tickets still open when the day was stopped: expected)\n";
    }
  }
  return o.str();
}

}  // namespace hallq::sim
