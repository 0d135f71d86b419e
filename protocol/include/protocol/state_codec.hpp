// Full-fidelity State ⇄ JSON for snapshots (not the API view: that is server/net views).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/state.hpp"

namespace hallq::proto {

std::string encode_state(const core::State& s);
/// Rebuilds a State for `config` from encode_state's output; nullopt if it is unreadable.
std::optional<core::State> decode_state(const std::string& text, std::shared_ptr<const domain::HallConfig> config);

}  // namespace hallq::proto
