#include "models/gle/options.h"

namespace prospect::gle {

core::OptionTable integrator_options(const std::string& dt, const std::string& scheme) {
  core::OptionTable t;
  t.add({"integrator.scheme", scheme,
         "reference (the published staggered Euler) or ode (the exact right-hand side)", "none",
         "reference | ode"})
      .add({"integrator.stepper", "rk4", "stepper of scheme ode", "none", "euler | rk4"})
      .add({"integrator.dt", dt, "integration step", "time", "> 0"})
      .used_only_when({"integrator.stepper"}, "integrator.scheme = ode");
  return t;
}

SchemeChoice scheme_choice(const core::Options& o) {
  SchemeChoice choice;
  choice.kind = parse_scheme(o.text("integrator.scheme"), "integrator.scheme");
  choice.stepper = integrators::parse_stepper(o.text("integrator.stepper"), "integrator.stepper");
  return choice;
}

}  // namespace prospect::gle
