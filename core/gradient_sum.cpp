#include "core/gradient_sum.h"

namespace prospect::core {

template <typename Scalar>
GradientSum<Scalar>::GradientSum(const ParameterList<Scalar>& source) : source_(source) {
  sums_.reserve(source_.size());
  for (const auto& p : source_) {
    sums_.push_back(Vector<double>::Zero(p.size));
    views_.push_back({p.name, nullptr, sums_.back().data(), p.size, p.rows, p.cols, p.matrix,
                      p.rate_scale});
  }
}

template <typename Scalar>
void GradientSum<Scalar>::add(double weight) {
  for (std::size_t i = 0; i < source_.size(); ++i) {
    const auto& p = source_[i];
    sums_[i] += weight * Eigen::Map<const Vector<Scalar>>(p.gradient, p.size).template cast<double>();
  }
  ++terms_;
}

template <typename Scalar>
void GradientSum<Scalar>::clear() {
  for (auto& sum : sums_) sum.setZero();
  terms_ = 0;
}

template class GradientSum<float>;
template class GradientSum<double>;

}  // namespace prospect::core
