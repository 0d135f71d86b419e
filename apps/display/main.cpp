// hallq-display: the wall display citizens read across the hall (API.md "Clients' command line").
// A Link keeps the engine's state mirrored from the server's WebSocket; on each wake-up the Wall
// (wall.hpp) folds what arrived, speaks every call and recall in order, builds the view model and
// draws it. Between changes the window sleeps (ui::App), so a wall left on for months costs
// almost nothing. This file parses the flags and wires the link, the voice and the window.
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "client/link.hpp"
#include "client/server_url.hpp"
#include "display/draw.hpp"
#include "display/view_model.hpp"
#include "display/wall.hpp"
#include "mirror/mirror.hpp"
#include "ui/app.hpp"
#include "ui/sound.hpp"

using namespace hallq;

namespace {

const char* usage =
    "usage: hallq-display --server http://127.0.0.1:7080 --token DISPLAY_TOKEN [options]\n"
    "  --windows W01,W02     zone mode: only these windows, their calls and queues\n"
    "  --size WxH            window or screen size (default 1920x1080; 3840x2160 for 4K)\n"
    "  --portrait            portrait layout (use with --size 1080x1920)\n"
    "  --fullscreen          fullscreen on the primary monitor\n"
    "  --position X,Y        where the window's top-left corner goes on the screen (windowed)\n"
    "  --grid auto|pages|dense  how many windows share the screen (default auto: pages when tiles get too small)\n"
    "  --page-seconds N      seconds per page when pages rotate (default 10)\n"
    "  --calls N             calls shown: the newest large and N-1 beside it (default 8)\n"
    "  --flash-seconds N     how long a new call blinks (default 6)\n"
    "  --no-voice            no announcements\n"
    "  --voice-repeat N      times each announcement is spoken (default 2)\n"
    "  --voice NAME          espeak-ng voice (default cmn-latn-pinyin)\n"
    "  --voice-wav DIR       also write each announcement as DIR/NNNN.wav (+ .txt)\n"
    "  --mute                write --voice-wav files but do not play them\n"
    "  --font FILE           font file instead of the fontconfig lookup\n"
    "  --screenshot FILE     write a PNG of the last frame (with --exit-after-frames)\n"
    "  --exit-after-frames N quit after N shown frames\n"
    "  --dump-dir DIR        on each change write DIR/vm-NNNN.json and DIR/shot-NNNN.png (tests)\n"
    "  --bench-frames N      draw N frames back to back, print frame times, quit\n";

struct Options {
  client::ServerUrl server;
  std::string token;
  std::vector<std::string> zone;
  int width = 1920, height = 1080;
  std::optional<std::pair<int, int>> position;  // --position X,Y
  bool portrait = false, fullscreen = false;
  display::GridMode grid = display::GridMode::automatic;
  double page_seconds = 10, flash_seconds = 6;
  std::size_t calls = 8;
  bool voice = true, play = true;
  int voice_repeat = 2;
  std::string voice_name = "cmn-latn-pinyin", voice_wav, font, screenshot, dump_dir;
  int exit_after_frames = 0, bench_frames = 0;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string x; std::getline(in, x, sep);)
    if (!x.empty()) out.push_back(x);
  return out;
}

std::optional<Options> parse(int argc, char** argv, std::string& err) {
  Options o;
  bool have_server = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto val = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) {
        err = a + " needs a value";
        return std::nullopt;
      }
      return std::string(argv[++i]);
    };
    auto num = [&](double lo, double hi) -> std::optional<double> {
      auto v = val();
      if (!v) return std::nullopt;
      char* end = nullptr;
      const double d = std::strtod(v->c_str(), &end);
      if (end == v->c_str() || *end || d < lo || d > hi) {
        err = a + ": expected a number from " + std::to_string(static_cast<int>(lo)) + " to " +
              std::to_string(static_cast<int>(hi)) + ", got \"" + *v + "\"";
        return std::nullopt;
      }
      return d;
    };
#define NUM(dst, lo, hi)                   \
  do {                                     \
    auto v_ = num(lo, hi);                 \
    if (!v_) return std::nullopt;          \
    dst = static_cast<decltype(dst)>(*v_); \
  } while (0)
