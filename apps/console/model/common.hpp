// Shared pieces of the console's view models: who is logged in, names and numbers from the
// hall config, and small time helpers. Pure: no I/O, no clocks (time is an argument).
#pragma once

#include <string>
#include <string_view>

#include "core/state.hpp"

namespace hallq::console {

using domain::Time;

/// The logged-in staff member, as POST /api/login answered.
struct Principal {
  std::string id;
  std::string name;
  std::string role;  // staff | supervisor | department_head | deputy_head | admin

  /// The center roles that run the floor (alerts, hall map, inspections): API.md "supervising".
  bool supervising() const { return role == "supervisor" || role == "deputy_head" || role == "admin"; }
};

/// "张伟" for a staff id, the id itself when the config does not know it.
std::string staff_name(const core::State& s, std::string_view staff);
/// 3 for "W03", 0 when unknown.
int window_number(const core::State& s, std::string_view window);
/// "3号窗口" (the number the counter shows), or the id when unknown.
std::string window_label(const core::State& s, std::string_view window);
std::string service_name(const core::State& s, std::string_view service);
std::string department_name(const core::State& s, std::string_view department);
/// Chinese names of the roles (审批人 labels).
std::string role_label(std::string_view role);

/// Chinese name of a deduction kind of the R-SCR-2 catalog; a kind a hall added itself keeps its id.
std::string deduction_label(std::string_view kind);

/// "09:05" in the hall's local time.
std::string clock_text(const core::State& s, Time t);
/// "12:34" for 754 s, "1:02:03" for an hour and more; negative durations count as 0.
std::string duration_text(Time seconds);
/// "3分钟" / "1小时5分钟" — ages of alerts and absences in words.
std::string age_text(Time seconds);

}  // namespace hallq::console
