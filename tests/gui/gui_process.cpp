#include "gui_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stb/stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace hallq::test {

namespace fs = std::filesystem;

namespace {

int wait_status(int st) { return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st); }

}  // namespace

Xvfb::Xvfb(const std::string& screen) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    close(fds[0]);
    const int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, 0);
    dup2(devnull, 1);
    dup2(devnull, 2);
    const std::string fd = std::to_string(fds[1]);
    execlp("Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", screen.c_str(), "-nolisten", "tcp",
           static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buf[64];
  // Xvfb writes the display number followed by a newline once it accepts connections.
  for (;;) {
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.find('\n') != std::string::npos) break;
  }
  close(fds[0]);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (out.empty()) throw std::runtime_error("Xvfb did not start (apt-get install xvfb)");
  display_ = ":" + out;
}

Xvfb::~Xvfb() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int st = 0;
    waitpid(pid_, &st, 0);
  }
}

Child::Child(const std::string& binary, const std::vector<std::string>& args, const std::vector<std::string>& env,
             const fs::path& log) {
  pid_ = fork();
  if (pid_ == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(out, 2);
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

Child::~Child() {
  if (running()) {
    kill(pid_, SIGKILL);
    int st = 0;
    waitpid(pid_, &st, 0);
  }
}

bool Child::running() {
  if (status_) return false;
  int st = 0;
  if (waitpid(pid_, &st, WNOHANG) == pid_) {
    status_ = wait_status(st);
    return false;
  }
  return true;
}

std::optional<int> Child::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

Image read_png(const fs::path& p) {
  Image img;
  int n = 0;
  unsigned char* data = stbi_load(p.c_str(), &img.w, &img.h, &n, 3);
  if (!data) return Image{};
  img.rgb.assign(data, data + static_cast<std::size_t>(img.w) * static_cast<std::size_t>(img.h) * 3);
  stbi_image_free(data);
  return img;
}

int Image::count(int x0, int y0, int x1, int y1, int r, int g, int b, int tol) const {
  int n = 0;
  for (int y = std::max(0, y0); y < std::min(h, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(w, x1); ++x) {
      const auto* px = &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x)) * 3];
      if (std::abs(px[0] - r) <= tol && std::abs(px[1] - g) <= tol && std::abs(px[2] - b) <= tol) ++n;
    }
  return n;
}

double Image::diff(const Image& a, const Image& b, int x0, int y0, int x1, int y1) {
  if (a.w != b.w || a.h != b.h) return 255;
  double sum = 0;
  long n = 0;
  for (int y = std::max(0, y0); y < std::min(a.h, y1); ++y)
    for (int x = std::max(0, x0); x < std::min(a.w, x1); ++x)
      for (int c = 0; c < 3; ++c) {
        const auto i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(a.w) + static_cast<std::size_t>(x)) * 3 +
                       static_cast<std::size_t>(c);
        sum += std::abs(a.rgb[i] - b.rgb[i]);
        ++n;
      }
  return n ? sum / static_cast<double>(n) : 0;
}

std::optional<Dump> wait_dump(const fs::path& dir, const std::function<bool(const boost::json::object&)>& pred,
                              std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  static const std::regex name(R"(vm-(\d+)\.json)");
  for (;;) {
    int newest = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::smatch m;
      const std::string f = e.path().filename().string();
      if (std::regex_match(f, m, name)) newest = std::max(newest, std::stoi(m[1]));
    }
    if (newest > 0) {
      char base[32];
      std::snprintf(base, sizeof base, "%04d", newest);
      std::ifstream in(dir / ("vm-" + std::string(base) + ".json"));
      std::stringstream ss;
      ss << in.rdbuf();
      boost::system::error_code jec;
      auto v = boost::json::parse(ss.str(), jec);
      if (!jec && v.is_object() && pred(v.as_object())) {
        Dump d{newest, v.as_object(), dir / ("shot-" + std::string(base) + ".png")};
        // The PNG of that frame follows its JSON within the same frame.
        while (!fs::exists(d.shot) && std::chrono::steady_clock::now() < deadline)
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (fs::exists(d.shot)) return d;
      }
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
}

}  // namespace hallq::test
