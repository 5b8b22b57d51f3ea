#include "models/shunting/options.h"

#include <utility>

#include "core/error.h"

namespace prospect::shunting {

core::OptionTable options() {
  core::OptionTable t;
  t.add({"network.somata", "128", "somata per tree layer, comma-separated for stacks", "neurons",
         "list of whole >= 1"})
      .add({"network.branch_factors", "3, 3", "children per compartment, from the soma outward",
            "compartments", "list of whole >= 1"})
      .add({"network.k_exc", "40", "excitatory synapses (top K) per dendritic compartment", "synapses",
            "whole >= 0"})
      .add({"network.k_inh", "20", "inhibitory synapses (top K) per dendritic compartment", "synapses",
            "whole >= 0"})
      .add({"network.core", "shunting", "shunting (inhibition divides) or additive (the control)",
            "none", core::choices(kCoreNames)})
      .add({"network.init", "legacy_scale",
            "initial synapses: legacy_scale shifts both raw means down by "
            "ln((k_exc + k_inh) sqrt(product of branch factors) / 5), shrinking the expected "
            "drives by that factor (the NeurIPS runs); preserve_shunting_center keeps each "
            "compartment's centre E/(E + I + 1) and shrinks the total drive to at least 5 "
            "(the journal code)",
            "none", core::choices(kInitPolicyNames)})
      .add({"network.tau", "1", "compartment time constant (scheme continuous)", "time", "> 0"})
      .add({"integrator.scheme", "steady_state", "steady_state (solved directly), or continuous (relaxed in time every batch)",
            "none", core::choices(kSchemeNames)})
      .add({"integrator.stepper", "rk4", "stepper of scheme continuous", "none", core::choices(integrators::kStepperNames)})
      .add({"integrator.dt", "0.01", "relaxation step, <= network.tau", "time", "> 0"})
      .add({"integrator.tolerance", "1e-4", "settled when max |dV/dt| <= this", "1/time", "> 0"})
      .add({"integrator.max_steps", "100000", "relaxation steps before it is an error", "steps",
            "whole >= 1"})
      .add({"learning", "local", "local (the rule below) or backprop (exact gradients)", "none",
            core::choices(kLearningNames)})
      .add({"rule.factors", "5f", "factors of the local rule: 3f (error, slope, input), 4f (and rho), 5f (and phi)",
            "none", "3f | 4f | 5f"})
      .add({"rule.broadcast", "per_soma", "error broadcast to the dendrites: per_soma, scalar or exact (B dL/da: a diagnostic)", "none",
            core::choices(kBroadcastNames)})
      .add({"rule.rho", "dot", "rho estimator: dot (product moment), pearson (correlation) or none (1)",
            "none", core::choices(kRhoModeNames)})
      .add({"rule.phi", "conditional",
            "phi estimator: conditional (ridge regression), variance_ratio or none (1)", "none",
            core::choices(kPhiModeNames)})
      .add({"rule.slope", "exact",
            "gate slope in e_v, t = tanh(m (V - b)): exact, the gate's derivative m/2 (1 - t^2), or "
            "neurips, 1 - t^2 without the factor m/2, as the NeurIPS code wrote it",
            "none", core::choices(kSlopeConventionNames)})
      .add({"rule.form", "auto", "auto (additive rule on additive cores) or conductance (the shunting rule on any core)", "none",
            core::choices(kRuleFormNames)})
      .add({"rule.decoder", "local", "decoder gradient: local (= backprop) or none (the decoder stays as initialised)", "none",
            core::choices(kDecoderUpdateNames)})
      .add({"rule.average_rate", "0.1", "rate of the running averages of rho and phi", "1/batch",
            "(0, 1]"})
      .add({"rule.rho_min", "0.1", "rho clamp, lower", "1", "number"})
      .add({"rule.rho_max", "2", "rho clamp, upper (>= rule.rho_min)", "1", "number"})
      .add({"rule.phi_min", "0.25", "phi clamp, lower", "1", "number"})
      .add({"rule.phi_max", "4", "phi clamp, upper (>= rule.phi_min)", "1", "number"})
      .add({"rule.ridge", "1e-3", "phi: ridge lambda of the conditional regression", "1", ">= 0"})
      .add({"clip", "5", "clip every gradient entry to +-clip (0: off)", "1", ">= 0"})
      // A recorded relaxation (the task's record.samples) runs the continuous
      // dynamics whatever the scheme.
      .used_only_when({"network.tau", "integrator.stepper", "integrator.dt", "integrator.tolerance",
                       "integrator.max_steps"},
                      "integrator.scheme = continuous or record.samples != 0");
  return t;
}

NetworkSpec network_spec(const core::Options& o) {
  NetworkSpec spec;
  const auto factors = o.whole_numbers("network.branch_factors", 1);
  for (const Index somata : o.whole_numbers("network.somata", 1)) {
    spec.layers.push_back({somata, {factors.begin(), factors.end()}});
  }
  spec.excitatory_synapses = o.integer("network.k_exc");
  spec.inhibitory_synapses = o.integer("network.k_inh");
  spec.core = core::parse(kCoreNames, "network.core", o.text("network.core"));
  spec.validate_shape();
  return spec;
}

NetworkSettings network_settings(const core::Options& o, const std::array<double, 4>& rate_scales) {
  NetworkSettings s;
  s.learning = core::parse(kLearningNames, "learning", o.text("learning"));
  auto& r = s.rule;
  r.factors = core::parse(kRuleFactorsNames, "rule.factors", o.text("rule.factors"));
  r.broadcast = core::parse(kBroadcastNames, "rule.broadcast", o.text("rule.broadcast"));
  r.rho = core::parse(kRhoModeNames, "rule.rho", o.text("rule.rho"));
  r.phi = core::parse(kPhiModeNames, "rule.phi", o.text("rule.phi"));
  r.slope = core::parse(kSlopeConventionNames, "rule.slope", o.text("rule.slope"));
  r.form = core::parse(kRuleFormNames, "rule.form", o.text("rule.form"));
  r.decoder = core::parse(kDecoderUpdateNames, "rule.decoder", o.text("rule.decoder"));
  r.average_rate = o.positive("rule.average_rate");
  r.rho_min = o.real("rule.rho_min");
  r.rho_max = o.real("rule.rho_max");
  r.phi_min = o.real("rule.phi_min");
  r.phi_max = o.real("rule.phi_max");
  for (const auto& [low, high] : {std::pair{"rule.rho_min", "rule.rho_max"},
                                  std::pair{"rule.phi_min", "rule.phi_max"}}) {
    if (!(o.real(high) >= o.real(low))) {
      core::fail_value(high, o.text(high), std::string("expected >= ") + low + " = " + o.text(low));
    }
  }
  r.ridge = o.non_negative("rule.ridge");
  s.clip = o.non_negative("clip");
  s.rate_scales = rate_scales;
  s.scheme = core::parse(kSchemeNames, "integrator.scheme", o.text("integrator.scheme"));
  auto& c = s.continuous;
  c.tau = o.positive("network.tau");
  c.stepper = core::parse(integrators::kStepperNames, "integrator.stepper", o.text("integrator.stepper"));
  c.settling.dt = o.positive("integrator.dt");
  if (c.settling.dt > c.tau) {
    core::fail_value("integrator.dt", o.text("integrator.dt"),
                     "expected <= network.tau = " + o.text("network.tau"));
  }
  c.settling.tolerance = o.positive("integrator.tolerance");
  c.settling.max_steps = o.positive_integer("integrator.max_steps");
  return s;
}

integrators::Integration integration(const NetworkSettings& settings) {
  if (settings.scheme == Scheme::continuous) {
    return {"continuous", settings.continuous.stepper, settings.continuous.settling.dt};
  }
  return {.scheme = "steady_state"};
}

InitPolicy init_policy(const core::Options& o) {
  return core::parse(kInitPolicyNames, "network.init", o.text("network.init"));
}

}  // namespace prospect::shunting
