#include "tasks/mnist1d.h"

#include <cstdio>

#include "core/error.h"
#include "core/output.h"
#include "core/random.h"
#include "datasets/mnist1d.h"
#include "models/gle/mnist1d_network.h"
#include "models/gle/options.h"
#include "training/stream_training.h"

namespace prospect::tasks {
namespace {

// Labels of the run's random streams besides training's (core::derive_seed).
enum SeedLabel : std::uint64_t { initial_weights = 11, time_constant_noise = 12 };

// The first `limit` samples (0: all) of a split, one channel.
training::SequenceSet sequences(const datasets::LabelledSet& set, long limit, const std::string& key) {
  if (limit > set.size()) {
    core::fail_value(key, std::to_string(limit),
                     "the data have only " + std::to_string(set.size()) + " samples");
  }
  const Index n = limit > 0 ? limit : set.size();
  return {{set.x.topRows(n), set.y.head(n), set.classes}, 1};
}

datasets::Mnist1d load_or_generate(const core::Options& o) {
  // The generator's options are checked also when a file replaces them, so a
  // bad value never passes unseen.
  datasets::Mnist1dSettings settings;
  settings.final_seq_length = static_cast<int>(o.integer("data.points", 1, INT_MAX));
  const auto seed = static_cast<std::uint64_t>(o.non_negative_integer("data.seed"));
  const std::string path = o.text("data.file");
  if (!path.empty()) return datasets::load_mnist1d(path);
  return datasets::generate_mnist1d(settings, seed);
}

// τ ← τ + σ N(0, 1) per neuron (Fig. 9d), kept >= dt for a stable step.
void spread_time_constants(gle::Parameters<float>& parameters, double sigma, double dt,
                           core::Rng& rng) {
  for (Index l = 0; l < parameters.depth(); ++l) {
    auto& p = parameters.layer(l);
    for (auto* tau : {&p.tau_m, &p.tau_r}) {
      for (float& value : tau->reshaped()) {
        value = static_cast<float>(static_cast<double>(value) + sigma * rng.normal());
      }
    }
  }
  parameters.clamp_time_constants(dt);
}

}  // namespace

std::string Mnist1dTask::summary() const {
  return "MNIST-1D streamed through one input neuron, learned online by GLE (GLE paper Fig. 8d/f)";
}

core::OptionTable Mnist1dTask::options() const {
  core::OptionTable t;
  t.add({"preset", "e2e-15k", "network: e2e-15k, e2e-42k or lagnet-le", "none", "e2e-15k | e2e-42k | lagnet-le"})
      .add({"data.file", "", "MNIST-1D HDF5 file (x, y, x_test, y_test); empty: generate", "none", "'' | text"})
      .add({"data.seed", "42", "generator seed (the canonical set's is 42)", "none", "whole >= 0"})
      .add({"data.points", "360", "points per generated sample", "points", "whole >= 1"})
      .add({"data.train_samples", "0", "use the first N training samples (0: all)", "samples", "whole >= 0"})
      .add({"data.validation_samples", "0", "use the first N validation samples (0: all)", "samples", "whole >= 0"})
      .add({"steps_per_sample", "360", "time steps per sample (samples are interpolated)", "steps", "whole >= 1"})
      .append(gle::integrator_options("0.2"))
      .add({"epochs", "150", "passes over the training samples", "epochs", "whole >= 1"})
      .add({"batch", "100", "samples streamed in parallel", "samples", "whole >= 1"})
      .add({"optimizer.lr", "preset", "learning rate per step; 'preset': the preset's", "1", "preset | > 0"})
      .add({"learn.tau_m", "false", "learn membrane time constants too", "none", "true | false"})
      .add({"learn.tau_r", "false", "learn prospective time constants too", "none", "true | false"})
      .add({"noise.tau_sigma", "0", "Gaussian spread of every tau_m, tau_r (Fig. 9d)", "time", ">= 0"})
      .add({"noise.rate_sigma", "0", "std of correlated noise added to every rate (Fig. 9e)", "1", ">= 0"})
      .add({"noise.rate_points", "72", "rate noise: independent points per sample", "points", "whole >= 1"})
      .add({"noise.rate_smoothing", "2", "rate noise: Gaussian smoothing sigma", "points", ">= 0"});
  training::add_stream_training_options(t);
  t.used_only_when({"data.seed", "data.points"}, "data.file = ''")
      .used_only_when({"noise.rate_points", "noise.rate_smoothing"}, "noise.rate_sigma != 0");
  return t;
}

void Mnist1dTask::run(const runs::RunContext& context) const {
  const auto& o = context.options;
  const auto preset = core::parse(gle::kMnist1dPresetNames, "preset", o.text("preset"));
  training::StreamTrainingSettings s = training::stream_training_settings(o);
  s.steps_per_sample = o.positive_integer("steps_per_sample");
  s.rate_noise_sigma = o.non_negative("noise.rate_sigma");
  s.rate_noise_points = o.positive_integer("noise.rate_points");
  s.rate_noise_smoothing = o.non_negative("noise.rate_smoothing");
  const double tau_sigma = o.non_negative("noise.tau_sigma");

  const auto network = gle::mnist1d_network(preset, s.dt);
  network.spec.validate(s.dt);
  s.optimizer.learning_rate = o.text("optimizer.lr") == "preset" ? network.learning_rate
                                                        : o.positive("optimizer.lr");
  s.learned = network.learned;
  s.learned.tau_m = o.flag("learn.tau_m");
  s.learned.tau_r = o.flag("learn.tau_r");

  const auto data = load_or_generate(o);
  const auto train = sequences(data.train, o.non_negative_integer("data.train_samples"),
                               "data.train_samples");
  const auto validation = sequences(data.test, o.non_negative_integer("data.validation_samples"),
                                    "data.validation_samples");

  gle::Parameters<float> parameters(network.spec);
  core::Rng init_rng(core::derive_seed(context.seed, initial_weights));
  gle::initialise_mnist1d(preset, parameters, init_rng);
  if (tau_sigma > 0) {
    core::Rng noise_rng(core::derive_seed(context.seed, time_constant_noise));
    spread_time_constants(parameters, tau_sigma, s.dt, noise_rng);
  }
  core::out("mnist1d: preset %s, %zu learned parameters, %ld training and %ld validation "
            "samples of %ld points streamed over %ld steps (dt %g), batch %ld, lr %.3g\n",
            core::name_of(gle::kMnist1dPresetNames, preset).c_str(),
            static_cast<std::size_t>(core::total_size(parameters.trainable(s.learned))),
            static_cast<long>(train.size()), static_cast<long>(validation.size()),
            static_cast<long>(train.points()), static_cast<long>(s.steps_per_sample), s.dt,
            static_cast<long>(s.batch), s.optimizer.learning_rate);
  training::train_stream_classifier(name(), s, train, validation, parameters, context);
}

}  // namespace prospect::tasks
