// hallq_bench_display: the wall display on a generated 300-window hall, against the real server
// (manual clock) and the real hallq-display binary on a private Xvfb (Mesa llvmpipe). Prints:
//   - frame time (draw + render + swap, glFinish) at 1080p, paged grid and dense grid, and at 4K;
//   - start-up time to the first frame and to the first frame showing the hall;
//   - CPU while idle (nothing changes; pages still turn every 10 s), from /proc/PID/stat;
//   - memory: RSS after start, after a burst of calls, after idling, and the peak (VmHWM).
// Usage: hallq_bench_display [--windows 300] [--idle-seconds 30] [--frames 200] [--calls 300]
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.hpp"
#include "gui_process.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

#ifndef HALLQ_DISPLAY_BIN
#error "HALLQ_DISPLAY_BIN must name the hallq-display binary"
#endif

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace hallq;
using namespace std::chrono_literals;

namespace {

struct ProcStat {
  double cpu_seconds = 0;
  long rss_kb = 0, hwm_kb = 0;
};

ProcStat proc_stat(pid_t pid) {
  ProcStat s;
  std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(st)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  std::istringstream in(all.substr(all.rfind(')') + 2));
  std::vector<std::string> f;
  for (std::string x; in >> x;) f.push_back(x);
  if (f.size() > 13) {
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / tick;  // utime, stime (fields 14, 15)
  }
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kb = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) s.hwm_kb = std::stol(line.substr(6));
  }
  return s;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Hall {
  test::TempDir tmp;
  fs::path config;
  std::unique_ptr<test::Child> server;
  unsigned short port = 0;
  std::unique_ptr<test::HttpClient> http;
  std::string admin;
  std::vector<std::string> tokens;  // A staff of each window, "" when not signed in
  int windows = 0;
};

void expect_ok(const test::HttpResponse& r, const std::string& what) {
  if (r.status != 200 && r.status != 201) throw std::runtime_error(what + " answered " + std::to_string(r.status) + " " + r.body);
}

// A busy morning: most windows staffed, some off post with a B covering, some left empty,
// people waiting for every service and a call at every staffed window.
void fill(Hall& h, const bench::HallSpec& spec) {
  auto& http = *h.http;
  h.admin = http.login("admin", bench::admin_pin);
  expect_ok(http.post_json("/api/admin/clock", json::object{{"advance_seconds", 30 * 60}}, h.admin), "clock");
  h.tokens.assign(static_cast<std::size_t>(spec.windows), "");
  for (int i = 0; i < spec.windows; ++i) {
    // Windows x9 have nobody (暂无人员, then 空岗); the A of x5 covers x4 (below).
    if (i % 10 == 9 || i % 10 == 5) continue;
    const std::string s = bench::a_staff(i);
    auto& tok = h.tokens[static_cast<std::size_t>(i)];
    tok = http.login(s, bench::pin_of(i));
    expect_ok(http.post_json("/api/staff/" + s + "/sign-in", json::object{{"window", bench::window_id(i)}}, tok), "sign-in");
  }
  for (int k = 0; k < spec.windows * 2; ++k)
    expect_ok(http.post_json("/api/tickets", json::object{{"service", bench::service_id(k % spec.services)}}, bench::kiosk_token),
              "ticket");
  for (int i = 0; i < spec.windows; ++i) {
    const auto& tok = h.tokens[static_cast<std::size_t>(i)];
    if (tok.empty()) continue;
    if (i % 10 == 4) {  // off post, a B takes over
      const int j = (i + 1) % spec.windows;
      const std::string s = bench::a_staff(i), b = bench::a_staff(j);
      expect_ok(http.post_json("/api/staff/" + s + "/off-post",
                               json::object{{"reason", "取档案"}, {"destination", "档案室"}, {"expected_minutes", 20}}, tok),
                "off-post");
      const std::string bt = http.login(b, bench::pin_of(j));
      expect_ok(http.post_json("/api/staff/" + b + "/take-over", json::object{{"window", bench::window_id(i)}}, bt), "take-over");
      continue;
    }
    expect_ok(http.post_json("/api/windows/" + bench::window_id(i) + "/call-next", json::object{}, tok), "call-next");
  }
}

