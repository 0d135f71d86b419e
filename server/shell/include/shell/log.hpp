// Operator log: one key=value line per message on stderr (the event log is domain data, not this).
#pragma once

#include <string_view>

namespace hallq::server::log {

void info(std::string_view component, std::string_view msg);
void warn(std::string_view component, std::string_view msg);
void error(std::string_view component, std::string_view msg);

}  // namespace hallq::server::log
