// The operator console end to end: the real server (manual clock) on a hall of its own, the real
// hallq-console on a private Xvfb driven by a --script of UI actions (login, sign-in, F-keys,
// finish and transfer forms, the off-post form, the substitute banner's button, supervisor acknowledgement,
// leave approval, assigning a substitute on the hall map). Effects are checked through the API,
// the screenshots by their colours; then a server crash mid-shift, with nothing lost.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "gui_process.hpp"
#include "support/live_hall.hpp"
#include "protocol/json_fields.hpp"

#ifndef HALLQ_CONSOLE_BIN
#error "HALLQ_CONSOLE_BIN must name the hallq-console binary"
#endif
#ifndef HALLQ_CONSOLE_HALL
#error "HALLQ_CONSOLE_HALL must name tests/gui/console_hall.json"
#endif

namespace hallq::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

using proto::fields::str;

std::vector<json::object> of_type(const std::vector<json::object>& events, const std::string& type) {
  std::vector<json::object> out;
  for (const auto& e : events)
    if (str(e, "type") == type) out.push_back(e);
  return out;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class ConsoleGui : public ::testing::Test {
 protected:
  Xvfb x{"1366x768x24"};
  LiveHall hall{manual_clock(), HALLQ_CONSOLE_HALL};
  fs::path dir = hall.server().dir();

  /// Runs the console on `script` until it exits; returns its exit status.
  int run_console(const std::string& script, std::chrono::seconds limit = 120s) {
    const fs::path file = dir / "session.script";
    std::ofstream(file) << script;
    Child console(HALLQ_CONSOLE_BIN,
                  {"--server", "http://127.0.0.1:" + std::to_string(hall.port()), "--size", "1366x768", "--mute", "--sound-dir",
                   (dir / "sounds").string(), "--script", file.string()},
                  {"DISPLAY=" + x.display()}, dir / "console.log");
    const auto status = console.wait(limit);
    return status.value_or(-1);
  }
  std::string log() { return read_text(dir / "console.log"); }
  // HALLQ_KEEP_SHOTS=DIR keeps the screenshots (README images, debugging).
  void keep(const std::string& name) {
    if (const char* to = std::getenv("HALLQ_KEEP_SHOTS")) {
      std::error_code ec;
      fs::create_directories(to, ec);
      fs::copy_file(dir / (name + ".png"), fs::path(to) / (name + ".png"), fs::copy_options::overwrite_existing, ec);
    }
  }
};

TEST_F(ConsoleGui, scripted_shift_staff_substitute_and_supervisor_RAB3_RAB6_ROFF1_RQ4_RQ5_RQ8_RSVC2_RSCR2_RSVC4) {
  hall.open_morning();  // 09:00
  for (const auto& [s, w] : std::vector<std::pair<std::string, std::string>>{{"s105", "W03"}, {"s107", "W05"}, {"s108", "W06"}})
    hall.sign_in(s, w);
  for (const char* sv : {"shebao", "shebao", "shebao", "yibao", "yibao", "qiye", "budongchan", "gongjijin"}) hall.issue(sv);
  // s101 is serving A001 when the console starts, 16 minutes in: past warn_ratio × promise.
  hall.sign_in("s101", "W01");
  hall.window_action("s101", "W01", "call-next");
  hall.window_action("s101", "W01", "start");
  ASSERT_EQ(hall.http()
                .post_json("/api/leave",
                           json::object{{"staff", "s104"}, {"from", "2026-11-24"}, {"to", "2026-11-24"}, {"reason", "家中有事"}},
                           hall.token("s104"))
                .status,
            201u);
  const auto complaint = hall.http().post_json(
      "/api/complaints", json::object{{"staff", "s105"}, {"window", "W03"}, {"text", "窗口人员办理时一直看手机"}});
  ASSERT_EQ(complaint.status, 201u) << complaint.describe();
  const std::string complaint_id = str(complaint.j().at("complaint").as_object(), "id");
  hall.advance(16 * 60);
  const std::string d = dir.string() + "/";
  const std::string script =
      "login s103 2103\n"
      "sign-in W02\n"
      "logout\n"
      "login s101 2101\n"
      "wait ticket A001\n"
      "sleep 200\n"
      "screenshot " +
      d +
      "console-staff.png\n"
      "key F5\n"
      "finish incomplete 户口本原件;近期免冠照片\n"
      "key F1\n"
      "key F4\n"
      "key F5\n"
      "finish done\n"
      "key F1\n"
      "key F2\n"
      "key F6\n"
      "transfer yibao\n"
      "off-post 会议 - 20\n"
      "expect-message 请填写去向\n"
      "off-post 会议 三楼会议室 20\n"
      "logout\n"
      "login s103 2103\n"
      "wait banner\n"
      "take-over\n"
      "expect-message 你离开后 2 号窗口将空岗\n"
      "logout\n"
      "login s102 2102\n"
      "wait banner\n"
      "sleep 200\n"
      "screenshot " +
      d +
      "console-banner.png\n"
      "take-over\n"
      "logout\n"
      "login sup1 2109\n"
      "wait alert window_empty\n"
      "ack window_empty 已电话联系，刘志强前往顶岗\n"
      "approve-leave s104\n"
      "sleep 200\n"
      "screenshot " +
      d +
      "console-supervisor.png\n"
      "tile W04\n"
      "screenshot " +
      d +
      "console-assign.png\n"
      "assign W04 s104\n"
      "inspect desk_messy s105 桌面凌乱，经提醒未整改\n"
      "verify " +
      complaint_id +
      " yes\n"
      "tab 4\n"
      "sleep 400\n"
      "screenshot " +
      d +
      "console-charts.png\n"
      "quit\n";
  ASSERT_EQ(run_console(script), 0) << log();

  const auto events = hall.events();
  auto by = [&](const std::string& type, const std::string& actor) {
    std::vector<json::object> out;
    for (const auto& e : of_type(events, type))
      if (str(e, "actor") == actor) out.push_back(e);
    return out;
  };
  // Sign-in from the console.
  ASSERT_EQ(by("staff.signed_in", "s103").size(), 1u);
  EXPECT_EQ(str(by("staff.signed_in", "s103")[0], "window"), "W02");
  // F5 + the finish form: incomplete materials with the list (R-Q-8), then F1/F4/F5 done.
  const auto finished = by("ticket.finished", "s101");
  ASSERT_EQ(finished.size(), 2u);
  EXPECT_EQ(str(finished[0], "number"), "A001");
  EXPECT_EQ(str(finished[0], "outcome"), "incomplete_materials");
  EXPECT_EQ(json::serialize(finished[0].at("missing")), R"(["户口本原件","近期免冠照片"])");
  EXPECT_EQ(str(finished[1], "outcome"), "done");
  const auto called = by("ticket.called", "s101");
  ASSERT_EQ(called.size(), 3u) << "A001 through the API, then F1 twice";
  EXPECT_EQ(str(called[1], "number"), "A002");
  EXPECT_EQ(str(called[2], "number"), "A003");
  // F2 recalled A003, F6 + the transfer form sent it to 医保 keeping its place (R-Q-4, R-Q-5).
  ASSERT_EQ(by("ticket.recalled", "s101").size(), 1u);
  const auto moved = by("ticket.transferred", "s101");
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(str(moved[0], "number"), "A003");
  EXPECT_EQ(str(moved[0], "from_service"), "shebao");
  EXPECT_EQ(str(moved[0], "service"), "yibao");
  // R-OFF-1: the form without a destination sent nothing; the second one went through.
  const auto off = of_type(events, "staff.off_post");
  ASSERT_EQ(off.size(), 1u);
  EXPECT_EQ(str(off[0], "destination"), "三楼会议室");
  EXPECT_EQ(str(off[0], "reason"), "会议");
  // R-AB-6: s103 was refused (their own W02 would be empty); s102 took over from the banner.
  EXPECT_TRUE(by("staff.took_over", "s103").empty());
  const auto took = by("staff.took_over", "s102");
  ASSERT_EQ(took.size(), 1u);
  EXPECT_EQ(str(took[0], "window"), "W01");
  // Supervisor: acknowledged with the note, leave approved, s104 assigned to W04.
  const auto acks = by("alert.acknowledged", "sup1");
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_EQ(str(acks[0], "kind"), "window_empty");
  EXPECT_EQ(str(acks[0], "note"), "已电话联系，刘志强前往顶岗");
  ASSERT_EQ(by("leave.approved", "sup1").size(), 1u);
  EXPECT_EQ(str(by("leave.approved", "sup1")[0], "staff"), "s104");
  const auto assigned = by("staff.took_over", "sup1");
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(str(assigned[0], "staff"), "s104");
  EXPECT_EQ(str(assigned[0], "window"), "W04");

  // An inspection finding from the deduction catalog (R-SCR-2), and a complaint found true (R-SVC-4).
  std::vector<json::object> inspections;
  for (const auto& e : by("violation.proposed", "sup1"))
    if (str(e, "source") == "inspection") inspections.push_back(e);
  ASSERT_EQ(inspections.size(), 1u);
  EXPECT_EQ(str(inspections[0], "kind"), "desk_messy");
  EXPECT_EQ(str(inspections[0], "staff"), "s105");
  EXPECT_EQ(str(inspections[0], "source"), "inspection");
  EXPECT_EQ(str(inspections[0], "note"), "桌面凌乱，经提醒未整改");
  const auto verdicts = by("complaint.verified", "sup1");
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(str(verdicts[0], "complaint"), complaint_id);
  EXPECT_TRUE(verdicts[0].at("verified").as_bool());

  // R-AB-3: each substitute heard the cover request (the sound is written as WAV + text).
  int cover_sounds = 0;
  for (const auto& f : fs::directory_iterator(dir / "sounds"))
    if (f.path().extension() == ".txt" && read_text(f.path()).find("请到 1 号窗口顶岗") != std::string::npos) ++cover_sounds;
  EXPECT_EQ(cover_sounds, 2) << "s103 and s102 each heard it once";

  // Screenshots: the colours that carry the meaning.
  const Image staff = read_png(dir / "console-staff.png");
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(staff.w, 1366);
  EXPECT_GT(staff.count(20, 160, 360, 230, 0xD6, 0x9E, 0x2E, 30), 150) << "R-SVC-2: the 16-minute timer is yellow";
  const Image banner = read_png(dir / "console-banner.png");
  EXPECT_GT(banner.count(1000, 60, 1366, 150, 0xDD, 0x6B, 0x20, 20), 5000) << "the banner's orange take-over button";
  EXPECT_EQ(staff.count(1000, 60, 1366, 150, 0xDD, 0x6B, 0x20, 20), 0) << "no banner before anyone left";
  const Image sup = read_png(dir / "console-supervisor.png");
  EXPECT_GT(sup.count(540, 140, 1366, 420, 0xFD, 0xE8, 0xE8, 6), 8000) << "the empty W04 tile is red";
  for (const char* n : {"console-staff", "console-banner", "console-supervisor", "console-assign", "console-charts"}) keep(n);
}

// The console hall with case limits (R-SVC-1): 企业开办 promises 2 working days, 社保 3, 不动产登记
// 1; W02 is the 统一出件 window; warnings at half the working time, so on the Wednesday after a
// Monday the three accepted cases stand at yellow, red and overdue together (R-SVC-2, R-CASE-5).
std::string cases_hall() {
  std::string json = read_text(HALLQ_CONSOLE_HALL);
  const auto swap = [&json](const std::string& from, const std::string& to) {
    const auto pos = json.find(from);
    if (pos == std::string::npos) throw std::runtime_error("no " + from + " in console_hall.json");
    json.replace(pos, from.size(), to);
  };
  swap(R"("warn_ratio": 0.75)", R"("warn_ratio": 0.5)");
  swap(R"("promise_minutes": 40, "service_minutes": 20})",
       R"("promise_minutes": 40, "service_minutes": 20, "legal_days": 20, "promise_days": 2, "kind": "commitment"})");
  swap(R"("promise_minutes": 20, "service_minutes": 8})",
       R"("promise_minutes": 20, "service_minutes": 8, "legal_days": 10, "promise_days": 3})");
  swap(R"("promise_minutes": 30, "service_minutes": 15})",
       R"("promise_minutes": 30, "service_minutes": 15, "legal_days": 10, "promise_days": 1})");
  swap(R"("a": ["s103", "s104"], "b": ["s101"]})", R"("a": ["s103", "s104"], "b": ["s101"], "delivery": true})");
  const fs::path out = fs::temp_directory_path() / ("hallq_console_cases_" + std::to_string(::getpid()) + ".json");
  std::ofstream(out) << json;
  return out.string();
}

TEST(ConsoleCasesGui, window_outcomes_case_list_alerts_extend_approve_deliver_RCASE1_RCASE3_RCASE4_RSVC2) {
  Xvfb x{"1366x768x24"};
  const std::string config = cases_hall();
  LiveHall hall{manual_clock(), config};
  const fs::path dir = hall.server().dir();
  const std::string d = dir.string() + "/";
  auto run_console = [&](const std::string& name, const std::string& script) {
    const fs::path file = dir / (name + ".script");
    std::ofstream(file) << script;
    Child console(HALLQ_CONSOLE_BIN,
                  {"--server", "http://127.0.0.1:" + std::to_string(hall.port()), "--size", "1366x768", "--mute", "--script",
                   file.string()},
                  {"DISPLAY=" + x.display()}, dir / (name + ".log"));
    return console.wait(120s).value_or(-1);
  };
  hall.open_morning();  // Monday 09:00
  hall.sign_in("s101", "W01");
  hall.sign_in("s107", "W05");
  for (const char* sv : {"qiye", "shebao", "qiye", "budongchan", "budongchan"}) hall.issue(sv);
  // At the window (R-CASE-1): 受理 twice, then 不予受理 with its grounds; the form refuses it without them.
  const std::string window_script =
      "login s101 2101\n"
      "key F1\nkey F4\nkey F5\nfinish accepted\n"
      "key F1\nkey F4\nkey F5\nfinish accepted\n"
      "key F1\nkey F4\nkey F5\n"
      "finish rejected\n"
      "expect-message 不予受理须写明理由\n"
      "finish rejected 申请事项不属于本中心受理范围\n"
      "cases\n"
      "sleep 200\n"
      "screenshot " +
      d +
      "console-cases-window.png\n"
      "quit\n";
  ASSERT_EQ(run_console("window", window_script), 0) << read_text(dir / "window.log");
  // 不动产登记 at W05 through the API: one accepted (1 working day), one one-time notice.
  hall.window_action("s107", "W05", "call-next");
  hall.window_action("s107", "W05", "start");
  hall.window_action("s107", "W05", "finish", {{"outcome", "accepted"}});
  hall.window_action("s107", "W05", "call-next");
  hall.window_action("s107", "W05", "start");
  hall.window_action("s107", "W05", "finish",
                     {{"outcome", "incomplete_materials"}, {"missing", json::array{"不动产权证书原件"}}});
  // To Wednesday 14:30: 企业开办 is due today (red), 社保 yellow, 不动产登记 overdue.
  hall.advance(2 * 86400 + 5 * 3600 + 30 * 60);
  hall.sign_in("s103", "W02");  // the 统一出件 window

  const std::string back_office_script =
      "login sup1 2109\n"
      "wait alert case_overdue\n"
      "sleep 300\n"
      "screenshot " +
      d +
      "console-case-alerts.png\n"
      "case-alert case_overdue\n"
      "sleep 300\n"
      "screenshot " +
      d +
      "console-cases.png\n"
      "extend-case D001 3 需现场核查不动产权属\n"
      "logout\n"
      "login s102 2102\n"
      "cases\n"
      "approve-case Q001 材料齐全，准予办理\n"
      "logout\n"
      "login s105 2105\n"
      "refuse-case A001 申请人不符合参保条件\n"
      "logout\n"
      "login s103 2103\n"
      "cases\n"
      "deliver-case Q001\n"
      "case Q001\n"
      "sleep 300\n"
      "screenshot " +
      d +
      "console-delivery.png\n"
      "quit\n";
  ASSERT_EQ(run_console("back-office", back_office_script), 0) << read_text(dir / "back-office.log");

  const auto events = hall.events();
  std::map<std::string, std::string> case_of;  // ticket number → case id
  for (const auto& e : of_type(events, "case.opened")) case_of[str(e, "number")] = str(e, "case");
  ASSERT_EQ(case_of.size(), 5u);
  std::vector<json::object> finished;
  for (const auto& e : of_type(events, "ticket.finished"))
    if (str(e, "actor") == "s101") finished.push_back(e);
  ASSERT_EQ(finished.size(), 3u) << "the reasonless 不予受理 was never sent";
  EXPECT_EQ(str(finished[0], "outcome"), "accepted");
  EXPECT_EQ(str(finished[0], "number"), "Q001");
  EXPECT_EQ(str(finished[1], "outcome"), "accepted");
  EXPECT_EQ(str(finished[2], "outcome"), "rejected");
  EXPECT_EQ(str(finished[2], "reason"), "申请事项不属于本中心受理范围");
  // R-CASE-3: the supervisor extended the overdue case once, with the reason.
  const auto extended = of_type(events, "case.extended");
  ASSERT_EQ(extended.size(), 1u);
  EXPECT_EQ(str(extended[0], "actor"), "sup1");
  EXPECT_EQ(str(extended[0], "case"), case_of["D001"]);
  EXPECT_EQ(extended[0].at("days").to_number<std::int64_t>(), 3);
  EXPECT_EQ(str(extended[0], "reason"), "需现场核查不动产权属");
  // R-CASE-4: each department's back office decided its own case; W02 handed one over.
  const auto approved = of_type(events, "case.approved");
  ASSERT_EQ(approved.size(), 1u);
  EXPECT_EQ(str(approved[0], "actor"), "s102");
  EXPECT_EQ(str(approved[0], "case"), case_of["Q001"]);
  const auto refused = of_type(events, "case.refused");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(str(refused[0], "actor"), "s105");
  EXPECT_EQ(str(refused[0], "case"), case_of["A001"]);
  EXPECT_EQ(str(refused[0], "reason"), "申请人不符合参保条件");
  const auto delivered = of_type(events, "case.delivered");
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(str(delivered[0], "actor"), "s103");
  EXPECT_EQ(str(delivered[0], "window"), "W02");

  // The supervisor's case list: red (overdue), orange (red warning) and amber (yellow) marks, each
  // beside its words (the view model's labels are unit-tested).
  const Image cases = read_png(dir / "console-cases.png");
  ASSERT_TRUE(cases.ok());
  EXPECT_GT(cases.count(0, 120, 820, 720, 0xC5, 0x30, 0x30, 20), 40) << "已超期";
  EXPECT_GT(cases.count(0, 120, 820, 720, 0xDD, 0x6B, 0x20, 20), 40) << "红色预警";
  EXPECT_GT(cases.count(0, 120, 820, 720, 0xD6, 0x9E, 0x2E, 20), 40) << "黄色预警";
  if (const char* to = std::getenv("HALLQ_KEEP_SHOTS")) {
    std::error_code ec;
    fs::create_directories(to, ec);
    for (const char* n : {"console-cases-window", "console-case-alerts", "console-cases", "console-delivery"})
      fs::copy_file(dir / (std::string(n) + ".png"), fs::path(to) / (std::string(n) + ".png"),
                    fs::copy_options::overwrite_existing, ec);
  }
  std::error_code ec;
  fs::remove(config, ec);
}

TEST_F(ConsoleGui, server_crash_mid_shift_loses_nothing_and_the_console_resumes) {
  hall.open_morning();
  hall.issue("shebao");
  hall.issue("shebao");
  const std::string script =
      "login s101 2101\n"
      "sign-in W01\n"
      "key F1\n"
      "sleep 7000\n"  // the server is killed and restarted meanwhile
      "sync\n"
      "wait queue A003\n"  // issued after the restart: the resumed console shows it
      "key F4\n"
      "key F5\n"
      "finish done\n"
      "key F1\n"
      "wait ticket A002\n"
      "quit\n";
  const fs::path file = dir / "crash.script";
  std::ofstream(file) << script;
  Child console(HALLQ_CONSOLE_BIN,
                {"--server", "http://127.0.0.1:" + std::to_string(hall.port()), "--mute", "--script", file.string()},
                {"DISPLAY=" + x.display()}, dir / "console.log");
  // Wait for the console's first call, then crash the server (kill -9) and bring it back.
  bool called = false;
  for (int i = 0; i < 300 && !called; ++i) {
    std::this_thread::sleep_for(50ms);
    for (const auto& e : hall.events()) called = called || (str(e, "type") == "ticket.called" && str(e, "actor") == "s101");
  }
  ASSERT_TRUE(called) << log();
  const unsigned short port = hall.port();
  hall.server().kill9();
  std::this_thread::sleep_for(500ms);
  auto extra = manual_clock();
  extra.insert(extra.end(), {"--listen", "127.0.0.1:" + std::to_string(port)});  // the last --listen wins
  hall.server().start(extra);
  ASSERT_EQ(hall.port(), port);
  hall.issue("shebao");  // A003, made while the console is still reconnecting
  ASSERT_EQ(console.wait(60s).value_or(-1), 0) << log();
  const auto events = hall.events();
  std::vector<std::string> calls;
  for (const auto& e : of_type(events, "ticket.called")) calls.push_back(str(e, "number"));
  EXPECT_EQ(calls, (std::vector<std::string>{"A001", "A002"})) << "A002 called after the restart";
  EXPECT_EQ(of_type(events, "ticket.finished").size(), 1u);
  EXPECT_EQ(of_type(events, "staff.signed_in").size(), 1u) << "nothing was sent twice across the crash";
}

}  // namespace
}  // namespace hallq::test
