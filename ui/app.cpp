#include "ui/app.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stdexcept>

#include "ui/png.hpp"

namespace hallq::ui {

namespace {

std::atomic<bool> g_alive{false};  // an App exists: glfwPostEmptyEvent is allowed

void glfw_error(int code, const char* what) { std::fprintf(stderr, "glfw error %d: %s\n", code, what); }

}  // namespace

void Frame::redraw_in(double seconds) noexcept {
  const double t = now_ + std::max(0.0, seconds);
  if (app_->redraw_at_ == 0 || t < app_->redraw_at_) app_->redraw_at_ = t;
}

ImDrawList* Frame::draw_list() const noexcept { return ImGui::GetBackgroundDrawList(); }
Fonts& Frame::fonts() const noexcept { return app_->fonts_; }

App::App(AppOptions options) : opts_(std::move(options)), fonts_(opts_.fonts), started_(std::chrono::steady_clock::now()) {
  fonts_.load();  // a missing font is reported before any window appears
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit())
    throw std::runtime_error("cannot open a window: GLFW failed to initialise (is DISPLAY set? under tests use xvfb-run)");
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_DECORATED, opts_.decorated && !opts_.fullscreen ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
  GLFWmonitor* monitor = opts_.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
  int w = opts_.width, h = opts_.height;
  if (monitor && (w <= 0 || h <= 0)) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    w = mode->width;
    h = mode->height;
  }
  window_ = glfwCreateWindow(w, h, opts_.title.c_str(), monitor, nullptr);
  if (!window_) {
    glfwTerminate();
    throw std::runtime_error("cannot create a " + std::to_string(w) + "x" + std::to_string(h) +
                             " OpenGL 3.3 window (is libgl1-mesa-dri installed?)");
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(opts_.vsync ? 1 : 0);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a wall has no layout to remember
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  g_alive = true;
}

App::~App() {
  g_alive = false;
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

void App::wake() noexcept {
  if (g_alive) glfwPostEmptyEvent();
}

bool App::draw_once(const FrameFn& frame, double now) {
  // A frame that meets characters missing from the atlas is discarded and drawn again after a
  // rebuild. A retry draws the same content (Frame::retry), so one rebuild normally suffices.
  constexpr int rounds = 4;
  for (int round = 0; round < rounds; ++round) {
    if (fonts_.dirty()) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      fonts_.rebuild();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    Frame f;
    f.app_ = this;
    f.now_ = now;
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(window_, &fw, &fh);
    f.w_ = static_cast<float>(fw);
    f.h_ = static_cast<float>(fh);
    f.index_ = shown_;
    f.retry_ = round > 0;
    const double saved_redraw = redraw_at_;
    frame(f);
    if (fonts_.dirty() && round < rounds - 1) {
      ImGui::EndFrame();
      redraw_at_ = saved_redraw;
      continue;  // a screenshot asked for stays pending for the frame that is shown
    }
    ImGui::Render();
    const double r0 = glfwGetTime();
    glViewport(0, 0, fw, fh);
    glClearColor(clear_[0], clear_[1], clear_[2], 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glFinish();
    last_render_seconds_ = glfwGetTime() - r0;
    ++shown_;
    const bool last = opts_.exit_after_frames > 0 && shown_ >= opts_.exit_after_frames;
    if (last && !opts_.screenshot.empty() && pending_shot_.empty()) pending_shot_ = opts_.screenshot;
    if (!pending_shot_.empty()) {
      std::string err;
      if (!save_framebuffer_png(pending_shot_, fw, fh, &err)) {
        std::fprintf(stderr, "screenshot failed: %s\n", err.c_str());
        shot_failed_ = true;
      }
      pending_shot_.clear();
    }
    const double s0 = glfwGetTime();
    glfwSwapBuffers(window_);
    glFinish();  // the frame time includes the GPU work (llvmpipe renders here)
    last_swap_seconds_ = glfwGetTime() - s0;
    if (last) quit_ = true;
    return true;
  }
  return false;
}

int App::run(const FrameFn& frame) {
  bool draw = true;  // the first frame
  while (!quit_ && !glfwWindowShouldClose(window_)) {
    if (draw) {
      const double t0 = glfwGetTime();
      redraw_at_ = 0;
      draw_once(frame, t0);
      last_frame_seconds_ = glfwGetTime() - t0;
      if (shown_ == 1) first_frame_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      if (opts_.after_frame) opts_.after_frame(shown_);
      if (quit_) break;
    }
    // Sleep until input, a wake() or the earliest redraw asked for: no frame while idle.
    const double now = glfwGetTime();
    double timeout = opts_.max_sleep_seconds;
    if (redraw_at_ > 0) timeout = std::min(timeout, redraw_at_ - now);
    if (timeout > 0) glfwWaitEventsTimeout(timeout);
    else
      glfwPollEvents();
    // Every wake draws: input, a link event or a due animation. Spurious wakes are rare.
    draw = true;
  }
  return shot_failed_ ? 1 : 0;
}

}  // namespace hallq::ui
