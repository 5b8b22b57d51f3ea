#pragma once
// Per-neuron time constants spread over the batch (neurons × batch), so the
// membrane updates are plain element-wise expressions. Eigen vectorises
// those along memory for any layer size, whereas broadcasting a per-neuron
// vector (colwise()) cannot vectorise a one-neuron layer along the batch.

#include "core/types.h"

namespace prospect::gle {

template <typename Scalar>
struct TimeConstantGrid {
  Matrix<Scalar> tau_m, tau_r;

  void resize(Index neurons, Index batch) {
    tau_m.resize(neurons, batch);
    tau_r.resize(neurons, batch);
  }
  void fill(const Vector<Scalar>& m, const Vector<Scalar>& r) {
    for (Index b = 0; b < tau_m.cols(); ++b) {
      tau_m.col(b) = m;
      tau_r.col(b) = r;
    }
  }
};

}  // namespace prospect::gle
