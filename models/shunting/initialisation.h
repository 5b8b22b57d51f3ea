#pragma once
// Initialisation by analytical expectation (models/shunting/README.md,
// Initialisation): raw synapses are drawn so that the expected conductance of
// a compartment's top-K synapses meets a target, inhibition balanced to
// excitation; couplings and gates follow from the expected voltage.
//
//   Ew(μ, σ, q)  expected softplus of N(μ, σ²) conditioned on its top fraction q
//                (delta method): γ = Φ⁻¹(1−q), λ = φ(γ)/(1−Φ(γ)), μc = μ + σλ,
//                vc = σ²(1 + γλ − λ²), Ew = softplus(μc) + ½ sig(μc)(1 − sig(μc)) vc
//   Eg_E = ½ K_E Ew(0, σ_E, K_E/Din),  σ_E = √(2/(Din+1)),  Eg_I ≈ Eg_E (μ_I on a 0.01 grid)
//   legacy_scale:  raw means shifted by −nsf, nsf = ln((K_E+K_I)·√Πb / 5)
//   preserve_shunting_center: keep c = Eg_E/(Eg_E+Eg_I+1), shrink the total to ≥ 5,
//                  raw means by bisection
//   couplings:     c' = max(0.49, c/2 + 1/4) (c < ½), Σg = ((Eg_E+Eg_I+1)c' − Eg_E)/(½ − c'),
//                  g_den = Σg / b; additive cores: g_den = 1
//   gates:         shunting m = 1.5, b = c' (with children) or c (leaves);
//                  additive m = 0.1, b = Eg_E − Eg_I (with children) or 0
//   decoder:       U(−1/√N, 1/√N) (PyTorch's nn.Linear)

#include <string>
#include <string_view>

#include "core/named_values.h"
#include "core/random.h"
#include "models/shunting/parameters.h"

namespace prospect::shunting {

enum class InitPolicy { legacy_scale, preserve_shunting_center };
inline constexpr core::NamedValue<InitPolicy> kInitPolicyNames[] = {
    {InitPolicy::legacy_scale, "legacy_scale"},
    {InitPolicy::preserve_shunting_center, "preserve_shunting_center"}};

// Expected softplus of a N(μ, σ²) variable in its top fraction q ∈ (0, 1].
double expected_top_softplus(double mu, double sigma, double q);

// What §8 prescribes for one level (identical for all levels of a layer
// that have synapses).
struct LevelInitialisation {
  double exc_mean = 0, exc_std = 0;  // raw excitatory synapses ~ N(mean, std²)
  double inh_mean = 0, inh_std = 0;  // raw inhibitory synapses
  double target_exc = 0, target_inh = 0;  // expected drives Eg_E, Eg_I after scaling
  double coupling = 0;                    // g_den of each child (levels with children)
  double gate_slope = 0, gate_bias = 0;   // m, b
};

LevelInitialisation level_initialisation(const NetworkSpec& spec, Index layer, Index level,
                                         InitPolicy policy);

// Draws every parameter from `rng` (levels leaves first, layer by layer,
// preE then preI; then the decoder weights and bias).
template <typename Scalar>
void initialise(Parameters<Scalar>& parameters, InitPolicy policy, core::Rng& rng);

}  // namespace prospect::shunting
