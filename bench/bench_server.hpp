// Shared by the benchmarks that drive a real hallq-server over HTTP (header-only): checked
// requests, /metrics counters, the generated hall written to a config file, a report requester.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench_common.hpp"
#include "support/http_client.hpp"

namespace hallq::bench {

/// `r` when it has `status`; otherwise throws, naming `what` and the answer.
inline test::HttpResponse must(test::HttpResponse r, unsigned status, const std::string& what) {
  if (r.status != status) throw std::runtime_error(what + ": expected " + std::to_string(status) + ", got " + r.describe());
  return r;
}

/// Counter values from the Prometheus text of /metrics.
inline std::map<std::string, double> metrics(test::HttpClient& http) {
  const auto r = must(http.get("/metrics"), 200, "GET /metrics");
  std::map<std::string, double> out;
  std::istringstream in(r.body);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto sp = line.find(' ');
    if (sp != std::string::npos) out[line.substr(0, sp)] = std::stod(line.substr(sp + 1));
  }
  return out;
}

/// Writes the generated hall of `windows` windows (one service each) to DIR/hall.json; its path.
inline std::string write_hall_config(const std::filesystem::path& dir, int windows) {
  HallSpec spec;
  spec.windows = windows;
  spec.services = windows;
  const auto path = (dir / "hall.json").string();
  std::ofstream(path) << json::serialize(make_hall_config(spec));
  return path;
}

/// A supervisor asking for a report every `every` seconds from `from` to `to`, on a thread of its
/// own (issue 16 aim 4: reports are computed off the server's io thread). join() before
/// reading the results.
class ReportRequester {
 public:
  using Clock = std::chrono::steady_clock;
  ReportRequester(unsigned short port, std::string token, const std::string& kind, double every, Clock::time_point from,
                  Clock::time_point to) {
    if (every <= 0) return;
    thread_ = std::thread([this, port, token = std::move(token), kind, every, from, to] {
      test::HttpClient http(port);
      const std::string target = "/api/reports/" + kind +
                                 (kind == "daily"     ? "?date=2026-11-23"
                                  : kind == "monthly" ? "?month=2026-11"
                                  : kind == "annual"  ? "?year=2026"
                                                      : "?year=2026&q=4");
      const auto period = std::chrono::milliseconds(static_cast<int>(every * 1000));
      for (auto next = from; next < to; next += period) {
        std::this_thread::sleep_until(next);
        const auto a = Clock::now();
        const auto r = http.get(target, token);
        const auto b = Clock::now();
        ms.push_back(std::chrono::duration<double, std::milli>(b - a).count());
        spans.emplace_back(a, b);
        ++status[r.status];
      }
    });
  }
  ~ReportRequester() { join(); }
  ReportRequester(const ReportRequester&) = delete;
  ReportRequester& operator=(const ReportRequester&) = delete;
  void join() {
    if (thread_.joinable()) thread_.join();
  }

  std::vector<double> ms;                                              // request sent → answer received
  std::vector<std::pair<Clock::time_point, Clock::time_point>> spans;  // when each was being made
  std::map<unsigned, int> status;                                      // answers by HTTP status

 private:
  std::thread thread_;
};

}  // namespace hallq::bench
