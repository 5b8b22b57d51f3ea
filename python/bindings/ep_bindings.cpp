// ep.Network: an EP network (EP-MLP, DEP, DEP-E; docs/ep_model.md) relaxed and
// trained from Python one numpy batch at a time, through the ep task's
// learner (models/ep/learner.h): the same phases, estimate and BPTT.

#include <pybind11/stl.h>

#include <map>
#include <memory>
#include <optional>

#include "arguments.h"
#include "arrays.h"
#include "bindings.h"
#include "core/error.h"
#include "keyword_options.h"
#include "model_handle.h"
#include "models/ep/learner.h"
#include "models/ep/options.h"
#include "python_call.h"

namespace prospect::python {
namespace {

// The steps of one phase: each probe's frames, and how the phase ended.
struct PhaseRecord {
  std::vector<std::vector<MatrixF>> frames;  // per probe
  ep::PhaseSummary summary;
};

class EpNetwork final : public ModelHandle {
 public:
  EpNetwork(const ep::Architecture& architecture, const ep::LearnerSettings& settings,
            std::uint64_t seed)
      : learner_(initialised(architecture, seed), settings) {}

  core::Model<float>& model() override { return learner_; }
  void parameters_changed() override { learner_.parameters_changed(); }

  // Masked-out weights are exact zeros (models/ep/pathway.h), and stay so.
  void check_parameter(const core::ParameterRef<float>& p, const ParameterArray& array) override {
    const auto* mask = mask_of(p);
    if (mask == nullptr) return;
    for (Index r = 0; r < p.rows; ++r) {
      for (Index c = 0; c < p.cols; ++c) {
        const float value = array.data()[r * p.cols + c];
        if ((*mask)(r, c) == 0 && value != 0) {
          throw py::value_error("parameter '" + p.name + "': element (" + std::to_string(r) + ", " +
                                std::to_string(c) + ") = " + std::to_string(value) +
                                " where the mask is 0 (masked-out weights must be 0)");
        }
      }
    }
  }

  // The free phase alone; the probes read its state afterwards.
  py::list relax(const py::handle& x) {
    const MatrixF input = input_of(x);
    const MatrixF target = MatrixF::Zero(widths().back(), input.cols());
    without_gil([&] {
      learner_.evaluate(input, target);
      require_finite("relax");
    });
    py::list layers;
    for (std::size_t l = 0; l + 1 < widths().size(); ++l) {
      layers.append(batch_copy(probes()[l].read()));
    }
    return layers;
  }

  py::object predict(const py::handle& x) { return relax(x)[widths().size() - 2]; }

  double evaluate(const py::handle& x, const py::handle& y) {
    const auto [input, target] = batch_of(x, y);
    return without_gil([&] { return require_finite("evaluate", learner_.evaluate(input, target)); });
  }

  double learn(const py::handle& x, const py::handle& y) {
    const auto [input, target] = batch_of(x, y);
    return without_gil([&] { return require_finite("learn", learner_.learn(input, target)); });
  }

  // Every step of the free phase, and with a target of the nudged phases,
  // as learn() runs them: {phase: {probe: (steps, batch, N), steps,
  // computed_steps, residual}}.
  py::dict trajectories(const py::handle& x, const py::handle& y) {
    const bool nudged = !y.is_none();
    const MatrixF input = input_of(x);
    const MatrixF target =
        nudged ? target_of(y, input.cols()) : MatrixF::Zero(widths().back(), input.cols());
    const auto& signals = probes();
    std::map<ep::Phase, PhaseRecord> records;
    without_gil([&] {
      const Observing observing(learner_, [&](ep::Phase phase, long) {
        auto& record = records[phase];
        record.frames.resize(signals.size());
        for (std::size_t k = 0; k < signals.size(); ++k) {
          record.frames[k].emplace_back(signals[k].read());
        }
      });
      if (nudged) {
        learner_.relax_phases(input, target);
      } else {
        learner_.evaluate(input, target);
      }
      for (auto& [phase, record] : records) record.summary = learner_.summary(phase);
      require_finite("trajectories");
    });
    py::dict out;
    for (const auto& [phase, record] : records) {
      py::dict recorded;
      for (std::size_t k = 0; k < signals.size(); ++k) {
        auto frames = frames_copy(record.frames[k], rows(k), input.cols());
        if (signals[k].name == "energy") {
          frames = frames.reshape({frames.shape(0), frames.shape(1)});
        }
        recorded[py::str(signals[k].name)] = frames;
      }
      recorded["steps"] = record.summary.steps;
      recorded["computed_steps"] = record.summary.computed;
      recorded["residual"] = record.summary.residual;
      out[py::str(core::name_of(ep::kPhaseNames, phase))] = recorded;
    }
    return out;
  }

