// The continuous-time compartment dynamics: relaxed by Euler or RK4 they
// reach the steady-state voltages, at the rate of the total conductance; and
// the errors for inputs or parameters that make no voltages.

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/models/shunting_small.h"

using namespace prospect;
using Catch::Matchers::Contains;
using shunting::Core;

namespace {

shunting::NetworkSettings continuous(integrators::StepperKind stepper, double dt) {
  shunting::NetworkSettings settings;
  settings.scheme = shunting::Scheme::continuous;
  settings.continuous.stepper = stepper;
  settings.continuous.tau = 1;
  settings.continuous.settling = {dt, 1e-11, 200000, 0};
  return settings;
}

}  // namespace

TEST_CASE("Euler and RK4 relax to the steady-state voltages (both cores, two layers)",
          "[unit]") {
  for (const Core core : {Core::shunting, Core::additive}) {
    const auto spec = test::small_spec(core, true);
    const MatrixD x = test::small_input(spec.inputs, 4);
    const MatrixD t = test::small_target(spec.classes, 4);
    shunting::Network<double> steady(test::small_parameters(spec), {});
    const double steady_loss = steady.evaluate(x, t);
    for (const auto stepper : {integrators::StepperKind::euler, integrators::StepperKind::rk4}) {
      shunting::Network<double> relaxed(test::small_parameters(spec), continuous(stepper, 0.01));
      const double relaxed_loss = relaxed.evaluate(x, t);
      INFO(core::name_of(shunting::kCoreNames, core) << ", " << core::name_of(integrators::kStepperNames, stepper));
      for (Index l = 0; l < 2; ++l) {
        for (Index i = 0; i < static_cast<Index>(spec.levels(l).size()); ++i) {
          const MatrixD a = relaxed.level(l, i).signals().voltage.topRows(4);
          const MatrixD b = steady.level(l, i).signals().voltage.topRows(4);
          CHECK((a - b).cwiseAbs().maxCoeff() < 1e-10);
        }
      }
      CHECK_THAT(relaxed_loss, Catch::Matchers::WithinAbs(steady_loss, 1e-10));
    }
  }
}

TEST_CASE("a compartment relaxes at its total conductance: inhibition speeds it up", "[unit]") {
  // A leaf from rest: V(t) = V* (1 − exp(−g_tot t / τ)), g_tot = 1 + E + I.
  const auto spec = test::small_spec(Core::shunting);
  auto settings = continuous(integrators::StepperKind::rk4, 0.001);
  settings.continuous.tau = 2;
  shunting::Network<double> network(test::small_parameters(spec), settings);
  const MatrixD x = test::small_input(spec.inputs, 3);
  network.evaluate(x, test::small_target(spec.classes, 3));
  const auto& leaf = network.level(0, 0).signals();
  const VectorD settled = leaf.voltage.col(0).head(3);
  const VectorD total = (1 + leaf.exc.col(0).head(3).array() + leaf.inh.col(0).head(3).array()).matrix();
  double worst = 0;
  long checked = 0;
  network.relax(x, [&](double time) {
    if (std::abs(time - 0.5) > 1e-9 && std::abs(time - 1.5) > 1e-9) return;
    const VectorD v = network.level(0, 0).signals().voltage.col(0).head(3);
    const VectorD expected =
        settled.array() * (1 - (-total.array() * time / 2).exp());
    worst = std::max(worst, (v - expected).cwiseAbs().maxCoeff());
    ++checked;
  });
  CHECK(checked == 2);
  CHECK(worst < 1e-9);
}

TEST_CASE("bad inputs and diverged parameters are errors naming where", "[unit]") {
  const auto spec = test::small_spec(Core::shunting);
  shunting::Network<float> network(test::small_parameters(spec).cast<float>(), {});
  const MatrixF t = test::small_target(spec.classes, 2).cast<float>();
  MatrixF x = test::small_input(spec.inputs, 2).cast<float>();
  CHECK_THROWS_WITH(network.evaluate(MatrixF::Zero(5, 2), t),
                    Contains("input of 5 features; the network reads 12"));
  CHECK_THROWS_WITH(network.evaluate(x, MatrixF::Zero(3, 5)),
                    Contains("target of shape 3 x 5; expected 3 x 2"));
  x(4, 1) = std::numeric_limits<float>::quiet_NaN();
  CHECK_THROWS_WITH(network.evaluate(x, t), Contains("input contains non-finite values"));
  x(4, 1) = 0.5f;
  network.parameters().level(0, 1).log_w(1, 2) = std::numeric_limits<float>::infinity();
  network.parameters_changed();
  CHECK_THROWS_WITH(network.evaluate(x, t), Contains("non-finite voltage V = ") &&
                                                Contains("layer 1, level 1, compartment 2"));
  // Too few steps to settle.
  auto settings = continuous(integrators::StepperKind::euler, 0.01);
  settings.continuous.settling.max_steps = 10;
  shunting::Network<double> slow(test::small_parameters(spec), settings);
  CHECK_THROWS_WITH(slow.evaluate(x.cast<double>(), t.cast<double>()),
                    Contains("relaxing the compartments: did not settle within 10 steps"));
}

TEST_CASE("a negative total conductance is an error before relaxing, not a divergence", "[unit]") {
  // Inputs of −10 make E + I far below −1: the steady state exists but repels.
  const auto spec = test::small_spec(Core::shunting);
  const MatrixD x = MatrixD::Constant(spec.inputs, 2, -10.0);
  const MatrixD t = test::small_target(spec.classes, 2);
  shunting::Network<double> steady(test::small_parameters(spec), {});
  steady.evaluate(x, t);
  const auto& leaf = steady.level(0, 0).signals();
  REQUIRE(leaf.resistance.topRows(2).minCoeff() < 0);
  shunting::Network<double> relaxed(
      test::small_parameters(spec), continuous(integrators::StepperKind::rk4, 0.01));
  CHECK_THROWS_WITH(relaxed.evaluate(x, t),
                    Contains("the steady state of layer 1, level 0, compartment 0, sample 0 repels") &&
                        Contains("data.channels = on_off"));
  // The additive core's leak alone sets its rate: the same input relaxes.
  const auto additive = test::small_spec(Core::additive);
  shunting::Network<double> additive_relaxed(
      test::small_parameters(additive), continuous(integrators::StepperKind::rk4, 0.01));
  CHECK(std::isfinite(additive_relaxed.evaluate(x, t)));
}
