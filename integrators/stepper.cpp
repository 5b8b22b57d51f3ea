#include "integrators/stepper.h"

#include "core/error.h"

namespace prospect::integrators {

StepperKind parse_stepper(std::string_view value, std::string_view key) {
  if (value == "euler") return StepperKind::euler;
  if (value == "rk4") return StepperKind::rk4;
  fail("key '", key, "' = '", value, "': expected euler or rk4");
}

std::string to_string(StepperKind kind) { return kind == StepperKind::euler ? "euler" : "rk4"; }

int order(StepperKind kind) { return kind == StepperKind::euler ? 1 : 4; }

}  // namespace prospect::integrators
