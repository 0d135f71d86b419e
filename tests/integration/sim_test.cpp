// The hall-day simulator against the real server: a full seeded day in seconds, the summary's
// invariants checked from the server's own event log, and the same seed giving the same log;
// `hallq-sim load` (the built binary) playing several halls at once against several servers.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "client/http_client.hpp"
#include "sim/driver/day_runner.hpp"
#include "support/server_process.hpp"

using namespace hallq;
namespace json = boost::json;

namespace {

// A busier staff day than the default, so that one short day sees trips, substitutes,
// unreported absences and late sign-ins.
constexpr const char* busy_staff_workload = R"({
  "volume": 0.7,
  "citizens": {"no_show_share": 0.06, "green_share": 0.1, "appointment_share": 0.1},
  "services": {"pension": {"transfers": {"jobs": 0.06}, "incomplete_share": 0.1, "missing": ["参保证明"]}},
  "staff": {"trips_per_session": 1.5, "unreported_share": 0.2, "overdue_share": 0.3, "late_share": 0.3,
            "no_cover_share": 0.3, "leave_per_day": 1}
})";

struct Day {
  sim::RunResult result;
  std::string log;
};

Day play(const std::string& hall, std::uint64_t seed, const std::string& workload = {}, double volume = 1) {
  test::ServerProcess server(hall);
  server.start(test::manual_clock("2026-11-23T08:30:00"));
  sim::RunOptions opt;
  opt.server.port = server.port();
  opt.hall_path = hall;
  opt.workload_path = workload;
  opt.seed = seed;
  opt.volume = volume;
  Day d{sim::run_day(opt), server.log()};
  EXPECT_EQ(server.stop(), 0);
  return d;
}

/// The event log with the server's random ids (tickets, appointments, cases) replaced by their order
/// of first appearance: what must be equal between two runs of the same seed.
std::vector<std::string> canonical(const std::vector<json::object>& events) {
  std::map<std::string, std::string> ids;
  std::vector<std::string> out;
  for (auto e : events) {
    for (const char* key : {"ticket", "appointment", "case"})
      if (auto* v = e.if_contains(key); v && v->is_string()) {
        const std::string id(v->get_string());
        auto it = ids.find(id);
        if (it == ids.end()) it = ids.emplace(id, std::string(key) + "#" + std::to_string(ids.size())).first;
        *v = it->second;
      }
    out.push_back(json::serialize(e));
  }
  return out;
}

std::string write_workload(const test::TempDir& dir) {
  const auto path = (dir.path() / "busy.workload.json").string();
  std::ofstream(path) << busy_staff_workload;
  return path;
}

struct SimExit {
  int code = -1;
  std::string out, err;
};

/// Runs the built hallq-sim with `args` (no spaces or quotes in them) and waits for it.
SimExit run_sim(const test::TempDir& dir, const std::vector<std::string>& args) {
  const auto err_path = (dir.path() / "sim.err").string();
  std::string cmd = HALLQ_SIM_BIN;
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " 2>'" + err_path + "'";
  SimExit r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(err_path);
  std::ostringstream ss;
  ss << in.rdbuf();
  r.err = ss.str();
  return r;
}

json::object read_json(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str()).as_object();
}

std::string url_of(const test::ServerProcess& s) { return "http://127.0.0.1:" + std::to_string(s.port()); }

/// The event log of a server of sim_hall.json after `since`, read as its supervisor.
std::vector<json::object> server_events(const test::ServerProcess& s, std::int64_t since) {
  client::HttpClient http(s.port());
  client::ServerUrl url;
  url.port = s.port();
  return sim::fetch_events(url, http.login("boss", "4190"), since);
}
}  // namespace

