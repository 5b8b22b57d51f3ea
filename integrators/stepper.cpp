#include "integrators/stepper.h"

namespace prospect::integrators {

int order(StepperKind kind) { return kind == StepperKind::euler ? 1 : 4; }

}  // namespace prospect::integrators
