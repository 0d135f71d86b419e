// Calendar arithmetic for hall-local times (fixed UTC offset, no time-zone database needed).
#include "domain/time.hpp"

#include <cstdio>

namespace hallq::domain {
namespace {

constexpr std::int64_t seconds_per_day = 86'400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool all_digits(std::string_view s) noexcept {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int to_int(std::string_view s) noexcept {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

int days_in_month(int y, int m) noexcept {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(LocalDate d) noexcept {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146'097 + doe - 719'468;
}

LocalDate civil_from_days(std::int64_t z) noexcept {
  z += 719'468;
  const std::int64_t era = floor_div(z, 146'097);
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return LocalDate{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

LocalDate local_date(Time t, UtcOffset offset) noexcept { return civil_from_days(floor_div(t + offset, seconds_per_day)); }

std::int32_t local_seconds_of_day(Time t, UtcOffset offset) noexcept {
  const std::int64_t local = t + offset;
  return static_cast<std::int32_t>(local - floor_div(local, seconds_per_day) * seconds_per_day);
}

int local_weekday(Time t, UtcOffset offset) noexcept {
  const std::int64_t days = floor_div(t + offset, seconds_per_day);
  // 1970-01-01 was a Thursday (ISO 4).
  const std::int64_t wd = (days + 3) % 7;  // 0 = Monday
  return static_cast<int>((wd < 0 ? wd + 7 : wd) + 1);
}

Time local_midnight(LocalDate d, UtcOffset offset) noexcept { return days_from_civil(d) * seconds_per_day - offset; }

std::string format_date(LocalDate d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string format_offset(UtcOffset offset) {
  const char sign = offset < 0 ? '-' : '+';
  const int abs = offset < 0 ? -offset : offset;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, abs / 3600, (abs % 3600) / 60);
  return buf;
}

std::string format_time(Time t, UtcOffset offset) {
  const LocalDate d = local_date(t, offset);
  const std::int32_t s = local_seconds_of_day(t, offset);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", d.year, d.month, d.day, s / 3600, (s % 3600) / 60, s % 60,
                format_offset(offset).c_str());
  return buf;
}

std::optional<LocalDate> parse_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  LocalDate out{to_int(y), to_int(m), to_int(d)};
  if (out.month < 1 || out.month > 12 || out.day < 1 || out.day > days_in_month(out.year, out.month)) return std::nullopt;
  return out;
}

std::optional<UtcOffset> parse_offset(std::string_view s) noexcept {
  if (s == "Z") return 0;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
  const auto h = s.substr(1, 2), m = s.substr(4, 2);
  if (!all_digits(h) || !all_digits(m)) return std::nullopt;
  const int hh = to_int(h), mm = to_int(m);
  if (hh > 14 || mm > 59) return std::nullopt;
  const int total = hh * 3600 + mm * 60;
  return s[0] == '-' ? -total : total;
}

std::optional<std::int32_t> parse_clock(std::string_view s) noexcept {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  const auto h = s.substr(0, 2), m = s.substr(3, 2);
  if (!all_digits(h) || !all_digits(m)) return std::nullopt;
  const int hh = to_int(h), mm = to_int(m);
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) return std::nullopt;
  return hh * 3600 + mm * 60;
}

std::optional<Time> parse_time(std::string_view s, UtcOffset hall_offset) noexcept {
  if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto date = parse_date(s.substr(0, 10));
  const auto hh = s.substr(11, 2), mm = s.substr(14, 2), ss = s.substr(17, 2);
  if (!date || !all_digits(hh) || !all_digits(mm) || !all_digits(ss)) return std::nullopt;
  const int h = to_int(hh), m = to_int(mm), sec = to_int(ss);
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  UtcOffset offset = hall_offset;
  if (s.size() > 19) {
    const auto parsed = parse_offset(s.substr(19));
    if (!parsed) return std::nullopt;
    offset = *parsed;
  }
  return local_midnight(*date, offset) + h * 3600 + m * 60 + sec;
}

}  // namespace hallq::domain
