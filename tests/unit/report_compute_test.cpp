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
  const auto day = tally_day(
      "2026-11-23",
      {done("t1", "x", "W1", "a1", 60, 300, 5), done("t2", "x", "W1", "a1", 120, 600, 1), done("t3", "y", "W2", "a2", 30, 60, 4)},
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
  for (const char* banned : {"<script", "<link", "src=", "url(", "@import"})
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(ReportRender, json_lists_violations_with_their_event_trail_R_SCR_8) {
  auto in = input(Kind::daily, {{"date", "2026-11-23"}});
  in.violations = {violation("V1", "d1", "a1", 0.1, ViolationStatus::confirmed, 10)};
  in.violations[0].decided_seq = 12;
  const auto js = render_json(compute_report(hall(), in));
  EXPECT_NE(js.find("\"trail\":[9,10,12]"), std::string::npos) << js;
}

// [SECTION] cases (办件, R-CASE-1 … R-CASE-5)

// The unit hall with service x (department d1) a commitment case: 5 of 20 legal working days.
domain::HallConfig case_hall() {
  std::string json(hall_json);
  const std::string from = R"("department": "d1", "promise_minutes": 20})";
  json.replace(json.find(from), from.size(),
               R"("department": "d1", "promise_minutes": 20, "legal_days": 20, "promise_days": 5, "kind": "commitment"})");
  return proto::load_config_text(json, "unit.json");
}

std::int64_t t(const std::string& local) { return *domain::parse_time(local, 8 * 3600); }

CaseFact kase(std::string id, std::string outcome, std::string opened, std::string due, std::string service = "x",
              std::string dep = "d1", std::string staff = "a1") {
  CaseFact k;
  k.id = std::move(id);
  k.outcome = std::move(outcome);
  k.number = "A00" + k.id.substr(1);
  k.service = std::move(service);
  k.department = std::move(dep);
  k.staff = std::move(staff);
  k.window = "W1";
  k.day = opened.substr(0, 10);
  k.opened_at = t(opened);
  k.due = due.empty() ? 0 : t(due);
  k.days = 5;
  static std::int64_t seq = 100;
  k.opened_seq = ++seq;
  return k;
}

void decided(CaseFact& k, const std::string& decision, const std::string& at) {
  k.decision = decision;
  k.decided_day = at.substr(0, 10);
  k.decided_at = t(at);
  k.decided_seq = k.opened_seq + 1000;
}

void delivered(CaseFact& k, const std::string& at) {
  k.delivered_day = at.substr(0, 10);
  k.delivered_at = t(at);
  k.delivered_seq = k.opened_seq + 2000;
}

// November 2026 (Mon–Fri working days): every kind of case, by hand.
std::vector<CaseFact> november_cases() {
  std::vector<CaseFact> v;
  auto c1 = kase("C1", "accepted", "2026-11-23T10:00:00", "2026-12-01T00:00:00");
  decided(c1, "approved", "2026-11-25T15:00:00");  // on time; 2 working days (24, 25)
  auto c2 = kase("C2", "accepted", "2026-11-16T10:00:00", "2026-11-24T00:00:00");
  c2.overdue_day = "2026-11-24";  // the deadline passed undecided: the rules proposed case_overdue
  c2.overdue_at = t("2026-11-24T00:00:00");
  c2.overdue_seq = 500;
  decided(c2, "approved", "2026-11-26T10:00:00");  // late; 8 working days (17–20, 23–26)
  auto c3 = kase("C3", "accepted", "2026-11-24T09:00:00", "2026-11-27T00:00:00");
  decided(c3, "refused", "2026-11-30T10:00:00");  // decided after its due, never flagged: overdue on 11-30; 4 days
  auto c4 = kase("C4", "incomplete_materials", "2026-11-23T11:00:00", "2026-11-28T00:00:00");
  delivered(c4, "2026-11-24T10:00:00");  // the written notice in time (R-CASE-2)
  auto c5 = kase("C5", "incomplete_materials", "2026-11-23T11:30:00", "2026-11-24T00:00:00");
  delivered(c5, "2026-11-26T10:00:00");  // late
  auto c6 = kase("C6", "rejected", "2026-11-23T11:45:00", "");
  auto c7 = kase("C7", "accepted", "2026-11-23T14:00:00", "2026-12-01T00:00:00");
  c7.extended_day = "2026-11-24";  // R-CASE-3, still open
  c7.extended_days = 3;
  auto c8 = kase("C8", "accepted", "2026-11-25T09:00:00", "2026-12-03T00:00:00", "y", "d2", "a2");
  decided(c8, "approved", "2026-11-25T16:00:00");                                  // the same day: 0 working days
  delivered(c8, "2026-11-26T09:30:00");                                            // 统一出件 (R-CASE-4)
  auto c9 = kase("C9", "accepted", "2026-12-01T09:00:00", "2026-12-08T00:00:00");  // December: not in November
  for (auto* k : {&c1, &c2, &c3, &c4, &c5, &c6, &c7, &c8, &c9}) v.push_back(*k);
  return v;
}

const Row& row_of(const std::vector<Row>& rows, const std::string& id) {
  for (const auto& r : rows)
    if (r.id == id) return r;
  ADD_FAILURE() << "no row " << id;
  return rows.front();
}

TEST(ReportCompute, RCASE5_ReportCountsOverdueAndOnTimeCases) {
  const auto cfg = case_hall();
  auto in = input(Kind::monthly, {{"month", "2026-11"}});
  in.cases = november_cases();
  const auto r = compute_report(cfg, in);
  const auto& k = r.hall.f.cases;
  EXPECT_EQ(k.accepted, 5);  // C1 C2 C3 C7 C8 (C9 is December's)
  EXPECT_EQ(k.approved, 3);
  EXPECT_EQ(k.refused, 1);
  EXPECT_EQ(k.decided(), 4);
  EXPECT_EQ(k.completed_on_time, 2);  // C1, C8
  EXPECT_EQ(k.overdue, 2);            // C2 went past its due undecided; C3 was decided late
  EXPECT_EQ(k.extended, 1);
  EXPECT_EQ(k.delivered, 1);
  EXPECT_EQ(k.decided_n, 4);
  EXPECT_EQ(k.decided_working_days, 2 + 8 + 4 + 0);
  ASSERT_TRUE(k.average_working_days());
  EXPECT_DOUBLE_EQ(*k.average_working_days(), 14.0 / 4);
  EXPECT_EQ(k.notices, 2);
  EXPECT_EQ(k.notices_delivered, 2);
  EXPECT_EQ(k.notices_delivered_in_time, 1);  // R-CASE-2: C4 by its due, C5 after
  EXPECT_EQ(k.rejected, 1);
  // Per department (of the service), service, and the staff member who received the case.
  const auto& d1 = row_of(r.departments, "d1").f.cases;
  const auto& d2 = row_of(r.departments, "d2").f.cases;
  EXPECT_EQ(d1.accepted, 4);
  EXPECT_EQ(d1.overdue, 2);
  EXPECT_EQ(d1.completed_on_time, 1);
  EXPECT_EQ(d2.accepted, 1);
  EXPECT_EQ(d2.completed_on_time, 1);
  EXPECT_EQ(d2.delivered, 1);
  EXPECT_EQ(row_of(r.services, "y").f.cases, d2);
  EXPECT_EQ(row_of(r.staff, "a2").f.cases, d2);
  EXPECT_EQ(row_of(r.staff, "a1").f.cases, d1);
  // The overdue cases are listed, in the order they went overdue (R-SCR-8 style trail).
  ASSERT_EQ(r.overdue_cases.size(), 2u);
  EXPECT_EQ(r.overdue_cases[0].id, "C2");
  EXPECT_EQ(r.overdue_cases[1].id, "C3");
  EXPECT_TRUE(r.has_cases);

  // One day: what happened that day only.
  auto day = input(Kind::daily, {{"date", "2026-11-24"}});
  day.cases = november_cases();
  const auto d = compute_report(cfg, day).hall.f.cases;
  EXPECT_EQ(d.accepted, 1);  // C3
  EXPECT_EQ(d.overdue, 1);   // C2 went overdue at midnight
  EXPECT_EQ(d.extended, 1);  // C7
  EXPECT_EQ(d.notices_delivered_in_time, 1);
  EXPECT_EQ(d.decided(), 0);
}

TEST(ReportCompute, RCASE5_DailyCaseFiguresAddUpToTheMonthExactly) {
  const auto cfg = case_hall();
  auto month = input(Kind::monthly, {{"month", "2026-11"}});
  month.cases = november_cases();
  const auto m = compute_report(cfg, month);
  CaseFigures sum, d1;
  for (int day = 1; day <= 30; ++day) {
    auto in = input(Kind::daily, {{"date", std::string("2026-11-") + (day < 10 ? "0" : "") + std::to_string(day)}});
    in.cases = november_cases();
    const auto r = compute_report(cfg, in);
    sum.merge(r.hall.f.cases);
    d1.merge(row_of(r.departments, "d1").f.cases);
  }
  EXPECT_EQ(sum, m.hall.f.cases);
  EXPECT_EQ(d1, row_of(m.departments, "d1").f.cases);
  // Each case counts overdue once, however many days its figures span.
  EXPECT_EQ(sum.overdue, 2);
}

TEST(ReportRender, RCASE1_CaseFiguresShowInJsonCsvAndHtml) {
  const auto cfg = case_hall();
  auto in = input(Kind::monthly, {{"month", "2026-11"}});
  in.cases = november_cases();
  const auto r = compute_report(cfg, in);
  const auto js = render_json(r);
  EXPECT_NE(js.find("\"cases\":{\"accepted\":5,\"approved\":3,\"refused\":1,\"completed_on_time\":2,\"overdue\":2,"
                    "\"extended\":1,\"delivered\":1,\"decided\":4,\"average_working_days\":3.5E0,\"notices\":2,"
                    "\"notices_delivered\":2,\"notices_delivered_in_time\":1,\"rejected\":1}"),
            std::string::npos)
      << js;
  EXPECT_NE(js.find("\"overdue_cases\":[{\"id\":\"C2\""), std::string::npos);
  const auto csv = render_csv(r);
  EXPECT_NE(csv.find("办件情况\r\n"), std::string::npos);
  EXPECT_NE(csv.find("全厅,unit,单元测试中心,,5,2,2,1,3.5,3,1,1,2,1,1\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("受理人,a2,乙,d2,1,1,0,0,0.0,1,0,1,0,0,0\r\n"), std::string::npos) << csv;
  const auto html = render_html(r);
  EXPECT_NE(html.find("办件情况"), std::string::npos);
  EXPECT_NE(html.find("按受理人"), std::string::npos);
  EXPECT_NE(html.find("超期办件"), std::string::npos);
  // A hall without commitment services and without cases keeps its report as it was.
  const auto plain = compute_report(hall(), input(Kind::monthly, {{"month", "2026-11"}}));
  EXPECT_FALSE(plain.has_cases);
  EXPECT_EQ(render_html(plain).find("办件情况"), std::string::npos);
  EXPECT_EQ(render_csv(plain).find("办件情况"), std::string::npos);
}

}  // namespace
}  // namespace hallq::report
