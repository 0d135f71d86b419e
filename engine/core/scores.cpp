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

std::string end_of_next_quarter(int year, int q) {
  if (q == 4) return std::to_string(year + 1) + "-03-31";
  static const char* ends[] = {"-06-30", "-09-30", "-12-31"};
  return std::to_string(year) + ends[q - 1];
}

// Grades quarters of the hall's window staff. The caseload component compares a person with
// the colleagues present in the same quarter, so the mean is kept per quarter.
class Grader {
 public:
  Grader(const State& s, const std::vector<const domain::Staff*>& people) : s_(s), people_(people) {}

  QuarterGrade grade(const std::string& staff, int year, int q) {
    const auto& p = s_.policy();
    QuarterGrade g;
    g.q = q;
    const int key = quarter_key(year, q);
    const auto* c = counters_of(s_, staff, key);
    const auto* a = find_assessment(s_, staff, year, q);
    if (c) g.counters = *c;
    if (a) {
      g.marks = a->marks;
      g.grounds = a->grounds;
    }
    const bool records = c && (c->days_present > 0 || c->attendance_milli > 0 || c->discipline_milli > 0);
    g.assessed = records || (a && !a->marks.empty());
    if (!g.assessed) return g;
    const StaffQuarter none;
    const StaffQuarter& k = c ? *c : none;
    g.attendance = penalty_component(p, k.attendance_milli);
    g.discipline = penalty_component(p, k.discipline_milli);
    const double rate = k.days_present ? static_cast<double>(k.served) / k.days_present : 0.0;
    const double mean = mean_rate(key);
    g.caseload = mean > 0 ? clamp100(std::llround(100.0 * rate / mean)) : 100;
    g.efficiency = k.served ? clamp100(100LL * k.within_promise / k.served) : 100;
    g.satisfaction = k.ratings ? clamp100(100LL * k.satisfied / k.ratings) : 100;
    // R-SCR-5: the event components and the supervisor's judgement items by the profile's
    // weights. An item not marked yet is left out and the rest carry the grade.
    std::int64_t weighted = static_cast<std::int64_t>(p.weight_attendance) * g.attendance +
                            static_cast<std::int64_t>(p.weight_discipline) * g.discipline +
                            static_cast<std::int64_t>(p.weight_caseload) * g.caseload +
                            static_cast<std::int64_t>(p.weight_efficiency) * g.efficiency +
                            static_cast<std::int64_t>(p.weight_satisfaction) * g.satisfaction;
    std::int64_t total = static_cast<std::int64_t>(p.weight_attendance) + p.weight_discipline + p.weight_caseload +
                         p.weight_efficiency + p.weight_satisfaction;
    for (const auto& [item, weight] : p.judgement_weights) {
      if (weight <= 0) continue;
      const auto m = g.marks.find(item);
      if (m == g.marks.end()) {
        g.pending.push_back(item);
        continue;
      }
      weighted += static_cast<std::int64_t>(weight) * m->second;
      total += weight;
    }
    g.score = total > 0 ? clamp100((weighted + total / 2) / total) : 100;
    g.grade = grade_of(p, g.score);
    return g;
  }

 private:
  double mean_rate(int key) {
    if (const auto it = mean_.find(key); it != mean_.end()) return it->second;
    double sum = 0;
    int n = 0;
    for (const auto* st : people_) {
      const auto* c = counters_of(s_, st->id, key);
      if (!c || c->days_present == 0) continue;
      sum += static_cast<double>(c->served) / c->days_present;
      ++n;
    }
    return mean_[key] = n ? sum / n : 0;
  }

  const State& s_;
  const std::vector<const domain::Staff*>& people_;
  std::map<int, double> mean_;
};

// R-SCR-6 (000 第十九条(五)): the kinds each bulletin against a person cited, with its time.
std::map<std::string, std::vector<std::pair<Time, std::string>>> bulletined_kinds(const State& s) {
  std::map<std::string, std::vector<std::pair<Time, std::string>>> out;
  for (const auto& [id, b] : s.bulletins)
    for (const auto& v : b.violations)
      if (const auto it = s.violations.find(v); it != s.violations.end()) out[b.staff].emplace_back(b.at, it->second.kind);
  return out;
}

}  // namespace

bool assessed_person(const domain::HallConfig& c, const domain::Staff& st) {
  return st.role == domain::StaffRole::staff || on_a_roster(c, st.id);
}

const Assessment* find_assessment(const State& s, const std::string& staff, int year, int quarter) {
  const auto it = s.assessments.find(staff);
  if (it == s.assessments.end()) return nullptr;
  const auto q = it->second.find(quarter_key(year, quarter));
  return q == it->second.end() ? nullptr : &q->second;
}

bool is_return_finding(std::string_view ground) noexcept { return ground == "misconduct" || ground == "rude_conduct"; }

