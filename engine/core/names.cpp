// Wire names of the core's enums, from the lists that declare them (refusal.hpp, state.hpp,
// engine.hpp).
#include "core/engine.hpp"
#include "core/refusal.hpp"
#include "core/state.hpp"

namespace hallq::core {

const char* refusal_name(Refusal r) noexcept {
  switch (r) {
#define HALLQ_X(id) \
  case Refusal::id: return #id;
    HALLQ_REFUSALS(HALLQ_X)
#undef HALLQ_X
  }
  return "unknown";
}

std::optional<Refusal> parse_refusal(std::string_view code) noexcept {
#define HALLQ_X(id) \
  if (code == #id) return Refusal::id;
  HALLQ_REFUSALS(HALLQ_X)
#undef HALLQ_X
  return std::nullopt;
}

const char* staffing_name(Staffing s) noexcept {
  switch (s) {
#define HALLQ_X(id) \
  case Staffing::id: return #id;
    HALLQ_STAFFING(HALLQ_X)
#undef HALLQ_X
  }
  return "unknown";
}

std::optional<Staffing> parse_staffing(std::string_view name) noexcept {
#define HALLQ_X(id) \
  if (name == #id) return Staffing::id;
  HALLQ_STAFFING(HALLQ_X)
#undef HALLQ_X
  return std::nullopt;
}

const char* priority_name(Priority p) noexcept {
  switch (p) {
#define HALLQ_X(id) \
  case Priority::id: return #id;
    HALLQ_PRIORITIES(HALLQ_X)
#undef HALLQ_X
  }
  return "unknown";
}

std::optional<Priority> parse_priority(std::string_view name) noexcept {
#define HALLQ_X(id) \
  if (name == #id) return Priority::id;
  HALLQ_PRIORITIES(HALLQ_X)
#undef HALLQ_X
  return std::nullopt;
}

}  // namespace hallq::core
