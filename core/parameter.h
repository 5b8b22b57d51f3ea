#pragma once
// A named, trainable block of numbers and its gradient buffer, as seen by an
// optimizer. Models own the storage; optimizers only hold these views, so any
// model family can be trained by any optimizer.

#include <string>
#include <vector>

#include "core/types.h"
#include "core/units.h"

namespace prospect::core {

template <typename Scalar>
struct ParameterRef {
  std::string name;  // e.g. "layer1/W"
  Scalar* value = nullptr;
  const Scalar* gradient = nullptr;
  Index size = 0;
  Index rows = 0, cols = 1;  // column-major shape of the value
  bool matrix = false;       // a matrix (even rows × 1) rather than a vector
  // This parameter's learning rate relative to the optimizer's (PyTorch's
  // parameter groups: per-layer rates, scaled together by a scheduler).
  double rate_scale = 1;
  // Optional, for sparse models (top-K synapses): the flat indices where the
  // gradient may be non-zero at the next step; it is zero everywhere else.
  // Optimizers with per-entry state then visit only entries that have ever
  // had a gradient: a zero gradient on zero state changes nothing, so every
  // other entry stays exactly as the dense update would leave it.
  const std::vector<Index>* gradient_support = nullptr;
  std::string unit{};  // of the values (core/units.h), for recording
};

template <typename Scalar>
using ParameterList = std::vector<ParameterRef<Scalar>>;

// Number of values in a list of parameters.
template <typename Scalar>
Index total_size(const ParameterList<Scalar>& parameters) {
  Index n = 0;
  for (const auto& p : parameters) n += p.size;
  return n;
}

// Views an Eigen matrix and its gradient as one parameter.
template <typename Scalar>
ParameterRef<Scalar> parameter_ref(std::string name, Matrix<Scalar>& value,
                                   const Matrix<Scalar>& gradient, std::string unit) {
  return {std::move(name), value.data(), gradient.data(), value.size(), value.rows(),
          value.cols(), true, 1, nullptr, std::move(unit)};
}
template <typename Scalar>
ParameterRef<Scalar> parameter_ref(std::string name, Vector<Scalar>& value,
                                   const Vector<Scalar>& gradient, std::string unit) {
  return {std::move(name), value.data(), gradient.data(), value.size(), value.rows(), 1, false,
          1, nullptr, std::move(unit)};
}

}  // namespace prospect::core
