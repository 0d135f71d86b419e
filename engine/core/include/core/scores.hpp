// Yearly scores (考核) from the running tallies in State: department points (R-SCR-1, R-SCR-4,
// R-SCR-7), staff eligibility (R-SCR-3), quarterly grades (R-SCR-5) and return flags (R-SCR-6).
// A pure query: no log reading, so it answers in time proportional to staff and violations.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/state.hpp"

namespace hallq::core {

/// Points are in thousandths so sums and comparisons are exact (R-SCR-1).
struct DepartmentScore {
  std::string id, name;
  std::int64_t start_milli = 0;     // annual_points
  std::int64_t total_milli = 0;     // every confirmed deduction of the year
  std::int64_t deducted_milli = 0;  // what was lost: the total, but never more than the start (扣完为止)
  std::int64_t left_milli = 0;
  bool advanced_eligible = true;             // R-SCR-4
  std::int64_t district_share_milli = 0;     // R-SCR-7: left / start × center_weight_percent, in thousandths
  std::vector<const Violation*> violations;  // the confirmed deductions behind the total (R-SCR-8)
};

struct QuarterGrade {
  int q = 1;
  bool assessed = false;  // false for a quarter without any record (e.g. still to come)
  int score = 0;          // 0–100, the weighted sum of the components
  std::string grade;      // excellent | good | pass | poor
  int attendance = 0, discipline = 0, caseload = 0, efficiency = 0, satisfaction = 0;
  std::map<std::string, int> marks;  // judgement items a supervisor marked (R-SCR-5)
  std::vector<std::string> pending;  // judgement items with a weight and no mark yet: left out of the score
  std::vector<std::string> grounds;  // return grounds found in the quarter's assessment (R-SCR-6)
  StaffQuarter counters;
};

/// 诫勉谈话 + 限期整改 after a failing quarter (R-SCR-6, 002 第二十九条): rectify by the end of the
/// next quarter, when the next assessment shows whether it worked.
struct Warning {
  int year = 0, q = 0;
  std::string rectify_by;  // "YYYY-MM-DD", the last day of the next quarter
};

struct StaffScore {
  std::string id, name, department;
  int bulletins = 0;
  int verified_complaints = 0;
  int refusals = 0;
  bool excellent_eligible = true;  // R-SCR-3
  std::vector<QuarterGrade> quarters;
  int poor_quarters = 0;
  int poor_run = 0;          // the longest run of failing quarters, counting back across the year end
  bool return_flag = false;  // R-SCR-6
  std::vector<std::string> return_reasons;
  std::vector<Warning> warnings;             // R-SCR-6 (002 第二十九条), when the profile has that step
  std::string stage = "none";                // "none" | "warning" (a warning not yet answered by a passing quarter) | "return"
  std::vector<const Violation*> violations;  // the confirmed deductions charged to the person (R-SCR-8)
};

struct Scores {
  int year = 0;
  std::vector<DepartmentScore> departments;
  std::vector<StaffScore> staff;
};

/// Whether the scores grade this person: everyone on a window roster and everyone with the plain
/// staff role (R-SCR-3, R-SCR-5, R-SCR-6).
bool assessed_person(const domain::HallConfig& c, const domain::Staff& st);

/// The standing assessment of a person's quarter, or nullptr (R-SCR-5).
const Assessment* find_assessment(const State& s, const std::string& staff, int year, int quarter);

/// Return grounds a supervisor records in an assessment (R-SCR-6, 000 第十九条(一)(二)):
/// "misconduct" (违法违纪) and "rude_conduct" (作风粗暴、态度恶劣).
bool is_return_finding(std::string_view ground) noexcept;

/// Parses an assessment's period "2026-Q4" into year and quarter.
std::optional<std::pair<int, int>> parse_quarter_period(std::string_view period) noexcept;

/// The scores of `year` (hall local calendar) as the state stands.
Scores compute_scores(const State& s, int year);

/// "excellent" | "good" | "pass" | "poor" for a 0–100 score, by the policy's bands (R-SCR-5).
std::string grade_of(const domain::Policy& p, int score);

}  // namespace hallq::core