struct Run {
  std::string out;
  int exit = -1;
};

Run run_display(const std::string& display, const std::vector<std::string>& args, const fs::path& log) {
  std::error_code ec;
  fs::remove(log, ec);
  test::Child c(HALLQ_DISPLAY_BIN, args, {"DISPLAY=" + display}, log);
  const auto rc = c.wait(180s);
  return Run{slurp(log), rc.value_or(-1)};
}

std::string line_with(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(key) != std::string::npos) return line;
  return "(no \"" + key + "\" line)";
}

}  // namespace

int main(int argc, char** argv) {
  bench::HallSpec spec;
  spec.windows = 300;
  spec.services = 30;
  spec.departments = 10;
  spec.second_service = true;
  int idle_seconds = 30, frames = 200, calls = 300, serve_seconds = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (a == "--windows") spec.windows = v;
    else if (a == "--idle-seconds")
      idle_seconds = v;
    else if (a == "--frames")
      frames = v;
    else if (a == "--calls")
      calls = v;
    else if (a == "--serve")
      serve_seconds = v;  // profiling: keep the filled hall up, print its URL
    else {
      std::fprintf(stderr, "usage: hallq_bench_display [--windows 300] [--idle-seconds 30] [--frames 200] [--calls 300]\n");
      return 2;
    }
  }
  try {
    Hall h;
    auto cfg = bench::make_hall_config(spec);
    // One person per window: the B of window i is the A of window i+1 (mutual cover), which
    // halves the PINs the server hashes at start.
    {
      auto& windows = cfg["windows"].as_array();
      for (std::size_t i = 0; i < windows.size(); ++i)
        windows[i].as_object()["b"] = json::array{json::value(bench::a_staff(static_cast<int>((i + 1) % windows.size())))};
      json::array staff;
      for (auto& st : cfg["staff"].as_array())
        if (std::string(st.as_object().at("id").as_string()).rfind("b", 0) != 0) staff.push_back(st);
      cfg["staff"] = std::move(staff);
    }
    cfg["hall"].as_object()["notice"] = "请取号后留意叫号，按屏幕提示到对应窗口办理；办事请携带身份证原件。";
    h.config = h.tmp.path() / "hall300.json";
    std::ofstream(h.config) << json::serialize(cfg);
    // The server hashes every PIN at first start (Argon2id, R-… auth): with hundreds of staff
    // that takes longer than ServerProcess waits, so it is started here and given time.
    const fs::path slog = h.tmp.path() / "server.log";
    h.server = std::make_unique<test::Child>(
        test::server_binary(),
        std::vector<std::string>{"--config", h.config.string(), "--db", (h.tmp.path() / "hall.db").string(), "--listen",
                                 "127.0.0.1:0", "--clock", "manual", "--start", "2026-11-23T08:30:00"},
        std::vector<std::string>{}, slog);
    const auto t_start = std::chrono::steady_clock::now();
    static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    while (h.port == 0) {
      std::smatch m;
      const std::string text = slurp(slog);
      if (std::regex_search(text, m, listening)) h.port = static_cast<unsigned short>(std::stoi(m[1]));
      else if (!h.server->running() || bench::ms_since(t_start) > 300000)
        throw std::runtime_error("server did not start:\n" + text);
      else
        std::this_thread::sleep_for(100ms);
    }
    std::printf("server: ready in %.1f s (first start hashes every PIN)\n", bench::ms_since(t_start) / 1000);
    h.http = std::make_unique<test::HttpClient>(h.port);
    const auto t_fill = std::chrono::steady_clock::now();
    fill(h, spec);
    std::printf("hall: %d windows, %d services; filled through the API in %.1f s (seq %s)\n", spec.windows, spec.services,
                bench::ms_since(t_fill) / 1000, h.http->get("/healthz").body.c_str());
    if (serve_seconds > 0) {
      std::printf("serving http://127.0.0.1:%u token %s for %d s\n", h.port, bench::display_token, serve_seconds);
      std::fflush(stdout);
      std::this_thread::sleep_for(std::chrono::seconds(serve_seconds));
      return 0;
    }
    test::Xvfb x("3840x2160x24");
    const std::string url = "http://127.0.0.1:" + std::to_string(h.port);
    const std::vector<std::string> base{"--server", url, "--token", bench::display_token, "--no-voice"};
    auto with = [&](std::vector<std::string> extra) {
      auto a = base;
      a.insert(a.end(), extra.begin(), extra.end());
      return a;
    };
    const fs::path log = h.tmp.path() / "display.log";

    std::printf("\n== frame time (draw + render + swap, after glFinish), %d frames, llvmpipe\n", frames);
    const std::string n = std::to_string(frames);
    for (const auto& [name, extra] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"1920x1080 paged grid (auto)", {"--bench-frames", n}},
             {"1920x1080 dense grid, all 300", {"--bench-frames", n, "--grid", "dense"}},
             {"1080x1920 portrait, paged", {"--bench-frames", n, "--size", "1080x1920", "--portrait"}},
             {"3840x2160 paged grid (auto)", {"--bench-frames", n, "--size", "3840x2160"}}}) {
      const Run r = run_display(x.display(), with(extra), log);
      std::printf("%-32s %s\n", name.c_str(), line_with(r.out, "frames=").c_str());
    }

    std::printf("\n== start-up (process start to the end of the frame), 3 runs at 1920x1080\n");
    for (int i = 0; i < 3; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      const Run r = run_display(x.display(), with({"--exit-after-frames", "1"}), log);
      std::printf("run %d: %s; process ran %.0f ms\n", i + 1, line_with(r.out, "first frame").c_str(), bench::ms_since(t0));
    }

    std::printf("\n== idle CPU and memory at 1920x1080 (%d s idle; pages turn every 10 s)\n", idle_seconds);
    std::error_code ec;
    fs::remove(log, ec);
    test::Child d(HALLQ_DISPLAY_BIN, base, {"DISPLAY=" + x.display()}, log);
    std::this_thread::sleep_for(4s);  // connected, first frames drawn, glyphs built
    const ProcStat s0 = proc_stat(d.pid());
    std::this_thread::sleep_for(std::chrono::seconds(idle_seconds));
    const ProcStat s1 = proc_stat(d.pid());
    std::printf("idle: %.2f%% of one core (%.3f s CPU in %d s); RSS %ld -> %ld KiB\n",
                100.0 * (s1.cpu_seconds - s0.cpu_seconds) / idle_seconds, s1.cpu_seconds - s0.cpu_seconds, idle_seconds,
                s0.rss_kb, s1.rss_kb);
    // A burst of calls (each redraws and dumps nothing): memory must not grow with events.
    int made = 0;
    const auto t_calls = std::chrono::steady_clock::now();
    for (int round = 0; made < calls && round < 50; ++round)
      for (int i = 0; i < spec.windows && made < calls; ++i) {
        const auto& tok = h.tokens[static_cast<std::size_t>(i)];
        if (tok.empty() || i % 10 == 4) continue;
        const std::string w = "/api/windows/" + bench::window_id(i);
        if (h.http->post_json(w + "/recall", json::object{}, tok).status == 200) ++made;
      }
    std::this_thread::sleep_for(3s);
    const ProcStat s2 = proc_stat(d.pid());
    std::printf("after %d recalls in %.1f s: RSS %ld KiB; CPU for them %.2f s\n", made, bench::ms_since(t_calls) / 1000,
                s2.rss_kb, s2.cpu_seconds - s1.cpu_seconds);
    std::this_thread::sleep_for(std::chrono::seconds(idle_seconds / 2));
    const ProcStat s3 = proc_stat(d.pid());
    std::printf("idle again %d s: %.2f%% of one core; RSS %ld KiB; peak RSS (VmHWM) %ld KiB\n", idle_seconds / 2,
                100.0 * (s3.cpu_seconds - s2.cpu_seconds) / (idle_seconds / 2), s3.rss_kb, s3.hwm_kb);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq_bench_display: %s\n", e.what());
    return 1;
  }
}
