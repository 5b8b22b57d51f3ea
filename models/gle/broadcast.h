#pragma once
// Per-neuron time constants spread over the batch (neurons × batch), so the
// membrane updates are plain element-wise expressions. Eigen vectorises
// those along memory for any layer size, whereas broadcasting a per-neuron
// vector (colwise()) cannot vectorise a one-neuron layer along the batch.

#include <algorithm>

#include "core/types.h"

namespace prospect::gle {

template <typename Scalar>
class TimeConstantGrid {
 public:
  Matrix<Scalar> tau_m, tau_r;

  void resize(Index neurons, Index batch) {
    tau_m.resize(neurons, batch);
    tau_r.resize(neurons, batch);
    filled_m_.resize(0);
    filled_r_.resize(0);
  }
  // Spreads the time constants over the batch, unless they are those spread
  // last time (they change only when they learn).
  void fill(const Vector<Scalar>& m, const Vector<Scalar>& r) {
    if (m.size() == filled_m_.size() && m == filled_m_ && r == filled_r_) return;
    spread(m, tau_m);
    spread(r, tau_r);
    filled_m_ = m;
    filled_r_ = r;
  }

 private:
  // Column-major, the grid is `batch` copies of the vector back to back:
  // copy it once, then double the filled part, a few block copies even when
  // the vector holds one neuron (where column-wise assignment would take one
  // Eigen expression per batch sample).
  static void spread(const Vector<Scalar>& vector, Matrix<Scalar>& grid) {
    Scalar* out = grid.data();
    const Index total = grid.size();
    std::copy_n(vector.data(), vector.size(), out);
    for (Index filled = vector.size(); filled < total; filled *= 2) {
      std::copy_n(out, std::min(filled, total - filled), out + filled);
    }
  }

  Vector<Scalar> filled_m_, filled_r_;
};

}  // namespace prospect::gle
