#include "tasks/shunting.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <tuple>

#include "core/error.h"
#include "core/optimizer.h"
#include "core/output.h"
#include "core/random.h"
#include "core/recorder.h"
#include "datasets/data_home.h"
#include "datasets/idx.h"
#include "datasets/labelled_subsets.h"
#include "datasets/tree_synthetic.h"
#include "models/shunting/initialisation.h"
#include "models/shunting/network.h"
#include "models/shunting/options.h"
#include "runs/model_recording.h"
#include "runs/run_file.h"
#include "tasks/shunting_diagnostics.h"
#include "training/batch_training.h"

namespace prospect::tasks {
namespace {

// Labels of the run's random streams besides training's (core::derive_seed).
enum SeedLabel : std::uint64_t { initial_parameters = 31 };

struct Data {
  datasets::LabelledSet train, validation, test;
  std::string description;
};

Data load_data(const core::Options& o) {
  const std::string set = o.choice("data.set", {"mnist", "fashion_mnist", "noise_resilience",
                                                "info_shunting"});
  const double fraction = o.positive("data.split");  // at most 1: the table's range
  // The synthetic sets' options are checked whichever set is chosen, so a bad
  // value never passes unseen.
  const auto counts = o.whole_numbers("data.synthetic_samples", 0);
  if (counts.size() != 3 || counts[0] < 1) {
    core::fail_value("data.synthetic_samples", o.text("data.synthetic_samples"),
                     "expected three counts: training (>= 1), validation, test");
  }
  const auto synthetic_seed = static_cast<std::uint64_t>(o.non_negative_integer("data.seed"));
  const Index side = o.positive_integer("data.side");
  const double noise = o.non_negative("data.noise");
  const Index dimension = o.positive_integer("data.dimension");
  const bool on_off = o.choice("data.channels", {"signed", "on_off"}) == "on_off";
  Data data;
  if (set == "mnist" || set == "fashion_mnist") {
    const std::string dir = datasets::data_set_directory(o.text("data.dir"), set, "data.dir");
    auto images = set == "mnist" ? datasets::load_mnist(dir) : datasets::load_fashion_mnist(dir);
    datasets::scale_pixels(images, core::parse(datasets::kPixelScaleNames, "data.scale", o.text("data.scale")));
    // The training file split at random (seeded) into training and validation
    // sets: `fraction` of it kept for training (docs/shunting.md).
    const auto train = datasets::take_first(
        std::move(images.train), o.non_negative_integer("data.train_samples"), "data.train_samples");
    std::tie(data.train, data.validation) = datasets::split_at_random(
        train, fraction, static_cast<std::uint64_t>(o.non_negative_integer("data.split_seed")));
    data.test = datasets::take_first(std::move(images.test), o.non_negative_integer("data.test_samples"),
                                     "data.test_samples");
    data.description = set + " from " + dir;
  } else {
    core::Rng rng(synthetic_seed);
    const auto make = [&](Index n) {
      auto drawn = set == "noise_resilience" ? datasets::noisy_lines(n, side, noise, rng)
                                             : datasets::info_shunting(n, dimension, rng);
      return on_off ? datasets::on_off_channels(drawn) : drawn;
    };
    data.train = make(counts[0]);
    if (counts[1] > 0) data.validation = make(counts[1]);
    if (counts[2] > 0) data.test = make(counts[2]);
    data.description = set + " (generated, seed " + o.text("data.seed") +
                       (on_off ? ", ON/OFF channels" : "") + ")";
  }
  return data;
}

// Learning rates of the parameter groups relative to the synapses'.
std::array<double, 4> rate_scales(const core::Options& o) {
  const double base = o.positive("lr.synapses");
  return {1, o.positive("lr.couplings") / base, o.positive("lr.gates") / base,
          o.positive("lr.decoder") / base};
}

// The compartment voltages of a few samples relaxing from rest with the
// continuous-time scheme, through the network's probes.
void record_relaxation(shunting::Network<float>& network, const MatrixF& input, long every,
                       core::H5Writer& file) {
  const long samples = input.cols();
  core::Recorder recorder(file);
  const int time = recorder.add("time", {}, core::units::time);
  runs::ModelRecording recording(recorder, "relaxation", network,
                                 runs::first_samples(samples, input.cols(), "record.samples"),
                                 runs::ModelRecording::What::signals);
  long step = 0;
  const auto settled = network.relax(input, [&](double t) {
    if (++step % every != 0) return;
    recorder.append(time, static_cast<float>(t));
    recording.record_signals();
  });
  recorder.flush();
  file.set_attribute("trajectories/relaxation", "settled_steps", static_cast<std::int64_t>(settled.steps));
  file.set_attribute("trajectories/relaxation", "residual", settled.residual);
  core::out("relaxation of %ld test samples: settled after %ld steps (residual %.2e)\n",
            samples, settled.steps, settled.residual);
}

}  // namespace

std::string ShuntingTask::summary() const {
  return "shunting dendritic trees on MNIST, Fashion-MNIST or the synthetic tasks, local 3F/4F/5F "
         "rules or backprop, with gradient fidelity";
}

core::OptionTable ShuntingTask::options() const {
  core::OptionTable t;
  t.add({"data.set", "mnist", "mnist, fashion_mnist, noise_resilience or info_shunting", "none", "mnist | fashion_mnist | noise_resilience | info_shunting"})
      .add({"data.dir", "", "directory of the IDX files; empty: the set's in the data directory "
                           "('prospect data fetch NAME'; fashion_mnist also Debian's package)", "none", "'' | text"})
      .add({"data.scale", "unit", "pixels: unit (x/255) or standardised", "none", "raw | unit | standardised"})
      .add({"data.train_samples", "0", "use the first N images of the training file (0: all)", "samples", "whole >= 0"})
      .add({"data.test_samples", "0", "use the first N test images (0: all)", "samples", "whole >= 0"})
      .add({"data.split", "0.8", "fraction of the training file kept for training; the rest validates", "1", "(0, 1]"})
      .add({"data.split_seed", "42", "seed of the random training/validation split", "none", "whole >= 0"})
      .add({"data.synthetic_samples", "8000, 1000, 1000", "synthetic tasks: training, validation, test samples", "samples", "list of whole >= 1"})
      .add({"data.seed", "42", "synthetic tasks: generator seed", "none", "whole >= 0"})
      .add({"data.side", "28", "noise_resilience: image side", "pixels", "whole >= 1"})
      .add({"data.noise", "0.2", "noise_resilience: pixel noise sigma", "1", ">= 0"})
      .add({"data.dimension", "10", "info_shunting: input dimension", "1", "whole >= 1"})
      .add({"data.channels", "signed", "synthetic tasks: signed (values as drawn) or on_off (each value as two non-negative "
           "channels, max(x, 0) and max(-x, 0))", "none", "signed | on_off"})
      .append(shunting::options())
      .add({"lr.synapses", "1.5e-3", "Adam learning rate of the synapses (preE, preI)", "1", "> 0"})
      .add({"lr.couplings", "7e-4", "Adam learning rate of the dendritic couplings (logw)", "1", "> 0"})
      .add({"lr.gates", "5e-4", "Adam learning rate of the gates (log_m, b)", "1", "> 0"})
      .add({"lr.decoder", "1.5e-3", "Adam learning rate of the decoder", "1", "> 0"})
      .add({"epochs", "200", "passes over the training set", "epochs", "whole >= 1"})
      .add({"batch", "256", "samples per training batch", "samples", "whole >= 1"})
      .add({"evaluation_batch", "1000", "samples per forward pass when scoring", "samples", "whole >= 1"})
      .add({"keep_best", "true", "keep the parameters of the lowest validation loss", "none", "true | false"})
      .add({"diagnostics.every", "1", "epochs between fidelity and level diagnostics (0: never)", "epochs", "whole >= 0"})
      .add({"diagnostics.samples", "256", "probe batch: the first N training samples", "samples", "whole >= 1"})
      .add({"record.samples", "4", "test samples relaxed and recorded after training (0: none)", "samples", "whole >= 0"})
      .add({"record.every", "10", "record every N relaxation steps", "steps", "whole >= 1"});
  t.used_only_when({"data.dir", "data.scale", "data.train_samples", "data.test_samples", "data.split",
                    "data.split_seed"},
                   "data.set = mnist | fashion_mnist")
      .used_only_when({"data.synthetic_samples", "data.seed", "data.channels"},
                      "data.set = noise_resilience | info_shunting")
      .used_only_when({"data.side", "data.noise"}, "data.set = noise_resilience")
      .used_only_when({"data.dimension"}, "data.set = info_shunting")
      .used_only_when({"diagnostics.samples"}, "diagnostics.every != 0")
      .used_only_when({"record.every"}, "record.samples != 0");
  return t;
}

void ShuntingTask::run(const runs::RunContext& context) const {
  const auto& o = context.options;
  auto spec = shunting::network_spec(o);
  const auto settings = shunting::network_settings(o, rate_scales(o));
  const auto policy = shunting::init_policy(o);
  training::BatchTrainingSettings training;
  training.epochs = o.positive_integer("epochs");
  training.batch = o.positive_integer("batch");
  training.evaluation_batch = o.positive_integer("evaluation_batch");
  training.keep_best = o.flag("keep_best");
  training.integration = shunting::integration(settings);
  const long every = o.non_negative_integer("diagnostics.every");
  const long probe_samples = o.positive_integer("diagnostics.samples");
  const long record_samples = o.non_negative_integer("record.samples");
  const long record_every = o.positive_integer("record.every");

  const Data data = load_data(o);
  if (training.keep_best && data.validation.size() == 0) {
    core::fail_value("keep_best", o.text("keep_best"),
                     "needs a validation set (data.split < 1, or synthetic validation samples)");
  }
  spec.inputs = data.train.features();
  spec.classes = data.train.classes;
  shunting::Parameters<float> parameters(spec);
  core::Rng rng(core::derive_seed(context.seed, initial_parameters));
  shunting::initialise(parameters, policy, rng);
  shunting::Network<float> network(std::move(parameters), settings);
  core::Adam<float> adam(network.parameter_refs(), o.positive("lr.synapses"));

  const auto [probe_input, probe_target] = datasets::one_hot_batch(
      data.train, std::min<long>(probe_samples, data.train.size()), "diagnostics.samples");
  ShuntingFidelity fidelity(network);
  LevelDistributions levels(network);
  const auto diagnose = [&](long epoch, core::H5Writer& file) {
    fidelity.measure(static_cast<double>(epoch), probe_input, probe_target);
    network.forward(probe_input);
    levels.measure(static_cast<double>(epoch));
    fidelity.write(file);
    levels.write(file);
    core::out("  fidelity (epoch %ld): weighted cosine %.3f, scale mismatch %.3f\n", epoch,
              fidelity.last().weighted_cosine, fidelity.last_scale_mismatch());
  };
  training::BatchTrainingHooks hooks;
  hooks.restore = [&](const core::H5Reader& saved, long epochs_done) {
    if (every == 0) return;
    std::size_t entries = 0;
    for (const double epoch : saved.read_double("diagnostics/levels/epoch").data) {
      entries += epoch <= static_cast<double>(epochs_done);
    }
    fidelity.restore(saved, entries);
    levels.restore(saved, entries);
  };
  hooks.before_training = [&](core::H5Writer& file) {
    file.set_attribute("/", "data", data.description);
    file.set_attribute("/", "parameters", static_cast<std::int64_t>(core::total_size(adam.parameters())));
    if (every > 0) diagnose(0, file);
  };
  hooks.after_epoch = [&](long epochs_done, core::H5Writer& file) {
    if (every > 0 && (epochs_done % every == 0 || epochs_done == training.epochs)) {
      diagnose(epochs_done, file);
    }
  };

  core::out("shunting: %s, %ld training, %ld validation, %ld test samples; %s core, %zu "
            "layer(s) of %ld somata, branch factors %s, K_E %ld, K_I %ld; %s\n",
            data.description.c_str(), static_cast<long>(data.train.size()),
            static_cast<long>(data.validation.size()), static_cast<long>(data.test.size()),
            core::name_of(shunting::kCoreNames, spec.core).c_str(), spec.layers.size(),
            static_cast<long>(spec.layers.front().somata), o.text("network.branch_factors").c_str(),
            static_cast<long>(spec.excitatory_synapses), static_cast<long>(spec.inhibitory_synapses),
            settings.learning == shunting::Learning::backprop
                ? "exact gradients (backprop)"
                : ("local rule " + core::name_of(shunting::kRuleFactorsNames, settings.rule.factors)).c_str());
  training::BatchData batches{&data.train, data.validation.size() > 0 ? &data.validation : nullptr,
                    data.test.size() > 0 ? &data.test : nullptr};
  // The recorded samples are relaxed after training, and taken (and checked
  // against the data) before it.
  const auto recorded = datasets::one_hot_batch(data.test.size() > 0 ? data.test : data.train,
                                                record_samples, "record.samples");
  if (record_samples > 0) {
    hooks.after_training = [&](core::H5Writer& file) {
      record_relaxation(network, recorded.first, record_every, file);
    };
  }
  training::train_batch_learner(name(), training, network, adam, batches, context, hooks);
}

}  // namespace prospect::tasks
