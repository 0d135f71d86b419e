// Scores, complaints, ratings and follow-ups through the real server (halls/scoring.json, a hall
// of its own: two departments gaj and swj, sessions 08:30–12:00 and 13:30–17:30, wait limit
// 30 min, follow-ups within 3 working days, 2026-11-26 a holiday). Every expectation is worked
// out by hand from the district-hall profile: 2 points a year, schedule 0.1,
// criticized_publicly 0.3, complaint_verified 0.1, advanced title lost above 0.3, excellent lost
// above 2 bulletins or 2 verified complaints, the center's weight 30 %.
#include <algorithm>

#include "common.hpp"

namespace hallq::test {
namespace {

std::string scoring_hall() { return hall_config("scoring.json"); }

HttpResponse post(LiveHall& h, const std::string& path, const json::object& body, const std::string& token) {
  return h.http().post_json(path, json::value(body), token);
}

json::object ok(const HttpResponse& r, unsigned status = 200) {
  if (r.status != status || !r.json || !r.json->is_object()) {
    ADD_FAILURE() << "expected " << status << ": " << r.describe();
    return {};
  }
  return r.json->as_object();
}

json::object scores(LiveHall& h, int year = 2026) {
  return ok(h.http().get("/api/scores?year=" + std::to_string(year), h.token("sup1")));
}

json::object find(const json::object& scores_answer, const char* list, const std::string& id) {
  for (const auto& x : scores_answer.at(list).as_array())
    if (str(x.as_object(), "id") == id) return x.as_object();
  ADD_FAILURE() << "no " << id << " in " << list << ": " << dump(scores_answer);
  return {};
}

double number(const json::object& o, const char* key) {
  const auto n = proto::fields::number_if(o, key);
  if (!n) ADD_FAILURE() << key << " is not a number in " << dump(o);
  return n.value_or(-1);
}

std::string inspect(LiveHall& h, const std::string& kind, const std::string& staff, const std::string& department) {
  json::object body{{"kind", kind}, {"note", "巡查发现"}};
  if (!staff.empty()) body["staff"] = staff;
  if (!department.empty()) body["department"] = department;
  const auto o = ok(post(h, "/api/violations", body, h.token("sup1")), 201);
  return str(o.at("violation").as_object(), "id");
}

std::string complain(LiveHall& h, const json::object& body) {
  const auto r = h.http().post_json("/api/complaints", json::value(body));  // citizens need no account
  const auto o = ok(r, 201);
  return o.contains("complaint") ? str(o.at("complaint").as_object(), "id") : std::string();
}

json::object verify(LiveHall& h, const std::string& id, bool verified, const std::string& note = "") {
  const auto o = ok(post(h, "/api/complaints/" + id + "/verify", {{"verified", verified}, {"note", note}}, h.token("sup1")));
  return o.contains("complaint") ? o.at("complaint").as_object() : json::object{};
}

// A finished ticket served by `staff` at `window`; returns its id.
std::string served_ticket(LiveHall& h, const std::string& staff, const std::string& window, const std::string& service) {
  const auto t = h.issue(service);
  h.window_action(staff, window, "call-next");
  h.window_action(staff, window, "start");
  h.window_action(staff, window, "finish", {{"outcome", "done"}});
  return str(t, "id");
}

// [SECTION] R-SCR-1 / R-SCR-4 / R-SCR-7 / R-SCR-8 departments

TEST(RSCR1, three_tenths_and_one_three_tenths_leave_1_4_RSCR4_no_advanced_title_RSCR7_share) {
  LiveHall h(manual_clock(), scoring_hall());
  std::vector<std::string> slips;
  for (int i = 0; i < 3; ++i) slips.push_back(inspect(h, "schedule", "p02", ""));
  inspect(h, "criticized_publicly", "", "gaj");
  // R-SCR-3: deductions are not bulletins; the supervisor issues the bulletins (通报批评).
  EXPECT_EQ(num(find(scores(h), "staff", "p02"), "bulletins"), 0);
  for (const auto& v : slips) {
    const auto b = ok(
        post(h, "/api/bulletins", {{"staff", "p02"}, {"violations", json::array{json::value(v)}}, {"note", "迟到通报"}},
             h.token("sup1")),
        201);
    EXPECT_EQ(str(b.at("bulletin").as_object(), "staff"), "p02");
  }
  // Bad bulletins change nothing: unknown violation, another person's, no note, wrong role.
  const auto before = h.events().size();
  EXPECT_EQ(
      post(h, "/api/bulletins", {{"staff", "p02"}, {"violations", json::array{"V99"}}, {"note", "x"}}, h.token("sup1")).status,
      404);
  EXPECT_EQ(post(h, "/api/bulletins", {{"staff", "p01"}, {"violations", json::array{json::value(slips[0])}}, {"note", "x"}},
                 h.token("sup1"))
                .status,
            409);
  EXPECT_EQ(
      post(h, "/api/bulletins", {{"staff", "p02"}, {"violations", json::array{json::value(slips[0])}}}, h.token("sup1")).status,
      422);
  EXPECT_EQ(h.events().size(), before);
  EXPECT_EQ(ok(h.http().get("/api/bulletins?staff=p02", h.token("sup1"))).at("bulletins").as_array().size(), 3u);
  const auto sc = scores(h);
  EXPECT_EQ(num(sc, "year"), 2026);
  EXPECT_EQ(num(sc, "center_weight_percent"), 30);
  const auto gaj = find(sc, "departments", "gaj");
  // 2 − (0.1 + 0.1 + 0.1 + 0.3) = 1.4 exactly; 0.6 lost is more than 0.3.
  EXPECT_EQ(number(gaj, "points_start"), 2.0);
  EXPECT_EQ(number(gaj, "deducted"), 0.6);
  EXPECT_EQ(number(gaj, "points_left"), 1.4);
  EXPECT_EQ(num(gaj, "points_left_thousandths"), 1400);
  EXPECT_EQ(gaj.at("advanced_eligible"), json::value(false));
  EXPECT_EQ(number(gaj, "district_share"), 21.0);  // 1.4 / 2 × 30
  // R-SCR-8: each deduction with its rule, kind, points and the events behind it.
  const auto& trace = gaj.at("violations").as_array();
  ASSERT_EQ(trace.size(), 4u) << dump(gaj);
  for (const auto& v : trace) {
    EXPECT_EQ(str(v.as_object(), "rule"), "R-SCR-2");
    EXPECT_EQ(v.as_object().at("decisions").as_array().size(), 1u) << dump(v);
  }
  const auto swj = find(sc, "departments", "swj");
  EXPECT_EQ(number(swj, "points_left"), 2.0);
  EXPECT_EQ(number(swj, "deducted"), 0.0);
  EXPECT_EQ(swj.at("advanced_eligible"), json::value(true));
  EXPECT_EQ(number(swj, "district_share"), 30.0);
  // The API.md shape: every staff entry carries four quarters.
  for (const auto& s : sc.at("staff").as_array()) {
    const auto& o = s.as_object();
    for (const char* k : {"id", "bulletins", "verified_complaints", "excellent_eligible", "quarters", "return_flag"})
      EXPECT_TRUE(o.contains(k)) << k << " missing in " << dump(o);
    ASSERT_EQ(o.at("quarters").as_array().size(), 4u);
    EXPECT_EQ(num(o.at("quarters").as_array()[3].as_object(), "q"), 4);
  }
  EXPECT_EQ(num(find(sc, "staff", "p02"), "bulletins"), 3);
  EXPECT_EQ(find(sc, "staff", "p02").at("violations").as_array().size(), 3u);
  EXPECT_EQ(find(sc, "staff", "p02").at("excellent_eligible"), json::value(false));  // R-SCR-3: 3 > 2
  // Another year starts full.
  EXPECT_EQ(number(find(scores(h, 2027), "departments", "gaj"), "points_left"), 2.0);
}

TEST(RSCR1, points_never_go_below_zero) {
  LiveHall h(manual_clock(), scoring_hall());
  for (int i = 0; i < 7; ++i) inspect(h, "criticized_publicly", "", "swj");  // 2.1 of 2
  const auto swj = find(scores(h), "departments", "swj");
  EXPECT_EQ(number(swj, "points_left"), 0.0);
  EXPECT_EQ(number(swj, "deducted"), 2.0);
  EXPECT_EQ(number(swj, "deducted_total"), 2.1);
}

// [SECTION] R-SCR-2 only confirmed deductions; corrections are events too

TEST(RSCR2, a_dismissed_deduction_restores_the_points_and_the_log_says_why) {
  LiveHall h(manual_clock("2026-11-23T08:25:00"), scoring_hall());
  h.advance(10 * 60);      // 08:35, the session opened at 08:30
  h.sign_in("t01", "T1");  // late (R-ATT-2): a proposed schedule deduction
  const auto proposed = ok(h.http().get("/api/violations?status=proposed", h.token("sup1")));
  std::string late;
  for (const auto& v : proposed.at("violations").as_array())
    if (str(v.as_object(), "rule") == "R-ATT-2") late = str(v.as_object(), "id");
  ASSERT_FALSE(late.empty()) << dump(proposed);
  EXPECT_EQ(number(find(scores(h), "departments", "swj"), "points_left"), 2.0);  // proposed only
  ok(post(h, "/api/violations/" + late + "/dismiss", {{"note", "道路封闭"}}, h.token("sup1")));
  EXPECT_EQ(number(find(scores(h), "departments", "swj"), "points_left"), 2.0);

  // A verified complaint costs 0.1; the revised verdict gives it back.
  const std::string c = complain(h, {{"staff", "t01"}, {"text", "办事推诿"}});
  auto k = verify(h, c, true, "核实属实");
  EXPECT_EQ(str(k, "status"), "verified");
  const std::string v = str(k, "violation");
  ASSERT_FALSE(v.empty()) << dump(k);
  EXPECT_EQ(number(find(scores(h), "departments", "swj"), "points_left"), 1.9);
  k = verify(h, c, false, "复核：投诉人认错窗口");
  EXPECT_EQ(str(k, "status"), "not_verified");
  const auto sc = scores(h);
  EXPECT_EQ(number(find(sc, "departments", "swj"), "points_left"), 2.0);
  EXPECT_TRUE(find(sc, "departments", "swj").at("violations").as_array().empty());
  EXPECT_EQ(num(find(sc, "staff", "t01"), "verified_complaints"), 0);
  // The history: complaint.verified (false) then violation.dismissed citing the complaint.
  const auto log = h.events();
  const auto verdicts = of_type(log, "complaint.verified");
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[1].at("verified"), json::value(false));
  // A late sign-in in this day withdraws the empty-window deduction it caused (R-EMP-2,
  // reason same_incident); only the complaint's dismissals are looked at here.
  std::vector<json::object> dismissed;
  for (const auto& d : of_type(log, "violation.dismissed"))
    if (str(d, "reason") != "same_incident") dismissed.push_back(d);
  ASSERT_EQ(dismissed.size(), 2u);
  EXPECT_EQ(str(dismissed[1], "violation"), v);
  EXPECT_EQ(str(dismissed[1], "complaint"), c);
  EXPECT_NE(str(dismissed[1], "note").find("复核：投诉人认错窗口"), std::string::npos);
  const auto vs = ok(h.http().get("/api/violations", h.token("sup1")));
  for (const auto& x : vs.at("violations").as_array())
    if (str(x.as_object(), "id") == v) {
      EXPECT_EQ(str(x.as_object(), "status"), "dismissed");
      EXPECT_EQ(x.as_object().at("decisions").as_array().size(), 2u);  // confirmed, then dismissed
    }
}

TEST(RSCR2, a_confirmed_inspection_entered_in_error_is_withdrawn_and_the_points_come_back) {
  LiveHall h(manual_clock(), scoring_hall());
  auto& c = h.http();
  const std::string v = inspect(h, "off_post_inspection", "t02", "");  // 0.2, confirmed at once
  EXPECT_EQ(number(find(scores(h), "departments", "swj"), "points_left"), 1.8);
  expect_refused(h, 409, "violation_decided", [&] {
    return c.post_json("/api/violations/" + v + "/dismiss", json::value(json::object{{"note", "x"}}), h.token("sup1"));
  });
  expect_refused(h, 422, "invalid",
                 [&] { return c.post_json("/api/violations/" + v + "/withdraw", json::value(json::object{}), h.token("sup1")); });
  const auto w = ok(post(h, "/api/violations/" + v + "/withdraw", {{"note", "核对监控：当时在岗"}}, h.token("sup1")));
  EXPECT_EQ(str(w.at("violation").as_object(), "status"), "dismissed");
  EXPECT_EQ(number(find(scores(h), "departments", "swj"), "points_left"), 2.0);
  const auto dismissed = of_type(h.events(), "violation.dismissed");
  ASSERT_EQ(dismissed.size(), 1u);
  EXPECT_EQ(str(dismissed[0], "reason"), "correction");
  EXPECT_EQ(str(dismissed[0], "note"), "核对监控：当时在岗");
}

// [SECTION] R-SCR-3 excellent eligibility

TEST(RSCR3, three_verified_complaints_make_a_staff_member_not_excellent_eligible) {
  LiveHall h(manual_clock(), scoring_hall());
  for (int i = 1; i <= 3; ++i) {
    verify(h, complain(h, {{"staff", "p01"}, {"window", "G1"}, {"text", "投诉 " + std::to_string(i)}}), true);
    const auto p01 = find(scores(h), "staff", "p01");
    EXPECT_EQ(num(p01, "verified_complaints"), i);
    EXPECT_EQ(p01.at("excellent_eligible"), json::value(i <= 2)) << i;
    EXPECT_EQ(num(p01, "bulletins"), 0);
  }
  EXPECT_EQ(find(scores(h), "staff", "p02").at("excellent_eligible"), json::value(true));
  // 3 × 0.1 charged to gaj: 1.7 left, 0.3 lost — still advanced-eligible (not more than 0.3).
  const auto gaj = find(scores(h), "departments", "gaj");
  EXPECT_EQ(number(gaj, "points_left"), 1.7);
  EXPECT_EQ(gaj.at("advanced_eligible"), json::value(true));
}

// [SECTION] R-SCR-5 / R-SCR-6 grades and return flags

TEST(RSCR5, a_quarter_is_graded_from_the_profile_weights_and_RSCR6_refusals_flag_a_return) {
  LiveHall h(manual_clock(), scoring_hall());
  h.sign_in("p01", "G1");
  const auto t1 = served_ticket(h, "p01", "G1", "huji");
  served_ticket(h, "p01", "G1", "huji");
  ok(h.http().post_json("/api/tickets/" + t1 + "/rating", json::value(json::object{{"level", 1}})), 201);
  inspect(h, "refusing_management", "p01", "");  // 0.2 → discipline 80
  auto p01 = find(scores(h), "staff", "p01");
  const auto& q4 = p01.at("quarters").as_array()[3].as_object();
  // attendance 100, discipline 80, caseload 100 (alone), efficiency 100, satisfaction 0 (1 of 1 unsatisfied):
  // 0.2 × (100 + 80 + 100 + 100 + 0) = 76 → pass (60 ≤ 76 < 80).
  EXPECT_EQ(num(q4, "score"), 76) << dump(q4);
  EXPECT_EQ(str(q4, "grade"), "pass");
  EXPECT_TRUE(p01.at("quarters").as_array()[0].as_object().at("grade").is_null());
  EXPECT_EQ(p01.at("return_flag"), json::value(false));
  inspect(h, "refusing_management", "p01", "");
  p01 = find(scores(h), "staff", "p01");
  EXPECT_EQ(p01.at("return_flag"), json::value(true));
  ASSERT_EQ(p01.at("return_reasons").as_array().size(), 1u);
  EXPECT_EQ(str(p01.at("return_reasons").as_array()[0]), "refusing_management");
}

TEST(RSCR6, a_supervisors_assessment_through_the_api_flags_a_return_and_a_bad_one_changes_nothing) {
  LiveHall h(manual_clock(), scoring_hall());
  const auto before = h.http().get("/api/assessments", h.token("sup1"));
  ASSERT_EQ(before.status, 200u) << before.describe();
  EXPECT_TRUE(before.json->at("assessments").as_array().empty());
  // An item the profile does not have, a quarter out of range, a ground without a note: 422.
  auto r = post(h, "/api/assessments", {{"staff", "p01"}, {"year", 2026}, {"quarter", 4}, {"marks", json::object{{"zz", 90}}}},
                h.token("sup1"));
  EXPECT_EQ(r.status, 422u) << r.describe();
  r = post(h, "/api/assessments",
           {{"staff", "p01"}, {"year", 2026}, {"quarter", 7}, {"grounds", json::array{"misconduct"}}, {"note", "x"}},
           h.token("sup1"));
  EXPECT_EQ(r.status, 422u) << r.describe();
  r = post(h, "/api/assessments", {{"staff", "p01"}, {"year", 2026}, {"quarter", 4}, {"grounds", json::array{"misconduct"}}},
           h.token("sup1"));
  EXPECT_EQ(r.status, 422u) << r.describe();
  r = post(h, "/api/assessments", {{"staff", "p01"}, {"year", 2026}, {"quarter", 4}, {"marks", "high"}}, h.token("sup1"));
  EXPECT_EQ(r.status, 400u) << r.describe();
  r = post(h, "/api/assessments",
           {{"staff", "p01"}, {"year", 2026}, {"quarter", 4}, {"grounds", json::array{"rude_conduct"}}, {"note", "x"}},
           h.token("p01"));
  EXPECT_EQ(r.status, 403u) << r.describe();
  EXPECT_EQ(find(scores(h), "staff", "p01").at("return_flag"), json::value(false));
  const auto made = ok(post(h, "/api/assessments",
                            {{"staff", "p01"},
                             {"year", 2026},
                             {"quarter", 4},
                             {"grounds", json::array{"rude_conduct"}},
                             {"note", "与群众争吵，经核实"}},
                            h.token("sup1")),
                       201);
  EXPECT_EQ(str(made.at("assessment").as_object(), "by"), "sup1");
  const auto p01 = find(scores(h), "staff", "p01");
  EXPECT_EQ(p01.at("return_flag"), json::value(true));
  EXPECT_EQ(str(p01.at("return_reasons").as_array()[0]), "rude_conduct");
  EXPECT_EQ(str(p01, "stage"), "return");
  const auto listed = h.http().get("/api/assessments?staff=p01&year=2026", h.token("sup1"));
  ASSERT_EQ(listed.status, 200u);
  ASSERT_EQ(listed.json->at("assessments").as_array().size(), 1u);
}

// [SECTION] R-SVC-4 complaints

TEST(RSVC4, complaints_are_filed_by_anyone_verified_by_supervisors_and_listed) {
  LiveHall h(manual_clock(), scoring_hall());
  auto& c = h.http();
  expect_refused(h, 422, "invalid", [&] { return c.post_json("/api/complaints", json::value(json::object{{"staff", "p01"}})); });
  expect_refused(h, 404, "unknown_staff", [&] {
    return c.post_json("/api/complaints", json::value(json::object{{"staff", "x9"}, {"text", "t"}}));
  });
  expect_refused(h, 404, "unknown_window", [&] {
    return c.post_json("/api/complaints", json::value(json::object{{"window", "Z9"}, {"text", "t"}}));
  });
  expect_refused(h, 404, "not_found", [&] {
    return c.post_json("/api/complaints", json::value(json::object{{"ticket", "nope"}, {"text", "t"}}));
  });
  expect_refused(h, 400, "bad_request", [&] { return c.post_json("/api/complaints", json::value(json::object{{"text", 5}})); });

  h.sign_in("t02", "T1");
  const std::string ticket = served_ticket(h, "t02", "T1", "nashui");
  const auto filed = ok(c.post_json("/api/complaints", json::value(json::object{{"ticket", ticket}, {"text", "等候太久"}})), 201);
  const auto& k = filed.at("complaint").as_object();
  EXPECT_EQ(str(k, "staff"), "t02");  // taken from the ticket
  EXPECT_EQ(str(k, "window"), "T1");
  EXPECT_EQ(str(k, "department"), "swj");
  EXPECT_EQ(str(k, "status"), "filed");
  const std::string id = str(k, "id");
  const auto log = h.events();
  const auto events = of_type(log, "complaint.filed");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(str(events[0], "complaint"), id);
  EXPECT_EQ(str(events[0], "text"), "等候太久");

  expect_refused(h, 403, "forbidden", [&] {
    return c.post_json("/api/complaints/" + id + "/verify", json::value(json::object{{"verified", true}}), h.token("t01"));
  });
  expect_refused(h, 400, "bad_request", [&] {
    return c.post_json("/api/complaints/" + id + "/verify", json::value(json::object{{"verified", "yes"}}), h.token("sup1"));
  });
  expect_refused(h, 404, "unknown_complaint", [&] {
    return c.post_json("/api/complaints/C99/verify", json::value(json::object{{"verified", true}}), h.token("sup1"));
  });
  EXPECT_EQ(c.get("/api/complaints", h.token("t01")).status, 403u);
  const auto k2 = verify(h, id, true);
  EXPECT_EQ(str(k2, "status"), "verified");
  const auto listed = ok(c.get("/api/complaints?status=verified", h.token("sup1")));
  ASSERT_EQ(listed.at("complaints").as_array().size(), 1u);
  EXPECT_TRUE(ok(c.get("/api/complaints?status=filed", h.token("sup1"))).at("complaints").as_array().empty());
  const auto v = of_type(h.events(), "violation.proposed");
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(str(v.back(), "source"), "complaint");
  EXPECT_EQ(str(v.back(), "kind"), "complaint_verified");
  EXPECT_EQ(str(v.back(), "rule"), "R-SVC-4");
}

// [SECTION] R-SVC-3 / R-SVC-5 ratings and follow-ups

TEST(RSVC3, an_unsatisfied_rating_alerts_supervisors_and_RSVC5_its_follow_up_is_closed_or_overdue) {
  LiveHall h(manual_clock(), scoring_hall());
  auto& c = h.http();
  h.sign_in("p02", "G1");
  const std::string t1 = served_ticket(h, "p02", "G1", "huji");
  const std::string t2 = served_ticket(h, "p02", "G1", "huji");
  ok(c.post_json("/api/tickets/" + t1 + "/rating", json::value(json::object{{"level", 2}})), 201);
  ok(c.post_json("/api/tickets/" + t2 + "/rating", json::value(json::object{{"level", 1}})), 201);
  auto alerts = ok(c.get("/api/alerts", h.token("sup1"))).at("alerts").as_array();
  const auto count = [&](const char* kind) {
    return std::count_if(alerts.begin(), alerts.end(), [&](const json::value& a) { return str(a.as_object(), "kind") == kind; });
  };
  EXPECT_EQ(count("unsatisfied_rating"), 2);
  auto list = ok(c.get("/api/follow-ups?status=open", h.token("sup1"))).at("follow_ups").as_array();
  ASSERT_EQ(list.size(), 2u);
  // Monday 11-23 + 3 working days (Tue, Wed, Fri: Thursday 11-26 is a holiday) → due Saturday 00:00.
  EXPECT_EQ(str(list[0].as_object(), "due"), "2026-11-28T00:00:00+08:00");
  const std::string f1 = str(list[0].as_object(), "id");
  const std::string f2 = str(list[1].as_object(), "id");
  EXPECT_EQ(c.get("/api/follow-ups", h.token("p01")).status, 403u);
  expect_refused(h, 422, "invalid",
                 [&] { return c.post_json("/api/follow-ups/" + f1 + "/close", json::value(json::object{}), h.token("sup1")); });
  const auto closed = ok(post(h, "/api/follow-ups/" + f1 + "/close", {{"note", "已回访，重新办理"}}, h.token("sup1")));
  EXPECT_EQ(str(closed.at("follow_up").as_object(), "status"), "closed");
  expect_refused(h, 409, "follow_up_closed", [&] {
    return c.post_json("/api/follow-ups/" + f1 + "/close", json::value(json::object{{"note", "x"}}), h.token("sup1"));
  });
  alerts = ok(c.get("/api/alerts", h.token("sup1"))).at("alerts").as_array();
  EXPECT_EQ(count("unsatisfied_rating"), 1);  // f1's alert resolved

  // f2 stays open: overdue exactly at 2026-11-28T00:00:00.
  const std::int64_t to_friday_night = 4 * 86400 + 15 * 3600 + 30 * 60 - 1;  // 08:30 Mon → 23:59:59 Fri
  EXPECT_EQ(h.advance(to_friday_night), "2026-11-27T23:59:59+08:00");
  EXPECT_TRUE(of_type(h.events(), "alert.raised").size() > 0);
  auto overdue_raised = [&] {
    int n = 0;
    for (const auto& e : of_type(h.events(), "alert.raised"))
      if (str(e, "kind") == "follow_up_overdue") {
        ++n;
        EXPECT_EQ(str(e, "at"), "2026-11-28T00:00:00+08:00");
        EXPECT_EQ(str(e, "follow_up"), f2);
      }
    return n;
  };
  EXPECT_EQ(overdue_raised(), 0);
  h.advance(1);
  EXPECT_EQ(overdue_raised(), 1);
  EXPECT_EQ(ok(c.get("/api/follow-ups?status=overdue", h.token("sup1"))).at("follow_ups").as_array().size(), 1u);
}

// [SECTION] R-SVC-2 through the server clock

TEST(RSVC2, wait_too_long_fires_at_its_second_through_the_server_clock) {
  LiveHall h(manual_clock(), scoring_hall());
  const auto t = h.issue("nashui");  // nobody on post at T1: it waits
  h.advance(30 * 60 - 1);
  auto has = [&] {
    const auto state = h.state();
    for (const auto& a : state.at("alerts").as_array())
      if (str(a.as_object(), "kind") == "wait_too_long" && str(a.as_object(), "ticket") == str(t, "id")) return true;
    return false;
  };
  EXPECT_FALSE(has());
  h.advance(1);
  EXPECT_TRUE(has());
}

TEST(RSVC2, time_limit_warning_turns_yellow_then_red_at_its_seconds_through_the_server_clock) {
  LiveHall h(manual_clock(), scoring_hall());
  h.sign_in("p01", "G1");
  h.issue("huji");  // promised 15 min: yellow at 0.8 × 15 = 12 min, red at 15 min
  h.window_action("p01", "G1", "call-next");
  h.window_action("p01", "G1", "start");
  const auto level = [&]() -> std::int64_t {
    const auto state = h.state();
    for (const auto& a : state.at("alerts").as_array())
      if (str(a.as_object(), "kind") == "time_limit_warning") return num(a.as_object(), "level");
    return 0;
  };
  h.advance(12 * 60 - 1);
  EXPECT_EQ(level(), 0);
  h.advance(1);
  EXPECT_EQ(level(), 1);
  h.advance(3 * 60 - 1);
  EXPECT_EQ(level(), 1);
  h.advance(1);
  EXPECT_EQ(level(), 2);
  h.window_action("p01", "G1", "finish", {{"outcome", "done"}});
  EXPECT_EQ(level(), 0);
}

// [SECTION] restart

TEST(RSCR8, scores_are_the_same_after_a_restart_with_and_without_snapshots) {
  LiveHall h({"--clock", "manual", "--start", "2026-11-23T08:30:00", "--snapshot-every", "3"}, scoring_hall());
  h.sign_in("p01", "G1");
  const auto t1 = served_ticket(h, "p01", "G1", "huji");
  ok(h.http().post_json("/api/tickets/" + t1 + "/rating", json::value(json::object{{"level", 1}})), 201);
  inspect(h, "schedule", "p01", "");
  verify(h, complain(h, {{"staff", "p02"}, {"text", "态度差"}}), true);
  const auto before = scores(h);
  const auto follow_ups = ok(h.http().get("/api/follow-ups", h.token("sup1")));
  EXPECT_EQ(h.restart(), 0);
  EXPECT_EQ(json_diff(scores(h), before), "");
  EXPECT_EQ(json_diff(ok(h.http().get("/api/follow-ups", h.token("sup1"))), follow_ups), "");
  h.crash_and_restart();
  EXPECT_EQ(json_diff(scores(h), before), "");
}

}  // namespace
}  // namespace hallq::test
