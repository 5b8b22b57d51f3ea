#pragma once
// The ep family's options: one table that the ep task and prospect.ep.Network
// both take (the task's keys; Python's keywords are their last parts), and
// the one translation from resolved options to the family's settings.

#include <vector>

#include "core/options.h"
#include "integrators/integration.h"
#include "models/ep/architecture.h"
#include "models/ep/learner.h"

namespace prospect::ep {

// Key, default, unit, range and help of every architecture and learner option.
core::OptionTable options();

// The architecture the options describe; errors name the key at fault.
Architecture architecture(const core::Options& o);

// The learner's settings; `layer_rates` (relative, one per layer, or empty)
// comes from the caller's optimizer.
LearnerSettings learner_settings(const core::Options& o, const Architecture& a,
                                 std::vector<double> layer_rates);

// What a run file says of the integration: the scheme, and with scheme ode
// its stepper and step.
integrators::Integration integration(const SchemeSettings& scheme);

}  // namespace prospect::ep
