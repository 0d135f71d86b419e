// GET /api/reports (R-RPT-1, R-RPT-2): a small known hall day played through the real server,
// its reports checked against figures computed by hand in JSON and CSV; day rollups, restarts
// and a rebuild of the report tables from the log; the error answers.
#include "reports_day.hpp"

namespace hallq::test {
namespace {

// [SECTION] tests

TEST(Reports, daily_report_R_RPT_1_matches_the_hand_computed_day_in_json) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  const Day d = play_day_one(h);
  const auto rep = get_json(h, report_path("daily", "date=2026-11-23"));
  EXPECT_EQ(str(rep, "report"), "daily");
  EXPECT_EQ(str(rep.at("period").as_object(), "from"), "2026-11-23");
  const auto& tot = rep.at("totals").as_object();
  const auto& tk = tot.at("tickets").as_object();
  EXPECT_EQ(num(tk, "issued"), 4);
  EXPECT_EQ(num(tk, "finished"), 3);
  EXPECT_EQ(num(tk, "done"), 2);
  EXPECT_EQ(num(tk, "incomplete"), 1);
  EXPECT_EQ(num(tk, "no_show"), 1);
  EXPECT_EQ(num(tk, "open"), 0);
  EXPECT_DOUBLE_EQ(at(tk, {"wait_seconds", "avg"}), (120 + 600 + 240 + 300) / 4.0);
  EXPECT_DOUBLE_EQ(at(tk, {"wait_seconds", "p50"}), 240);  // nearest rank 2 of 120, 240, 300, 600
  EXPECT_DOUBLE_EQ(at(tk, {"wait_seconds", "p90"}), 600);
  EXPECT_DOUBLE_EQ(at(tk, {"service_seconds", "avg"}), (300 + 600 + 600) / 3.0);
  EXPECT_DOUBLE_EQ(at(tk, {"service_seconds", "p50"}), 600);
  EXPECT_DOUBLE_EQ(at(tk, {"ratings", "count"}), 3);
  EXPECT_DOUBLE_EQ(at(tk, {"ratings", "unsatisfied"}), 1);
  EXPECT_NEAR(at(tk, {"ratings", "satisfaction_rate"}), 2.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(at(tot, {"empty_minutes"}), 10.0);
  EXPECT_DOUBLE_EQ(at(tot, {"violations", "confirmed"}), 2);
  EXPECT_DOUBLE_EQ(at(tot, {"violations", "dismissed"}), 1);
  EXPECT_NEAR(at(tot, {"violations", "points"}), 0.15, 1e-9);  // window_empty 0.1 + desk_messy 0.05 (R-SCR-2)

  const auto& w1 = row(rep, "windows", "W01").at("tickets").as_object();
  EXPECT_EQ(num(w1, "issued"), 2);
  EXPECT_EQ(num(w1, "finished"), 1);
  EXPECT_EQ(num(w1, "no_show"), 1);
  EXPECT_DOUBLE_EQ(at(w1, {"wait_seconds", "avg"}), 360);
  EXPECT_DOUBLE_EQ(at(w1, {"service_seconds", "p50"}), 300);
  const auto& w2 = row(rep, "windows", "W02");
  EXPECT_EQ(num(w2.at("tickets").as_object(), "issued"), 2);
  EXPECT_EQ(num(w2.at("tickets").as_object(), "incomplete"), 1);
  EXPECT_NEAR(at(w2.at("tickets").as_object(), {"ratings", "satisfaction_rate"}), 0.5, 1e-9);
  EXPECT_DOUBLE_EQ(at(w2, {"empty_minutes"}), 10.0);
  EXPECT_EQ(num(row(rep, "windows", "W03").at("tickets").as_object(), "issued"), 0);
  // Departments count their own service items; deductions go to the department charged.
  EXPECT_EQ(num(row(rep, "departments", "ga").at("tickets").as_object(), "issued"), 2);
  EXPECT_EQ(num(row(rep, "departments", "rsj").at("tickets").as_object(), "issued"), 2);
  EXPECT_NEAR(at(row(rep, "departments", "rsj"), {"violations", "points"}), 0.1, 1e-9);
  EXPECT_NEAR(at(row(rep, "departments", "ga"), {"violations", "points"}), 0.05, 1e-9);
  // s002 reported leaving W02: the empty window is the department's (R-EMP-2), not s002's; the
  // overdue return charged to s002 was dismissed.
  EXPECT_DOUBLE_EQ(at(row(rep, "staff", "s002"), {"violations", "confirmed"}), 0);
  EXPECT_DOUBLE_EQ(at(row(rep, "staff", "s002"), {"violations", "dismissed"}), 1);
  EXPECT_NEAR(at(row(rep, "staff", "s002"), {"violations", "points"}), 0.0, 1e-9);

  // R-SCR-8: each listed violation and empty spell names the events behind it, as in the log.
  const auto events = h.events();
  const auto seq_of = [&](const std::string& type, const std::string& violation) {
    for (const auto& e : events)
      if (str(e, "type") == type && str(e, "violation") == violation) return num(e, "seq");
    return std::int64_t{-1};
  };
  int listed = 0;
  for (const auto& v : rep.at("violations").as_array()) {
    const auto& o = v.as_object();
    ++listed;
    EXPECT_EQ(num(o, "proposed_seq"), seq_of("violation.proposed", str(o, "id"))) << dump(o);
    if (str(o, "id") == d.v_schedule) {
      EXPECT_EQ(str(o, "status"), "dismissed");
      EXPECT_EQ(num(o, "decided_seq"), seq_of("violation.dismissed", d.v_schedule));
    }
    if (str(o, "id") == d.v_empty) {
      EXPECT_EQ(str(o, "status"), "confirmed");
      EXPECT_EQ(num(o, "decided_seq"), seq_of("violation.confirmed", d.v_empty));
      bool names_alert = false;
      for (const auto& s : o.at("events").as_array()) names_alert |= s.to_number<std::int64_t>() == d.empty_raised_seq;
      EXPECT_TRUE(names_alert) << dump(o);
    }
  }
  EXPECT_EQ(listed, 3);
  const auto& empty = rep.at("empty_windows").as_array();
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(str(empty[0].as_object(), "window"), "W02");
  EXPECT_EQ(str(empty[0].as_object(), "from"), "2026-11-23T09:45:00+08:00");
  EXPECT_EQ(str(empty[0].as_object(), "to"), "2026-11-23T09:55:00+08:00");
  EXPECT_EQ(empty[0].at("events").as_array().front().to_number<std::int64_t>(), d.empty_raised_seq);
  // Every alert of the day is in the report, as many as alert.raised events in the log.
  EXPECT_EQ(rep.at("alerts").as_array().size(), of_type(events, "alert.raised").size());
  EXPECT_EQ(num(rep.at("source").as_object(), "last_seq"), h.seq());
}

TEST(Reports, daily_report_R_RPT_1_as_csv_opens_in_excel_with_chinese_text) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  play_day_one(h);
  const auto r = h.http().get(report_path("daily", "date=2026-11-23&format=csv"), h.token("sup1"));
  ASSERT_EQ(r.status, 200u) << r.describe();
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  ASSERT_GE(r.body.size(), 3u);
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF") << "UTF-8 BOM, so Excel reads the Chinese names";
  for (std::size_t i = 0; i < r.body.size(); ++i)
    if (r.body[i] == '\n') {
      ASSERT_TRUE(i > 0 && r.body[i - 1] == '\r') << "bare LF at byte " << i;
    }
  const auto rows = parse_csv(std::string_view(r.body).substr(3));
  std::vector<std::string> header;
  std::map<std::string, std::vector<std::string>> by_key;
  for (const auto& x : rows) {
    if (!x.empty() && x[0] == "类别") header = x;
    if (x.size() > 2 && !header.empty() && x.size() == header.size()) by_key[x[0] + "/" + x[1]] = x;
  }
  ASSERT_FALSE(header.empty());
  const auto col = [&](const std::string& key, const std::string& name) {
    const auto c = std::find(header.begin(), header.end(), name);
    if (c == header.end()) throw std::runtime_error("no column " + name);
    const auto it = by_key.find(key);
    if (it == by_key.end()) throw std::runtime_error("no row " + key);
    return it->second[static_cast<std::size_t>(c - header.begin())];
  };
  EXPECT_EQ(col("全厅/reports-test", "取号"), "4");
  EXPECT_EQ(col("全厅/reports-test", "办结"), "3");
  EXPECT_EQ(col("全厅/reports-test", "过号"), "1");
  EXPECT_EQ(col("全厅/reports-test", "平均等候(分)"), one_decimal(1260.0 / 4 / 60));
  EXPECT_EQ(col("全厅/reports-test", "等候P90(分)"), "10.0");
  EXPECT_EQ(col("全厅/reports-test", "满意率(%)"), one_decimal(200.0 / 3));
  EXPECT_EQ(col("窗口/W02", "空岗(分)"), "10.0");
  EXPECT_EQ(col("窗口/W02", "材料不全"), "1");
  EXPECT_EQ(col("部门/rsj", "扣分"), "0.10");
  // A name with a comma and quotes survives the round trip (RFC 4180 quoting).
  EXPECT_EQ(col("窗口/W03", "名称"), "综合窗口, \"一窗受理\"");
  EXPECT_EQ(col("人员/s001", "名称"), "孙丽");
  int violations = 0;
  for (const auto& x : rows)
    if (!x.empty() && (x[0] == "V1" || x[0] == "V2" || x[0] == "V3")) ++violations;
  EXPECT_EQ(violations, 3);
}

TEST(Reports, closed_days_roll_up_and_survive_restart_and_rebuild_R_RPT_2) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  play_day_one(h);
  const auto day_one = get_json(h, report_path("daily", "date=2026-11-23"));
  // Day two (Tuesday): one more ticket; midnight rolled day one into its tallies.
  h.advance(15 * 3600 + 20 * 60);  // 08:50
  h.sign_in("s001", "W01");
  h.sign_in("s002", "W02");
  h.sign_in("s003", "W03");
  h.advance(600);  // 09:00
  h.issue("hukou");
  h.advance(60);
  h.window_action("s001", "W01", "call-next");
  h.window_action("s001", "W01", "start");
  h.advance(300);
  h.window_action("s001", "W01", "finish", {{"outcome", "done"}});

