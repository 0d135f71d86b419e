// R-STF-2 (先进后出): a roster change may not take an A off a window before a newcomer is on it.
#pragma once

#include <optional>
#include <string>

#include "domain/hall_config.hpp"

namespace hallq::proto {

/// The A rosters of a config as text, to keep with the database and compare at the next start.
std::string roster_fingerprint(const domain::HallConfig& c);

/// Compares the config with the rosters it replaces (roster_fingerprint of the previous config).
/// Returns "windows[i].a: problem (R-STF-2)" when a window's A roster lost staff without a
/// newcomer taking their place, nullopt when the change is fine.
std::optional<std::string> check_rotation(const domain::HallConfig& c, const std::string& previous);

}  // namespace hallq::proto
