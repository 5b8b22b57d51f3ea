// The EP network's dynamics and updates against their definitions
// (docs/ep_model.md §4-§5, §9): the drive is ∂Φ/∂s where an energy exists, the EP
// estimate is the contrast of ∂φ/∂θ, masks stay masked, and the relaxation
// schemes agree where they should.

#include <catch2/catch.hpp>

#include "core/divergence.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "models/ep/learner.h"
#include "tests/models/ep_networks.h"

using namespace prospect;
using namespace prospect::ep;
using namespace prospect::ep::testing;
using Catch::Matchers::Contains;

namespace {

using RowVectorD = Eigen::Matrix<double, 1, Eigen::Dynamic>;

double total_energy(const Network<double>& network, const VectorD& state, double beta,
                    const MatrixD& target) {
  RowVectorD e(network.batch());
  network.energy(state, beta, &target, e);
  return e.sum();
}

VectorD random_state(const Network<double>& network, std::uint64_t seed) {
  core::Rng rng(seed);
  VectorD s(network.state_size());
  rng.fill_uniform(s, 0.0, 1.0);
  return s;
}

// A DEP-E network with DEP's parameters: the sum of DEP's per-layer
// primitives φ_l depends on every parameter as DEP-E's energy does.
Network<double> with_energy(const Network<double>& network) {
  Architecture a = network.architecture();
  if (a.variant == Variant::dep) a.variant = Variant::dep_e;
  Network<double> copy(a);
  copy.pathways() = network.pathways();
  return copy;
}

// Runs `steps` steps of the reference map, returning the state after each.
std::vector<VectorF> trajectory(Network<float>& network, VectorF state, long steps, float beta,
                                const MatrixF& target, bool skip_cycles) {
  ReferenceRelaxation<float> relaxation(steps, steps, skip_cycles);
  std::vector<VectorF> states;
  relaxation.run(network, state, steps, beta, &target,
                 [&](const VectorF& s, long) { states.push_back(s); }, "test");
  REQUIRE(states.back() == state);
  return states;
}

}  // namespace

TEST_CASE("the drive is the gradient of the energy's primitive for EP-MLP and DEP-E", "[unit]") {
  for (const Variant variant : {Variant::ep_mlp, Variant::dep_e}) {
    auto network = small_network<double>(variant);
    const auto [input, target] = random_batch<double>(6, 3, 4, 7);
    network.set_input(input);
    const VectorD s = random_state(network, 8);
    for (const double beta : {0.0, 0.3}) {
      VectorD drive(network.state_size());
      network.drive(s, drive, beta, &target);
      // F = ∂Φ/∂s with Φ = ½‖s‖² − E.
      const double h = 1e-6;
      double worst = 0;
      for (Index i = 0; i < s.size(); ++i) {
        VectorD up = s, down = s;
        up[i] += h;
        down[i] -= h;
        const double dE = (total_energy(network, up, beta, target) -
                           total_energy(network, down, beta, target)) / (2 * h);
        worst = std::max(worst, std::abs(drive[i] - (s[i] - dE)));
      }
      INFO(core::name_of(ep::kVariantNames, variant) << ", beta " << beta);
      CHECK(worst < 1e-7);
    }
  }
}

TEST_CASE("the output drive is the output layer's block of the unnudged drive", "[unit]") {
  for (const Variant variant : kVariants) {
    auto network = small_network<float>(variant);
    const auto [input, target] = random_batch<float>(6, 3, 4, 12);
    network.set_input(input);
    VectorF s(network.state_size());
    core::Rng(13).fill_uniform(s, 0.0, 1.0);
    VectorF drive;
    network.drive(s, drive, 0.0f, nullptr);
    MatrixF output_drive;
    network.output_drive(s, output_drive);
    INFO(core::name_of(ep::kVariantNames, variant));
    CHECK(output_drive == network.output(drive));  // bit for bit: the same terms in the same order
    // DEP-E's output somata also receive the apical branches' transposed
    // feedback, so its drive is not the mean of ReLUs and can be negative.
    if (variant == Variant::dep) CHECK(output_drive.minCoeff() >= 0);
  }
}

