// Engine: the yearly scores from the running tallies — department points down to zero
// (R-SCR-1), only confirmed deductions (R-SCR-2), excellent and advanced eligibility (R-SCR-3,
// R-SCR-4), quarterly grades (R-SCR-5), return flags (R-SCR-6), the district share (R-SCR-7)
// and the trace of every deduction (R-SCR-8). Expectations are computed by hand in comments.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "core/scores.hpp"
#include "test_hall.hpp"

namespace hallq::test {
namespace {

using Strings = std::vector<std::string>;

std::string with_policy(std::string_view overrides, std::string_view profile = "district-hall") {
  std::string json(hall_json);
  const std::string from = R"("policy": {"profile": "district-hall"})";
  std::string to = R"("policy": {"profile": ")" + std::string(profile) + "\"";
  if (!overrides.empty()) to += ", " + std::string(overrides);
  json.replace(json.find(from), from.size(), to + "}");
  return json;
}

const core::DepartmentScore& dept(const core::Scores& s, std::string_view id) {
  for (const auto& d : s.departments)
    if (d.id == id) return d;
  ADD_FAILURE() << "no department " << id;
  return s.departments.front();
}

const core::StaffScore& person(const core::Scores& s, std::string_view id) {
  for (const auto& p : s.staff)
    if (p.id == id) return p;
  ADD_FAILURE() << "no staff " << id;
  return s.staff.front();
}

std::string inspect(Hall& h, const std::string& kind, const std::string& staff, const std::string& department = "") {
  const auto ev = h.ok(as("s008", core::RecordViolation{kind, staff, department, "巡查"}));
  return ev.empty() ? std::string() : ev.front().violation;
}

// The late sign-in's proposed deduction (the other proposals are empty windows).
std::string attendance_violation(const Hall& h) {
  for (const auto& [id, v] : h.state.violations)
    if (v.rule == "R-ATT-2") return id;
  ADD_FAILURE() << "no R-ATT-2 proposal";
  return "";
}

// [SECTION] departments

TEST(RSCR1, three_tenths_and_one_three_tenths_leave_exactly_1_4_and_RSCR4_not_advanced) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  for (int i = 0; i < 3; ++i) inspect(h, "schedule", "s005");
  inspect(h, "criticized_publicly", "", "rsj");
  const auto sc = core::compute_scores(h.state, 2026);
  const auto& rsj = dept(sc, "rsj");
  // 2 − (0.1 + 0.1 + 0.1 + 0.3) = 1.4, in thousandths: 2000 − 600.
  EXPECT_EQ(rsj.start_milli, 2000);
  EXPECT_EQ(rsj.deducted_milli, 600);
  EXPECT_EQ(rsj.left_milli, 1400);
  EXPECT_EQ(static_cast<double>(rsj.left_milli) / 1000.0, 1.4);
  EXPECT_FALSE(rsj.advanced_eligible);  // 0.6 > 0.3
  EXPECT_EQ(rsj.violations.size(), 4u);
  // R-SCR-7: 1.4 / 2 × 30 % = 21 percentage points of the district item.
  EXPECT_EQ(rsj.district_share_milli, 21000);
  const auto& zwb = dept(sc, "zwb");
  EXPECT_EQ(zwb.left_milli, 2000);
  EXPECT_TRUE(zwb.advanced_eligible);
  EXPECT_EQ(zwb.district_share_milli, 30000);
  // Another year is untouched.
  EXPECT_EQ(dept(core::compute_scores(h.state, 2027), "rsj").left_milli, 2000);
}

TEST(RSCR4, exactly_three_tenths_lost_is_still_advanced_eligible) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  for (int i = 0; i < 3; ++i) inspect(h, "schedule", "s001");  // 0.3, not more than 0.3
  EXPECT_TRUE(dept(core::compute_scores(h.state, 2026), "zwb").advanced_eligible);
  inspect(h, "desk_messy", "s001");  // 0.35
  EXPECT_FALSE(dept(core::compute_scores(h.state, 2026), "zwb").advanced_eligible);
}

TEST(RSCR1, points_stop_at_zero_however_much_is_deducted) {
  Hall h(with_policy(R"("annual_points": 1)"));
  h.advance_to("2026-11-23T09:00:00");
  for (int i = 0; i < 4; ++i) inspect(h, "criticized_publicly", "", "zwb");  // 1.2 of 1
  const auto& zwb = dept(core::compute_scores(h.state, 2026), "zwb");
  EXPECT_EQ(zwb.start_milli, 1000);
  EXPECT_EQ(zwb.total_milli, 1200);
  EXPECT_EQ(zwb.deducted_milli, 1000);
  EXPECT_EQ(zwb.left_milli, 0);
  EXPECT_EQ(zwb.district_share_milli, 0);
}

