#include "ui/sound.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numbers>

extern char** environ;

namespace hallq::ui {

namespace fs = std::filesystem;

namespace {

void put_le(std::ofstream& out, std::uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.put(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

std::uint32_t get_le(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

/// Runs argv without a shell, output to /dev/null; kills it after `timeout`. Returns the exit
/// status (-1 when it could not start or was killed).
int run_quiet(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r < 0 && errno != EINTR) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
  }
}

bool on_path(const std::string& prog) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string p = path;
  std::size_t start = 0;
  while (start <= p.size()) {
    const std::size_t end = p.find(':', start);
    const std::string dir = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!dir.empty() && access((dir + "/" + prog).c_str(), X_OK) == 0) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

std::string temp_wav_path(const char* tag) {
  static std::atomic<int> n{0};
  return (fs::temp_directory_path() /
          ("hallq-" + std::string(tag) + "-" + std::to_string(getpid()) + "-" + std::to_string(n++) + ".wav"))
      .string();
}

}  // namespace

bool write_wav(const std::string& path, const Wav& w, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    if (error) *error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  const auto data_bytes = static_cast<std::uint32_t>(w.samples.size() * 2);
  const auto rate = static_cast<std::uint32_t>(w.rate);
  out.write("RIFF", 4);
  put_le(out, 36 + data_bytes, 4);
  out.write("WAVEfmt ", 8);
  put_le(out, 16, 4);
  put_le(out, 1, 2);  // PCM
  put_le(out, 1, 2);  // mono
  put_le(out, rate, 4);
  put_le(out, rate * 2, 4);
  put_le(out, 2, 2);
  put_le(out, 16, 2);
  out.write("data", 4);
  put_le(out, data_bytes, 4);
  for (std::int16_t s : w.samples) put_le(out, static_cast<std::uint16_t>(s), 2);
  out.flush();
  if (!out) {
    if (error) *error = "short write to " + path;
    return false;
  }
  return true;
}

std::optional<Wav> read_wav(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto fail = [&](const char* why) -> std::optional<Wav> {
    if (error) *error = path + ": " + why;
    return std::nullopt;
  };
  if (b.size() < 12 || std::memcmp(b.data(), "RIFF", 4) != 0 || std::memcmp(b.data() + 8, "WAVE", 4) != 0)
    return fail("not a RIFF/WAVE file");
  Wav w;
  int channels = 0, bits = 0;
  std::size_t i = 12;
  while (i + 8 <= b.size()) {
    const std::uint32_t len = get_le(&b[i + 4], 4);
    const std::size_t body = i + 8;
    // espeak-ng writing to a file leaves the sizes as 0x7fffffff: clamp to what is there.
    const std::size_t avail = std::min<std::size_t>(len, b.size() - body);
    if (std::memcmp(&b[i], "fmt ", 4) == 0 && avail >= 16) {
      channels = static_cast<int>(get_le(&b[body + 2], 2));
      w.rate = static_cast<int>(get_le(&b[body + 4], 4));
      bits = static_cast<int>(get_le(&b[body + 14], 2));
    } else if (std::memcmp(&b[i], "data", 4) == 0) {
      if (channels != 1 || bits != 16) return fail("only mono 16-bit PCM is read");
      w.samples.resize(avail / 2);
      for (std::size_t k = 0; k < w.samples.size(); ++k) w.samples[k] = static_cast<std::int16_t>(get_le(&b[body + 2 * k], 2));
      return w;
    }
    i = body + avail + (avail & 1u);
  }
  return fail("no data chunk");
}

Wav chime(int rate) {
  // Two soft bell notes (E5 then C5) with an exponential decay: the usual hall "ding-dong".
  Wav w;
  w.rate = rate;
  const double notes[2] = {659.25, 523.25};
  for (double f : notes) {
    const auto n = static_cast<std::size_t>(0.45 * rate);
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / rate;
      const double env = std::exp(-4.0 * t) * std::min(1.0, t * 200.0);
      const double v = env * (0.6 * std::sin(2 * std::numbers::pi * f * t) + 0.2 * std::sin(4 * std::numbers::pi * f * t));
      w.samples.push_back(static_cast<std::int16_t>(v * 0.5 * 32767));
    }
  }
  append(w, silence(0.25, rate));
  return w;
}

Wav silence(double seconds, int rate) {
  Wav w;
  w.rate = rate;
  w.samples.assign(static_cast<std::size_t>(seconds * rate), 0);
  return w;
}

void append(Wav& a, const Wav& b) {
  if (a.rate == b.rate || b.samples.empty()) {
    a.samples.insert(a.samples.end(), b.samples.begin(), b.samples.end());
    return;
  }
  const double step = static_cast<double>(b.rate) / a.rate;  // nearest-sample resampling
  for (double x = 0; x < static_cast<double>(b.samples.size()); x += step)
    a.samples.push_back(b.samples[static_cast<std::size_t>(x)]);
}

std::optional<Wav> speak(const std::string& text, const std::string& voice, int wpm, std::string* error) {
  const std::string tmp = temp_wav_path("speech");
  const int rc = run_quiet({"espeak-ng", "-v", voice, "-s", std::to_string(wpm), "-w", tmp, "--", text},
                           std::chrono::seconds(20));
  if (rc != 0) {
    std::error_code ec;
    fs::remove(tmp, ec);
    if (error)
      *error = rc == -1 ? "espeak-ng is not installed or failed (apt-get install espeak-ng)"
                        : "espeak-ng exited with status " + std::to_string(rc);
    return std::nullopt;
  }
  auto w = read_wav(tmp, error);
  std::error_code ec;
  fs::remove(tmp, ec);
  return w;
}

std::string find_player() {
  for (const char* p : {"aplay", "paplay", "play"})
    if (on_path(p)) return p;
  return "";
}

Announcer::Announcer(AnnouncerOptions options) : opts_(std::move(options)) {
  if (opts_.repeat < 1) opts_.repeat = 1;
  if (opts_.play && opts_.player.empty()) opts_.player = find_player();
  if (!opts_.wav_dir.empty()) fs::create_directories(opts_.wav_dir);
  thread_ = std::thread([this] { run(); });
}

Announcer::~Announcer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void Announcer::say(Announcement a) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(a));
  }
  cv_.notify_all();
}

