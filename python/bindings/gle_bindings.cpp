// gle.Network: a GLE network (docs/gle.md §2) stepped from Python with numpy
// inputs and targets, under either scheme (reference | ode) and stepper.

#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "arguments.h"
#include "arrays.h"
#include "bindings.h"
#include "core/divergence.h"
#include "core/error.h"
#include "core/loss.h"
#include "core/random.h"
#include "model_handle.h"
#include "models/gle/make_scheme.h"
#include "models/gle/mnist1d_network.h"

namespace prospect::python {
namespace {

// Reads the spec's keys from a dict; unknown and missing keys are
// ValueErrors, values of the wrong kind TypeErrors, each naming the key.
class SpecReader {
 public:
  SpecReader(const py::dict& dict, std::string where, std::vector<std::string> known)
      : dict_(dict), where_(std::move(where)) {
    for (const auto& [key, value] : dict) {
      const auto name = py::str(key).cast<std::string>();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        throw py::value_error(where_ + ": unknown key '" + name + "' (expected " + list + ")");
      }
    }
  }

  // The key's value; a ValueError when it is missing.
  py::object value(const char* key, const char* expected) const {
    if (!dict_.contains(key)) {
      throw py::value_error(where_ + ": missing key '" + key + "' (" + expected + ")");
    }
    return dict_[key];
  }
  std::string name(const char* key) const { return where_ + ": key '" + key + "'"; }

  Index size(const char* key, Index fallback) const {
    return dict_.contains(key) ? whole(dict_[key], name(key), -kMostSize) : fallback;
  }
  Index size(const char* key) const {
    return whole(value(key, "a whole number"), name(key), -kMostSize);
  }
  double number(const char* key, double fallback) const {
    return dict_.contains(key) ? python::number(dict_[key], name(key)) : fallback;
  }
  bool yes_no(const char* key, bool fallback) const {
    return dict_.contains(key) ? flag(dict_[key], name(key)) : fallback;
  }
  std::string text(const char* key, const std::string& fallback) const {
    if (!dict_.contains(key)) return fallback;
    if (!py::isinstance<py::str>(dict_[key])) wrong_kind(dict_[key], name(key), "text");
    return dict_[key].cast<std::string>();
  }

  // A number for every neuron, or one for all of them.
  std::vector<double> per_neuron(const char* key, Index size) const {
    const py::object given = value(key, "[time]");
    if (py::isinstance<py::str>(given) || !PySequence_Check(given.ptr())) {
      return std::vector<double>(static_cast<std::size_t>(std::max<Index>(size, 0)),
                                 python::number(given, name(key)));
    }
    return numbers(given, name(key));
  }