  const auto again = get_json(h, report_path("daily", "date=2026-11-23"));
  EXPECT_EQ(json_diff(again.at("totals"), day_one.at("totals")), "");
  EXPECT_EQ(json_diff(again.at("windows"), day_one.at("windows")), "");

  const auto month = get_json(h, report_path("monthly", "month=2026-11"));
  const auto& tk = month.at("totals").at("tickets").as_object();
  EXPECT_EQ(num(tk, "issued"), 5);
  EXPECT_EQ(num(tk, "finished"), 4);
  EXPECT_DOUBLE_EQ(at(tk, {"wait_seconds", "avg"}), (120 + 600 + 240 + 300 + 60) / 5.0);
  EXPECT_DOUBLE_EQ(at(tk, {"wait_seconds", "p50"}), 240);     // rank 3 of 60, 120, 240, 300, 600
  EXPECT_DOUBLE_EQ(at(tk, {"service_seconds", "p50"}), 300);  // rank 2 of 300, 300, 600, 600
  EXPECT_EQ(num(row(month, "windows", "W01").at("tickets").as_object(), "issued"), 3);
  const auto& trend = month.at("trend").at("points").as_array();
  ASSERT_EQ(trend.size(), 30u);
  EXPECT_EQ(num(trend[22].as_object(), "issued"), 4);
  EXPECT_EQ(num(trend[23].as_object(), "issued"), 1);