TEST(SimDay, seeded_day_closes_every_ticket_and_alerts_every_uncovered_minute_R_AB_3_R_EMP_1) {
  test::TempDir dir;
  const auto day = play(test::hall_config("sim_hall.json"), 11, write_workload(dir));
  const auto& s = day.result.summary;
  SCOPED_TRACE(day.result.summary_text);
  EXPECT_TRUE(s.invariants_hold());
  EXPECT_EQ(s.still_open, 0);
  EXPECT_EQ(s.calls_to_unheld_window, 0);
  EXPECT_EQ(s.unalerted_uncovered_seconds, 0);
  EXPECT_EQ(s.unalerted_empty_seconds, 0);
  // The day really happened: tickets of every kind, and the staff side with its alerts.
  EXPECT_GT(s.issued, 50);
  EXPECT_EQ(s.issued, s.finished + s.no_shows + s.cancelled);
  EXPECT_GT(s.no_shows, 0);
  EXPECT_GT(s.green, 0);
  EXPECT_GT(s.appointments, 0);
  EXPECT_GT(s.incomplete, 0);
  EXPECT_GT(s.off_post, 0);
  EXPECT_GT(s.take_overs, 0);
  EXPECT_GT(s.alerts_by_kind.count("cover_needed"), 0u);
  EXPECT_GT(s.alerts_by_kind.count("unreported_absence"), 0u);
  EXPECT_EQ(s.leave_approved, 1);
  EXPECT_GT(s.uncovered_minutes, 0);
  EXPECT_FALSE(day.result.stopped);
  EXPECT_FALSE(day.result.events.empty());
  // The runner ends past midnight, so the server closed the day itself.
  EXPECT_TRUE(std::any_of(day.result.events.begin(), day.result.events.end(), [](const json::object& e) {
    return e.at("type").as_string() == "day.started" && e.at("date").as_string() == "2026-11-24";
  }));
}

TEST(SimDay, same_seed_gives_the_same_event_log) {
  test::TempDir dir;
  const auto wl = write_workload(dir);
  const auto a = play(test::hall_config("sim_hall.json"), 5, wl, 0.5);
  const auto b = play(test::hall_config("sim_hall.json"), 5, wl, 0.5);
  const auto ca = canonical(a.result.events), cb = canonical(b.result.events);
  ASSERT_EQ(ca.size(), cb.size());
  for (std::size_t i = 0; i < ca.size(); ++i) ASSERT_EQ(ca[i], cb[i]) << "first difference at event " << i;
  // A different seed is a different day.
  const auto c = play(test::hall_config("sim_hall.json"), 6, wl, 0.5);
  EXPECT_NE(canonical(c.result.events), ca);
}

TEST(SimDay, demo_hall_day_keeps_the_invariants) {
  // The demo hall with its own workload profile, at a fifth of the volume to stay fast.
  const std::string hall = std::string(HALLQ_SOURCE_DIR) + "/assets/halls/demo.json";
  const auto day = play(hall, 2, {}, 0.2);
  SCOPED_TRACE(day.result.summary_text);
  EXPECT_TRUE(day.result.summary.invariants_hold());
  EXPECT_GT(day.result.summary.issued, 50);
  EXPECT_EQ(day.result.summary.leave_approved, 2);  // demo.workload.json: two on planned leave
}