  py::dict masks() {
    py::dict out;
    for (const auto& p : learner_.network().pathways()) {
      if (p.mask.size() == 0) continue;
      const core::ParameterRef<float> view{p.name() + "/W",
                                           const_cast<float*>(p.mask.data()),
                                           nullptr,
                                           p.mask.size(),
                                           p.mask.rows(),
                                           p.mask.cols(),
                                           true};
      out[py::str(view.name)] = parameter_copy(view, false);
    }
    return out;
  }

  // A new 0/1 mask for a pathway's weights; weights it masks out become 0.
  void set_mask(const std::string& name, const py::handle& value) {
    auto& pathway = pathway_of(name);
    auto& mask = pathway.mask;
    if (mask.size() == 0) mask.setOnes(pathway.weight.rows(), pathway.weight.cols());
    const core::ParameterRef<float> view{name,        mask.data(), nullptr, mask.size(),
                                         mask.rows(), mask.cols(), true};
    const auto array = parameter_array(view, value);
    for (py::ssize_t i = 0; i < array.size(); ++i) {
      const float m = array.data()[i];
      if (m != 0 && m != 1) {
        throw py::value_error("mask '" + name + "': element " + std::to_string(i) +
                              " (in C order) = " + std::to_string(m) + ", expected 0 or 1");
      }
    }
    assign_parameter(view, array);
    pathway.weight.array() *= mask.array();
    pathway.weight_gradient.array() *= mask.array();
    parameters_loaded();
  }

  ep::Learner& learner() { return learner_; }
  const ep::Architecture& architecture() { return learner_.network().architecture(); }
  const std::vector<Index>& widths() { return architecture().widths; }

 private:
  // Installs an observer for the scope of one call.
  struct Observing {
    Observing(ep::Learner& learner, std::function<void(ep::Phase, long)> observer)
        : learner_(learner) {
      learner_.set_observer(std::move(observer));
    }
    ~Observing() { learner_.set_observer({}); }
    ep::Learner& learner_;
  };

  static ep::Network<float> initialised(const ep::Architecture& architecture, std::uint64_t seed) {
    architecture.validate();
    ep::Network<float> network(architecture);
    network.initialise(seed);
    return network;
  }

  Index rows(std::size_t probe) {
    return probe + 1 < widths().size() ? widths()[probe + 1] : 1;  // layers, then the energy
  }

  MatrixF input_of(const py::handle& x) {
    return BatchArray(x, "input", kAnySize, widths().front()).matrix();
  }
  MatrixF target_of(const py::handle& y, Index batch) {
    return BatchArray(y, "target", batch, widths().back()).matrix();
  }
  std::pair<MatrixF, MatrixF> batch_of(const py::handle& x, const py::handle& y) {
    MatrixF input = input_of(x);
    MatrixF target = target_of(y, input.cols());
    return {std::move(input), std::move(target)};
  }

  ep::Pathway<float>& pathway_of(const std::string& weight_name) {
    const auto slash = weight_name.rfind("/W");
    if (slash == std::string::npos || slash + 2 != weight_name.size()) {
      throw py::key_error("no weight '" + weight_name + "' (weights end in /W: " + weight_names() +
                          ")");
    }
    for (auto& p : learner_.network().pathways()) {
      if (p.name() == weight_name.substr(0, slash)) return p;
    }
    throw py::key_error("no weight '" + weight_name + "' (" + weight_names() + ")");
  }
  std::string weight_names() {
    std::string names;
    for (const auto& p : learner_.network().pathways()) {
      names += (names.empty() ? "" : ", ") + p.name() + "/W";
    }
    return names;
  }
  const Matrix<float>* mask_of(const core::ParameterRef<float>& p) {
    if (!p.name.ends_with("/W")) return nullptr;
    const auto& mask = pathway_of(p.name).mask;
    return mask.size() > 0 ? &mask : nullptr;
  }

