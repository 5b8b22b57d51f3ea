// The adjoint method: exact gradients of the discrete integrated cost, checked
// against central finite differences, and its forward passes against the
// schemes they discretise.

#include <catch2/catch.hpp>
#include <cmath>

#include "models/gle/adjoint.h"
#include "models/gle/ode_scheme.h"
#include "models/gle/reference_scheme.h"
#include "tests/models/test_signals.h"

using namespace prospect;

namespace {

// Three layers, mixed time constants (τr < τm, = τm, > τm) and activations, biases.
gle::NetworkSpec mixed_network() {
  gle::NetworkSpec spec;
  spec.input_size = 2;
  spec.layers.push_back({.size = 3, .activation = core::Activation::tanh,
                         .tau_m = {0.5, 1.0, 2.0}, .tau_r = {0.1, 1.0, 0.3}, .bias = true});
  spec.layers.push_back({.size = 2, .activation = core::Activation::tanh,
                         .tau_m = {1.0, 0.3}, .tau_r = {0.2, 0.6}, .bias = false});
  spec.layers.push_back({.size = 2, .activation = core::Activation::sigmoid,
                         .tau_m = {0.8, 1.5}, .tau_r = {0.8, 0.2}, .bias = true});
  return spec;
}

MatrixD target_at(double t) {
  MatrixD y(2, 2);
  y << 0.5 + 0.3 * std::sin(0.9 * t), 0.2, 0.6, 0.5 + 0.4 * std::cos(1.7 * t);
  return y;
}

constexpr double dt = 0.01;
constexpr long warm_up = 150;  // a first window, so the checked one starts from a moving state
constexpr long window = 300;

// Runs the warm-up window, then the checked one; returns the checked window's
// cost and leaves its gradients in the parameters.
double window_cost(gle::Parameters<double>& parameters, gle::AdjointForward forward,
                   const gle::Parameters<double>* perturbed = nullptr) {
  gle::AdjointMethod<double> adjoint(parameters, 2, forward, dt);
  const gle::Parameters<double> original = parameters;
  long k = 0;
  for (; k < warm_up; ++k) {
    const double t = static_cast<double>(k) * dt;
    adjoint.step(input_at(t), target_at(t + dt));
  }
  adjoint.backward();
  if (perturbed != nullptr) parameters = *perturbed;
  for (; k < warm_up + window; ++k) {
    const double t = static_cast<double>(k) * dt;
    adjoint.step(input_at(t), target_at(t + dt));
  }
  const double cost = adjoint.backward();
  if (perturbed != nullptr) parameters = original;
  return cost;
}

}  // namespace

TEST_CASE("adjoint: gradients of every parameter match finite differences of the cost", "[unit]") {
  for (const auto forward : {gle::AdjointForward::staggered, gle::AdjointForward::sequential}) {
    DYNAMIC_SECTION(core::name_of(gle::kAdjointForwardNames, forward)) {
      gle::Parameters<double> parameters(mixed_network());
      core::Rng rng(3);
      parameters.initialise_uniform(rng);
      window_cost(parameters, forward);
      const gle::Parameters<double> at = parameters;  // holds the adjoint gradients
      double worst = 0;
      int checked = 0;
      for (Index l = 0; l < at.depth(); ++l) {
        const auto& g = at.layer(l);
        struct Family {
          const char* name;
          Index size;
          const double* gradient;
          double* (*value)(gle::LayerParameters<double>&, Index);
        };
        const Family families[] = {
            {"W", g.weights.size(), g.grad_weights.data(),
             [](gle::LayerParameters<double>& p, Index i) { return p.weights.data() + i; }},
            {"b", at.spec().layers[static_cast<std::size_t>(l)].bias ? g.bias.size() : 0,
             g.grad_bias.data(),
             [](gle::LayerParameters<double>& p, Index i) { return p.bias.data() + i; }},
            {"tau_m", g.tau_m.size(), g.grad_tau_m.data(),
             [](gle::LayerParameters<double>& p, Index i) { return p.tau_m.data() + i; }},
            {"tau_r", g.tau_r.size(), g.grad_tau_r.data(),
             [](gle::LayerParameters<double>& p, Index i) { return p.tau_r.data() + i; }},
        };
        for (const auto& family : families) {
          for (Index i = 0; i < family.size; ++i) {
            const double h = 1e-5;
            gle::Parameters<double> plus = at, minus = at;
            *family.value(plus.layer(l), i) += h;
            *family.value(minus.layer(l), i) -= h;
            gle::Parameters<double> scratch = at;
            const double difference = (window_cost(scratch, forward, &plus) -
                                       window_cost(scratch, forward, &minus)) / (2 * h);
            const double adjoint = family.gradient[i];
            const double relative = std::abs(adjoint - difference) / std::abs(difference);
            INFO("layer " << l + 1 << " " << family.name << "[" << i << "]: adjoint " << adjoint
                          << ", finite difference " << difference);
            CHECK(relative <= 1e-4);
            worst = std::max(worst, relative);
            ++checked;
          }
        }
      }
      CHECK(checked == (6 + 3 + 3 + 3) + (6 + 2 + 2) + (4 + 2 + 2 + 2));  // W, b, τm, τr per layer
      WARN(core::name_of(gle::kAdjointForwardNames, forward) << ": worst relative error " << worst << " over " << checked
                                   << " parameters");
    }
  }
}

