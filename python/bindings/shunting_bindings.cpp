// shunting.Network: layers of dendritic trees with a linear decoder
// (SPEC_SHUNTING) from Python: voltages per level for numpy stimuli (steady
// state or the continuous relaxation), predictions, and learning one batch
// at a time by exact gradients or the local rules 3F/4F/5F, as the shunting
// task does (models/shunting/network.h).

#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>

#include "arrays.h"
#include "bindings.h"
#include "core/error.h"
#include "core/options.h"
#include "core/random.h"
#include "model_handle.h"
#include "models/shunting/initialisation.h"
#include "models/shunting/network.h"

namespace prospect::python {
namespace {

using shunting::Learning;
using shunting::RuleFactors;

// A rule as learn() names it: exact (backprop) or a local rule's factors.
struct Rule {
  Learning learning = Learning::local;
  RuleFactors factors = RuleFactors::five;
};

Rule parse_rule(std::string value, const std::string& key) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (value == "exact") return {Learning::backprop, RuleFactors::five};
  if (value == "3f" || value == "4f" || value == "5f") {
    return {Learning::local, shunting::parse_rule_factors(value, key)};
  }
  core::fail_value(key, value, "expected exact, 3f, 4f or 5f");
}

// What the shunting task checks of its options beyond their type.
void check_settings(const shunting::NetworkSettings& s) {
  const auto text = [](double v) { return std::to_string(v); };
  const auto& r = s.rule;
  if (!(r.average_rate > 0 && r.average_rate <= 1)) {
    core::fail_value("average_rate", text(r.average_rate), "expected 0 < average_rate <= 1");
  }
  if (!(r.rho_max >= r.rho_min)) {
    core::fail_value("rho_max", text(r.rho_max), "expected >= rho_min = " + text(r.rho_min));
  }
  if (!(r.phi_max >= r.phi_min)) {
    core::fail_value("phi_max", text(r.phi_max), "expected >= phi_min = " + text(r.phi_min));
  }
  if (!(r.ridge >= 0)) core::fail_value("ridge", text(r.ridge), "expected >= 0");
  if (!(s.clip >= 0)) core::fail_value("clip", text(s.clip), "expected >= 0 (0: no clipping)");
  const auto& c = s.continuous;
  if (!(c.tau > 0)) core::fail_value("tau", text(c.tau), "expected > 0");
  if (!(c.settling.dt > 0 && c.settling.dt <= c.tau)) {
    core::fail_value("dt", text(c.settling.dt), "expected 0 < dt <= tau = " + text(c.tau));
  }
  if (!(c.settling.tolerance > 0)) {
    core::fail_value("tolerance", text(c.settling.tolerance), "expected > 0");
  }
  if (c.settling.max_steps < 1) {
    core::fail_value("max_steps", std::to_string(c.settling.max_steps), "expected >= 1");
  }
}

// Relative learning rates per parameter group, {synapses, couplings, gates, decoder}.
std::array<double, 4> group_rates(const std::map<std::string, double>& rates) {
  const std::array<std::string, 4> groups{"synapses", "couplings", "gates", "decoder"};
  std::array<double, 4> scales{1, 1, 1, 1};
  for (const auto& [group, rate] : rates) {
    const auto found = std::find(groups.begin(), groups.end(), group);
    if (found == groups.end()) {
      core::fail_value("group_rates", group, "expected synapses, couplings, gates or decoder");
    }
    if (!(rate > 0))
      core::fail_value("group_rates[" + group + "]", std::to_string(rate), "expected > 0");
    scales[static_cast<std::size_t>(found - groups.begin())] = rate;
  }
  return scales;
}

class ShuntingNetwork final : public ModelHandle {
 public:
  ShuntingNetwork(shunting::Parameters<float> parameters, const shunting::NetworkSettings& settings)
      : network_(std::move(parameters), settings),
        rule_{settings.learning, settings.rule.factors} {}

  core::Model<float>& model() override { return network_; }
  void parameters_changed() override { network_.parameters_changed(); }
  // Raw parameters from outside: every active synapse set chosen afresh.
  void parameters_loaded() override { network_.reselect(); }

