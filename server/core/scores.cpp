// compute_scores(): the yearly assessment from State's tallies. How each figure is made is
// documented in docs/rules.md (SCR section); the numbers come from the policy.
#include "core/scores.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace hallq::core {

namespace {

int clamp100(std::int64_t v) { return static_cast<int>(std::clamp<std::int64_t>(v, 0, 100)); }

// Attendance and discipline lose grade_penalty_per_point per confirmed point (e.g. 100 per
// point: one 0.1 `schedule` slip costs 10 of 100).
int penalty_component(const domain::Policy& p, std::int64_t milli) {
  return clamp100(100 - (milli * p.grade_penalty_per_point + 999) / 1000);
}

bool on_a_roster(const domain::HallConfig& c, const std::string& id) {
  return std::any_of(c.windows.begin(), c.windows.end(), [&](const domain::Window& w) {
    return std::find(w.a.begin(), w.a.end(), id) != w.a.end() || std::find(w.b.begin(), w.b.end(), id) != w.b.end();
  });
}

const StaffQuarter* counters_of(const State& s, const std::string& staff, int key) {
  const auto it = s.staff_quarters.find(staff);
  if (it == s.staff_quarters.end()) return nullptr;
  const auto q = it->second.find(key);
  return q == it->second.end() ? nullptr : &q->second;
}

}  // namespace

std::string grade_of(const domain::Policy& p, int score) {
  if (score >= p.grade_excellent_min) return "excellent";
  if (score >= p.grade_good_min) return "good";
  if (score >= p.grade_pass_min) return "pass";
  return "poor";
}

