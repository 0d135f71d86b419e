// What the view files share.
#pragma once

#include <string>

#include "core/state.hpp"

namespace hallq::server::views_detail {

inline std::string iso(const core::State& s, core::Time t) { return domain::format_time(t, s.cfg().hall.utc_offset); }

}  // namespace hallq::server::views_detail
