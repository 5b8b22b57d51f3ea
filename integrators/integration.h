#pragma once
// How a run advances its model, in the words every family shares: the
// scheme's name, and for a scheme that takes fixed ODE steps its stepper and
// step. Each family turns its own scheme settings into this once
// (gle::integration, ep::integration, shunting::integration), and
// runs::describe_run stamps it on the run file.

#include <optional>
#include <string>

#include "integrators/stepper.h"

namespace prospect::integrators {

struct Integration {
  std::string scheme{};                 // empty: the model advances one way only
  std::optional<StepperKind> stepper{};  // a scheme that steps an ODE
  double dt = 0;                         // the fixed step; 0: none
};

}  // namespace prospect::integrators
