// Link: keeps a Mirror connected to the server from a background thread. It fetches the hall
// (GET /api/hall), opens /ws?mirror=1, and on any loss retries with backoff and resumes with
// `since` so no event is missed (API.md "WebSocket"). The GUI thread calls pump() each frame
// (or when woken) to fold what arrived into its Mirror; nothing else is shared between threads.
#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mirror/mirror.hpp"
#include "client/server_url.hpp"

namespace hallq::client {

enum class LinkPhase { connecting, live, reconnecting };
const char* to_string(LinkPhase p) noexcept;

struct LinkStatus {
  LinkPhase phase = LinkPhase::connecting;
  int attempts = 0;                               // failed attempts since the link was last live
  std::string last_error;                         // why the last attempt or connection failed ("" when none)
  unsigned last_http_status = 0;                  // e.g. 401 when the token is refused
  std::chrono::steady_clock::time_point since{};  // when this phase began
};

struct LinkOptions {
  ServerUrl server;
  std::string token;
  std::function<void()> wake;  // called from the link thread when something arrived (e.g. glfwPostEmptyEvent)
  std::chrono::milliseconds first_backoff{250};
  std::chrono::milliseconds max_backoff{5000};
};

class Link {
 public:
  explicit Link(LinkOptions options);  // starts the thread
  ~Link();                             // stops and joins it
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  /// GUI thread: applies what arrived to `m`. Returns true when the mirror changed. A mirror
  /// that reports a gap or an error makes the link reconnect and resume from m.seq().
  bool pump(Mirror& m);
  LinkStatus status() const;

 private:
  struct Item {
    std::optional<std::string> hall;  // a (possibly new) hall config text
    boost::json::object message;      // a WebSocket message otherwise
  };
  void run();
  void set_phase(LinkPhase p, std::string error = {}, unsigned http_status = 0);
  bool sleep_for(std::chrono::milliseconds d);  // false when stopping

  LinkOptions opts_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::deque<Item> inbox_;
  LinkStatus status_;
  std::optional<std::int64_t> resync_from_;  // set by pump() when the mirror needs a resume
  std::thread thread_;
};

}  // namespace hallq::client
