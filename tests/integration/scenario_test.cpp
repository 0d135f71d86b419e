// A whole morning in the hall (halls/scenario.json), through the real server on a manual clock:
// leave approved through its chain and the planned cover it brings, sign-ins (one late), tickets,
// an off-post covered by its B, an off-post nobody covers (cover_needed → window_empty →
// escalated → supervisor assigns the best substitute), a presence sensor catching an unreported
// absence, an overdue off-post, and extended service at closing time (R-HRS-3). The log then has
// to tell that story event by event, with traceable proposed violations (R-SCR-8).
//
// The same morning runs with restarts in the middle (SIGTERM and kill -9, with and without
// snapshots) and with a WebSocket client listening from the start.
//
// Hall (scenario.json), Monday 2026-11-23, sessions 09:00-12:00 and 14:00-17:00,
// cover_grace_minutes 6, escalate_minutes 10:
//   W01 社保 [shebao]            A s001 (rsj chief, on leave today)   B s002
//   W02 医保 [yibao]             A s003                               B s004, s007
//   W03 社保医保 [shebao,yibao]  A s004                               B s003      (W02/W03: mutual AB pair)
//   W04 公积金 [gongjijin]       A s005 (zwb chief)                   B s006, s007
//   W05 综合 [gongjijin,shebao]  A s007 (closed by the supervisor)    B s006
#include <algorithm>
#include <functional>
#include <map>
#include <optional>

#include "common.hpp"

namespace hallq::test {
namespace {

using namespace std::chrono_literals;

const std::string day = "2026-11-23";
std::string at_time(const std::string& hhmmss) { return day + "T" + hhmmss + "+08:00"; }

// "HH:MM:SS actor type key=value ..." for the members that tell the story.
std::string summarize(const json::object& e) {
  const std::string at = str(e, "at");
  std::string out = (at.size() >= 19 ? at.substr(11, 8) : at) + " " + str(e, "actor") + " " + str(e, "type");
  for (const char* k : {"leave", "violation", "kind", "staff", "window", "as", "from_window", "department", "rule", "reason",
                        "level", "present", "session", "next_approver"}) {
    const auto* v = e.if_contains(k);
    if (!v) continue;
    out += std::string(" ") + k + "=" + (v->is_string() ? std::string(v->as_string()) : json::serialize(*v));
  }
  return out;
}

bool meaningful(const json::object& e) {
  const std::string t = str(e, "type");
  for (const char* p : {"staff.", "alert.", "violation.", "leave.", "session.", "window.", "day."})
    if (t.rfind(p, 0) == 0) return true;
  return false;
}

bool is_planned_cover_raise(const json::object& e) {
  return str(e, "type") == "alert.raised" && str(e, "kind") == "planned_cover";
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// The meaningful events of the morning, in log order, as the rules say they must happen. The
// planned_cover alert is checked on its own, with its time (R-LV-4: at session open).
const std::vector<std::string> expected_story = {
    "08:30:00 system day.started",
    "08:30:00 s001 leave.requested leave=L1 kind=leave staff=s001 department=rsj reason=事假 next_approver=department_head",
    "08:31:00 head1 leave.approved leave=L1 staff=s001 next_approver=supervisor",
    "08:32:00 sup1 leave.approved leave=L1 staff=s001 next_approver=deputy_head",
    "08:33:00 dep1 leave.approved leave=L1 staff=s001",
    "08:45:00 s003 staff.signed_in staff=s003 window=W02 as=A",
    "08:45:00 s004 staff.signed_in staff=s004 window=W03 as=A",
    "08:45:00 s007 staff.signed_in staff=s007 window=W05 as=A",
    "08:46:00 sup1 window.closed window=W05",
    // 09:00 the session opens: W01 (A on leave) and W04 (A not in yet) need cover.
    "09:00:00 system session.opened session=0",
    "09:00:00 system alert.raised kind=cover_needed window=W01 rule=R-AB-3 level=1",
    "09:00:00 system alert.raised kind=cover_needed window=W04 rule=R-AB-3 level=1",
    "09:00:00 s002 staff.took_over staff=s002 window=W01 as=B",
    "09:00:00 system alert.resolved kind=cover_needed window=W01 reason=covered",
    // 09:05 s005 is late (R-ATT-2).
    "09:05:00 s005 staff.signed_in staff=s005 window=W04 as=A",
    "09:05:00 s005 alert.raised kind=late_sign_in staff=s005 rule=R-ATT-2 level=1",
    "09:05:00 s005 violation.proposed violation=V1 kind=schedule staff=s005 window=W04 department=zwb rule=R-ATT-2",
    "09:05:00 system alert.resolved kind=cover_needed window=W04 reason=covered",
    // 09:20 s003 leaves W02 with a report; its B s007 takes over two minutes later (R-AB-3).
    "09:20:00 s003 staff.off_post staff=s003 window=W02 reason=取材料",
    "09:20:00 system alert.raised kind=cover_needed staff=s003 window=W02 rule=R-AB-3 level=1",
    "09:22:00 s007 staff.took_over staff=s007 window=W02 as=B from_window=W05",
    "09:22:00 system alert.resolved kind=cover_needed staff=s003 window=W02 reason=covered",
    // R-SVC-2: B003 (医保, promised 15 min) started at 09:22, so 09:34 is 0.8 × 15 min: the yellow
    // warning fires on the second, before s007 finishes it at that same second.
    "09:34:00 system alert.raised kind=time_limit_warning staff=s007 window=W02 rule=R-SVC-2 level=1",
    "09:34:00 system alert.resolved kind=time_limit_warning staff=s007 window=W02 reason=finished",
    "09:34:00 s003 staff.handed_back staff=s007 window=W05 as=A from_window=W02",
    "09:34:00 s003 staff.returned staff=s003 window=W02 as=A from_window=W02",
    // 09:40 s005 leaves W04 and nobody covers: empty at +6 min, escalated at +10 more.
    "09:40:00 s005 staff.off_post staff=s005 window=W04 reason=开会",
    "09:40:00 system alert.raised kind=cover_needed staff=s005 window=W04 rule=R-AB-3 level=1",
    "09:46:00 system alert.raised kind=window_empty staff=s005 window=W04 rule=R-EMP-1 level=1",
    "09:46:00 system violation.proposed violation=V2 kind=window_empty window=W04 department=zwb rule=R-EMP-2",
    "09:50:00 sup1 alert.acknowledged kind=window_empty staff=s005 window=W04",
    "09:56:00 system alert.escalated kind=window_empty window=W04 level=2",
    "09:57:00 sup1 staff.took_over staff=s007 window=W04 as=B from_window=W05",
    "09:57:00 system alert.resolved kind=cover_needed staff=s005 window=W04 reason=covered",
    "09:57:00 system alert.resolved kind=window_empty staff=s005 window=W04 reason=covered",
    "10:05:00 s005 staff.handed_back staff=s007 window=W05 as=A from_window=W04",
    "10:05:00 s005 staff.returned staff=s005 window=W04 as=A from_window=W04",
    // 10:10 s004 leaves for 5 minutes and is late back (R-OFF-3).
    "10:10:00 s004 staff.off_post staff=s004 window=W03 reason=接电话",
    "10:10:00 system alert.raised kind=cover_needed staff=s004 window=W03 rule=R-AB-3 level=1",
    "10:15:00 system alert.raised kind=off_post_overdue staff=s004 window=W03 rule=R-OFF-3 level=1",
    "10:15:00 system violation.proposed violation=V3 kind=schedule staff=s004 department=rsj rule=R-OFF-3",
    "10:15:30 s004 staff.returned staff=s004 window=W03 as=A from_window=W03",
    "10:15:30 system alert.resolved kind=cover_needed staff=s004 window=W03 reason=covered",
    "10:15:30 system alert.resolved kind=off_post_overdue staff=s004 window=W03 reason=returned",
    // 10:20 the sensor at W02 sees nobody although s003 is on post (R-EMP-4).
    "10:20:00 sensor-1 window.presence window=W02 present=false",
    "10:20:00 system alert.raised kind=unreported_absence staff=s003 window=W02 rule=R-EMP-4 level=2",
    "10:20:00 system violation.proposed violation=V4 kind=schedule staff=s003 window=W02 department=rsj rule=R-EMP-4",
    "10:25:00 sensor-1 window.presence window=W02 present=true",
    "10:25:00 system alert.resolved kind=unreported_absence staff=s003 window=W02 reason=present",
    // 12:00 closing with gongjijin tickets waiting: s005 serves them before signing out (R-HRS-3).
    "12:00:00 system session.closed session=0",
    "12:10:00 s005 staff.signed_out staff=s005 window=W04",
    "12:15:00 sup1 violation.confirmed violation=V2 kind=window_empty department=zwb",
};

// The alert.raised / alert.resolved lines of the story, in order.
std::vector<std::string> expected_alert_story() {
  std::vector<std::string> out;
  for (const auto& l : expected_story)
    if (l.find(" alert.raised ") != std::string::npos || l.find(" alert.resolved ") != std::string::npos) out.push_back(l);
  return out;
}

std::vector<std::string> story_of(const std::vector<json::object>& events, bool alerts_only = false) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (!meaningful(e) || is_planned_cover_raise(e)) continue;
    const std::string t = str(e, "type");
    if (alerts_only && t != "alert.raised" && t != "alert.resolved") continue;
    out.push_back(summarize(e));
  }
  return out;
}

// Where a restart may happen in the morning.
enum class Point {
  s007_covering_w02,
  w04_uncovered_before_grace,
  w04_empty_before_escalation,
  s004_off_before_return,
  w02_sensor_absent
};

struct Morning {
  LiveHall& h;
  std::function<void(Point)> checkpoint = [](Point) {};
  int now = 8 * 3600 + 30 * 60;  // seconds since local midnight; the server starts at 08:30:00