  // {"layer1/level0": (batch, compartments), ...} of the last forward pass.
  py::dict voltages_now() {
    py::dict out;
    for (const auto& probe : probes()) {
      if (!probe.name.ends_with("/V")) continue;
      out[py::str(level_name(probe.name))] = batch_copy(probe.read());
    }
    return out;
  }

  py::dict voltages(const py::handle& x, bool continuous) {
    const MatrixF input = input_of(x);
    {
      py::gil_scoped_release release;
      if (continuous) {
        network_.relax(input);
      } else {
        network_.forward(input);
      }
    }
    return voltages_now();
  }

  // The continuous relaxation from rest, every `every`-th step recorded.
  py::dict relax(const py::handle& x, long every) {
    if (every < 1) core::fail_value("every", std::to_string(every), "expected >= 1");
    const MatrixF input = input_of(x);
    std::vector<const core::Probe<float>*> recorded;
    for (const auto& probe : probes()) {
      if (probe.name.ends_with("/V")) recorded.push_back(&probe);
    }
    std::vector<std::vector<MatrixF>> frames(recorded.size());
    std::vector<float> times;
    integrators::Settled settled;
    {
      py::gil_scoped_release release;
      long step = 0;
      settled = network_.relax(input, [&](double t) {
        if (++step % every != 0) return;
        times.push_back(static_cast<float>(t));
        for (std::size_t k = 0; k < recorded.size(); ++k) {
          frames[k].emplace_back(recorded[k]->read());
        }
      });
    }
    py::dict voltages;
    for (std::size_t k = 0; k < recorded.size(); ++k) {
      const auto& name = recorded[k]->name;
      voltages[py::str(level_name(name))] =
          frames_copy(frames[k], recorded[k]->read().rows(), input.cols());
    }
    return py::dict(
        py::arg("time") = py::array_t<float>(static_cast<py::ssize_t>(times.size()), times.data()),
        py::arg("voltages") = voltages, py::arg("steps") = settled.steps,
        py::arg("residual") = settled.residual);
  }

  py::array_t<float> predict(const py::handle& x) {
    const MatrixF input = input_of(x);
    {
      py::gil_scoped_release release;
      network_.forward(input);
    }
    return batch_copy(network_.output());
  }

  double evaluate(const py::handle& x, const py::handle& y) {
    const auto [input, target] = batch_of(x, y);
    py::gil_scoped_release release;
    return network_.evaluate(input, target);
  }

  double learn(const py::handle& x, const py::handle& y, const std::optional<std::string>& rule) {
    const Rule chosen = rule ? parse_rule(*rule, "rule") : rule_;
    const auto [input, target] = batch_of(x, y);
    py::gil_scoped_release release;
    network_.set_learning(chosen.learning, chosen.factors);
    return network_.learn(input, target);
  }

  std::string rule() const {
    return rule_.learning == Learning::backprop ? "exact" : shunting::to_string(rule_.factors);
  }
  shunting::Network<float>& network() { return network_; }

 private:
  static std::string level_name(const std::string& probe) {
    return probe.substr(0, probe.rfind('/'));
  }
  const shunting::NetworkSpec& spec() const { return network_.parameters().spec(); }
  MatrixF input_of(const py::handle& x) const {
    return BatchArray(x, "input", kAnySize, spec().inputs).matrix();
  }
  std::pair<MatrixF, MatrixF> batch_of(const py::handle& x, const py::handle& y) const {
    MatrixF input = input_of(x);
    MatrixF target = BatchArray(y, "target", input.cols(), spec().classes).matrix();
    return {std::move(input), std::move(target)};
  }

  shunting::Network<float> network_;
  Rule rule_;  // learn()'s unless told otherwise
};

std::vector<Index> whole_numbers(const py::handle& value, const char* key) {
  if (py::isinstance<py::int_>(value)) return {value.cast<Index>()};
  try {
    return value.cast<std::vector<Index>>();
  } catch (const py::cast_error&) {
    throw py::value_error(std::string(key) + ": expected a whole number or a list of them, got " +
                          py::repr(value).cast<std::string>());
  }
}

}  // namespace

