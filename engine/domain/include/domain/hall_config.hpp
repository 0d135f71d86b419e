// The hall as configured: departments, services, windows with their A/B rosters, staff, devices.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/policy.hpp"
#include "domain/time.hpp"

namespace hallq::domain {

/// Staff roles of API.md. Device roles are separate (DeviceRole).
enum class StaffRole { staff, supervisor, department_head, deputy_head, admin };
enum class DeviceRole { kiosk, display, sensor };

const char* to_string(StaffRole r) noexcept;
const char* to_string(DeviceRole r) noexcept;
std::optional<StaffRole> parse_staff_role(std::string_view s) noexcept;
std::optional<DeviceRole> parse_device_role(std::string_view s) noexcept;

struct Session {
  std::int32_t open = 0;   // seconds of the local day
  std::int32_t close = 0;  // exclusive
};

/// A non-working day on which the hall opens for duty service (值日轮流, R-HRS-2): only these
/// windows open, and these staff are expected.
struct DutyDay {
  LocalDate date;
  std::vector<std::string> windows;
  std::vector<std::string> staff;
};

struct HallInfo {
  std::string id;
  std::string name;
  UtcOffset utc_offset = 8 * 3600;
  std::vector<Session> sessions;          // R-HRS-1, ordered and non-overlapping
  std::vector<int> workdays;              // ISO weekdays 1..7
  std::vector<LocalDate> holidays;        // closed although a workday
  std::vector<LocalDate> extra_workdays;  // open although not a workday (调休)
  std::string notice;                     // scrolling line on the wall display
  std::vector<DutyDay> duty;              // R-HRS-2, non-working days only
};

struct Department {
  std::string id;
  std::string name;
  std::string chief;  // staff id of the chief representative (R-STF-3), may be empty
};

struct Service {
  std::string id;
  std::string name;
  std::string prefix;  // R-Q-1
  std::string department;
  int promise_minutes = 0;  // R-SVC-2 counter-time warning: minutes in service at the window
  int service_minutes = 0;  // typical handling time; 0 = policy default
  // R-SVC-1 承诺时限 of the case (办件) a window accepts, in working days of the hall calendar.
  int legal_days = 0;            // the statutory limit (0: not configured)
  int promise_days = 0;          // the promised limit, never above legal_days
  std::string kind = "instant";  // "instant" (即办件, done at the counter) | "commitment" (承诺件)
};

struct Window {
  std::string id;
  int number = 0;
  std::string name;
  std::string department;
  std::vector<std::string> services;  // R-Q-2: more than one = comprehensive window
  std::vector<std::string> a;         // A staff (primary) — R-AB-1
  std::vector<std::string> b;         // B substitutes
  bool delivery = false;              // 统一出件 window: decided cases are delivered here (R-CASE-4)
};

struct Staff {
  std::string id;
  std::string name;
  std::string department;
  StaffRole role = StaffRole::staff;
  std::string pin;                                 // plaintext only in the config file; the database keeps a slow hash
  std::optional<std::vector<std::string>> skills;  // services this person is trained for
  // R-STF-1: when the person was posted to the hall, how they are employed (在编 or other), and
  // why they leave a window roster early (before the profile's tenure_years), if they do.
  std::optional<LocalDate> posted_on;
  std::string employment;
  std::string rotation_reason;
};

struct Device {
  std::string id;
  DeviceRole role = DeviceRole::kiosk;
  std::string token;  // plaintext only in the config file; the database keeps a digest
};

/// A validated hall configuration. Built only by the loader (hallq_protocol), which checks
/// every reference, so lookups by id on a loaded config may assume they resolve.
struct HallConfig {
  HallInfo hall;
  Policy policy;
  std::vector<Department> departments;
  std::vector<Service> services;
  std::vector<Window> windows;
  std::vector<Staff> staff;
  std::vector<Device> devices;
  // R-STF-1: reasons for early rotation of staff who are no longer in `staff` at all
  // (staff id → reason); people still listed carry Staff::rotation_reason instead.
  std::map<std::string, std::string> rotation_reasons;

  const Service* find_service(std::string_view id) const noexcept;
  const Window* find_window(std::string_view id) const noexcept;
  const Staff* find_staff(std::string_view id) const noexcept;
  const Department* find_department(std::string_view id) const noexcept;
  /// Whether some window is a 统一出件 window (R-CASE-4).
  bool has_delivery_window() const noexcept;

  /// Builds the id → index maps; the loader calls it once after filling the vectors.
  void index();
  /// Whether the hall is open at all on this local date (workday, not a holiday).
  bool is_workday(LocalDate d, int iso_weekday) const noexcept;
  /// The duty rota of a non-working day (R-HRS-2), nullptr when the date has none.
  const DutyDay* duty_on(LocalDate d) const noexcept;
  /// Whether sessions run on this date: a working day, or a day with a duty rota (R-HRS-2).
  /// Working-day counts (leave, follow-ups) use is_workday; duty days do not count as workdays.
  bool is_open_day(LocalDate d, int iso_weekday) const noexcept;
  /// Whether staff s may serve service sv: in its skills when it has a skill list, otherwise
  /// by being on the A or B roster of a window that serves it.
  bool qualified(const Staff& s, std::string_view service) const;

 private:
  std::unordered_map<std::string, std::size_t> service_ix_, window_ix_, staff_ix_, department_ix_;
};

}  // namespace hallq::domain
