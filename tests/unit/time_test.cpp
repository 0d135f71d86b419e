// Hall-local calendar arithmetic.
#include <gtest/gtest.h>

#include "domain/time.hpp"

using namespace hallq::domain;

TEST(Time, formats_and_parses_hall_local_time_round_trip) {
  const UtcOffset cn = 8 * 3600;
  const auto t = parse_time("2026-11-23T09:05:00", cn);
  ASSERT_TRUE(t);
  EXPECT_EQ(format_time(*t, cn), "2026-11-23T09:05:00+08:00");
  EXPECT_EQ(parse_time("2026-11-23T01:05:00Z", cn), t);
  EXPECT_EQ(local_weekday(*t, cn), 1);  // a Monday
  EXPECT_EQ(local_seconds_of_day(*t, cn), 9 * 3600 + 5 * 60);
}

TEST(Time, rejects_impossible_dates_and_clocks) {
  EXPECT_FALSE(parse_date("2026-02-30"));
  EXPECT_TRUE(parse_date("2028-02-29"));
  EXPECT_FALSE(parse_clock("24:01"));
  EXPECT_FALSE(parse_clock("9:00"));
  EXPECT_FALSE(parse_offset("+8"));
  EXPECT_FALSE(parse_time("2026-11-23 09:05:00", 0));
}
