// Convergence order of the steppers on a leaky integrator driven by a
// sinusoid, against its exact solution.

#include <catch2/catch.hpp>
#include <cmath>

#include "integrators/stepper.h"

using namespace prospect;
using integrators::StepperKind;

namespace {

// τ dx/dt = -x + sin(ωt), x(0) = 0, for a few (τ, ω) pairs at once.
struct DrivenLeakyIntegrator final : integrators::OdeSystem<double> {
  VectorD tau{{0.5, 1.0, 2.0}};
  VectorD omega{{1.0, 3.0, 0.7}};
  void derivative(const VectorD& x, VectorD& dxdt, double t) override {
    dxdt = ((omega * t).array().sin() - x.array()) / tau.array();
  }
  // x(t) = [sin ωt − ωτ cos ωt + ωτ e^{−t/τ}] / (1 + ω²τ²)
  VectorD exact(double t) const {
    const Eigen::ArrayXd wt = omega.cwiseProduct(tau).array();
    return (((omega * t).array().sin() - wt * (omega * t).array().cos() +
             wt * (-t / tau.array()).exp()) /
            (1 + wt.square()))
        .matrix();
  }
};

double final_error(StepperKind kind, double dt, double duration) {
  DrivenLeakyIntegrator system;
  integrators::Stepper<double> stepper(kind);
  VectorD x = VectorD::Zero(3);
  const auto steps = static_cast<long>(std::lround(duration / dt));
  for (long k = 0; k < steps; ++k) stepper.step(system, x, static_cast<double>(k) * dt, dt);
  return (x - system.exact(duration)).cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("Euler and RK4 converge with orders 1 and 4", "[unit]") {
  for (const auto kind : {StepperKind::euler, StepperKind::rk4}) {
    const double dt0 = kind == StepperKind::euler ? 0.01 : 0.1;
    double previous = final_error(kind, dt0, 5.0);
    for (int halving = 1; halving <= 3; ++halving) {
      const double error = final_error(kind, dt0 / std::pow(2.0, halving), 5.0);
      const double slope = std::log2(previous / error);
      INFO(core::name_of(integrators::kStepperNames, kind) << " halving " << halving << " error " << error
                                        << " slope " << slope);
      CHECK_THAT(slope, Catch::Matchers::WithinAbs(integrators::order(kind), 0.15));
      previous = error;
    }
  }
}

TEST_CASE("one stepper advances states of different sizes", "[unit]") {
  // dx/dt = -x from 1: after one step Euler gives 1 - dt, RK4 the fourth-order
  // series. Every derivative buffer must arrive with the state's size (the
  // OdeSystem contract), also after the state changed size.
  struct Decay final : integrators::OdeSystem<double> {
    bool sizes_fit = true;
    void derivative(const VectorD& x, VectorD& dxdt, double) override {
      sizes_fit = sizes_fit && dxdt.size() == x.size();
      dxdt.head(x.size()) = -x;
    }
  } decay;
  const double dt = 0.1;
  const double expected[] = {1 - dt, 1 - dt + dt * dt / 2 - dt * dt * dt / 6 + dt * dt * dt * dt / 24};
  for (const auto kind : {StepperKind::euler, StepperKind::rk4}) {
    integrators::Stepper<double> stepper(kind);
    for (const Index size : {5, 2, 7, 7}) {
      VectorD x = VectorD::Ones(size);
      stepper.step(decay, x, 0.0, dt);
      CHECK((x.array() - expected[kind == StepperKind::rk4]).abs().maxCoeff() < 1e-15);
    }
    CHECK(decay.sizes_fit);
  }
}

TEST_CASE("stepper names parse and unknown ones are rejected with the key", "[unit]") {
  CHECK(core::parse(integrators::kStepperNames, "stepper", "rk4") == StepperKind::rk4);
  CHECK_THROWS_WITH(core::parse(integrators::kStepperNames, "integrator.stepper", "rk45"),
                    Catch::Matchers::Contains("key 'integrator.stepper' = 'rk45': expected euler or rk4"));
}
