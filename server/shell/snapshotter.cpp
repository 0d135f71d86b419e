// The snapshot thread: a replica of the state fed with committed events (see snapshotter.hpp).
#include "shell/snapshotter.hpp"

#include <pthread.h>

#include <chrono>

#include "core/engine.hpp"
#include "protocol/state_codec.hpp"
#include "shell/log.hpp"
#include "store/background.hpp"

namespace hallq::server {

namespace {
constexpr int kSnapshotNice = 5;  // keeps up with the events, but yields to commands
}  // namespace

Snapshotter::Snapshotter(std::int64_t every, std::string config_digest, Store store)
    : every_(every), digest_(std::move(config_digest)), store_(std::move(store)), thread_([this] { run(); }) {}

Snapshotter::~Snapshotter() { stop(); }

void Snapshotter::reset(core::State state, std::int64_t last_snapshot_seq) {
  {
    std::lock_guard lock(mu_);
    // What was not applied yet is older than the rebuilt state; the rebuild contains it.
    queue_.clear();
    queue_.push_back(Reset{std::move(state), last_snapshot_seq});
  }
  cv_.notify_one();
}

void Snapshotter::committed(core::Events events) {
  if (events.empty()) return;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(events));
  }
  cv_.notify_one();
}

void Snapshotter::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Snapshotter::run() {
  ::pthread_setname_np(::pthread_self(), "hallq-snapshot");  // for top -H, perf and the benches
  store::make_background_thread(kSnapshotNice, false);
  std::optional<core::State> replica;
  std::int64_t last_snapshot = 0;
  for (;;) {
    std::deque<Message> work;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      work.swap(queue_);
    }
    for (auto& m : work) {
      if (auto* r = std::get_if<Reset>(&m)) {
        replica = std::move(r->state);
        last_snapshot = r->last_snapshot_seq;
      } else if (replica) {
        for (const auto& e : std::get<core::Events>(m)) {
          if (e.seq != replica->seq + 1) {
            // Cannot happen while the hall hands over every committed event in order; if it
            // does, stop snapshotting rather than store a state the log does not produce.
            log::error("snapshot", "event " + std::to_string(e.seq) + " does not follow the replica's seq " +
                                       std::to_string(replica->seq) + "; snapshots stop until the next start");
            replica.reset();
            break;
          }
          core::apply(*replica, e);
        }
      }
      if (!replica) continue;
      applied_ = replica->seq;
      if (replica->seq - last_snapshot < every_) continue;
      const auto t0 = std::chrono::steady_clock::now();
      store::Snapshot snap{replica->seq, digest_, proto::encode_state(*replica)};
      last_encode_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      last_snapshot = replica->seq;
      store_(std::move(snap));
      ++taken_;
    }
  }
}

}  // namespace hallq::server