  // --- plumbing ----------------------------------------------------------------------------
  json::object expect(const HttpResponse& r, unsigned status, const std::string& what) {
    if (r.status != status || !r.json || !r.json->is_object()) {
      ADD_FAILURE() << what << ": expected " << status << ", got " << r.describe();
      return {};
    }
    return r.json->as_object();
  }
  json::object post(const std::string& target, const json::object& body, const std::string& token, unsigned status = 200) {
    return expect(h.http().post_json(target, json::value(body), token), status, "POST " + target);
  }
  json::object get(const std::string& target, const std::string& token) {
    return expect(h.http().get(target, token), 200, "GET " + target);
  }
  const std::string& sup() { return h.token("sup1"); }

  /// Moves the manual clock forward to HH:MM:SS today (every timer due on the way fires).
  void to(const std::string& hhmmss) {
    const int target = std::stoi(hhmmss.substr(0, 2)) * 3600 + std::stoi(hhmmss.substr(3, 2)) * 60 +
                       std::stoi(hhmmss.substr(6, 2));
    ASSERT_GE(target, now) << "the scenario goes forward only";
    if (target > now) {
      EXPECT_EQ(h.advance(target - now), at_time(hhmmss));
    }
    now = target;
  }

  std::vector<json::object> alerts() {
    std::vector<json::object> out;
    const auto o = get("/api/alerts", sup());
    if (const auto* a = o.if_contains("alerts"))
      for (const auto& x : a->as_array()) out.push_back(x.as_object());
    return out;
  }
  std::optional<json::object> alert(const std::string& kind, const std::string& window_or_staff = "") {
    for (const auto& a : alerts())
      if (str(a, "kind") == kind &&
          (window_or_staff.empty() || str(a, "window") == window_or_staff || str(a, "staff") == window_or_staff))
        return a;
    return std::nullopt;
  }
  json::object window(const std::string& w) {
    const auto st = h.state();
    for (const auto& x : st.at("windows").as_array())
      if (str(x.as_object(), "id") == w) return x.as_object();
    ADD_FAILURE() << "no window " << w << " in the state";
    return {};
  }
  std::string staffing(const std::string& w) { return str(window(w), "staffing"); }
  std::vector<json::object> substitutes(const std::string& w) {
    std::vector<json::object> out;
    const auto o = get("/api/windows/" + w + "/substitutes", sup());
    EXPECT_EQ(str(o, "window"), w);
    if (const auto* c = o.if_contains("candidates"))
      for (const auto& x : c->as_array()) out.push_back(x.as_object());
    return out;
  }
  std::vector<std::string> candidate_ids(const std::vector<json::object>& cands) {
    std::vector<std::string> out;
    for (const auto& c : cands) out.push_back(str(c, "staff"));
    return out;
  }
  json::object ticket_at(const std::string& s, const std::string& w, const std::string& action) {
    const auto o = h.window_action(s, w, action);
    return o.at("ticket").is_object() ? o.at("ticket").as_object() : json::object{};
  }
  // call-next + start at w by s; returns the called number.
  std::string call_and_start(const std::string& s, const std::string& w) {
    const auto t = ticket_at(s, w, "call-next");
    ticket_at(s, w, "start");
    return str(t, "number");
  }

