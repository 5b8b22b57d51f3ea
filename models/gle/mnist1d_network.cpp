#include "models/gle/mnist1d_network.h"

#include "core/error.h"

namespace prospect::gle {
namespace {

constexpr Index kClasses = 10;
constexpr Index kLagLayers = 4;
constexpr Index kLagChains = 10;
constexpr double kLagSlowest = 1.8;

gle::LayerSpec uniform_layer(Index size, double tau_m, double tau_r,
                             core::Activation activation, bool bias) {
  return gle::layer_of_populations({size}, {tau_m}, {tau_r}, activation, bias);
}

gle::NetworkSpec end_to_end(Index width) {
  // Three populations, the remainder going to the first two (53 = 18 + 18 + 17).
  const Index third = (width + 2) / 3;
  const std::vector<Index> sizes{third, third, width - 2 * third};
  gle::NetworkSpec spec;
  spec.input_size = 1;
  for (int l = 0; l < 6; ++l) {
    spec.layers.push_back(gle::layer_of_populations(
        sizes, {0.6, 1.2, 1.2}, {0.2, 0.2, 1.2},
        l == 0 ? core::Activation::linear : core::Activation::tanh, true));
  }
  spec.layers.push_back(uniform_layer(kClasses, 1.2, 1.2, core::Activation::linear, true));
  return spec;
}

gle::NetworkSpec lagnet_le(double dt) {
  gle::NetworkSpec spec;
  spec.input_size = 1;
  gle::LayerSpec lag;
  lag.size = kLagChains;
  lag.activation = core::Activation::linear;
  lag.bias = false;
  for (Index i = 0; i < kLagChains; ++i) {
    lag.tau_m.push_back(dt + (kLagSlowest - dt) * static_cast<double>(i) /
                                 static_cast<double>(kLagChains - 1));
    lag.tau_r.push_back(dt);
  }
  for (Index l = 0; l < kLagLayers; ++l) spec.layers.push_back(lag);
  for (int l = 0; l < 2; ++l) {
    spec.layers.push_back(uniform_layer(60, 1.0, 1.0, core::Activation::tanh, true));
  }
  spec.layers.push_back(uniform_layer(kClasses, 1.0, 1.0, core::Activation::linear, true));
  return spec;
}

}  // namespace

Mnist1dNetwork mnist1d_network(Mnist1dPreset preset, double dt) {
  // The reference code's learning rates (half of Table 1's, as its golden run
  // confirms) rescaled from the 72-step to the 360-step stream.
  constexpr double kRescale = 72.0 / 360.0;
  Mnist1dNetwork network;
  switch (preset) {
    case Mnist1dPreset::e2e_15k:
      network.spec = end_to_end(53);
      network.learning_rate = 5e-3 * kRescale;
      break;
    case Mnist1dPreset::e2e_42k:
      network.spec = end_to_end(90);
      network.learning_rate = 2.5e-3 * kRescale;
      break;
    case Mnist1dPreset::lagnet_le:
      network.spec = lagnet_le(dt);
      network.learning_rate = 2.5e-3 * kRescale;
      for (Index l = kLagLayers + 1; l <= network.spec.depth(); ++l) {
        network.learned.layers.push_back(l);
      }
      break;
  }
  network.spec.gamma = 0;
  network.spec.beta = 1;
  network.spec.loss = core::Loss::cross_entropy;
  return network;
}

void initialise_mnist1d(Mnist1dPreset preset, gle::Parameters<float>& parameters,
                        core::Rng& rng) {
  parameters.initialise_uniform(rng);
  if (preset != Mnist1dPreset::lagnet_le) return;
  for (Index l = 0; l < kLagLayers; ++l) {
    auto& weights = parameters.layer(l).weights;
    // The first layer fans the single input out to every chain.
    if (l == 0) {
      weights.setOnes();
    } else {
      weights.setIdentity();
    }
  }
}

}  // namespace prospect::gle