TEST(SimDay, RAB7_SimDemoDayUsesRemoteCover) {
  // The day `./hallq demo` plays (seed 1, full volume): in the demo hall's mutual-AB pairs
  // (互为AB岗, e.g. W07/W08, W23/W24, W25/W26) a B on post at their own window covers the
  // absent A's post from there (R-AB-7), and nobody is charged for the window the A reported
  // leaving (R-EMP-2): no window_empty alert at that post while the cover stands.
  const std::string hall = std::string(HALLQ_SOURCE_DIR) + "/assets/halls/demo.json";
  const auto day = play(hall, 1);
  const auto& s = day.result.summary;
  SCOPED_TRACE(day.result.summary_text);
  EXPECT_TRUE(s.invariants_hold());
  EXPECT_GE(s.remote_covers, 1);
  EXPECT_GT(s.remote_cover_minutes, 0);
  EXPECT_NE(day.result.summary_text.find(std::to_string(s.remote_covers) + " remote covers"), std::string::npos);
  const auto str = [](const json::object& e, const char* key) {
    const auto* v = e.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  const auto& log = day.result.events;
  int checked = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const auto& e = log[i];
    const auto* remote = e.if_contains("remote");
    if (str(e, "type") != "staff.took_over" || !remote || !remote->is_bool() || !remote->get_bool()) continue;
    const std::string post = str(e, "window"), coverer = str(e, "staff"), sits_at = str(e, "from_window");
    EXPECT_NE(sits_at, post);
    // The reporter: the last one who went off post from that window before the cover.
    std::string reporter;
    for (std::size_t j = i; j-- > 0;)
      if (str(log[j], "type") == "staff.off_post" && str(log[j], "window") == post) {
        reporter = str(log[j], "staff");
        break;
      }
    EXPECT_FALSE(reporter.empty()) << "remote cover of " << post << " at " << str(e, "at") << " without an off-post";
    // The cover stands until it is handed back or the coverer leaves their own window.
    for (std::size_t k = i + 1; k < log.size(); ++k) {
      const auto& x = log[k];
      const std::string type = str(x, "type");
      if (type == "staff.handed_back" && str(x, "staff") == coverer && str(x, "from_window") == post) break;
      if ((type == "staff.off_post" || type == "staff.signed_out") && str(x, "staff") == coverer) break;
      if (type == "staff.took_over" && str(x, "staff") == coverer && !x.contains("remote")) break;
      EXPECT_FALSE(type == "alert.raised" && str(x, "kind") == "window_empty" && str(x, "window") == post)
          << post << " empty at " << str(x, "at") << " while " << coverer << " covered it from " << sits_at;
      EXPECT_FALSE(type == "violation.proposed" && str(x, "kind") == "window_empty" && !reporter.empty() &&
                   str(x, "staff") == reporter)
          << reporter << " charged at " << str(x, "at") << " for leaving " << post << " under a remote cover";
    }
    ++checked;
  }
  EXPECT_EQ(checked, s.remote_covers);
  // The reporters are never charged for their own properly reported absence anywhere in the day.
  for (const auto& e : log) {
    if (str(e, "type") == "violation.proposed" && str(e, "kind") == "window_empty") {
      EXPECT_EQ(str(e, "staff"), "");
    }
  }
}

