#pragma once
// Eigen aliases shared by every folder. Network state and parameters are
// float32 on the hot path; analysis and gradient checks instantiate double.

#include <Eigen/Core>

namespace prospect {

using Index = Eigen::Index;

template <typename Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template <typename Scalar>
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
template <typename Scalar>
using MatrixMap = Eigen::Map<Matrix<Scalar>>;
template <typename Scalar>
using ConstMatrixMap = Eigen::Map<const Matrix<Scalar>>;

using MatrixF = Matrix<float>;
using VectorF = Vector<float>;
using MatrixD = Matrix<double>;
using VectorD = Vector<double>;

}  // namespace prospect
