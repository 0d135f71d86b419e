// App: one GLFW window with Dear ImGui (OpenGL 3 backend) that draws only when something
// happened. A wall display runs for months, so between changes it sleeps in
// glfwWaitEventsTimeout: it wakes on input, on App::wake() (thread-safe: a network thread calls
// it when events arrive), or at the earliest time the last frame asked to be redrawn at
// (an animation, the clock's next minute). CPU is near zero while nothing changes.
//
// Usage:
//   ui::App app(opts);                       // throws std::runtime_error with a clear message
//   int big = app.fonts().add(96);           // font sizes before the first frame
//   app.run([&](ui::Frame& f) { ... draw with ImGui / f.draw_list() ... });
// Draw text through Fonts (fonts.hpp) so the glyphs in use get built: a frame that meets new
// characters is thrown away and drawn again after the atlas is rebuilt, never shown with "?".
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "ui/fonts.hpp"

struct GLFWwindow;
struct ImDrawList;

namespace hallq::ui {

struct AppOptions {
  std::string title = "hallq";
  int width = 1920, height = 1080;  // framebuffer size wanted (windowed) or video mode (fullscreen)
  bool fullscreen = false;          // on the primary monitor
  bool decorated = true;
  bool vsync = true;
  std::string screenshot;         // write this PNG after the frame `exit_after_frames` (or the last one)
  int exit_after_frames = 0;      // > 0: quit after that many shown frames (tests, documentation)
  double max_sleep_seconds = 60;  // upper bound of one idle wait (a safety net, not a tick)
  FontOptions fonts;
  std::function<void(int shown)> after_frame;  // called after each shown frame is swapped
};

class App;

/// What a frame callback gets: the time, the size, and ways to ask for the next redraw.
class Frame {
 public:
  double now() const noexcept { return now_; }  // seconds, monotonic (glfwGetTime)
  float width() const noexcept { return w_; }
  float height() const noexcept { return h_; }
  int index() const noexcept { return index_; }  // shown frames so far
  /// This call draws the same frame again after a glyph rebuild: draw the same content (do
  /// not fetch new data), so a screenshot taken of it matches what was decided in the first try.
  bool retry() const noexcept { return retry_; }
  /// Draw again no later than `seconds` from now (animations, clocks). The earliest wins.
  void redraw_in(double seconds) noexcept;
  /// Full-screen background draw list of this frame.
  ImDrawList* draw_list() const noexcept;
  Fonts& fonts() const noexcept;

 private:
  friend class App;
  App* app_ = nullptr;
  double now_ = 0;
  float w_ = 0, h_ = 0;
  int index_ = 0;
  bool retry_ = false;
};

class App {
 public:
  explicit App(AppOptions options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Fonts& fonts() noexcept { return fonts_; }
  GLFWwindow* window() const noexcept { return window_; }

  using FrameFn = std::function<void(Frame&)>;
  /// Runs until the window is closed, quit() is called or exit_after_frames is reached.
  /// Returns 0, or 1 when a requested screenshot could not be written.
  int run(const FrameFn& frame);
  /// The colour the frame is cleared to (0..1). A GUI whose background is one colour sets it
  /// here instead of drawing a full-screen rectangle: a software renderer (llvmpipe) pays for
  /// every blended pixel.
  void set_clear_color(float r, float g, float b) noexcept {
    clear_[0] = r;
    clear_[1] = g;
    clear_[2] = b;
  }
  /// From the frame callback: stop after this frame.
  void quit() noexcept { quit_ = true; }
  /// From any thread: the loop wakes up and draws a frame. Safe once the App exists and until
  /// it is destroyed (stop threads that call it before destroying the App).
  static void wake() noexcept;
  /// From the frame callback: write this frame as PNG once it is complete (before swapping).
  void screenshot_after_frame(std::string path) { pending_shot_ = std::move(path); }
  /// The last shown frame's time to draw and render, in seconds (benchmarks).
  double last_frame_seconds() const noexcept { return last_frame_seconds_; }
  /// Of which: GL rendering until glFinish, and the buffer swap (under Xvfb a copy to the X server).
  double last_render_seconds() const noexcept { return last_render_seconds_; }
  double last_swap_seconds() const noexcept { return last_swap_seconds_; }
  /// Seconds from the start of App construction (font lookup, window) to the end of the first shown frame.
  double first_frame_seconds() const noexcept { return first_frame_seconds_; }

 private:
  friend class Frame;
  bool draw_once(const FrameFn& frame, double now);

  AppOptions opts_;
  GLFWwindow* window_ = nullptr;
  Fonts fonts_;
  bool quit_ = false;
  float clear_[3] = {0, 0, 0};
  double redraw_at_ = 0;  // earliest requested redraw (0 = none)
  int shown_ = 0;
  std::string pending_shot_;
  bool shot_failed_ = false;
  std::chrono::steady_clock::time_point started_;
  double last_frame_seconds_ = 0;
  double last_render_seconds_ = 0;
  double last_swap_seconds_ = 0;
  double first_frame_seconds_ = 0;
};

}  // namespace hallq::ui