TEST(SimDay, RCASE1_DemoDayOpensAndDecidesCases) {
  // The demo hall's commitment services (承诺件) are accepted at the counter; their departments'
  // back offices decide some the same day and 统一出件 (W03) delivers them, others stay open.
  // The daily report's case figures (R-CASE-1 … R-CASE-5) are the server's own case list.
  const std::string hall = std::string(HALLQ_SOURCE_DIR) + "/assets/halls/demo.json";
  test::ServerProcess server(hall);
  server.start(test::manual_clock("2026-11-23T08:30:00"));
  sim::RunOptions opt;
  opt.server.port = server.port();
  opt.hall_path = hall;
  opt.seed = 3;
  opt.volume = 0.3;
  const auto day = sim::run_day(opt);
  const auto& s = day.summary;
  SCOPED_TRACE(day.summary_text);
  EXPECT_TRUE(s.invariants_hold());
  EXPECT_GT(s.cases_accepted, 5);
  EXPECT_GT(s.cases_approved, 0);
  EXPECT_GT(s.cases_delivered, 0);
  EXPECT_LT(s.cases_approved + s.cases_refused, s.cases_accepted) << "some cases stay open for the days to come";
  EXPECT_GT(s.notices, 0);
  EXPECT_NE(day.summary_text.find("cases (办件): " + std::to_string(s.cases_accepted) + " accepted"), std::string::npos);
  std::set<std::string> accepted_services;
  for (const auto& e : day.events)
    if (e.at("type").as_string() == "case.opened" && e.at("outcome").as_string() == "accepted") {
      accepted_services.insert(std::string(e.at("service").as_string()));
      EXPECT_EQ(e.at("department").as_string() != "", true);
    }
  for (const auto& sv : accepted_services) {
    const char* instant[] = {"jiuye", "yibao", "huzheng", "shuiwu", "fapiao", "shengyu", "chujian"};
    EXPECT_EQ(std::find(std::begin(instant), std::end(instant), sv), std::end(instant)) << sv << " is instant (即办件)";
  }
  for (const auto& e : day.events)
    if (e.at("type").as_string() == "case.delivered" && e.contains("window")) {
      EXPECT_EQ(e.at("window").as_string(), "W03");  // the demo hall's 统一出件 window
    }

  client::HttpClient http(server.port());
  const std::string token = http.login("s043", "3076");
  const auto cases = http.get("/api/cases", token);
  ASSERT_EQ(cases.status, 200u) << cases.describe();
  const auto report = http.get("/api/reports/daily?date=2026-11-23", token);
  ASSERT_EQ(report.status, 200u) << report.describe();
  struct Count {
    std::int64_t accepted = 0, decided = 0, delivered = 0, notices = 0, notices_delivered = 0, rejected = 0;
  };
  std::map<std::string, Count> by_department;
  Count all;
  const auto text = [](const json::value& v, const char* key) {
    const auto* x = v.as_object().if_contains(key);
    return x && x->is_string() ? std::string(x->get_string()) : std::string();
  };
  for (const auto& k : cases.json->as_object().at("cases").as_array()) {
    const std::string outcome = text(k, "outcome");
    for (Count* c : {&all, &by_department[text(k, "department")]}) {
      if (outcome == "accepted") {
        ++c->accepted;
        if (!text(k, "decided_at").empty()) ++c->decided;
        if (text(k, "status") == "delivered") ++c->delivered;
      } else if (outcome == "incomplete_materials") {
        ++c->notices;
        if (!text(k, "delivered_at").empty()) ++c->notices_delivered;
      } else if (outcome == "rejected") {
        ++c->rejected;
      }
    }
  }
  EXPECT_EQ(all.accepted, s.cases_accepted);
  EXPECT_EQ(all.decided, s.cases_approved + s.cases_refused);
  EXPECT_EQ(all.delivered, s.cases_delivered);
  const auto fig = [](const json::object& row, const char* key) {
    return row.at("cases").as_object().at(key).to_number<std::int64_t>();
  };
  const auto check = [&](const json::object& row, const Count& c) {
    SCOPED_TRACE(json::serialize(row.at("cases")));
    EXPECT_EQ(fig(row, "accepted"), c.accepted);
    EXPECT_EQ(fig(row, "decided"), c.decided);
    EXPECT_EQ(fig(row, "completed_on_time"), c.decided) << "decided the day they were accepted: all in time";
    EXPECT_EQ(fig(row, "overdue"), 0);
    EXPECT_EQ(fig(row, "delivered"), c.delivered);
    EXPECT_EQ(fig(row, "notices"), c.notices);
    EXPECT_EQ(fig(row, "notices_delivered"), c.notices_delivered);
    EXPECT_EQ(fig(row, "notices_delivered_in_time"), c.notices_delivered);
    EXPECT_EQ(fig(row, "rejected"), c.rejected);
  };
  const auto& doc = report.json->as_object();
  check(doc.at("totals").as_object(), all);
  int departments = 0;
  for (const auto& d : doc.at("departments").as_array()) {
    const auto& row = d.as_object();
    check(row, by_department[std::string(row.at("id").as_string())]);
    ++departments;
  }
  EXPECT_GT(departments, 5);
  // Decided the same day: no working day between acceptance and decision.
  EXPECT_EQ(doc.at("totals").at("cases").at("average_working_days").to_number<double>(), 0.0);
  const auto html = http.get("/api/reports/daily?date=2026-11-23&format=html", token);
  ASSERT_EQ(html.status, 200u);
  EXPECT_NE(html.body.find("办件情况"), std::string::npos);
  EXPECT_EQ(server.stop(), 0);
}