TEST(RSCR2, only_confirmed_deductions_count_and_a_dismissed_one_leaves_the_points) {
  Hall h;
  h.advance_to("2026-11-23T09:10:00");
  h.sign_in("s005", "W03");  // late: a proposed `schedule` deduction (R-ATT-2)
  const std::string v = attendance_violation(h);
  EXPECT_EQ(dept(core::compute_scores(h.state, 2026), "rsj").left_milli, 2000);  // proposed only
  h.ok(as("s008", core::DecideViolation{v, false, "交通管制，情有可原"}));
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_EQ(dept(sc, "rsj").left_milli, 2000);
  EXPECT_TRUE(dept(sc, "rsj").violations.empty());
  EXPECT_EQ(person(sc, "s005").bulletins, 0);
}

TEST(RSCR2, withdrawing_a_confirmed_deduction_gives_the_points_back_and_keeps_the_history) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const std::string v = inspect(h, "criticized_publicly", "s005");  // 0.3, confirmed at once
  EXPECT_EQ(dept(core::compute_scores(h.state, 2026), "rsj").left_milli, 1700);
  EXPECT_EQ(h.refused(as("s008", core::DecideViolation{v, false, "录入错误"})).code, Refusal::violation_decided);
  EXPECT_EQ(h.refused(as("s008", core::DecideViolation{v, false, "", true})).code, Refusal::invalid);
  const auto ev = h.ok(as("s008", core::DecideViolation{v, false, "录入错误，应为他人", true}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, EventType::violation_dismissed);
  EXPECT_EQ(ev[0].reason, "correction");
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_EQ(dept(sc, "rsj").left_milli, 2000);
  EXPECT_EQ(person(sc, "s005").bulletins, 0);
  EXPECT_EQ(h.state.violations.at(v).decisions.size(), 2u);  // confirmed, then withdrawn
  EXPECT_EQ(h.refused(as("s008", core::DecideViolation{v, false, "again", true})).code, Refusal::violation_not_confirmed);
  // A complaint's deduction follows the complaint's verdict, not a withdrawal.
  h.ok(as("anonymous", core::FileComplaint{"", "s005", "", "x"}));
  const auto yes = h.ok(as("s008", core::VerifyComplaint{"C1", true, ""}));
  EXPECT_EQ(h.refused(as("s008", core::DecideViolation{yes[1].violation, false, "no", true})).code, Refusal::complaint_decides);
}

// [SECTION] staff eligibility

TEST(RSCR3, three_verified_complaints_in_a_year_make_a_person_not_excellent_eligible) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  for (int i = 1; i <= 3; ++i) {
    h.ok(as("anonymous", core::FileComplaint{"", "s002", "", "投诉" + std::to_string(i)}));
    h.ok(as("s008", core::VerifyComplaint{"C" + std::to_string(i), true, ""}));
    const auto sc = core::compute_scores(h.state, 2026);
    EXPECT_EQ(person(sc, "s002").verified_complaints, i);
    EXPECT_EQ(person(sc, "s002").excellent_eligible, i <= 2) << i << " complaints";
    EXPECT_EQ(person(sc, "s002").bulletins, 0);
  }
  // A revised verdict takes one back: eligible again.
  h.ok(as("s008", core::VerifyComplaint{"C2", false, "复核不属实"}));
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_EQ(person(sc, "s002").verified_complaints, 2);
  EXPECT_TRUE(person(sc, "s002").excellent_eligible);
}

TEST(RSCR3, three_bulletins_for_schedule_or_behaviour_make_a_person_not_excellent_eligible) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  inspect(h, "schedule", "s003");
  inspect(h, "idle_behaviour", "s003");
  inspect(h, "dress_signs", "s003");
  // Deductions alone are not bulletins (通报批评): R-SCR-3 counts the supervisor's bulletins.
  EXPECT_EQ(person(core::compute_scores(h.state, 2026), "s003").bulletins, 0);
  EXPECT_TRUE(person(core::compute_scores(h.state, 2026), "s003").excellent_eligible);
  h.ok(as("s008", core::IssueBulletin{"s003", {"V1"}, "迟到通报"}));
  h.ok(as("s008", core::IssueBulletin{"s003", {"V2", "V3"}, "工作纪律通报"}));
  EXPECT_TRUE(person(core::compute_scores(h.state, 2026), "s003").excellent_eligible);  // 2 is the limit
  h.ok(as("s008", core::IssueBulletin{"s003", {"V1"}, "再次通报"}));
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_EQ(person(sc, "s003").bulletins, 3);
  EXPECT_FALSE(person(sc, "s003").excellent_eligible);
  EXPECT_EQ(person(sc, "s003").violations.size(), 3u);  // R-SCR-8: each deduction traceable
  EXPECT_TRUE(person(sc, "s004").violations.empty());
  EXPECT_TRUE(person(sc, "s004").excellent_eligible);
}

