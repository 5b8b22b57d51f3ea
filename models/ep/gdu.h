#pragma once
// The gradient-descending-updates check (docs/ep_model.md §8; Ernoult et al. 2019):
// on one batch, EP's estimate accumulated over the first k nudged steps
// against truncated BPTT through the last k free steps, for k = 1 … T2,
// compared per parameter tensor by core::gradient_fidelity (BPTT is the
// reference). For an energy-based model whose free phase has converged the
// two agree as β → 0 (EP-MLP, DEP-E); DEP has no such theorem.
//
// EP's estimate after k steps telescopes: one-sided
//   E_k = (∂φ/∂θ(s*) − ∂φ/∂θ(s^β_k)) / (β B),
// symmetric (the mean of the +β and −β estimates)
//   E_k = (∂φ/∂θ(s^−β_k) − ∂φ/∂θ(s^β_k)) / (2β B),
// both in the descent direction, as BPTT's G_k = ∂𝓛/∂θ.

#include <vector>

#include "core/gradient_fidelity.h"
#include "models/ep/network.h"

namespace prospect::ep {

struct GduSettings {
  long free_steps = 60;    // T1
  long nudged_steps = 12;  // T2
  double beta = 0.1;
};

struct GduResult {
  // Entry k − 1: E_k against G_k, k = 1 … T2.
  std::vector<core::FidelityReport> one_sided, symmetric;
  double free_residual = 0;  // max|s(T1) − s(T1 − 1)|: GDU presumes a fixed point
  double loss = 0;           // 𝓛 at s(T1)
};

template <typename Scalar>
GduResult gdu_check(const Network<Scalar>& network, const Matrix<Scalar>& input,
                    const Matrix<Scalar>& target, const GduSettings& settings);

}  // namespace prospect::ep