TEST_CASE("the EP estimate is the contrast of dphi/dtheta between two states", "[unit]") {
  for (const Variant variant : kVariants) {
    auto network = small_network<double>(variant);
    const auto [input, target] = random_batch<double>(6, 3, 4, 9);
    network.set_input(input);
    const VectorD a = random_state(network, 10), b = random_state(network, 11);
    const double coefficient = 0.7;
    network.set_energy_gradient_difference(a, b, coefficient);

    auto energy_network = with_energy(network);
    energy_network.set_input(input);
    // ∂Φ/∂θ = −∂E/∂θ at β = 0.
    const auto contrast = [&] {
      return -coefficient * (total_energy(energy_network, a, 0, target) -
                             total_energy(energy_network, b, 0, target));
    };
    double worst = 0, largest = 0;
    long checked = 0;
    for (std::size_t k = 0; k < network.pathways().size(); ++k) {
      auto& p = energy_network.pathways()[k];
      const auto& estimate = network.pathways()[k];
      for (Index i = 0; i < p.weight.size(); ++i) {
        if (p.mask.size() > 0 && p.mask(i) == 0) {
          CHECK(estimate.weight_gradient(i) == 0);
          continue;
        }
        const double numeric = central_difference(energy_network, input, p.weight(i), contrast);
        worst = std::max(worst, std::abs(estimate.weight_gradient(i) - numeric));
        largest = std::max(largest, std::abs(numeric));
        ++checked;
      }
      for (Index i = 0; i < p.bias.size(); ++i) {
        const double numeric = central_difference(energy_network, input, p.bias(i), contrast);
        worst = std::max(worst, std::abs(estimate.bias_gradient(i) - numeric));
        ++checked;
      }
    }
    INFO(core::name_of(ep::kVariantNames, variant) << ": " << checked << " parameters");
    CHECK(largest > 0.01);
    CHECK(worst < 1e-7);
  }
}

TEST_CASE("masks keep round(p fan-in) inputs per branch and masked weights never move", "[unit]") {
  for (const std::string optimizer : {"sgd", "adam"}) {
    auto network = small_network<float>(Variant::dep);
    for (const auto& p : network.pathways()) {
      REQUIRE(p.mask.size() == p.weight.size());
      const Index kept = network.architecture().kept_inputs(p.weight.cols());
      CHECK((p.mask.rowwise().sum().array() == static_cast<float>(kept)).all());
      CHECK((p.weight.array() * (1 - p.mask.array()) == 0).all());
    }
    LearnerSettings settings;
    settings.scheme.free_steps = 20;
    settings.scheme.nudged_steps = 4;
    Learner learner(network, settings);
    auto refs = learner.parameter_refs();
    core::OptimizerSettings o;
    o.kind = core::parse(core::kOptimizerNames, "optimizer", optimizer);
    o.learning_rate = 0.05;
    o.momentum = 0.9;
    auto opt = core::make_optimizer<float>(o, refs);
    for (std::uint64_t k = 0; k < 5; ++k) {
      const auto [input, target] = random_batch<float>(6, 3, 8, 20 + k);
      learner.learn(input, target);
      opt->step();
      learner.parameters_changed();
    }
    for (const auto& p : learner.network().pathways()) {
      INFO(optimizer << " " << p.name());
      CHECK((p.weight.array() * (1 - p.mask.array()) == 0).all());
      CHECK((p.weight.array() * p.mask.array() != 0).count() == p.mask.sum());
    }
  }
}

TEST_CASE("skipping the steps of a repeating state changes no bit", "[unit]") {
  long skipped = 0;
  for (const Variant variant : kVariants) {
    for (const double gain : {1.0, 2.5}) {
      auto network = small_network<float>(variant, 5, gain);
      const auto [input, target] = random_batch<float>(6, 3, 16, 12);
      network.set_input(input);
      const VectorF zero = VectorF::Zero(network.state_size());
      const auto exact = trajectory(network, zero, 60, 0, target, false);
      const auto fast = trajectory(network, zero, 60, 0, target, true);
      REQUIRE(exact.size() == fast.size());
      for (std::size_t t = 0; t < exact.size(); ++t) REQUIRE(exact[t] == fast[t]);
      for (const float beta : {0.1f, -0.1f}) {
        const auto nudged_exact = trajectory(network, exact.back(), 12, beta, target, false);
        const auto nudged_fast = trajectory(network, exact.back(), 12, beta, target, true);
        for (std::size_t t = 0; t < nudged_exact.size(); ++t) {
          REQUIRE(nudged_exact[t] == nudged_fast[t]);
        }
      }
      ReferenceRelaxation<float> relaxation(60, 12);
      VectorF state = zero;
      const auto summary = relaxation.relax(network, state, Phase::free, 0, &target, {});
      skipped += summary.steps - summary.computed;
    }
  }
  CHECK(skipped > 0);  // the free phases do reach repeating states
}

TEST_CASE("Euler with dt = tau is the reference map", "[unit]") {
  for (const Variant variant : kVariants) {
    auto network = small_network<float>(variant, 6);
    const auto [input, target] = random_batch<float>(6, 3, 16, 13);
    network.set_input(input);
    OdeSettings ode;
    ode.stepper = integrators::StepperKind::euler;
    ode.tau = ode.dt = 1;
    ode.tolerance = 1e-6;
    ode.max_steps = 200;
    OdeRelaxation<float> euler(ode);
    // The free phase from rest, then the nudged phase from its end.
    VectorF state = VectorF::Zero(network.state_size());
    for (const float beta : {0.0f, 0.1f}) {
      const VectorF start = state;
      std::vector<VectorF> ode_states;
      euler.relax(network, state, beta == 0 ? Phase::free : Phase::plus, beta, &target,
                  [&](const VectorF& s, long) { ode_states.push_back(s); });
      const auto reference = trajectory(network, start, static_cast<long>(ode_states.size()),
                                        beta, target, false);
      INFO(core::name_of(ep::kVariantNames, variant) << ", beta " << beta << ": " << ode_states.size() << " steps");
      for (std::size_t t = 0; t < ode_states.size(); ++t) CHECK(ode_states[t] == reference[t]);
    }
  }
}