TEST(RSCR3, a_bulletin_cites_confirmed_violations_of_that_person_or_is_refused_and_changes_nothing) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  inspect(h, "schedule", "s003");  // V1, confirmed
  h.ok(as("s008", core::FileComplaint{"", "s004", "", "态度差"}));
  const auto before = h.log.size();
  EXPECT_EQ(h.refused(as("s008", core::IssueBulletin{"s003", {}, "x"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", core::IssueBulletin{"s003", {"V1"}, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", core::IssueBulletin{"s003", {"V9"}, "x"})).code, Refusal::unknown_violation);
  EXPECT_EQ(h.refused(as("s008", core::IssueBulletin{"s004", {"V1"}, "x"})).code, Refusal::violation_other_staff);
  EXPECT_EQ(h.refused(as("s008", core::IssueBulletin{"nobody", {"V1"}, "x"})).code, Refusal::unknown_staff);
  EXPECT_EQ(h.refused(as("s008", core::IssueBulletin{"s003", {"V1", "V1"}, "x"})).code, Refusal::invalid);
  EXPECT_EQ(h.log.size(), before);
  EXPECT_TRUE(h.state.bulletins.empty());
  const auto ev = h.ok(as("s008", core::IssueBulletin{"s003", {"V1"}, "迟到通报"}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, domain::EventType::bulletin_issued);
  EXPECT_EQ(ev[0].bulletin, "B1");
  EXPECT_EQ(ev[0].violations, (std::vector<std::string>{"V1"}));
  EXPECT_EQ(h.state.bulletins.at("B1").staff, "s003");
}

// [SECTION] quarterly grades

TEST(RSCR5, a_quarter_graded_from_the_profile_weights) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  const auto t1 = h.issue("shebao");
  const auto t2 = h.issue("shebao");
  h.serve("W03");
  h.serve("W03");
  h.ok(as("citizen", core::RateTicket{t1, 5}));
  h.ok(as("citizen", core::RateTicket{t2, 1}));  // one of two satisfied: satisfaction 50
  inspect(h, "schedule", "s005");                // 0.1 → attendance 100 − 10 = 90
  const auto sc = core::compute_scores(h.state, 2026);
  const auto& q4 = person(sc, "s005").quarters.at(3);
  ASSERT_TRUE(q4.assessed);
  EXPECT_EQ(q4.attendance, 90);
  EXPECT_EQ(q4.discipline, 100);
  EXPECT_EQ(q4.caseload, 100);    // the only one present: the mean is his own rate
  EXPECT_EQ(q4.efficiency, 100);  // both within 20 minutes
  EXPECT_EQ(q4.satisfaction, 50);
  // 0.2 × (90 + 100 + 100 + 100 + 50) = 88 → good (80 ≤ 88 < 90).
  EXPECT_EQ(q4.score, 88);
  EXPECT_EQ(q4.grade, "good");
  EXPECT_FALSE(person(sc, "s005").quarters.at(0).assessed);  // no record in Q1
  EXPECT_FALSE(person(sc, "s001").quarters.at(3).assessed);
}

