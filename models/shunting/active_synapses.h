#pragma once
// Top-K synapse selection (dynamic rewiring, models/shunting/README.md, Parameters): of every
// compartment's column of raw parameters, the K largest are active, with
// conductance softplus(raw); the others contribute nothing and receive no
// gradient. Ties go to the lower input index.
//
// Kept as index lists (K × n, ascending per compartment) with the gathered
// conductances and their slopes sigmoid(raw), so that the forward pass and
// every gradient are sparse gathers — identical to the masked dense form.
// After an optimizer step only active entries (and entries still moving on
// their momentum) change, so update() keeps a compartment's set unless an
// inactive entry now beats its weakest member: one pass over the column,
// no sort.

#include <vector>

#include "core/types.h"

namespace prospect::shunting {

using IndexMatrix = Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic>;

template <typename Scalar>
class ActiveSynapses {
 public:
  ActiveSynapses() = default;
  ActiveSynapses(Index inputs, Index compartments, Index k);

  Index k() const { return index_.rows(); }
  Index inputs() const { return inputs_; }

  // Selects the top K of every column of `raw` (inputs × compartments).
  void select(const Matrix<Scalar>& raw);
  // The same after `raw` changed, re-selecting only the columns whose set
  // changed; returns how many did.
  Index update(const Matrix<Scalar>& raw);

  const IndexMatrix& index() const { return index_; }           // K × n, ascending per column
  const Matrix<Scalar>& conductance() const { return conductance_; }  // softplus(raw), K × n
  const Matrix<Scalar>& slope() const { return slope_; }              // sigmoid(raw), K × n
  // Flat positions (column n, input j) → j + n·inputs of the active entries.
  const std::vector<Index>& flat() const { return flat_; }

  // Writes per-synapse values (K × n) into their entries of a dense
  // inputs × n matrix, zeroing the entries the previous call wrote.
  void scatter(const Matrix<Scalar>& values, Matrix<Scalar>& dense);
  // The dense inputs × n matrix of `values` on active entries, zero elsewhere.
  Matrix<Scalar> dense(const Matrix<Scalar>& values) const;

 private:
  // Selects column n's top K among the first `candidates` inputs listed in order_.
  void select_column(const Scalar* column, Index n, Index candidates);
  void gather(const Matrix<Scalar>& raw);
  void gather_column(const Scalar* column, Index n) {
    for (Index r = 0; r < k(); ++r) raw_active_(r, n) = column[index_(r, n)];
  }
  // Whether input a's raw value ranks above input b's (ties: the lower index).
  static bool beats(const Scalar* column, int a, int b) {
    return column[a] > column[b] || (column[a] == column[b] && a < b);
  }
  // Input j is column n's r-th active synapse.
  void set_active(Index n, Index r, int j) {
    index_(r, n) = j;
    flat_[static_cast<std::size_t>(r + n * k())] = j + n * inputs_;
  }

  Index inputs_ = 0;
  IndexMatrix index_;
  Matrix<Scalar> raw_active_, conductance_, slope_;
  std::vector<Index> flat_, written_;
  std::vector<int> order_, ranked_;  // scratch for a column's selection
  std::vector<int> flags_;  // scratch: 1 where an entry may be active (whole blocks of 16)
};

}  // namespace prospect::shunting
