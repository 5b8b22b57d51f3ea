#pragma once
// The small-signal dynamics of an EP network around a fixed point s* of
// τ ds/dt = −s + σ(F(s)), for one sample (docs/ep.md "Linearisation"):
//
//   τ δṡ = −δs + D (J δs + B δx)
//
// with D = σ'(F(s*)) (1 or 0 per unit: a unit on a flat part of the hard
// sigmoid drops out), J = ∂F/∂s and B = ∂F/∂x at s*. F is piecewise linear
// (identity or ReLU branches, gates fixed by the sign of z), so J and B are
// exact: a pathway onto layer t from layer u adds G = scale Σ_k diag(f'(z_k)) W_k
// (pathway_jacobian) to J[t, u] (to B when u is the input) and, with an
// energy, Gᵀ to J[u, t]; nudging adds −β to the output layer's diagonal and
// makes the target y an input too: ∂F/∂y = β on the output rows.

#include <complex>
#include <vector>

#include "models/ep/network.h"

namespace prospect::ep {

struct Linearisation {
  double tau = 1;
  VectorD slopes;          // D, one per unit, layer 1 first
  MatrixD jacobian;        // J = ∂F/∂s (units × units)
  MatrixD input_jacobian;  // B = ∂F/∂x (units × inputs)
  MatrixD target_jacobian; // ∂F/∂y (units × classes): β on the output rows
  std::vector<Index> first_unit;  // layer l's first row is first_unit[l - 1]; the last entry: units

  // H(iω) = (iωτ I + I − D J)⁻¹ D B (units × inputs): each unit's complex
  // amplitude per unit amplitude of each input's modulation at angular
  // frequency ω [1/time]; gain |H|, phase arg H.
  Eigen::MatrixXcd transfer(double omega) const;
  // (iωτ I + I − D J)⁻¹ D `drive`: the response to inputs entering F through
  // the columns of `drive` (units × any), e.g. B d for an input direction d,
  // or target_jacobian for the target.
  Eigen::MatrixXcd response(double omega, const MatrixD& drive) const;
  // Per read-out r (a row of `readouts`, signals × units), the delay of its
  // response to a slow modulation of `drive` b (units): −d arg H/dω at ω = 0
  // [time], τ r A⁻² D b / r A⁻¹ D b with A = I − D J (not finite where the
  // read-out does not respond).
  VectorD low_frequency_delay(const VectorD& drive, const MatrixD& readouts) const;
  // The eigenvalues of (−I + D J)/τ [1/time]: a perturbation decays as their
  // sum of modes; −1/Re λ are the effective time constants.
  Eigen::VectorXcd rates() const;
};

// G = scale Σ_k diag(f'(z_k)) W_k of pathway `p` at the source layer's state
// `source` (one column): its somatic drive differentiated by the source
// (target width × source width). Exact for the piecewise linear f.
MatrixD pathway_jacobian(const Pathway<double>& p, const MatrixD& source);

// The linearisation at `fixed_point` (one sample's state, layer after layer)
// of the network driven by `input` (N_0 × 1) and nudged by β towards
// `target` (N_L × 1; may be null when β = 0). Sets the network's input.
Linearisation linearise(Network<double>& network, const MatrixD& input, const VectorD& fixed_point,
                        double beta, const MatrixD* target, double tau);

}  // namespace prospect::ep
