// Capacity planner (R-STF-4): Erlang C against textbook values, and its simulation check.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/model/erlang.hpp"

using namespace hallq::sim;

namespace {
/// Erlang C straight from its definition (sums of A^k/k!), independent of the recursion used.
double erlang_c_by_definition(int c, double a) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; ++k) {
    sum += term;
    term *= a / (k + 1);
  }
  const double top = term * c / (c - a);  // term is now a^c / c!
  return top / (sum + top);
}
}  // namespace

TEST(SimErlang, R_STF_4_textbook_values) {
  EXPECT_NEAR(erlang_c(1, 0.5), 0.5, 1e-12);      // M/M/1: P(wait) = utilisation
  EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3, 1e-12);  // M/M/2 at A = 1
  EXPECT_NEAR(erlang_c(3, 2.0), 4.0 / 9, 1e-12);  // M/M/3 at A = 2
  EXPECT_NEAR(erlang_c(10, 8.0), 0.4092, 1e-4);   // common call-centre table value
  for (int c = 1; c <= 40; ++c)
    for (double a : {0.3, 0.9 * c, c - 0.01})
      EXPECT_NEAR(erlang_c(c, a), erlang_c_by_definition(c, a), 1e-9) << "c=" << c << " a=" << a;
  EXPECT_EQ(erlang_c(3, 3.0), 1.0);  // overloaded: everyone waits
  EXPECT_EQ(erlang_c(3, 0.0), 0.0);
}

TEST(SimErlang, R_STF_4_mean_wait_and_service_level) {
  // M/M/1, λ = 0.5/min, mean service 1 min: Wq = ρ/(μ−λ) = 1 min.
  EXPECT_NEAR(erlang_c_mean_wait(1, 0.5, 1.0), 1.0, 1e-12);
  EXPECT_TRUE(std::isinf(erlang_c_mean_wait(2, 3.0, 1.0)));
  // P(W ≤ 0) = 1 − C; P(W ≤ ∞) = 1.
  EXPECT_NEAR(erlang_c_within(3, 2.0, 1.0, 0.0), 1 - 4.0 / 9, 1e-12);
  EXPECT_NEAR(erlang_c_within(3, 2.0, 1.0, 1e6), 1.0, 1e-12);
}

TEST(SimErlang, R_STF_4_windows_needed_is_the_fewest_meeting_the_target) {
  // 30 citizens/h (0.5/min) at 8 min each: A = 4 Erlangs.
  const int c = windows_needed(0.5, 8.0, 10.0, 0.8);
  EXPECT_GT(c, 4);
  EXPECT_GE(erlang_c_within(c, 0.5, 8.0, 10.0), 0.8);
  EXPECT_LT(erlang_c_within(c - 1, 0.5, 8.0, 10.0), 0.8);
  EXPECT_EQ(windows_needed(0.0, 8.0, 10.0, 0.8), 0);
  // A stricter target never needs fewer windows.
  EXPECT_GE(windows_needed(0.5, 8.0, 2.0, 0.95), c);
}

TEST(SimErlang, R_STF_4_simulation_agrees_with_the_formula_in_steady_state) {
  // Lognormal handling with cv = 1 over a long day is close to M/M/c in mean wait; with cv = 0
  // (every citizen the same) waits are shorter — the known M/D/c < M/M/c ordering.
  const double formula = erlang_c_mean_wait(3, 2.0 / 8.0 * 1.0, 8.0);  // λ = 0.25/min, A = 2
  const auto mm = simulate_queue(3, 15.0, 8.0, 1.0, 400.0, 10.0, 42, 4);
  const auto md = simulate_queue(3, 15.0, 8.0, 0.0, 400.0, 10.0, 42, 4);
  EXPECT_GT(mm.citizens, 20000u);
  EXPECT_NEAR(mm.mean_wait, formula, 0.35 * formula) << "formula " << formula;
  EXPECT_LT(md.mean_wait, mm.mean_wait);
  // The same seed gives the same check.
  EXPECT_EQ(simulate_queue(2, 10, 6, 0.5, 2, 5, 7).mean_wait, simulate_queue(2, 10, 6, 0.5, 2, 5, 7).mean_wait);
}

TEST(SimErlang, R_STF_4_plan_table_lists_every_hour_with_arrivals) {
  Demand d;
  d.service = "shebao";
  d.service_minutes = 8;
  d.arrivals_per_hour = {{9, 30.0}, {10, 12.0}, {14, 0.0}};
  const auto plan = plan_windows({d}, 15, 0.8, 1);
  ASSERT_EQ(plan.size(), 1u);
  ASSERT_EQ(plan[0].hours.size(), 3u);
  EXPECT_GT(plan[0].hours[0].windows, plan[0].hours[1].windows);  // the peak needs more
  EXPECT_EQ(plan[0].hours[2].windows, 0);
  EXPECT_GE(plan[0].hours[0].erlang_within, 0.8);
  const auto text = format_plan(plan, 15, 0.8);
  EXPECT_NE(text.find("shebao"), std::string::npos);
  EXPECT_NE(text.find("09:00"), std::string::npos);
}
