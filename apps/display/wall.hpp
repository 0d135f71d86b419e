// Wall: one wall display's life between frames. Each frame folds what the mirror took in (the
// zone check, the announcements, the server time as last heard), builds the view model, decides
// the animation phases and when to wake next, draws, and in test runs dumps or quits. main.cpp
// only parses the flags and wires the link, the voice and the window to it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "client/link.hpp"
#include "display/draw.hpp"
#include "display/view_model.hpp"
#include "mirror/mirror.hpp"
#include "ui/app.hpp"
#include "ui/sound.hpp"

namespace hallq::display {

struct WallOptions {
  std::vector<std::string> zone;  // --windows: only these windows (empty: all)
  std::size_t calls = 8;
  double page_seconds = 10, flash_seconds = 6;
  int exit_after_frames = 0;  // > 0: quit after that many frames showed the hall
  int bench_frames = 0;       // > 0: draw that many frames back to back, time them, quit
  std::string screenshot;     // with exit_after_frames: a PNG of the last frame
  std::string dump_dir;       // on each change: DIR/vm-NNNN.json and DIR/shot-NNNN.png
};

class Wall {
 public:
  /// `voice` may be null (--no-voice); `app` and `voice` outlive the Wall.
  Wall(ui::App& app, ui::Announcer* voice, Look look, WallOptions options);

  /// Draws one frame from the mirror as it stands; true when it shows the hall (not the
  /// "connecting" screen). Exits the process (2) when --windows names a window the hall lacks.
  bool draw(ui::Frame& f, client::Mirror& mirror, const client::LinkStatus& link);

  /// --bench-frames: one line of frame times (stdout).
  void print_bench() const;

 private:
  void check_zone(const domain::HallConfig& config);
  void announce(client::Mirror& mirror);
  ViewModel view(ui::Frame& f, const client::Mirror& mirror);
  void flash(ui::Frame& f, const ViewModel* vm, Scene& sc);
  void pace(ui::Frame& f, const client::LinkStatus& link, bool shows_hall);
  void dump(const ViewModel& vm, const Scene& sc, const client::LinkStatus& link);
  bool timing() const { return o_.bench_frames && hall_frames_ > 3; }

  ui::App& app_;
  ui::Announcer* voice_;
  Look look_;
  WallOptions o_;
  ViewOptions vopt_;
  bool zone_checked_ = false;
  bool had_state_ = false;
  // Time: server time as last heard, run on by the local clock when the server's runs.
  domain::Time heard_ = 0;
  double heard_at_ = 0;
  std::string newest_call_;
  double flash_from_ = -1e9;
  int pages_ = 1, notice_pages_ = 1, hall_frames_ = 0;
  // --dump-dir: what the last dump showed, so only a change writes a new one.
  std::int64_t dumped_seq_ = -1;
  std::string dumped_phase_;
  int dumped_page_ = -1, dumps_ = 0;
  std::vector<double> frame_ms_, build_ms_, draw_ms_, render_ms_, swap_ms_;
};

}  // namespace hallq::display