TEST(SimDays, RCASE5_BackOfficesDecideOverTheFollowingDaysAndSomeRunLate) {
  // Three working days of the demo hall on one server, as `hallq-sim run --days 3` plays them:
  // cases left open in the evening are decided on later days, decisions of earlier days are
  // delivered, the supervisor extends some cases due that day (R-CASE-3), and the 1-day and
  // 3-day services run late now and then (case_overdue, R-CASE-5). The monthly report counts it.
  const std::string hall = std::string(HALLQ_SOURCE_DIR) + "/assets/halls/demo.json";
  test::ServerProcess server(hall);
  server.start(test::manual_clock("2026-11-26T08:30:00"));
  sim::RunOptions opt;
  opt.server.port = server.port();
  opt.hall_path = hall;
  opt.volume = 0.3;
  std::vector<std::string> dates;
  std::map<std::string, std::string> opened_on;  // case id → date of its case.opened
  int decided_later = 0, extended = 0, overdue_alerts = 0, earlier_delivered = 0;
  for (int day = 0; day < 3; ++day) {
    if (day > 0) dates.push_back(sim::advance_to_next_working_day(opt));
    opt.seed = 11 + static_cast<std::uint64_t>(day);
    const auto r = sim::run_day(opt);
    SCOPED_TRACE(r.summary_text);
    EXPECT_TRUE(r.summary.invariants_hold());
    if (day == 0) dates.push_back(r.date);
    EXPECT_EQ(r.date, dates.back()) << "the day played is the day the clock was moved to";
    earlier_delivered += r.summary.earlier_delivered;
    for (const auto& e : r.events) {
      const std::string type(e.at("type").as_string());
      const auto* id = e.if_contains("case");
      const std::string k = id && id->is_string() ? std::string(id->as_string()) : std::string();
      if (type == "case.opened") opened_on[k] = r.date;
      if ((type == "case.approved" || type == "case.refused") && opened_on.at(k) != r.date) ++decided_later;
      if (type == "case.extended") ++extended;
      if (type == "alert.raised" && e.at("kind").as_string() == "case_overdue") ++overdue_alerts;
    }
  }
  EXPECT_EQ(dates, (std::vector<std::string>{"2026-11-26", "2026-11-27", "2026-11-30"})) << "the weekend is skipped";
  EXPECT_GT(decided_later, 0) << "back offices decide cases of earlier days";
  EXPECT_GT(earlier_delivered, 0) << "decisions of earlier days are delivered";
  EXPECT_GT(extended, 0) << "the supervisor extends some cases due that day";
  EXPECT_GT(overdue_alerts, 0) << "some cases run late";

  client::HttpClient http(server.port());
  const std::string token = http.login("s043", "3076");
  const auto report = http.get("/api/reports/monthly?month=2026-11", token);
  ASSERT_EQ(report.status, 200u) << report.describe();
  const auto& cases = report.json->as_object().at("totals").at("cases").as_object();
  SCOPED_TRACE(json::serialize(cases));
  EXPECT_GT(cases.at("overdue").to_number<std::int64_t>(), 0);
  EXPECT_EQ(cases.at("extended").to_number<std::int64_t>(), extended);
  EXPECT_GT(cases.at("average_working_days").to_number<double>(), 0.0) << "decisions on later days take working days";
  EXPECT_EQ(server.stop(), 0);
}

TEST(SimDay, refuses_a_real_clock_server_with_a_clear_message) {
  test::ServerProcess server(test::hall_config("sim_hall.json"));
  server.start({"--clock", "real"});
  sim::RunOptions opt;
  opt.server.port = server.port();
  opt.hall_path = test::hall_config("sim_hall.json");
  try {
    sim::run_day(opt);
    FAIL() << "expected a refusal";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("--clock manual"), std::string::npos) << e.what();
  }
}