  const auto quarter = get_json(h, report_path("quarterly", "year=2026&q=4"));
  EXPECT_EQ(json_diff(quarter.at("totals"), month.at("totals")), "");
  const auto year = get_json(h, report_path("annual", "year=2026"));
  EXPECT_EQ(json_diff(year.at("totals"), month.at("totals")), "");
  // R-RPT-4: the half-yearly bulletin is a period of its own, with its six months as the trend.
  const auto half = get_json(h, report_path("half-yearly", "year=2026&h=2"));
  EXPECT_EQ(str(half, "report"), "half-yearly");
  EXPECT_EQ(str(half.at("period").as_object(), "label"), "2026年下半年");
  EXPECT_EQ(json_diff(half.at("totals"), month.at("totals")), "");
  EXPECT_EQ(half.at("trend").at("points").as_array().size(), 6u);
  EXPECT_TRUE(half.contains("scores"));
  const auto first_half = get_json(h, report_path("half-yearly", "year=2026&h=1"));
  EXPECT_EQ(num(first_half.at("totals").at("tickets").as_object(), "issued"), 0);
  // R-SCR-1 / R-SCR-4 / R-SCR-7: 2 points a year, lost per confirmed deduction.
  const auto dep = [&](const std::string& id) -> const json::object& {
    for (const auto& d : year.at("scores").at("departments").as_array())
      if (str(d.as_object(), "id") == id) return d.as_object();
    throw std::runtime_error("no department " + id);
  };
  EXPECT_NEAR(at(dep("rsj"), {"points_left"}), 1.9, 1e-9);
  EXPECT_NEAR(at(dep("ga"), {"points_left"}), 1.95, 1e-9);
  EXPECT_NEAR(at(dep("zwb"), {"points_left"}), 2.0, 1e-9);
  EXPECT_NEAR(at(dep("rsj"), {"center_score"}), 1.9 / 2.0 * 30, 1e-9);
  EXPECT_TRUE(dep("rsj").at("advanced_eligible").as_bool());
  // The annual evaluation agrees with GET /api/scores, and carries its quarterly grades (R-SCR-5).
  const auto scores = get_json(h, "/api/scores?year=2026");
  for (const auto& d : scores.at("departments").as_array()) {
    const auto& o = d.as_object();
    EXPECT_NEAR(at(dep(str(o, "id")), {"points_left"}), at(o, {"points_left"}), 1e-9) << dump(o);
    EXPECT_EQ(dep(str(o, "id")).at("advanced_eligible"), o.at("advanced_eligible")) << dump(o);
  }
  for (const auto& s : year.at("scores").at("staff").as_array()) {
    const auto& o = s.as_object();
    EXPECT_TRUE(o.contains("quarters") && o.contains("return_flag")) << dump(o);
    for (const auto& x : scores.at("staff").as_array())
      if (str(x.as_object(), "id") == str(o, "id")) {
        EXPECT_EQ(o.at("excellent_eligible"), x.as_object().at("excellent_eligible")) << dump(o) << " vs " << dump(x);
      }
  }

