// Shared by the benchmarks (header-only, so each benchmark stays one translation unit):
// a generated hall config, latency summaries, and number formatting.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hallq::bench {

namespace json = boost::json;

/// A generated hall: windows W001…, each with its own A staff (a001…) and B substitute (b001…).
struct HallSpec {
  int windows = 64;
  int services = 64;            // service i is "sv###" with prefix AA, AB, … (two capital letters)
  bool second_service = false;  // every fourth window also serves the next service (comprehensive)
  int departments = 4;
  std::string id = "bench";
};

/// Concatenation by appending (GCC 12 at -O3 warns, -Werror=restrict, on `"lit" + std::string&&`).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(parts), ...);
  return out;
}

/// Walks the command line as "--flag value" pairs and hands each to `set(flag, value)`, which
/// returns false for a flag it does not know. Flags in `switches` take no value (value "").
/// An unknown flag, a missing value or a number that does not parse ends in `usage`.
template <class Usage, class Set>
void parse_flags(int argc, char** argv, Usage usage, Set set, std::initializer_list<std::string_view> switches = {}) {
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    const bool is_switch = std::find(switches.begin(), switches.end(), k) != switches.end();
    if (!is_switch && i + 1 >= argc) usage(argv[0]);
    const std::string v = is_switch ? std::string() : argv[++i];
    try {
      if (!set(k, v)) usage(argv[0]);
    } catch (const std::logic_error&) {
      usage(argv[0]);
    }
  }
}

inline std::string pad3(int n) {
  std::string s = std::to_string(n);
  while (s.size() < 3) s.insert(s.begin(), '0');
  return s;
}
inline std::string window_id(int i) { return cat("W", pad3(i + 1)); }
inline std::string service_id(int i) { return cat("sv", pad3(i + 1)); }
inline std::string a_staff(int i) { return cat("a", pad3(i + 1)); }
inline std::string b_staff(int i) { return cat("b", pad3(i + 1)); }
inline std::string department_id(int i) { return cat("d", std::to_string(i + 1)); }
inline std::string prefix_of(int i) { return std::string{static_cast<char>('A' + i / 26), static_cast<char>('A' + i % 26)}; }
inline std::string pin_of(int i) { return std::to_string(1000 + i % 9000); }

inline constexpr const char* kiosk_token = "bench-kiosk-token";
inline constexpr const char* display_token = "bench-display-token";
inline constexpr const char* admin_pin = "9999";

/// Window i serves service i % services (and the next one when second_service and i % 4 == 3).
inline std::vector<int> services_of(const HallSpec& s, int i) {
  std::vector<int> out{i % s.services};
  if (s.second_service && i % 4 == 3 && s.services > 1) out.push_back((i + 1) % s.services);
  return out;
}

inline json::object make_hall_config(const HallSpec& s) {
  json::array deps, services, windows, staff;
  for (int d = 0; d < s.departments; ++d) {
    // The chief representative is the A staff of the department's first window (R-STF-3).
    deps.push_back(json::object{{"id", department_id(d)}, {"name", cat("部门", std::to_string(d + 1))}, {"chief", a_staff(d)}});
  }
  for (int i = 0; i < s.services; ++i)
    services.push_back(json::object{{"id", service_id(i)},
                                    {"name", cat("事项", std::to_string(i + 1))},
                                    {"prefix", prefix_of(i)},
                                    {"department", department_id(i % s.departments)},
                                    {"promise_minutes", 30},
                                    {"service_minutes", 6}});
  for (int i = 0; i < s.windows; ++i) {
    json::array sv;
    for (int k : services_of(s, i)) sv.emplace_back(service_id(k));
    windows.push_back(json::object{{"id", window_id(i)},
                                   {"number", i + 1},
                                   {"name", cat(std::to_string(i + 1), "号窗口")},
                                   {"department", department_id(i % s.departments)},
                                   {"services", std::move(sv)},
                                   {"a", json::array{json::value(a_staff(i))}},
                                   {"b", json::array{json::value(b_staff(i))}}});
    const std::string dep = department_id(i % s.departments);
    staff.push_back(json::object{{"id", a_staff(i)},
                                 {"name", cat("A", std::to_string(i + 1))},
                                 {"department", dep},
                                 {"role", "staff"},
                                 {"pin", pin_of(i)}});
    staff.push_back(json::object{{"id", b_staff(i)},
                                 {"name", cat("B", std::to_string(i + 1))},
                                 {"department", dep},
                                 {"role", "staff"},
                                 {"pin", pin_of(i + 500)}});
  }
  staff.push_back(json::object{
      {"id", "sup1"}, {"name", "值班长"}, {"department", department_id(0)}, {"role", "supervisor"}, {"pin", "7777"}});
  staff.push_back(
      json::object{{"id", "admin"}, {"name", "管理员"}, {"department", department_id(0)}, {"role", "admin"}, {"pin", admin_pin}});
  return json::object{
      {"hall", json::object{{"id", s.id},
                            {"name", "基准测试大厅"},
                            {"utc_offset", "+08:00"},
                            {"sessions", json::array{json::array{"09:00", "12:00"}, json::array{"14:00", "17:00"}}},
                            {"workdays", json::array{1, 2, 3, 4, 5}}}},
      {"policy", json::object{{"profile", "district-hall"}}},
      {"departments", std::move(deps)},
      {"services", std::move(services)},
      {"windows", std::move(windows)},
      {"staff", std::move(staff)},
      {"devices", json::array{json::object{{"id", "kiosk-1"}, {"role", "kiosk"}, {"token", kiosk_token}},
                              json::object{{"id", "wall-1"}, {"role", "display"}, {"token", display_token}}}}};
}

// [SECTION] latency summaries

struct Summary {
  std::size_t n = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, mean = 0;  // in the unit of the samples
};

/// Sorts `v` in place.
inline Summary summarize(std::vector<double>& v) {
  Summary s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  s.max = v.back();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  return s;
}

inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// CPU seconds (user + system) per thread of a process, from /proc.
inline std::map<int, double> thread_cpu(pid_t pid) {
  std::map<int, double> out;
  const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(cat("/proc/", std::to_string(pid), "/task"), ec)) {
    std::ifstream in(e.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {  // fields 14, 15: utime, stime
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[std::stoi(e.path().filename().string())] = (utime + stime) / hz;
  }
  return out;
}

/// VmRSS and VmHWM of a process, in MiB.
std::pair<double, double> memory_mib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  double rss = 0, hwm = 0;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024.0;
    if (line.rfind("VmHWM:", 0) == 0) hwm = std::stod(line.substr(6)) / 1024.0;
  }
  return {rss, hwm};
}

/// Thread names of a process (what pthread_setname_np set: hallq-commit, hallq-fanout), by tid.
inline std::map<int, std::string> thread_names(pid_t pid) {
  std::map<int, std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(cat("/proc/", std::to_string(pid), "/task"), ec)) {
    std::ifstream in(e.path() / "comm");
    std::string name;
    std::getline(in, name);
    out[std::stoi(e.path().filename().string())] = name;
  }
  return out;
}

}  // namespace hallq::bench
