// The wall display end to end: the real server (manual clock), the real hallq-display on a
// private Xvfb, calls / off-post / take-over through the API, and what the wall then shows —
// its dumped view model and its screenshots. Then the server is killed (-9) and restarted while
// the display runs: the banner shows, the display resumes with `since`, and no call is lost
// (the voice output has every call, in order).
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <string>

#include "gui_process.hpp"
#include "support/live_hall.hpp"
#include "ui/sound.hpp"
#include "protocol/json_fields.hpp"

#ifndef HALLQ_DISPLAY_BIN
#error "HALLQ_DISPLAY_BIN must name the hallq-display binary"
#endif

namespace hallq::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

using proto::fields::str;

const json::object* window_of(const json::object& vm, const std::string& id) {
  for (const auto& w : vm.at("windows").as_array())
    if (str(w.as_object(), "id") == id) return &w.as_object();
  return nullptr;
}

std::vector<std::string> calls_of(const json::object& vm) {
  std::vector<std::string> out;
  for (const auto& c : vm.at("calls").as_array()) {
    const auto& o = c.as_object();
    out.push_back(str(o, "number") + "@" + str(o, "window") + (o.at("recall").as_bool() ? "r" : ""));
  }
  return out;
}

std::vector<std::string> spoken(const fs::path& dir) {
  std::vector<std::string> out;
  for (int i = 1;; ++i) {
    char base[16];
    std::snprintf(base, sizeof base, "%04d", i);
    if (!fs::exists(dir / (std::string(base) + ".wav"))) break;
    std::ifstream in(dir / (std::string(base) + ".txt"));
    std::string line;
    std::getline(in, line);
    out.push_back(line);
  }
  return out;
}

// Layout facts of a 1920×1080 wall (display/draw.cpp): header 100 px, left column to x≈653.
constexpr int hero_x0 = 16, hero_y0 = 116, hero_x1 = 653, hero_y1 = 558;
constexpr int grid_x0 = 669, grid_y0 = 116, grid_x1 = 1904, grid_y1 = 814;

class DisplayGui : public ::testing::Test {
 protected:
  void SetUp() override {
    dumps = hall.server().dir() / "dumps";
    wavs = hall.server().dir() / "wavs";
  }
  std::unique_ptr<Child> start_display(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--server",
                                  "http://127.0.0.1:" + std::to_string(hall.port()),
                                  "--token",
                                  display_token,
                                  "--dump-dir",
                                  dumps.string(),
                                  "--voice-wav",
                                  wavs.string(),
                                  "--mute",
                                  "--voice-repeat",
                                  "1",
                                  "--flash-seconds",
                                  "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<Child>(HALLQ_DISPLAY_BIN, args, std::vector<std::string>{"DISPLAY=" + x.display()},
                                   hall.server().dir() / "display.log");
  }
  std::string log() {
    std::ifstream in(hall.server().dir() / "display.log");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // HALLQ_KEEP_SHOTS=DIR keeps the screenshots a test looked at (for docs and for debugging).
  void keep(const fs::path& shot, const std::string& name) {
    if (const char* dir = std::getenv("HALLQ_KEEP_SHOTS")) {
      std::error_code ec;
      fs::create_directories(dir, ec);
      fs::copy_file(shot, fs::path(dir) / (name + ".png"), fs::copy_options::overwrite_existing, ec);
    }
  }
  Dump at_seq(std::int64_t seq, const char* what) {
    auto d = wait_dump(
        dumps, [&](const json::object& vm) { return vm.at("seq").as_int64() == seq && str(vm, "link") == "live"; }, 15s);
    if (!d) ADD_FAILURE() << what << ": the display never showed seq " << seq << "\n" << log();
    return d.value_or(Dump{});
  }

  LiveHall hall;
  Xvfb x{"1920x1080x24"};
  fs::path dumps, wavs;
};

