// The wall display's view model: everything the wall shows, computed from the engine's state
// (the Mirror), the hall config and the server time. Pure — no GL, no sockets, no clock — so it
// is unit-tested with states produced by real commands; the drawing code only draws it.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/state.hpp"
#include "domain/event.hpp"
#include "domain/hall_config.hpp"

namespace hallq::display {

using domain::Time;

struct CallView {
  std::string ticket;  // ticket id (tells apart two calls of the same number on different days)
  std::string number;  // "A003"
  std::string window;  // window id
  int window_number = 0;
  std::string window_name;
  std::string service_name;
  Time at = 0;
  bool recall = false;
  std::string key() const { return ticket + "@" + std::to_string(at) + (recall ? "r" : ""); }
};

/// The post sign (三牌) of a window. Every kind has its own words: colour is never the only signal.
enum class SignKind {
  on_post,    // 在岗: staffed
  off_post,   // 离岗: the post holder stepped away (with or without someone covering)
  awaiting,   // 待岗: nobody on post yet, still within the grace period (R-EMP-1)
  vacant,     // 空岗: nobody on post past the grace period (R-EMP-1) — shown red
  closed,     // 暂停服务: closed by a supervisor or outside opening hours with no work left
  redirected  // 暂停服务 · 请到 N 号窗口办理: covered from window N, its citizens are called there (R-AB-7)
};
const char* to_string(SignKind k) noexcept;

struct SignView {
  SignKind kind = SignKind::closed;
  std::string label;        // 在岗 / 离岗 / 暂无人员 / 空岗 / 暂停服务
  std::string short_label;  // one character for dense grids: 在 / 离 / 无 / 空 / 停 / 转
  // Who serves at the window now (on post, or covering for the one who left).
  std::string staff, staff_name, as;  // as: "A" | "B"
  // Off post: who left, where to and until when.
  std::string away_staff, away_name, destination;
  Time expected_return = 0;
  std::string detail;    // "去向：档案室 · 预计 09:40 返回"
  std::string cover;     // "代岗：李娜（B岗）" or "无人代岗"
  bool overdue = false;  // past the expected return
  bool alarm = false;    // red: nobody serves at an open window past the grace period (R-EMP-1)
  // R-AB-7: the post is covered from another window; citizens go there. This leads the tile,
  // the absent post holder (away_*, detail) comes second.
  std::string redirect_to;  // window id where the post's tickets are called
  int redirect_number = 0;  // its number
  std::string redirect;     // "请到 2 号窗口办理"
};

struct WindowView {
  std::string id;
  int number = 0;
  std::string name;
  std::string department;             // department name
  std::vector<std::string> services;  // service names
  SignView sign;
  std::string serving;          // ticket number being called or served, "" when none
  bool serving_called = false;  // true: called, the citizen has not arrived yet
  // R-AB-7: the posts covered from this window (their tickets are called here), by number.
  std::vector<int> covering;
  std::string covering_text;  // "同时办理 1 号窗口业务", "" when none
};

struct QueueView {
  std::string service;
  std::string name;
  std::string prefix;
  int waiting = 0;
  std::vector<std::string> next;  // the next numbers, in call order
  int eta_minutes = 0;
};

struct ViewOptions {
  std::vector<std::string> windows;  // zone mode: only these windows (their calls, their queues); empty = all
  std::size_t calls_shown = 8;       // newest call + the list beside it
  std::size_t next_shown = 3;        // next numbers per queue
};

struct ViewModel {
  std::int64_t seq = 0;
  std::string hall_name;
  std::string date_text;   // "2026年11月23日 星期一"
  std::string clock_text;  // "09:05"
  std::string notice;
  bool session_open = false;
  std::string session_text;         // "上午办理时间 09:00–12:00" / "暂停办理 · 下午 14:00 开始"
  std::vector<CallView> calls;      // newest first; calls[0] is the one shown large
  std::vector<WindowView> windows;  // by window number
  std::vector<QueueView> queues;    // services of the shown windows, in config order
};

/// The whole wall at server time `now`. Unknown zone window ids are ignored (see unknown_windows()).
ViewModel build_view(const core::State& s, Time now, const ViewOptions& opt = {});
/// Zone ids that the config does not have (the display refuses to start with them).
std::vector<std::string> unknown_windows(const domain::HallConfig& c, const std::vector<std::string>& ids);

/// The post sign of one window.
SignView sign_of(const core::State& s, const domain::Window& w, Time now);

/// The sentence spoken for a call or recall event ("请 A 003 号 到 5 号窗口办理"), or nothing
/// for other events and for windows outside the zone. Letters and digits are separated so
/// espeak-ng reads them as the letter and the number (STACK.md).
std::optional<std::string> announcement(const domain::HallConfig& c, const domain::Event& e,
                                        const std::vector<std::string>& zone = {});

/// The same, knowing the state: a zone screen also speaks the calls of its windows' tickets made
/// at the window that covers one of them from elsewhere (R-AB-7), naming that window.
std::optional<std::string> announcement(const core::State& s, const domain::Event& e, const std::vector<std::string>& zone = {});

/// "A003" → "A 003": a space between runs of letters and digits.
std::string spaced_number(const std::string& number);

/// How the window tiles are laid out. Pages rotate when the tiles would be too small to read.
enum class GridMode { automatic, pages, dense };
struct GridPlan {
  int cols = 1, rows = 1;
  int per_page = 1;
  int pages = 1;
  float tile_w = 0, tile_h = 0;
};
/// Lays `count` tiles in an area: the largest tiles that fit all of them, unless they would be
/// smaller than min_w × min_h — then (automatic/pages) pages of min-size tiles; dense never pages.
GridPlan plan_grid(int count, float area_w, float area_h, float min_w, float min_h, float gap,
                   GridMode mode = GridMode::automatic);

/// Server time seen by the display: a manual clock stands still between events; a real one
/// runs on from the last time heard, by the local monotonic clock.
Time display_time(Time server_now, bool manual_clock, double seconds_since_heard);

}  // namespace hallq::display
