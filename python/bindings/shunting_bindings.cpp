// shunting.Network: layers of dendritic trees with a linear decoder
// (docs/shunting_model.md) from Python: voltages per level for numpy stimuli (steady
// state or the continuous relaxation), predictions, and learning one batch
// at a time by exact gradients or the local rules 3F/4F/5F, as the shunting
// task does (models/shunting/network.h).

#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>

#include "arguments.h"
#include "arrays.h"
#include "bindings.h"
#include "core/error.h"
#include "core/options.h"
#include "core/random.h"
#include "keyword_options.h"
#include "model_handle.h"
#include "models/shunting/initialisation.h"
#include "models/shunting/network.h"
#include "models/shunting/options.h"
#include "python_call.h"

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
    return {Learning::local, core::parse(shunting::kRuleFactorsNames, key, value)};
  }
  core::fail_value(key, value, "expected exact, 3f, 4f or 5f");
}

// Relative learning rates per parameter group, {synapses, couplings, gates,
// decoder}, from {name: rate}; the network checks the rates.
std::array<double, 4> group_rates(const std::map<std::string, double>& rates) {
  const auto& groups = shunting::kParameterGroups;
  std::array<double, 4> scales{1, 1, 1, 1};
  for (const auto& [group, rate] : rates) {
    const auto found = std::find(groups.begin(), groups.end(), group);
    if (found == groups.end()) {
      core::fail_value("group_rates", group, "expected synapses, couplings, gates or decoder");
    }
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

  py::dict voltages(const py::handle& x, const py::handle& relaxed) {
    const bool continuous = flag(relaxed, "continuous");
    const MatrixF input = input_of(x);
    without_gil([&] {
      if (continuous) {
        network_.relax(input);
      } else {
        network_.forward(input);
      }
      require_finite("voltages");
    });
    return voltages_now();
  }

  // The continuous relaxation from rest, every `every`-th step recorded.
  py::dict relax(const py::handle& x, const py::handle& every_given) {
    const Index every = whole(every_given, "every", 1);
    const MatrixF input = input_of(x);
    std::vector<const core::Probe<float>*> recorded;
    for (const auto& probe : probes()) {
      if (probe.name.ends_with("/V")) recorded.push_back(&probe);
    }
    std::vector<std::vector<MatrixF>> frames(recorded.size());
    std::vector<float> times;
    integrators::Settled settled;
    without_gil([&] {
      long step = 0;
      settled = network_.relax(input, [&](double t) {
        if (++step % every != 0) return;
        times.push_back(static_cast<float>(t));
        for (std::size_t k = 0; k < recorded.size(); ++k) {
          frames[k].emplace_back(recorded[k]->read());
        }
      });
      require_finite("relax");
    });
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
    without_gil([&] {
      network_.forward(input);
      require_finite("predict");
    });
    return batch_copy(network_.output());
  }

  double evaluate(const py::handle& x, const py::handle& y) {
    const auto [input, target] = batch_of(x, y);
    return without_gil([&] { return require_finite("evaluate", network_.evaluate(input, target)); });
  }

  double learn(const py::handle& x, const py::handle& y, const std::optional<std::string>& rule) {
    const Rule chosen = rule ? parse_rule(*rule, "rule") : rule_;
    const auto [input, target] = batch_of(x, y);
    return without_gil([&] {
      network_.set_learning(chosen.learning, chosen.factors);
      return require_finite("learn", network_.learn(input, target));
    });
  }

  std::string rule() const {
    return rule_.learning == Learning::backprop ? "exact" : core::name_of(shunting::kRuleFactorsNames, rule_.factors);
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

}  // namespace

void bind_shunting(py::module_& m) {
  auto sh = m.def_submodule("shunting", "Networks of shunting dendritic trees (docs/shunting_model.md)");
  static const std::string doc =
      "Dendritic trees and a decoder from Python.\n\nNetwork(inputs, *, classes=10, seed=1, " +
      keyword_defaults(shunting::options()) + ", group_rates=None)\n\n"
      "The keywords are the shunting task's options (prospect run shunting --help) by the last\n"
      "part of their key (network.k_exc -> k_exc, continuous.dt -> dt, rule.rho -> rho), with\n"
      "the task's defaults and checks; errors name the key.\n" +
      shunting::options().describe() +
      R"(  inputs, classes  features of an input, classes of the decoder
  seed             core::Rng(seed) the initialisation draws from (the task
                   uses derive_seed(run seed, 31))
  group_rates      learning rates relative to the optimizer's, by group:
                   {synapses, couplings, gates, decoder}, default 1 (the
                   task's lr.couplings / lr.synapses etc.)
learn() forms gradients by learning and factors unless told otherwise
(rule = exact | 3f | 4f | 5f).
Arrays: inputs (batch, inputs), one-hot targets (batch, classes), float32.)";
  py::class_<ShuntingNetwork, ModelHandle>(sh, "Network", doc.c_str())
      .def(py::init([](const py::handle& inputs, const py::kwargs& keywords) {
             const auto o = keyword_options(shunting::options(), keywords,
                                            {"classes", "seed", "group_rates"}, "shunting.Network");
             shunting::NetworkSpec spec = shunting::network_spec(o);
             spec.inputs = whole(inputs, "inputs", -kMostSize);
             spec.classes = keywords.contains("classes") ? whole(keywords["classes"], "classes", -kMostSize)
                                                         : 10;
             spec.validate();
             const auto rates = keywords.contains("group_rates")
                                    ? named_numbers(keywords["group_rates"], "group_rates")
                                    : std::map<std::string, double>{};
             const auto settings = shunting::network_settings(o, group_rates(rates));
             shunting::Parameters<float> parameters(spec);
             core::Rng rng(keywords.contains("seed") ? seed(keywords["seed"], "seed") : 1);
             shunting::initialise(parameters, shunting::init_policy(o), rng);
             return std::make_unique<ShuntingNetwork>(std::move(parameters), settings);
           }),
           py::arg("inputs"))
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
  sh.def("options", [] { return option_list(shunting::options()); },
         "The shunting family's options, as the shunting task and Network take them: a list of "
         "{key, keyword, default, unit, range, help}.");
}

}  // namespace prospect::python
