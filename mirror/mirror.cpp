#include "mirror/mirror.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "core/engine.hpp"
#include "protocol/config_loader.hpp"
#include "protocol/event_codec.hpp"
#include "protocol/state_codec.hpp"

namespace hallq::client {

namespace json = boost::json;

namespace {
constexpr std::size_t kMaxPendingApplied = 10'000;
}  // namespace

bool Mirror::set_hall(std::string_view hall_json, std::string* error) {
  if (config_ && hall_json == hall_text_) return true;
  try {
    config_ = std::make_shared<const domain::HallConfig>(
        proto::load_config_text(hall_json, "GET /api/hall", proto::Secrets::absent));
  } catch (const proto::ConfigError& e) {
    if (error) *error = e.what();
    return false;
  }
  hall_text_ = std::string(hall_json);
  state_ = core::State(config_);
  ready_ = false;
  return true;
}

Mirror::Result Mirror::on_message(const json::object& msg, std::string* error) {
  auto fail = [&](std::string why) {
    if (error) *error = std::move(why);
    return Result::error;
  };
  if (!config_) return fail("no hall config yet (GET /api/hall first)");
  const auto* type = msg.if_contains("type");
  if (!type || !type->is_string()) return fail("message without a type");
  if (*type == "snapshot") {
    const auto* core = msg.if_contains("core");
    if (!core) return fail("snapshot without the engine state: connect with /ws?mirror=1");
    auto s = proto::decode_state(json::serialize(*core), config_);
    if (!s) return fail("snapshot state is unreadable");
    state_ = std::move(*s);
    ready_ = true;
    ++snapshots_;
    if (const auto* clock = msg.if_contains("clock"); clock && clock->is_string()) manual_clock_ = *clock == "manual";
    server_now_ = state_.now;
    if (const auto* st = msg.if_contains("state"); st && st->is_object())
      if (const auto* now = st->as_object().if_contains("now"); now && now->is_string())
        if (const auto t = domain::parse_time(std::string(now->as_string()), config_->hall.utc_offset)) server_now_ = *t;
    return Result::applied;
  }
  if (*type == "event") {
    if (!ready_) return Result::ignored;  // events before the first snapshot are covered by it
    const auto* ev = msg.if_contains("event");
    if (!ev || !ev->is_object()) return fail("event message without an event");
    std::string why;
    auto e = proto::decode_event(ev->as_object(), config_->hall.utc_offset, &why);
    if (!e) return fail("unreadable event: " + why);
    if (e->seq <= state_.seq) return Result::ignored;
    if (e->seq != state_.seq + 1) return Result::gap;
    core::apply(state_, *e);
    server_now_ = std::max(server_now_, e->at);
    applied_.push_back(std::move(*e));
    // A client that never takes them must not grow without bound (it runs for months).
    if (applied_.size() > kMaxPendingApplied) applied_.erase(applied_.begin(), applied_.begin() + kMaxPendingApplied / 2);
    return Result::applied;
  }
  return Result::ignored;
}

std::vector<domain::Event> Mirror::take_applied() {
  std::vector<domain::Event> out;
  out.swap(applied_);
  return out;
}

int Mirror::take_snapshots() { return std::exchange(snapshots_, 0); }

}  // namespace hallq::client
