// Mirror: a client's copy of the hall — the engine's own State, rebuilt from the server's
// full snapshot (/ws?mirror=1) and kept current by applying each event with core::apply, the
// same fold the server uses. What a client shows is therefore exactly what the server holds,
// and the core's queries (staffing_of, estimate_wait_minutes, substitutes …) work on it.
// Pure: no sockets, no clocks; feed it messages and read it.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/state.hpp"
#include "domain/event.hpp"
#include "domain/hall_config.hpp"

namespace hallq::client {

class Mirror {
 public:
  enum class Result {
    applied,  // the state changed
    ignored,  // a message of no consequence (an event already applied, an unknown type)
    gap,      // an event does not follow the last one: resume with since=seq()
    error     // unreadable message or no hall yet; *error says why
  };

  /// The hall config as served by GET /api/hall. Keeps the state when the config is the same
  /// text as before; a different config drops the state (a snapshot must follow).
  bool set_hall(std::string_view hall_json, std::string* error = nullptr);

  /// One WebSocket message: {"type":"snapshot", "core":{…}, …} replaces the state,
  /// {"type":"event","event":{…}} applies when it is the next seq.
  Result on_message(const boost::json::object& msg, std::string* error = nullptr);

  /// A hall and a snapshot have arrived: state() is meaningful.
  bool ready() const noexcept { return ready_; }
  const core::State& state() const noexcept { return state_; }
  const domain::HallConfig& config() const noexcept { return *config_; }
  bool has_config() const noexcept { return config_ != nullptr; }
  std::int64_t seq() const noexcept { return state_.seq; }
  /// Server time as last seen (snapshot time, event times, clock advances).
  domain::Time server_now() const noexcept { return server_now_; }
  /// The server runs a manual clock (tests, simulations): its time moves only with events.
  bool manual_clock() const noexcept { return manual_clock_; }

  /// Events applied since the last call, in order (voice announcements, alert sounds). Only the
  /// newest 10,000 are kept between calls.
  std::vector<domain::Event> take_applied();
  /// Snapshots received since the last call (each one replaced the state wholesale; events
  /// between the old and the new state were not seen one by one).
  int take_snapshots();

 private:
  std::string hall_text_;
  std::shared_ptr<const domain::HallConfig> config_;
  core::State state_;
  bool ready_ = false;
  bool manual_clock_ = false;
  domain::Time server_now_ = 0;
  std::vector<domain::Event> applied_;
  int snapshots_ = 0;
};

}  // namespace hallq::client
