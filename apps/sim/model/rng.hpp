// Rng: the simulator's seeded random source and its distributions, written out by hand so the
// same seed draws the same day on every standard library (std::*_distribution is not portable;
// std::mt19937_64's raw output is, so it is the only std piece used).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace hallq::sim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed), seed_(seed) {}

  /// A child stream for one purpose (arrivals of a service, trips of a person …): keeps the
  /// draws of one part of the day independent of how many draws another part made.
  Rng fork(std::string_view purpose) const {
    std::uint64_t h = 1469598103934665603ull ^ splitmix(seed_);
    for (const char c : purpose) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return Rng(splitmix(h));
  }
  Rng fork(std::string_view purpose, std::uint64_t index) const {
    const Rng r = fork(purpose);
    return Rng(splitmix(r.seed_ ^ splitmix(index + 0x9e3779b97f4a7c15ull)));
  }

  std::uint64_t next() { return gen_(); }

  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Uniform integer in [lo, hi] (inclusive); the tiny modulo bias does not matter here.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi) {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(gen_() % span);
  }
  bool chance(double p) { return uniform() < p; }

  /// Exponential with the given rate (events per unit); inverse transform.
  double exponential(double rate) { return -std::log1p(-uniform()) / rate; }

  /// Standard normal (Box–Muller, one of the pair; the other is dropped to keep the stream
  /// position independent of call history).
  double normal() {
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  /// Lognormal with the given mean and coefficient of variation (sd / mean) of the result.
  double lognormal_mean_cv(double mean, double cv) {
    if (mean <= 0) return 0;
    if (cv <= 0) return mean;
    const double s2 = std::log1p(cv * cv);
    const double mu = std::log(mean) - s2 / 2;
    return std::exp(mu + std::sqrt(s2) * normal());
  }

  /// Index drawn with probability proportional to weights (all ≥ 0, not all zero).
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0;
    for (const double w : weights) total += w;
    double x = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.empty() ? 0 : weights.size() - 1;
  }

 private:
  static std::uint64_t splitmix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
  }
  std::mt19937_64 gen_;
  std::uint64_t seed_;  // forks derive from the seed, not from draws made so far
};

}  // namespace hallq::sim