TEST(RSCR5, grade_weights_and_bands_come_from_the_profile) {
  // grassroots-2021 (德能勤绩廉): attendance 15, discipline 20, caseload 15, efficiency 10,
  // satisfaction 20, and the judgement items de 10 and lian 10.
  Hall h(with_policy("", "grassroots-2021"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  inspect(h, "refusing_management", "s005");  // 0.2 → discipline 80
  auto q4 = person(core::compute_scores(h.state, 2026), "s005").quarters.at(3);
  // No marks yet: graded on the events, (15×100 + 20×80 + 15×100 + 10×100 + 20×100) / 80 = 95.
  EXPECT_EQ(q4.discipline, 80);
  EXPECT_EQ(q4.score, 95);
  EXPECT_EQ(q4.grade, "excellent");
  EXPECT_EQ(q4.pending, (Strings{"de", "lian"}));
}

TEST(RSCR5, a_supervisors_marks_for_the_judgement_items_weigh_in_by_the_profile) {
  Hall h(with_policy("", "grassroots-2021"));
  h.advance_to("2026-11-23T09:00:00");
  h.sign_in("s005", "W03");
  inspect(h, "refusing_management", "s005");
  const auto ev = h.ok(as("s008", core::RecordAssessment{"s005", 2026, 4, {{"de", 50}, {"lian", 70}}, {}, ""}));
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].type, domain::EventType::assessment_recorded);
  EXPECT_EQ(ev[0].period, "2026-Q4");
  EXPECT_EQ(ev[0].rule, "R-SCR-5");
  auto q4 = person(core::compute_scores(h.state, 2026), "s005").quarters.at(3);
  // (7600 + 10×50 + 10×70) / 100 = 88 → good
  EXPECT_EQ(q4.score, 88);
  EXPECT_EQ(q4.grade, "good");
  EXPECT_TRUE(q4.pending.empty());
  // A corrected record replaces the quarter's marks; the log keeps both.
  h.ok(as("s008", core::RecordAssessment{"s005", 2026, 4, {{"de", 100}, {"lian", 100}}, {}, ""}));
  q4 = person(core::compute_scores(h.state, 2026), "s005").quarters.at(3);
  EXPECT_EQ(q4.score, 96);
  EXPECT_EQ(q4.marks.at("de"), 100);
}

TEST(RSCR5, a_bad_assessment_is_refused_and_changes_nothing) {
  Hall h(with_policy("", "grassroots-2021"));
  h.advance_to("2026-11-23T09:00:00");
  const auto before = h.log.size();
  using RA = core::RecordAssessment;
  EXPECT_EQ(h.refused(as("s008", RA{"nobody", 2026, 4, {{"de", 90}}, {}, ""})).code, Refusal::unknown_staff);
  EXPECT_EQ(h.refused(as("s008", RA{"s008", 2026, 4, {{"de", 90}}, {}, ""})).code, Refusal::invalid);  // a supervisor
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 5, {{"de", 90}}, {}, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2027, 1, {{"de", 90}}, {}, ""})).code, Refusal::invalid);  // not begun
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 4, {{"xx", 90}}, {}, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 4, {{"de", 101}}, {}, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 4, {{"de", 9}, {"de", 8}}, {}, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 4, {}, {}, ""})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 4, {}, {"lazy"}, "x"})).code, Refusal::invalid);
  EXPECT_EQ(h.refused(as("s008", RA{"s005", 2026, 4, {}, {"misconduct"}, ""})).code, Refusal::invalid);  // note needed
  EXPECT_EQ(h.log.size(), before);
  EXPECT_TRUE(h.state.assessments.empty());
}

// [SECTION] return to the department

// Every confirmed 0.1 costs the whole attendance component here, so one slip makes the
// quarter 80 of 100 — below the pass mark of 85.
constexpr std::string_view harsh =
    R"("grade_penalty_per_point": 1000, "grade_excellent_min": 95, "grade_good_min": 90, "grade_pass_min": 85)";

TEST(RSCR6, two_poor_quarters_in_a_year_flag_a_return_under_district_hall) {
  Hall h(with_policy(harsh), at("2026-03-30T08:30:00"));  // a Monday in Q1
  h.advance_to("2026-03-30T09:00:00");
  inspect(h, "schedule", "s004");
  auto sc = core::compute_scores(h.state, 2026);
  EXPECT_EQ(person(sc, "s004").quarters.at(0).grade, "poor");
  EXPECT_FALSE(person(sc, "s004").return_flag);
  h.advance_to("2026-07-01T09:00:00");  // Q3: a quarter apart is enough here
  inspect(h, "schedule", "s004");
  sc = core::compute_scores(h.state, 2026);
  EXPECT_EQ(person(sc, "s004").poor_quarters, 2);
  EXPECT_TRUE(person(sc, "s004").return_flag);
  EXPECT_EQ(person(sc, "s004").return_reasons, Strings{"poor_quarters"});
}

