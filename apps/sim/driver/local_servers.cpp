// fork/execv of hallq-server for hallq-sim load --servers N (see local_servers.hpp).
#include "sim/driver/local_servers.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace hallq::sim {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

[[noreturn]] void throw_errno(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

LocalServers::LocalServers(std::string binary, bool keep_dir) : binary_(std::move(binary)), keep_dir_(keep_dir) {
  std::string tmpl = (fs::temp_directory_path() / "hallq-load-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw_errno("mkdtemp " + tmpl);
  dir_ = tmpl;
}

LocalServers::~LocalServers() {
  for (auto& c : children_) {
    if (c.pid > 0) {
      ::kill(c.pid, SIGKILL);
      int status = 0;
      while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    if (c.out_fd >= 0) ::close(c.out_fd);
  }
  if (!keep_dir_) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

fs::path LocalServers::log_path(std::size_t i) const { return dir_ / ("server-" + std::to_string(i) + ".log"); }

std::string LocalServers::log_tail(std::size_t i, std::size_t lines) const {
  std::ifstream in(log_path(i));
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += "    " + l + "\n";
  return out;
}

void LocalServers::start(const std::vector<std::string>& configs, const std::vector<std::string>& starts,
                         std::chrono::seconds timeout) {
  if (::access(binary_.c_str(), X_OK) != 0)
    throw std::runtime_error("--server-bin " + binary_ + ": not an executable file (" + std::strerror(errno) + ")");
  const pid_t parent = ::getpid();
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const std::string db = (dir_ / ("server-" + std::to_string(i) + ".db")).string();
    std::vector<std::string> storage{binary_,       "--config", configs[i], "--db",    db,          "--listen",
                                     "127.0.0.1:0", "--clock",  "manual",   "--start", starts.at(i)};
    std::vector<char*> argv;
    for (auto& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw_errno("pipe2");
    const int log_fd = ::open(log_path(i).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log_fd < 0 || devnull < 0) throw_errno("open " + log_path(i).string());
    const pid_t pid = ::fork();
    if (pid < 0) throw_errno("fork");
    if (pid == 0) {  // only async-signal-safe calls from here
      ::dup2(devnull, 0);
      ::dup2(out[1], 1);
      ::dup2(log_fd, 2);
#ifdef SYS_close_range
      if (::syscall(SYS_close_range, 3u, ~0u, 0u) != 0)
#endif
        for (int fd = 3; fd < 4096; ++fd) ::close(fd);
      ::setsid();                          // the terminal's Ctrl-C goes to the simulator only
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a simulator that dies takes its servers along
      if (::getppid() != parent) ::_exit(127);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(log_fd);
    ::close(devnull);
    children_.push_back(Child{pid, out[0]});
  }
  // Each prints one stdout line: hallq-server: hall "…" listening on http://127.0.0.1:PORT (…)
  const auto deadline = Clock::now() + timeout;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    auto& c = children_[i];
    std::string line;
    bool eof = false;
    while (line.find('\n') == std::string::npos && !eof) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      pollfd p{c.out_fd, POLLIN, 0};
      const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      if (n == 0) continue;
      char buf[512];
      const ssize_t got = ::read(c.out_fd, buf, sizeof buf);
      if (got > 0) line.append(buf, static_cast<std::size_t>(got));
      else if (got == 0 || errno != EINTR)
        eof = true;
    }
    const std::string marker = "listening on http://";
    const auto at = line.find(marker);
    const auto nl = line.find('\n');
    if (at == std::string::npos || nl == std::string::npos || at > nl) {
      keep_dir_ = true;
      ::kill(c.pid, SIGKILL);
      const int code = reap(c, Clock::now() + std::chrono::seconds(5));
      throw std::runtime_error(
          "server " + std::to_string(i) + " (" + binary_ + " --config " + configs[i] + ") did not start" +
          (eof ? " (exit " + std::to_string(code) + ")" : " within " + std::to_string(timeout.count()) + " s") + "; its log " +
          log_path(i).string() + " ends:\n" + log_tail(i));
    }
    const auto host_port = line.substr(at + marker.size(), nl - at - marker.size());
    std::string err;
    const auto url = client::ServerUrl::parse("http://" + host_port.substr(0, host_port.find(' ')), &err);
    if (!url) throw std::runtime_error("server " + std::to_string(i) + ": unexpected banner \"" + line + "\": " + err);
    urls_.push_back(*url);
  }
}

int LocalServers::reap(Child& c, Clock::time_point deadline) {
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(c.pid, &status, WNOHANG);
    if (r == c.pid) break;
    if (r < 0 && errno != EINTR) {
      status = -1;
      break;
    }
    if (Clock::now() >= deadline) {
      ::kill(c.pid, SIGKILL);
      while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
      }
      status = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  c.pid = -1;
  if (c.out_fd >= 0) {
    ::close(c.out_fd);
    c.out_fd = -1;
  }
  return status == -1 ? -1 : decode_status(status);
}

int LocalServers::stop(std::chrono::seconds timeout) {
  for (auto& c : children_)
    if (c.pid > 0) ::kill(c.pid, SIGTERM);
  const auto deadline = Clock::now() + timeout;
  int failed = 0;
  for (auto& c : children_)
    if (c.pid > 0 && reap(c, deadline) != 0) ++failed;
  return failed;
}

}  // namespace hallq::sim
