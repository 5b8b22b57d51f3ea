#pragma once
// Cost functions on the network output and the target errors they inject
// at the top layer: target_error = -β ∂C/∂r (before multiplication by φ').
//   mse:           C = ½ Σ (r_trg - r)²           target error β (r_trg - r)
//   cross_entropy: C = -Σ onehot · log softmax(r)  target error β (onehot - softmax(r))
// Targets are matrices shaped like the output (one-hot columns for CE).

#include <string>
#include <string_view>

#include "core/named_values.h"
#include "core/types.h"

namespace prospect::core {

enum class Loss { mse, cross_entropy };

// "ce" is read as cross_entropy; a loss is written by its first name.
inline constexpr core::NamedValue<Loss> kLossNames[] = {
    {Loss::mse, "mse"}, {Loss::cross_entropy, "cross_entropy"}, {Loss::cross_entropy, "ce"}};

// Column-wise softmax, stabilised by the column maximum.
template <typename Scalar, typename Logits>
void softmax_columns(const Eigen::MatrixBase<Logits>& logits, Matrix<Scalar>& out) {
  out = (logits.rowwise() - logits.colwise().maxCoeff()).array().exp();
  out.array().rowwise() /= out.array().colwise().sum();
}

// out = β (target - r) for MSE, β (target - softmax(r)) for CE.
// `scratch` avoids allocation on the hot path (used by CE only).
template <typename Scalar, typename Output, typename Target>
void target_error(Loss loss, const Eigen::MatrixBase<Output>& output,
                  const Eigen::MatrixBase<Target>& target, Scalar beta, Matrix<Scalar>& out,
                  Matrix<Scalar>& scratch) {
  if (loss == Loss::mse) {
    out.noalias() = beta * (target - output);
  } else {
    softmax_columns(output, scratch);
    out.noalias() = beta * (target - scratch);
  }
}

// Mean over the batch of the per-sample cost: ½‖r_trg - r‖² for MSE,
// cross-entropy of softmax(r) for CE.
template <typename Scalar>
double loss_value(Loss loss, const Eigen::Ref<const Matrix<Scalar>>& output,
                  const Eigen::Ref<const Matrix<Scalar>>& target) {
  const auto batch = static_cast<double>(output.cols());
  if (loss == Loss::mse) {
    return 0.5 * (target - output).template cast<double>().squaredNorm() / batch;
  }
  const Matrix<double> logits = output.template cast<double>();
  const Eigen::RowVectorXd max = logits.colwise().maxCoeff();
  const Eigen::RowVectorXd log_norm =
      ((logits.rowwise() - max).array().exp().colwise().sum().log().matrix() + max);
  const Matrix<double> log_softmax = logits.rowwise() - log_norm;
  return -(target.template cast<double>().array() * log_softmax.array()).sum() / batch;
}

}  // namespace prospect::core
