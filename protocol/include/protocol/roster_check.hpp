// Roster changes between two generations of a hall config, checked at start:
// R-STF-1 (an early rotation needs a reason) and R-STF-2 (先进后出: the newcomer first, then the
// leaver). The database keeps the rosters a config last ran with, with the date each person joined.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/event.hpp"
#include "domain/hall_config.hpp"
#include "domain/time.hpp"

namespace hallq::proto {

/// One person joining or leaving one roster (the A or B list of a window).
struct RosterChange {
  std::string window;
  std::string staff;
  std::string as;  // "A" | "B"
  bool joined = false;
  std::string reason;  // leaving before tenure_years: the rotation reason (R-STF-1)
};

struct RosterCheck {
  /// "json.path: problem (R-STF-n)" when the config may not replace the previous one.
  std::optional<std::string> problem;
  /// What changed, in config order (joins before leaves per window); empty on the first start.
  std::vector<RosterChange> changes;
  /// The rosters to keep for the next start (join dates included).
  std::string fingerprint;
};

/// Compares config `c`, started on local date `today`, with `previous` (the fingerprint kept by
/// the last start, nullopt on a fresh database). `allow_shrink` lets a window lose A staff
/// without a newcomer (a deliberate reduction); it does not waive R-STF-1.
/// The changes as the events the server logs at start (seq and at left for the hall to fill).
std::vector<domain::Event> roster_events(const std::vector<RosterChange>& changes, domain::LocalDate today);

RosterCheck check_rosters(const domain::HallConfig& c, const std::optional<std::string>& previous, domain::LocalDate today,
                          bool allow_shrink);

}  // namespace hallq::proto
