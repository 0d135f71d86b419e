// hallq_bench_commands: durable command throughput and latency of the real server.
// A generated hall of W windows (one service, one A and one B each) on a manual clock at
// 09:00; C client threads, each with its own keep-alive connection and window, loop
// issue → call-next → finish for N seconds. Every 2xx counted here is durably in SQLite.
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "bench_common.hpp"
#include "bench_server.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

using namespace hallq;
using namespace hallq::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  double seconds = 10;
  double warmup = 1;
  int windows = 64;
  int clients = 64;
  int subscribers = 0;         // WebSocket clients reading every event (wall displays)
  std::string snapshot_every;  // passed to the server when set (else the server's default)
  double report_every = 0;     // seconds between report requests during the run (0: none)
  std::string report = "annual";
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0
            << " [--seconds N] [--warmup S] [--windows W] [--clients C] [--ws K]\n"
               "       [--snapshot-every N]   (server option; default the server's)\n"
               "       [--report-every S] [--report daily|monthly|quarterly|half-year|annual]\n"
               "                              (a supervisor's report request every S seconds while the commands run)\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  parse_flags(argc, argv, usage, [&](const std::string& k, const std::string& v) {
    if (k == "--seconds") o.seconds = std::stod(v);
    else if (k == "--warmup")
      o.warmup = std::stod(v);
    else if (k == "--windows")
      o.windows = std::stoi(v);
    else if (k == "--clients")
      o.clients = std::stoi(v);
    else if (k == "--ws")
      o.subscribers = std::stoi(v);
    else if (k == "--snapshot-every")
      o.snapshot_every = v;
    else if (k == "--report-every")
      o.report_every = std::stod(v);
    else if (k == "--report")
      o.report = v;
    else
      return false;
    return true;
  });
  if (o.windows < 1 || o.windows > 676 || o.clients < 1 || o.clients > o.windows || o.seconds <= 0 || o.report_every < 0)
    usage(argv[0]);
  return o;
}

double self_cpu() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

enum Op { op_issue, op_call, op_finish, op_count };
constexpr double stall_ms = 100;
constexpr const char* op_names[op_count] = {"issue (POST /api/tickets)", "call-next", "finish"};

struct Slow {
  Clock::time_point start, end;
};

struct ClientStats {
  std::vector<double> lat[op_count];  // ms, only ops entirely inside the measured interval
  std::vector<Slow> slow;             // ops over stall_ms
  std::int64_t errors = 0;
  std::string first_error;
};

