// Drawing a hall day (see day_plan.hpp). Every part of the day draws from its own forked stream
// so that, e.g., adding a service does not change who is late.
#include "sim/model/day_plan.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "sim/model/rng.hpp"

namespace hallq::sim {

using domain::Time;

const StaffDay* DayPlan::find_staff(const std::string& id) const {
  for (const auto& s : staff)
    if (s.staff == id) return &s;
  return nullptr;
}

double curve_weight(const domain::HallConfig& cfg, const Workload& w, std::int32_t sec) {
  bool open = false;
  for (const auto& s : cfg.hall.sessions) open = open || (sec >= s.open && sec < s.close);
  if (!open) return 0;
  double weight = 1;
  for (const auto& p : w.curve)
    if (p.from <= sec) weight = p.weight;
  if (!w.curve.empty() && sec < w.curve.front().from) weight = w.curve.front().weight;
  return weight;
}

namespace {

/// Piecewise-constant segments of the day's intensity: [from, to) with one weight.
struct Segment {
  std::int32_t from, to;
  double weight;
};

std::vector<Segment> segments(const domain::HallConfig& cfg, const Workload& w) {
  std::set<std::int32_t> cuts;
  for (const auto& s : cfg.hall.sessions) {
    cuts.insert(s.open);
    cuts.insert(s.close);
  }
  for (const auto& p : w.curve) cuts.insert(p.from);
  std::vector<Segment> out;
  std::int32_t prev = -1;
  for (const auto c : cuts) {
    if (prev >= 0 && c > prev) {
      const double wt = curve_weight(cfg, w, prev);
      if (wt > 0) out.push_back({prev, c, wt});
    }
    prev = c;
  }
  return out;
}

std::int64_t minutes_to_seconds(double m) { return static_cast<std::int64_t>(std::llround(m * 60.0)); }

void draw_citizen(Citizen& c, const domain::HallConfig& cfg, const Workload& w, const ServiceLoad& load, Rng rng) {
  c.green = rng.chance(w.green_share);
  c.absent_when_called = rng.chance(w.no_show_share);
  c.walk_seconds = rng.uniform(w.walk_min_seconds, w.walk_max_seconds);
  c.service_seconds = std::max(30.0, rng.lognormal_mean_cv(load.service_minutes * 60.0, load.service_cv));
  double u = rng.uniform();
  for (const auto& t : load.transfers) {
    if (u < t.share) {
      c.transfer_to = t.service;
      break;
    }
    u -= t.share;
  }
  if (!c.transfer_to.empty()) {
    // Sent on after part of the handling; the next service takes its own time.
    c.service_seconds = std::max(30.0, c.service_seconds * rng.uniform(0.2, 0.5));
    const auto* next = w.find(c.transfer_to);
    const double m = next ? next->service_minutes : cfg.policy.default_service_minutes;
    c.second_service_seconds = std::max(30.0, rng.lognormal_mean_cv(m * 60.0, next ? next->service_cv : 0.5));
  }
  c.incomplete = rng.chance(load.incomplete_share);
  if (c.incomplete) {
    const auto n = static_cast<std::size_t>(
        rng.uniform_int(1, static_cast<std::int64_t>(std::min<std::size_t>(2, load.missing.size()))));
    for (std::size_t i = 0; i < n; ++i) {
      const auto& m =
          load.missing[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(load.missing.size()) - 1))];
      if (std::find(c.missing.begin(), c.missing.end(), m) == c.missing.end()) c.missing.push_back(m);
    }
  }
  if (rng.chance(w.rate_share)) c.rating = static_cast<int>(rng.weighted(w.rating_weights)) + 1;
  c.rate_delay_seconds = rng.uniform(5, 120);
  c.complaint = rng.chance(w.complaint_share) || (c.rating == 1 && rng.chance(0.3));
  if (c.complaint && !w.complaint_texts.empty())
    c.complaint_text =
        w.complaint_texts[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(w.complaint_texts.size()) - 1))];
  // The case, drawn last from a stream of its own so the draws above stay as they were.
  Rng k = rng.fork("case");
  c.accept_case = k.chance(w.case_accept_share);
  if (k.chance(w.case_decide_share)) c.decide_after_seconds = k.uniform(w.case_decide_min, w.case_decide_max) * 60.0;
  c.refuse = k.chance(w.case_refuse_share);
  if (k.chance(w.case_deliver_share)) c.deliver_after_seconds = k.uniform(w.case_deliver_min, w.case_deliver_max) * 60.0;
  if (k.chance(w.notice_deliver_share))
    c.notice_deliver_after_seconds = k.uniform(w.notice_deliver_min, w.notice_deliver_max) * 60.0;
}