  // Durable: the same figures after a restart, and after the report tables are dropped and
  // rebuilt from the event log.
  ASSERT_EQ(h.restart(), 0);
  EXPECT_EQ(json_diff(get_json(h, report_path("annual", "year=2026")).at("totals"), year.at("totals")), "");
  ASSERT_EQ(h.server().stop(), 0);
  const auto db = h.server().db_path().string();
  ASSERT_EQ(
      run("sqlite3 " + db + " \"DROP TABLE report_day; DROP TABLE report_ticket; DELETE FROM meta WHERE key LIKE 'report%'\"")
          .first,
      0);
  h.server().start({"--clock", "manual", "--start", "2026-11-23T08:30:00"});
  HttpClient fresh(h.server().port());
  const auto answer = fresh.get(report_path("annual", "year=2026"), h.token("sup1"));
  ASSERT_EQ(answer.status, 200u) << answer.describe();
  const auto rebuilt = answer.j().as_object();
  EXPECT_EQ(json_diff(rebuilt.at("totals"), year.at("totals")), "");
  EXPECT_EQ(json_diff(rebuilt.at("scores"), year.at("scores")), "");
  EXPECT_EQ(json_diff(rebuilt.at("violations"), year.at("violations")), "");
}

TEST(Reports, hallq_report_cli_R_RPT_1_gives_the_served_figures_and_exit_2_on_bad_arguments) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  play_day_one(h);
  const auto served = get_json(h, report_path("daily", "date=2026-11-23"));
  const auto cli = (std::filesystem::path(server_binary()).parent_path() / "hallq-report").string();
  const std::string base = cli + " --db " + h.server().db_path().string() + " --config " + hall_config("reports.json");
  // The server keeps running: the tool reads the same file (WAL) without disturbing it.
  const auto [code, out] = run(base + " daily --date 2026-11-23 --format json");
  ASSERT_EQ(code, 0) << out;
  const auto mine = json::parse(out).as_object();
  EXPECT_EQ(json_diff(mine.at("totals"), served.at("totals")), "");
  EXPECT_EQ(json_diff(mine.at("windows"), served.at("windows")), "");
  EXPECT_EQ(json_diff(mine.at("violations"), served.at("violations")), "");
  const auto file = (h.server().dir() / "month.csv").string();
  EXPECT_EQ(run(base + " monthly --month 2026-11 --format csv -o " + file).first, 0);
  EXPECT_TRUE(std::filesystem::file_size(file) > 100);
  for (const std::string bad : {" daily", " daily --date 2026-13-01", " weekly --date 2026-11-23", " annual --year 2026 --q 3",
                                " daily --date 2026-11-23 --format xml", " daily --date 2026-11-23 --bogus"})
    EXPECT_EQ(run(base + bad).first, 2) << bad;
  EXPECT_EQ(run(cli + " --db /nonexistent/hall.db --config " + hall_config("reports.json") + " daily --date 2026-11-23").first,
            2);
  EXPECT_EQ(h.seq(), num(served.at("source").as_object(), "last_seq")) << "the tool wrote nothing into the log";
}