  // --- the morning -------------------------------------------------------------------------
  void run() {
    // 08:30 s001 (chief representative of rsj) asks for today and tomorrow off. Two days:
    // the long chain (department_head, supervisor) plus the deputy head for a chief (R-LV-1, R-OFF-4).
    auto leave = post("/api/leave", {{"staff", "s001"}, {"from", "2026-11-23"}, {"to", "2026-11-24"}, {"reason", "事假"}},
                      h.token("s001"), 201)["leave"]
                     .as_object();
    EXPECT_EQ(str(leave, "id"), "L1");
    EXPECT_EQ(str(leave, "status"), "pending");
    EXPECT_EQ(str(leave, "next_approver"), "department_head");
    EXPECT_EQ(leave["chain"], (json::array{"department_head", "supervisor", "deputy_head"}));
    // Out of turn: the deputy head and a plain staff member are refused and change nothing.
    expect_refused(h, 403, "forbidden", [&] { return h.http().post("/api/leave/L1/approve", "{}", h.token("dep1")); });
    expect_refused(h, 403, "forbidden", [&] { return h.http().post("/api/leave/L1/approve", "{}", h.token("s002")); });
    to("08:31:00");
    EXPECT_EQ(str(post("/api/leave/L1/approve", {}, h.token("head1"))["leave"].as_object(), "next_approver"), "supervisor");
    to("08:32:00");
    EXPECT_EQ(str(post("/api/leave/L1/approve", {}, sup())["leave"].as_object(), "next_approver"), "deputy_head");
    to("08:33:00");
    leave = post("/api/leave/L1/approve", {{"note", "同意"}}, h.token("dep1"))["leave"].as_object();
    EXPECT_EQ(str(leave, "status"), "approved");
    EXPECT_TRUE(leave["next_approver"].is_null()) << dump(leave);
    EXPECT_EQ(leave["decided_by"], (json::array{"head1", "sup1", "dep1"}));

    // 08:45 most A staff sign in before opening; W05 stays closed this morning (s007 is the
    // floating substitute there, so covering elsewhere empties no open window, R-AB-6).
    to("08:45:00");
    h.sign_in("s003", "W02");
    h.sign_in("s004", "W03");
    h.sign_in("s007", "W05");
    to("08:46:00");
    post("/api/windows/W05/close", {}, sup());
    EXPECT_EQ(staffing("W01"), "closed") << "no session yet";

    // 09:00 the session opens. W01 (its A on leave) and W04 (A not in yet) are uncovered.
    to("09:00:00");
    EXPECT_TRUE(h.state().at("session_open").as_bool());
    EXPECT_EQ(staffing("W01"), "uncovered");
    EXPECT_EQ(staffing("W04"), "uncovered");
    EXPECT_EQ(staffing("W05"), "closed");
    {
      const auto cands = substitutes("W01");  // the B first; the A on leave last
      EXPECT_EQ(candidate_ids(cands), (std::vector<std::string>{"s002", "s001"}));
      if (cands.size() == 2) {
        EXPECT_EQ(str(cands[0], "as"), "B");
        EXPECT_FALSE(cands[0].at("on_leave").as_bool());
        EXPECT_TRUE(cands[1].at("on_leave").as_bool()) << dump(cands[1]);
        EXPECT_FALSE(cands[1].at("available").as_bool());
      }
    }
    // The planned cover (R-LV-4) told s002; s002 takes the post at 09:00 sharp (not late).
    const auto took = h.staff_action("s002", "take-over", {{"window", "W01"}}).at("staff").as_object();
    EXPECT_EQ(str(took, "post"), "W01");
    EXPECT_EQ(str(took, "as"), "B");
    EXPECT_EQ(staffing("W01"), "covered");
    EXPECT_FALSE(alert("cover_needed", "W01"));
    EXPECT_FALSE(alert("late_sign_in", "s002")) << "a take-over at the opening second is on time";

    // 09:05 s005 signs in five minutes late (R-ATT-2): alert + proposed schedule deduction.
    to("09:05:00");
    EXPECT_EQ(staffing("W04"), "uncovered") << "5 min < cover_grace_minutes 6";
    EXPECT_FALSE(alert("window_empty", "W04"));
    h.sign_in("s005", "W04");
    {
      const auto late = alert("late_sign_in", "s005");
      EXPECT_TRUE(late) << "no late_sign_in alert for s005";
      if (late) {
        EXPECT_EQ(str(*late, "raised_at"), at_time("09:05:00"));
        EXPECT_EQ(str(*late, "rule"), "R-ATT-2");
      }
    }
    EXPECT_FALSE(alert("cover_needed", "W04"));

    // 09:06 citizens arrive; every window serves one.
    to("09:06:00");
    for (const char* sv : {"shebao", "shebao", "yibao", "yibao", "gongjijin"}) h.issue(sv);
    to("09:07:00");
    EXPECT_EQ(call_and_start("s002", "W01"), "A001");
    EXPECT_EQ(call_and_start("s004", "W03"), "A002");
    EXPECT_EQ(call_and_start("s003", "W02"), "B001");
    EXPECT_EQ(call_and_start("s005", "W04"), "C001");
    to("09:12:00");
    for (const auto& [s, w] :
         std::vector<std::pair<std::string, std::string>>{{"s002", "W01"}, {"s004", "W03"}, {"s003", "W02"}, {"s005", "W04"}})
      EXPECT_EQ(str(ticket_at(s, w, "finish"), "status"), "finished");
    to("09:15:00");
    h.issue("yibao");
    EXPECT_EQ(call_and_start("s003", "W02"), "B002");

    // 09:20 s003 must finish before leaving (R-OFF-2), then reports reason and destination (R-OFF-1).
    to("09:20:00");
    const json::object s003_off{{"reason", "取材料"}, {"destination", "档案室"}, {"expected_minutes", 15}};
    expect_refused(h, 409, "ticket_in_progress",
                   [&] { return h.http().post_json("/api/staff/s003/off-post", json::value(s003_off), h.token("s003")); });
    ticket_at("s003", "W02", "finish");
    h.staff_action("s003", "off-post", s003_off);
    {
      const auto w = window("W02");
      EXPECT_EQ(str(w, "staffing"), "uncovered");
      EXPECT_TRUE(w.at("on_post").is_null());
      ASSERT_TRUE(w.at("off_post").is_object()) << dump(w);
      EXPECT_EQ(str(w.at("off_post").as_object(), "destination"), "档案室");
      EXPECT_EQ(str(w.at("off_post").as_object(), "expected_return"), at_time("09:35:00"));
      const auto cover = alert("cover_needed", "W02");
      EXPECT_TRUE(cover) << "no cover_needed for W02";
      if (cover) {
        EXPECT_EQ(str(*cover, "staff"), "s003");
        EXPECT_EQ(cover->at("notify"), (json::array{"s004", "s007"})) << dump(*cover);
      }
    }
    // 09:21 s004 (W02's B, but A of W03: the mutual pair) may not empty W03 to cover (R-AB-6).
    to("09:21:00");
    {
      const auto cands = substitutes("W02");
      EXPECT_EQ(candidate_ids(cands), (std::vector<std::string>{"s007", "s004", "s003", "s004"}));  // s004 also from W03 (R-AB-7)
      if (cands.size() == 3) {
        EXPECT_TRUE(cands[0].at("available").as_bool());
        EXPECT_FALSE(cands[0].at("empties_window").as_bool());
        EXPECT_EQ(str(cands[0], "on_post"), "W05");
        EXPECT_FALSE(cands[1].at("available").as_bool()) << "s003 is off post";
        EXPECT_TRUE(cands[2].at("empties_window").as_bool()) << dump(cands[2]);
        EXPECT_EQ(str(cands[2], "on_post"), "W03");
      }
    }
    expect_refused(h, 409, "would_empty_window",
                   [&] { return h.http().post("/api/staff/s004/take-over", R"({"window":"W02"})", h.token("s004")); });
    // 09:22 s007 takes over from the closed W05: the cover_needed resolves in the same second.
    to("09:22:00");
    const auto s007 = h.staff_action("s007", "take-over", {{"window", "W02"}}).at("staff").as_object();
    EXPECT_EQ(str(s007, "post"), "W02");
    EXPECT_EQ(str(s007, "covering_from"), "W05");
    EXPECT_FALSE(alert("cover_needed", "W02"));
    EXPECT_EQ(call_and_start("s007", "W02"), "B003");
    to("09:25:00");
    checkpoint(Point::s007_covering_w02);  // s007 covers W02 from W05 and serves B003
    // 09:34 s003 is back (a minute early), but waits until s007 finishes B003; then s007 goes
    // back to W05.
    to("09:34:00");
    expect_refused(h, 409, "ticket_in_progress", [&] { return h.http().post("/api/staff/s003/return", "", h.token("s003")); });
    ticket_at("s007", "W02", "finish");
    EXPECT_EQ(str(h.staff_action("s003", "return").at("staff").as_object(), "post"), "W02");
    EXPECT_TRUE(window("W02").at("off_post").is_null());
    EXPECT_EQ(str(window("W05").at("on_post").as_object(), "staff"), "s007");

    // 09:40 s005 leaves W04 for a meeting and nobody takes over.
    to("09:40:00");
    h.staff_action("s005", "off-post", {{"reason", "开会"}, {"destination", "三楼会议室"}, {"expected_minutes", 30}});
    EXPECT_EQ(staffing("W04"), "uncovered");
    to("09:43:00");
    checkpoint(Point::w04_uncovered_before_grace);
    to("09:45:00");
    h.issue("gongjijin");  // C002 waits: no open, staffed window serves gongjijin
    to("09:45:59");
    EXPECT_FALSE(alert("window_empty", "W04")) << "window_empty before the grace ran out";
    EXPECT_EQ(staffing("W04"), "uncovered");
    to("09:46:00");  // exactly cover_grace_minutes (6) after the cover_needed (R-EMP-1)
    std::string empty_id;
    {
      const auto empty = alert("window_empty", "W04");
      EXPECT_TRUE(empty) << "no window_empty at 09:46:00";
      if (empty) {
        empty_id = str(*empty, "id");
        EXPECT_EQ(str(*empty, "raised_at"), at_time("09:46:00"));
        EXPECT_EQ(num(*empty, "level"), 1);
      }
      EXPECT_EQ(staffing("W04"), "empty");
      EXPECT_TRUE(alert("cover_needed", "W04")) << "the cover_needed stays until someone covers";
    }
    to("09:50:00");
    if (!empty_id.empty()) {
      const auto acked = post("/api/alerts/" + empty_id + "/ack", {{"note", "正在安排顶岗"}}, sup())["alert"].as_object();
      EXPECT_EQ(str(acked, "acknowledged_by"), "sup1");
    }
    checkpoint(Point::w04_empty_before_escalation);
    to("09:55:59");
    if (const auto a = alert("window_empty", "W04")) {
      EXPECT_EQ(num(*a, "level"), 1) << "escalated too early";
    }
    to("09:56:00");  // + escalate_minutes (10)
    if (const auto a = alert("window_empty", "W04")) {
      EXPECT_EQ(num(*a, "level"), 2);
      EXPECT_EQ(str(*a, "escalated_at"), at_time("09:56:00"));
      EXPECT_EQ(str(*a, "acknowledged_by"), "sup1") << "the acknowledgement survives the escalation";
    } else {
      ADD_FAILURE() << "window_empty for W04 is gone before anybody covered";
    }
    // 09:57 the supervisor looks for a substitute and assigns the best one.
    to("09:57:00");
    EXPECT_EQ(h.http().get("/api/windows/W04/substitutes", sensor_token).status, 403u) << "staff only";
    EXPECT_EQ(h.http().get("/api/windows/W99/substitutes", sup()).error_code(), "unknown_window");
    {
      const auto cands = substitutes("W04");
      EXPECT_EQ(candidate_ids(cands), (std::vector<std::string>{"s007", "s006", "s005"}));
      if (cands.size() == 3) {
        EXPECT_TRUE(cands[0].at("available").as_bool());
        EXPECT_FALSE(cands[0].at("empties_window").as_bool()) << "W05 is closed";
        EXPECT_EQ(str(cands[0], "as"), "B");
        EXPECT_FALSE(cands[1].at("available").as_bool()) << "s006 is not signed in";
        EXPECT_EQ(str(cands[2], "as"), "A");
        EXPECT_FALSE(cands[2].at("available").as_bool()) << "s005 is off post";
      }
      const std::string top = cands.empty() ? "s007" : str(cands[0], "staff");
      const auto assigned = post("/api/staff/" + top + "/take-over", {{"window", "W04"}}, sup())["staff"].as_object();
      EXPECT_EQ(str(assigned, "post"), "W04");
    }
    EXPECT_FALSE(alert("cover_needed", "W04"));
    EXPECT_FALSE(alert("window_empty", "W04"));
    EXPECT_EQ(staffing("W04"), "covered");
    if (!empty_id.empty()) {  // a resolved alert is no longer active: nothing to acknowledge
      expect_refused(h, 404, "unknown_alert", [&] { return h.http().post("/api/alerts/" + empty_id + "/ack", "{}", sup()); });
    }
    EXPECT_EQ(call_and_start("s007", "W04"), "C002");
    to("10:04:00");
    ticket_at("s007", "W04", "finish");
    to("10:05:00");
    h.staff_action("s005", "return");
    EXPECT_EQ(str(window("W04").at("on_post").as_object(), "staff"), "s005");

    // 10:10 s004 goes off post for 5 minutes; nobody can cover W03 (s003 would empty W02).
    to("10:10:00");
    h.staff_action("s004", "off-post", {{"reason", "接电话"}, {"destination", "后台办公室"}, {"expected_minutes", 5}});
    to("10:12:00");
    checkpoint(Point::s004_off_before_return);
    to("10:14:59");
    EXPECT_FALSE(alert("off_post_overdue", "s004")) << "overdue before the expected return";
    to("10:15:00");  // exactly expected_minutes (5) later (R-OFF-3)
    {
      const auto overdue = alert("off_post_overdue", "s004");
      EXPECT_TRUE(overdue) << "no off_post_overdue at 10:15:00";
      if (overdue) {
        EXPECT_EQ(str(*overdue, "raised_at"), at_time("10:15:00"));
        EXPECT_EQ(str(*overdue, "window"), "W03");
      }
    }
    to("10:15:30");
    h.staff_action("s004", "return");
    EXPECT_FALSE(alert("off_post_overdue", "s004"));
    EXPECT_FALSE(alert("cover_needed", "W03"));

    // 10:20 the presence sensor at W02 says nobody is there, yet s003 is on post (R-EMP-4).
    to("10:20:00");
    {
      const auto w = post("/api/windows/W02/presence", {{"present", false}}, sensor_token)["window"].as_object();
      EXPECT_EQ(w.at("presence"), json::value(false));
      const auto absent = alert("unreported_absence", "W02");
      EXPECT_TRUE(absent) << "no unreported_absence at once";
      if (absent) {
        EXPECT_EQ(str(*absent, "raised_at"), at_time("10:20:00"));
        EXPECT_EQ(str(*absent, "staff"), "s003");
        EXPECT_EQ(num(*absent, "level"), 2);
      }
    }
    to("10:22:00");
    checkpoint(Point::w02_sensor_absent);
    EXPECT_EQ(window("W02").at("presence"), json::value(false));
    to("10:25:00");
    post("/api/windows/W02/presence", {{"present", true}}, sensor_token);
    EXPECT_FALSE(alert("unreported_absence", "W02"));

    // A quiet hour: no timer is due.
    to("11:50:00");
    for (const char* sv : {"gongjijin", "gongjijin", "shebao"}) h.issue(sv);
    EXPECT_EQ(call_and_start("s002", "W01"), "A003");
    to("11:55:00");
    ticket_at("s002", "W01", "finish");

    // 12:00 the session closes with C003 and C004 still waiting: only W04 serves gongjijin
    // (W05 is closed), so s005 works them off before signing out (R-HRS-3).
    to("12:00:00");
    EXPECT_FALSE(h.state().at("session_open").as_bool());
    {
      const auto r = h.http().post("/api/tickets", R"({"service":"shebao"})", kiosk_token);
      EXPECT_EQ(r.status, 409u) << r.describe();
      EXPECT_EQ(r.error_code(), "hall_closed");
    }
    EXPECT_EQ(staffing("W04"), "covered") << "extended service keeps W04 open";
    expect_refused(h, 409, "extended_service_required",
                   [&] { return h.http().post("/api/staff/s005/sign-out", "", h.token("s005")); });
    to("12:01:00");
    EXPECT_EQ(call_and_start("s005", "W04"), "C003");
    to("12:05:00");
    ticket_at("s005", "W04", "finish");
    expect_refused(h, 409, "extended_service_required",
                   [&] { return h.http().post("/api/staff/s005/sign-out", "", h.token("s005")); });
    EXPECT_EQ(call_and_start("s005", "W04"), "C004");
    to("12:10:00");
    ticket_at("s005", "W04", "finish");
    const auto out = h.staff_action("s005", "sign-out").at("staff").as_object();
    EXPECT_FALSE(out.at("signed_in").as_bool());
    EXPECT_EQ(staffing("W04"), "closed");

    // Signing out after extended service, between sessions, is not an early sign-out (R-ATT-2).
    // 12:15 the supervisor confirms the empty-window deduction.
    to("12:15:00");
    post("/api/violations/V2/confirm", {{"note", "空岗属实"}}, sup());
  }
};

void expect_gap_free(LiveHall& h, const std::vector<json::object>& log) {
  const auto last = h.seq();
  ASSERT_EQ(static_cast<std::int64_t>(log.size()), last) << "the log must hold seqs 1.." << last;
  for (std::size_t i = 0; i < log.size(); ++i)
    ASSERT_EQ(num(log[i], "seq"), static_cast<std::int64_t>(i + 1)) << "gap in the log at index " << i;
}

// The story the log tells, without ticket.* and clock.advanced.
void expect_story(const std::vector<json::object>& log) { EXPECT_EQ(joined(story_of(log)), joined(expected_story)); }

const json::object* find_event(const std::vector<json::object>& log, const std::function<bool(const json::object&)>& pred) {
  for (const auto& e : log)
    if (pred(e)) return &e;
  return nullptr;
}
std::int64_t seq_of(const std::vector<json::object>& log, const std::string& type, const std::string& key,
                    const std::string& value, const std::string& at = "") {
  const auto* e = find_event(log, [&](const json::object& x) {
    return str(x, "type") == type && str(x, key.c_str()) == value && (at.empty() || str(x, "at") == at_time(at));
  });
  return e ? num(*e, "seq") : -1;
}
std::vector<std::int64_t> seqs(const json::value& v) {
  std::vector<std::int64_t> out;
  if (v.is_array())
    for (const auto& x : v.as_array())
      if (x.is_number()) out.push_back(x.to_number<std::int64_t>());
  return out;
}
bool has(const std::vector<std::int64_t>& v, std::int64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }
std::string describe(const std::vector<json::object>& log, std::int64_t seq) {
  if (seq < 1 || seq > static_cast<std::int64_t>(log.size())) return "seq " + std::to_string(seq) + " (not in the log)";
  return "seq " + std::to_string(seq) + ": " + summarize(log[static_cast<std::size_t>(seq - 1)]);
}

TEST(Scenario, morning_with_cover_alerts_escalation_and_extended_service) {
  LiveHall h(manual_clock(), hall_config("scenario.json"));
  Morning m{h};
  m.run();
  if (HasFatalFailure()) return;

  const auto log = h.events(0, 50);  // paged, 50 at a time
  expect_gap_free(h, log);
  expect_story(log);

  // R-LV-4: one planned_cover alert today for s001's leave, telling W01's B. RULES.md R-LV-4
  // says it is detected at session open, and the morning plan has it at 09:00.
  const auto planned = [&] {
    std::vector<json::object> out;
    for (const auto& e : log)
      if (is_planned_cover_raise(e)) out.push_back(e);
    return out;
  }();
  ASSERT_EQ(planned.size(), 1u);
  EXPECT_EQ(str(planned[0], "staff"), "s001");
  EXPECT_EQ(str(planned[0], "window"), "W01");
  EXPECT_EQ(str(planned[0], "leave"), "L1");
  EXPECT_EQ(str(planned[0], "rule"), "R-LV-4");
  EXPECT_EQ(planned[0].at("notify"), (json::array{"s002"}));
  // R-LV-4: the B is told when the post needs them, at session open.
  EXPECT_EQ(str(planned[0], "at"), at_time("09:00:00")) << "planned_cover raised at " << str(planned[0], "at");

  // Cover requests name the B staff first, then the other A staff (R-AB-3).
  const auto* w04_cover = find_event(log, [](const json::object& e) {
    return str(e, "type") == "alert.raised" && str(e, "kind") == "cover_needed" && str(e, "window") == "W04" &&
           str(e, "staff") == "s005";
  });
  ASSERT_TRUE(w04_cover);
  EXPECT_EQ(w04_cover->at("notify"), (json::array{"s006", "s007"}));
  const auto* w01_cover = find_event(log, [](const json::object& e) {
    return str(e, "type") == "alert.raised" && str(e, "kind") == "cover_needed" && str(e, "window") == "W01";
  });
  ASSERT_TRUE(w01_cover);
  // Staff on approved leave today are not asked to cover (R-LV-4).
  EXPECT_EQ(w01_cover->at("notify"), (json::array{"s002"})) << dump(*w01_cover);

  // Every alert traces the events behind it (R-SCR-8).
  const auto off_s004 = seq_of(log, "staff.off_post", "staff", "s004");
  const auto presence_false = seq_of(log, "window.presence", "window", "W02", "10:20:00");
  const auto* overdue = find_event(
      log, [](const json::object& e) { return str(e, "kind") == "off_post_overdue" && str(e, "type") == "alert.raised"; });
  const auto* absent = find_event(
      log, [](const json::object& e) { return str(e, "kind") == "unreported_absence" && str(e, "type") == "alert.raised"; });
  ASSERT_TRUE(overdue && absent);
  // off_post_overdue names the staff.off_post behind it (R-SCR-8).
  EXPECT_TRUE(has(seqs(overdue->contains("events") ? overdue->at("events") : json::value()), off_s004))
      << "off_post_overdue alert: " << dump(*overdue) << "\nexpected its events to contain " << describe(log, off_s004);
  // unreported_absence names the sensor reading behind it (R-SCR-8).
  {
    const auto behind = seqs(absent->contains("events") ? absent->at("events") : json::value());
    std::string got;
    for (const auto seq : behind) got += "\n  " + describe(log, seq);
    EXPECT_TRUE(has(behind, presence_false)) << "unreported_absence alert: " << dump(*absent) << "\nits events are:" << got
                                             << "\nexpected them to contain " << describe(log, presence_false);
  }

  // Proposed violations: kinds, rules, departments, points and the events behind them.
  const auto vs = m.get("/api/violations?year=2026", m.sup())["violations"].as_array();
  ASSERT_EQ(vs.size(), 4u) << dump(vs);
  struct Want {
    const char* id;
    const char* kind;
    const char* rule;
    const char* staff;
    const char* department;
    double points;
    const char* status;
  };
  const Want want[] = {{"V1", "schedule", "R-ATT-2", "s005", "zwb", 0.1, "proposed"},
                       {"V2", "window_empty", "R-EMP-2", "", "zwb", 0.1, "confirmed"},  // R-EMP-2: s005 reported
                       {"V3", "schedule", "R-OFF-3", "s004", "rsj", 0.1, "proposed"},
                       {"V4", "schedule", "R-EMP-4", "s003", "rsj", 0.1, "proposed"}};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& v = vs[i].as_object();
    SCOPED_TRACE(dump(v));
    EXPECT_EQ(str(v, "id"), want[i].id);
    EXPECT_EQ(str(v, "kind"), want[i].kind);
    EXPECT_EQ(str(v, "rule"), want[i].rule);
    EXPECT_EQ(str(v, "staff"), want[i].staff);
    EXPECT_EQ(str(v, "department"), want[i].department);
    EXPECT_NEAR(v.at("points").to_number<double>(), want[i].points, 1e-9);
    EXPECT_EQ(str(v, "source"), "auto");
    EXPECT_EQ(str(v, "status"), want[i].status);
    EXPECT_FALSE(seqs(v.at("events")).empty()) << "R-SCR-8: every deduction links its events";
    for (const auto seq : seqs(v.at("events"))) EXPECT_TRUE(seq >= 1 && seq <= static_cast<std::int64_t>(log.size())) << seq;
  }
  const auto ev = [&](std::size_t i) { return seqs(vs[i].as_object().at("events")); };
  EXPECT_EQ(ev(0), (std::vector<std::int64_t>{seq_of(log, "staff.signed_in", "staff", "s005")}));
  const auto off_s005 = seq_of(log, "staff.off_post", "staff", "s005");
  const auto cover_w04 = num(*w04_cover, "seq");
  const auto empty_w04 = seq_of(log, "alert.raised", "kind", "window_empty");
  EXPECT_TRUE(has(ev(1), off_s005) && has(ev(1), cover_w04) && has(ev(1), empty_w04))
      << "window_empty violation must link s005's off-post (" << off_s005 << "), the cover_needed (" << cover_w04
      << ") and the window_empty alert (" << empty_w04 << ")";
  EXPECT_TRUE(has(ev(2), num(*overdue, "seq")));
  EXPECT_TRUE(has(ev(3), num(*absent, "seq")));
  // Filters.
  EXPECT_EQ(m.get("/api/violations?status=proposed", m.sup())["violations"].as_array().size(), 3u);
  EXPECT_EQ(m.get("/api/violations?year=2025", m.sup())["violations"].as_array().size(), 0u);

