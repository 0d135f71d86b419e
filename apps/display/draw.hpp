// Draws the wall from its view model with ImGui's draw lists. Nothing here reads the state:
// what to show was decided by build_view(); this file only decides where and how large.
#pragma once

#include <string>

#include "ui/app.hpp"
#include "display/view_model.hpp"

namespace hallq::display {

/// What the drawing needs besides the view model: connection state and animation phases.
struct Scene {
  const ViewModel* vm = nullptr;  // nullptr until the first snapshot
  bool live = false;
  std::string link_text;    // "正在连接服务器…", "连接中断，正在重新连接（第 3 次）…"
  std::string link_detail;  // last error, small
  bool flash_on = false;    // the newest call is highlighted (blinks after a call)
  int page = 0;             // windows page shown (rotates when pages > 1)
  int notice_page = 0;      // part of the notice shown when it does not fit
};

struct Look {
  bool portrait = false;
  GridMode grid = GridMode::automatic;
  float scale = 1;  // 1 at 1080 lines (landscape) / 1080 columns (portrait), 2 at 4K
};

/// Registers the font sizes the wall uses (before the first frame).
void add_fonts(ui::Fonts& fonts, float scale);

/// Result of drawing: how many pages the windows and the notice have (for rotation).
struct Drawn {
  int pages = 1;
  int notice_pages = 1;
};

Drawn draw_wall(ui::Frame& f, const Scene& scene, const Look& look);

}  // namespace hallq::display
