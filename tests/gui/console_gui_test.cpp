// The operator console end to end: the real server (manual clock) on a hall of its own, the real
// hallq-console on a private Xvfb driven by a --script of UI actions (login, sign-in, F-keys,
// finish and transfer forms, the off-post form, the substitute banner's button, supervisor acknowledgement,
// leave approval, assigning a substitute on the hall map). Effects are checked through the API,
// the screenshots by their colours; then a server crash mid-shift, with nothing lost.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "gui_process.hpp"
#include "support/live_hall.hpp"

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

std::string str(const json::object& o, const char* k) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

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
                  {"--server", "http://127.0.0.1:" + std::to_string(hall.port()), "--size", "1366x768", "--mute",
                   "--sound-dir", (dir / "sounds").string(), "--script", file.string()},
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
  ASSERT_EQ(hall.http().post_json("/api/leave", json::object{{"staff", "s104"}, {"from", "2026-11-24"}, {"to", "2026-11-24"}, {"reason", "家中有事"}},
                                  hall.token("s104")).status, 201u);
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
      "screenshot " + d + "console-staff.png\n"
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
      "screenshot " + d + "console-banner.png\n"
      "take-over\n"
      "logout\n"
      "login sup1 2109\n"
      "wait alert window_empty\n"
      "ack window_empty 已电话联系，刘志强前往顶岗\n"
      "approve-leave s104\n"
      "sleep 200\n"
      "screenshot " + d + "console-supervisor.png\n"
      "tile W04\n"
      "screenshot " + d + "console-assign.png\n"
      "assign W04 s104\n"
      "inspect desk_messy s105 桌面凌乱，经提醒未整改\n"
      "verify " + complaint_id + " yes\n"
      "tab 4\n"
      "sleep 400\n"
      "screenshot " + d + "console-charts.png\n"
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
