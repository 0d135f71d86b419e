// hallq_bench_queue: is the cost of a command flat in the length of the queue? (performance
// issue, aim 1). A generated hall of W windows, every A staff signed in, no window calls: C
// client threads flood POST /api/tickets (kiosk token, keep-alive, loopback) until N tickets
// wait. Answers are taken in the order they arrived and cut into blocks of B tickets; for each
// block the bench prints durable issues/s and the latency spread. The aim: issues/s in the last
// block at least 80 % of the first, and p99 within 2x of the first block's.
// Before and after the flood, window 1 takes G green-channel tickets (issue → call-next →
// finish, one client): each green call passes every older ordinary ticket of its service
// (R-Q-3), so its latency shows whether that costs anything in the queue's length. (Every
// max_overtakes+1-th call takes the oldest ordinary ticket instead, as R-Q-3 says.)
//
//   hallq_bench_queue [--windows 5] [--clients 64] [--tickets 20000] [--block 2000] [--green 200]
#include <algorithm>
#include <atomic>
#include <mutex>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "bench_common.hpp"
#include "bench_server.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace hallq::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int windows = 5;
  int clients = 64;
  int tickets = 20'000;
  int block = 2'000;
  int green = 200;
};

[[noreturn]] void usage(const char* argv0) {
  std::cerr << "usage: " << argv0 << " [--windows N] [--clients N] [--tickets N] [--block N] [--green N]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  parse_flags(argc, argv, usage, [&](const std::string& k, const std::string& v) {
    if (k == "--windows") o.windows = std::stoi(v);
    else if (k == "--clients")
      o.clients = std::stoi(v);
    else if (k == "--tickets")
      o.tickets = std::stoi(v);
    else if (k == "--block")
      o.block = std::stoi(v);
    else if (k == "--green")
      o.green = std::stoi(v);
    else
      return false;
    return true;
  });
  if (o.windows < 1 || o.windows > 676 || o.clients < 1 || o.tickets < 1 || o.block < 1 || o.block > o.tickets || o.green < 0)
    usage(argv[0]);
  return o;
}

struct Answer {
  double done_ms = 0;     // since the flood started
  double latency_ms = 0;  // request sent → 201 received
};

