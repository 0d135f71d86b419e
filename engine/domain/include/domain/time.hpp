// Hall time: seconds since the Unix epoch (UTC) plus the hall's fixed UTC offset for local views.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hallq::domain {

/// An instant, in whole seconds since 1970-01-01T00:00:00Z. Hall rules are minute- and
/// second-based, so sub-second precision would only add noise to the event log.
using Time = std::int64_t;

/// Seconds east of UTC (China: +28800).
using UtcOffset = std::int32_t;

struct LocalDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const LocalDate&, const LocalDate&) = default;
  friend auto operator<=>(const LocalDate&, const LocalDate&) = default;
};

/// Days since 1970-01-01 for a civil date (proleptic Gregorian).
std::int64_t days_from_civil(LocalDate d) noexcept;
LocalDate civil_from_days(std::int64_t days) noexcept;

/// Local calendar date of instant t in a hall at offset.
LocalDate local_date(Time t, UtcOffset offset) noexcept;
/// Seconds since local midnight (0..86399).
std::int32_t local_seconds_of_day(Time t, UtcOffset offset) noexcept;
/// ISO weekday of the local date: 1 = Monday … 7 = Sunday.
int local_weekday(Time t, UtcOffset offset) noexcept;
/// The instant of local midnight starting date d.
Time local_midnight(LocalDate d, UtcOffset offset) noexcept;

/// "2026-11-23"
std::string format_date(LocalDate d);
/// "2026-11-23T09:05:00+08:00"
std::string format_time(Time t, UtcOffset offset);
/// "+08:00"
std::string format_offset(UtcOffset offset);

/// Parses "2026-11-23".
std::optional<LocalDate> parse_date(std::string_view s) noexcept;
/// Parses "+08:00" / "-05:30" / "Z".
std::optional<UtcOffset> parse_offset(std::string_view s) noexcept;
/// Parses "HH:MM" into seconds of day (00:00 … 24:00).
std::optional<std::int32_t> parse_clock(std::string_view s) noexcept;
/// Parses "2026-11-23T08:30:00" (taken as hall local time) or with an explicit offset/Z.
std::optional<Time> parse_time(std::string_view s, UtcOffset hall_offset) noexcept;

}  // namespace hallq::domain