TEST_CASE("adjoint: the forward passes are the schemes they discretise", "[unit]") {
  gle::NetworkSpec spec = mixed_network();
  spec.prospective_errors = false;  // a teacher: no errors, so γ e = 0 as in the adjoint method
  spec.gamma = 1;
  gle::Parameters<double> parameters(spec);
  core::Rng rng(4);
  parameters.initialise_uniform(rng);
  gle::AdjointMethod<double> staggered(parameters, 2, gle::AdjointForward::staggered, dt);
  gle::AdjointMethod<double> sequential(parameters, 2, gle::AdjointForward::sequential, dt);
  gle::ReferenceScheme<double> reference(parameters, 2);
  gle::OdeScheme<double> euler(parameters, 2, integrators::StepperKind::euler);
  double worst_staggered = 0, worst_sequential = 0;
  MatrixD previous_staggered = MatrixD::Zero(2, 2);
  for (long k = 0; k < 500; ++k) {
    const double t = static_cast<double>(k) * dt;
    const MatrixD x = input_at(t);
    reference.step({.input_begin = &x}, t, dt);
    euler.step({.input_begin = &x}, t, dt);
    // The reference scheme reports the output before its step: the previous
    // staggered one. Sequential outputs are those at the start of the step, as ode's.
    worst_staggered = std::max(worst_staggered, (reference.output() - previous_staggered).cwiseAbs().maxCoeff());
    staggered.step(x, target_at(t));
    previous_staggered = staggered.output();
    sequential.step(x, target_at(t));
    worst_sequential = std::max(worst_sequential, (euler.output() - sequential.output()).cwiseAbs().maxCoeff());
  }
  CHECK(previous_staggered.cwiseAbs().maxCoeff() > 0.1);
  CHECK(worst_staggered <= 1e-14);
  CHECK(worst_sequential <= 1e-14);
}

TEST_CASE("adjoint: at an output with tau_m = tau_r the adjoint is the target error", "[unit]") {
  gle::NetworkSpec spec;
  spec.input_size = 2;
  spec.layers.push_back({.size = 2, .activation = core::Activation::tanh,
                         .tau_m = {0.7, 1.2}, .tau_r = {0.7, 1.2}, .bias = true});
  gle::Parameters<double> parameters(spec);
  core::Rng rng(5);
  parameters.initialise_uniform(rng);
  gle::AdjointMethod<double> adjoint(parameters, 2, gle::AdjointForward::sequential, dt);
  std::vector<MatrixD> expected;
  for (long k = 0; k < 100; ++k) {
    const double t = static_cast<double>(k) * dt;
    adjoint.step(input_at(t), target_at(t));
    const MatrixD r = adjoint.output();
    expected.push_back(((target_at(t) - r).array() * (1 - r.array().square())).matrix());
  }
  adjoint.backward();
  double worst = 0, scale = 0;
  for (long k = 0; k < 100; ++k) {
    worst = std::max(worst, (adjoint.adjoint(0, k) - expected[static_cast<std::size_t>(k)]).cwiseAbs().maxCoeff());
    scale = std::max(scale, expected[static_cast<std::size_t>(k)].cwiseAbs().maxCoeff());
  }
  CHECK(scale > 0.1);
  CHECK(worst <= 1e-12);
  CHECK_THROWS_WITH(adjoint.adjoint(0, 100), Catch::Contains("no adjoint for layer 0 at step 100"));
}