 private:
  const py::dict& dict_;
  std::string where_;
};

gle::LayerSpec layer_spec(const py::handle& item, std::size_t index) {
  const std::string where = "spec layers[" + std::to_string(index) + "]";
  if (!py::isinstance<py::dict>(item)) wrong_kind(item, where, "a dict");
  const auto dict = py::reinterpret_borrow<py::dict>(item);
  const SpecReader r(dict, where, {"size", "activation", "tau_m", "tau_r", "bias"});
  gle::LayerSpec layer;
  layer.size = r.size("size");
  layer.activation =
      core::parse(core::kActivationNames, where.substr(5) + ".activation", r.text("activation", "tanh"));
  layer.tau_m = r.per_neuron("tau_m", layer.size);
  layer.tau_r = r.per_neuron("tau_r", layer.size);
  layer.bias = r.yes_no("bias", true);
  return layer;
}

gle::NetworkSpec network_spec(const py::dict& dict) {
  const SpecReader r(dict, "spec",
                     {"input_size", "layers", "gamma", "beta", "loss", "prospective_errors"});
  gle::NetworkSpec spec;
  spec.input_size = r.size("input_size", 1);
  const auto layers = r.value("layers", "a list of layer dicts");
  if (!py::isinstance<py::list>(layers) && !py::isinstance<py::tuple>(layers)) {
    wrong_kind(layers, r.name("layers"), "a list of layer dicts");
  }
  const auto list = py::reinterpret_borrow<py::sequence>(layers);
  for (std::size_t l = 0; l < list.size(); ++l) spec.layers.push_back(layer_spec(list[l], l));
  spec.gamma = r.number("gamma", 0.0);
  spec.beta = r.number("beta", 1.0);
  spec.loss = core::parse(core::kLossNames, "loss", r.text("loss", "mse"));
  spec.prospective_errors = r.yes_no("prospective_errors", true);
  return spec;
}

py::dict spec_dict(const gle::NetworkSpec& spec) {
  py::list layers;
  for (const auto& layer : spec.layers) {
    layers.append(py::dict(py::arg("size") = layer.size,
                           py::arg("activation") = core::name_of(core::kActivationNames, layer.activation),
                           py::arg("tau_m") = layer.tau_m, py::arg("tau_r") = layer.tau_r,
                           py::arg("bias") = layer.bias));
  }
  return py::dict(py::arg("input_size") = spec.input_size, py::arg("layers") = layers,
                  py::arg("gamma") = spec.gamma, py::arg("beta") = spec.beta,
                  py::arg("loss") = core::name_of(core::kLossNames, spec.loss),
                  py::arg("prospective_errors") = spec.prospective_errors);
}

class GleNetwork final : public ModelHandle {
 public:
  GleNetwork(const gle::NetworkSpec& spec, const gle::SchemeChoice& choice, Index batch, double dt)
      : parameters_(checked(spec, dt)), batch_(batch), dt_(dt) {
    scheme_ = gle::make_scheme(choice, parameters_, batch);
  }

  core::Model<float>& model() override { return *scheme_; }
  std::vector<std::string> default_trainable() override { return trainable({}); }
  void check_parameter(const core::ParameterRef<float>& p, const ParameterArray& array) override {
    const bool time_constant = p.name.ends_with("/tau_m") || p.name.ends_with("/tau_r");
    if (!time_constant) return;
    for (py::ssize_t i = 0; i < array.size(); ++i) {
      if (!(array.data()[i] >= dt_)) {
        throw py::value_error("parameter '" + p.name + "': element " + std::to_string(i) + " = " +
                              std::to_string(array.data()[i]) + " is below dt = " +
                              std::to_string(dt_) + " (time constants must be >= dt)");
      }
    }
  }

  std::vector<std::string> trainable(const gle::LearnedParameters& learned) {
    return names_of(parameters_.trainable(learned));
  }

  void step(const py::handle& input, const py::handle& target, const py::handle& input_end,
            const py::handle& target_end) {
    const auto& spec = parameters_.spec();
    const auto drive_of = [this](const py::handle& array, const char* what, Index features) {
      return array.is_none()
                 ? std::optional<BatchArray>{}
                 : std::optional<BatchArray>{std::in_place, array, what, batch_, features};
    };
    const auto x0 = drive_of(input, "input", spec.input_size);
    const auto x1 = drive_of(input_end, "input_end", spec.input_size);
    const auto y0 = drive_of(target, "target", spec.output_size());
    const auto y1 = drive_of(target_end, "target_end", spec.output_size());
    if (!x0) throw py::value_error("input: expected a float32 array, got None");
    if (y1 && !y0) throw py::value_error("target_end needs a target");
    const auto signal = [](const std::optional<BatchArray>& a) {
      return a ? gle::DriveSignal<float>(a->data(), a->features(), a->batch())
               : gle::DriveSignal<float>();
    };
    scheme_->step({signal(x0), signal(x1), signal(y0), signal(y1)}, time(), dt_);
    ++steps_;
    // The output (at the start of the step, so one step late) is the cheap
    // sign of divergence, as in the tasks; the scan then names the variable.
    // Gradients are checked by the optimizer that would apply them.
    if (!scheme_->output().allFinite()) {
      require_finite("step " + std::to_string(steps_));
      throw core::Diverged("gle step " + std::to_string(steps_) + ": the output is not finite");
    }
  }