TEST_CASE("RK4 settles to the fixed points Euler and the reference map reach", "[unit]") {
  for (const Variant variant : kVariants) {
    auto network = small_network<double>(variant, 6);
    const auto [input, target] = random_batch<double>(6, 3, 16, 14);
    network.set_input(input);
    OdeSettings settings;
    settings.tolerance = 1e-11;
    settings.max_steps = 5000;
    settings.stepper = integrators::StepperKind::euler;
    VectorD euler_state = VectorD::Zero(network.state_size());
    OdeRelaxation<double>(settings).relax(network, euler_state, Phase::free, 0, &target, {});
    settings.stepper = integrators::StepperKind::rk4;
    settings.dt = 0.5;
    VectorD rk4_state = VectorD::Zero(network.state_size());
    const auto summary =
        OdeRelaxation<double>(settings).relax(network, rk4_state, Phase::free, 0, &target, {});
    // A fixed point of s = σ(F(s)) whatever the stepper.
    VectorD mapped;
    network.step(rk4_state, mapped, 0, &target);
    INFO(core::name_of(ep::kVariantNames, variant) << ": RK4 settled in " << summary.steps << " steps");
    CHECK((mapped - rk4_state).cwiseAbs().maxCoeff() < 1e-9);
    CHECK((rk4_state - euler_state).cwiseAbs().maxCoeff() < 1e-9);
  }
}

TEST_CASE("the energy decreases along the continuous-time relaxation", "[unit]") {
  for (const Variant variant : {Variant::ep_mlp, Variant::dep_e}) {
    auto network = small_network<double>(variant, 6);
    const auto [input, target] = random_batch<double>(6, 3, 8, 15);
    network.set_input(input);
    OdeSettings settings;
    settings.stepper = integrators::StepperKind::rk4;
    settings.dt = 0.05;
    settings.tolerance = 1e-8;
    settings.max_steps = 20000;
    for (const double beta : {0.0, 0.5}) {
      VectorD state = VectorD::Zero(network.state_size());
      RowVectorD previous(network.batch()), now(network.batch());
      network.energy(state, beta, &target, previous);
      double worst_rise = -1;
      OdeRelaxation<double>(settings).relax(
          network, state, beta == 0 ? Phase::free : Phase::plus, beta, &target,
          [&](const VectorD& s, long) {
            network.energy(s, beta, &target, now);
            worst_rise = std::max(worst_rise, (now - previous).maxCoeff());
            previous = now;
          });
      INFO(core::name_of(ep::kVariantNames, variant) << ", beta " << beta);
      CHECK(worst_rise < 1e-12);
    }
  }
}

TEST_CASE("bad input and unsettled relaxations are errors that say where", "[unit]") {
  auto network = small_network<float>(Variant::dep);
  LearnerSettings settings;
  Learner learner(network, settings);
  const auto [input, target] = random_batch<float>(6, 3, 4, 16);
  CHECK_THROWS_WITH(learner.learn(MatrixF::Zero(7, 4), target),
                    Contains("input of 7 features") && Contains("input width is 6"));
  CHECK_THROWS_WITH(learner.learn(input, MatrixF::Zero(4, 4)),
                    Contains("targets of 4 classes") && Contains("output layer has 3"));
  MatrixF bad = input;
  bad(2, 3) = NAN;
  CHECK_THROWS_WITH(learner.evaluate(bad, target), Contains("input feature 2 of sample 3 is nan"));

  settings.scheme.kind = SchemeKind::ode;
  settings.scheme.ode.tolerance = 1e-12;
  settings.scheme.ode.max_steps = 3;
  Learner unsettled(network, settings);
  CHECK_THROWS_WITH(unsettled.learn(input, target),
                    Contains("EP free phase") && Contains("did not settle within 3 steps") &&
                        Contains("residual") && Contains("at step 3"));

  auto broken = network;
  broken.pathways()[1].weight(0, 0) = INFINITY;
  Learner reference(broken, LearnerSettings{});
  CHECK_THROWS_WITH(reference.learn(input, target),
                    Contains("EP free phase: the state is not finite at step 1"));
  CHECK_THROWS_AS(reference.learn(input, target), core::Diverged);
  settings.scheme.ode.max_steps = 100;
  Learner ode(broken, settings);
  CHECK_THROWS_WITH(ode.learn(input, target),
                    Contains("EP free phase") && Contains("drive is not finite in step 1"));
  CHECK_THROWS_AS(ode.learn(input, target), core::Diverged);

  settings.algorithm = Algorithm::bptt;
  CHECK_THROWS_WITH(Learner(network, settings),
                    Contains("key 'integrator.scheme' = 'ode'") && Contains("expected reference"));
}