std::optional<std::pair<int, int>> parse_quarter_period(std::string_view period) noexcept {
  // "2026-Q4"
  if (period.size() != 7 || period[4] != '-' || period[5] != 'Q' || period[6] < '1' || period[6] > '4') return std::nullopt;
  int year = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (period[i] < '0' || period[i] > '9') return std::nullopt;
    year = year * 10 + (period[i] - '0');
  }
  return std::pair{year, period[6] - '0'};
}

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
    if (assessed_person(cfg, st)) people.push_back(&st);
  Grader grader(s, people);
  const auto bulletined = bulletined_kinds(s);
  const int return_after = p.return_after_failing_quarters;

  for (const auto* st : people) {
    StaffScore ss;
    ss.id = st->id;
    ss.name = st->name;
    ss.department = st->department;
    if (const auto it = by_staff.find(st->id); it != by_staff.end()) ss.violations = it->second;
    // R-SCR-6: consecutive failing quarters count across the year end (002 第二十九条), so the
    // run starts with the failing quarters that closed last year.
    int run = 0;
    if (p.return_quarters_consecutive && return_after > 1) {
      int y = year, q = 1;
      for (int back = 1; back < return_after; ++back) {
        if (--q == 0) q = 4, --y;
        const auto g = grader.grade(st->id, y, q);
        if (!g.assessed || g.grade != "poor") break;
        ++run;
      }
    }
    int longest_run = 0, assessed = 0, score_sum = 0;
    bool warned = false;  // a warning stands until a passing quarter answers it
    std::vector<std::string> found;
    for (int q = 1; q <= 4; ++q) {
      QuarterGrade g = grader.grade(st->id, year, q);
      if (const auto* c = counters_of(s, st->id, quarter_key(year, q))) {
        ss.bulletins += c->bulletins;
        ss.verified_complaints += c->verified_complaints;
        ss.refusals += c->refusals;
      }
      for (const auto& ground : g.grounds)
        if (std::find(found.begin(), found.end(), ground) == found.end()) found.push_back(ground);
      if (g.assessed) {
        ++assessed;
        score_sum += g.score;
        if (g.grade == "poor") {
          ++ss.poor_quarters;
          longest_run = std::max(longest_run, ++run);
          const int count = p.return_quarters_consecutive ? run : ss.poor_quarters;
          // R-SCR-6 (002 第二十九条): a failing quarter short of a return is 诫勉谈话 + 限期整改.
          if (p.warn_after_failing_quarters > 0 && count >= p.warn_after_failing_quarters &&
              (return_after <= 0 || count < return_after)) {
            ss.warnings.push_back({year, q, end_of_next_quarter(year, q)});
            warned = true;
          }
        } else {
          run = 0;
          warned = false;
        }
      } else {
        run = 0;  // a quarter without records breaks a run of failing ones
      }
      ss.quarters.push_back(std::move(g));
    }
    ss.poor_run = longest_run;
    // R-SCR-3 (001 第二十二条): more than the limits in the year → not "excellent".
    ss.excellent_eligible = ss.bulletins <= p.excellent_max_bulletins && ss.verified_complaints <= p.excellent_max_complaints;
    // R-SCR-6, every ground of 000 第十九条 and 002 第二十九条:
    // (一)(二) misconduct and rude conduct, as a supervisor found them;
    for (const auto& ground : found) ss.return_reasons.push_back(ground);
    // (二) refusing management, repeatedly;
    if (p.return_after_refusals > 0 && ss.refusals >= p.return_after_refusals) ss.return_reasons.push_back("refusing_management");
    // (三) failing quarters: any in the year (000), or in a row across the year end (002);
    const int failing = p.return_quarters_consecutive ? longest_run : ss.poor_quarters;
    if (return_after > 0 && failing >= return_after)
      ss.return_reasons.push_back(p.return_quarters_consecutive ? "consecutive_poor_quarters" : "poor_quarters");
    // (四) a failing year, judged once the year is over;
    if (year_over && assessed > 0 && (score_sum + assessed / 2) / assessed < p.grade_pass_min)
      ss.return_reasons.push_back("poor_year");
    // (五) after a bulletin, the same kind of violation again (处理后仍不改正).
    if (p.return_on_repeat_after_bulletin)
      if (const auto b = bulletined.find(st->id); b != bulletined.end()) {
        const bool again = std::any_of(ss.violations.begin(), ss.violations.end(), [&](const Violation* v) {
          return std::any_of(b->second.begin(), b->second.end(),
                             [&](const auto& cited) { return v->at > cited.first && v->kind == cited.second; });
        });
        if (again) ss.return_reasons.push_back("uncorrected_after_bulletin");
      }
    ss.return_flag = !ss.return_reasons.empty();
    ss.stage = ss.return_flag ? "return" : warned ? "warning" : "none";
    out.staff.push_back(std::move(ss));
  }
  return out;
}

}  // namespace hallq::core