#define STR(dst)                  \
  do {                            \
    auto v_ = val();              \
    if (!v_) return std::nullopt; \
    dst = *v_;                    \
  } while (0)
    if (a == "--help" || a == "-h") {
      std::cout << usage;
      std::exit(0);
    } else if (a == "--server") {
      std::string u;
      STR(u);
      auto p = client::ServerUrl::parse(u, &err);
      if (!p) {
        err = "--server: " + err;
        return std::nullopt;
      }
      o.server = *p;
      have_server = true;
    } else if (a == "--token")
      STR(o.token);
    else if (a == "--windows") {
      std::string w;
      STR(w);
      o.zone = split(w, ',');
      if (o.zone.empty()) {
        err = "--windows: expected window ids like W01,W02";
        return std::nullopt;
      }
    } else if (a == "--size") {
      std::string s;
      STR(s);
      if (std::sscanf(s.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240 || o.width > 16384 ||
          o.height > 16384) {
        err = "--size: expected WIDTHxHEIGHT such as 1920x1080, got \"" + s + "\"";
        return std::nullopt;
      }
    } else if (a == "--position") {
      std::string s;
      STR(s);
      int x = 0, y = 0;
      char end = 0;
      if (std::sscanf(s.c_str(), "%d,%d%c", &x, &y, &end) != 2 || x < -16384 || y < -16384 || x > 16384 || y > 16384) {
        err = "--position: expected X,Y such as 0,0, got \"" + s + "\"";
        return std::nullopt;
      }
      o.position = std::make_pair(x, y);
    } else if (a == "--portrait")
      o.portrait = true;
    else if (a == "--fullscreen")
      o.fullscreen = true;
    else if (a == "--grid") {
      std::string g;
      STR(g);
      if (g == "auto") o.grid = display::GridMode::automatic;
      else if (g == "pages")
        o.grid = display::GridMode::pages;
      else if (g == "dense")
        o.grid = display::GridMode::dense;
      else {
        err = "--grid: expected auto, pages or dense";
        return std::nullopt;
      }
    } else if (a == "--page-seconds")
      NUM(o.page_seconds, 2, 3600);
    else if (a == "--flash-seconds")
      NUM(o.flash_seconds, 0, 60);
    else if (a == "--calls")
      NUM(o.calls, 1, 8);
    else if (a == "--no-voice")
      o.voice = false;
    else if (a == "--mute")
      o.play = false;
    else if (a == "--voice-repeat")
      NUM(o.voice_repeat, 1, 5);
    else if (a == "--voice")
      STR(o.voice_name);
    else if (a == "--voice-wav")
      STR(o.voice_wav);
    else if (a == "--font")
      STR(o.font);
    else if (a == "--screenshot")
      STR(o.screenshot);
    else if (a == "--exit-after-frames")
      NUM(o.exit_after_frames, 1, 1e9);
    else if (a == "--bench-frames")
      NUM(o.bench_frames, 1, 1e6);
    else if (a == "--dump-dir")
      STR(o.dump_dir);
    else {
      err = "unknown option " + a + " (see --help)";
      return std::nullopt;
    }
#undef NUM
#undef STR
  }
  if (!have_server) {
    err = "--server URL is required (e.g. --server http://127.0.0.1:7080)";
    return std::nullopt;
  }
  if (o.token.empty()) {
    err = "--token is required: the token of a device with role \"display\" in the hall config";
    return std::nullopt;
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  std::string err;
  const auto parsed = parse(argc, argv, err);
  if (!parsed) {
    std::cerr << "hallq-display: " << err << "\n" << usage;
    return 2;
  }
  const Options& o = *parsed;
  try {
    ui::AppOptions ao;
    ao.title = "hallq 叫号显示屏";
    ao.width = o.width;
    ao.height = o.height;
    ao.fullscreen = o.fullscreen;
    ao.decorated = !o.fullscreen;
    ao.vsync = o.bench_frames == 0;
    // --exit-after-frames counts frames that show the hall (not the "connecting" screen); the
    // display itself quits and takes the screenshot, see below.
    ao.fonts.file = o.font;
    const auto t_start = std::chrono::steady_clock::now();
    bool hall_drawn = false;  // the frame being drawn shows the hall (not "connecting")
    double first_frame_ms = -1, first_hall_ms = -1;
    ao.after_frame = [&](int) {
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_start).count();
      if (first_frame_ms < 0) first_frame_ms = ms;
      if (hall_drawn && first_hall_ms < 0) first_hall_ms = ms;
    };
    ui::App app(ao);
    if (o.position && !o.fullscreen) glfwSetWindowPos(app.window(), o.position->first, o.position->second);
    display::Look look;
    look.portrait = o.portrait;
    look.grid = o.grid;
    look.scale = o.portrait ? static_cast<float>(o.width) / 1080.0f : static_cast<float>(o.height) / 1080.0f;
    display::add_fonts(app.fonts(), look.scale);

    std::optional<ui::Announcer> voice;
    if (o.voice) {
      ui::AnnouncerOptions vo;
      vo.play = o.play;
      vo.wav_dir = o.voice_wav;
      vo.voice = o.voice_name;
      vo.repeat = o.voice_repeat;
      voice.emplace(vo);
    }
    display::WallOptions wo;
    wo.zone = o.zone;
    wo.calls = o.calls;
    wo.page_seconds = o.page_seconds;
    wo.flash_seconds = o.flash_seconds;
    wo.exit_after_frames = o.exit_after_frames;
    wo.bench_frames = o.bench_frames;
    wo.screenshot = o.screenshot;
    wo.dump_dir = o.dump_dir;
    display::Wall wall(app, voice ? &*voice : nullptr, look, std::move(wo));

    client::Mirror mirror;
    client::Link link(client::LinkOptions{o.server, o.token, [] { ui::App::wake(); }});
    app.set_clear_color(9 / 255.0f, 24 / 255.0f, 48 / 255.0f);  // the wall's ground (draw.cpp c_bg)

    const int rc = app.run([&](ui::Frame& f) {
      if (!f.retry()) link.pump(mirror);  // a retry redraws the same state (glyphs were missing)
      hall_drawn = wall.draw(f, mirror, link.status());
    });
    if (o.bench_frames) wall.print_bench();
    std::fprintf(stderr, "hallq-display: first frame %.0f ms, first frame with the hall %.0f ms after start\n", first_frame_ms,
                 first_hall_ms);
    if (voice && !o.voice_wav.empty()) voice->drain(std::chrono::seconds(30));
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "hallq-display: " << e.what() << "\n";
    return 1;
  }
}
