// Lookups over a validated hall configuration.
#include "domain/hall_config.hpp"

#include <algorithm>

namespace hallq::domain {
namespace {

template <class T>
const T* lookup(const std::unordered_map<std::string, std::size_t>& ix, const std::vector<T>& v, std::string_view id) noexcept {
  const auto it = ix.find(std::string(id));
  return it == ix.end() ? nullptr : &v[it->second];
}

template <class T>
void build(std::unordered_map<std::string, std::size_t>& ix, const std::vector<T>& v) {
  ix.clear();
  for (std::size_t i = 0; i < v.size(); ++i) ix.emplace(v[i].id, i);
}

bool contains(const std::vector<std::string>& v, std::string_view x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

const char* to_string(StaffRole r) noexcept {
  switch (r) {
    case StaffRole::staff: return "staff";
    case StaffRole::supervisor: return "supervisor";
    case StaffRole::department_head: return "department_head";
    case StaffRole::deputy_head: return "deputy_head";
    case StaffRole::admin: return "admin";
  }
  return "staff";
}

const char* to_string(DeviceRole r) noexcept {
  switch (r) {
    case DeviceRole::kiosk: return "kiosk";
    case DeviceRole::display: return "display";
    case DeviceRole::sensor: return "sensor";
  }
  return "kiosk";
}

std::optional<StaffRole> parse_staff_role(std::string_view s) noexcept {
  for (auto r : {StaffRole::staff, StaffRole::supervisor, StaffRole::department_head, StaffRole::deputy_head, StaffRole::admin})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

std::optional<DeviceRole> parse_device_role(std::string_view s) noexcept {
  for (auto r : {DeviceRole::kiosk, DeviceRole::display, DeviceRole::sensor})
    if (s == to_string(r)) return r;
  return std::nullopt;
}

const Service* HallConfig::find_service(std::string_view id) const noexcept { return lookup(service_ix_, services, id); }
const Window* HallConfig::find_window(std::string_view id) const noexcept { return lookup(window_ix_, windows, id); }
const Staff* HallConfig::find_staff(std::string_view id) const noexcept { return lookup(staff_ix_, staff, id); }
const Department* HallConfig::find_department(std::string_view id) const noexcept {
  return lookup(department_ix_, departments, id);
}

bool HallConfig::has_delivery_window() const noexcept {
  return std::any_of(windows.begin(), windows.end(), [](const Window& w) { return w.delivery; });
}

void HallConfig::index() {
  build(service_ix_, services);
  build(window_ix_, windows);
  build(staff_ix_, staff);
  build(department_ix_, departments);
}

bool HallConfig::is_workday(LocalDate d, int iso_weekday) const noexcept {
  if (std::find(hall.extra_workdays.begin(), hall.extra_workdays.end(), d) != hall.extra_workdays.end()) return true;
  if (std::find(hall.holidays.begin(), hall.holidays.end(), d) != hall.holidays.end()) return false;
  return std::find(hall.workdays.begin(), hall.workdays.end(), iso_weekday) != hall.workdays.end();
}

const DutyDay* HallConfig::duty_on(LocalDate d) const noexcept {
  for (const auto& day : hall.duty)
    if (day.date == d) return &day;
  return nullptr;
}

bool HallConfig::is_open_day(LocalDate d, int iso_weekday) const noexcept {
  return is_workday(d, iso_weekday) || duty_on(d) != nullptr;
}

bool HallConfig::qualified(const Staff& s, std::string_view service) const {
  if (s.skills) return contains(*s.skills, service);
  return std::any_of(windows.begin(), windows.end(), [&](const Window& w) {
    return contains(w.services, service) && (contains(w.a, s.id) || contains(w.b, s.id));
  });
}

}  // namespace hallq::domain
