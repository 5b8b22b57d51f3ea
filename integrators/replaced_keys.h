#pragma once
// One vocabulary for the integrator across families: integrator.scheme,
// integrator.stepper, integrator.dt, integrator.tolerance and
// integrator.max_steps (and network.tau for a family's relaxation time
// constant). The keys they replaced stay known so that using one is an error
// that names its successor.

#include "core/options.h"

namespace prospect::integrators {

// Registers every replaced key with its successor (OptionTable::renamed);
// a table only names the successors it has.
void name_replaced_keys(core::OptionTable& table);

}  // namespace prospect::integrators
