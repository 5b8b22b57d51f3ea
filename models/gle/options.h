#pragma once
// The GLE family's integrator options, one table for its tasks and
// prospect.gle.Network: integrator.scheme, integrator.stepper and
// integrator.dt (each task gives its own step and, where it differs, scheme).

#include <string>

#include "core/options.h"
#include "integrators/integration.h"
#include "models/gle/make_scheme.h"

namespace prospect::gle {

core::OptionTable integrator_options(const std::string& dt, const std::string& scheme = "reference");

// The scheme and stepper the options choose (the step is integrator.dt).
SchemeChoice scheme_choice(const core::Options& o);

// What a run file says of the integration: the scheme, its stepper when it
// is ode, and the step dt (both schemes take one).
integrators::Integration integration(const SchemeChoice& choice, double dt);

}  // namespace prospect::gle