int run(const Options& opt) {
  test::TempDir dir;
  const auto cfg_path = write_hall_config(dir.path(), opt.windows);
  std::printf("hallq_bench_queue: %d windows (own service each, A signed in, nobody calls), %d client threads, %d tickets\n",
              opt.windows, opt.clients, opt.tickets);
  std::printf("  machine: %u cores shared by the server and the clients\n", std::thread::hardware_concurrency());

  test::ServerProcess server(cfg_path);
  server.start(test::manual_clock("2026-11-23T08:30:00"));  // a Monday
  test::HttpClient admin(server.port());
  const std::string admin_token = admin.login("admin", admin_pin);
  must(admin.post("/api/admin/clock", R"({"advance_seconds":1800})", admin_token), 200, "advance to 09:00");
  std::string first_window_token;
  for (int i = 0; i < opt.windows; ++i) {
    const std::string token = admin.login(a_staff(i), pin_of(i));
    must(admin.post(cat("/api/staff/", a_staff(i), "/sign-in"), cat(R"({"window":")", window_id(i), "\"}"), token), 200,
         cat("sign-in ", a_staff(i)));
    if (i == 0) first_window_token = token;
  }
  // Green-channel calls at window 1: call-next latency (R-Q-3 passes the older ordinary tickets).
  const auto green_calls = [&](const char* when) {
    if (opt.green == 0) return;
    test::HttpClient http(server.port());
    const std::string issue = cat(R"({"service":")", service_id(0), R"(","priority":"green"})");
    const std::string call = cat("/api/windows/", window_id(0), "/call-next");
    const std::string finish = cat("/api/windows/", window_id(0), "/finish");
    std::vector<double> lat, green_lat;
    for (int i = 0; i < opt.green; ++i) {
      must(http.post("/api/tickets", issue, kiosk_token), 201, "green ticket");
      const auto sent = Clock::now();
      const auto r = must(http.post(call, {}, first_window_token), 200, "call-next");
      // R-Q-3: after max_overtakes passes the oldest ordinary ticket goes first; apart.
      (r.body.find("\"priority\":\"green\"") != std::string::npos ? green_lat : lat).push_back(ms_since(sent));
      must(http.post(finish, {}, first_window_token), 200, "finish");
    }
    const auto g = summarize(green_lat), o = summarize(lat);
    std::printf("call-next at window 1 with a green-channel ticket waiting, %s:\n", when);
    std::printf("  took the green ticket (passing the older ordinary ones): n=%zu p50=%.2f ms p99=%.2f ms max=%.2f ms\n", g.n,
                g.p50, g.p99, g.max);
    std::printf("  took the oldest ordinary ticket (passed max_overtakes times): n=%zu p50=%.2f ms p99=%.2f ms max=%.2f ms\n",
                o.n, o.p50, o.p99, o.max);
  };
  green_calls("queue empty");

  std::vector<std::vector<Answer>> answers(static_cast<std::size_t>(opt.clients));
  std::atomic<int> next{0}, errors{0};
  std::string first_error;
  std::mutex error_mu;
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < opt.clients; ++c) {
    threads.emplace_back([&, c] {
      test::HttpClient http(server.port());
      auto& mine = answers[static_cast<std::size_t>(c)];
      for (int i = next.fetch_add(1); i < opt.tickets; i = next.fetch_add(1)) {
        const std::string body = cat(R"({"service":")", service_id(i % opt.windows), "\"}");
        const auto sent = Clock::now();
        const auto r = http.post("/api/tickets", body, kiosk_token);
        const auto got = Clock::now();
        if (r.status != 201) {
          if (errors.fetch_add(1) == 0) {
            std::lock_guard lock(error_mu);
            first_error = r.describe();
          }
          continue;
        }
        mine.push_back(Answer{std::chrono::duration<double, std::milli>(got - start).count(),
                              std::chrono::duration<double, std::milli>(got - sent).count()});
      }
    });
  }
  for (auto& t : threads) t.join();
  const double total_ms = ms_since(start);

  std::vector<Answer> all;
  for (auto& v : answers) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end(), [](const Answer& a, const Answer& b) { return a.done_ms < b.done_ms; });
  std::printf("issued %zu tickets in %.1f s (%.0f/s overall), errors %d%s%s\n", all.size(), total_ms / 1000,
              static_cast<double>(all.size()) * 1000 / total_ms, errors.load(), first_error.empty() ? "" : ": first ",
              first_error.c_str());

  // Waiting tickets as the server sees them at the end (the queues' `waiting`): the flood
  // really built the queue.
  const auto st = must(admin.get("/api/state", admin_token), 200, "GET /api/state");
  std::int64_t waiting = 0;
  if (const auto parsed = json::parse(st.body); parsed.is_object())
    if (const auto* queues = parsed.as_object().if_contains("queues"); queues && queues->is_array())
      for (const auto& q : queues->as_array())
        if (const auto* w = q.is_object() ? q.as_object().if_contains("waiting") : nullptr; w && w->is_int64())
          waiting += w->as_int64();
  std::printf("waiting at the end (GET /api/state): %lld\n", static_cast<long long>(waiting));
  const auto [rss, hwm] = memory_mib(server.pid());
  std::printf("server memory with them waiting: RSS %.1f MiB (VmHWM %.1f MiB)\n", rss, hwm);
  green_calls(cat("behind ", std::to_string(waiting), " waiting (", std::to_string(waiting / opt.windows),
                  " older ordinary tickets in its service)")
                  .c_str());

  std::printf("%-17s | %9s | %8s | %8s | %8s | %8s\n", "waiting before", "issues/s", "p50 ms", "p90 ms", "p99 ms", "max ms");
  const std::size_t block = static_cast<std::size_t>(opt.block);
  double first_rate = 0, first_p99 = 0, last_rate = 0, last_p99 = 0;
  for (std::size_t at = 0; at + block <= all.size(); at += block) {
    std::vector<double> lat;
    for (std::size_t i = at; i < at + block; ++i) lat.push_back(all[i].latency_ms);
    const auto s = summarize(lat);
    const double from = at == 0 ? 0.0 : all[at - 1].done_ms;
    const double rate = static_cast<double>(block) * 1000 / std::max(1e-3, all[at + block - 1].done_ms - from);
    std::printf("%7zu → %7zu | %9.0f | %8.2f | %8.2f | %8.2f | %8.2f\n", at, at + block, rate, s.p50, s.p90, s.p99, s.max);
    if (at == 0) {
      first_rate = rate;
      first_p99 = s.p99;
    }
    last_rate = rate;
    last_p99 = s.p99;
  }
  if (first_rate > 0) {
    std::printf("last block against the first: issues/s %.0f %% (aim >= 80 %%), p99 %.2fx (aim <= 2x)\n",
                100 * last_rate / first_rate, last_p99 / std::max(1e-6, first_p99));
  }
  return errors.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace hallq::bench

int main(int argc, char** argv) {
  try {
    return hallq::bench::run(hallq::bench::parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "hallq_bench_queue: " << e.what() << "\n";
    return 1;
  }
}
