#include "integrators/replaced_keys.h"

#include <utility>

namespace prospect::integrators {

void name_replaced_keys(core::OptionTable& table) {
  for (const auto& [old_key, new_key] : {
           std::pair{"dt", "integrator.dt"},
           {"scheme", "integrator.scheme"},
           {"stepper", "integrator.stepper"},
           {"ode.stepper", "integrator.stepper"},  // ep
           {"ode.dt", "integrator.dt"},
           {"ode.tolerance", "integrator.tolerance"},
           {"ode.max_steps", "integrator.max_steps"},
           {"ode.tau", "network.tau"},
           {"continuous.stepper", "integrator.stepper"},  // shunting
           {"continuous.dt", "integrator.dt"},
           {"continuous.tolerance", "integrator.tolerance"},
           {"continuous.max_steps", "integrator.max_steps"},
           {"continuous.tau", "network.tau"},
       }) {
    table.renamed(old_key, new_key);
  }
}

}  // namespace prospect::integrators
