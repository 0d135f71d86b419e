// hallq_report facts: histograms, tallies, their database form, and the period parser.
#include <gtest/gtest.h>

#include "report/report.hpp"

namespace hallq::report {
namespace {

TEST(ReportHistogram, buckets_are_10_s_below_2_h_then_1_min_then_overflow) {
  EXPECT_EQ(Histogram::bucket_of(0), 0);
  EXPECT_EQ(Histogram::bucket_of(9), 0);
  EXPECT_EQ(Histogram::bucket_of(10), 1);
  EXPECT_EQ(Histogram::bucket_of(7199), 719);
  EXPECT_EQ(Histogram::bucket_of(7200), 720);
  EXPECT_EQ(Histogram::lower_bound_of(720), 7200);
  EXPECT_EQ(Histogram::lower_bound_of(Histogram::bucket_of(7260)), 7260);
  EXPECT_EQ(Histogram::bucket_of(100000), Histogram::buckets - 1);
  EXPECT_EQ(Histogram::bucket_of(-5), 0);
}

TEST(ReportHistogram, percentile_is_nearest_rank_over_merged_days) {
  Histogram a, b;
  for (int s : {120, 600}) a.add(s);
  for (int s : {240, 300}) b.add(s);
  EXPECT_FALSE(Histogram{}.percentile(0.5));
  a.merge(b);
  EXPECT_EQ(a.total(), 4);
  EXPECT_EQ(a.percentile(0.5), 240);  // rank 2 of 120 240 300 600
  EXPECT_EQ(a.percentile(0.9), 600);  // rank 4
  EXPECT_EQ(a.percentile(0.0), 120);
  EXPECT_EQ(Histogram::decode(a.encode()), a);
}

TicketFact ticket(TicketStatus st, std::int64_t issued, std::int64_t called, std::int64_t started, std::int64_t closed,
                  int rating = 0, std::string outcome = "done") {
  TicketFact f;
  f.ticket = "t";
  f.status = st;
  f.issued_at = issued;
  f.called_at = called;
  f.started_at = started;
  f.closed_at = closed;
  f.rating = rating;
  f.outcome = std::move(outcome);
  return f;
}

TEST(ReportTally, counts_each_outcome_and_round_trips_through_its_blob) {
  Tally t;
  add_ticket(t, ticket(TicketStatus::finished, 0, 120, 180, 480, 5));
  add_ticket(t, ticket(TicketStatus::finished, 0, 240, 0, 840, 2, "incomplete_materials"));  // no start: from the call
  add_ticket(t, ticket(TicketStatus::no_show, 0, 600, 0, 720));
  add_ticket(t, ticket(TicketStatus::cancelled, 0, 0, 0, 900));
  add_ticket(t, ticket(TicketStatus::open, 0, 0, 0, 0));
  EXPECT_EQ(t.issued, 5);
  EXPECT_EQ(t.finished, 2);
  EXPECT_EQ(t.done, 1);
  EXPECT_EQ(t.incomplete, 1);
  EXPECT_EQ(t.no_show, 1);
  EXPECT_EQ(t.cancelled, 1);
  EXPECT_EQ(t.open, 1);
  EXPECT_EQ(t.wait_n, 3);
  EXPECT_EQ(t.wait_sum, 120 + 240 + 600);
  EXPECT_EQ(t.service_n, 2);
  EXPECT_EQ(t.service_sum, 300 + 600);
  EXPECT_EQ(t.rated(), 2);
  EXPECT_EQ(satisfaction(t, 2), 0.5);
  const auto back = Tally::decode(t.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, t);
  EXPECT_FALSE(Tally::decode("garbage"));
  Tally twice = t;
  twice.merge(t);
  EXPECT_EQ(twice.issued, 10);
  EXPECT_EQ(twice.wait.total(), 6);
}

TEST(ReportCases, RCASE1_CaseFiguresMergeFieldByFieldAndAverageInWorkingDays) {
  CaseFigures a, b;
  EXPECT_FALSE(a.any());
  EXPECT_FALSE(a.average_working_days());
  a.accepted = 3;
  a.approved = 1;
  a.completed_on_time = 1;
  a.decided_n = 1;
  a.decided_working_days = 4;
  b.refused = 1;
  b.overdue = 1;
  b.decided_n = 1;
  b.decided_working_days = 7;
  b.notices = 2;
  b.notices_delivered = 1;
  b.notices_delivered_in_time = 1;
  b.rejected = 1;
  b.extended = 1;
  b.delivered = 1;
  a.merge(b);
  EXPECT_TRUE(a.any());
  EXPECT_EQ(a.accepted, 3);
  EXPECT_EQ(a.decided(), 2);
  EXPECT_EQ(a.overdue, 1);
  EXPECT_EQ(a.notices, 2);
  EXPECT_EQ(a.notices_delivered_in_time, 1);
  EXPECT_EQ(a.rejected, 1);
  EXPECT_EQ(a.extended, 1);
  EXPECT_EQ(a.delivered, 1);
  EXPECT_DOUBLE_EQ(*a.average_working_days(), 5.5);  // (4 + 7) / 2: exact over merged days
}

std::optional<Period> period(Kind k, std::map<std::string, std::string> q, std::string* err = nullptr) {
  return parse_period(k, q, err);
}

TEST(ReportPeriod, R_RPT_1_daily_monthly_quarterly_annual_periods) {
  auto p = period(Kind::daily, {{"date", "2026-11-23"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, "2026-11-23");
  EXPECT_EQ(p->to, "2026-11-23");
  p = period(Kind::monthly, {{"month", "2028-02"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to, "2028-02-29");  // leap year
  EXPECT_EQ(p->label, "2028年2月");
  p = period(Kind::quarterly, {{"year", "2026"}, {"q", "4"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, "2026-10-01");
  EXPECT_EQ(p->to, "2026-12-31");
  EXPECT_EQ(p->label, "2026年第四季度");
  p = period(Kind::annual, {{"year", "2026"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, "2026-01-01");
  EXPECT_EQ(p->to, "2026-12-31");
}

TEST(RRPT4, the_half_yearly_bulletin_covers_six_months_and_their_two_quarters) {
  auto p = period(Kind::half_yearly, {{"year", "2026"}, {"h", "1"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, "2026-01-01");
  EXPECT_EQ(p->to, "2026-06-30");
  EXPECT_EQ(p->label, "2026年上半年");
  EXPECT_TRUE(p->covers_quarter(1));
  EXPECT_TRUE(p->covers_quarter(2));
  EXPECT_FALSE(p->covers_quarter(3));
  p = period(Kind::half_yearly, {{"year", "2026"}, {"h", "2"}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->from, "2026-07-01");
  EXPECT_EQ(p->to, "2026-12-31");
  EXPECT_EQ(p->label, "2026年下半年");
  EXPECT_FALSE(p->covers_quarter(2));
  EXPECT_TRUE(p->covers_quarter(4));
  EXPECT_EQ(parse_kind("half-yearly"), Kind::half_yearly);
  EXPECT_STREQ(to_string(Kind::half_yearly), "half-yearly");
  const auto q = period(Kind::quarterly, {{"year", "2026"}, {"q", "3"}});
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->covers_quarter(3));
  EXPECT_FALSE(q->covers_quarter(4));
}

TEST(ReportPeriod, a_bad_or_missing_period_says_which_parameter) {
  std::string err;
  EXPECT_FALSE(period(Kind::daily, {}, &err));
  EXPECT_NE(err.find("date"), std::string::npos);
  EXPECT_FALSE(period(Kind::daily, {{"date", "2026-02-30"}}, &err));
  EXPECT_FALSE(period(Kind::daily, {{"date", "2026-2-3"}}, &err));
  EXPECT_FALSE(period(Kind::monthly, {{"month", "2026-00"}}, &err));
  EXPECT_FALSE(period(Kind::monthly, {{"month", "202611"}}, &err));
  EXPECT_FALSE(period(Kind::quarterly, {{"year", "2026"}}, &err));
  EXPECT_NE(err.find("q"), std::string::npos);
  EXPECT_FALSE(period(Kind::quarterly, {{"year", "2026"}, {"q", "0"}}, &err));
  EXPECT_FALSE(period(Kind::annual, {{"year", "20x6"}}, &err));
  EXPECT_FALSE(period(Kind::half_yearly, {{"year", "2026"}}, &err));
  EXPECT_NE(err.find("h is required"), std::string::npos);
  EXPECT_FALSE(period(Kind::half_yearly, {{"year", "2026"}, {"h", "3"}}, &err));
  EXPECT_NE(err.find("h must be 1"), std::string::npos);
  EXPECT_FALSE(parse_kind("weekly"));
  EXPECT_EQ(parse_kind("annual"), Kind::annual);
}

}  // namespace
}  // namespace hallq::report
