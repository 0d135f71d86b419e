// Sound: voice announcements through espeak-ng with a chime first, played one after another
// by a worker thread so a new call never cuts the one still playing, and never blocking the
// GUI. Without a sound card (servers, CI) playback fails quietly and the queue goes on;
// `wav_dir` writes every announcement as NNNN.wav (+ NNNN.txt with its text) so tests can check
// count, order and duration.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hallq::ui {

/// Mono 16-bit PCM.
struct Wav {
  int rate = 22050;
  std::vector<std::int16_t> samples;
  double seconds() const noexcept { return rate > 0 ? static_cast<double>(samples.size()) / rate : 0; }
};

bool write_wav(const std::string& path, const Wav& w, std::string* error = nullptr);
/// Reads a mono 16-bit PCM WAV (what espeak-ng and write_wav produce).
std::optional<Wav> read_wav(const std::string& path, std::string* error = nullptr);
/// The two-note "ding-dong" played before each announcement.
Wav chime(int rate = 22050);
Wav silence(double seconds, int rate = 22050);
/// Appends b to a (same rate; b is resampled crudely otherwise).
void append(Wav& a, const Wav& b);

/// Speech through `espeak-ng -v VOICE -w FILE TEXT` (no shell). Mandarin needs the voice
/// cmn-latn-pinyin: plain cmn reads tones and letters wrong (STACK.md).
std::optional<Wav> speak(const std::string& text, const std::string& voice = "cmn-latn-pinyin", int words_per_minute = 150,
                         std::string* error = nullptr);

/// The program that plays a WAV file here: aplay, paplay or play (sox), "" when none is installed.
std::string find_player();

struct AnnouncerOptions {
  bool play = true;     // send to the sound card (when a player is installed)
  std::string wav_dir;  // write each announcement as a WAV file there ("" = no)
  std::string voice = "cmn-latn-pinyin";
  int words_per_minute = 150;
  int repeat = 1;            // times the sentence is spoken per announcement
  double gap_seconds = 0.6;  // pause between repeats
  std::string player;        // "" = find_player()
};

struct Announcement {
  std::string text;
  bool chime = true;
};

class Announcer {
 public:
  explicit Announcer(AnnouncerOptions options);
  ~Announcer();  // drops what has not started; waits for the one being played
  Announcer(const Announcer&) = delete;
  Announcer& operator=(const Announcer&) = delete;

  /// Queues an announcement; returns at once.
  void say(Announcement a);
  void say(std::string text) { say(Announcement{std::move(text), true}); }
  /// Waits until everything queued has been spoken (or written), up to `max`. True when idle.
  bool drain(std::chrono::milliseconds max);
  /// Announcements finished so far (played, written, or failed).
  int done() const;
  /// The last problem (espeak-ng missing, no sound card …), "" when none.
  std::string last_error() const;

 private:
  void run();
  void play_file(const std::string& path, double seconds);

  AnnouncerOptions opts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Announcement> queue_;
  bool busy_ = false;
  bool stop_ = false;
  int done_ = 0;
  int written_ = 0;
  std::string last_error_;
  bool warned_play_ = false;
  std::thread thread_;
};

}  // namespace hallq::ui
