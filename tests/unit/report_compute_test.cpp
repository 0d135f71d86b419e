// compute_report and the renderers: attribution, corrections, deduction standings, CSV and HTML form.
#include <gtest/gtest.h>

#include "protocol/config_loader.hpp"
#include "report/report.hpp"

namespace hallq::report {
namespace {

const char* hall_json = R"({
  "hall": {"id": "unit", "name": "单元测试中心", "utc_offset": "+08:00", "sessions": [["09:00", "12:00"]], "workdays": [1,2,3,4,5]},
  "policy": {"profile": "district-hall", "advanced_max_deducted": 0.3, "excellent_max_bulletins": 1},
  "departments": [{"id": "d1", "name": "<一局>", "chief": "a1"}, {"id": "d2", "name": "=二局", "chief": "a2"}],
  "services": [{"id": "x", "name": "事项, \"甲\"", "prefix": "A", "department": "d1", "promise_minutes": 20},
               {"id": "y", "name": "事项乙", "prefix": "B", "department": "d2", "promise_minutes": 20}],
  "windows": [{"id": "W1", "number": 1, "name": "一号", "department": "d1", "services": ["x"], "a": ["a1"], "b": ["a2"]},
              {"id": "W2", "number": 2, "name": "二号", "department": "d2", "services": ["y"], "a": ["a2"], "b": ["a1"]}],
  "staff": [{"id": "a1", "name": "甲", "department": "d1", "role": "staff", "pin": "1111"},
            {"id": "a2", "name": "乙", "department": "d2", "role": "staff", "pin": "2222"}],
  "devices": []
})";

domain::HallConfig hall() { return proto::load_config_text(hall_json, "unit.json"); }

TicketFact done(std::string id, std::string service, std::string window, std::string staff, int wait, int took, int rating) {
  TicketFact f;
  f.ticket = std::move(id);
  f.day = "2026-11-23";
  f.service = std::move(service);
  f.window = std::move(window);
  f.staff = std::move(staff);
  f.issued_at = 1795400000;
  f.called_at = f.issued_at + wait;
  f.started_at = f.called_at;
  f.closed_at = f.started_at + took;
  f.status = TicketStatus::finished;
  f.outcome = "done";
  f.rating = rating;
  return f;
}

ViolationFact violation(std::string id, std::string dep, std::string staff, double points, ViolationStatus st, std::int64_t seq) {
  ViolationFact v;
  v.violation = std::move(id);
  v.day = "2026-11-23";
  v.kind = "schedule";
  v.department = std::move(dep);
  v.staff = std::move(staff);
  v.points = points;
  v.status = st;
  v.proposed_seq = seq;
  v.events = {seq - 1};
  return v;
}

ReportInput input(Kind kind, std::map<std::string, std::string> q) {
  ReportInput in;
  in.period = *parse_period(kind, q, nullptr);
  const auto day = tally_day("2026-11-23",
                             {done("t1", "x", "W1", "a1", 60, 300, 5), done("t2", "x", "W1", "a1", 120, 600, 1),
                              done("t3", "y", "W2", "a2", 30, 60, 4)},
                             8 * 3600);
  in.total = day;
  in.days = {day};
  in.generated_at = "2026-11-23T18:00:00+08:00";
  return in;
}

TEST(ReportCompute, R_RPT_1_tickets_go_to_window_staff_and_the_service_department) {
  const auto cfg = hall();
  const auto r = compute_report(cfg, input(Kind::daily, {{"date", "2026-11-23"}}));
  EXPECT_EQ(r.hall.f.tickets.issued, 3);
  ASSERT_EQ(r.windows.size(), 2u);
  EXPECT_EQ(r.windows[0].id, "W1");
  EXPECT_EQ(r.windows[0].f.tickets.issued, 2);
  EXPECT_EQ(r.departments[0].id, "d1");
  EXPECT_EQ(r.departments[0].f.tickets.issued, 2);
  EXPECT_EQ(r.departments[1].f.tickets.issued, 1);
  ASSERT_EQ(r.staff.size(), 2u);
  EXPECT_EQ(r.staff[0].f.tickets.wait_sum, 180);
  EXPECT_EQ(r.trend_unit, "hour");
  EXPECT_FALSE(r.has_scores);
}

