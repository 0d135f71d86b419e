// hallq-console: parses the command line, opens the window and runs the console.
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include <GLFW/glfw3.h>

#include "console/app/console.hpp"

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "usage: hallq-console --server http://127.0.0.1:7080 [--staff ID] [--size WxH] [--position X,Y] [--fullscreen]\n"
      "                     [--font FILE] [--mute] [--sound-dir DIR] [--script FILE]\n"
      "  --server URL      the hallq server (default http://127.0.0.1:7080)\n"
      "  --staff ID        prefill the login form with this staff id\n"
      "  --size WxH        window size (default 1366x768)\n"
      "  --position X,Y    where the window's top-left corner goes on the screen\n"
      "  --fullscreen      fill the primary monitor\n"
      "  --font FILE       a CJK font file instead of the fontconfig lookup\n"
      "  --mute            no sound (alerts still flash)\n"
      "  --sound-dir DIR   also write every sound as a WAV file into DIR\n"
      "  --script FILE     run a scripted session of UI actions, then exit (tests, docs)\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hallq;
  console::ConsoleOptions opts;
  ui::AppOptions app_opts;
  app_opts.title = "hallq 窗口工作台";
  app_opts.width = 1366;
  app_opts.height = 768;
  std::string server = "http://127.0.0.1:7080";
  bool positioned = false;
  int pos_x = 0, pos_y = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "hallq-console: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--server") server = value();
    else if (a == "--staff")
      opts.staff = value();
    else if (a == "--script")
      opts.script = value();
    else if (a == "--sound-dir")
      opts.sound_dir = value();
    else if (a == "--mute")
      opts.mute = true;
    else if (a == "--fullscreen")
      app_opts.fullscreen = true;
    else if (a == "--font")
      app_opts.fonts.file = value();
    else if (a == "--size") {
      const std::string v = value();
      if (std::sscanf(v.c_str(), "%dx%d", &app_opts.width, &app_opts.height) != 2 || app_opts.width < 640 ||
          app_opts.height < 480) {
        std::fprintf(stderr, "hallq-console: --size wants WxH (at least 640x480), got %s\n", v.c_str());
        return 2;
      }
    } else if (a == "--position") {
      const std::string v = value();
      char end = 0;
      if (std::sscanf(v.c_str(), "%d,%d%c", &pos_x, &pos_y, &end) != 2) {
        std::fprintf(stderr, "hallq-console: --position wants X,Y, got %s\n", v.c_str());
        return 2;
      }
      positioned = true;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "hallq-console: unknown option %s\n", a.c_str());
      usage(stderr);
      return 2;
    }
  }
  std::string why;
  const auto url = client::ServerUrl::parse(server, &why);
  if (!url) {
    std::fprintf(stderr, "hallq-console: --server %s: %s\n", server.c_str(), why.c_str());
    return 2;
  }
  opts.server = *url;
  try {
    ui::App app(app_opts);
    if (positioned && !app_opts.fullscreen) glfwSetWindowPos(app.window(), pos_x, pos_y);
    console::Console c(app, opts);
    if (!opts.script.empty() && !c.load_script(opts.script, &why)) {
      std::fprintf(stderr, "hallq-console: script %s\n", why.c_str());
      return 2;
    }
    const int shot = app.run([&](ui::Frame& f) { c.frame(f); });
    // One line for logs and measurements: how long the window took to show, and the atlas size.
    std::fprintf(stderr, "hallq-console: first frame after %.0f ms, last frame %.1f ms, %d glyphs in the font atlas\n",
                 app.first_frame_seconds() * 1000, app.last_frame_seconds() * 1000, app.fonts().glyphs());
    return c.exit_code() ? c.exit_code() : shot;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq-console: %s\n", e.what());
    return 1;
  }
}