TEST_F(DisplayGui, calls_off_post_take_over_and_a_server_crash_show_on_the_wall_RQ3_ROFF1_RAB3) {
  auto display = start_display();
  const Dump first = at_seq(hall.seq(), "start");
  ASSERT_TRUE(first.vm.contains("windows"));
  EXPECT_EQ(first.vm.at("windows").as_array().size(), 5u);
  EXPECT_TRUE(first.vm.at("calls").as_array().empty());
  const Image shot0 = read_png(first.shot);
  ASSERT_TRUE(shot0.ok());
  EXPECT_EQ(shot0.w, 1920);
  EXPECT_EQ(shot0.h, 1080);

  // A call: the newest call large, the window's sign and ticket.
  hall.open_morning();
  hall.sign_in("s001", "W01");
  hall.sign_in("s002", "W02");
  for (int i = 0; i < 3; ++i) hall.issue("shebao");
  const auto called = hall.window_action("s001", "W01", "call-next");
  const std::string a1 = str(called.at("ticket").as_object(), "number");
  const Dump after_call = at_seq(hall.seq(), "after the call");
  EXPECT_EQ(calls_of(after_call.vm), (std::vector<std::string>{a1 + "@W01"}));
  const auto* w1 = window_of(after_call.vm, "W01");
  ASSERT_NE(w1, nullptr);
  EXPECT_EQ(str(w1->at("sign").as_object(), "kind"), "on_post");
  EXPECT_EQ(str(*w1, "serving"), a1);
  keep(after_call.shot, "display-call");
  const Image shot1 = read_png(after_call.shot);
  EXPECT_GT(Image::diff(shot0, shot1, hero_x0, hero_y0, hero_x1, hero_y1), 2.0) << "the hero shows the call";
  EXPECT_LT(shot1.count(grid_x0, grid_y0, grid_x1, grid_y1, 222, 146, 34, 12), 100) << "no amber sign yet";

  // Off post with a take-over: 离岗 with destination and return, and who covers.
  hall.staff_action("s002", "off-post", {{"reason", "取档案"}, {"destination", "档案室"}, {"expected_minutes", 20}});
  hall.staff_action("s003", "take-over", {{"window", "W02"}});
  const Dump after_cover = at_seq(hall.seq(), "after the take-over");
  const auto* w2 = window_of(after_cover.vm, "W02");
  ASSERT_NE(w2, nullptr);
  const auto& sign = w2->at("sign").as_object();
  EXPECT_EQ(str(sign, "kind"), "off_post");
  EXPECT_EQ(str(sign, "label"), "离岗");
  EXPECT_EQ(str(sign, "detail"), "去向：档案室 · 预计 09:20 返回");
  EXPECT_EQ(str(sign, "cover"), "代岗：王芳（A岗）");
  keep(after_cover.shot, "display-off-post");
  const Image shot2 = read_png(after_cover.shot);
  EXPECT_GT(shot2.count(grid_x0, grid_y0, grid_x1, grid_y1, 222, 146, 34, 12), 1000) << "the amber 离岗 sign is drawn";
  EXPECT_LT(Image::diff(shot1, shot2, hero_x0, hero_y0, hero_x1, hero_y1), 0.5) << "the call did not change";

  // The server crashes: the banner over the last known state.
  const std::int64_t before_crash = hall.seq();
  const unsigned short port = hall.port();
  hall.server().kill9();
  const auto lost = wait_dump(
      dumps, [](const json::object& vm) { return str(vm, "link") != "live"; }, 15s);
  ASSERT_TRUE(lost) << log();
  EXPECT_EQ(lost->vm.at("seq").as_int64(), before_crash) << "the last known state stays on screen";
  EXPECT_TRUE(lost->vm.at("banner").as_bool());
  keep(lost->shot, "display-reconnecting");
  const Image shot3 = read_png(lost->shot);
  EXPECT_GT(shot3.count(0, 125, 1920, 195, 175, 36, 38, 30), 1920 * 40) << "a red banner across the wall";
  EXPECT_EQ(shot1.count(0, 125, 1920, 195, 175, 36, 38, 30), 0);

  // Back up; calls are made before the display has reconnected. None may be lost.
  // The same port, so the display finds the server at its --server URL (the last --listen wins).
  auto extra = manual_clock();
  extra.insert(extra.end(), {"--listen", "127.0.0.1:" + std::to_string(port)});
  hall.server().start(extra);
  ASSERT_EQ(hall.port(), port);
  hall.window_action("s001", "W01", "recall");
  hall.window_action("s001", "W01", "start");
  hall.window_action("s001", "W01", "finish", {{"outcome", "done"}});
  const std::string a2 = str(hall.window_action("s001", "W01", "call-next").at("ticket").as_object(), "number");
  const Dump back = at_seq(hall.seq(), "after the restart");
  EXPECT_EQ(calls_of(back.vm), (std::vector<std::string>{a2 + "@W01", a1 + "@W01r", a1 + "@W01"}));
  EXPECT_FALSE(back.vm.at("banner").as_bool());
  keep(back.shot, "display-caught-up");
  const Image shot4 = read_png(back.shot);
  EXPECT_LT(shot4.count(0, 125, 1920, 195, 175, 36, 38, 30), 100) << "the banner is gone";

  // Every call and recall spoken once, in order, chime first (the WAVs are longer than it).
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (spoken(wavs).size() < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  auto said = spoken(wavs);
  auto sp = [](const std::string& n) { return n.substr(0, 1) + " " + n.substr(1); };
  EXPECT_EQ(said,
            (std::vector<std::string>{"请 " + sp(a1) + " 号 到 1 号窗口办理", "再次呼叫，请 " + sp(a1) + " 号 到 1 号窗口办理",
                                      "请 " + sp(a2) + " 号 到 1 号窗口办理"}));
  const double chime_s = ui::chime().seconds();
  for (int i = 1; i <= static_cast<int>(said.size()); ++i) {
    char base[16];
    std::snprintf(base, sizeof base, "%04d.wav", i);
    const auto w = ui::read_wav((wavs / base).string());
    ASSERT_TRUE(w) << base;
    EXPECT_GT(w->seconds(), chime_s + 1.0) << base << ": chime and speech";
  }
  EXPECT_TRUE(display->running()) << log();
}

TEST_F(DisplayGui, zone_mode_in_portrait_shows_its_windows_only) {
  auto display = start_display({"--windows", "W01,W03", "--size", "1080x1920", "--portrait", "--screenshot",
                                (hall.server().dir() / "portrait.png").string(), "--exit-after-frames", "3"});
  const auto rc = display->wait(20s);
  ASSERT_TRUE(rc) << "the display did not exit after its frames\n" << log();
  EXPECT_EQ(*rc, 0) << log();
  const auto d = wait_dump(
      dumps, [](const json::object&) { return true; }, 1s);
  ASSERT_TRUE(d);
  std::vector<std::string> ids;
  for (const auto& w : d->vm.at("windows").as_array()) ids.push_back(str(w.as_object(), "id"));
  EXPECT_EQ(ids, (std::vector<std::string>{"W01", "W03"}));
  const Image shot = read_png(hall.server().dir() / "portrait.png");
  EXPECT_EQ(shot.w, 1080);
  EXPECT_EQ(shot.h, 1920);
}

TEST_F(DisplayGui, unknown_zone_window_is_refused_with_a_clear_error) {
  auto display = start_display({"--windows", "W01,W99"});
  const auto rc = display->wait(20s);
  ASSERT_TRUE(rc) << log();
  EXPECT_EQ(*rc, 2);
  EXPECT_NE(log().find("W99"), std::string::npos) << log();
}

}  // namespace
}  // namespace hallq::test
