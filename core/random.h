#pragma once
// The run's seeded random engine. Distributions are written out here rather
// than taken from <random>, whose algorithms differ between standard
// libraries: the same seed gives the same numbers everywhere.

#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "core/types.h"

namespace prospect::core {

// A seed for an independent stream, derived from a run's seed and labels
// (epoch, batch, purpose) by SplitMix64 mixing: a stream's numbers depend
// only on its labels, never on how many numbers other streams drew, so a
// resumed run draws exactly what an uninterrupted one would.
inline std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) {
  std::uint64_t z = seed;
  for (const std::uint64_t label : {a, b}) {
    z += 0x9e3779b97f4a7c15ULL + label;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
  }
  return z;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Standard normal by Box-Muller (one draw per call keeps the stream simple).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  // Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * n); }

  template <typename Derived>
  void fill_uniform(Eigen::DenseBase<Derived>& out, double low, double high) {
    for (Index i = 0; i < out.size(); ++i) {
      out.derived().coeffRef(i) = static_cast<typename Derived::Scalar>(uniform(low, high));
    }
  }

  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// 0, 1, …, n-1 in random order: Fisher-Yates from the last position down.
inline std::vector<Index> shuffled_indices(Index n, Rng& rng) {
  std::vector<Index> order(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
  for (Index i = n - 1; i > 0; --i) {
    const auto j = static_cast<Index>(rng.below(static_cast<std::uint64_t>(i + 1)));
    std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(j)]);
  }
  return order;
}

}  // namespace prospect::core
