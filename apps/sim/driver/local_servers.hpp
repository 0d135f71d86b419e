// LocalServers: hallq-server children for `hallq-sim load --servers N`, each on a free loopback
// port (--listen 127.0.0.1:0), the manual clock at a given start and its own fresh database in
// one temp dir (server-I.db, server-I.log). The children run in their own session, so a Ctrl-C
// at the terminal reaches only the simulator (which then summarizes the partial days and stops
// the servers itself), and they get SIGTERM if the simulator dies. POSIX (Linux) only.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "client/server_url.hpp"

namespace hallq::sim {

class LocalServers {
 public:
  /// Makes the temp dir (under $TMPDIR) only; nothing runs yet.
  LocalServers(std::string binary, bool keep_dir);
  /// Kills what still runs (SIGKILL) and removes the temp dir unless kept.
  ~LocalServers();
  LocalServers(const LocalServers&) = delete;
  LocalServers& operator=(const LocalServers&) = delete;

  /// Starts one server per config (all at once) and waits for each one's "listening on" line.
  /// starts[i] is server i's --start, e.g. "2026-11-23T08:30:00+08:00". Throws std::runtime_error with the
  /// server's own log when one does not come up (the temp dir is then kept for a look).
  void start(const std::vector<std::string>& configs, const std::vector<std::string>& starts,
             std::chrono::seconds timeout = std::chrono::seconds(60));
  /// SIGTERM to every server, then waits; returns how many did not exit 0.
  int stop(std::chrono::seconds timeout = std::chrono::seconds(30));

  const std::vector<client::ServerUrl>& urls() const noexcept { return urls_; }
  const std::filesystem::path& dir() const noexcept { return dir_; }
  /// The last lines of server i's stderr log.
  std::string log_tail(std::size_t i, std::size_t lines = 8) const;

 private:
  struct Child {
    pid_t pid = -1;
    int out_fd = -1;  // read end of its stdout, kept open so its writes never fail
  };
  std::filesystem::path log_path(std::size_t i) const;
  int reap(Child& c, std::chrono::steady_clock::time_point deadline);

  std::string binary_;
  bool keep_dir_;
  std::filesystem::path dir_;
  std::vector<Child> children_;
  std::vector<client::ServerUrl> urls_;
};

}  // namespace hallq::sim
