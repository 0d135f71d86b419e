// Why the engine refuses a command: the API error codes of docs/api.md ("Error codes"), declared
// once. Each enumerator is spelt exactly as its wire code.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hallq::core {

// The list is laid out by hand: clang-format would fold it into a staircase.
// clang-format off
#define HALLQ_REFUSALS(X)                                                                             \
  X(invalid) X(forbidden) X(not_found) X(unknown_service) X(unknown_window) X(unknown_staff)          \
  X(unknown_appointment) X(unknown_alert) X(unknown_leave) X(unknown_violation)                       \
  X(unknown_complaint) X(unknown_follow_up) X(unknown_department) X(unknown_case) X(hall_closed)      \
  X(appointment_used) X(not_on_post) X(window_closed) X(ticket_in_progress) X(no_called_ticket)       \
  X(already_serving) X(no_current_ticket) X(max_recalls) X(not_no_show) X(requeue_limit)              \
  X(not_finished) X(already_rated) X(queue_not_empty) X(not_qualified) X(window_occupied)             \
  X(already_on_post) X(off_post) X(would_empty_window) X(remote_cover_disabled)                       \
  X(window_redirected) X(no_cover_available) X(cover_unavailable) X(violation_other_staff)            \
  X(not_off_post) X(not_signed_in) X(extended_service_required) X(leave_limit_window)                 \
  X(leave_decided) X(leave_started) X(leave_not_started) X(leave_not_active) X(leave_ended)           \
  X(no_handover) X(handover_acknowledged) X(violation_decided) X(follow_up_closed)                    \
  X(violation_not_confirmed) X(complaint_decides) X(own_case) X(duplicate_case) X(case_not_open)      \
  X(case_not_decided) X(already_delivered) X(already_extended) X(not_delivery_window)
// clang-format on

enum class Refusal : std::uint8_t {
#define HALLQ_X(id) id,
  HALLQ_REFUSALS(HALLQ_X)
#undef HALLQ_X
};

/// The wire code, e.g. "not_on_post".
const char* refusal_name(Refusal r) noexcept;
std::optional<Refusal> parse_refusal(std::string_view code) noexcept;

}  // namespace hallq::core
