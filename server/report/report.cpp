// compute_report(): from facts to the figures of each window, staff member, department and
// service, the trend, the violation list and the deduction standings.
#include "report/report.hpp"

#include <algorithm>
#include <set>

#include "core/engine.hpp"

namespace hallq::report {

namespace {

const char* quarter_names[] = {"第一季度", "第二季度", "第三季度", "第四季度"};

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

int days_in_month(int y, int m) {
  const domain::LocalDate first{y, m, 1};
  const domain::LocalDate next = m == 12 ? domain::LocalDate{y + 1, 1, 1} : domain::LocalDate{y, m + 1, 1};
  return static_cast<int>(domain::days_from_civil(next) - domain::days_from_civil(first));
}

std::optional<int> parse_int(const std::string& s, int lo, int hi) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

const std::string* param(const std::map<std::string, std::string>& p, const char* key) {
  const auto it = p.find(key);
  return it == p.end() || it->second.empty() ? nullptr : &it->second;
}

}  // namespace

const char* to_string(Kind k) noexcept {
  switch (k) {
    case Kind::daily: return "daily";
    case Kind::monthly: return "monthly";
    case Kind::quarterly: return "quarterly";
    case Kind::half_yearly: return "half-yearly";
    case Kind::annual: return "annual";
  }
  return "daily";
}

std::optional<Kind> parse_kind(std::string_view s) noexcept {
  if (s == "daily") return Kind::daily;
  if (s == "monthly") return Kind::monthly;
  if (s == "quarterly") return Kind::quarterly;
  if (s == "half-yearly") return Kind::half_yearly;
  if (s == "annual") return Kind::annual;
  return std::nullopt;
}

std::optional<Period> parse_period(Kind kind, const std::map<std::string, std::string>& params, std::string* error) {
  const auto fail = [&](std::string msg) {
    if (error) *error = std::move(msg);
    return std::nullopt;
  };
  Period p;
  p.kind = kind;
  switch (kind) {
    case Kind::daily: {
      const auto* date = param(params, "date");
      if (!date) return fail("date is required, e.g. date=2026-11-23");
      const auto d = domain::parse_date(*date);
      if (!d || domain::format_date(*d) != *date) return fail("date must be a calendar date like 2026-11-23");
      p.from = p.to = *date;
      p.year = d->year;
      p.month = d->month;
      p.label = std::to_string(d->year) + "年" + std::to_string(d->month) + "月" + std::to_string(d->day) + "日";
      return p;
    }
    case Kind::monthly: {
      const auto* month = param(params, "month");
      if (!month) return fail("month is required, e.g. month=2026-11");
      if (month->size() != 7 || (*month)[4] != '-') return fail("month must look like 2026-11");
      const auto y = parse_int(month->substr(0, 4), 1970, 9999), m = parse_int(month->substr(5, 2), 1, 12);
      if (!y || !m) return fail("month must look like 2026-11 (month 01–12)");
      p.year = *y;
      p.month = *m;
      p.from = std::to_string(*y) + "-" + two(*m) + "-01";
      p.to = std::to_string(*y) + "-" + two(*m) + "-" + two(days_in_month(*y, *m));
      p.label = std::to_string(*y) + "年" + std::to_string(*m) + "月";
      return p;
    }
    case Kind::quarterly:
    case Kind::half_yearly:
    case Kind::annual: {
      const auto* year = param(params, "year");
      if (!year) return fail("year is required, e.g. year=2026");
      const auto y = parse_int(*year, 1970, 9999);
      if (!y || year->size() != 4) return fail("year must be a four-digit year like 2026");
      p.year = *y;
      if (kind == Kind::annual) {
        p.from = *year + "-01-01";
        p.to = *year + "-12-31";
        p.label = *year + "年度";
        return p;
      }
      if (kind == Kind::half_yearly) {  // R-RPT-4 (003 一.3): 每半年通报一次
        const auto* h = param(params, "h");
        if (!h) return fail("h is required for a half-yearly report, e.g. year=2026&h=2");
        const auto hn = parse_int(*h, 1, 2);
        if (!hn) return fail("h must be 1 (January–June) or 2 (July–December)");
        p.half = *hn;
        p.from = *year + (*hn == 1 ? "-01-01" : "-07-01");
        p.to = *year + (*hn == 1 ? "-06-30" : "-12-31");
        p.label = *year + (*hn == 1 ? "年上半年" : "年下半年");
        return p;
      }
      const auto* q = param(params, "q");
      if (!q) return fail("q is required for a quarterly report, e.g. year=2026&q=4");
      const auto qn = parse_int(*q, 1, 4);
      if (!qn) return fail("q must be 1, 2, 3 or 4");
      p.quarter = *qn;
      p.from = *year + "-" + two(p.first_month()) + "-01";
      p.to = *year + "-" + two(p.last_month()) + "-" + two(days_in_month(*y, p.last_month()));
      p.label = *year + "年" + quarter_names[*qn - 1];
      return p;
    }
  }
  return fail("unknown report kind");
}

int Period::first_month() const noexcept {
  switch (kind) {
    case Kind::daily:
    case Kind::monthly: return month;
    case Kind::quarterly: return (quarter - 1) * 3 + 1;
    case Kind::half_yearly: return half == 2 ? 7 : 1;
    case Kind::annual: return 1;
  }
  return 1;
}

int Period::last_month() const noexcept {
  switch (kind) {
    case Kind::daily:
    case Kind::monthly: return month;
    case Kind::quarterly: return quarter * 3;
    case Kind::half_yearly: return half == 2 ? 12 : 6;
    case Kind::annual: return 12;
  }
  return 12;
}

void DayTallies::merge(const DayTallies& o) {
  hall.merge(o.hall);
  for (const auto& [k, t] : o.window) window[k].merge(t);
  for (const auto& [k, t] : o.staff) staff[k].merge(t);
  for (const auto& [k, t] : o.service) service[k].merge(t);
  for (std::size_t h = 0; h < issued_by_hour.size(); ++h) issued_by_hour[h] += o.issued_by_hour[h];
}

DayTallies tally_day(const std::string& day, const std::vector<TicketFact>& tickets, domain::UtcOffset offset) {
  DayTallies d;
  d.day = day;
  d.from_tickets = true;
  for (const auto& f : tickets) {
    add_ticket(d.hall, f);
    add_ticket(d.service[f.service], f);
    // A ticket belongs to the window and staff member that closed it (or hold it now).
    if (!f.window.empty()) add_ticket(d.window[f.window], f);
    if (!f.staff.empty()) add_ticket(d.staff[f.staff], f);
    ++d.issued_by_hour[static_cast<std::size_t>(domain::local_seconds_of_day(f.issued_at, offset) / 3600)];
  }
  return d;
}

std::int64_t unsatisfied(const Tally& t, int unsatisfied_max_level) {
  std::int64_t n = 0;
  for (int level = 1; level <= 5 && level <= unsatisfied_max_level; ++level) n += t.ratings[static_cast<std::size_t>(level - 1)];
  return n;
}

std::optional<double> satisfaction(const Tally& t, int unsatisfied_max_level) {
  const auto n = t.rated();
  if (n == 0) return std::nullopt;
  return static_cast<double>(n - unsatisfied(t, unsatisfied_max_level)) / static_cast<double>(n);
}

bool add_case(CaseFigures& f, const CaseFact& k, const std::string& from, const std::string& to, const domain::HallConfig& cfg) {
  const auto within = [&](const std::string& day) { return !day.empty() && day >= from && day <= to; };
  const bool notice = k.outcome == "incomplete_materials";
  if (within(k.day)) {  // opened
    if (k.outcome == "accepted") ++f.accepted;
    else if (notice)
      ++f.notices;
    else if (k.outcome == "rejected")
      ++f.rejected;
  }
  if (within(k.extended_day)) ++f.extended;  // R-CASE-3
  if (within(k.delivered_day)) {
    if (notice) {  // R-CASE-2: the written one-time notice, in time when by its due
      ++f.notices_delivered;
      if (k.due == 0 || k.delivered_at <= k.due) ++f.notices_delivered_in_time;
    } else {
      ++f.delivered;
    }
  }
  if (k.outcome != "accepted") return false;
  const bool decided = !k.decision.empty() && k.decided_at != 0;
  const bool late = decided && k.due != 0 && k.decided_at > k.due;
  bool overdue_here = false;
  if (!k.overdue_day.empty()) overdue_here = within(k.overdue_day);  // R-CASE-5 seen by the rules
  else if (late)
    overdue_here = within(k.decided_day);  // decided late, never flagged
  if (overdue_here) ++f.overdue;
  if (decided && within(k.decided_day)) {
    (k.decision == "approved" ? f.approved : f.refused) += 1;
    if (!late && k.overdue_day.empty()) ++f.completed_on_time;
    ++f.decided_n;
    f.decided_working_days += core::working_days_between(cfg, k.opened_at, k.decided_at);
  }
  return overdue_here;
}

Report compute_report(const domain::HallConfig& cfg, const ReportInput& in) {
  Report r;
  r.period = in.period;
  r.hall_id = cfg.hall.id;
  r.hall_name = cfg.hall.name;
  r.profile = cfg.policy.profile;
  r.offset = cfg.hall.utc_offset;
  r.generated_at = in.generated_at;
  r.first_seq = in.first_seq;
  r.last_seq = in.last_seq;
  const auto& policy = cfg.policy;
  for (const auto& x : cfg.staff) r.names[x.id] = x.name;
  for (const auto& x : cfg.departments) r.names[x.id] = x.name;
  for (const auto& x : cfg.windows) r.names[x.id] = std::to_string(x.number) + "号 " + x.name;

  // [SECTION] ticket figures
  const DayTallies& all = in.total;
  for (const auto& d : in.days)
    if (d.hall.issued > 0) ++r.open_days;
  r.hall.id = cfg.hall.id;
  r.hall.name = cfg.hall.name;
  r.hall.f.tickets = all.hall;

  std::map<std::string, Row> windows, staff, departments, services;
  for (const auto& w : cfg.windows) windows[w.id] = Row{w.id, w.name, w.department, w.number, {}};
  for (const auto& s : cfg.staff) staff[s.id] = Row{s.id, s.name, s.department, 0, {}};
  for (const auto& d : cfg.departments) departments[d.id] = Row{d.id, d.name, d.id, 0, {}};
  for (const auto& s : cfg.services) services[s.id] = Row{s.id, s.name, s.department, 0, {}};
  // Ids from the log that a later config no longer has still show, under their id.
  const auto row = [](std::map<std::string, Row>& m, const std::string& id) -> Row& {
    auto& x = m[id];
    if (x.id.empty()) x.id = x.name = id;
    return x;
  };
  for (const auto& [id, t] : all.window) row(windows, id).f.tickets = t;
  for (const auto& [id, t] : all.staff) row(staff, id).f.tickets = t;
  for (const auto& [id, t] : all.service) {
    auto& sv = row(services, id);
    sv.f.tickets = t;
    // A department's tickets are those of its service items (事项所属部门).
    if (!sv.department.empty()) row(departments, sv.department).f.tickets.merge(t);
  }
  const auto department_of_window = [&](const std::string& w) {
    const auto* x = cfg.find_window(w);
    return x ? x->department : std::string();
  };
  const auto department_of_staff = [&](const std::string& s) {
    const auto* x = cfg.find_staff(s);
    return x ? x->department : std::string();
  };

  // [SECTION] alerts and empty windows (R-EMP-1)
  std::map<std::string, AlertKindCount> kinds;
  for (const auto& a : in.alerts) {
    auto& k = kinds[a.kind];
    k.kind = a.kind;
    k.count += a.count;
    k.max_level = std::max(k.max_level, a.level);
    r.hall.f.alerts += a.count;
    std::string dep;
    if (!a.window.empty()) {
      row(windows, a.window).f.alerts += a.count;
      dep = department_of_window(a.window);
    }
    if (!a.staff.empty()) {
      row(staff, a.staff).f.alerts += a.count;
      if (dep.empty()) dep = department_of_staff(a.staff);
    }
    if (!dep.empty()) row(departments, dep).f.alerts += a.count;
    if (a.kind == "window_empty" && !a.window.empty()) {
      EmptySpell e;
      e.window = a.window;
      e.alert = a.alert;
      e.staff = a.staff;
      e.from = a.raised_at;
      e.to = a.resolved_at;
      e.seconds = std::max<std::int64_t>(0, (a.resolved_at != 0 ? a.resolved_at : in.now) - a.raised_at);
      e.level = a.level;
      e.raised_seq = a.raised_seq;
      e.resolved_seq = a.resolved_seq;
      r.hall.f.empty_seconds += e.seconds;
      row(windows, a.window).f.empty_seconds += e.seconds;
      if (!dep.empty()) row(departments, dep).f.empty_seconds += e.seconds;
      r.empty.push_back(std::move(e));
    }
  }
  for (auto& [k, v] : kinds) r.alert_kinds.push_back(v);
  std::sort(r.alert_kinds.begin(), r.alert_kinds.end(),
            [](const auto& a, const auto& b) { return a.count != b.count ? a.count > b.count : a.kind < b.kind; });
  if (in.period.kind == Kind::daily) r.alerts = in.alerts;

  // [SECTION] violations and complaints — corrections (dismissals) are events too
  for (const auto& v : in.violations) {
    const auto count = [&](Figures& f) {
      switch (v.status) {
        case ViolationStatus::confirmed:
          ++f.violations_confirmed;
          f.points += v.points;
          break;
        case ViolationStatus::proposed: ++f.violations_proposed; break;
        case ViolationStatus::dismissed: ++f.violations_dismissed; break;
      }
    };
    count(r.hall.f);
    if (!v.department.empty()) count(row(departments, v.department).f);
    if (!v.staff.empty()) count(row(staff, v.staff).f);
  }
  r.violations = in.violations;
  std::sort(r.violations.begin(), r.violations.end(),
            [](const auto& a, const auto& b) { return a.proposed_seq < b.proposed_seq; });
  for (const auto& c : in.complaints) {
    const auto count = [&](Figures& f) {
      ++f.complaints;
      if (c.verified && *c.verified) ++f.complaints_verified;
    };
    count(r.hall.f);
    if (!c.staff.empty()) {
      count(row(staff, c.staff).f);
      if (const auto dep = department_of_staff(c.staff); !dep.empty()) count(row(departments, dep).f);
    }
    if (!c.window.empty()) count(row(windows, c.window).f);
  }
  r.complaints = in.complaints;

  // [SECTION] cases (办件, R-CASE-1 … R-CASE-5): per department, service and receiving staff
  // member, each figure on the day of its own event (see CaseFigures), so days merge exactly.
  for (const auto& k : in.cases) {
    CaseFigures f;
    const bool overdue = add_case(f, k, in.period.from, in.period.to, cfg);
    if (!f.any()) continue;
    r.hall.f.cases.merge(f);
    if (!k.department.empty()) row(departments, k.department).f.cases.merge(f);
    if (!k.service.empty()) row(services, k.service).f.cases.merge(f);
    if (!k.staff.empty()) row(staff, k.staff).f.cases.merge(f);
    if (overdue) r.overdue_cases.push_back(k);
  }
  std::stable_sort(r.overdue_cases.begin(), r.overdue_cases.end(), [](const CaseFact& a, const CaseFact& b) {
    const auto when = [](const CaseFact& k) { return k.overdue_seq != 0 ? k.overdue_seq : k.decided_seq; };
    return when(a) < when(b);
  });
  r.has_cases = r.hall.f.cases.any() || std::any_of(cfg.services.begin(), cfg.services.end(),
                                                    [](const domain::Service& x) { return x.kind == "commitment"; });

  // [SECTION] rows in the hall's own order: windows by number, the rest as configured
  for (auto& [id, w] : windows) r.windows.push_back(std::move(w));
  std::stable_sort(r.windows.begin(), r.windows.end(),
                   [](const Row& a, const Row& b) { return a.number != b.number ? a.number < b.number : a.id < b.id; });
  const auto in_config_order = [](std::map<std::string, Row>& m, const auto& configured, std::vector<Row>& out) {
    for (const auto& c : configured) {
      const auto it = m.find(c.id);
      if (it != m.end()) {
        out.push_back(std::move(it->second));
        m.erase(it);
      }
    }
    for (auto& [id, x] : m) out.push_back(std::move(x));
  };
  // Staff rows only for people who served, were rated, or were named in an alert or violation:
  // supervisors and department heads with nothing to show would only pad the table.
  for (auto it = staff.begin(); it != staff.end();) {
    const auto& f = it->second.f;
    const bool shows = f.tickets.issued > 0 || f.alerts > 0 ||
                       f.violations_confirmed + f.violations_proposed + f.violations_dismissed > 0 || f.complaints > 0 ||
                       f.cases.any();
    if (!shows) it = staff.erase(it);
    else
      ++it;
  }
  in_config_order(staff, cfg.staff, r.staff);
  in_config_order(departments, cfg.departments, r.departments);
  in_config_order(services, cfg.services, r.services);

  // [SECTION] trend: by hour for a day, by day for a month, by month for a quarter or year
  if (in.period.kind == Kind::daily) {
    r.trend_unit = "hour";
    int first = 24, last = -1;
    for (int h = 0; h < 24; ++h)
      if (all.issued_by_hour[static_cast<std::size_t>(h)] > 0) {
        first = std::min(first, h);
        last = std::max(last, h);
      }
    for (const auto& s : cfg.hall.sessions) {
      first = std::min(first, s.open / 3600);
      last = std::max(last, (s.close - 1) / 3600);
    }
    for (int h = first; h <= last && h < 24; ++h) {
      TrendPoint p;
      p.label = two(h) + ":00";
      p.issued = all.issued_by_hour[static_cast<std::size_t>(h)];
      r.trend.push_back(p);
    }
  } else if (in.period.kind == Kind::monthly) {
    r.trend_unit = "day";
    std::map<std::string, const DayTallies*> by_day;
    for (const auto& d : in.days) by_day[d.day] = &d;
    const auto from = domain::days_from_civil(*domain::parse_date(in.period.from));
    const auto to = domain::days_from_civil(*domain::parse_date(in.period.to));
    for (auto d = from; d <= to; ++d) {
      const auto date = domain::civil_from_days(d);
      TrendPoint p;
      p.label = std::to_string(date.day);
      if (const auto it = by_day.find(domain::format_date(date)); it != by_day.end()) {
        p.issued = it->second->hall.issued;
        p.finished = it->second->hall.finished;
        p.no_show = it->second->hall.no_show;
        p.wait_p50 = it->second->hall.wait.percentile(0.5);
      }
      r.trend.push_back(p);
    }
  } else {
    r.trend_unit = "month";
    std::map<int, Tally> by_month;
    const int first = in.period.first_month(), last = in.period.last_month();
    for (int m = first; m <= last; ++m) by_month[m];
    for (const auto& d : in.days) {
      const auto date = domain::parse_date(d.day);
      if (date) by_month[date->month].merge(d.hall);
    }
    for (const auto& [m, t] : by_month) {
      TrendPoint p;
      p.label = std::to_string(m) + "月";
      p.issued = t.issued;
      p.finished = t.finished;
      p.no_show = t.no_show;
      p.wait_p50 = t.wait.percentile(0.5);
      r.trend.push_back(p);
    }
  }

  // [SECTION] deduction standings (R-SCR-1, R-SCR-3, R-SCR-4, R-SCR-7)
  r.has_scores = has_scores(in.period.kind);
  r.annual_points = policy.annual_points;
  r.advanced_max_deducted = policy.advanced_max_deducted;
  r.center_weight_percent = policy.center_weight_percent;
  r.excellent_max_bulletins = policy.excellent_max_bulletins;
  r.excellent_max_complaints = policy.excellent_max_complaints;
  if (r.has_scores) {
    std::map<std::string, DepartmentScore> deps;
    for (const auto& d : cfg.departments) {
      deps[d.id].id = d.id;
      deps[d.id].name = d.name;
    }
    std::map<std::string, StaffScore> people;
    // Window staff (on an A or B roster) are assessed; anyone else only when a violation names them.
    for (const auto& w : cfg.windows)
      for (const auto* roster : {&w.a, &w.b})
        for (const auto& id : *roster)
          if (const auto* s = cfg.find_staff(id)) {
            auto& x = people[id];
            x.id = s->id;
            x.name = s->name;
            x.department = s->department;
          }
    for (const auto& v : r.violations) {
      if (v.status != ViolationStatus::confirmed) continue;
      auto& d = deps[v.department];
      if (d.id.empty()) d.id = d.name = v.department;
      d.deducted += v.points;
      d.violations.push_back(v.violation);
      if (!v.staff.empty()) {
        auto& s = people[v.staff];
        if (s.id.empty()) s.id = s.name = v.staff;
        // R-SCR-3 (as /api/scores counts them): a confirmed complaint deduction is a verified
        // complaint; bulletins are the supervisors' own records, counted below.
        if (v.kind == "complaint_verified") ++s.verified_complaints;
        s.violations.push_back(v.violation);
      }
    }
    for (const auto& b : in.bulletins) {  // R-SCR-3: bulletins of criticism
      if (b.staff.empty()) continue;
      auto& s = people[b.staff];
      if (s.id.empty()) s.id = s.name = b.staff;
      ++s.bulletins;
    }
    for (const auto& d : cfg.departments) {
      auto& x = deps[d.id];
      x.points_start = policy.annual_points;
      // R-SCR-1: points are lost down to zero (扣完为止).
      x.deducted = std::min(x.deducted, x.points_start);
      x.points_left = x.points_start - x.deducted;
      // R-SCR-4: a department that lost more than the threshold is not recommended as advanced.
      x.advanced_eligible = x.deducted <= policy.advanced_max_deducted + 1e-9;
      // R-SCR-7: the center's assessment weighs center_weight_percent of the district item.
      x.center_score = x.points_start > 0 ? x.points_left / x.points_start * policy.center_weight_percent : 0;
      r.department_scores.push_back(x);
    }
    for (const auto& s : cfg.staff) {
      const auto it = people.find(s.id);
      if (it == people.end()) continue;
      auto& x = it->second;
      // R-SCR-3: more than the allowed bulletins or verified complaints rules out "excellent".
      x.excellent_eligible = x.bulletins <= policy.excellent_max_bulletins &&
                             x.verified_complaints <= policy.excellent_max_complaints;
      r.staff_scores.push_back(x);
    }
    if (in.period.kind == Kind::quarterly) r.notes.push_back("季度通报的扣分为本季度已确认的扣分；年度积分以年度考评为准。");
    if (in.period.kind == Kind::half_yearly) r.notes.push_back("半年通报的扣分为本半年已确认的扣分；年度积分以年度考评为准。");
  }
  // R-SVC-3: what counts as satisfied is the policy's, as in /api/scores.
  const int worst_unsatisfied = cfg.policy.unsatisfied_max_level;
  const auto rate = [&](Row& x) {
    x.f.unsatisfied = unsatisfied(x.f.tickets, worst_unsatisfied);
    x.f.satisfaction = satisfaction(x.f.tickets, worst_unsatisfied);
  };
  rate(r.hall);
  for (auto* list : {&r.windows, &r.staff, &r.departments, &r.services})
    for (auto& x : *list) rate(x);
  return r;
}

const char* content_type(std::string_view format) noexcept {
  if (format == "json") return "application/json; charset=utf-8";
  if (format == "csv") return "text/csv; charset=utf-8";
  if (format == "html") return "text/html; charset=utf-8";
  return nullptr;
}

std::string render(const Report& r, std::string_view format) {
  if (format == "csv") return render_csv(r);
  if (format == "html") return render_html(r);
  return render_json(r);
}

}  // namespace hallq::report
