#pragma once
// GLE layered network: the description a scheme is built from (docs/gle.md §2).
//
//   τm ∘ du/dt = -u + W r_{ℓ-1} + b + γ e          somatic membrane
//   r          = φ(u + τr ∘ du/dt)                 prospective rate
//   τr ∘ dv/dt = -v + e_inst                       error-neuron membrane
//   e          = v + τm ∘ dv/dt                    prospective error
//   e_inst     = φ'_ℓ ∘ W_{ℓ+1}ᵀ e_{ℓ+1}  (ℓ < L),  φ'_L ∘ target error (ℓ = L)
//
// | parameter          | meaning                                  | unit      |
// |--------------------|------------------------------------------|-----------|
// | tau_m (per neuron) | membrane time constant                   | time      |
// | tau_r (per neuron) | prospective time constant                | time      |
// | gamma              | apical-somatic coupling of e into u       | 1         |
// | beta               | nudging strength of the target error      | 1         |
// | prospective_errors | false: e = e_inst (instantaneous backprop)| -         |

#include <string>
#include <vector>

#include "core/activation.h"
#include "core/loss.h"
#include "core/types.h"

namespace prospect::gle {

struct LayerSpec {
  Index size = 0;
  core::Activation activation = core::Activation::tanh;
  std::vector<double> tau_m;  // one per neuron [time]
  std::vector<double> tau_r;  // one per neuron [time]
  bool bias = true;
};

struct NetworkSpec {
  Index input_size = 1;
  std::vector<LayerSpec> layers;  // bottom (ℓ = 1) to output (ℓ = L)
  double gamma = 0;
  double beta = 1;
  core::Loss loss = core::Loss::mse;
  bool prospective_errors = true;

  Index depth() const { return static_cast<Index>(layers.size()); }
  Index output_size() const { return layers.empty() ? 0 : layers.back().size; }
  // Checks sizes, and every time constant against the step dt (τ ≥ dt keeps
  // forward Euler stable); errors name the layer, neuron and value.
  void validate(double dt) const;
};

// Builds a layer whose neurons are split into populations of equal (τm, τr):
// sizes[i] neurons with tau_m[i], tau_r[i].
LayerSpec layer_of_populations(const std::vector<Index>& sizes,
                               const std::vector<double>& tau_m,
                               const std::vector<double>& tau_r,
                               core::Activation activation, bool bias);

}  // namespace prospect::gle
