#pragma once
// The sum of a model's gradients over many steps: a streamed learner that
// follows its gradient every step (GLE) followed dt Σ_k g_k over a window,
// the quantity to set beside a window gradient (the adjoint method's). The
// sums are exposed as a parameter list with the source's names and shapes
// (gradient buffers only, no values), ready for gradient_fidelity().

#include <vector>

#include "core/parameter.h"

namespace prospect::core {

template <typename Scalar>
class GradientSum {
 public:
  explicit GradientSum(const ParameterList<Scalar>& source);
  // The views point into the sums: moving keeps them valid, copying would not.
  GradientSum(const GradientSum&) = delete;
  GradientSum& operator=(const GradientSum&) = delete;
  GradientSum(GradientSum&&) = default;
  GradientSum& operator=(GradientSum&&) = default;

  // sums += weight · the source's current gradient buffers.
  void add(double weight);
  void clear();
  long terms() const { return terms_; }  // add() calls since the last clear()
  const ParameterList<double>& sums() const { return views_; }

 private:
  ParameterList<Scalar> source_;
  std::vector<Vector<double>> sums_;
  ParameterList<double> views_;
  long terms_ = 0;
};

extern template class GradientSum<float>;
extern template class GradientSum<double>;

}  // namespace prospect::core
