// Helpers of the GUI tests: a private Xvfb on a free display number, a GUI binary started on it
// as a child process, PNG reading and a watcher of the files a GUI dumps (--dump-dir).
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hallq::test {

/// Xvfb -displayfd: the X server picks a free display number and tells it.
class Xvfb {
 public:
  explicit Xvfb(const std::string& screen = "1920x1080x24");
  ~Xvfb();
  Xvfb(const Xvfb&) = delete;
  Xvfb& operator=(const Xvfb&) = delete;
  const std::string& display() const noexcept { return display_; }  // ":N"

 private:
  pid_t pid_ = -1;
  std::string display_;
};

/// A child process (a GUI under test); SIGKILLed at destruction if still running.
class Child {
 public:
  Child(const std::string& binary, const std::vector<std::string>& args, const std::vector<std::string>& env,
        const std::filesystem::path& log);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  /// Waits for the exit; returns the status (128+signal), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  pid_t pid() const noexcept { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  bool ok() const noexcept { return w > 0; }
  /// Pixels in the rectangle whose colour is within `tol` (per channel) of (r, g, b).
  int count(int x0, int y0, int x1, int y1, int r, int g, int b, int tol = 24) const;
  /// Mean absolute difference of two images over a rectangle (0..255).
  static double diff(const Image& a, const Image& b, int x0, int y0, int x1, int y1);
};
Image read_png(const std::filesystem::path& p);

/// What a GUI dumped with --dump-dir: vm-NNNN.json, and shot-NNNN.png of the same frame.
struct Dump {
  int index = 0;
  boost::json::object vm;
  std::filesystem::path shot;
};

/// The newest dump whose JSON satisfies `pred`, waiting up to `timeout` (its PNG included).
std::optional<Dump> wait_dump(const std::filesystem::path& dir, const std::function<bool(const boost::json::object&)>& pred,
                              std::chrono::milliseconds timeout);

}  // namespace hallq::test
