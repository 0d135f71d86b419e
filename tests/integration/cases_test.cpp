// Cases (办件) through the real server over a simulated week (halls/cases.json: 社保 promises 3
// of 10 legal working days, 公积金 5 of 20, W05 is the 统一出件 window; Monday 2026-11-23 on the
// manual clock). Accept, a one-time notice, a rejection, the printed papers, an extension, a
// decision delivered at the delivery window, and a case left to run late with its deduction —
// and every bad request answered with its code, changing nothing.
#include "common.hpp"
#include "domain/time.hpp"

namespace hallq::test {
namespace {

std::string cases_hall() { return hall_config("cases.json"); }

json::object ok(const HttpResponse& r, unsigned status = 200) {
  if (r.status != status || !r.json || !r.json->is_object()) {
    ADD_FAILURE() << "expected " << status << ": " << r.describe();
    return {};
  }
  return r.json->as_object();
}

std::string code(const HttpResponse& r) {
  if (!r.json || !r.json->is_object() || !r.json->as_object().contains("error")) return "<no error: " + r.describe() + ">";
  return str(r.json->as_object().at("error").as_object(), "code");
}

// Calls the next ticket of `service` at `window`, starts it and finishes it with `finish`;
// returns the case of the answer (empty when none).
json::object finish_with(LiveHall& h, const std::string& staff, const std::string& window, const std::string& service,
                         const json::object& finish) {
  h.issue(service);
  h.window_action(staff, window, "call-next");
  h.window_action(staff, window, "start");
  const auto o = h.window_action(staff, window, "finish", finish);
  EXPECT_EQ(str(o.at("ticket").as_object(), "status"), "finished");
  return o.contains("case") && o.at("case").is_object() ? o.at("case").as_object() : json::object{};
}

json::object get_case(LiveHall& h, const std::string& id) {
  return ok(h.http().get("/api/cases/" + id, h.token("sup1"))).at("case").as_object();
}

HttpResponse act(LiveHall& h, const std::string& id, const std::string& action, const json::object& body,
                 const std::string& who) {
  return h.http().post_json("/api/cases/" + id + "/" + action, json::value(body), h.token(who));
}

// Moves the manual clock to a hall-local time (it only goes forward).
void advance_to(LiveHall& h, const std::string& local) {
  const auto now = domain::parse_time(h.advance(0), 8 * 3600);
  const auto target = domain::parse_time(local, 8 * 3600);
  ASSERT_TRUE(now && target && *target >= *now) << local;
  h.advance(*target - *now);
}

std::vector<std::string> ids(const json::object& list) {
  std::vector<std::string> out;
  for (const auto& k : list.at("cases").as_array()) out.push_back(str(k.as_object(), "id"));
  return out;
}

TEST(Cases, RCASE1_RCASE2_RCASE3_RCASE4_RCASE5_a_week_of_cases_on_the_real_server) {
  LiveHall h(manual_clock(), cases_hall());
  h.open_morning();  // Monday 09:00
  h.sign_in("s001", "W01");
  h.sign_in("s005", "W04");

  // Monday: 受理 at W01 (社保, 3 working days: Tue, Wed, Thu).
  const auto c1 = finish_with(h, "s001", "W01", "shebao", {{"outcome", "accepted"}});
  ASSERT_FALSE(c1.empty());
  const std::string k1 = str(c1, "id");
  EXPECT_GE(k1.size(), 16u);  // unguessable
  EXPECT_EQ(str(c1, "status"), "accepted");
  EXPECT_EQ(str(c1, "department"), "rsj");
  EXPECT_EQ(str(c1, "staff"), "s001");
  EXPECT_EQ(str(c1, "window"), "W01");
  EXPECT_EQ(num(c1, "days"), 3);
  EXPECT_EQ(str(c1, "due"), "2026-11-27T00:00:00+08:00");
  EXPECT_EQ(str(c1, "due_date"), "2026-11-26");
  EXPECT_EQ(str(c1, "warning"), "none");
  // 一次性告知 (R-CASE-2): the missing list and 5 working days for the written notice.
  const auto c2 = finish_with(h, "s001", "W01", "shebao",
                              {{"outcome", "incomplete_materials"}, {"missing", json::array{"户口本", "居住证"}}});
  const std::string k2 = str(c2, "id");
  EXPECT_EQ(str(c2, "status"), "notice");
  EXPECT_EQ(str(c2, "due"), "2026-12-01T00:00:00+08:00");
  EXPECT_EQ(c2.at("missing").as_array().size(), 2u);
  // 公积金 at W04: 5 working days, to be extended and then left to run late.
  const auto c3 = finish_with(h, "s005", "W04", "gongjijin", {{"outcome", "accepted"}});
  const std::string k3 = str(c3, "id");
  EXPECT_EQ(str(c3, "department"), "zwb");
  EXPECT_EQ(str(c3, "due"), "2026-12-01T00:00:00+08:00");
  // 不予受理 with its reason; without one it is refused and no ticket changes.
  h.issue("shebao");
  h.window_action("s001", "W01", "call-next");
  h.window_action("s001", "W01", "start");
  const auto before_bad = h.seq();
  EXPECT_EQ(
      code(h.http().post_json("/api/windows/W01/finish", json::value(json::object{{"outcome", "rejected"}}), h.token("s001"))),
      "invalid");
  EXPECT_EQ(
      code(h.http().post_json("/api/windows/W01/finish", json::value(json::object{{"outcome", "approved"}}), h.token("s001"))),
      "invalid");
  EXPECT_EQ(h.seq(), before_bad);
  const auto r4 = h.window_action("s001", "W01", "finish", {{"outcome", "rejected"}, {"reason", "申请事项不属于本部门职权范围"}});
  const auto c4 = r4.at("case").as_object();
  const std::string k4 = str(c4, "id");
  EXPECT_EQ(str(c4, "status"), "rejected");
  EXPECT_EQ(str(c4, "reason"), "申请事项不属于本部门职权范围");

  // The printed papers: each case has the one its outcome calls for.
  const auto receipt = h.http().get("/api/cases/" + k1 + "/paper", h.token("s001"));
  ASSERT_EQ(receipt.status, 200u) << receipt.describe();
  EXPECT_NE(receipt.content_type.find("text/html"), std::string::npos);
  for (const std::string& part :
       std::vector<std::string>{"测试政务服务中心", "受理通知书", k1, "社保办理", "3 个工作日", "2026年11月26日", "s001", "张伟"})
    EXPECT_NE(receipt.body.find(part), std::string::npos) << part;
  const auto notice = h.http().get("/api/cases/" + k2 + "/paper?kind=notice", h.token("s001"));
  EXPECT_EQ(notice.status, 200u);
  for (const std::string& part : std::vector<std::string>{"一次性告知书", "户口本", "居住证"})
    EXPECT_NE(notice.body.find(part), std::string::npos) << part;
  const auto rejection = h.http().get("/api/cases/" + k4 + "/paper", h.token("s001"));
  for (const std::string& part :
       std::vector<std::string>{"不予受理通知书", "申请事项不属于本部门职权范围", "行政复议", "行政诉讼"})
    EXPECT_NE(rejection.body.find(part), std::string::npos) << part;
  EXPECT_EQ(code(h.http().get("/api/cases/" + k1 + "/paper?kind=notice", h.token("s001"))), "paper_not_applicable");
  EXPECT_EQ(code(h.http().get("/api/cases/" + k1 + "/paper?kind=poster", h.token("s001"))), "invalid");

  // Bad requests: each its code, none changes anything.
  const auto before = h.seq();
  EXPECT_EQ(code(act(h, "no-such-case", "approve", {}, "head1")), "unknown_case");
  EXPECT_EQ(h.http().get("/api/cases/no-such-case", h.token("sup1")).status, 404u);
  EXPECT_EQ(code(act(h, k1, "approve", {}, "s005")), "forbidden");  // another department
  EXPECT_EQ(code(act(h, k1, "approve", {}, "sup1")), "forbidden");  // not the back office
  EXPECT_EQ(code(act(h, k1, "deliver", {}, "s002")), "case_not_decided");
  EXPECT_EQ(code(act(h, k1, "refuse", {}, "head1")), "invalid");                                        // reason is required
  EXPECT_EQ(code(act(h, k3, "extend", {{"days", 2}, {"reason", "需实地核查"}}, "s006")), "forbidden");  // staff
  EXPECT_EQ(code(act(h, k3, "extend", {{"days", 99}, {"reason", "需实地核查"}}, "sup1")), "invalid");
  EXPECT_EQ(code(act(h, k3, "extend", {{"days", 2}}, "sup1")), "invalid");
  EXPECT_EQ(code(act(h, k3, "extend", {{"days", "two"}, {"reason", "需实地核查"}}, "sup1")), "bad_request");
  EXPECT_EQ(h.http().get("/api/cases", kiosk_token).status, 403u);
  EXPECT_EQ(h.http().post_json("/api/cases/" + k1 + "/approve", json::value(json::object{})).status, 401u);
  EXPECT_EQ(code(h.http().get("/api/cases?status=lost", h.token("sup1"))), "invalid");
  EXPECT_EQ(code(h.http().get("/api/cases?due_before=soon", h.token("sup1"))), "invalid");
  EXPECT_EQ(h.seq(), before);

  // R-CASE-3: a supervisor extends once, with the reason kept for the applicant.
  const auto ext = ok(act(h, k3, "extend", {{"days", 2}, {"reason", "需实地核查"}}, "sup1")).at("case").as_object();
  EXPECT_EQ(num(ext, "extended_days"), 2);
  EXPECT_EQ(str(ext, "extension_reason"), "需实地核查");
  EXPECT_EQ(str(ext, "due"), "2026-12-03T00:00:00+08:00");
  EXPECT_EQ(code(act(h, k3, "extend", {{"days", 1}, {"reason", "再延"}}, "sup1")), "already_extended");
  const auto extended_paper = h.http().get("/api/cases/" + k3 + "/paper", h.token("sup1"));
  EXPECT_NE(extended_paper.body.find("需实地核查"), std::string::npos);

  // Lists: due soonest first, filtered.
  EXPECT_EQ(ids(ok(h.http().get("/api/cases?status=open", h.token("s001")))), (std::vector<std::string>{k1, k2, k3}));
  EXPECT_EQ(ids(ok(h.http().get("/api/cases?department=zwb", h.token("s001")))), (std::vector<std::string>{k3}));
  EXPECT_EQ(ids(ok(h.http().get("/api/cases?due_before=2026-11-28", h.token("s001")))), (std::vector<std::string>{k1}));
  EXPECT_EQ(ids(ok(h.http().get("/api/cases?status=rejected", h.token("s001")))), (std::vector<std::string>{k4}));

  // Tuesday 10:00: the department head approves; W05 (统一出件) delivers.
  h.advance(25 * 3600);
  const auto approved = ok(act(h, k1, "approve", {{"note", "材料齐全，准予办理"}}, "head1")).at("case").as_object();
  EXPECT_EQ(str(approved, "status"), "approved");
  EXPECT_EQ(approved.at("on_time"), json::value(true));
  EXPECT_EQ(code(act(h, k1, "approve", {}, "head1")), "case_not_open");
  h.sign_in("s001", "W01");
  EXPECT_EQ(code(act(h, k1, "deliver", {}, "s001")), "not_delivery_window");  // W01 is not 统一出件
  h.sign_in("s006", "W05");
  const auto delivered = ok(act(h, k1, "deliver", {{"note", "申请人本人领取"}}, "s006")).at("case").as_object();
  EXPECT_EQ(str(delivered, "status"), "delivered");
  EXPECT_EQ(str(delivered, "delivered_window"), "W05");
  EXPECT_EQ(code(act(h, k1, "deliver", {}, "s006")), "already_delivered");
  // The written one-time notice goes out from its department, in time.
  EXPECT_EQ(str(ok(act(h, k2, "deliver", {{"note", "邮寄送达"}}, "s002")).at("case").as_object(), "status"), "delivered");
  EXPECT_EQ(get_case(h, k2).at("on_time"), json::value(true));

  // R-SVC-2: the extended 公积金 case (7 working days: to Wed 2 December) turns yellow at 80 %
  // (5.6 days: Tue 1 December 14:24) and red on its last day; nobody decides it.
  advance_to(h, "2026-12-01T14:23:59");
  const auto alerts_of = [&h](const std::string& kind) {
    std::vector<json::object> out;
    const auto answer = ok(h.http().get("/api/alerts", h.token("sup1")));
    for (const auto& a : answer.at("alerts").as_array())
      if (str(a.as_object(), "kind") == kind) out.push_back(a.as_object());
    return out;
  };
  EXPECT_TRUE(alerts_of("case_time_limit").empty());
  h.advance(1);
  ASSERT_EQ(alerts_of("case_time_limit").size(), 1u);
  EXPECT_EQ(num(alerts_of("case_time_limit")[0], "level"), 1);
  EXPECT_EQ(str(alerts_of("case_time_limit")[0], "case"), k3);
  EXPECT_EQ(str(get_case(h, k3), "warning"), "yellow");
  advance_to(h, "2026-12-02T09:00:00");
  ASSERT_EQ(alerts_of("case_time_limit").size(), 1u);
  EXPECT_EQ(num(alerts_of("case_time_limit")[0], "level"), 2);
  EXPECT_EQ(str(get_case(h, k3), "warning"), "red");
  // R-CASE-5: past the deadline, an overdue alert and a proposed case_overdue deduction for zwb.
  advance_to(h, "2026-12-03T09:00:00");
  ASSERT_EQ(alerts_of("case_overdue").size(), 1u);
  EXPECT_EQ(str(alerts_of("case_overdue")[0], "case"), k3);
  EXPECT_EQ(str(get_case(h, k3), "warning"), "overdue");
  EXPECT_EQ(ids(ok(h.http().get("/api/cases?status=overdue", h.token("sup1")))), (std::vector<std::string>{k3}));
  EXPECT_NE(h.http().get("/metrics").body.find("hallq_cases_overdue 1\n"), std::string::npos);
  std::string deduction;
  const auto violations = ok(h.http().get("/api/violations", h.token("sup1")));
  for (const auto& v : violations.at("violations").as_array())
    if (str(v.as_object(), "kind") == "case_overdue") {
      EXPECT_EQ(str(v.as_object(), "department"), "zwb");
      EXPECT_EQ(str(v.as_object(), "case"), k3);
      EXPECT_EQ(str(v.as_object(), "rule"), "R-CASE-5");
      deduction = str(v.as_object(), "id");
    }
  ASSERT_FALSE(deduction.empty());
  ok(h.http().post_json("/api/violations/" + deduction + "/confirm", json::value(json::object{{"note", "确认超期"}}),
                        h.token("sup1")));
  // Decided late, then delivered: the case is closed, its alert ends, on_time is false.
  const auto late = ok(act(h, k3, "approve", {}, "s005")).at("case").as_object();
  EXPECT_EQ(late.at("on_time"), json::value(false));
  EXPECT_TRUE(alerts_of("case_overdue").empty());
  // Every step is an event in the log.
  std::vector<std::string> steps;
  for (const auto& e : h.events())
    if (str(e, "type").rfind("case.", 0) == 0) steps.push_back(str(e, "type"));
  EXPECT_EQ(steps, (std::vector<std::string>{"case.opened", "case.opened", "case.opened", "case.opened", "case.extended",
                                             "case.approved", "case.delivered", "case.delivered", "case.approved"}));
  // The figures of the monthly reports (R-CASE-5 counts each step on its own day): November has
  // the openings, the extension and k1's decision and delivery; December k3 overdue and late.
  const auto report = [&h](const std::string& month) {
    return ok(h.http().get("/api/reports/monthly?month=" + month, h.token("sup1")));
  };
  const auto nov = report("2026-11"), dec = report("2026-12");
  const auto& n = nov.at("totals").as_object().at("cases").as_object();
  EXPECT_EQ(num(n, "accepted"), 2);
  EXPECT_EQ(num(n, "notices"), 1);
  EXPECT_EQ(num(n, "notices_delivered_in_time"), 1);
  EXPECT_EQ(num(n, "rejected"), 1);
  EXPECT_EQ(num(n, "extended"), 1);
  EXPECT_EQ(num(n, "approved"), 1);
  EXPECT_EQ(num(n, "completed_on_time"), 1);
  EXPECT_EQ(num(n, "delivered"), 1);
  EXPECT_EQ(num(n, "overdue"), 0);
  EXPECT_EQ(n.at("average_working_days").to_number<double>(), 1.0);  // Monday → Tuesday
  const auto& d = dec.at("totals").as_object().at("cases").as_object();
  EXPECT_EQ(num(d, "accepted"), 0);
  EXPECT_EQ(num(d, "overdue"), 1);
  EXPECT_EQ(num(d, "approved"), 1);
  EXPECT_EQ(num(d, "completed_on_time"), 0);
  EXPECT_EQ(d.at("average_working_days").to_number<double>(), 8.0);  // 24 Nov … 3 Dec
  for (const auto& row : dec.at("departments").as_array())
    EXPECT_EQ(num(row.as_object().at("cases").as_object(), "overdue"), str(row.as_object(), "id") == "zwb" ? 1 : 0);
  ASSERT_EQ(dec.at("overdue_cases").as_array().size(), 1u);
  EXPECT_EQ(str(dec.at("overdue_cases").as_array()[0].as_object(), "id"), k3);
  // The gauges: at this point k3 is decided, so nothing is open.
  const auto metrics = h.http().get("/metrics");
  EXPECT_NE(metrics.body.find("hallq_cases_open 0\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("hallq_cases_overdue 0\n"), std::string::npos);
  // The state survives a restart.
  ASSERT_EQ(h.restart(), 0);
  EXPECT_EQ(str(get_case(h, k3), "status"), "approved");
  EXPECT_EQ(str(get_case(h, k1), "status"), "delivered");
}

}  // namespace
}  // namespace hallq::test
