// Mackey-Glass: RK4 with Hermite-interpolated history converges at fourth
// order, stays on the chaotic attractor for τ = 17 (bounded, no period),
// NeuroBench windows, and bad settings are refused with the setting's name.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "datasets/mackey_glass.h"

using namespace prospect;
using namespace prospect::datasets;
using Catch::Matchers::Contains;

namespace {

MackeyGlassSeries series(double tau, double step, double duration, double dt) {
  MackeyGlassSettings s;
  s.tau = tau;
  s.step = step;
  return generate_mackey_glass(s, duration, dt);
}

double max_difference(const MackeyGlassSeries& a, const MackeyGlassSeries& b) {
  double d = 0;
  for (long k = 0; k < a.size(); ++k) d = std::max(d, std::abs(a.at(k) - b.at(k)));
  return d;
}

// The largest autocorrelation over lags [min_lag, max_lag] of the samples
// from `from` on: 1 for a periodic series (at its period), below for chaos.
double largest_autocorrelation(const MackeyGlassSeries& s, long from, long min_lag, long max_lag) {
  const long n = s.size() - from - max_lag;
  double mean = 0;
  for (long k = from; k < s.size(); ++k) mean += s.at(k);
  mean /= static_cast<double>(s.size() - from);
  double best = -1;
  for (long lag = min_lag; lag <= max_lag; ++lag) {
    double xy = 0, xx = 0, yy = 0;
    for (long k = from; k < from + n; ++k) {
      const double x = s.at(k) - mean, y = s.at(k + lag) - mean;
      xy += x * y;
      xx += x * x;
      yy += y * y;
    }
    best = std::max(best, xy / std::sqrt(xx * yy));
  }
  return best;
}

}  // namespace

TEST_CASE("Mackey-Glass RK4 converges at fourth order under step halving", "[unit]") {
  // Over 200 time units (about 12 delays, so every history break is crossed).
  const double steps[] = {0.1, 0.05, 0.025, 0.0125};
  MackeyGlassSeries runs[4];
  for (int k = 0; k < 4; ++k) runs[k] = series(17, steps[k], 200, 1.0);
  for (int k = 0; k + 2 < 4; ++k) {
    const double order = std::log2(max_difference(runs[k], runs[k + 1]) /
                                   max_difference(runs[k + 1], runs[k + 2]));
    INFO("step " << steps[k] << ": observed order " << order);
    CHECK(order > 3.8);
    CHECK(order < 4.2);
  }
}

TEST_CASE("Mackey-Glass with tau 17 stays on a bounded, aperiodic attractor", "[unit]") {
  const auto s = series(17, 0.01, 5000, 1.0);
  REQUIRE(s.size() == 5001);
  CHECK(s.at(0) == 0.7206597);
  CHECK(s.at(-5) == 0.7206597);
  const auto [low, high] = std::minmax_element(s.values.begin(), s.values.end());
  CHECK(*low > 0.2);
  CHECK(*high < 1.4);
  CHECK(*high - *low > 0.8);  // it spans the attractor rather than settling
  // Chaos: no lag up to 2000 repeats the series (measured: 0.91 at lag 298).
  CHECK(largest_autocorrelation(s, 500, 60, 2000) < 0.97);
  // The same test finds the period of the periodic regime (τ = 7).
  CHECK(largest_autocorrelation(series(7, 0.01, 5000, 1.0), 500, 60, 2000) > 0.999);
}

TEST_CASE("Mackey-Glass NeuroBench windows: 30 of 20 lambda shifted by 0.5 lambda", "[unit]") {
  const auto s = series(17, 0.01, 50 * 197, 0.2);
  REQUIRE(s.size() == 49251);  // 985 samples per λ
  const auto windows = mackey_glass_windows({}, s);
  REQUIRE(windows.size() == 30);
  CHECK(windows[0].start == 0);
  CHECK(windows[1].start == 493);  // 492.5 rounded
  CHECK(windows[2].start == 985);
  CHECK(windows[29].start == 14283);  // 14.5 λ = 14282.5 samples
  for (const auto& w : windows) {
    CHECK(w.train_steps == 9850);
    CHECK(w.test_steps == 9850);
  }
  WindowSettings too_many;
  too_many.count = 62;
  CHECK_THROWS_WITH(mackey_glass_windows(too_many, s),
                    Contains("window 62 of 62 ends at sample 49743 but the series has 49251"));
  WindowSettings later;
  later.first = 25;
  later.count = 2;
  const auto shifted = mackey_glass_windows(later, s);
  CHECK(shifted[0].start == 24625);  // 25 λ
  CHECK(shifted[1].start == 25118);  // 25.5 λ = 25117.5 samples
  later.first = 31;
  CHECK_THROWS_WITH(mackey_glass_windows(later, s),
                    Contains("window 1 of 2 ends at sample 50235 but the series has 49251"));
}

TEST_CASE("Mackey-Glass rejects bad settings by name", "[unit]") {
  MackeyGlassSettings s;
  s.step = 0.03;
  CHECK_THROWS_WITH(generate_mackey_glass(s, 10, 0.03),
                    Contains("tau = 17 must be a whole multiple of step = 0.03"));
  s.step = 0.01;
  CHECK_THROWS_WITH(generate_mackey_glass(s, 10, 0.015),
                    Contains("dt = 0.015 must be a whole multiple of step = 0.01"));
  s.tau = -1;
  CHECK_THROWS_WITH(generate_mackey_glass(s, 10, 0.2), Contains("tau = -1 must be > 0"));
  WindowSettings w;
  w.train = 20;
  CHECK_THROWS_WITH(mackey_glass_windows(w, series(17, 0.01, 10, 0.2)),
                    Contains("train = 20 λ must be shorter than the window (20 λ)"));
  w.train = 10;
  w.first = -1;
  CHECK_THROWS_WITH(mackey_glass_windows(w, series(17, 0.01, 10, 0.2)), Contains("first = -1 must be >= 0"));
}
