// Tree shapes, impossible ones as errors, and the initialisation of
// models/shunting/README.md, Initialisation (the headline values, and the
// golden tree's parameters).

#include <catch2/catch.hpp>
#include <cmath>

#include "models/shunting/initialisation.h"
#include "tests/models/shunting_golden.h"

using namespace prospect;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using shunting::InitPolicy;

namespace {

shunting::NetworkSpec headline(shunting::Core core = shunting::Core::shunting) {
  shunting::NetworkSpec spec;
  spec.inputs = 784;
  spec.layers = {{128, {3, 3}}};
  spec.excitatory_synapses = 40;
  spec.inhibitory_synapses = 20;
  spec.core = core;
  return spec;
}

}  // namespace

TEST_CASE("levels run from the leaves to the soma, each parent owning b children", "[unit]") {
  const auto spec = headline();
  const auto levels = spec.levels(0);
  REQUIRE(levels.size() == 3);
  CHECK(levels[0].compartments == 1152);
  CHECK(levels[0].children == 0);
  CHECK(levels[0].synapses);
  CHECK(levels[1].compartments == 384);
  CHECK(levels[1].children == 3);
  CHECK(levels[2].compartments == 128);
  CHECK(levels[2].children == 3);
  CHECK_FALSE(levels[2].synapses);
  auto uneven = spec;
  uneven.layers = {{2, {4, 2}}, {5, {3}}};
  const auto first = uneven.levels(0);
  CHECK(first[0].compartments == 16);  // 2 · 4 · 2 leaves
  CHECK(first[1].children == 2);       // the outer factor feeds the middle level
  CHECK(first[2].children == 4);
  CHECK(uneven.layer_inputs(1) == 2);
}

TEST_CASE("impossible tree shapes are errors naming the key and the value", "[unit]") {
  auto spec = headline();
  spec.layers[0].branch_factors = {3, 0};
  CHECK_THROWS_WITH(spec.validate(), Contains("network.branch_factors contains 0") &&
                                         Contains("must be >= 1"));
  spec = headline();
  spec.layers[0].branch_factors = {};
  CHECK_THROWS_WITH(spec.validate(), Contains("network.branch_factors is empty"));
  spec = headline();
  spec.excitatory_synapses = 785;
  CHECK_THROWS_WITH(spec.validate(),
                    Contains("network.k_exc = 785 synapses per compartment, but the layer has only "
                             "784 inputs"));
  spec = headline();
  spec.layers = {{10, {3}}, {5, {3}}};
  CHECK_THROWS_WITH(spec.validate(), Contains("tree layer 2: network.k_exc = 40 synapses per "
                                              "compartment, but the layer has only 10 inputs"));
  spec = headline();
  spec.inhibitory_synapses = 1000;
  CHECK_THROWS_WITH(spec.validate(), Contains("network.k_inh = 1000"));
  spec = headline();
  spec.excitatory_synapses = 0;
  CHECK_THROWS_WITH(spec.validate(), Contains("network.k_exc = 0"));
  spec = headline();
  spec.layers[0].somata = 0;
  CHECK_THROWS_WITH(spec.validate(), Contains("network.somata = 0"));
  CHECK_THROWS_WITH(shunting::Parameters<float>(spec), Contains("network.somata = 0"));
}

