// Policy profiles: every number a hall's management measures set, as data (RULES.md "Rules as data").
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::domain {

/// The parameters of the hall rules. One named instance per source document (the profiles);
/// a hall config picks one and may override any field by name. Code reads these fields and
/// never writes the numbers itself.
struct Policy {
  std::string profile;

  // Coverage and empty windows (R-AB-3, R-EMP-1).
  int cover_grace_minutes = 3;  // uncovered → empty (空岗) after this long
  int escalate_minutes = 10;    // an empty-window alert rises a level after this long
  // Cover from one's own window (R-AB-7): a B on post at their own window takes over an absent
  // A's post from there, and the A's queue is called at the B's window.
  bool remote_cover = true;
  int remote_cover_max_minutes = 30;  // then cover_needed asks someone to sit at the window (0: never)
  // Tickets and dispatch (R-Q-3, R-Q-4, R-Q-7).
  int max_recalls = 2;                 // recalls allowed before the ticket must be a no-show
  int no_show_requeues = 1;            // how often a citizen may re-queue a no-show ticket
  int max_overtakes = 3;               // bounded overtaking: priority tickets that may pass one ordinary ticket
  int appointment_early_minutes = 15;  // an appointment ticket is "due" from this long before its slot
  int appointment_late_minutes = 30;   // … and stays priority until this long after it
  int default_service_minutes = 10;    // service-time estimate when a service names none
  int wait_too_long_minutes = 60;      // waiting longer than this raises wait_too_long
  // Off-post (R-OFF-3, R-OFF-4).
  int max_off_post_minutes = 30;
  int late_grace_minutes = 0;      // R-ATT-2: signing in later than session open + this is late
  int chief_away_deputy_days = 1;  // a chief representative away longer needs the deputy head
  // Leave (R-LV-1, R-LV-2, R-EMP-3).
  int leave_short_max_days = 1;
  std::vector<std::string> leave_chain_short = {"supervisor"};
  std::vector<std::string> leave_chain_long = {"department_head", "supervisor"};
  // Roles that are informed of approved leave without approving it (备案, 000 第十五条).
  std::vector<std::string> leave_filed_with;
  // The chain of a department's chief representative (R-OFF-4 报备); empty = the ordinary
  // chain. The deputy head is added after chief_away_deputy_days either way.
  std::vector<std::string> chief_leave_chain;
  // The chain of official business away (因公外出, R-LV-5); empty = the ordinary leave chain.
  std::vector<std::string> official_chain;
  int leave_notice_days = 1;  // R-AB-4: leave filed later than this many days before it starts is late notice
  int max_concurrent_leave = 2;
  // Time limits (R-SVC-2).
  double warn_ratio = 0.8;
  int unsatisfied_max_level = 2;    // R-SVC-3: ratings at or below this level are 不满意 / 非常不满意
  int follow_up_working_days = 15;  // R-SVC-5
  // Memory: a finished case, a closed follow-up or a decided complaint stays in the live state
  // (and the API's lists) this many days after its last step; the log and the report tables
  // keep it for ever. 0: keep everything in memory.
  int live_retention_days = 31;
  int one_time_notice_workdays = 5;  // R-CASE-2: the written one-time notice is delivered within this
  // Cases (办件, R-SVC-1, R-CASE-1 … R-CASE-5).
  int promise_max_percent_of_legal = 100;  // R-SVC-1: promise_days at most this share of legal_days
  int case_extension_max_days = 10;        // R-CASE-3: one extension of at most this many working days
  // R-CASE-1: the notice of the right to review on a 不予受理 (行政复议法 / 行政诉讼法 periods).
  int review_appeal_days = 60;
  int review_lawsuit_months = 6;
  // Staffing (R-STF-1).
  int tenure_years = 2;
  int rotation_overlap_days = 1;  // R-STF-2: a newcomer is on the roster this long before the leaver goes
  // Scoring (R-SCR-1 … R-SCR-7).
  double annual_points = 2.0;
  std::map<std::string, double> deductions;  // R-SCR-2 catalog: kind → points
  int excellent_max_bulletins = 2;
  int excellent_max_complaints = 2;
  double advanced_max_deducted = 0.3;
  int return_after_failing_quarters = 2;
  bool return_quarters_consecutive = false;
  int center_weight_percent = 30;
  std::string bulletin_period = "quarterly";
  // Quarterly grade weights (R-SCR-5), percent.
  int weight_attendance = 20;
  int weight_discipline = 20;
  int weight_caseload = 20;
  int weight_efficiency = 20;
  int weight_satisfaction = 20;
  // Judgement items a supervisor marks 0–100 per person and quarter (POST /api/assessments),
  // weighed with the five components above; together the weights add up to 100. A quarter
  // whose marks are not in yet is graded on what is in, and says which items are pending.
  std::map<std::string, int> judgement_weights;
  // Quarterly grade bands (R-SCR-5) on the 0–100 weighted score, and how hard a confirmed
  // deduction of one point weighs on the attendance / discipline components.
  int grade_excellent_min = 90;  // 优秀
  int grade_good_min = 80;       // 良好
  int grade_pass_min = 60;       // 一般; below it the quarter is 较差 (poor), which counts for R-SCR-6
  int grade_penalty_per_point = 100;
  int return_after_refusals = 2;  // R-SCR-6: repeated refusal of management (拒不服从管理)
  // R-SCR-6 (002 第二十九条): this many failing quarters call for 诫勉谈话 + 限期整改 before a
  // return (0: the profile has no such step).
  int warn_after_failing_quarters = 0;
  // R-SCR-6 (000 第十九条(五)): a confirmed violation of a kind a bulletin already cited, after
  // that bulletin, is "处理后仍不改正" and a ground for return.
  bool return_on_repeat_after_bulletin = true;
};

/// Names of the shipped profiles, in RULES.md order.
const std::vector<std::string>& profile_names();

/// The named profile, or nullptr when no profile has that name.
const Policy* find_profile(std::string_view name);

/// One overridable parameter: its name and a typed reference into a Policy.
/// Visiting every field keeps the list of names in exactly one place.
template <class Visitor>
void visit_policy_params(Policy& p, Visitor&& v) {
  v("cover_grace_minutes", p.cover_grace_minutes);
  v("escalate_minutes", p.escalate_minutes);
  v("remote_cover", p.remote_cover);
  v("remote_cover_max_minutes", p.remote_cover_max_minutes);
  v("max_recalls", p.max_recalls);
  v("no_show_requeues", p.no_show_requeues);
  v("max_overtakes", p.max_overtakes);
  v("appointment_early_minutes", p.appointment_early_minutes);
  v("appointment_late_minutes", p.appointment_late_minutes);
  v("default_service_minutes", p.default_service_minutes);
  v("wait_too_long_minutes", p.wait_too_long_minutes);
  v("max_off_post_minutes", p.max_off_post_minutes);
  v("late_grace_minutes", p.late_grace_minutes);
  v("chief_away_deputy_days", p.chief_away_deputy_days);
  v("leave_short_max_days", p.leave_short_max_days);
  v("leave_chain_short", p.leave_chain_short);
  v("leave_chain_long", p.leave_chain_long);
  v("leave_filed_with", p.leave_filed_with);
  v("chief_leave_chain", p.chief_leave_chain);
  v("official_chain", p.official_chain);
  v("leave_notice_days", p.leave_notice_days);
  v("max_concurrent_leave", p.max_concurrent_leave);
  v("warn_ratio", p.warn_ratio);
  v("follow_up_working_days", p.follow_up_working_days);
  v("live_retention_days", p.live_retention_days);
  v("one_time_notice_workdays", p.one_time_notice_workdays);
  v("promise_max_percent_of_legal", p.promise_max_percent_of_legal);
  v("case_extension_max_days", p.case_extension_max_days);
  v("review_appeal_days", p.review_appeal_days);
  v("review_lawsuit_months", p.review_lawsuit_months);
  v("tenure_years", p.tenure_years);
  v("rotation_overlap_days", p.rotation_overlap_days);
  v("annual_points", p.annual_points);
  v("deductions", p.deductions);
  v("excellent_max_bulletins", p.excellent_max_bulletins);
  v("excellent_max_complaints", p.excellent_max_complaints);
  v("advanced_max_deducted", p.advanced_max_deducted);
  v("return_after_failing_quarters", p.return_after_failing_quarters);
  v("return_quarters_consecutive", p.return_quarters_consecutive);
  v("center_weight_percent", p.center_weight_percent);
  v("bulletin_period", p.bulletin_period);
  v("weight_attendance", p.weight_attendance);
  v("weight_discipline", p.weight_discipline);
  v("weight_caseload", p.weight_caseload);
  v("weight_efficiency", p.weight_efficiency);
  v("weight_satisfaction", p.weight_satisfaction);
  v("judgement_weights", p.judgement_weights);
  v("unsatisfied_max_level", p.unsatisfied_max_level);
  v("grade_excellent_min", p.grade_excellent_min);
  v("grade_good_min", p.grade_good_min);
  v("grade_pass_min", p.grade_pass_min);
  v("grade_penalty_per_point", p.grade_penalty_per_point);
  v("return_after_refusals", p.return_after_refusals);
  v("warn_after_failing_quarters", p.warn_after_failing_quarters);
  v("return_on_repeat_after_bulletin", p.return_on_repeat_after_bulletin);
}

}  // namespace hallq::domain
