#pragma once
// A smooth two-input, two-sample drive shared by the scheme and adjoint tests.

#include <cmath>

#include "core/types.h"

inline prospect::MatrixD input_at(double t) {
  prospect::MatrixD x(2, 2);
  x << std::sin(1.3 * t), std::cos(0.7 * t), 0.5 * std::sin(2.1 * t + 1), std::sin(0.4 * t);
  return x;
}