TEST(SimLoad, two_halls_in_parallel_each_keep_their_invariants_and_play_the_day_of_their_own_seed) {
  // hallq-sim load against two real servers, at max speed, with a small day (--volume).
  const auto hall = test::hall_config("sim_hall.json");
  test::ServerProcess a(hall), b(hall);
  a.start(test::manual_clock("2026-11-23T08:30:00"));
  b.start(test::manual_clock("2026-11-23T08:30:00"));
  test::TempDir dir;
  const auto results = (dir.path() / "load.json").string();
  const auto r = run_sim(dir, {"load", "--hall", hall, "--server", url_of(a), "--server", url_of(b), "--seed", "7", "--speed",
                               "max", "--volume", "0.3", "--results-out", results});
  SCOPED_TRACE("stdout:\n" + r.out + "stderr:\n" + r.err);
  ASSERT_EQ(r.code, 0);
  // The table: a line per hall and a total line, every day's invariants held.
  EXPECT_NE(r.out.find("hold in 2 of 2"), std::string::npos);
  EXPECT_NE(r.out.find(url_of(a)), std::string::npos);
  EXPECT_NE(r.out.find(url_of(b)), std::string::npos);

  const auto doc = read_json(results);
  const auto& halls = doc.at("halls").as_array();
  ASSERT_EQ(halls.size(), 2u);
  std::int64_t commands = 0, issued = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& h = halls[i].as_object();
    SCOPED_TRACE("hall " + std::to_string(i));
    EXPECT_EQ(h.at("server").as_string(), i == 0 ? url_of(a) : url_of(b));
    EXPECT_EQ(h.at("seed").to_number<int>(), 7 + static_cast<int>(i));  // day i plays seed + i
    EXPECT_EQ(h.at("date").as_string(), "2026-11-23");
    EXPECT_TRUE(h.at("played").as_bool());
    EXPECT_EQ(h.at("error").as_string(), "");
    EXPECT_TRUE(h.at("invariants_hold").as_bool());
    EXPECT_TRUE(h.at("failures").as_array().empty());
    EXPECT_EQ(h.at("still_open").to_number<int>(), 0);
    const auto n = h.at("commands").to_number<std::int64_t>();
    EXPECT_GT(n, 100);
    const auto& lat = h.at("latency_ms").as_object();
    EXPECT_EQ(lat.at("n").to_number<std::int64_t>(), n);  // every command timed
    EXPECT_GT(lat.at("p50").to_number<double>(), 0);
    EXPECT_GE(lat.at("p99").to_number<double>(), lat.at("p50").to_number<double>());
    EXPECT_GE(lat.at("max").to_number<double>(), lat.at("p99").to_number<double>());
    const double wall = h.at("wall_seconds").to_number<double>();
    EXPECT_GT(wall, 0);
    EXPECT_NEAR(h.at("commands_per_second").to_number<double>(), static_cast<double>(n) / wall, 0.01);
    const int hall_issued = h.at("issued").to_number<int>();
    EXPECT_GT(hall_issued, 10);
    EXPECT_EQ(hall_issued,
              h.at("served").to_number<int>() + h.at("no_shows").to_number<int>() + h.at("cancelled").to_number<int>());
    commands += n;
    issued += hall_issued;
  }
  const auto& total = doc.at("total").as_object();
  EXPECT_EQ(total.at("halls").to_number<int>(), 2);
  EXPECT_EQ(total.at("commands").to_number<std::int64_t>(), commands);
  EXPECT_EQ(total.at("issued").to_number<std::int64_t>(), issued);
  EXPECT_EQ(total.at("latency_ms").as_object().at("n").to_number<std::int64_t>(), commands);
  EXPECT_TRUE(total.at("invariants_hold").as_bool());

  // Deterministic per seed per hall: hall 1 (seed 8) logged the same day as a lone run of seed 8,
  // whatever hall 0 did meanwhile.
  const auto lone = play(hall, 8, {}, 0.3);
  ASSERT_GT(lone.result.events.size(), 100u);
  EXPECT_EQ(canonical(server_events(b, lone.result.first_seq)), canonical(lone.result.events));
  EXPECT_NE(canonical(server_events(a, lone.result.first_seq)), canonical(lone.result.events));
  EXPECT_EQ(a.stop(), 0);
  EXPECT_EQ(b.stop(), 0);
}

TEST(SimLoad, refuses_a_shared_server_a_bad_url_and_a_real_clock_server_with_exit_2) {
  const auto hall = test::hall_config("sim_hall.json");
  test::TempDir dir;
  const auto twice = run_sim(dir, {"load", "--hall", hall, "--server", "http://127.0.0.1:9", "--server", "http://localhost:9"});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("each hall needs its own server"), std::string::npos) << twice.err;
  const auto bad = run_sim(dir, {"load", "--hall", hall, "--server", "127.0.0.1:7080"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("must start with http://"), std::string::npos) << bad.err;

  test::ServerProcess manual(hall), real(hall);
  manual.start(test::manual_clock("2026-11-23T08:30:00"));
  real.start({"--clock", "real"});
  const auto r = run_sim(dir, {"load", "--hall", hall, "--server", url_of(manual), "--server", url_of(real)});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("hall 1 (" + url_of(real) + "): the server runs a real clock; start it with --clock manual"),
            std::string::npos)
      << r.err;
  // The good hall did not start its day: its server's clock never moved past the checks.
  EXPECT_EQ(manual.stop(), 0);
}
