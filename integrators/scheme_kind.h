#pragma once
// How a model family advances, chosen at run time (docs/architecture.md,
// "A model is a continuous-time system"):
//   reference  the published code's own discrete scheme, step for step
//   ode        the continuous-time reading on the ODE layer (Euler / RK4)

#include "core/named_values.h"

namespace prospect::integrators {

enum class SchemeKind { reference, ode };
inline constexpr core::NamedValue<SchemeKind> kSchemeNames[] = {
    {SchemeKind::reference, "reference"}, {SchemeKind::ode, "ode"}};

}  // namespace prospect::integrators
