// The engine driven exactly as the server shell drives it (core::Engine: run_timers → decide →
// apply → settle), without sockets or storage: for building states and event logs in-process.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/driver.hpp"

namespace hallq::bench {

class EngineSim : public core::Engine {
 public:
  explicit EngineSim(std::shared_ptr<const domain::HallConfig> cfg) : core::Engine(std::move(cfg)) {}

  /// Called after each event is applied (the state is then exactly the state after e.seq).
  std::function<void(const domain::Event&)> sink;
  std::int64_t events = 0;
  std::int64_t rejected = 0;
  std::string last_rejection;

  /// Hall::execute: the command's events, or nullopt when refused.
  std::optional<core::Events> execute(std::string actor, core::CommandBody body, core::Time t) {
    core::Decision d = core::Engine::execute(core::Command{std::move(actor), std::move(body)}, t);
    if (auto* r = std::get_if<core::Rejected>(&d)) {
      ++rejected;
      last_rejection = core::refusal_name(r->code);
      return std::nullopt;
    }
    return std::get<core::Events>(std::move(d));
  }

 protected:
  void after_event(const domain::Event& e) override {
    ++events;
    if (sink) sink(e);
  }
};

}  // namespace hallq::bench
