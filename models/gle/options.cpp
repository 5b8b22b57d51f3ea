#include "models/gle/options.h"

namespace prospect::gle {

core::OptionTable integrator_options(const std::string& dt, const std::string& scheme) {
  core::OptionTable t;
  t.add({"integrator.scheme", scheme,
         "reference (the published staggered Euler) or ode (the exact right-hand side)", "none",
         core::choices(integrators::kSchemeNames)})
      .add({"integrator.stepper", "rk4", "stepper of scheme ode", "none", core::choices(integrators::kStepperNames)})
      .add({"integrator.dt", dt, "integration step", "time", "> 0"})
      .used_only_when({"integrator.stepper"}, "integrator.scheme = ode");
  return t;
}

SchemeChoice scheme_choice(const core::Options& o) {
  SchemeChoice choice;
  choice.kind = core::parse(integrators::kSchemeNames, "integrator.scheme", o.text("integrator.scheme"));
  choice.stepper = core::parse(integrators::kStepperNames, "integrator.stepper", o.text("integrator.stepper"));
  return choice;
}

integrators::Integration integration(const SchemeChoice& choice, double dt) {
  const std::string name = core::name_of(integrators::kSchemeNames, choice.kind);
  if (choice.kind == SchemeKind::ode) return {name, choice.stepper, dt};
  return {.scheme = name, .dt = dt};
}

}  // namespace prospect::gle
