// The engine driven exactly as server/net/hall.cpp drives it (run_timers → decide → apply →
// settle), without sockets or storage: for building states and event logs in-process.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/engine.hpp"

namespace hallq::bench {

class EngineSim {
 public:
  explicit EngineSim(std::shared_ptr<const domain::HallConfig> cfg) : state(std::move(cfg)) {}

  /// Like Hall::start on an empty log: timed rules run up to `t` (set `sink` before).
  void start(core::Time t) {
    timers_done = t - 1;
    run_timers(t);
  }

  core::State state;
  core::Time timers_done = 0;
  /// Called after each event is applied (the state is then exactly the state after e.seq).
  std::function<void(const domain::Event&)> sink;
  std::int64_t events = 0;
  std::int64_t rejected = 0;
  std::string last_rejection;

  void emit(const core::Events& evs) {
    for (const auto& e : evs) {
      core::apply(state, e);
      ++events;
      if (sink) sink(e);
    }
  }

  /// Hall::settle: tick until nothing more is due at t.
  void settle(core::Time t) {
    core::settle(state, t, [this](const core::Events& evs) { emit(evs); });
  }

  /// Hall::run_timers: every deadline up to `until`, each at its exact second.
  void run_timers(core::Time until) {
    timers_done = core::step_time(state, timers_done, until, [this](core::Time t) { settle(t); });
  }

  /// Hall::execute: the command's events, or nullopt when refused.
  std::optional<core::Events> execute(std::string actor, core::CommandBody body, core::Time t) {
    run_timers(t);
    core::Decision d = core::decide(state, core::Command{std::move(actor), std::move(body)}, t);
    if (auto* r = std::get_if<core::Rejected>(&d)) {
      ++rejected;
      last_rejection = r->code;
      return std::nullopt;
    }
    auto evs = std::get<core::Events>(std::move(d));
    emit(evs);
    settle(t);
    return evs;
  }
};

}  // namespace hallq::bench