  ep::Learner learner_;
};

}  // namespace

void bind_ep(py::module_& m) {
  auto ep =
      m.def_submodule("ep", "Dendritic equilibrium propagation: EP-MLP, DEP, DEP-E (docs/ep_model.md)");
  static const std::string doc =
      "An EP network relaxed and trained from Python.\n\nNetwork(" + keyword_defaults(ep::options()) +
      ", layer_rates=None, seed=1)\n\n"
      "The keywords are the ep task's options (prospect run ep --help) by the last part of\n"
      "their key (network.widths -> widths, relaxation.free_steps -> free_steps), with the\n"
      "task's defaults and checks; errors name the key. widths may also come first, unnamed.\n" +
      ep::options().describe() +
      R"(  layer_rates  learning rate of each layer relative to the optimizer's
               (the task's optimizer.lrs divided by its first); default 1
  seed         Network::initialise's seed: masks, weights and biases (the
               task uses derive_seed(run seed, 31))
Arrays: inputs (batch, widths[0]), targets (batch, widths[-1]), float32.)";
  py::class_<EpNetwork, ModelHandle>(ep, "Network", doc.c_str())
      .def(py::init([](const py::object& widths, const py::kwargs& keywords) {
             if (!widths.is_none()) keywords["widths"] = widths;
             const auto table = ep::options();
             const auto o = keyword_options(table, keywords, {"layer_rates", "seed"}, "ep.Network");
             const auto a = ep::architecture(o);
             const auto rates = keywords.contains("layer_rates")
                                    ? numbers(keywords["layer_rates"], "layer_rates")
                                    : std::vector<double>{};
             return std::make_unique<EpNetwork>(
                 a, ep::learner_settings(o, a, rates),
                 keywords.contains("seed") ? seed(keywords["seed"], "seed") : 1);
           }),
           py::arg("widths") = py::none())
      .def("relax", &EpNetwork::relax, py::arg("input"),
           "The free phase from s = 0: the state of layers 1 ... L, a list of (batch, N_l) "
           "arrays (the probes read it afterwards).")
      .def("predict", &EpNetwork::predict, py::arg("input"),
           "The free phase's output layer, (batch, widths[-1]).")
      .def("evaluate", &EpNetwork::evaluate, py::arg("input"), py::arg("target"),
           "The free phase; returns the batch-mean loss 1/2 |s_L - y|^2.")
      .def("learn", &EpNetwork::learn, py::arg("input"), py::arg("target"),
           R"(One batch as the ep task learns it: EP's estimate (or truncated BPTT)
into the gradient buffers, descent direction, summed over the batch as the
task's (gradients(); Optimizer(net, ...).step() applies them). Returns the
batch-mean loss of the free phase's output.)")
      .def("trajectories", &EpNetwork::trajectories, py::arg("input"),
           py::arg("target") = py::none(),
           R"(Every step of the free phase and, with a target, of the nudged phases
(plus, and minus when symmetric), as the ep task records them:
{"free": {"layer1/s": (steps, batch, N_1), ..., "energy": (steps, batch)
(variants with an energy), "steps", "computed_steps", "residual"}, ...}.)")
      .def_property_readonly(
          "output", [](EpNetwork& n) { return batch_copy(n.learner().output()); },
          "(batch, outputs): the free phase's output of the last evaluate, learn or relax")
      .def_property_readonly("widths", &EpNetwork::widths)
      .def_property_readonly(
          "model", [](EpNetwork& n) { return core::name_of(ep::kVariantNames, n.architecture().variant); },
          "ep_mlp, dep or dep_e")
      .def_property_readonly(
          "algorithm", [](EpNetwork& n) { return core::name_of(ep::kAlgorithmNames, n.learner().settings().algorithm); })
      .def_property_readonly(
          "scheme",
          [](EpNetwork& n) { return core::name_of(integrators::kSchemeNames, n.learner().settings().scheme.kind); })
      .def_property_readonly("beta", [](EpNetwork& n) { return n.learner().settings().beta; })
      .def("masks", &EpNetwork::masks,
           "The dendritic pathways' 0/1 masks, by weight name ('layer1/basal/W'), shaped as "
           "the weights; pathways without a mask keep every input.")
      .def("set_mask", &EpNetwork::set_mask, py::arg("name"), py::arg("mask"),
           "Sets a weight's 0/1 mask (float32, the weight's shape); weights it masks out "
           "become 0.");
  ep.def("options", [] { return option_list(ep::options()); },
         "The ep family's options, as the ep task and Network take them: a list of {key, "
         "keyword, default, unit, range, help}.");
}

}  // namespace prospect::python
