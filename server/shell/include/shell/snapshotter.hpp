// Snapshots without the io thread: a thread of its own keeps a replica of the state, applies to
// it the events the log has committed, and encodes the replica every `every` events. The io
// thread only hands over committed events; it never encodes a state.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "core/engine.hpp"
#include "store/event_store.hpp"

namespace hallq::server {

class Snapshotter {
 public:
  /// Stores a snapshot (called on the snapshot thread, in seq order).
  using Store = std::function<void(store::Snapshot)>;

  /// `every`: events between snapshots; `config_digest` goes with each (a snapshot is valid only
  /// for its config).
  Snapshotter(std::int64_t every, std::string config_digest, Store store);
  ~Snapshotter();
  Snapshotter(const Snapshotter&) = delete;
  Snapshotter& operator=(const Snapshotter&) = delete;

  /// The replica becomes `state` (the hall rebuilt it from the log), whose latest stored snapshot
  /// is at `last_snapshot_seq`. Events handed over before are dropped if not yet applied.
  void reset(core::State state, std::int64_t last_snapshot_seq);
  /// Events the log has committed, in order, continuing the replica's seq.
  void committed(core::Events events);
  /// Applies what was handed over (taking a snapshot if one is due), then stops the thread.
  void stop();

  std::int64_t snapshots_taken() const noexcept { return taken_.load(); }
  /// The seq the replica has reached (for tests and /metrics).
  std::int64_t applied_seq() const noexcept { return applied_.load(); }
  double last_encode_ms() const noexcept { return last_encode_ms_.load(); }

 private:
  struct Reset {
    core::State state;
    std::int64_t last_snapshot_seq;
  };
  using Message = std::variant<Reset, core::Events>;
  void run();

  const std::int64_t every_;
  const std::string digest_;
  Store store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Message> queue_;
  bool stopping_ = false;
  std::atomic<std::int64_t> taken_{0}, applied_{0};
  std::atomic<double> last_encode_ms_{0};
  std::thread thread_;
};

}  // namespace hallq::server
