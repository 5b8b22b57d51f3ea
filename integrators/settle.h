#pragma once
// Settling an ODE system to a fixed point (EP's free and nudged phases, the
// compartments of a dendritic tree): steps of size dt until the state stops
// changing, max|x(t + dt) - x(t)| / dt <= tolerance, or an error naming what
// was relaxed, the residual and the step when it has not settled within the
// step limit. A non-finite state is core::Diverged at the step it appears;
// a stop request (core/interrupt.h) is core::Interrupted at the next step.

#include <cmath>
#include <string>

#include "core/divergence.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "integrators/stepper.h"

namespace prospect::integrators {

struct Settling {
  double dt = 1;             // step [time]
  double tolerance = 1e-6;   // on max|dx| / dt [state / time]
  long max_steps = 1000;
  long min_steps = 0;        // steps taken even if the state is already still
};

struct Settled {
  long steps = 0;         // steps taken
  double residual = 0;    // max|dx| / dt of the last step
};

// observer(x, step) is called after every step (step 1, 2, ...).
template <typename Scalar, typename Observer>
Settled settle(Stepper<Scalar>& stepper, OdeSystem<Scalar>& system, Vector<Scalar>& x,
               const Settling& settling, const std::string& what, Observer&& observer) {
  Vector<Scalar> previous(x.size());
  Settled result;
  core::StopCheck stop_if_requested;
  for (long k = 0; k < settling.max_steps; ++k) {
    stop_if_requested([&] { return "in " + what + " at step " + std::to_string(k + 1); });
    previous = x;
    stepper.step(system, x, static_cast<double>(k) * settling.dt, settling.dt);
    result.steps = k + 1;
    result.residual = static_cast<double>((x - previous).cwiseAbs().maxCoeff()) / settling.dt;
    if (!std::isfinite(result.residual)) {
      throw core::Diverged(what + ": the state is not finite at step " + std::to_string(result.steps));
    }
    observer(static_cast<const Vector<Scalar>&>(x), result.steps);
    if (result.steps >= settling.min_steps && result.residual <= settling.tolerance) return result;
  }
  fail(what, ": did not settle within ", settling.max_steps, " steps of dt = ", settling.dt,
       " (residual max|dx|/dt = ", result.residual, " at step ", result.steps, ", tolerance ",
       settling.tolerance, ")");
}

template <typename Scalar>
Settled settle(Stepper<Scalar>& stepper, OdeSystem<Scalar>& system, Vector<Scalar>& x,
               const Settling& settling, const std::string& what) {
  return settle(stepper, system, x, settling, what, [](const Vector<Scalar>&, long) {});
}

}  // namespace prospect::integrators
