#include "models/shunting/active_synapses.h"

#include <algorithm>
#include <numeric>

#include "core/activation.h"

namespace prospect::shunting {

template <typename Scalar>
ActiveSynapses<Scalar>::ActiveSynapses(Index inputs, Index compartments, Index k)
    : inputs_(inputs),
      index_(IndexMatrix::Zero(k, compartments)),
      raw_active_(k, compartments),
      conductance_(k, compartments),
      slope_(k, compartments),
      flat_(static_cast<std::size_t>(k * compartments)),
      order_(static_cast<std::size_t>(inputs)) {
  ranked_.reserve(static_cast<std::size_t>(inputs));
}

template <typename Scalar>
void ActiveSynapses<Scalar>::select_column(const Scalar* column, Index n, Index candidates) {
  // order_[0, candidates) holds the inputs that may be active, ascending.
  const auto beats = [column](int a, int b) {
    return column[a] > column[b] || (column[a] == column[b] && a < b);
  };
  const auto first = order_.begin(), end = order_.begin() + static_cast<std::ptrdiff_t>(candidates);
  ranked_.assign(first, end);
  const auto k = static_cast<std::ptrdiff_t>(this->k());
  std::nth_element(ranked_.begin(), ranked_.begin() + k - 1, ranked_.end(), beats);
  const int last = ranked_[static_cast<std::size_t>(k - 1)];  // the K-th best
  Index r = 0;
  for (auto j = first; j != end; ++j) {
    if (*j != last && !beats(*j, last)) continue;
    index_(r, n) = *j;
    flat_[static_cast<std::size_t>(r + n * this->k())] = *j + n * inputs_;
    ++r;
  }
}

template <typename Scalar>
void ActiveSynapses<Scalar>::select(const Matrix<Scalar>& raw) {
  if (k() == 0) return;
  for (Index n = 0; n < index_.cols(); ++n) {
    std::iota(order_.begin(), order_.end(), 0);
    select_column(raw.col(n).data(), n, inputs_);
  }
  gather(raw);
}

template <typename Scalar>
Index ActiveSynapses<Scalar>::update(const Matrix<Scalar>& raw) {
  if (k() == 0) return 0;
  Index changed = 0;
  for (Index n = 0; n < index_.cols(); ++n) {
    const Scalar* column = raw.col(n).data();
    // The weakest active entry, and how many entries beat it.
    int weakest = index_(0, n);
    for (Index r = 1; r < k(); ++r) {
      const int j = index_(r, n);
      if (column[j] <= column[weakest]) weakest = j;  // of equal values, the higher index loses
    }
    const Scalar threshold = column[weakest];
    int beating = 0;
    for (Index j = 0; j < inputs_; ++j) beating += column[j] > threshold;
    for (int j = 0; j < weakest; ++j) beating += column[j] == threshold;
    if (beating == k() - 1) continue;
    // Everything else is beaten by the weakest, hence by all of these: the
    // new top K is among them and the weakest.
    Index candidates = 0;
    for (Index j = 0; j < inputs_; ++j) {
      if (column[j] > threshold || (column[j] == threshold && j <= weakest)) {
        order_[static_cast<std::size_t>(candidates++)] = static_cast<int>(j);
      }
    }
    select_column(column, n, candidates);
    ++changed;
  }
  gather(raw);
  return changed;
}

template <typename Scalar>
void ActiveSynapses<Scalar>::gather(const Matrix<Scalar>& raw) {
  for (Index n = 0; n < index_.cols(); ++n) {
    for (Index r = 0; r < k(); ++r) raw_active_(r, n) = raw(index_(r, n), n);
  }
  core::activate(core::Activation::softplus, raw_active_, conductance_, slope_);
}

template <typename Scalar>
void ActiveSynapses<Scalar>::scatter(const Matrix<Scalar>& values, Matrix<Scalar>& dense) {
  Scalar* out = dense.data();
  for (const Index i : written_) out[i] = 0;
  written_ = flat_;  // same size: no allocation after the first call
  for (std::size_t i = 0; i < flat_.size(); ++i) out[flat_[i]] = values.data()[i];
}

template <typename Scalar>
Matrix<Scalar> ActiveSynapses<Scalar>::dense(const Matrix<Scalar>& values) const {
  Matrix<Scalar> out = Matrix<Scalar>::Zero(inputs_, index_.cols());
  for (std::size_t i = 0; i < flat_.size(); ++i) out.data()[flat_[i]] = values.data()[i];
  return out;
}

template class ActiveSynapses<float>;
template class ActiveSynapses<double>;

}  // namespace prospect::shunting