TEST_CASE("the headline initialisation reproduces the table of models/shunting/README.md", "[unit]") {
  const auto spec = headline();
  SECTION("legacy_scale") {
    const auto leaf = shunting::level_initialisation(spec, 0, 0, InitPolicy::legacy_scale);
    CHECK_THAT(leaf.exc_mean, WithinAbs(-3.5835, 1e-4));
    CHECK_THAT(leaf.exc_std, WithinAbs(0.05048, 1e-5));
    CHECK_THAT(leaf.inh_mean, WithinAbs(-2.4035, 1e-4));
    CHECK_THAT(leaf.inh_std, WithinAbs(0.02524, 1e-5));
    CHECK_THAT(leaf.target_exc, WithinAbs(0.4147, 1e-4));
    CHECK_THAT(leaf.target_inh, WithinAbs(0.4148, 1e-4));
    CHECK_THAT(leaf.gate_bias, WithinAbs(0.2267, 1e-4));
    CHECK_THAT(leaf.gate_slope, WithinAbs(1.5, 1e-12));
    const auto middle = shunting::level_initialisation(spec, 0, 1, InitPolicy::legacy_scale);
    CHECK_THAT(middle.coupling, WithinAbs(16.06, 5e-3));
    CHECK_THAT(middle.gate_bias, WithinAbs(0.49, 1e-12));
    const auto soma = shunting::level_initialisation(spec, 0, 2, InitPolicy::legacy_scale);
    CHECK_THAT(soma.coupling, WithinAbs(16.33, 5e-3));
    CHECK_THAT(soma.gate_bias, WithinAbs(0.49, 1e-12));
  }
  SECTION("preserve_shunting_center") {
    const auto policy = InitPolicy::preserve_shunting_center;
    const auto leaf = shunting::level_initialisation(spec, 0, 0, policy);
    CHECK_THAT(leaf.exc_mean, WithinAbs(-1.9606, 1e-4));
    CHECK_THAT(leaf.inh_mean, WithinAbs(-1.5139, 1e-4));
    CHECK_THAT(leaf.target_exc, WithinAbs(2.902, 1e-3));
    CHECK_THAT(leaf.target_inh, WithinAbs(2.098, 1e-3));
    CHECK_THAT(leaf.gate_bias, WithinAbs(0.4837, 1e-4));
    const auto middle = shunting::level_initialisation(spec, 0, 1, policy);
    CHECK_THAT(middle.coupling, WithinAbs(2.00, 5e-3));
    CHECK_THAT(middle.gate_bias, WithinAbs(0.4919, 1e-4));
    CHECK_THAT(shunting::level_initialisation(spec, 0, 2, policy).coupling, WithinAbs(16.33, 5e-3));
  }
  SECTION("additive cores: unit couplings, slope 0.1") {
    const auto additive = headline(shunting::Core::additive);
    const auto middle = shunting::level_initialisation(additive, 0, 1, InitPolicy::legacy_scale);
    CHECK(middle.coupling == 1.0);
    CHECK(middle.gate_slope == 0.1);
    CHECK_THAT(middle.gate_bias, WithinAbs(middle.target_exc - middle.target_inh, 1e-15));
    CHECK(shunting::level_initialisation(additive, 0, 0, InitPolicy::legacy_scale).gate_bias == 0.0);
  }
}

TEST_CASE("the initialisation matches the golden tree's parameters", "[golden]") {
  const test::ShuntingGolden golden;
  for (const auto core : {shunting::Core::shunting, shunting::Core::additive}) {
    shunting::Parameters<double> ours(test::ShuntingGolden::spec(core));
    core::Rng rng(3);
    shunting::initialise(ours, InitPolicy::legacy_scale, rng);
    const std::string group = core::name_of(shunting::kCoreNames, core) + "/init";
    for (const auto& ref : ours.all()) {
      const VectorD expected = golden.values_of(group, ref.name);
      const Eigen::Map<const VectorD> value(ref.value, ref.size);
      INFO(group << " " << ref.name);
      if (ref.name.ends_with("preE") || ref.name.ends_with("preI")) {
        // Drawn from N(mean, std²) by another generator: the sample moments agree.
        const double n = static_cast<double>(ref.size);
        const auto moments = [n](const VectorD& v) {
          const double mean = v.mean();
          return std::pair{mean, std::sqrt((v.array() - mean).square().sum() / n)};
        };
        const auto [our_mean, our_std] = moments(value);
        const auto [golden_mean, golden_std] = moments(expected);
        CHECK_THAT(our_mean, WithinAbs(golden_mean, 5 * golden_std / std::sqrt(n)));
        CHECK_THAT(our_std, WithinRel(golden_std, 0.05));
      } else if (ref.name.starts_with("decoder")) {
        const double bound = 1 / std::sqrt(4.0);
        CHECK(value.cwiseAbs().maxCoeff() <= bound);
        CHECK(expected.cwiseAbs().maxCoeff() <= bound);
      } else {
        CHECK((value - expected).cwiseAbs().maxCoeff() < 1e-12 * std::max(1.0, expected.cwiseAbs().maxCoeff()));
      }
    }
  }
}

TEST_CASE("the headline network's input resistance at initialisation",
          "[golden]") {
  // Mean R per level: 0.727 / 0.020 / 0.020 in the spec (on MNIST); here on the
  // golden's 32 images, whose brightness differs by a few percent from the mean.
  const test::ShuntingGolden golden;
  shunting::Parameters<double> parameters(headline());
  core::Rng rng(1);
  shunting::initialise(parameters, InitPolicy::legacy_scale, rng);
  shunting::Network<double> network(std::move(parameters), {});
  network.evaluate(golden.input(), golden.target());
  const double expected[] = {0.727, 0.020, 0.020};
  for (Index i = 0; i < 3; ++i) {
    INFO("level " << i);
    CHECK_THAT(network.level(0, i).signals().resistance.topRows(32).mean(), WithinAbs(expected[i], 0.015));
  }
}