  // Active alerts at the end of the morning: planned cover and late sign-in, ordered
  // by id as text.
  std::vector<std::string> kinds, ids;
  for (const auto& a : m.alerts()) {
    kinds.push_back(str(a, "kind"));
    ids.push_back(str(a, "id"));
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "alerts are ordered by id as text";
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"late_sign_in", "planned_cover"}));

  // The leave as the department head sees it.
  const auto leaves = m.get("/api/leave?status=approved", h.token("head1"))["leaves"].as_array();
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].as_object().at("decided_by"), (json::array{"head1", "sup1", "dep1"}));
}

// SIGTERM and kill -9 at the delicate moments; each restart must give back exactly the state it
// had (including active alerts, their acknowledgement, presence and off-post reports), add
// nothing to the log, and the timers must still fire at their exact second afterwards.
void restart_scenario(std::vector<std::string> extra, bool through_snapshots) {
  LiveHall h(extra, hall_config("scenario.json"));
  Morning m{h};
  int restarts = 0;
  m.checkpoint = [&](Point p) {
    SCOPED_TRACE("restart at checkpoint " + std::to_string(static_cast<int>(p)));
    const auto before = h.state(false);
    const auto log_before = h.events();
    const auto alerts_before = m.alerts();
    std::map<std::string, std::vector<json::object>> subs_before;
    for (const char* w : {"W02", "W03", "W04"}) subs_before[w] = m.substitutes(w);
    const bool crash = p == Point::w04_empty_before_escalation || p == Point::s004_off_before_return;
    if (crash) {
      h.crash_and_restart();
    } else {
      EXPECT_EQ(h.restart(), 0) << "clean shutdown exits 0";
    }
    ++restarts;
    const auto after = h.state(false);
    EXPECT_EQ(json_diff(without(after, {"now"}), without(before, {"now"})), "");
    EXPECT_EQ(str(after, "now"), str(before, "now")) << "the manual clock resumes where it stood";
    EXPECT_EQ(h.events(), log_before) << "a restart adds nothing to the log";
    EXPECT_EQ(m.alerts(), alerts_before);
    for (const char* w : {"W02", "W03", "W04"}) EXPECT_EQ(m.substitutes(w), subs_before.at(w)) << w;
    const auto log = h.server().log();
    const auto at = log.rfind("from_snapshot=");
    ASSERT_NE(at, std::string::npos) << log;
    if (through_snapshots) {
      EXPECT_GT(std::stoll(log.substr(at + 14)), 0) << "the restart did not use a snapshot: " << log;
    }
  };
  m.run();
  EXPECT_EQ(restarts, 5);
  const auto log = h.events();
  expect_gap_free(h, log);
  expect_story(log);
}