void bind_shunting(py::module_& m) {
  auto sh = m.def_submodule("shunting", "Networks of shunting dendritic trees (SPEC_SHUNTING)");
  py::class_<ShuntingNetwork, ModelHandle>(sh, "Network",
                                           R"(Dendritic trees and a decoder from Python.

Network(inputs, *, classes=10, somata=128, branch_factors=[3, 3], k_exc=40,
        k_inh=20, core="shunting", init="legacy_scale", seed=1,
        scheme="steady_state", tau=1, stepper="rk4", dt=0.01, tolerance=1e-4,
        max_steps=100000, rule="5f", broadcast="per_soma", rho="dot",
        phi="conditional", slope="exact", form="auto", decoder="local",
        average_rate=0.1, rho_min=0.1, rho_max=2, phi_min=0.25, phi_max=4,
        ridge=1e-3, clip=5, group_rates=None)

The shunting task's options without their group prefix (network.k_exc ->
k_exc, continuous.dt -> dt, rule.rho -> rho, ...), with its defaults:
  inputs, classes  features of an input, classes of the decoder
  somata           somata per layer of trees (a list: stacked layers)
  branch_factors   children per compartment, from the soma outward
  core             shunting (inhibition divides) or additive (the control)
  init, seed       the initialisation policy, and core::Rng(seed) it draws
                   from (the task uses derive_seed(run seed, 31))
  scheme           steady_state (every fixed point, level by level) or
                   continuous (relaxed from rest: tau, stepper, dt,
                   tolerance, max_steps)
  rule             how learn() forms gradients unless told otherwise: exact
                   (backprop; the task's learning=backprop) or the local
                   rule 3f | 4f | 5f (rule.factors); broadcast ... ridge are
                   the rule's rule.* options
  clip             every gradient entry clipped to +-clip (0: off)
  group_rates      learning rates relative to the optimizer's, by group:
                   {synapses, couplings, gates, decoder}, default 1 (the
                   task's lr.couplings / lr.synapses etc.)
Arrays: inputs (batch, inputs), one-hot targets (batch, classes), float32.)")
      .def(py::init([](Index inputs, Index classes, const py::handle& somata,
                       std::vector<Index> branch_factors, Index k_exc, Index k_inh,
                       const std::string& core_kind, const std::string& init, std::uint64_t seed,
                       const std::string& scheme, double tau, const std::string& stepper, double dt,
                       double tolerance, long max_steps, const std::string& rule,
                       const std::string& broadcast, const std::string& rho, const std::string& phi,
                       const std::string& slope, const std::string& form,
                       const std::string& decoder, double average_rate, double rho_min,
                       double rho_max, double phi_min, double phi_max, double ridge, double clip,
                       const std::map<std::string, double>& rates) {
             shunting::NetworkSpec spec;
             spec.inputs = inputs;
             spec.classes = classes;
             for (const Index n : whole_numbers(somata, "somata")) {
               spec.layers.push_back({n, branch_factors});
             }
             spec.excitatory_synapses = k_exc;
             spec.inhibitory_synapses = k_inh;
             spec.core = shunting::parse_core(core_kind, "core");
             spec.validate();
             shunting::NetworkSettings s;
             const Rule chosen = parse_rule(rule, "rule");
             s.learning = chosen.learning;
             auto& r = s.rule;
             r.factors = chosen.factors;
             r.broadcast = shunting::parse_broadcast(broadcast, "broadcast");
             r.rho = shunting::parse_rho_mode(rho, "rho");
             r.phi = shunting::parse_phi_mode(phi, "phi");
             r.slope = shunting::parse_slope_convention(slope, "slope");
             r.form = shunting::parse_rule_form(form, "form");
             r.decoder = shunting::parse_decoder_update(decoder, "decoder");
             r.average_rate = average_rate;
             r.rho_min = rho_min;
             r.rho_max = rho_max;
             r.phi_min = phi_min;
             r.phi_max = phi_max;
             r.ridge = ridge;
             s.clip = clip;
             s.rate_scales = group_rates(rates);
             s.scheme = shunting::parse_scheme(scheme, "scheme");
             s.continuous.tau = tau;
             s.continuous.stepper = integrators::parse_stepper(stepper, "stepper");
             s.continuous.settling.dt = dt;
             s.continuous.settling.tolerance = tolerance;
             s.continuous.settling.max_steps = max_steps;
             check_settings(s);
             shunting::Parameters<float> parameters(spec);
             core::Rng rng(seed);
             shunting::initialise(parameters, shunting::parse_init_policy(init, "init"), rng);
             return std::make_unique<ShuntingNetwork>(std::move(parameters), s);
           }),
           py::arg("inputs"), py::kw_only(), py::arg("classes") = 10, py::arg("somata") = 128,
           py::arg("branch_factors") = std::vector<Index>{3, 3}, py::arg("k_exc") = 40,
           py::arg("k_inh") = 20, py::arg("core") = "shunting", py::arg("init") = "legacy_scale",
           py::arg("seed") = 1, py::arg("scheme") = "steady_state", py::arg("tau") = 1.0,
           py::arg("stepper") = "rk4", py::arg("dt") = 0.01, py::arg("tolerance") = 1e-4,
           py::arg("max_steps") = 100000, py::arg("rule") = "5f", py::arg("broadcast") = "per_soma",
           py::arg("rho") = "dot", py::arg("phi") = "conditional", py::arg("slope") = "exact",
           py::arg("form") = "auto", py::arg("decoder") = "local", py::arg("average_rate") = 0.1,
           py::arg("rho_min") = 0.1, py::arg("rho_max") = 2.0, py::arg("phi_min") = 0.25,
           py::arg("phi_max") = 4.0, py::arg("ridge") = 1e-3, py::arg("clip") = 5.0,
           py::arg("group_rates") = std::map<std::string, double>{})
      .def("voltages", &ShuntingNetwork::voltages, py::arg("input"), py::kw_only(),
           py::arg("continuous") = false,
           R"(Every compartment's voltage V for a batch, by level: {"layer1/level0":
(batch, compartments), ...}, levels from the leaves (0) to the soma. By the
network's scheme, or with continuous=True relaxed from rest.)")
      .def("relax", &ShuntingNetwork::relax, py::arg("input"), py::kw_only(), py::arg("every") = 1,
           R"(The continuous relaxation from rest, every `every`-th step:
{"time": (T,), "voltages": {"layer1/level0": (T, batch, compartments), ...},
"steps": steps to settle, "residual": max|dV/dt| at the end}.)")
      .def("predict", &ShuntingNetwork::predict, py::arg("input"),
           "The decoder's logits, (batch, classes).")
      .def("evaluate", &ShuntingNetwork::evaluate, py::arg("input"), py::arg("target"),
           "Batch-mean cross-entropy of the logits against (batch, classes) targets.")
      .def("learn", &ShuntingNetwork::learn, py::arg("input"), py::arg("target"),
           py::arg("rule") = py::none(),
           R"(One batch as the shunting task learns it: +dL/dtheta by `rule` (exact, 3f,
4f or 5f; default the network's) into the gradient buffers, clipped,
active synapses as gradient support (gradients(); an Optimizer step applies
them). Local rules update their running averages of rho and phi. Returns
the batch-mean cross-entropy.)")
      .def_property_readonly(
          "output", [](ShuntingNetwork& n) { return batch_copy(n.network().output()); },
          "(batch, classes): the logits of the last forward pass")
      .def_property_readonly("rule", &ShuntingNetwork::rule, "learn()'s default rule")
      .def_property_readonly(
          "rho", [](ShuntingNetwork& n) { return n.network().last_rho(); },
          "rho of each level in the last local step (layer by layer, leaves first)")
      .def_property_readonly(
          "phi", [](ShuntingNetwork& n) { return n.network().last_phi(); },
          "phi of each level in the last local step");
}

}  // namespace prospect::python
