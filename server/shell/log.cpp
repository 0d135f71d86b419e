// Operator log lines on stderr.
#include "shell/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace hallq::server::log {

namespace {

void line(const char* level, std::string_view component, std::string_view msg) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::fprintf(stderr, "ts=%s level=%s component=%.*s msg=\"%.*s\"\n", ts, level, static_cast<int>(component.size()),
               component.data(), static_cast<int>(msg.size()), msg.data());
}

}  // namespace

void info(std::string_view c, std::string_view m) { line("info", c, m); }
void warn(std::string_view c, std::string_view m) { line("warn", c, m); }
void error(std::string_view c, std::string_view m) { line("error", c, m); }

}  // namespace hallq::server::log
