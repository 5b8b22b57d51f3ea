#pragma once
// One set of synapses onto one layer: the K branches per soma of layer
// `target` that listen to layer `source` (docs/ep_model.md §2.2, §4.2). A branch r of
// soma j sums its kept inputs, z_r = Σ_i (M ⊙ W)[r, i] u_i + c_r, passes it
// through f (ReLU for dendritic branches, identity for EP-MLP's single
// "branch") and the soma takes scale · Σ_k f(z_{jk}), scale = κ/K (the mean
// over branches, times α for apical branches).
//
// Rows are branch-major: branch k of soma j is row k·N_target + j (the
// published code is soma-major, row j·K + k; golden tests permute), so that
// summing over branches and repeating a soma's value over its branches are
// contiguous block operations. Masked-out weights are stored as exact zeros:
// their gradient is masked too, so no optimizer ever moves them, and the
// dense product with the stored weights is the masked product.

#include <string>
#include <type_traits>

#include "core/random.h"
#include "core/types.h"

namespace prospect::ep {

// Views onto matrix blocks; the scalar is taken from the Pathway argument
// (type_identity keeps these parameters out of template deduction).
template <typename Scalar>
using ConstRef = Eigen::Ref<const Matrix<std::type_identity_t<Scalar>>>;
template <typename Scalar>
using Ref = Eigen::Ref<Matrix<std::type_identity_t<Scalar>>>;

enum class PathwayKind { basal, apical };

template <typename Scalar>
struct Pathway {
  PathwayKind kind = PathwayKind::basal;
  Index source = 0, target = 1;  // layers; 0 is the input
  Index branches = 1;            // K per soma
  bool relu = false;             // branch nonlinearity f; false: identity
  Scalar scale = 1;              // κ/K
  Matrix<Scalar> weight;         // (K·N_target) × N_source, branch-major rows
  Vector<Scalar> bias;           // K·N_target, or empty (apical branches)
  Matrix<Scalar> mask;           // 0/1 like weight; empty: every input kept
  Matrix<Scalar> weight_gradient;
  Vector<Scalar> bias_gradient;

  Index target_width() const { return weight.rows() / branches; }
  // "layer2/basal", or "layer2" for EP-MLP's plain weights.
  std::string name() const;
  // Linear single branch: z itself is the somatic drive.
  bool plain() const { return !relu && branches == 1 && scale == Scalar(1); }
};

// z = W u (+ c), (K·N_target) × batch.
template <typename Scalar>
void potentials(const Pathway<Scalar>& p, ConstRef<Scalar> input,
                Matrix<Scalar>& z);

// out += scale Σ_k f(z_k): the pathway's somatic drive.
template <typename Scalar>
void add_somatic(const Pathway<Scalar>& p, const Matrix<Scalar>& z,
                 Ref<Scalar> out);

// gated = scale · f'(z) ⊙ w repeated over the branches, (K·N_target) × batch:
// the factor that multiplies an input to give ∂⟨w, soma⟩/∂W.
template <typename Scalar>
void gate(const Pathway<Scalar>& p, const Matrix<Scalar>& z,
          ConstRef<Scalar> w, Matrix<Scalar>& gated);

// out += scale Σ_k f'(z_k) ⊙ v_k for v (K·N_target) × batch.
template <typename Scalar>
void add_gated_sum(const Pathway<Scalar>& p, const Matrix<Scalar>& z, const Matrix<Scalar>& v,
                   Ref<Scalar> out);

// Zeroes the gradient entries of masked-out weights.
template <typename Scalar>
void mask_gradient(Pathway<Scalar>& p);

// A (rows × fan_in) 0/1 mask keeping exactly `kept` inputs per row, drawn
// uniformly without replacement (docs/ep_model.md §2.2).
template <typename Scalar>
Matrix<Scalar> draw_mask(Index rows, Index fan_in, Index kept, core::Rng& rng);

// Weights U(±1/√fan_in) on the full fan-in, biases U(±1/√kept) on the kept
// fan-in (docs/ep_model.md §7; for dense pathways both are the fan-in), then masked.
template <typename Scalar>
void initialise(Pathway<Scalar>& p, core::Rng& rng);

}  // namespace prospect::ep