TEST(ReportCompute, R_SCR_2_dismissed_deductions_do_not_count_corrections_change_the_figures) {
  const auto cfg = hall();
  auto in = input(Kind::daily, {{"date", "2026-11-23"}});
  in.violations = {violation("V1", "d1", "a1", 0.1, ViolationStatus::confirmed, 10),
                   violation("V2", "d1", "a1", 0.2, ViolationStatus::dismissed, 20),
                   violation("V3", "d2", "", 0.1, ViolationStatus::proposed, 30)};
  auto r = compute_report(cfg, in);
  EXPECT_DOUBLE_EQ(r.hall.f.points, 0.1);
  EXPECT_EQ(r.hall.f.violations_dismissed, 1);
  EXPECT_EQ(r.hall.f.violations_proposed, 1);
  EXPECT_DOUBLE_EQ(r.departments[0].f.points, 0.1);
  // The same log after the dismissal is revised: the deduction counts again.
  in.violations[1].status = ViolationStatus::confirmed;
  r = compute_report(cfg, in);
  EXPECT_NEAR(r.hall.f.points, 0.3, 1e-12);
}

TEST(ReportCompute, R_SCR_1_R_SCR_3_R_SCR_4_R_SCR_7_standings_in_the_annual_evaluation) {
  const auto cfg = hall();
  auto in = input(Kind::annual, {{"year", "2026"}});
  in.violations = {violation("V1", "d1", "a1", 1.5, ViolationStatus::confirmed, 10),
                   violation("V2", "d1", "a1", 1.0, ViolationStatus::confirmed, 20),
                   violation("V3", "d2", "a2", 0.3, ViolationStatus::confirmed, 30)};
  // R-SCR-3: bulletins are records of their own; a deduction alone is not one.
  EXPECT_EQ(compute_report(cfg, in).staff_scores[0].bulletins, 0);
  in.bulletins = {report::BulletinFact{"B1", "a1", "d1"}, report::BulletinFact{"B2", "a1", "d1"}};
  const auto r = compute_report(cfg, in);
  ASSERT_TRUE(r.has_scores);
  ASSERT_EQ(r.department_scores.size(), 2u);
  const auto& d1 = r.department_scores[0];
  EXPECT_DOUBLE_EQ(d1.deducted, 2.0);  // 2.5 lost, but only down to zero (扣完为止)
  EXPECT_DOUBLE_EQ(d1.points_left, 0.0);
  EXPECT_FALSE(d1.advanced_eligible);
  EXPECT_EQ(d1.violations, (std::vector<std::string>{"V1", "V2"}));
  const auto& d2 = r.department_scores[1];
  EXPECT_TRUE(d2.advanced_eligible);  // exactly the threshold is not "more than" (R-SCR-4)
  EXPECT_NEAR(d2.center_score, 1.7 / 2.0 * 30, 1e-9);
  ASSERT_EQ(r.staff_scores.size(), 2u);
  EXPECT_EQ(r.staff_scores[0].bulletins, 2);
  EXPECT_FALSE(r.staff_scores[0].excellent_eligible);  // more than excellent_max_bulletins = 1
  EXPECT_TRUE(r.staff_scores[1].excellent_eligible);
  EXPECT_EQ(r.trend.size(), 12u);
}

TEST(ReportRender, csv_has_bom_crlf_quotes_and_no_formulas) {
  const auto csv = render_csv(compute_report(hall(), input(Kind::daily, {{"date", "2026-11-23"}})));
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(csv.find("\n", 0) - 1, csv.find("\r\n", 0));
  for (std::size_t i = csv.find('\n'); i != std::string::npos; i = csv.find('\n', i + 1)) EXPECT_EQ(csv[i - 1], '\r');
  EXPECT_NE(csv.find("\"事项, \"\"甲\"\"\""), std::string::npos) << "comma and quotes are quoted";
  EXPECT_NE(csv.find(",'=二局,"), std::string::npos) << "a cell starting with = is not a formula";
}

TEST(ReportRender, html_escapes_names_and_fetches_nothing) {
  const auto html = render_html(compute_report(hall(), input(Kind::monthly, {{"month", "2026-11"}})));
  EXPECT_EQ(html.find("<一局>"), std::string::npos);
  EXPECT_NE(html.find("&lt;一局&gt;"), std::string::npos);
  for (const char* banned : {"<script", "<link", "src=", "url(", "@import"}) EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(ReportRender, json_lists_violations_with_their_event_trail_R_SCR_8) {
  auto in = input(Kind::daily, {{"date", "2026-11-23"}});
  in.violations = {violation("V1", "d1", "a1", 0.1, ViolationStatus::confirmed, 10)};
  in.violations[0].decided_seq = 12;
  const auto js = render_json(compute_report(hall(), in));
  EXPECT_NE(js.find("\"trail\":[9,10,12]"), std::string::npos) << js;
}

}  // namespace
}  // namespace hallq::report
