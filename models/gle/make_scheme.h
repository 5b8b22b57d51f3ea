#pragma once
// Builds the scheme chosen at run time (scheme = reference | ode).

#include <memory>

#include "models/gle/ode_scheme.h"
#include "models/gle/reference_scheme.h"

namespace prospect::gle {

struct SchemeChoice {
  SchemeKind kind = SchemeKind::reference;
  integrators::StepperKind stepper = integrators::StepperKind::rk4;  // ode scheme only
  ImplicitSolver solver;                                              // ode scheme only
};

template <typename Scalar>
std::unique_ptr<Scheme<Scalar>> make_scheme(const SchemeChoice& choice,
                                             Parameters<Scalar>& parameters, Index batch) {
  choice.solver.validate();  // unused by the reference scheme, but never silently wrong
  if (choice.kind == SchemeKind::reference) {
    return std::make_unique<ReferenceScheme<Scalar>>(parameters, batch);
  }
  return std::make_unique<OdeScheme<Scalar>>(parameters, batch, choice.stepper, choice.solver);
}

}  // namespace prospect::gle