TEST(Scenario, restart_mid_scenario_keeps_alerts_timers_and_presence) { restart_scenario(manual_clock(), false); }

TEST(Scenario, restart_mid_scenario_through_snapshots_keeps_alerts_timers_and_presence) {
  restart_scenario({"--clock", "manual", "--start", "2026-11-23T08:30:00", "--snapshot-every", "3"}, true);
}

// The server is down (kill -9) while W04 is uncovered and its A is off post, and comes back with
// the manual clock at 10:30: the deadlines it missed fire at their own seconds, in order
// (API "Durability, time and timers": after a downtime a restarted server fires them in order).
TEST(Scenario, downtime_fires_the_missed_deadlines_at_their_exact_seconds) {
  LiveHall h(manual_clock(), hall_config("scenario.json"));
  Morning m{h};
  m.to("08:45:00");
  h.sign_in("s003", "W02");
  h.sign_in("s004", "W03");
  h.sign_in("s005", "W04");
  h.sign_in("s007", "W05");
  h.staff_action("s002", "take-over", {{"window", "W01"}});
  m.to("09:40:00");
  h.staff_action("s005", "off-post", {{"reason", "开会"}, {"destination", "三楼会议室"}, {"expected_minutes", 5}});
  m.to("09:41:00");
  const auto seq_before = h.seq();
  h.server().kill9();
  h.server().start({"--clock", "manual", "--start", "2026-11-23T10:30:00"});
  h.http() = HttpClient(h.port());
  EXPECT_EQ(str(h.state(), "now"), at_time("10:30:00"));

  std::vector<std::string> caught_up;
  for (const auto& e : h.events(seq_before))
    if (meaningful(e)) caught_up.push_back(summarize(e));
  EXPECT_EQ(joined(caught_up),
            joined({
                "09:45:00 system alert.raised kind=off_post_overdue staff=s005 window=W04 rule=R-OFF-3 level=1",
                "09:45:00 system violation.proposed violation=V1 kind=schedule staff=s005 department=zwb rule=R-OFF-3",
                "09:46:00 system alert.raised kind=window_empty staff=s005 window=W04 rule=R-EMP-1 level=1",
                "09:46:00 system violation.proposed violation=V2 kind=window_empty window=W04 department=zwb rule=R-EMP-2",
                "09:56:00 system alert.escalated kind=window_empty window=W04 level=2",
                "10:06:00 system alert.escalated kind=window_empty window=W04 level=3",
            }));
  // Level 3 is the top: nothing more fires, however long it stays empty.
  m.now = 10 * 3600 + 30 * 60;
  const auto after_catch_up = h.seq();
  m.to("11:00:00");
  for (const auto& e : h.events(after_catch_up)) EXPECT_EQ(str(e, "type"), "clock.advanced") << dump(e);
  h.staff_action("s005", "return");
  EXPECT_TRUE(m.alerts().empty()) << dump(json::value_from(m.alerts()));
}