void print_summary(const char* name, std::vector<double>& v) {
  const auto s = summarize(v);
  std::printf("  %-26s n=%-8zu p50=%6.2f ms  p90=%6.2f ms  p99=%6.2f ms  max=%7.2f ms\n", name, s.n, s.p50, s.p90, s.p99, s.max);
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse(argc, argv);
  try {
    test::TempDir dir;
    const auto cfg_path = write_hall_config(dir.path(), opt.windows);
    std::printf(
        "hallq_bench_commands: %d windows (own service, A and B each), %d client threads, %d WebSocket subscribers, "
        "snapshot every %s events\n",
        opt.windows, opt.clients, opt.subscribers, opt.snapshot_every.empty() ? "(server default)" : opt.snapshot_every.c_str());
    if (opt.report_every > 0)
      std::printf("  a supervisor asks for the %s report every %.2f s during the measured interval\n", opt.report.c_str(),
                  opt.report_every);
    std::printf("  machine: %u cores shared by the server and the load generator (client threads run here too)\n",
                std::thread::hardware_concurrency());

    test::ServerProcess server(cfg_path);
    auto t0 = Clock::now();
    auto args = test::manual_clock("2026-11-23T08:30:00");  // a Monday
    if (!opt.snapshot_every.empty()) {
      args.push_back("--snapshot-every");
      args.push_back(opt.snapshot_every);
    }
    server.start(args);
    std::printf("  server first start (hashes %d PINs with Argon2id): %.0f ms\n", 2 * opt.windows + 2, ms_since(t0));
    test::HttpClient admin(server.port());
    const std::string admin_token = admin.login("admin", admin_pin);
    must(admin.post("/api/admin/clock", R"({"advance_seconds":1800})", admin_token), 200, "advance to 09:00");

    // Logins verify an Argon2id hash each, one at a time on the server's verifier thread.
    std::vector<std::string> tokens(static_cast<std::size_t>(opt.clients));
    t0 = Clock::now();
    for (int i = 0; i < opt.clients; ++i) tokens[static_cast<std::size_t>(i)] = admin.login(a_staff(i), pin_of(i));
    std::printf("  %d staff logins: %.0f ms (%.1f ms each)\n", opt.clients, ms_since(t0), ms_since(t0) / opt.clients);
    for (int i = 0; i < opt.clients; ++i)
      must(admin.post(cat("/api/staff/", a_staff(i), "/sign-in"), cat(R"({"window":")", window_id(i), "\"}"),
                      tokens[static_cast<std::size_t>(i)]),
           200, cat("sign-in ", a_staff(i)));

    // Optional wall displays: each reads every committed event over /ws.
    std::atomic<bool> stop_ws{false};
    std::atomic<std::int64_t> ws_messages{0};
    std::vector<std::thread> ws_threads;
    std::vector<std::unique_ptr<test::WsClient>> ws_clients;
    for (int i = 0; i < opt.subscribers; ++i) {
      ws_clients.push_back(std::make_unique<test::WsClient>());
      ws_clients.back()->connect(server.port(), display_token);
      ws_threads.emplace_back([&, c = ws_clients.back().get()] {
        while (!stop_ws.load(std::memory_order_relaxed)) {
          if (c->next_text(std::chrono::milliseconds(200))) ws_messages.fetch_add(1, std::memory_order_relaxed);
          else if (c->closed())
            break;
        }
      });
    }

    std::vector<ClientStats> stats(static_cast<std::size_t>(opt.clients));
    std::atomic<bool> go{false};
    Clock::time_point t_start{}, t_end{};
    std::vector<std::thread> clients;
    std::barrier ready(opt.clients + 1);
    const unsigned short port = server.port();
    for (int i = 0; i < opt.clients; ++i) {
      clients.emplace_back([&, i] {
        auto& st = stats[static_cast<std::size_t>(i)];
        for (auto& v : st.lat) v.reserve(8 * 1024);
        test::HttpClient http(port);
        http.get("/healthz");  // open the keep-alive connection before the clock starts
        const std::string issue_body = cat(R"({"service":")", service_id(i), "\"}");
        const std::string call_target = cat("/api/windows/", window_id(i), "/call-next");
        const std::string finish_target = cat("/api/windows/", window_id(i), "/finish");
        const std::string& token = tokens[static_cast<std::size_t>(i)];
        ready.arrive_and_wait();
        while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
        const auto fail = [&](const test::HttpResponse& r, const char* what) {
          ++st.errors;
          if (st.first_error.empty()) st.first_error = std::string(what) + ": " + r.describe();
        };
        while (Clock::now() < t_end) {
          for (int op = 0; op < op_count; ++op) {
            const auto a = Clock::now();
            test::HttpResponse r;
            bool ok = false;
            if (op == op_issue) {
              r = http.post("/api/tickets", issue_body, kiosk_token);
              ok = r.status == 201;
            } else if (op == op_call) {
              r = http.post(call_target, {}, token);
              ok = r.status == 200 && r.body.find("\"ticket\":null") == std::string::npos;
            } else {
              r = http.post(finish_target, {}, token);
              ok = r.status == 200;
            }
            const auto b = Clock::now();
            if (!ok) {
              fail(r, op_names[op]);
              break;  // start the cycle again (a lost step leaves nothing to finish)
            }
            if (a >= t_start && b <= t_end) {
              const double ms = std::chrono::duration<double, std::milli>(b - a).count();
              st.lat[op].push_back(ms);
              if (ms > stall_ms) st.slow.push_back(Slow{a, b});
            }
          }
        }
      });
    }
    ready.arrive_and_wait();
    test::HttpClient probe(port);
    t_start = Clock::now() + std::chrono::milliseconds(static_cast<int>(opt.warmup * 1000));
    t_end = t_start + std::chrono::milliseconds(static_cast<int>(opt.seconds * 1000));
    go.store(true, std::memory_order_release);
    // The report reader: what a manager's browser does while the hall is busy (issue 16 aim 4).
    ReportRequester reports(port, admin_token, opt.report, opt.report_every, t_start, t_end);
    std::this_thread::sleep_until(t_start);
    const auto m0 = metrics(probe);
    const auto cpu0 = thread_cpu(server.pid());
    const double self0 = self_cpu();
    const auto wall0 = Clock::now();
    const std::int64_t ws0 = ws_messages.load();
    std::this_thread::sleep_until(t_end);
    const auto m1 = metrics(probe);
    const auto cpu1 = thread_cpu(server.pid());
    const double self1 = self_cpu();
    const double wall = std::chrono::duration<double>(Clock::now() - wall0).count();
    const std::int64_t ws1 = ws_messages.load();
    for (auto& t : clients) t.join();
    reports.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the subscribers drain
    stop_ws = true;
    for (auto& t : ws_threads) t.join();

    // [SECTION] report
    std::vector<double> per_op[op_count], all;
    std::int64_t errors = 0;
    std::string first_error;
    for (auto& st : stats) {
      for (int op = 0; op < op_count; ++op) {
        per_op[op].insert(per_op[op].end(), st.lat[op].begin(), st.lat[op].end());
        all.insert(all.end(), st.lat[op].begin(), st.lat[op].end());
      }
      errors += st.errors;
      if (first_error.empty()) first_error = st.first_error;
    }
    const double commands = static_cast<double>(all.size());
    std::printf("measured %.1f s after %.1f s warm-up\n", opt.seconds, opt.warmup);
    std::printf("durable commands/s: %.0f  (%.0f commands, %.0f issue+call+finish cycles/s)\n", commands / opt.seconds, commands,
                static_cast<double>(per_op[op_finish].size()) / opt.seconds);
    std::printf("latency per command (client send → 2xx received, includes the fsync'd group commit):\n");
    for (int op = 0; op < op_count; ++op) print_summary(op_names[op], per_op[op]);
    print_summary("all commands", all);
    std::printf("errors: %lld%s%s\n", static_cast<long long>(errors),
                first_error.empty() ? "" : "  first: ", first_error.c_str());
    // Slow commands grouped into episodes of overlapping intervals: one stall of the whole
    // pipeline shows as many clients waiting over the same span.
    {
      std::vector<Slow> slow;
      for (const auto& st : stats) slow.insert(slow.end(), st.slow.begin(), st.slow.end());
      std::sort(slow.begin(), slow.end(), [](const Slow& x, const Slow& y) { return x.start < y.start; });
      struct Episode {
        Clock::time_point start, end;
        int commands = 0;
      };
      std::vector<Episode> eps;
      for (const auto& s : slow) {
        if (!eps.empty() && s.start <= eps.back().end) {
          eps.back().end = std::max(eps.back().end, s.end);
          ++eps.back().commands;
        } else {
          eps.push_back(Episode{s.start, s.end, 1});
        }
      }
      std::printf("commands over %.0f ms: %zu (%.3f%%) in %zu episodes", stall_ms, slow.size(),
                  commands > 0 ? 100.0 * static_cast<double>(slow.size()) / commands : 0.0, eps.size());
      std::sort(eps.begin(), eps.end(), [](const Episode& x, const Episode& y) { return x.commands > y.commands; });
      for (std::size_t i = 0; i < eps.size() && i < 4; ++i)
        std::printf("%s at +%.2f s: %d commands, %.0f ms", i == 0 ? "; largest:" : ",",
                    std::chrono::duration<double>(eps[i].start - t_start).count(), eps[i].commands,
                    std::chrono::duration<double, std::milli>(eps[i].end - eps[i].start).count());
      std::printf("\n");
      if (std::getenv("HALLQ_BENCH_STALL_TIMES"))  // CLOCK_MONOTONIC seconds, to match perf -k mono
        for (const auto& e : eps)
          std::printf("  stall %.6f .. %.6f (%d commands)\n", std::chrono::duration<double>(e.start.time_since_epoch()).count(),
                      std::chrono::duration<double>(e.end.time_since_epoch()).count(), e.commands);
    }
    const double commits = m1.at("hallq_commits_total") - m0.at("hallq_commits_total");
    const double committed = m1.at("hallq_events_committed_total") - m0.at("hallq_events_committed_total");
    std::printf("server /metrics over the interval: hallq_commits_total +%.0f, hallq_events_committed_total +%.0f\n", commits,
                committed);
    std::printf("group commit: %.1f events per commit, %.0f commits/s\n", commits > 0 ? committed / commits : 0.0,
                commits / wall);
    // Counted by the server's SQLite VFS at xSync: the fsyncs really made, checkpoints included.
    const double syncs = m1.at("hallq_store_syncs_total") - m0.at("hallq_store_syncs_total");
    std::printf("fsyncs: +%.0f, %.0f/s, %.2f per commit, %.3f per durable command (%.1f commands per fsync)\n", syncs,
                syncs / wall, commits > 0 ? syncs / commits : 0.0, commands > 0 ? syncs / commands : 0.0,
                syncs > 0 ? commands / syncs : 0.0);
    if (opt.report_every > 0) {
      std::printf("report requests (%s): %zu, status", opt.report.c_str(), reports.ms.size());
      for (const auto& [code, n] : reports.status) std::printf(" %u×%d", code, n);
      print_summary(" latency", reports.ms);
    }
    // CPU: which thread of the server is busy, and how much the load generator takes.
    std::vector<std::pair<double, int>> busy;
    for (const auto& [tid, c] : cpu1) busy.emplace_back(c - (cpu0.count(tid) ? cpu0.at(tid) : 0.0), tid);
    std::sort(busy.rbegin(), busy.rend());
    double server_total = 0;
    for (const auto& [c, tid] : busy) server_total += c;
    std::printf("cpu over the interval (%% of one core): server %.0f%% [", 100 * server_total / wall);
    const auto names = thread_names(server.pid());
    int shown = 0;
    for (const auto& [c, tid] : busy) {
      if (shown++ == 4 || c <= 0) break;
      // The main thread runs the io_context; the others are named (hallq-commit, hallq-snapshot, …).
      const std::string name = tid == server.pid() ? "io thread"
                               : names.count(tid)  ? names.at(tid)
                                                   : cat("thread ", std::to_string(tid));
      std::printf("%s%s %.0f%%", shown > 1 ? ", " : "", name.c_str(), 100 * c / wall);
    }
    std::printf("], load generator %.0f%%, of %u%% available\n", 100 * (self1 - self0) / wall,
                100 * std::thread::hardware_concurrency());
    if (opt.subscribers > 0)
      std::printf(
          "websocket: %d subscribers received %.0f event messages/s in total (%.0f each if all kept up); server: "
          "%.0f subscribers at the end, %.0f dropped as too slow\n",
          opt.subscribers, static_cast<double>(ws1 - ws0) / wall, committed / wall, m1.at("hallq_ws_subscribers"),
          m1.at("hallq_ws_dropped_total"));
    const auto health = must(probe.get("/healthz"), 200, "GET /healthz");
    std::printf("final durable seq: %s\n", health.body.c_str());
    std::fflush(stdout);
    for (auto& c : ws_clients) c->close();
    const int code = server.stop();
    if (code != 0) std::printf("warning: server exit code %d\n", code);
    return errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hallq_bench_commands: %s\n", e.what());
    return 1;
  }
}
