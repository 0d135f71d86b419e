// The five shipped policy profiles, one per source document in RULES.md.
#include "domain/policy.hpp"

#include <algorithm>

namespace hallq::domain {
namespace {

// R-SCR-2: deduction catalog of 001 第二十一条, plus the AB / empty-window items of 003.
std::map<std::string, double> district_catalog() {
  return {
      {"schedule", 0.1},
      {"off_post_inspection", 0.2},
      {"desk_messy", 0.05},
      {"dress_signs", 0.05},
      {"phone_unanswered", 0.1},
      {"idle_behaviour", 0.1},
      {"idle_behaviour_inspection", 0.2},
      {"missed_meeting", 0.1},
      {"complaint_verified", 0.1},
      {"criticized_publicly", 0.3},
      {"refusing_management", 0.2},
      {"items_not_moved_in", 0.2},
      {"window_empty", 0.1},  // R-EMP-2
      {"ab_violation", 0.1},  // R-AB-5
      // 003 五(三) names 超过时限未办结 a liability item; no seed gives its points (R-CASE-5).
      {"case_overdue", 0.1},
  };
}

// 001 is the base: where another document is silent, its profile keeps these values.
Policy district_hall() {
  Policy p;
  p.profile = "district-hall";
  p.deductions = district_catalog();
  return p;
}

std::vector<Policy> build_profiles() {
  std::vector<Policy> out;

  Policy dongli = district_hall();  // 000: 东丽区
  dongli.profile = "dongli-2022";
  dongli.tenure_years = 1;            // 000 第三条
  dongli.chief_away_deputy_days = 1;  // 000 第十五条
  // 000 第十五条: other resident staff follow their department's attendance rules (the
  // department head approves, whatever the length) and file (备案) the leave with the center.
  dongli.leave_short_max_days = 1;
  dongli.leave_chain_short = {"department_head"};
  dongli.leave_chain_long = {"department_head"};
  dongli.leave_filed_with = {"supervisor"};
  // The chief representative reports every absence to the center (报备), recorded as the
  // center's step; away more than a day the deputy head (分管领导) agrees as well (R-OFF-4).
  dongli.chief_leave_chain = {"supervisor"};
  dongli.return_after_failing_quarters = 2;  // 000 第十九条: two quarters rated 较差
  dongli.return_quarters_consecutive = false;
  dongli.center_weight_percent = 30;  // 000 第十六条
  // 000 第十七条: 出勤管理、工作纪律、服务质量、内务秩序、负面影响. Order counts among the
  // discipline deductions (desk_messy, dress_signs); damage to the hall's reputation is the
  // supervisor's judgement. The split of the weights is ours: the article names no figures.
  dongli.weight_attendance = 20;
  dongli.weight_discipline = 20;
  dongli.weight_caseload = 15;
  dongli.weight_efficiency = 15;
  dongli.weight_satisfaction = 20;
  dongli.judgement_weights = {{"negative_impact", 10}};
  out.push_back(dongli);

  out.push_back(district_hall());  // 001

  Policy grassroots = district_hall();  // 002
  grassroots.profile = "grassroots-2021";
  grassroots.return_after_failing_quarters = 2;  // 002 第二十九条: two consecutive quarters
  grassroots.return_quarters_consecutive = true;
  // 002 第二十六条 德能勤绩廉: 勤 is attendance and discipline, 绩 caseload, 能 efficiency and
  // satisfaction (第二十七条); 德 and 廉 only a supervisor can judge. The figures are ours.
  grassroots.weight_attendance = 15;
  grassroots.weight_discipline = 20;
  grassroots.weight_caseload = 15;
  grassroots.weight_efficiency = 10;
  grassroots.weight_satisfaction = 20;
  grassroots.judgement_weights = {{"de", 10}, {"lian", 10}};
  grassroots.warn_after_failing_quarters = 1;
  grassroots.promise_max_percent_of_legal =
      50;  // 002 实施方案: promised limits at least 50 % below the legal ones  // 002 第二十九条: 诫勉谈话并责令限期整改
  out.push_back(grassroots);

  Policy shuitian = district_hall();  // 003
  shuitian.profile = "shuitian-2020";
  shuitian.leave_short_max_days = 2;  // 003 五(一)2: ≤ 2 days by the director
  shuitian.leave_chain_short = {"supervisor"};
  // More than 2 days: the director reviews first (初审), then the secretary / township head.
  shuitian.leave_chain_long = {"supervisor", "deputy_head"};
  shuitian.official_chain = {"supervisor"};  // 003 五(一)2: 因公外出 by the director
  shuitian.tenure_years = 3;                 // 003 五(二)2
  shuitian.bulletin_period = "monthly";      // 003 一.3
  out.push_back(shuitian);

  Policy fengtai = district_hall();  // 004
  fengtai.profile = "fengtai";
  fengtai.warn_ratio = 0.8;              // 004 第十六条 graded warnings
  fengtai.one_time_notice_workdays = 5;  // 004 第十四条
  fengtai.tenure_years = 2;              // 004 第二十五条
  out.push_back(fengtai);

  return out;
}

const std::vector<Policy>& profiles() {
  static const std::vector<Policy> all = build_profiles();
  return all;
}

}  // namespace

const std::vector<std::string>& profile_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& p : profiles()) n.push_back(p.profile);
    return n;
  }();
  return names;
}

const Policy* find_profile(std::string_view name) {
  const auto& all = profiles();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Policy& p) { return p.profile == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace hallq::domain
