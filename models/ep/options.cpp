#include "models/ep/options.h"

#include "core/options.h"

namespace prospect::ep {

core::OptionTable options() {
  core::OptionTable t;
  t.add({"model", "ep_mlp",
         "ep_mlp (symmetric weights), dep (dendritic) or dep_e (dendritic, true energy)", "none",
         core::choices(kVariantNames)})
      .add({"algorithm", "ep",
            "ep (free and nudged phases) or bptt (truncated over the last nudged_steps free steps)",
            "none", core::choices(kAlgorithmNames)})
      .add({"network.widths", "784,256,10", "layer widths, input to output", "neurons",
            "list of whole >= 1"})
      .add({"network.basal_branches", "8", "basal branches per soma (dendritic models)", "branches",
            "whole >= 1"})
      .add({"network.apical_branches", "2", "apical branches per hidden soma (dendritic models)",
            "branches", "whole >= 1"})
      .add({"network.sparsity", "0.5",
            "fraction of the layer's inputs each branch keeps (a fixed random mask; 1: every input)",
            "1", "(0, 1]"})
      .add({"network.apical_scale", "0.2", "apical scale alpha: weight of the apical drive", "1", ">= 0"})
      .add({"network.apical_dense", "false", "apical branches see every input (no mask)", "none",
            "true | false"})
      .add({"relaxation.free_steps", "60", "T1: steps of the free phase (reference scheme, BPTT)",
            "steps", "whole >= 1"})
      .add({"relaxation.nudged_steps", "12", "T2: steps of each nudged phase; BPTT's window", "steps",
            "whole >= 1"})
      .add({"beta", "0.1", "nudging strength", "1", "> 0"})
      .add({"nudging", "symmetric", "symmetric (+beta and -beta) or one_sided (+beta)", "none",
            "symmetric | one_sided"})
      .add({"network.tau", "1", "neuron time constant (scheme ode)", "time", "> 0"})
      .add({"integrator.scheme", "reference",
            "reference (the published discrete map) or ode (settled to integrator.tolerance)", "none",
            core::choices(integrators::kSchemeNames)})
      .add({"integrator.stepper", "euler", "stepper of scheme ode", "none", core::choices(integrators::kStepperNames)})
      .add({"integrator.dt", "1", "step, <= network.tau (scheme ode)", "time", "> 0"})
      .add({"integrator.tolerance", "1e-6", "settled when max|ds/dt| <= this (scheme ode)",
            "1/time", ">= 0"})
      .add({"integrator.max_steps", "1000",
            "steps per phase before an unsettled relaxation is an error", "steps", "whole >= 1"})
      .used_only_when({"network.basal_branches", "network.apical_branches", "network.sparsity",
                       "network.apical_scale", "network.apical_dense"},
                      "model = dep | dep_e")
      .used_only_when({"network.tau", "integrator.stepper", "integrator.dt", "integrator.tolerance",
                       "integrator.max_steps"},
                      "integrator.scheme = ode");
  return t;
}

Architecture architecture(const core::Options& o) {
  Architecture a;
  a.variant = core::parse(kVariantNames, "model", o.text("model"));
  const auto widths = o.whole_numbers("network.widths", 1);
  a.widths.assign(widths.begin(), widths.end());
  a.basal_branches = o.positive_integer("network.basal_branches");
  a.apical_branches = o.positive_integer("network.apical_branches");
  a.sparsity = o.positive("network.sparsity");
  a.apical_scale = o.non_negative("network.apical_scale");
  a.apical_dense = o.flag("network.apical_dense");
  a.validate("network.");
  return a;
}

LearnerSettings learner_settings(const core::Options& o, const Architecture& a,
                                 std::vector<double> layer_rates) {
  LearnerSettings s;
  s.algorithm = core::parse(kAlgorithmNames, "algorithm", o.text("algorithm"));
  s.scheme.kind = core::parse(integrators::kSchemeNames, "integrator.scheme", o.text("integrator.scheme"));
  s.scheme.free_steps = o.positive_integer("relaxation.free_steps");
  s.scheme.nudged_steps = o.positive_integer("relaxation.nudged_steps");
  s.scheme.ode.stepper =
      core::parse(integrators::kStepperNames, "integrator.stepper", o.text("integrator.stepper"));
  s.scheme.ode.tau = o.positive("network.tau");
  s.scheme.ode.dt = o.positive("integrator.dt");
  s.scheme.ode.tolerance = o.non_negative("integrator.tolerance");
  s.scheme.ode.max_steps = o.positive_integer("integrator.max_steps");
  s.beta = o.positive("beta");
  s.symmetric = o.text("nudging") == "symmetric";
  s.layer_rates = std::move(layer_rates);
  s.validate(a);
  return s;
}

integrators::Integration integration(const SchemeSettings& scheme) {
  const std::string name = core::name_of(integrators::kSchemeNames, scheme.kind);
  if (scheme.kind == SchemeKind::ode) return {name, scheme.ode.stepper, scheme.ode.dt};
  return {.scheme = name};
}

}  // namespace prospect::ep
