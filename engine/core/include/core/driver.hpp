// The one engine loop: timers → decide → apply → settle. The server shell, the unit-test hall
// and the benchmarks all drive the engine through this class, so they cannot drift apart.
// Pure like the rest of the core: no I/O, no clock — every instant is an argument.
#pragma once

#include <memory>

#include "core/engine.hpp"

namespace hallq::core {

/// The engine with the position of its timers:
/// - time moves only through run_timers(); every deadline from next_deadline() up to the target
///   is visited at its exact second, and at each one tick() runs until it returns nothing
///   ("settle": a tick's calendar events change what the staffing rules see);
/// - a command is decided at `now` after the timers due by then; when accepted its events are
///   applied and the hall settles at the same second (alerts raised or resolved by the command).
/// A subclass learns of every applied event through after_event() and of the end of each batch
/// through after_batch() (to log, commit or count them).
class Engine {
 public:
  explicit Engine(std::shared_ptr<const domain::HallConfig> cfg) : state(std::move(cfg)) {}
  virtual ~Engine() = default;
  Engine(const Engine&) = default;
  Engine& operator=(const Engine&) = default;
  Engine(Engine&&) = default;
  Engine& operator=(Engine&&) = default;

  /// Everything the engine knows. Changed only by apply(), or replaced whole with reset().
  State state;

  /// Timed rules have fired up to here.
  Time timers_done() const noexcept { return timers_done_; }

  /// Replaces the state (a replayed log, a decoded snapshot); the timers stand at `timers_done`.
  void reset(State s, Time timers_done) {
    state = std::move(s);
    timers_done_ = timers_done;
  }

  /// First run: the timers due up to `t`. A fresh state (timers never run) starts at t - 1.
  void start(Time t) {
    if (timers_done_ == 0) timers_done_ = t - 1;
    run_timers(t);
  }

  /// Every deadline up to `until`, each at its exact second.
  void run_timers(Time until) {
    timers_done_ = step_time(state, timers_done_, until, [this](Time t) { settle(t); });
  }

  /// Ticks at `t` until nothing more is due.
  void settle(Time t) {
    if (!core::settle(state, t, [this](Events events) { emit(events); })) unsettled(t);
  }

  /// Applies events decided elsewhere (seq and at already filled in).
  void emit(const Events& events) {
    for (const auto& e : events) {
      apply(state, e);
      after_event(e);
    }
    after_batch(events);
  }

  /// The timers due by `now`, then the command decided at `now`; when accepted, its events are
  /// applied and the hall settles at the same second.
  Decision execute(const Command& cmd, Time now) {
    run_timers(now);
    Decision d = decide(state, cmd, now);
    if (const auto* events = std::get_if<Events>(&d)) {
      emit(*events);
      settle(now);
    }
    return d;
  }

 protected:
  /// Called right after `e` is applied: the state is then exactly the state after e.seq.
  virtual void after_event(const domain::Event& /*e*/) {}
  /// Called once per emitted batch (possibly empty), after all its events are applied.
  virtual void after_batch(const Events& /*events*/) {}
  /// The timed rules did not settle at `t` within settle()'s rounds (a bug).
  virtual void unsettled(Time /*t*/) {}

 private:
  Time timers_done_ = 0;
};

}  // namespace hallq::core
