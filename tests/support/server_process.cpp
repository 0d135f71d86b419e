// fork/execv of the real server binary; stdout to a pipe (for the "listening on" line), stderr
// to a log file in the test's temp dir.
#include "support/server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#ifndef HALLQ_SERVER_BIN
#error "HALLQ_SERVER_BIN must name the hallq-server binary"
#endif
#ifndef HALLQ_TEST_HALLS_DIR
#error "HALLQ_TEST_HALLS_DIR must name tests/support/halls"
#endif

namespace hallq::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

[[noreturn]] void throw_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

fs::path make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "hallq-it-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw_errno("mkdtemp");
  return tmpl;
}

void remove_dir(const fs::path& p) {
  if (p.empty() || std::getenv("HALLQ_KEEP_TEST_DIRS")) return;
  std::error_code ec;
  fs::remove_all(p, ec);
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Everything the child needs is prepared before fork(): after it only async-signal-safe calls.
pid_t spawn(const std::vector<std::string>& args, int out_fd, int err_fd) {
  const std::string bin = server_binary();
  std::vector<std::string> storage;
  storage.reserve(args.size() + 1);
  storage.push_back(bin);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0) throw_errno("open /dev/null");
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(devnull);
    throw_errno("fork");
  }
  if (pid == 0) {
    ::dup2(devnull, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    // No inherited sockets or pipes of the test process (other tests' clients and servers).
#ifdef SYS_close_range
    if (::syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
#endif
      for (int fd = 3; fd < 4096; ++fd) ::close(fd);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test process leaves no server behind
    if (::getppid() != parent) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(devnull);
  return pid;
}

}  // namespace

std::string server_binary() { return HALLQ_SERVER_BIN; }

std::string hall_config(const std::string& name) { return (fs::path(HALLQ_TEST_HALLS_DIR) / name).string(); }

std::vector<std::string> manual_clock(const std::string& start) { return {"--clock", "manual", "--start", start}; }

ExitResult run_server(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    throw_errno("pipe2");
  }
  pid_t pid = -1;
  try {
    pid = spawn(args, out_pipe[1], err_pipe[1]);
  } catch (...) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) ::close(fd);
    throw;
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ExitResult r;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) {
      r.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    const int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      const ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = decode_status(status);
  return r;
}

// [SECTION] ServerProcess

ServerProcess::ServerProcess(std::string config) : config_(std::move(config)), dir_(make_temp_dir()) {}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  remove_dir(dir_);
}

void ServerProcess::start(std::vector<std::string> extra) {
  if (pid_ > 0) throw std::logic_error("ServerProcess::start: already running");
  extra_ = std::move(extra);
  // Clients that must find the server again after a restart (display, console) need its port kept.
  const std::string listen = "127.0.0.1:" + std::to_string(keep_port_ ? port_ : 0);
  std::vector<std::string> args{"--config", config_, "--db", db_path().string(), "--listen", listen};
  args.insert(args.end(), extra_.begin(), extra_.end());

  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
  const int log_fd = ::open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    throw_errno("open " + log_path().string());
  }
  try {
    pid_ = spawn(args, out_pipe[1], log_fd);
  } catch (...) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::close(log_fd);
    throw;
  }
  ::close(out_pipe[1]);
  ::close(log_fd);
  stdout_fd_ = out_pipe[0];
  exit_code_.reset();
  port_ = 0;
  banner_.clear();

  // Wait for the one stdout line: hallq-server: hall "…" listening on http://127.0.0.1:PORT (…)
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  std::string line;
  bool eof = false;
  while (line.find('\n') == std::string::npos && !eof) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) break;
    pollfd p{stdout_fd_, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    char buf[512];
    const ssize_t got = ::read(stdout_fd_, buf, sizeof buf);
    if (got > 0) line.append(buf, static_cast<std::size_t>(got));
    else if (got == 0 || errno != EINTR)
      eof = true;
  }
  const auto nl = line.find('\n');
  const std::string marker = "listening on http://";
  const auto at = line.find(marker);
  if (nl == std::string::npos || at == std::string::npos || at > nl) {
    ::kill(pid_, SIGKILL);
    reap(5s);
    throw std::runtime_error("hallq-server did not start (stdout: \"" + line + "\", exit " +
                             (exit_code_ ? std::to_string(*exit_code_) : std::string("?")) + ")\n--- server log ---\n" + log());
  }
  banner_ = line.substr(0, nl);
  const auto host_port = banner_.substr(at + marker.size());
  const auto colon = host_port.find(':');
  port_ = static_cast<unsigned short>(std::stoi(host_port.substr(colon + 1)));
}

int ServerProcess::reap(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (r < 0 && errno != EINTR) {
      status = -1;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);  // did not end in time: a hang is a failure too
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status = -1;
      break;
    }
    std::this_thread::sleep_for(2ms);
  }
  pid_ = -1;
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
    stdout_fd_ = -1;
  }
  exit_code_ = status == -1 ? -1 : decode_status(status);
  return *exit_code_;
}

int ServerProcess::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_code_.value_or(0);
  ::kill(pid_, SIGTERM);
  return reap(timeout);
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  reap(10s);
}

int ServerProcess::restart() { return restart(extra_); }

int ServerProcess::restart(std::vector<std::string> extra) {
  const int code = running() ? stop() : 0;
  start(std::move(extra));
  return code;
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path(), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TempDir::TempDir() : path_(make_temp_dir()) {}
TempDir::~TempDir() { remove_dir(path_); }

}  // namespace hallq::test
