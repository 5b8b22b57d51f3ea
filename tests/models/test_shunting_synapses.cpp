// Top-K synapse selection and its incremental update, and the sparse gathers
// against the masked dense form (models/shunting/README.md, Parameters).

#include <catch2/catch.hpp>

#include "tests/models/shunting_small.h"

using namespace prospect;

TEST_CASE("the K largest raw values are active, ties going to the lower index", "[unit]") {
  MatrixF raw(6, 2);
  raw << 0.5f, 1.0f,  //
      2.0f, 1.0f,     //
      -1.0f, 3.0f,    //
      2.0f, 1.0f,     //
      0.1f, 0.0f,     //
      2.0f, -5.0f;
  shunting::ActiveSynapses<float> synapses(6, 2, 2);
  synapses.select(raw);
  CHECK(synapses.index()(0, 0) == 1);  // three 2.0s: the two lowest indices
  CHECK(synapses.index()(1, 0) == 3);
  CHECK(synapses.index()(0, 1) == 0);  // 3.0, then the first of three 1.0s
  CHECK(synapses.index()(1, 1) == 2);
  CHECK(synapses.flat() == std::vector<Index>{1, 3, 6, 8});
  CHECK_THAT(synapses.conductance()(0, 1), Catch::Matchers::WithinRel(std::log1p(std::exp(1.0f)), 1e-6f));
  // After a change that promotes an inactive entry, update() re-selects.
  raw(5, 0) = 2.5f;
  CHECK(synapses.update(raw) == 1);
  CHECK(synapses.index()(0, 0) == 1);
  CHECK(synapses.index()(1, 0) == 5);
  CHECK(synapses.update(raw) == 0);
}

TEST_CASE("incremental updates select what a full selection does", "[unit]") {
  core::Rng rng(11);
  MatrixF raw(40, 30);
  for (Index k = 0; k < raw.size(); ++k) raw.data()[k] = static_cast<float>(rng.normal());
  shunting::ActiveSynapses<float> incremental(40, 30, 7), full(40, 30, 7);
  incremental.select(raw);
  Index changed = 0;
  for (int round = 0; round < 50; ++round) {
    // Move the active entries (as an optimizer does), now and then onto a tie.
    for (const Index i : incremental.flat()) raw.data()[i] += static_cast<float>(0.3 * rng.normal());
    raw(round % 40, round % 30) = raw((round + 1) % 40, round % 30);
    changed += incremental.update(raw);
    full.select(raw);
    REQUIRE(incremental.index() == full.index());
    REQUIRE(incremental.conductance() == full.conductance());
  }
  CHECK(changed > 0);
}

TEST_CASE("sparse gathers equal the masked dense form, forward and gradients", "[unit]") {
  for (const auto core : {shunting::Core::shunting, shunting::Core::additive}) {
    const auto spec = test::small_spec(core);
    shunting::Network<double> network(test::small_parameters(spec), {});
    const MatrixD x = test::small_input(spec.inputs, 5);
    network.exact_gradients(x, test::small_target(spec.classes, 5));
    const MatrixD samples = x.transpose();  // batch × inputs
    for (Index i = 0; i < 2; ++i) {
      const auto& level = network.level(0, i);
      const auto& s = level.signals();
      const auto& p = network.parameters().level(0, i);
      INFO(core::name_of(shunting::kCoreNames, core) << " level " << i);
      const auto check = [&](const shunting::ActiveSynapses<double>& synapses,
                             const MatrixD& drive, const MatrixD& factor,
                             const MatrixD& gradient) {
        const MatrixD conductance = synapses.dense(synapses.conductance());
        const MatrixD mask_slope = synapses.dense(synapses.slope());
        CHECK((samples * conductance - drive.topRows(5)).cwiseAbs().maxCoeff() < 1e-13);
        const MatrixD dense_gradient =
            mask_slope.cwiseProduct(samples.transpose() * factor.topRows(5));
        CHECK((dense_gradient - gradient).cwiseAbs().maxCoeff() < 1e-15);
        CHECK((gradient.array() != 0).count() <= synapses.k() * level.compartments());
      };
      check(level.excitatory(), s.exc, s.exc_factor, p.grad_pre_exc);
      check(level.inhibitory(), s.inh, s.inh_factor, p.grad_pre_inh);
    }
  }
}
