// The imperative shell around the engine: clock, timers, group commit, durable-before-visible
// delivery and fan-out. Everything here runs on the io thread except the commit thread and the
// snapshot thread (shell/snapshotter.hpp), which see only committed events.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/driver.hpp"
#include "shell/publisher.hpp"
#include "shell/snapshotter.hpp"
#include "store/event_store.hpp"

namespace hallq::server {

enum class ClockMode { real, manual };

struct HallOptions {
  ClockMode clock = ClockMode::real;
  core::Time start = 0;                 // manual clock: where time stands at first start
  std::int64_t snapshot_every = 50000;  // events between snapshots (taken by the snapshot thread)
  std::string config_digest;
  std::string public_config;  // GET /api/hall: the config without secrets (JSON text)
  // Logged once at start, before any command: roster.joined / roster.left of a config change
  // (R-STF-1, R-STF-2). seq and at are filled in by the hall.
  std::vector<domain::Event> startup_events;
};

/// Result of a command as the caller learns it, after durability.
struct CommandOutcome {
  enum class Status { ok, rejected, storage_failed };
  Status status = Status::ok;
  core::Rejected rejected;
  core::Events events;
};

class Hall {
 public:
  Hall(boost::asio::io_context& io, std::shared_ptr<const domain::HallConfig> cfg, store::EventStore& store,
       EventPublisher& publisher, HallOptions opts);
  ~Hall();

  /// Replays the log (from the latest valid snapshot), catches up timers, starts the clock.
  void start();
  /// Commits what is pending, then stops the commit thread (clean shutdown).
  void stop();

  /// Decides `cmd` now and applies it. `render` runs right after apply (its output describes the
  /// state the command produced); `reply` runs once those events are durable — or at once when
  /// refused, or with storage_failed when the commit failed.
  void execute(core::Command cmd, std::function<std::string(const core::State&, const core::Events&)> render,
               std::function<void(const CommandOutcome&, const std::string& rendered)> reply);

  /// Runs fn(true) once everything applied so far is durable, fn(false) if that commit fails.
  void when_durable(std::function<void(bool)> fn);

  /// Manual clock only: moves time forward, firing every timed rule at its exact second.
  bool manual() const noexcept { return opts_.clock == ClockMode::manual; }
  const HallOptions& options() const noexcept { return opts_; }
  void advance_clock(std::int64_t seconds, std::function<void(bool durable)> done);

  boost::asio::io_context& io() noexcept { return io_; }
  const core::State& state() const noexcept { return engine_.state; }
  core::Time now() const;
  std::int64_t durable_seq() const noexcept { return durable_seq_; }
  /// Changes whenever the state is rebuilt from the log (start, a failed commit): the same seq
  /// in another epoch may be another state.
  std::uint64_t epoch() const noexcept { return epoch_; }
  bool storage_ok() const noexcept { return storage_ok_; }
  std::int64_t events_committed() const noexcept { return committed_count_; }
  std::int64_t commits() const noexcept { return commit_count_; }
  std::int64_t snapshots_taken() const noexcept { return snapshotter_ ? snapshotter_->snapshots_taken() : 0; }
  double last_snapshot_encode_ms() const noexcept { return snapshotter_ ? snapshotter_->last_encode_ms() : 0; }

 private:
  /// The engine loop; every applied event is queued for commit, each batch flushed.
  class Engine final : public core::Engine {
   public:
    Engine(Hall& hall, std::shared_ptr<const domain::HallConfig> cfg) : core::Engine(std::move(cfg)), hall_(hall) {}

   protected:
    void after_event(const domain::Event& e) override;
    void after_batch(const core::Events& events) override;
    void unsettled(core::Time t) override;

   private:
    Hall& hall_;
  };

  void flush();
  void on_committed(std::int64_t first_seq, std::int64_t last_seq, std::optional<std::string> error,
                    std::vector<std::string> bodies, core::Events events);
  void rebuild_from_store();
  void schedule_timer();

  boost::asio::io_context& io_;
  std::shared_ptr<const domain::HallConfig> cfg_;
  store::EventStore& store_;
  EventPublisher& publisher_;
  HallOptions opts_;
  std::unique_ptr<store::CommitThread> committer_;
  std::unique_ptr<Snapshotter> snapshotter_;  // keeps its replica from committed events
  boost::asio::steady_timer timer_;

  Engine engine_;
  core::Time manual_now_ = 0;
  std::int64_t durable_seq_ = 0;
  std::uint64_t epoch_ = 0;
  std::int64_t last_snapshot_seq_ = 0;
  bool in_flight_ = false;
  bool storage_ok_ = true;
  bool stopping_ = false;
  std::int64_t committed_count_ = 0, commit_count_ = 0;
  std::vector<store::StoredEvent> open_batch_;
  core::Events open_events_;  // the same events, for the snapshot thread's replica
  struct Waiter {
    std::int64_t seq;
    std::function<void(bool)> fn;
  };
  std::deque<Waiter> waiters_;
};

}  // namespace hallq::server
