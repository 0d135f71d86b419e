// Shared by the benchmarks that drive a real hallq-server over HTTP (header-only): checked
// requests, /metrics counters, and the generated hall written to a config file.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

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

}  // namespace hallq::bench