bool Announcer::drain(std::chrono::milliseconds max) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, max, [&] { return queue_.empty() && !busy_; });
}

int Announcer::done() const {
  std::lock_guard lock(mu_);
  return done_;
}

std::string Announcer::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

void Announcer::play_file(const std::string& path, double seconds) {
  std::vector<std::string> argv{opts_.player};
  if (opts_.player == "aplay" || opts_.player == "play") argv.push_back("-q");
  argv.push_back(path);
  const auto limit = std::chrono::milliseconds(static_cast<long>(seconds * 1000) + 5000);
  if (run_quiet(argv, limit) != 0) {
    std::lock_guard lock(mu_);
    last_error_ = opts_.player + " could not play (no sound card?)";
    if (!warned_play_) std::fprintf(stderr, "voice: %s; announcements go on silently\n", last_error_.c_str());
    warned_play_ = true;
  }
}

void Announcer::run() {
  for (;;) {
    Announcement a;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      a = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    std::string err;
    Wav out;
    if (a.chime) out = chime();
    bool ok = true;
    if (!a.text.empty()) {
      const auto speech = speak(a.text, opts_.voice, opts_.words_per_minute, &err);
      ok = speech.has_value();
      for (int r = 0; ok && r < opts_.repeat; ++r) {
        if (r > 0) append(out, silence(opts_.gap_seconds, out.rate));
        append(out, *speech);
      }
    }
    if (!ok) {
      std::lock_guard lock(mu_);
      if (last_error_ != err) std::fprintf(stderr, "voice: %s\n", err.c_str());
      last_error_ = err;
    }
    if (!opts_.wav_dir.empty()) {
      char name[32];
      std::snprintf(name, sizeof name, "%04d", written_ + 1);
      const std::string base = (fs::path(opts_.wav_dir) / name).string();
      if (write_wav(base + ".wav.tmp", out, &err)) {
        std::ofstream(base + ".txt") << a.text << '\n';
        std::error_code ec;
        fs::rename(base + ".wav.tmp", base + ".wav", ec);  // the WAV appears last, complete
        ++written_;
      }
    }
    if (opts_.play && !opts_.player.empty()) {
      const std::string tmp = temp_wav_path("announce");
      if (write_wav(tmp, out)) play_file(tmp, out.seconds());
      std::error_code ec;
      fs::remove(tmp, ec);
    }
    {
      std::lock_guard lock(mu_);
      busy_ = false;
      ++done_;
    }
    cv_.notify_all();
  }
}

}  // namespace hallq::ui
