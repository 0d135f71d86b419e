// The known hall day the report tests play through the real server, and helpers to read reports.
#pragma once

#include <sys/wait.h>

#include <cmath>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "common.hpp"

namespace hallq::test {

// [SECTION] the known day

/// Hall "reports-test" (tests/support/halls/reports.json), manual clock from Monday 08:30.
struct Day {
  std::string t1, t2, t3, t4;  // ticket ids
  std::int64_t empty_raised_seq = 0;
  std::string v_empty, v_schedule, v_desk;  // violation ids
};

inline std::string report_path(const std::string& kind, const std::string& query) { return "/api/reports/" + kind + "?" + query; }

/// Plays 2026-11-23 (times in comments). Waits: T1 120 s, T2 600 s, T3 240 s, T4 300 s.
/// Service: T1 300 s, T3 600 s (incomplete materials), T4 600 s; T2 is a no-show.
/// Ratings: T1 5, T3 2, T4 4. W02 stands empty 09:45–09:55 (R-EMP-1, grace 5 min).
inline Day play_day_one(LiveHall& h) {
  Day d;
  h.sign_in("s001", "W01");  // 08:30, before the session: nobody is late, no window uncovered
  h.sign_in("s002", "W02");
  h.sign_in("s003", "W03");
  h.advance(30 * 60);  // 09:00 session opens
  d.t1 = str(h.issue("hukou"), "id");
  d.t2 = str(h.issue("hukou"), "id");
  d.t3 = str(h.issue("shebao"), "id");
  h.advance(120);  // 09:02
  EXPECT_EQ(str(h.window_action("s001", "W01", "call-next").at("ticket").as_object(), "id"), d.t1);
  h.advance(60);  // 09:03
  h.window_action("s001", "W01", "start");
  h.advance(60);  // 09:04
  EXPECT_EQ(str(h.window_action("s002", "W02", "call-next").at("ticket").as_object(), "id"), d.t3);
  h.window_action("s002", "W02", "start");
  h.advance(240);  // 09:08
  h.window_action("s001", "W01", "finish", {{"outcome", "done"}});
  h.advance(120);  // 09:10
  EXPECT_EQ(str(h.window_action("s001", "W01", "call-next").at("ticket").as_object(), "id"), d.t2);
  h.window_action("s001", "W01", "recall");
  h.advance(120);  // 09:12
  h.window_action("s001", "W01", "no-show");
  h.advance(120);  // 09:14
  h.window_action("s002", "W02", "finish", {{"outcome", "incomplete_materials"}, {"missing", json::array{"户口簿"}}});
  h.advance(360);  // 09:20
  d.t4 = str(h.issue("shebao"), "id");
  h.advance(300);  // 09:25
  EXPECT_EQ(str(h.window_action("s002", "W02", "call-next").at("ticket").as_object(), "id"), d.t4);
  h.window_action("s002", "W02", "start");
  h.advance(600);  // 09:35
  h.window_action("s002", "W02", "finish", {{"outcome", "done"}});
  auto& c = h.http();
  for (const auto& [id, level] : std::vector<std::pair<std::string, int>>{{d.t1, 5}, {d.t3, 2}, {d.t4, 4}}) {
    const auto r = c.post_json("/api/tickets/" + id + "/rating", json::object{{"level", level}});
    EXPECT_EQ(r.status, 201u) << r.describe();
  }
  h.advance(300);  // 09:40: s002 leaves, nobody covers W02
  h.staff_action("s002", "off-post", {{"reason", "取材料"}, {"destination", "档案室"}, {"expected_minutes", 10}});
  h.advance(900);  // 09:45 window_empty, 09:50 off_post_overdue, 09:55 back
  h.staff_action("s002", "return");

  const auto& sup = h.token("sup1");
  const auto vs = c.get("/api/violations", sup);
  EXPECT_EQ(vs.status, 200u) << vs.describe();
  for (const auto& v : vs.j().at("violations").as_array()) {
    const auto& o = v.as_object();
    if (str(o, "kind") == "window_empty") d.v_empty = str(o, "id");
    if (str(o, "kind") == "schedule") d.v_schedule = str(o, "id");
  }
  EXPECT_FALSE(d.v_empty.empty());
  EXPECT_FALSE(d.v_schedule.empty());
  // The supervisor confirms the empty window and dismisses the overdue return (a correction).
  EXPECT_EQ(c.post_json("/api/violations/" + d.v_empty + "/confirm", json::object{{"note", "核实"}}, sup).status, 200u);
  EXPECT_EQ(c.post_json("/api/violations/" + d.v_schedule + "/dismiss", json::object{{"note", "经批准延长"}}, sup).status, 200u);
  const auto desk = c.post_json("/api/violations", json::object{{"kind", "desk_messy"}, {"staff", "s001"}, {"note", "巡查"}},
                                sup);
  EXPECT_EQ(desk.status, 201u) << desk.describe();
  d.v_desk = str(desk.j().at("violation").as_object(), "id");
  for (const auto& e : h.events())
    if (str(e, "type") == "alert.raised" && str(e, "kind") == "window_empty") d.empty_raised_seq = num(e, "seq");
  h.advance(8 * 3600 - 25 * 60);  // 17:30
  return d;
}

inline const json::object& row(const json::object& report, const char* list, const std::string& id) {
  for (const auto& r : report.at(list).as_array())
    if (str(r.as_object(), "id") == id) return r.as_object();
  throw std::runtime_error(std::string("no ") + list + " row " + id + " in " + json::serialize(report));
}

inline double dbl(const json::value& v) { return v.is_number() ? v.to_number<double>() : -1e9; }
inline double at(const json::object& o, std::initializer_list<const char*> path) {
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* k : path) {
    v = cur->if_contains(k);
    if (!v) return -1e9;
    if (v->is_object()) cur = &v->as_object();
  }
  return v ? dbl(*v) : -1e9;
}

inline json::object get_json(LiveHall& h, const std::string& target) {
  const auto r = h.http().get(target, h.token("sup1"));
  if (r.status != 200) throw std::runtime_error(target + ": " + r.describe());
  return r.j().as_object();
}

// [SECTION] CSV as Excel reads it (RFC 4180)

inline std::vector<std::vector<std::string>> parse_csv(std::string_view s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, cell_started = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (quoted) {
      if (ch == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch == '"' && !cell_started) {
      quoted = cell_started = true;
    } else if (ch == ',') {
      rows.back().push_back(cell);
      cell.clear();
      cell_started = false;
    } else if (ch == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      cell_started = false;
      rows.emplace_back();
      ++i;
    } else {
      cell += ch;
      cell_started = true;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

inline std::string one_decimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

inline std::string write_temp(const std::filesystem::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary);
  f << text;
  return p.string();
}

/// Runs a command, returning its exit status and stdout (stderr discarded).
inline std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>/dev/null").c_str(), "r");
  if (!p) return {-1, out};
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

inline std::string chromium() {
  for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (std::filesystem::exists(c)) return c;
  return {};
}

}  // namespace hallq::test
