// The MNIST-1D networks of the GLE paper: sizes, populations, initialisation.

#include <catch2/catch.hpp>

#include "models/gle/mnist1d_network.h"

using namespace prospect;

TEST_CASE("MNIST-1D presets: the paper's sizes and populations", "[unit]") {
  const auto small = gle::mnist1d_network(gle::Mnist1dPreset::e2e_15k, 0.2);
  gle::Parameters<float> p15(small.spec);
  CHECK(core::total_size(p15.trainable(small.learned)) == 14956);
  CHECK(small.spec.layers[0].activation == core::Activation::linear);
  CHECK(small.spec.layers[1].activation == core::Activation::tanh);
  CHECK(small.spec.layers[0].tau_m[0] == 0.6);
  CHECK(small.spec.layers[0].tau_r[17] == 0.2);
  CHECK(small.spec.layers[0].tau_m[18] == 1.2);
  CHECK(small.spec.layers[0].tau_r[36] == 1.2);
  CHECK(small.learning_rate == Approx(1e-3));

  const auto large = gle::mnist1d_network(gle::Mnist1dPreset::e2e_42k, 0.2);
  gle::Parameters<float> p42(large.spec);
  CHECK(core::total_size(p42.trainable(large.learned)) == 42040);

  const auto lag = gle::mnist1d_network(gle::Mnist1dPreset::lagnet_le, 0.2);
  gle::Parameters<float> lag_parameters(lag.spec);
  core::Rng rng(1);
  gle::initialise_mnist1d(gle::Mnist1dPreset::lagnet_le, lag_parameters, rng);
  CHECK(lag_parameters.layer(1).weights.isIdentity());
  CHECK(lag_parameters.layer(0).weights.isOnes());
  CHECK(lag.spec.layers[0].tau_m.front() == Approx(0.2));
  CHECK(lag.spec.layers[0].tau_m.back() == Approx(1.8));
  // Only the LE MLP on top learns: 10·60+60 + 60·60+60 + 60·10+10.
  CHECK(core::total_size(lag_parameters.trainable(lag.learned)) == 660 + 3660 + 610);
  CHECK_THROWS_WITH(core::parse(gle::kMnist1dPresetNames, "preset", "e2e-1k"),
                    Catch::Contains("key 'preset' = 'e2e-1k': expected e2e-15k, e2e-42k or lagnet-le"));
}
