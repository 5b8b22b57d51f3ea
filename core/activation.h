#pragma once
// Neuron activation functions φ and their derivatives φ', evaluated together
// because every scheme needs both at the same prospective voltage.

#include <string>
#include <string_view>

#include "core/named_values.h"
#include "core/types.h"

namespace prospect::core {

enum class Activation { linear, tanh, softplus, sigmoid, relu };

// Their names in options (core/named_values.h: parse, name_of).
inline constexpr core::NamedValue<Activation> kActivationNames[] = {
    {Activation::linear, "linear"}, {Activation::tanh, "tanh"}, {Activation::softplus, "softplus"},
    {Activation::sigmoid, "sigmoid"}, {Activation::relu, "relu"}};

// rate = φ(p), slope = φ'(p), element-wise. Softplus follows PyTorch
// (linear above 20) so that the reference trajectories are reproduced.
template <typename Derived, typename OutRate, typename OutSlope>
void activate(Activation activation, const Eigen::MatrixBase<Derived>& p,
              OutRate&& rate, OutSlope&& slope) {
  using Scalar = typename Derived::Scalar;
  const auto x = p.array();
  switch (activation) {
    case Activation::linear:
      rate.array() = x;
      slope.array() = Scalar(1);
      break;
    case Activation::tanh:
      rate.array() = x.tanh();
      slope.array() = Scalar(1) - rate.array().square();
      break;
    case Activation::softplus: {
      // log(1 + e^x) = max(x, 0) + log1p(e^-|x|), with log1p(y) evaluated as
      // log(u) + (y − (u − 1))/u, u = 1 + y: accurate for tiny y and, unlike
      // Eigen 3.4's log1p and select(), vectorised. Above x = 20 the second
      // term is below float resolution, which is PyTorch's linear regime.
      // `slope` holds y = e^-|x| meanwhile, so exp is evaluated once.
      slope.array() = (-x.abs()).exp();
      const auto y = slope.array();
      rate.array() = x.max(Scalar(0)) + (y + Scalar(1)).log() +
                     (y - ((y + Scalar(1)) - Scalar(1))) / (y + Scalar(1));
      slope.array() = x.logistic();
      break;
    }
    case Activation::sigmoid:
      rate.array() = x.logistic();
      slope.array() = rate.array() * (Scalar(1) - rate.array());
      break;
    case Activation::relu:
      rate.array() = x.max(Scalar(0));
      slope.array() = (x > Scalar(0)).template cast<Scalar>();
      break;
  }
}

}  // namespace prospect::core
