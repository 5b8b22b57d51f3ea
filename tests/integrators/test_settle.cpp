// The settle driver (integrators/settle.h) on a linear system with a known fixed point.

#include <catch2/catch.hpp>

#include "integrators/settle.h"

using namespace prospect;
using integrators::StepperKind;

namespace {

// τ dx/dt = -x + c: fixed point x* = c, approached as e^{-t/τ}.
struct Leak final : integrators::OdeSystem<double> {
  double tau = 1;
  VectorD c{{1.0, -2.0}};
  void derivative(const VectorD& x, VectorD& dxdt, double) override { dxdt = (c - x) / tau; }
};

// dx/dt = x: runs away.
struct Runaway final : integrators::OdeSystem<double> {
  void derivative(const VectorD& x, VectorD& dxdt, double) override { dxdt = x; }
};

}  // namespace

TEST_CASE("settle reaches the fixed point with Euler and RK4", "[unit]") {
  for (const auto kind : {StepperKind::euler, StepperKind::rk4}) {
    Leak leak;
    integrators::Stepper<double> stepper(kind);
    VectorD x = VectorD::Zero(2);
    long observed = 0;
    const auto settled = integrators::settle(stepper, leak, x, {.dt = 0.1, .tolerance = 1e-9, .max_steps = 10000},
                                             "leak", [&](const VectorD&, long step) { observed = step; });
    CHECK(settled.residual <= 1e-9);
    CHECK(observed == settled.steps);
    CHECK((x - leak.c).cwiseAbs().maxCoeff() < 1e-8);
  }
}

TEST_CASE("Euler with dt = tau is the discrete map x <- c in one step", "[unit]") {
  Leak leak;
  integrators::Stepper<double> stepper(StepperKind::euler);
  VectorD x = VectorD::Zero(2);
  const auto settled = integrators::settle(stepper, leak, x, {.dt = 1, .tolerance = 0, .max_steps = 5}, "leak");
  CHECK(x == leak.c);
  CHECK(settled.steps == 2);  // the second step changes nothing
}

TEST_CASE("a system that does not settle is an error naming residual and step", "[unit]") {
  Leak leak;
  integrators::Stepper<double> stepper(StepperKind::euler);
  VectorD x = VectorD::Zero(2);
  CHECK_THROWS_WITH(integrators::settle(stepper, leak, x, {.dt = 0.01, .tolerance = 1e-12, .max_steps = 3},
                                        "free phase"),
                    Catch::Contains("free phase: did not settle within 3 steps") &&
                        Catch::Contains("at step 3"));
  Runaway runaway;
  VectorD y = VectorD::Constant(1, 1.0);
  CHECK_THROWS_WITH(integrators::settle(stepper, runaway, y, {.dt = 1e30, .tolerance = 1e-3, .max_steps = 100},
                                        "runaway"),
                    Catch::Contains("runaway: the state is not finite at step"));
}
