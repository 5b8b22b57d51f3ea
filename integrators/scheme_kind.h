#pragma once
// How a model family advances, chosen at run time (docs/architecture.md,
// "A model is a continuous-time system"):
//   reference  the published code's own discrete scheme, step for step
//   ode        the continuous-time reading on the ODE layer (Euler / RK4)

#include <string>
#include <string_view>

namespace prospect::integrators {

enum class SchemeKind { reference, ode };
SchemeKind parse_scheme(std::string_view value, std::string_view key);
std::string to_string(SchemeKind kind);

}  // namespace prospect::integrators
