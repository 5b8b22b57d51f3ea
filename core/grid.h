#pragma once
// Evenly spaced sample points, ends included (for frequency sweeps and
// parameter scans).

#include <cmath>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace prospect::core {

// n points from first to last, evenly spaced, computed as numpy.linspace does
// (first + i · step, the last point exactly `last`), so generators ported from
// Python reproduce it.
inline std::vector<double> linspace(double first, double last, Index n) {
  if (n < 1) fail("linspace needs at least one point, got ", n);
  const double step = n > 1 ? (last - first) / static_cast<double>(n - 1) : 0.0;
  std::vector<double> points(static_cast<std::size_t>(n));
  for (Index i = 0; i < n; ++i) {
    points[static_cast<std::size_t>(i)] = static_cast<double>(i) * step + first;
  }
  if (n > 1) points.back() = last;
  return points;
}

// n points from first to last (both > 0), evenly spaced in logarithm.
inline std::vector<double> logspace(double first, double last, Index n) {
  if (!(first > 0 && last > 0)) fail("logspace needs positive ends, got ", first, " and ", last);
  auto points = linspace(std::log(first), std::log(last), n);
  for (double& p : points) p = std::exp(p);
  points.front() = first;
  points.back() = last;
  return points;
}

}  // namespace prospect::core