bool is_a_anywhere(const domain::HallConfig& cfg, const std::string& s) {
  for (const auto& win : cfg.windows)
    if (std::find(win.a.begin(), win.a.end(), s) != win.a.end()) return true;
  return false;
}

}  // namespace

DayPlan make_day_plan(const domain::HallConfig& cfg, const Workload& w, domain::LocalDate date, std::uint64_t seed) {
  const Rng root(seed);
  DayPlan plan;
  plan.date = date;
  plan.midnight = domain::local_midnight(date, cfg.hall.utc_offset);
  const int weekday = static_cast<int>((domain::days_from_civil(date) % 7 + 10) % 7) + 1;  // 1970-01-01 was a Thursday
  if (!cfg.is_workday(date, weekday) || cfg.hall.sessions.empty())
    throw std::invalid_argument(domain::format_date(date) + " is not a working day of hall " + cfg.hall.id);
  plan.first_open = plan.midnight + cfg.hall.sessions.front().open;
  plan.last_close = plan.midnight + cfg.hall.sessions.back().close;

  // [SECTION] citizens: a non-homogeneous Poisson process per service over the sessions.
  const auto segs = segments(cfg, w);
  double integral = 0;  // weight × seconds over the day
  for (const auto& s : segs) integral += s.weight * (s.to - s.from);
  std::vector<Citizen> all;
  for (const auto& load : w.services) {
    const double per_day = load.per_day * w.volume;
    if (per_day <= 0 || integral <= 0) continue;
    Rng rng = root.fork("arrivals/" + load.service);
    for (const auto& s : segs) {
      const double rate = per_day * s.weight / integral;  // per second
      double t = s.from;
      for (;;) {
        t += rng.exponential(rate);
        if (t >= s.to) break;
        Citizen c;
        c.arrive = plan.midnight + static_cast<Time>(t);
        c.service = load.service;
        all.push_back(std::move(c));
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Citizen& a, const Citizen& b) {
    return a.arrive != b.arrive ? a.arrive < b.arrive : a.service < b.service;
  });
  Rng appt = root.fork("appointments");
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto& c = all[i];
    c.index = static_cast<int>(i);
    const auto* load = w.find(c.service);
    draw_citizen(c, cfg, w, *load, root.fork("citizen", i));
    // Appointment: the slot is the next quarter hour after arrival, inside the same session.
    if (appt.chance(w.appointment_share)) {
      const auto sec = static_cast<std::int32_t>(c.arrive - plan.midnight);
      const std::int32_t slot = (sec / 900 + 1) * 900;
      for (const auto& s : cfg.hall.sessions)
        if (sec >= s.open && slot < s.close) c.slot = plan.midnight + slot;
      if (c.slot) c.comes = !appt.chance(w.appointment_absent);
    }
  }
  plan.citizens = std::move(all);

  // [SECTION] staff: leave, posts, arrival, trips.
  Rng leave = root.fork("leave");
  std::vector<std::string> candidates;
  for (const auto& s : cfg.staff)
    if (s.role == domain::StaffRole::staff && is_a_anywhere(cfg, s.id)) candidates.push_back(s.id);
  for (int i = 0; i < w.leave_per_day && !candidates.empty(); ++i) {
    const auto k = static_cast<std::size_t>(leave.uniform_int(0, static_cast<std::int64_t>(candidates.size()) - 1));
    plan.on_leave.push_back(candidates[k]);
    candidates.erase(candidates.begin() + static_cast<std::ptrdiff_t>(k));
  }
  const auto on_leave = [&](const std::string& s) {
    return std::find(plan.on_leave.begin(), plan.on_leave.end(), s) != plan.on_leave.end();
  };
  std::set<std::string> assigned;
  for (const auto& win : cfg.windows) {
    std::string holder;
    bool as_b = false;
    for (const auto& a : win.a)
      if (holder.empty() && !on_leave(a) && !assigned.count(a)) holder = a;
    if (holder.empty())
      for (const auto& b : win.b)
        if (holder.empty() && !on_leave(b) && !assigned.count(b)) {
          holder = b;
          as_b = true;
        }
    if (holder.empty()) continue;  // nobody for this window today: the server's alerts will say so
    assigned.insert(holder);
    StaffDay d;
    d.staff = holder;
    d.post = win.id;
    d.as_b = as_b;
    plan.staff.push_back(std::move(d));
  }
  // Reserves: the remaining window staff who are not on leave; they are the substitutes.
  for (const auto& s : cfg.staff)
    if (s.role == domain::StaffRole::staff && !assigned.count(s.id) && !on_leave(s.id)) {
      bool on_roster = false;
      for (const auto& win : cfg.windows)
        on_roster = on_roster || std::find(win.a.begin(), win.a.end(), s.id) != win.a.end() ||
                    std::find(win.b.begin(), win.b.end(), s.id) != win.b.end();
      if (on_roster) plan.staff.push_back(StaffDay{s.id, "", false, 0, false, {}});
    }
  std::vector<double> trip_weights;
  for (const auto& k : w.trips) trip_weights.push_back(k.weight);
  for (auto& d : plan.staff) {
    Rng rng = root.fork("staff/" + d.staff);
    d.late = rng.chance(w.late_share);
    d.arrive = d.late ? plan.first_open + minutes_to_seconds(rng.uniform(w.late_min, w.late_max))
                      : plan.first_open - minutes_to_seconds(rng.uniform(w.sign_in_early_min, w.sign_in_early_max));
    if (d.post.empty() || w.trips.empty() || w.trips_per_session <= 0) continue;
    for (const auto& s : cfg.hall.sessions) {
      // Not in the first ten minutes of a session, nor in the last twenty.
      const double from = s.open + 600.0, to = s.close - 1200.0;
      if (to <= from) continue;
      const double rate = w.trips_per_session / (s.close - s.open);
      for (double t = from + rng.exponential(rate); t < to; t += rng.exponential(rate)) {
        Trip trip;
        trip.at = plan.midnight + static_cast<Time>(t);
        const auto& k = w.trips[rng.weighted(trip_weights)];
        trip.reason = k.reason;
        trip.destination = k.destination;
        trip.expected_minutes = k.expected_minutes;
        trip.reported = !rng.chance(w.unreported_share);
        if (!trip.reported) {
          trip.away_seconds = minutes_to_seconds(rng.uniform(w.unreported_min, w.unreported_max));
          trip.detect_seconds = 60.0 * rng.uniform(w.sensor_detect_min, w.sensor_detect_max);
        } else if (rng.chance(w.overdue_share)) {
          trip.away_seconds = minutes_to_seconds(k.expected_minutes + rng.uniform(w.overdue_min, w.overdue_max));
        } else {
          trip.away_seconds = minutes_to_seconds(k.expected_minutes * rng.uniform(0.5, 1.0));
        }
        trip.covered = !rng.chance(w.no_cover_share);
        trip.cover_delay_seconds = std::max(10.0, 60.0 * rng.lognormal_mean_cv(w.cover_delay_mean, w.cover_delay_cv));
        d.trips.push_back(std::move(trip));
      }
    }
  }
  return plan;
}

}  // namespace hallq::sim
