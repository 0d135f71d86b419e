// Event type names as they appear on the wire.
#include "domain/event.hpp"

namespace hallq::domain {

const char* to_string(EventType t) noexcept {
  switch (t) {
#define HALLQ_X(id, name) \
  case EventType::id: return name;
    HALLQ_EVENT_TYPES(HALLQ_X)
#undef HALLQ_X
  }
  return "unknown";
}

std::optional<EventType> parse_event_type(std::string_view s) noexcept {
#define HALLQ_X(id, name) \
  if (s == name) return EventType::id;
  HALLQ_EVENT_TYPES(HALLQ_X)
#undef HALLQ_X
  return std::nullopt;
}

}  // namespace hallq::domain
