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
      order_(static_cast<std::size_t>((inputs + 15) / 16 * 16)),
      flags_(static_cast<std::size_t>((inputs + 15) / 16 * 16), 0) {
  ranked_.reserve(static_cast<std::size_t>(inputs));
}

template <typename Scalar>
void ActiveSynapses<Scalar>::select_column(const Scalar* column, Index n, Index candidates) {
  // order_[0, candidates) holds the inputs that may be active, ascending.
  const auto beats = [column](int a, int b) { return ActiveSynapses::beats(column, a, b); };
  const auto first = order_.begin(), end = order_.begin() + static_cast<std::ptrdiff_t>(candidates);
  ranked_.assign(first, end);
  const auto k = static_cast<std::ptrdiff_t>(this->k());
  std::nth_element(ranked_.begin(), ranked_.begin() + k - 1, ranked_.end(), beats);
  const int last = ranked_[static_cast<std::size_t>(k - 1)];  // the K-th best
  Index r = 0;
  for (auto j = first; j != end; ++j) {
    if (*j != last && !beats(*j, last)) continue;
    set_active(n, r++, *j);
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
    // The next column streams in meanwhile (the gathers below would each wait for memory).
    if (n + 1 < index_.cols()) {
      const Scalar* next = raw.col(n + 1).data();
      for (Index j = 0; j < inputs_; j += 64 / static_cast<Index>(sizeof(Scalar))) {
        __builtin_prefetch(next + j);
      }
    }
    // The active entries' new values, and the weakest of them (of equal
    // values, the higher index loses), and how many entries beat it.
    Scalar* held = raw_active_.col(n).data();
    Index weakest_at = 0;
    Scalar threshold = column[index_(0, n)];
    for (Index r = 0; r < k(); ++r) {
      held[r] = column[index_(r, n)];
      if (held[r] <= threshold) threshold = held[r], weakest_at = r;
    }
    const int weakest = index_(weakest_at, n);
    // Which entries beat the weakest or are it (a vectorised pass), and how many.
    int* flag = flags_.data();
    const Index inputs = inputs_;
    Index count = 0;
    for (Index j = 0; j <= weakest; ++j) {
      flag[j] = column[j] >= threshold;
      count += flag[j];
    }
    for (Index j = weakest + 1; j < inputs; ++j) {
      flag[j] = column[j] > threshold;
      count += flag[j];
    }
    if (count <= k()) continue;  // unchanged (fewer only with NaN raw values, which the forward pass reports)
    // Everything else is beaten by the weakest, hence by all of these: the
    // new top K is among them. Their indices, skipping blocks without any.
    int* candidates = order_.data();
    Index found = 0;
    for (Index block = 0; block < static_cast<Index>(flags_.size()); block += 16) {
      int any = 0;
      for (Index j = block; j < block + 16; ++j) any |= flag[j];
      if (any == 0) continue;
      for (Index j = block; j < block + 16; ++j) {
        candidates[found] = static_cast<int>(j);
        found += flag[j];
      }
    }
    if (count - k() <= 8) {
      // A few too many (one, mostly): drop the weakest one at a time.
      for (; count > k(); --count) {
        Index drop = 0;
        for (Index c = 1; c < count; ++c) {
          if (beats(column, candidates[drop], candidates[c])) drop = c;
        }
        std::copy(candidates + drop + 1, candidates + count, candidates + drop);
      }
      for (Index r = 0; r < k(); ++r) set_active(n, r, candidates[r]);
    } else {
      select_column(column, n, count);
    }
    gather_column(column, n);
    ++changed;
  }
  core::activate(core::Activation::softplus, raw_active_, conductance_, slope_);
  return changed;
}

template <typename Scalar>
void ActiveSynapses<Scalar>::gather(const Matrix<Scalar>& raw) {
  for (Index n = 0; n < index_.cols(); ++n) gather_column(raw.col(n).data(), n);
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
