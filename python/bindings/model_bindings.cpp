// Model: the face every family shows Python (parameters, gradients, probes,
// reset), and Optimizer: SGD or Adam over a model's parameters.

#include <pybind11/stl.h>

#include <memory>
#include <set>

#include "arguments.h"
#include "arrays.h"
#include "bindings.h"
#include "core/divergence.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "model_handle.h"

namespace prospect::python {
namespace {

class OptimizerHandle {
 public:
  OptimizerHandle(ModelHandle& model, const core::OptimizerSettings& settings,
                  const std::vector<std::string>& names)
      : model_(model) {
    if (names.empty()) fail("parameters: an empty list; expected the names of those to learn");
    core::ParameterList<float> chosen;
    std::set<std::string> seen;
    for (const auto& name : names) {
      if (!seen.insert(name).second) fail("parameter '", name, "' is listed twice");
      chosen.push_back(model.parameter(name));
    }
    optimizer_ = core::make_optimizer(settings, std::move(chosen));
  }
  // Non-finite gradients are refused before anything is applied.
  void step() {
    const auto found = core::first_non_finite(optimizer_->parameters(), {});
    if (!found.empty()) throw core::Diverged("optimizer step: " + found);
    optimizer_->step();
    model_.parameters_changed();
  }
  core::Optimizer<float>& optimizer() { return *optimizer_; }

 private:
  ModelHandle& model_;
  std::unique_ptr<core::Optimizer<float>> optimizer_;
};

py::dict parameter_dict(ModelHandle& model, bool gradients) {
  py::dict out;
  for (const auto& p : model.parameters()) out[py::str(p.name)] = parameter_copy(p, gradients);
  return out;
}

}  // namespace

void bind_models(py::module_& m) {
  py::class_<ModelHandle>(m, "Model", R"(A model of any family, as every family shows it.

Arrays are float32. Parameters are (rows, cols) matrices or (rows,) vectors,
named as in a run file's parameters/ group ("layer1/W"); probes are
(batch, neurons) signals ("layer1/u"). Reading gives copies; writing
checks the shape and dtype.)")
      .def_property_readonly(
          "family", [](ModelHandle& h) { return h.model().family(); }, "'gle', 'ep' or 'shunting'")
      .def_property_readonly("parameter_names",
                             [](ModelHandle& h) { return names_of(h.parameters()); })
      .def(
          "parameters", [](ModelHandle& h) { return parameter_dict(h, false); },
          "Every parameter as a new array, by name.")
      .def(
          "gradients", [](ModelHandle& h) { return parameter_dict(h, true); },
          "Every gradient buffer (the descent direction of the last step) as a new array.")
      .def(
          "parameter",
          [](ModelHandle& h, const std::string& name) {
            return parameter_copy(h.parameter(name), false);
          },
          py::arg("name"))
      .def(
          "gradient",
          [](ModelHandle& h, const std::string& name) {
            return parameter_copy(h.parameter(name), true);
          },
          py::arg("name"))
      .def(
          "set_parameter",
          [](ModelHandle& h, const std::string& name, const py::handle& value) {
            h.set_parameters(py::dict(py::arg(name.c_str()) = value));
          },
          py::arg("name"), py::arg("value"), "Writes a float32 array of the parameter's shape.")
      .def("set_parameters", &ModelHandle::set_parameters, py::arg("values"),
           "Writes several parameters ({name: array}); all or none.")
      .def_property_readonly("probe_names", [](ModelHandle& h) { return names_of(h.probes()); })
      .def(
          "probe",
          [](ModelHandle& h, const std::string& name) { return batch_copy(h.probe(name).read()); },
          py::arg("name"), "A signal now, as a new (batch, neurons) array.")
      .def(
          "probes",
          [](ModelHandle& h) {
            py::dict out;
            for (const auto& p : h.probes()) out[py::str(p.name)] = batch_copy(p.read());
            return out;
          },
          "Every signal now, by name.")
      .def(
          "reset", [](ModelHandle& h) { h.model().reset(); },
          "Back to rest, as after construction.");

  py::class_<OptimizerHandle>(m, "Optimizer",
                              R"(SGD or Adam (PyTorch semantics) over a model's parameters.

step() applies the gradients the model's last step (or learn) left in its
gradient buffers: value -= lr * direction.)")
      .def(py::init([](ModelHandle& model, const std::string& kind, const py::handle& lr,
                       std::optional<std::vector<std::string>> parameters,
                       const py::handle& momentum, const py::handle& betas, const py::handle& eps) {
             core::OptimizerSettings settings;
             settings.kind = core::parse(core::kOptimizerNames, "kind", kind);
             settings.learning_rate = number(lr, "lr");
             settings.momentum = number(momentum, "momentum");
             const auto beta = numbers(betas, "betas");
             if (beta.size() != 2) {
               throw py::value_error("betas: expected two numbers (beta1, beta2), got " +
                                     std::to_string(beta.size()));
             }
             settings.adam = {beta[0], beta[1], number(eps, "eps")};
             return std::make_unique<OptimizerHandle>(
                 model, settings, parameters ? *parameters : model.default_trainable());
           }),
           py::arg("model"), py::arg("kind") = "adam", py::arg("lr") = 1e-3, py::kw_only(),
           py::arg("parameters") = py::none(), py::arg("momentum") = 0.0,
           py::arg("betas") = py::make_tuple(0.9, 0.999), py::arg("eps") = 1e-8,
           py::keep_alive<1, 2>(),
           "parameters: names to learn (default: the model's usual choice, for GLE the weights "
           "and biases); momentum: SGD only; betas, eps: Adam only.")
      .def("step", &OptimizerHandle::step)
      .def_property(
          "lr", [](OptimizerHandle& o) { return o.optimizer().learning_rate(); },
          [](OptimizerHandle& o, const py::handle& lr) {
            const double rate = number(lr, "lr");
            core::check_learning_rate(rate);
            o.optimizer().set_learning_rate(rate);
          })
      .def_property_readonly("parameter_names", [](OptimizerHandle& o) {
        return names_of(o.optimizer().parameters());
      });
}

}  // namespace prospect::python
