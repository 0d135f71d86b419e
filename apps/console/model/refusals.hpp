// Refusal codes → plain Chinese sentences for window staff and supervisors. Every refused command
// is shown in words, with the real window numbers and limits of this hall (never literals).
#pragma once

#include <string>

#include "core/state.hpp"

namespace hallq::console {

/// What the console knows about a refused command when it explains it.
struct Refusal {
  unsigned status = 0;  // HTTP status; 0 when no answer came
  std::string code;     // API error code (error.code), "" when the body had none
  std::string message;  // the server's own text (error.message)
  std::string staff;    // the staff member the command was about (actor or assignee)
  std::string window;   // the window the command named, if any
};

/// The sentence to show. Uses the state for window numbers, names and policy limits; falls back
/// to the server's message for codes it does not know, so nothing is ever silently dropped.
std::string refusal_text(const core::State& s, const Refusal& r);

}  // namespace hallq::console