TEST(RSCR6, grassroots_profile_needs_two_consecutive_poor_quarters) {
  Hall h(with_policy(harsh, "grassroots-2021"), at("2026-03-30T08:30:00"));
  h.advance_to("2026-03-30T09:00:00");
  inspect(h, "schedule", "s004");  // Q1 poor
  h.advance_to("2026-07-01T09:00:00");
  inspect(h, "schedule", "s004");  // Q3 poor, Q2 without records
  EXPECT_FALSE(person(core::compute_scores(h.state, 2026), "s004").return_flag);
  h.advance_to("2026-10-01T09:00:00");
  inspect(h, "schedule", "s004");  // Q4 poor: Q3 and Q4 in a row
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_TRUE(person(sc, "s004").return_flag);
  EXPECT_EQ(person(sc, "s004").return_reasons, Strings{"consecutive_poor_quarters"});
}

TEST(RSCR6, repeated_refusal_of_management_flags_a_return) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  inspect(h, "refusing_management", "s007");
  EXPECT_FALSE(person(core::compute_scores(h.state, 2026), "s007").return_flag);
  inspect(h, "refusing_management", "s007");
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_TRUE(person(sc, "s007").return_flag);
  EXPECT_EQ(person(sc, "s007").return_reasons, Strings{"refusing_management"});
}

TEST(RSCR6, one_failing_quarter_calls_for_a_warning_talk_and_rectification_under_grassroots) {
  Hall h(with_policy(harsh, "grassroots-2021"), at("2026-07-01T08:30:00"));
  h.advance_to("2026-07-01T09:00:00");
  inspect(h, "schedule", "s004");  // Q3 poor
  auto sc = core::compute_scores(h.state, 2026);
  ASSERT_EQ(person(sc, "s004").warnings.size(), 1u);
  EXPECT_EQ(person(sc, "s004").warnings[0].q, 3);
  EXPECT_EQ(person(sc, "s004").warnings[0].rectify_by, "2026-12-31");
  EXPECT_EQ(person(sc, "s004").stage, "warning");
  EXPECT_FALSE(person(sc, "s004").return_flag);
  // The district-hall profile (000/001) has no such step.
  Hall d(with_policy(harsh), at("2026-07-01T08:30:00"));
  d.advance_to("2026-07-01T09:00:00");
  inspect(d, "schedule", "s004");
  EXPECT_TRUE(person(core::compute_scores(d.state, 2026), "s004").warnings.empty());
  EXPECT_EQ(person(core::compute_scores(d.state, 2026), "s004").stage, "none");
}

TEST(RSCR6, consecutive_failing_quarters_count_across_the_year_end) {
  Hall h(with_policy(harsh, "grassroots-2021"), at("2026-12-28T08:30:00"));  // a Monday in Q4
  h.advance_to("2026-12-28T09:00:00");
  inspect(h, "schedule", "s004");  // 2026 Q4 poor
  h.advance_to("2027-01-04T09:00:00");
  EXPECT_FALSE(person(core::compute_scores(h.state, 2027), "s004").return_flag);
  inspect(h, "schedule", "s004");  // 2027 Q1 poor: two in a row
  const auto sc = core::compute_scores(h.state, 2027);
  EXPECT_TRUE(person(sc, "s004").return_flag);
  EXPECT_EQ(person(sc, "s004").return_reasons, Strings{"consecutive_poor_quarters"});
  EXPECT_EQ(person(sc, "s004").stage, "return");
  EXPECT_EQ(person(sc, "s004").poor_run, 2);
}

TEST(RSCR6, misconduct_or_rude_conduct_found_by_a_supervisor_flags_a_return) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto ev = h.ok(as("s008", core::RecordAssessment{"s005", 2026, 4, {}, {"rude_conduct"}, "与群众争吵"}));
  EXPECT_EQ(ev.at(0).rule, "R-SCR-6");
  EXPECT_EQ(ev.at(0).grounds, Strings{"rude_conduct"});
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_TRUE(person(sc, "s005").return_flag);
  EXPECT_EQ(person(sc, "s005").return_reasons, Strings{"rude_conduct"});
  EXPECT_FALSE(person(sc, "s005").quarters.at(3).assessed);  // grounds alone grade nothing
}

TEST(RSCR6, the_same_violation_again_after_a_bulletin_flags_a_return) {
  Hall h;
  h.advance_to("2026-11-23T09:00:00");
  const auto v1 = inspect(h, "desk_messy", "s003");
  h.ok(as("s008", core::IssueBulletin{"s003", {v1}, "桌面杂乱通报"}));
  h.advance_to("2026-11-23T10:00:00");
  inspect(h, "dress_signs", "s003");  // another kind: not the one corrected
  EXPECT_FALSE(person(core::compute_scores(h.state, 2026), "s003").return_flag);
  inspect(h, "desk_messy", "s003");
  const auto sc = core::compute_scores(h.state, 2026);
  EXPECT_TRUE(person(sc, "s003").return_flag);
  EXPECT_EQ(person(sc, "s003").return_reasons, Strings{"uncorrected_after_bulletin"});
}

