// The exact continuous-time scheme (ode) against the published staggered
// scheme (reference): they must approach each other as dt shrinks.

#include <catch2/catch.hpp>
#include <cmath>

#include <omp.h>

#include "core/optimizer.h"
#include "models/gle/make_scheme.h"
#include "models/gle/reference_scheme.h"
#include "tests/models/test_signals.h"

using namespace prospect;

namespace {

// Three layers with mixed time constants and activations, two inputs.
gle::NetworkSpec mixed_network(double gamma) {
  gle::NetworkSpec spec;
  spec.input_size = 2;
  spec.layers.push_back({.size = 3, .activation = core::Activation::tanh,
                         .tau_m = {0.5, 1.0, 2.0}, .tau_r = {0.1, 1.0, 0.3}, .bias = true});
  spec.layers.push_back({.size = 3, .activation = core::Activation::sigmoid,
                         .tau_m = {1.0, 0.3, 0.7}, .tau_r = {0.2, 0.3, 0.05}, .bias = true});
  spec.layers.push_back({.size = 2, .activation = core::Activation::linear,
                         .tau_m = {0.8, 1.5}, .tau_r = {0.8, 0.2}, .bias = true});
  spec.gamma = gamma;
  spec.beta = 0.5;
  spec.loss = core::Loss::mse;
  return spec;
}

MatrixD target_at(double t) {
  MatrixD y(2, 2);
  y << 0.3 * std::sin(0.9 * t), 0.2, -0.1, 0.4 * std::cos(1.7 * t);
  return y;
}

// Max difference of the outputs and bottom-layer errors of the two schemes
// over t in [2, 8], learning off.
double scheme_difference(double gamma, double dt) {
  const auto spec = mixed_network(gamma);
  gle::Parameters<double> parameters(spec);
  core::Rng rng(7);
  parameters.initialise_uniform(rng);
  gle::ReferenceScheme<double> reference(parameters, 2);
  gle::OdeScheme<double> ode(parameters, 2, integrators::StepperKind::rk4);
  reference.set_gradients(false);
  ode.set_gradients(false);
  const long steps = std::lround(8.0 / dt);
  double worst = 0;
  MatrixD x0, x1, y0, y1;
  for (long k = 0; k < steps; ++k) {
    const double t = static_cast<double>(k) * dt;
    x0 = input_at(t);
    x1 = input_at(t + dt);
    y0 = target_at(t);
    y1 = target_at(t + dt);
    reference.step({.input_begin = &x0, .target_begin = &y0}, t, dt);
    ode.step({.input_begin = &x0, .input_end = &x1, .target_begin = &y0, .target_end = &y1}, t,
             dt);
    if (t >= 2.0) {
      worst = std::max(worst, (reference.output() - ode.output()).cwiseAbs().maxCoeff());
      worst = std::max(worst, (reference.signal(0, gle::Signal::e) - ode.signal(0, gle::Signal::e))
                                  .cwiseAbs()
                                  .maxCoeff());
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("ode (RK4) and reference schemes approach each other as dt shrinks", "[unit]") {
  for (const double gamma : {0.0, 0.5}) {
    double previous = scheme_difference(gamma, 0.02);
    for (const double dt : {0.01, 0.005, 0.0025}) {
      const double difference = scheme_difference(gamma, dt);
      INFO("gamma " << gamma << " dt " << dt << ": difference " << difference << " (was "
                    << previous << ")");
      // The reference scheme delays each layer by one step: first order in dt.
      CHECK(difference < 0.6 * previous);
      previous = difference;
    }
    CHECK(previous < 1e-3);
  }
}

TEST_CASE("for a single layer the reference scheme is forward Euler on the membrane", "[unit]") {
  gle::NetworkSpec spec;
  spec.input_size = 2;
  spec.layers.push_back({.size = 3, .activation = core::Activation::tanh,
                         .tau_m = {0.5, 1.0, 2.0}, .tau_r = {0.1, 1.0, 0.3}, .bias = true});
  gle::Parameters<double> parameters(spec);
  core::Rng rng(3);
  parameters.initialise_uniform(rng);
  gle::ReferenceScheme<double> reference(parameters, 2);
  gle::OdeScheme<double> euler(parameters, 2, integrators::StepperKind::euler);
  const double dt = 0.01;
  double worst = 0;
  for (long k = 0; k < 500; ++k) {
    const MatrixD x = input_at(static_cast<double>(k) * dt);
    reference.step({.input_begin = &x}, static_cast<double>(k) * dt, dt);
    euler.step({.input_begin = &x}, static_cast<double>(k) * dt, dt);
    // Reference u is after the step; the ode scheme's state vector too.
    const Eigen::Map<const MatrixD> u_ode(euler.state()->data(), 3, 2);
    worst = std::max(worst, (reference.signal(0, gle::Signal::u) - u_ode).cwiseAbs().maxCoeff());
  }
  CHECK(worst < 1e-14);
}

TEST_CASE("the implicit loop of the ode scheme fails loudly when it cannot converge", "[unit]") {
  const auto spec = mixed_network(0.5);
  gle::Parameters<double> parameters(spec);
  core::Rng rng(7);
  parameters.initialise_uniform(rng);
  gle::OdeScheme<double> ode(parameters, 2, integrators::StepperKind::rk4,
                             {.tolerance = 0, .max_iterations = 2});
  const MatrixD x = input_at(0.3), y = target_at(0.3);
  CHECK_THROWS_WITH(ode.step({.input_begin = &x, .target_begin = &y}, 0.3, 0.01),
                    Catch::Matchers::Contains("did not converge"));
}

TEST_CASE("the implicit loop converges in a few iterations for weak coupling", "[unit]") {
  const auto spec = mixed_network(0.5);
  gle::Parameters<double> parameters(spec);
  core::Rng rng(7);
  parameters.initialise_uniform(rng);
  gle::OdeScheme<double> ode(parameters, 2, integrators::StepperKind::rk4);
  for (long k = 0; k < 100; ++k) {
    const double t = static_cast<double>(k) * 0.01;
    const MatrixD x = input_at(t), y = target_at(t);
    ode.step({.input_begin = &x, .target_begin = &y}, t, 0.01);
  }
  CHECK(ode.last_iterations() >= 2);
  CHECK(ode.last_iterations() <= 20);
}

TEST_CASE("time constants below dt are rejected with layer and neuron", "[unit]") {
  auto spec = mixed_network(0);
  spec.layers[1].tau_r[2] = 0.001;
  CHECK_THROWS_WITH(spec.validate(0.01), Catch::Matchers::Contains("layer 2 neuron 2") &&
                                             Catch::Matchers::Contains("tau_r"));
  CHECK_THROWS_WITH(spec.validate(-0.1), Catch::Matchers::Contains("dt"));
  CHECK_NOTHROW(mixed_network(0).validate(0.01));
}

TEST_CASE("the reference scheme gives the same numbers on 1 and 2 threads", "[unit]") {
  const gle::NetworkSpec spec = mixed_network(0.5);
  const auto run = [&](int threads) {
    omp_set_num_threads(threads);
    gle::Parameters<float> parameters(spec);
    core::Rng rng(4);
    parameters.initialise_uniform(rng);
    core::Adam<float> adam(parameters.trainable({}), 1e-2);
    gle::ReferenceScheme<float> scheme(parameters, 2);
    for (int k = 0; k < 200; ++k) {
      const MatrixF x = input_at(0.05 * k).cast<float>();
      const MatrixF y = target_at(0.05 * k).cast<float>();
      scheme.step({.input_begin = &x, .target_begin = &y}, 0.05 * k, 0.05);
      adam.step();
    }
    omp_set_num_threads(1);
    return std::make_pair(VectorF(*scheme.state()), MatrixF(parameters.layer(0).weights));
  };
  const auto one = run(1);
  const auto two = run(2);
  CHECK(one.first == two.first);
  CHECK(one.second == two.second);
}
