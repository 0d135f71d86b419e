// Fan-out of committed events to WebSocket subscribers, on a thread of its own, and the
// recent-event ring that serves `since`.
//
// Threads: the io thread (engine, HTTP) calls publish()/rewind()/attach(); everything else —
// the ring, the sessions, their Beast WebSocket streams — lives on the hub's own thread, so a
// hall full of wall displays never delays a command's answer. Each event's message is built
// once; a delivery round is laid out once for every per-event subscriber (its text frames end to
// end) and once for every `batch=1` subscriber (one message, framed by Beast), and the same
// bytes go to each of them. A subscriber's queued messages leave in one gathered write, and
// events that arrive within `batch` of the previous delivery are delivered together. Beast does
// the rest: handshake, reading, pings, UTF-8 checks and the close handshakes.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/http_types.hpp"
#include "shell/publisher.hpp"

namespace hallq::server {

/// One WebSocket text message (its payload: Beast frames it), shared by every subscriber that
/// sends it.
using Frame = std::shared_ptr<const std::string>;

struct HubOptions {
  std::size_t ring_capacity = 100'000;        // events kept for `since`
  std::size_t queue_frames = 200'000;         // a subscriber further behind than this is dropped…
  std::size_t queue_bytes = 64u << 20;        // …or holding this many bytes unsent…
  std::chrono::milliseconds max_lag{10'000};  // …or whose oldest unsent frame waited this long
  // The kernel's send buffer per subscriber (SO_SNDBUF): ample for a LAN. It bounds what the
  // kernel holds for 1,000 displays (autotuned, it grows to megabytes each) and how long a reader
  // that stopped takes to show in the queue rules above.
  int send_buffer = 256 * 1024;                 // 0: the kernel autotunes it
  std::chrono::milliseconds batch{2};           // events within this of the last delivery go out together
  std::chrono::seconds idle{120};               // silent this long (a ping at a third of it): dropped
  std::size_t max_client_message = 64 * 1024;   // clients have nothing to say; 1009 beyond this
  std::chrono::milliseconds linger{5'000};      // a close handshake (ours or the client's) waits this long
  std::chrono::milliseconds stop_grace{1'000};  // stop(): how long subscribers get to answer our 1001
};

/// What a subscriber asked for in its upgrade request.
struct Subscription {
  std::optional<std::int64_t> since;  // resume after this seq
  bool batch = false;                 // a round of events as one {"type":"events"} message
};

/// Builds the snapshot a new subscriber starts from. Called on the hub thread; it must call
/// `ready` exactly once, from any thread, with the snapshot's seq and its frame once that state
/// is durable, or with a null frame when the commit behind it failed.
using SnapshotSource = std::function<void(std::function<void(std::int64_t seq, Frame frame)> ready)>;

class Hub final : public EventPublisher {
 public:
  explicit Hub(HubOptions opts = {});
  ~Hub() override;  // stop()
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  /// Closes every subscriber (1001 going away; those that do not answer within `stop_grace` are
  /// cut off) and joins the hub thread. Idempotent.
  void stop();

  // [io thread]
  /// Committed events first_seq, first_seq+1, … in order; each is framed once, here.
  void publish(std::int64_t first_seq, std::vector<std::string> bodies) override;
  /// The log is durable up to `seq` and nothing after it exists (start, or a failed commit
  /// rolled back): forget ring entries after it.
  void rewind(std::int64_t seq) override;
  /// Takes over an upgrade request's connection (and `already_read`, the bytes read past the
  /// request): the WebSocket handshake, then a snapshot (from `snapshot`) or, when `since` is
  /// given and the ring still holds every event after it, those events; then every event as it
  /// is committed.
  void attach(boost::asio::ip::tcp::socket socket, Request upgrade, std::string already_read, std::string who, Subscription sub,
              SnapshotSource snapshot);

  // [any thread]
  /// Connected subscribers (handshake done, snapshot or resume sent).
  std::size_t subscribers() const noexcept;
  /// Subscribers dropped for not reading (queue limits: closed with 1008) or for silence (no pong).
  std::uint64_t dropped() const noexcept;
  /// Messages (one frame each) sent, and the gathered socket writes that carried them.
  std::uint64_t frames_sent() const noexcept;
  std::uint64_t writes() const noexcept;
  const HubOptions& options() const noexcept;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hallq::server