// [SECTION] traceability

TEST(RSCR8, every_deduction_of_a_department_names_its_rule_and_events) {
  Hall h;
  h.advance_to("2026-11-23T09:05:00");
  h.sign_in("s001", "W01");  // late sign-in: proposed with the sign-in event behind it
  const std::string v = attendance_violation(h);
  h.ok(as("s008", core::DecideViolation{v, true, ""}));
  const auto sc = core::compute_scores(h.state, 2026);
  const auto& zwb = dept(sc, "zwb");
  ASSERT_EQ(zwb.violations.size(), 1u);  // the empty-window proposals of 09:03 are not confirmed
  const core::Violation& x = *zwb.violations.front();
  EXPECT_EQ(x.rule, "R-ATT-2");
  EXPECT_EQ(x.staff, "s001");
  ASSERT_FALSE(x.events.empty());
  EXPECT_EQ(h.log.at(static_cast<std::size_t>(x.events.front() - 1)).type, EventType::staff_signed_in);
  ASSERT_EQ(x.decisions.size(), 1u);
  EXPECT_EQ(h.log.at(static_cast<std::size_t>(x.decisions.front() - 1)).type, EventType::violation_confirmed);
}

// [SECTION] cases (R-CASE-5)

// The test hall with 企业开办 (qiye, department zwb) a commitment case: 7 of 20 legal working days.
std::string case_hall() {
  std::string json(hall_json);
  const std::string from = R"("promise_minutes": 40, "service_minutes": 20})";
  json.replace(json.find(from), from.size(),
               R"("promise_minutes": 40, "service_minutes": 20, "legal_days": 20, "promise_days": 7, "kind": "commitment"})");
  return json;
}

TEST(RSCR1, RCASE5_ConfirmedCaseOverdueCountsAgainstTheDepartment) {
  Hall h(case_hall());
  h.advance_to("2026-11-23T08:50:00");
  h.sign_in("s001", "W01");  // before the session: no lateness to confuse the tally
  h.advance_to("2026-11-23T09:30:00");
  h.issue("qiye");
  h.call("W01");
  h.ok(as("s001", core::StartService{"W01"}));
  std::string case_id;
  for (const auto& e : h.ok(as("s001", core::FinishService{"W01", "accepted", {}, "", ""})))
    if (e.type == EventType::case_opened) case_id = e.case_id;
  ASSERT_FALSE(case_id.empty());
  // 7 working days from Monday 11-23 (Wednesday 11-25 a holiday): due at the end of Thursday 12-03.
  EXPECT_EQ(fmt(h.state.cases.at(case_id).due), "2026-12-04T00:00:00+08:00");
  h.advance_to("2026-12-04T00:00:00");
  std::string overdue;
  for (const auto& [id, v] : h.state.violations)
    if (v.kind == "case_overdue" && v.case_id == case_id) overdue = id;
  ASSERT_FALSE(overdue.empty()) << "the deadline passed undecided: a case_overdue deduction is proposed";
  const core::Violation& v = h.state.violations.at(overdue);
  EXPECT_EQ(v.department, "zwb");
  EXPECT_EQ(v.staff, "") << "the department answers for the case, not the staff member who received it";
  const std::int64_t points = static_cast<std::int64_t>(std::llround(v.points * 1000));
  EXPECT_EQ(points, 100);  // 0.1 (district catalog)
  const auto left_before = dept(core::compute_scores(h.state, 2026), "zwb").left_milli;
  EXPECT_EQ(left_before, 2000) << "a proposed deduction does not count (R-SCR-2)";
  h.ok(as("s008", core::DecideViolation{overdue, true, "超过承诺时限未办结，核实属实"}));
  const auto sc = core::compute_scores(h.state, 2026);
  const auto& zwb = dept(sc, "zwb");
  EXPECT_EQ(zwb.total_milli, 100);
  EXPECT_EQ(zwb.left_milli, 2000 - 100);
  ASSERT_EQ(zwb.violations.size(), 1u);
  EXPECT_EQ(zwb.violations.front()->id, overdue);
  EXPECT_EQ(zwb.violations.front()->rule, "R-CASE-5");
  EXPECT_TRUE(person(sc, "s001").violations.empty()) << "nothing charged to the receiving staff member";
}

}  // namespace
}  // namespace hallq::test