TEST(Reports, RCASE5_cases_count_on_the_day_of_each_step_through_the_report_tables_and_a_rebuild) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  play_day_one(h);  // T3 finished as incomplete materials: a one-time notice (R-CASE-2)
  const auto cases = [&](const std::string& kind, const std::string& query) {
    return get_json(h, report_path(kind, query)).at("totals").at("cases").as_object();
  };
  const auto day_one = cases("daily", "date=2026-11-23");
  EXPECT_EQ(num(day_one, "notices"), 1);
  EXPECT_EQ(num(day_one, "accepted"), 0);
  // Day two (Tuesday): hukou, an instant service, accepted anyway: due at the end of the day.
  h.advance(15 * 3600 + 20 * 60);  // 08:50
  h.sign_in("s001", "W01");
  h.advance(600);  // 09:00
  h.issue("hukou");
  h.advance(60);
  h.window_action("s001", "W01", "call-next");
  h.window_action("s001", "W01", "start");
  h.advance(300);
  const auto finished = h.window_action("s001", "W01", "finish", {{"outcome", "accepted"}});
  const std::string id = str(finished.at("case").as_object(), "id");
  ASSERT_FALSE(id.empty());
  // Past midnight undecided: overdue on Wednesday (R-CASE-5); decided late that morning.
  h.advance(15 * 3600);  // 11-25 00:06
  const auto approve = h.http().post_json("/api/cases/" + id + "/approve", json::object{{"note", "准予"}}, h.token("s001"));
  ASSERT_EQ(approve.status, 200u) << approve.describe();

  const auto day_two = cases("daily", "date=2026-11-24");
  EXPECT_EQ(num(day_two, "accepted"), 1);
  EXPECT_EQ(num(day_two, "overdue"), 0);
  EXPECT_EQ(num(day_two, "decided"), 0);
  const auto day_three = get_json(h, report_path("daily", "date=2026-11-25"));
  const auto& three = day_three.at("totals").at("cases").as_object();
  EXPECT_EQ(num(three, "accepted"), 0);
  EXPECT_EQ(num(three, "overdue"), 1);
  EXPECT_EQ(num(three, "approved"), 1);
  EXPECT_EQ(num(three, "completed_on_time"), 0);
  EXPECT_DOUBLE_EQ(at(three, {"average_working_days"}), 1.0);  // accepted Tuesday, decided Wednesday
  EXPECT_EQ(num(row(day_three, "departments", "ga").at("cases").as_object(), "overdue"), 1);
  EXPECT_EQ(num(row(day_three, "services", "hukou").at("cases").as_object(), "overdue"), 1);
  EXPECT_EQ(num(row(day_three, "staff", "s001").at("cases").as_object(), "overdue"), 1);
  const auto& listed = day_three.at("overdue_cases").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(str(listed[0].as_object(), "id"), id);
  bool deduction = false;
  for (const auto& v : day_three.at("violations").as_array())
    deduction = deduction || (str(v.as_object(), "kind") == "case_overdue" && str(v.as_object(), "department") == "ga");
  EXPECT_TRUE(deduction) << "the department's case_overdue deduction is in the same day's report";

  // The month is the sum of its days; the same after the report tables are rebuilt from the log.
  const auto month = cases("monthly", "month=2026-11");
  EXPECT_EQ(num(month, "accepted"), 1);
  EXPECT_EQ(num(month, "overdue"), 1);
  EXPECT_EQ(num(month, "approved"), 1);
  EXPECT_EQ(num(month, "notices"), 1);
  ASSERT_EQ(h.server().stop(), 0);
  const auto db = h.server().db_path().string();
  ASSERT_EQ(run("sqlite3 " + db + " \"DROP TABLE report_case; DELETE FROM meta WHERE key LIKE 'report%'\"").first, 0);
  h.server().start({"--clock", "manual", "--start", "2026-11-23T08:30:00"});
  HttpClient fresh(h.server().port());
  const auto answer = fresh.get(report_path("monthly", "month=2026-11"), h.token("sup1"));
  ASSERT_EQ(answer.status, 200u) << answer.describe();
  EXPECT_EQ(json_diff(answer.j().at("totals").at("cases"), json::value(month)), "");
}

