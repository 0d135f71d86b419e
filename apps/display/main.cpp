// hallq-display: the wall display citizens read across the hall (API.md "Clients' command line").
// A Link keeps the engine's state mirrored from the server's WebSocket; each wake-up folds what
// arrived, speaks every call and recall in order, builds the view model and draws it. Between
// changes the window sleeps (ui::App), so a wall left on for months costs almost nothing.
#include <boost/json.hpp>

#include <GLFW/glfw3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "client/link.hpp"
#include "mirror/mirror.hpp"
#include "client/server_url.hpp"
#include "display/draw.hpp"
#include "ui/app.hpp"
#include "ui/sound.hpp"
#include "display/view_model.hpp"
#include "display/vm_json.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
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
#define NUM(dst, lo, hi)                          \
  do {                                            \
    auto v_ = num(lo, hi);                        \
    if (!v_) return std::nullopt;                 \
    dst = static_cast<decltype(dst)>(*v_);        \
  } while (0)
#define STR(dst)                   \
  do {                             \
    auto v_ = val();               \
    if (!v_) return std::nullopt;  \
    dst = *v_;                     \
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
    } else if (a == "--token") STR(o.token);
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
      if (std::sscanf(s.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 320 || o.height < 240 ||
          o.width > 16384 || o.height > 16384) {
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
    } else if (a == "--portrait") o.portrait = true;
    else if (a == "--fullscreen") o.fullscreen = true;
    else if (a == "--grid") {
      std::string g;
      STR(g);
      if (g == "auto") o.grid = display::GridMode::automatic;
      else if (g == "pages") o.grid = display::GridMode::pages;
      else if (g == "dense") o.grid = display::GridMode::dense;
      else {
        err = "--grid: expected auto, pages or dense";
        return std::nullopt;
      }
    } else if (a == "--page-seconds") NUM(o.page_seconds, 2, 3600);
    else if (a == "--flash-seconds") NUM(o.flash_seconds, 0, 60);
    else if (a == "--calls") NUM(o.calls, 1, 8);
    else if (a == "--no-voice") o.voice = false;
    else if (a == "--mute") o.play = false;
    else if (a == "--voice-repeat") NUM(o.voice_repeat, 1, 5);
    else if (a == "--voice") STR(o.voice_name);
    else if (a == "--voice-wav") STR(o.voice_wav);
    else if (a == "--font") STR(o.font);
    else if (a == "--screenshot") STR(o.screenshot);
    else if (a == "--exit-after-frames") NUM(o.exit_after_frames, 1, 1e9);
    else if (a == "--bench-frames") NUM(o.bench_frames, 1, 1e6);
    else if (a == "--dump-dir") STR(o.dump_dir);
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

void write_file_atomic(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  std::ofstream(tmp, std::ios::trunc) << text;
  std::error_code ec;
  fs::rename(tmp, path, ec);
}

std::string link_words(const client::LinkStatus& st, bool had_state) {
  if (st.phase == client::LinkPhase::live) return "";
  if (st.last_http_status == 401 || st.last_http_status == 403)
    return "服务器拒绝了本屏的令牌，请检查 --token";
  if (!had_state) return "正在连接服务器…";
  std::string s = "与服务器的连接已中断，正在重新连接";
  if (st.attempts > 0) s += "（第 " + std::to_string(st.attempts) + " 次）";
  return s + "…";
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
    if (!o.dump_dir.empty()) fs::create_directories(o.dump_dir);

    client::Mirror mirror;
    client::Link link(client::LinkOptions{o.server, o.token, [] { ui::App::wake(); }});

    display::ViewOptions vopt;
    vopt.windows = o.zone;
    vopt.calls_shown = o.calls;
    bool zone_checked = false;
    // Time: server time as last heard, run on by the local clock when the server's runs.
    domain::Time heard = 0;
    double heard_at = 0;
    std::string newest_call;
    double flash_from = -1e9;
    std::int64_t dumped_seq = -1;
    std::string dumped_phase;
    int dumped_page = -1, dumps = 0, pages = 1, notice_pages = 1, hall_frames = 0;
    bool had_state = false;
    std::vector<double> frame_ms, build_ms, draw_ms, render_ms, swap_ms;
    app.set_clear_color(9 / 255.0f, 24 / 255.0f, 48 / 255.0f);  // the wall's ground (draw.cpp c_bg)

    const int rc = app.run([&](ui::Frame& f) {
      const double now = f.now();
      // Benchmark: the previous frame's draw + render + swap time, once the hall showed a few
      // frames (the first ones build glyphs).
      if (o.bench_frames && hall_frames > 3 && !f.retry()) {
        frame_ms.push_back(app.last_frame_seconds() * 1000);
        render_ms.push_back(app.last_render_seconds() * 1000);
        swap_ms.push_back(app.last_swap_seconds() * 1000);
      }
      if (!f.retry()) link.pump(mirror);  // a retry redraws the same state (glyphs were missing)
      const auto st = link.status();
      std::optional<display::ViewModel> vm;
      if (mirror.ready()) {
        had_state = true;
        if (!zone_checked) {
          zone_checked = true;
          const auto bad = display::unknown_windows(mirror.config(), o.zone);
          if (!bad.empty()) {
            std::string list;
            for (const auto& b : bad) list += (list.empty() ? "" : ", ") + b;
            std::cerr << "hallq-display: --windows names windows the hall does not have: " << list << "\n";
            std::exit(2);
          }
        }
        // Every call and recall is spoken, in order, each after the previous one ends.
        for (const auto& e : mirror.take_applied())
          if (auto text = display::announcement(mirror.state(), e, o.zone); text && voice) voice->say(*text);
        mirror.take_snapshots();
        if (mirror.server_now() != heard) {
          heard = mirror.server_now();
          heard_at = now;
        }
        const domain::Time t = display::display_time(heard, mirror.manual_clock(), now - heard_at);
        const auto b0 = std::chrono::steady_clock::now();
        vm = display::build_view(mirror.state(), t, vopt);
        if (o.bench_frames && hall_frames > 3)
          build_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - b0).count());
        if (!mirror.manual_clock()) {  // the clock shows minutes: wake at the next one
          const double into_minute = std::fmod(static_cast<double>(t % 60) + (now - heard_at) - std::floor(now - heard_at), 60.0);
          f.redraw_in(60.0 - into_minute + 0.05);
        }
      }
      display::Scene sc;
      sc.vm = vm ? &*vm : nullptr;
      sc.live = st.phase == client::LinkPhase::live && vm;
      sc.link_text = link_words(st, had_state);
      sc.link_detail = st.last_error;
      if (vm && !vm->calls.empty() && vm->calls.front().key() != newest_call) {
        if (!newest_call.empty() || f.index() > 0) flash_from = now;
        newest_call = vm->calls.front().key();
      }
      const double since_flash = now - flash_from;
      if (since_flash < o.flash_seconds) {
        sc.flash_on = std::fmod(since_flash, 1.0) < 0.6;  // 0.6 s on, 0.4 s off
        f.redraw_in(sc.flash_on ? 0.6 - std::fmod(since_flash, 1.0) : 1.0 - std::fmod(since_flash, 1.0));
      }
      // Pages (windows, queues, notice parts) turn together every page_seconds.
      const auto tick = static_cast<int>(std::floor(now / o.page_seconds));
      sc.page = tick;
      sc.notice_page = tick;
      if (pages > 1 || notice_pages > 1) f.redraw_in(o.page_seconds - std::fmod(now, o.page_seconds) + 0.01);
      if (st.phase != client::LinkPhase::live) f.redraw_in(1.0);  // the attempt counter moves
      if (o.bench_frames) f.redraw_in(0);
      hall_drawn = vm.has_value();
      if (o.exit_after_frames || o.bench_frames) {
        // Test and benchmark runs: keep drawing (no idle wait) until N frames showed the hall.
        f.redraw_in(o.bench_frames ? 0 : 0.03);
        const int limit = o.bench_frames ? o.bench_frames : o.exit_after_frames;
        if (vm && !f.retry() && ++hall_frames >= limit) {
          if (!o.screenshot.empty()) app.screenshot_after_frame(o.screenshot);
          app.quit();
        }
      }
      const auto d0 = std::chrono::steady_clock::now();
      const auto drawn = display::draw_wall(f, sc, look);
      if (o.bench_frames && hall_frames > 3)
        draw_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - d0).count());
      pages = drawn.pages;
      notice_pages = drawn.notice_pages;
      if (!o.dump_dir.empty() && vm) {
        const std::string phase = client::to_string(st.phase);
        const int page = pages > 0 ? sc.page % pages : 0;
        if (vm->seq != dumped_seq || phase != dumped_phase || page != dumped_page) {
          dumped_seq = vm->seq;
          dumped_phase = phase;
          dumped_page = page;
          ++dumps;
          char name[32];
          std::snprintf(name, sizeof name, "%04d", dumps);
          json::object j = display::to_json(*vm);
          j["link"] = phase;
          j["banner"] = !sc.live;
          j["page"] = page;
          j["pages"] = pages;
          j["announced"] = voice ? voice->done() : 0;
          // The JSON first, then the PNG of the same frame (written before it is shown).
          write_file_atomic(fs::path(o.dump_dir) / ("vm-" + std::string(name) + ".json"), json::serialize(j));
          app.screenshot_after_frame((fs::path(o.dump_dir) / ("shot-" + std::string(name) + ".png")).string());
        }
      }
    });
    if (o.bench_frames) {
      std::sort(frame_ms.begin(), frame_ms.end());
      double sum = 0;
      for (double x : frame_ms) sum += x;
      const auto n = frame_ms.size();
      auto mean = [](const std::vector<double>& v) {
        double t = 0;
        for (double x : v) t += x;
        return v.empty() ? 0.0 : t / static_cast<double>(v.size());
      };
      if (n)
        std::printf("frames=%zu mean_ms=%.2f p50_ms=%.2f p95_ms=%.2f max_ms=%.2f (view model %.2f ms, draw lists %.2f ms, GL render %.2f ms, swap %.2f ms)"
                    " glyphs=%d atlas=%.0fx%.0f\n",
                    n, sum / static_cast<double>(n), frame_ms[n / 2], frame_ms[n * 95 / 100], frame_ms.back(),
                    mean(build_ms), mean(draw_ms), mean(render_ms), mean(swap_ms), app.fonts().glyphs(), app.fonts().atlas_size().x,
                    app.fonts().atlas_size().y);
    }
    std::fprintf(stderr, "hallq-display: first frame %.0f ms, first frame with the hall %.0f ms after start\n",
                 first_frame_ms, first_hall_ms);
    if (voice && !o.voice_wav.empty()) voice->drain(std::chrono::seconds(30));
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "hallq-display: " << e.what() << "\n";
    return 1;
  }
}