  double loss(const py::handle& target) {
    const BatchArray y(target, "target", batch_, parameters_.spec().output_size());
    return require_finite("loss",
                          core::loss_value<float>(parameters_.spec().loss, scheme_->output(), y.matrix()));
  }

  double time() const { return static_cast<double>(steps_) * dt_; }
  void reset_clock() { steps_ = 0; }
  gle::Parameters<float>& parameters() { return parameters_; }
  gle::Scheme<float>& scheme() { return *scheme_; }
  Index batch() const { return batch_; }
  double dt() const { return dt_; }
  long steps() const { return steps_; }

 private:
  static const gle::NetworkSpec& checked(const gle::NetworkSpec& spec, double dt) {
    spec.validate(dt);
    return spec;
  }

  gle::Parameters<float> parameters_;
  std::unique_ptr<gle::Scheme<float>> scheme_;
  Index batch_;
  double dt_;
  long steps_ = 0;  // t = steps · dt, without accumulated rounding
};

}  // namespace

void bind_gle(py::module_& m) {
  auto gle = m.def_submodule("gle", "Generalized Latent Equilibrium networks (docs/gle.md §2)");
  py::class_<GleNetwork, ModelHandle>(gle, "Network", R"(A GLE network stepped from Python.

spec (a dict, or the same keys as keyword arguments, **kwargs):
  input_size          inputs (default 1)
  layers              list of dicts, bottom to output: size, activation
                      (linear | tanh | softplus | sigmoid | relu, default tanh),
                      tau_m and tau_r (a number, or one per neuron) [time],
                      bias (default True)
  gamma, beta         apical-somatic coupling (0), nudging strength (1)
  loss                mse (default) or cross_entropy
  prospective_errors  False: e = e_inst (instantaneous backprop); default True
scheme: reference (the published staggered Euler) or ode (the exact
right-hand side with stepper euler | rk4; tolerance and max_iterations
bound its implicit loop when gamma > 0).

Weights and biases start at zero (initialise_uniform draws them).)")
      .def(py::init([](std::optional<py::dict> spec, const py::handle& dt, const py::handle& batch,
                       const std::string& scheme, const std::string& stepper,
                       const py::handle& tolerance, const py::handle& max_iterations,
                       const py::kwargs& keys) {
             py::dict merged = spec ? py::dict(*spec) : py::dict();
             for (const auto& [key, value] : keys) {
               if (merged.contains(key)) {
                 throw py::value_error("spec key '" + py::str(key).cast<std::string>() +
                                       "' given twice (in the dict and as a keyword)");
               }
               merged[key] = value;
             }
             gle::SchemeChoice choice;
             choice.kind = core::parse(integrators::kSchemeNames, "scheme", scheme);
             choice.stepper = core::parse(integrators::kStepperNames, "stepper", stepper);
             choice.solver = {number(tolerance, "tolerance"),
                              static_cast<int>(whole(max_iterations, "max_iterations", -kMostInt - 1, kMostInt))};
             return std::make_unique<GleNetwork>(network_spec(merged), choice,
                                                 whole(batch, "batch", 1), number(dt, "dt"));
           }),
           py::arg("spec") = py::none(), py::kw_only(), py::arg("dt"), py::arg("batch") = 1,
           py::arg("scheme") = "reference", py::arg("stepper") = "rk4", py::arg("tolerance") = 1e-6,
           py::arg("max_iterations") = 100)
      .def("step", &GleNetwork::step, py::arg("input"), py::arg("target") = py::none(),
           py::kw_only(), py::arg("input_end") = py::none(), py::arg("target_end") = py::none(),
           R"(Advances the network from t to t + dt.

input, target: float32 (batch, inputs) and (batch, outputs) arrays at t,
read in place when C-contiguous; no target: no output error. input_end,
target_end: the values at t + dt, which the ode scheme interpolates to
(default: held). Afterwards `output` is the output at the start of the step
and, with gradients on, the gradient buffers hold this step's plasticity.)")
      .def_property_readonly(
          "output", [](GleNetwork& n) { return batch_copy(n.scheme().output()); },
          "(batch, outputs) output at the start of the last step")
      .def("loss", &GleNetwork::loss, py::arg("target"),
           "Batch-mean loss (spec's loss) of `output` against a (batch, outputs) target.")
      .def_property_readonly("time", &GleNetwork::time, "steps taken × dt")
      .def_property_readonly("steps", &GleNetwork::steps)
      .def_property_readonly("dt", &GleNetwork::dt)
      .def_property_readonly("batch", &GleNetwork::batch)
      .def_property_readonly("scheme",
                             [](GleNetwork& n) { return core::name_of(integrators::kSchemeNames, n.scheme().kind()); })
      .def_property_readonly("spec", [](GleNetwork& n) { return spec_dict(n.parameters().spec()); })
      .def_property(
          "gradients_on", [](GleNetwork& n) { return n.scheme().gradients(); },
          [](GleNetwork& n, const py::handle& on) {
            n.scheme().set_gradients(flag(on, "gradients_on"));
          },
          "whether steps fill the gradient buffers (default True)")
      .def_property(
          "time_constant_gradients",
          [](GleNetwork& n) { return n.scheme().time_constant_gradients(); },
          [](GleNetwork& n, const py::handle& on) {
            n.scheme().set_time_constant_gradients(flag(on, "time_constant_gradients"));
          },
          "whether they include tau_m and tau_r (default True)")
      .def(
          "trainable",
          [](GleNetwork& n, const py::handle& weights, const py::handle& biases,
             const py::handle& tau_m, const py::handle& tau_r, const py::handle& layers) {
            return n.trainable({flag(weights, "weights"), flag(biases, "biases"),
                                flag(tau_m, "tau_m"), flag(tau_r, "tau_r"),
                                wholes(layers, "layers", -kMostSize)});
          },
          py::kw_only(), py::arg("weights") = true, py::arg("biases") = true,
          py::arg("tau_m") = false, py::arg("tau_r") = false, py::arg("layers") = py::tuple(),
          "Names of the chosen parameter families in the chosen layers (1-based; empty: all), "
          "for Optimizer(parameters=...).")
      .def(
          "clamp_time_constants",
          [](GleNetwork& n, const py::handle& minimum) {
            n.parameters().clamp_time_constants(number(minimum, "minimum"));
          },
          py::arg("minimum"), "tau_m, tau_r = max(tau, minimum)")
      .def(
          "initialise_uniform",
          [](GleNetwork& n, const py::handle& seed) {
            core::Rng rng(python::seed(seed, "seed"));
            n.parameters().initialise_uniform(rng);
          },
          py::arg("seed"),
          "Weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's nn.Linear), "
          "from core::Rng(seed).")
      .def(
          "reset",
          [](GleNetwork& n) {
            n.scheme().reset();
            n.reset_clock();
          },
          "Back to rest at t = 0 (parameters kept).");

  gle.def(
      "mnist1d_network",
      [](const std::string& preset, const py::handle& step) {
        const double dt = number(step, "dt");
        if (!(dt > 0 && std::isfinite(dt))) {
          throw py::value_error("dt: expected a finite number > 0, got " + std::to_string(dt));
        }
        const auto network =
            gle::mnist1d_network(core::parse(gle::kMnist1dPresetNames, "preset", preset), dt);
        return py::dict(py::arg("spec") = spec_dict(network.spec),
                        py::arg("lr") = network.learning_rate,
                        py::arg("layers") = network.learned.layers);
      },
      py::arg("preset") = "e2e-15k", py::arg("dt") = 0.2,
      "The mnist1d task's network (e2e-15k, e2e-42k or lagnet-le): {spec, lr (Adam, per "
      "step), layers (the learning layers, 1-based; empty: all)}.");
}

}  // namespace prospect::python