TEST(Reports, bad_period_is_422_unknown_kind_404_and_only_supervisors_read_reports) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00"}, hall_config("reports.json"));
  auto& c = h.http();
  const auto& sup = h.token("sup1");
  const auto seq = h.seq();
  for (const std::string q :
       {"daily?", "daily?date=2026-02-30", "daily?date=23.11.2026", "monthly?month=2026-13", "monthly?date=2026-11-23",
        "quarterly?year=2026", "quarterly?year=2026&q=5", "annual?year=26", "daily?date=2026-11-23&format=xml"}) {
    const auto r = c.get("/api/reports/" + q, sup);
    EXPECT_EQ(r.status, 422u) << q << " " << r.describe();
    EXPECT_EQ(r.error_code(), "invalid") << q;
    EXPECT_FALSE(str(r.j().at("error").as_object(), "message").empty());
  }
  auto r = c.get("/api/reports/weekly?date=2026-11-23", sup);
  EXPECT_EQ(r.status, 404u) << r.describe();
  EXPECT_EQ(r.error_code(), "not_found");
  r = c.get("/api/reports/daily?date=2026-11-23");
  EXPECT_EQ(r.status, 401u) << r.describe();
  r = c.get("/api/reports/daily?date=2026-11-23", h.token("s001"));
  EXPECT_EQ(r.status, 403u) << r.describe();
  r = c.get("/api/reports/daily?date=2026-11-23", kiosk_token);
  EXPECT_EQ(r.status, 403u) << r.describe();
  r = c.post("/api/reports/daily?date=2026-11-23", "{}", sup);
  EXPECT_EQ(r.status, 405u) << r.describe();
  EXPECT_EQ(h.seq(), seq) << "reading reports adds no events";
  // A day without events is an empty report, not an error.
  const auto empty = get_json(h, report_path("daily", "date=2026-01-05"));
  EXPECT_EQ(num(empty.at("totals").at("tickets").as_object(), "issued"), 0);
}

}  // namespace
}  // namespace hallq::test