Scores compute_scores(const State& s, int year) {
  const auto& cfg = s.cfg();
  const auto& p = s.policy();
  const auto offset = cfg.hall.utc_offset;
  Scores out;
  out.year = year;
  const bool year_over = domain::local_date(s.now, offset).year > year;

  // [SECTION] departments: R-SCR-1 倒扣分 down to 0, R-SCR-4 advanced, R-SCR-7 district share
  const std::int64_t start = milli_points(p.annual_points);
  const std::int64_t advanced_max = milli_points(p.advanced_max_deducted);
  std::map<std::string, std::size_t> dept_ix;
  for (const auto& d : cfg.departments) {
    DepartmentScore ds;
    ds.id = d.id;
    ds.name = d.name;
    ds.start_milli = start;
    if (const auto it = s.department_deducted.find(d.id); it != s.department_deducted.end())
      if (const auto y = it->second.find(year); y != it->second.end()) ds.total_milli = y->second;
    ds.deducted_milli = std::clamp<std::int64_t>(ds.total_milli, 0, start);
    ds.left_milli = start - ds.deducted_milli;
    ds.advanced_eligible = ds.deducted_milli <= advanced_max;
    ds.district_share_milli = start > 0 ? ds.left_milli * p.center_weight_percent * 1000 / start : 0;
    dept_ix[d.id] = out.departments.size();
    out.departments.push_back(std::move(ds));
  }
  std::map<std::string, std::vector<const Violation*>> by_staff;
  for (const auto& [id, v] : s.violations) {
    if (v.status != ViolationStatus::confirmed || domain::local_date(v.at, offset).year != year) continue;
    if (const auto it = dept_ix.find(v.department); it != dept_ix.end()) out.departments[it->second].violations.push_back(&v);
    if (!v.staff.empty()) by_staff[v.staff].push_back(&v);
  }

  // [SECTION] staff: window staff (on an A or B roster) and everyone with the plain staff role
  std::vector<const domain::Staff*> people;
  for (const auto& st : cfg.staff)
    if (st.role == domain::StaffRole::staff || on_a_roster(cfg, st.id)) people.push_back(&st);

  // R-SCR-5 caseload is relative: tickets per day present against the mean of the colleagues
  // who were present in the same quarter.
  double mean_rate[4] = {0, 0, 0, 0};
  for (int q = 1; q <= 4; ++q) {
    double sum = 0;
    int n = 0;
    for (const auto* st : people) {
      const auto* c = counters_of(s, st->id, quarter_key(year, q));
      if (!c || c->days_present == 0) continue;
      sum += static_cast<double>(c->served) / c->days_present;
      ++n;
    }
    mean_rate[q - 1] = n ? sum / n : 0;
  }

  for (const auto* st : people) {
    StaffScore ss;
    ss.id = st->id;
    ss.name = st->name;
    ss.department = st->department;
    if (const auto it = by_staff.find(st->id); it != by_staff.end()) ss.violations = it->second;
    int run = 0, longest_run = 0, assessed = 0, score_sum = 0;
    for (int q = 1; q <= 4; ++q) {
      QuarterGrade g;
      g.q = q;
      const auto* c = counters_of(s, st->id, quarter_key(year, q));
      if (c) {
        g.counters = *c;
        ss.bulletins += c->bulletins;
        ss.verified_complaints += c->verified_complaints;
        ss.refusals += c->refusals;
      }
      g.assessed = c && (c->days_present > 0 || c->attendance_milli > 0 || c->discipline_milli > 0);
      if (g.assessed) {
        g.attendance = penalty_component(p, c->attendance_milli);
        g.discipline = penalty_component(p, c->discipline_milli);
        const double rate = c->days_present ? static_cast<double>(c->served) / c->days_present : 0.0;
        g.caseload = mean_rate[q - 1] > 0 ? clamp100(std::llround(100.0 * rate / mean_rate[q - 1])) : 100;
        g.efficiency = c->served ? clamp100(100LL * c->within_promise / c->served) : 100;
        g.satisfaction = c->ratings ? clamp100(100LL * c->satisfied / c->ratings) : 100;
        const std::int64_t weighted = static_cast<std::int64_t>(p.weight_attendance) * g.attendance +
                                      static_cast<std::int64_t>(p.weight_discipline) * g.discipline +
                                      static_cast<std::int64_t>(p.weight_caseload) * g.caseload +
                                      static_cast<std::int64_t>(p.weight_efficiency) * g.efficiency +
                                      static_cast<std::int64_t>(p.weight_satisfaction) * g.satisfaction;
        g.score = clamp100((weighted + 50) / 100);
        g.grade = grade_of(p, g.score);
        ++assessed;
        score_sum += g.score;
        if (g.grade == "poor") {
          ++ss.poor_quarters;
          longest_run = std::max(longest_run, ++run);
        } else {
          run = 0;
        }
      } else {
        run = 0;  // a quarter without records breaks a run of failing ones
      }
      ss.quarters.push_back(std::move(g));
    }
    // R-SCR-3 (001 第二十二条): more than the limits in the year → not "excellent".
    ss.excellent_eligible = ss.bulletins <= p.excellent_max_bulletins && ss.verified_complaints <= p.excellent_max_complaints;
    // R-SCR-6: failing quarters (any two, or two in a row per profile), a failing year, or
    // repeated refusal of management.
    const int failing = p.return_quarters_consecutive ? longest_run : ss.poor_quarters;
    if (p.return_after_failing_quarters > 0 && failing >= p.return_after_failing_quarters)
      ss.return_reasons.push_back(p.return_quarters_consecutive ? "consecutive_poor_quarters" : "poor_quarters");
    // A failing year is judged once the year is over.
    if (year_over && assessed > 0 && (score_sum + assessed / 2) / assessed < p.grade_pass_min)
      ss.return_reasons.push_back("poor_year");
    if (p.return_after_refusals > 0 && ss.refusals >= p.return_after_refusals) ss.return_reasons.push_back("refusing_management");
    ss.return_flag = !ss.return_reasons.empty();
    out.staff.push_back(std::move(ss));
  }
  return out;
}

}  // namespace hallq::core
