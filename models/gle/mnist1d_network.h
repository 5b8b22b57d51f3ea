#pragma once
// The GLE networks of the paper's MNIST-1D experiments (docs/gle.md §5, Table 1):
//
//   e2e-15k    1 input → 6 hidden layers of 53 neurons → 10 linear outputs
//   e2e-42k    1 input → 6 hidden layers of 90 neurons → 10 linear outputs
//              each hidden layer: three equal populations
//              (τm, τr) = (0.6, 0.2), (1.2, 0.2), (1.2, 1.2); the first is linear,
//              the others tanh; outputs τm = τr = 1.2
//   lagnet-le  a fixed LagNet (4 layers × 10 linear retrospective neurons,
//              identity weights, no bias, τm spread linearly over dt..1.8,
//              τr = dt) under an LE MLP (2 × 60 tanh, 10 linear outputs,
//              τm = τr = 1) whose weights and biases alone learn
//
// All use cross-entropy with β = 1, γ = 0.

#include <string>
#include <string_view>

#include "core/named_values.h"
#include "core/random.h"
#include "models/gle/gle_parameters.h"

namespace prospect::gle {

enum class Mnist1dPreset { e2e_15k, e2e_42k, lagnet_le };
inline constexpr core::NamedValue<Mnist1dPreset> kMnist1dPresetNames[] = {
    {Mnist1dPreset::e2e_15k, "e2e-15k"}, {Mnist1dPreset::e2e_42k, "e2e-42k"},
    {Mnist1dPreset::lagnet_le, "lagnet-le"}};

struct Mnist1dNetwork {
  gle::NetworkSpec spec;
  double learning_rate;  // Adam, once per time step
  gle::LearnedParameters learned;
};

Mnist1dNetwork mnist1d_network(Mnist1dPreset preset, double dt);

// Weights and biases U(-1/√fan_in, 1/√fan_in), except the LagNet's fixed
// identity chain.
void initialise_mnist1d(Mnist1dPreset preset, gle::Parameters<float>& parameters,
                        core::Rng& rng);

}  // namespace prospect::gle