TEST(Scenario, websocket_from_the_start_sees_every_alert_of_the_morning_in_order) {
  LiveHall h(manual_clock(), hall_config("scenario.json"));
  WsClient ws;
  ws.connect(h.port(), display_token);
  const auto first = ws.next(5s);
  ASSERT_TRUE(first) << ws.close_reason();
  ASSERT_EQ(str(*first, "type"), "snapshot");
  const auto from = num(*first, "seq");

  Morning m{h};
  m.run();
  const auto last = h.seq();

  std::vector<json::object> got;
  for (std::int64_t expect = from + 1; expect <= last;) {
    const auto msg = ws.next(5s);
    if (!msg) {
      ADD_FAILURE() << "no message for seq " << expect << " (" << (ws.closed() ? ws.close_reason() : "timeout") << ")";
      break;
    }
    ASSERT_EQ(str(*msg, "type"), "event") << dump(*msg);
    const auto& e = msg->at("event").as_object();
    ASSERT_EQ(num(e, "seq"), expect) << "events in seq order, no gap";
    got.push_back(e);
    ++expect;
  }
  const auto log = h.events(from);
  ASSERT_EQ(got.size(), log.size());

  std::vector<json::object> ws_alerts, log_alerts;
  for (const auto& e : got)
    if (str(e, "type") == "alert.raised" || str(e, "type") == "alert.resolved") ws_alerts.push_back(e);
  for (const auto& e : log)
    if (str(e, "type") == "alert.raised" || str(e, "type") == "alert.resolved") log_alerts.push_back(e);
  ASSERT_EQ(ws_alerts.size(), log_alerts.size());
  for (std::size_t i = 0; i < ws_alerts.size(); ++i) EXPECT_EQ(ws_alerts[i], log_alerts[i]) << "alert event " << i;
  EXPECT_EQ(joined(story_of(got, true)), joined(expected_alert_story()));
  EXPECT_FALSE(ws.next(200ms)) << "nothing after the last event";
  ws.close();
}

}  // namespace
}  // namespace hallq::test
