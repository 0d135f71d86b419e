#include "display/wall.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <utility>

#include "display/vm_json.hpp"

namespace hallq::display {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

void write_file_atomic(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  std::ofstream(tmp, std::ios::trunc) << text;
  std::error_code ec;
  fs::rename(tmp, path, ec);
}

std::string link_words(const client::LinkStatus& st, bool had_state) {
  if (st.phase == client::LinkPhase::live) return "";
  if (st.last_http_status == 401 || st.last_http_status == 403) return "服务器拒绝了本屏的令牌，请检查 --token";
  if (!had_state) return "正在连接服务器…";
  std::string s = "与服务器的连接已中断，正在重新连接";
  if (st.attempts > 0) s += "（第 " + std::to_string(st.attempts) + " 次）";
  return s + "…";
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

Wall::Wall(ui::App& app, ui::Announcer* voice, Look look, WallOptions options)
    : app_(app), voice_(voice), look_(look), o_(std::move(options)) {
  vopt_.windows = o_.zone;
  vopt_.calls_shown = o_.calls;
  if (!o_.dump_dir.empty()) fs::create_directories(o_.dump_dir);
}

bool Wall::draw(ui::Frame& f, client::Mirror& mirror, const client::LinkStatus& link) {
  // Benchmark: the previous frame's draw + render + swap time, once the hall showed a few
  // frames (the first ones build glyphs).
  if (timing() && !f.retry()) {
    frame_ms_.push_back(app_.last_frame_seconds() * 1000);
    render_ms_.push_back(app_.last_render_seconds() * 1000);
    swap_ms_.push_back(app_.last_swap_seconds() * 1000);
  }
  std::optional<ViewModel> vm;
  if (mirror.ready()) {
    had_state_ = true;
    check_zone(mirror.config());
    announce(mirror);
    vm = view(f, mirror);
  }
  Scene sc;
  sc.vm = vm ? &*vm : nullptr;
  sc.live = link.phase == client::LinkPhase::live && vm;
  sc.link_text = link_words(link, had_state_);
  sc.link_detail = link.last_error;
  flash(f, sc.vm, sc);
  // Pages (windows, queues, notice parts) turn together every page_seconds.
  const auto tick = static_cast<int>(std::floor(f.now() / o_.page_seconds));
  sc.page = tick;
  sc.notice_page = tick;
  pace(f, link, vm.has_value());
  const auto d0 = std::chrono::steady_clock::now();
  const auto drawn = draw_wall(f, sc, look_);
  if (timing()) draw_ms_.push_back(ms_since(d0));
  pages_ = drawn.pages;
  notice_pages_ = drawn.notice_pages;
  if (!o_.dump_dir.empty() && vm) dump(*vm, sc, link);
  return vm.has_value();
}

void Wall::check_zone(const domain::HallConfig& config) {
  if (zone_checked_) return;
  zone_checked_ = true;
  const auto bad = unknown_windows(config, o_.zone);
  if (bad.empty()) return;
  std::string list;
  for (const auto& b : bad) list += (list.empty() ? "" : ", ") + b;
  std::cerr << "hallq-display: --windows names windows the hall does not have: " << list << "\n";
  std::exit(2);
}

void Wall::announce(client::Mirror& mirror) {
  // Every call and recall is spoken, in order, each after the previous one ends.
  for (const auto& e : mirror.take_applied())
    if (auto text = announcement(mirror.state(), e, o_.zone); text && voice_) voice_->say(*text);
  mirror.take_snapshots();
}

ViewModel Wall::view(ui::Frame& f, const client::Mirror& mirror) {
  const double now = f.now();
  if (mirror.server_now() != heard_) {
    heard_ = mirror.server_now();
    heard_at_ = now;
  }
  const domain::Time t = display_time(heard_, mirror.manual_clock(), now - heard_at_);
  const auto b0 = std::chrono::steady_clock::now();
  ViewModel vm = build_view(mirror.state(), t, vopt_);
  if (timing()) build_ms_.push_back(ms_since(b0));
  if (!mirror.manual_clock()) {  // the clock shows minutes: wake at the next one
    const double into_minute = std::fmod(static_cast<double>(t % 60) + (now - heard_at_) - std::floor(now - heard_at_), 60.0);
    f.redraw_in(60.0 - into_minute + 0.05);
  }
  return vm;
}

void Wall::flash(ui::Frame& f, const ViewModel* vm, Scene& sc) {
  const double now = f.now();
  if (vm && !vm->calls.empty() && vm->calls.front().key() != newest_call_) {
    if (!newest_call_.empty() || f.index() > 0) flash_from_ = now;
    newest_call_ = vm->calls.front().key();
  }
  const double since_flash = now - flash_from_;
  if (since_flash < o_.flash_seconds) {
    sc.flash_on = std::fmod(since_flash, 1.0) < 0.6;  // 0.6 s on, 0.4 s off
    f.redraw_in(sc.flash_on ? 0.6 - std::fmod(since_flash, 1.0) : 1.0 - std::fmod(since_flash, 1.0));
  }
}

// When to wake next besides the clock and the flash, and when a test or benchmark run ends.
void Wall::pace(ui::Frame& f, const client::LinkStatus& link, bool shows_hall) {
  const double now = f.now();
  if (pages_ > 1 || notice_pages_ > 1) f.redraw_in(o_.page_seconds - std::fmod(now, o_.page_seconds) + 0.01);
  if (link.phase != client::LinkPhase::live) f.redraw_in(1.0);  // the attempt counter moves
  if (o_.bench_frames) f.redraw_in(0);
  if (o_.exit_after_frames || o_.bench_frames) {
    // Test and benchmark runs: keep drawing (no idle wait) until N frames showed the hall.
    f.redraw_in(o_.bench_frames ? 0 : 0.03);
    const int limit = o_.bench_frames ? o_.bench_frames : o_.exit_after_frames;
    if (shows_hall && !f.retry() && ++hall_frames_ >= limit) {
      if (!o_.screenshot.empty()) app_.screenshot_after_frame(o_.screenshot);
      app_.quit();
    }
  }
}

void Wall::dump(const ViewModel& vm, const Scene& sc, const client::LinkStatus& link) {
  const std::string phase = client::to_string(link.phase);
  const int page = pages_ > 0 ? sc.page % pages_ : 0;
  if (vm.seq == dumped_seq_ && phase == dumped_phase_ && page == dumped_page_) return;
  dumped_seq_ = vm.seq;
  dumped_phase_ = phase;
  dumped_page_ = page;
  ++dumps_;
  char name[32];
  std::snprintf(name, sizeof name, "%04d", dumps_);
  json::object j = to_json(vm);
  j["link"] = phase;
  j["banner"] = !sc.live;
  j["page"] = page;
  j["pages"] = pages_;
  j["announced"] = voice_ ? voice_->done() : 0;
  // The JSON first, then the PNG of the same frame (written before it is shown).
  write_file_atomic(fs::path(o_.dump_dir) / ("vm-" + std::string(name) + ".json"), json::serialize(j));
  app_.screenshot_after_frame((fs::path(o_.dump_dir) / ("shot-" + std::string(name) + ".png")).string());
}

void Wall::print_bench() const {
  std::vector<double> frame_ms = frame_ms_;
  std::sort(frame_ms.begin(), frame_ms.end());
  const auto n = frame_ms.size();
  if (!n) return;
  auto mean = [](const std::vector<double>& v) {
    double t = 0;
    for (double x : v) t += x;
    return v.empty() ? 0.0 : t / static_cast<double>(v.size());
  };
  std::printf(
      "frames=%zu mean_ms=%.2f p50_ms=%.2f p95_ms=%.2f max_ms=%.2f (view model %.2f ms, draw lists %.2f ms, GL "
      "render %.2f ms, swap %.2f ms) glyphs=%d atlas=%.0fx%.0f\n",
      n, mean(frame_ms), frame_ms[n / 2], frame_ms[n * 95 / 100], frame_ms.back(), mean(build_ms_), mean(draw_ms_),
      mean(render_ms_), mean(swap_ms_), app_.fonts().glyphs(), app_.fonts().atlas_size().x, app_.fonts().atlas_size().y);
}

}  // namespace hallq::display
