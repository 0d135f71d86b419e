// ServerProcess: the real hallq-server binary as a child process, on its own temp dir, db and
// free port. For integration tests and benchmarks. Not thread-safe: one owner per object.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hallq::test {

/// Absolute path of the hallq-server binary under test (from the build).
std::string server_binary();
/// Absolute path of a test hall config in tests/support/halls (e.g. "small.json").
std::string hall_config(const std::string& name = "small.json");

/// Command-line flags for the manual clock at `start` (hall local time, no offset).
std::vector<std::string> manual_clock(const std::string& start = "2026-11-23T08:30:00");

/// Outcome of a run that is expected to end on its own (config and command-line errors).
struct ExitResult {
  int exit_code = -1;  // exit status, or 128+signal when killed by a signal
  std::string out;     // everything written on stdout
  std::string err;     // everything written on stderr
  bool timed_out = false;
};

/// Runs hallq-server with exactly `args` (no defaults added) and waits for it to end, killing it
/// after `timeout`.
ExitResult run_server(const std::vector<std::string>& args, std::chrono::milliseconds timeout = std::chrono::seconds(20));

class ServerProcess {
 public:
  /// Makes a fresh temp dir; the db is <dir>/hall.db. `config` defaults to halls/small.json.
  explicit ServerProcess(std::string config = hall_config());
  ~ServerProcess();  // kills a running child (SIGKILL) and removes the temp dir
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// Starts `hallq-server --config C --db D --listen 127.0.0.1:0 EXTRA...` and waits for its
  /// "listening on" line (throws std::runtime_error with the stderr log if it does not come).
  /// The extra args are remembered for restart().
  void start(std::vector<std::string> extra = manual_clock());
  /// Sends SIGTERM and waits; returns the exit code (128+signal if killed by a signal).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  /// Sends SIGKILL and reaps the child (a crash: nothing is flushed).
  void kill9();
  /// Stops (SIGTERM) if running, then starts again on the same db with the same args.
  /// Returns the stop's exit code (0 if it was not running).
  int restart();
  /// Like restart() but with new extra args (same config and db).
  int restart(std::vector<std::string> extra);

  /// Restarts listen on the port of the current run (clients reconnect to the same URL).
  void keep_port(bool keep = true) noexcept { keep_port_ = keep; }

  bool running() const noexcept { return pid_ > 0; }
  pid_t pid() const noexcept { return pid_; }
  unsigned short port() const noexcept { return port_; }
  /// Exit code of the last stopped/killed child, if any.
  std::optional<int> exit_code() const noexcept { return exit_code_; }
  /// The "listening on" line of the current child.
  const std::string& banner() const noexcept { return banner_; }

  const std::filesystem::path& dir() const noexcept { return dir_; }
  std::filesystem::path db_path() const { return dir_ / "hall.db"; }
  const std::string& config() const noexcept { return config_; }
  /// Path of the stderr log of the current (or last) child; each start appends to it.
  std::filesystem::path log_path() const { return dir_ / "server.log"; }
  std::string log() const;

 private:
  int reap(std::chrono::milliseconds timeout);

  std::string config_;
  std::filesystem::path dir_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  bool keep_port_ = false;
  int stdout_fd_ = -1;
  unsigned short port_ = 0;
  std::string banner_;
  std::optional<int> exit_code_;
};

/// A fresh temp dir removed at destruction (for config copies and such).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace hallq::test
