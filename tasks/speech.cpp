#include "tasks/speech.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "core/output.h"
#include "core/random.h"
#include "datasets/data_home.h"
#include "datasets/speech_features.h"
#include "models/gle/options.h"
#include "models/gle/population_layers.h"
#include "training/stream_training.h"

namespace prospect::tasks {
namespace {

// Label of the weight initialisation's random stream (core::derive_seed).
constexpr std::uint64_t kInitialWeights = 11;

datasets::SpeechCorpus corpus_of(const core::Options& o) {
  const std::string kind = o.choice("corpus", {"fsdd", "speech_commands"});
  const std::string version = o.choice("data.version", {"v0.01", "v0.02"});
  const std::string directory = datasets::data_set_directory(
      o.text("data.dir"), kind == "speech_commands" ? kind + "_" + version : kind, "data.dir");
  if (kind == "fsdd") {
    datasets::FsddSplit split;
    split.validation_below = static_cast<int>(o.integer("data.validation_below", 1, INT_MAX));
    if (split.validation_below <= split.test_below) {
      core::fail_value("data.validation_below", o.text("data.validation_below"),
                       "expected > 5 (indices 0-4 are FSDD's test set)");
    }
    return datasets::fsdd_corpus(directory, split);
  }
  datasets::SpeechCommandsSampling sampling;
  sampling.unknown_fraction = o.non_negative("data.unknown_fraction");
  sampling.silence_fraction = o.non_negative("data.silence_fraction");
  sampling.seed = static_cast<std::uint64_t>(o.non_negative_integer("data.seed"));
  return datasets::speech_commands_corpus(directory, sampling);
}

std::string cache_path(const core::Options& o) {
  const std::string value = o.text("data.cache");
  if (value != "auto") return value;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/prospect/speech_features.h5";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::string(home) + "/.cache/prospect/speech_features.h5";
  }
  return "";
}

datasets::SpeechFeatureSettings feature_settings(const core::Options& o, const std::string& corpus) {
  datasets::SpeechFeatureSettings s;
  const std::string rate = o.text("data.sample_rate");
  s.sample_rate = rate == "corpus" ? (corpus == "fsdd" ? 8000 : 16000)
                                   : static_cast<int>(o.integer("data.sample_rate", 1, INT_MAX));
  s.seconds = o.positive("data.seconds");
  s.mel.window = o.positive("mel.window");
  s.mel.stride = o.positive("mel.stride");
  s.mel.bins = o.positive_integer("mel.bins");
  s.mel.f_min = o.non_negative("mel.f_min");
  s.mel.f_max = o.non_negative("mel.f_max");
  s.mel.log_floor = o.positive("mel.log_floor");
  return s;
}

training::SequenceSet sequences(datasets::LabelledSet features, Index bins) {
  return {std::move(features), bins};
}

}  // namespace

std::string SpeechTask::summary() const {
  return "spoken words as log-Mel frames streamed into a GLE network, learned online "
         "(GLE paper Fig. 8e; FSDD or Speech Commands)";
}

core::OptionTable SpeechTask::options() const {
  core::OptionTable t;
  t.add({"corpus", "fsdd", "fsdd (Free Spoken Digit Dataset) or speech_commands (12 keywords)", "none", "fsdd | speech_commands"})
      .add({"data.dir", "", "corpus directory (FSDD: the recordings or their parent; Speech Commands: "
                           "one folder per word); empty: the corpus's in the data directory "
                           "('prospect data fetch fsdd')", "none", "'' | text"})
      .add({"data.version", "v0.02", "Speech Commands version taken from the data directory: v0.01 or v0.02", "none", "v0.01 | v0.02"})
      .add({"data.cache", "auto", "HDF5 feature cache; auto: $XDG_CACHE_HOME/prospect/speech_features.h5 "
           "(~/.cache without it); empty: none", "none", "auto | '' | text"})
      .add({"data.sample_rate", "corpus", "sample rate every file must have; corpus: 8000 FSDD, 16000 Speech Commands", "Hz", "corpus | whole >= 1"})
      .add({"data.seconds", "1", "clip length: longer clips are cut, shorter zero-padded at the end", "s", "> 0"})
      .add({"data.validation_below", "10", "FSDD: training indices 5..N-1 are held out for validation", "1", "whole >= 6"})
      .add({"data.unknown_fraction", "0.1", "Speech Commands: unknown-word clips per keyword clip", "1", ">= 0"})
      .add({"data.silence_fraction", "0.1", "Speech Commands: background-noise clips per keyword clip", "1", ">= 0"})
      .add({"data.seed", "1", "Speech Commands: which unknown clips and silence cuts", "none", "whole >= 0"})
      .add({"mel.window", "0.064", "FFT window", "s", "> 0"})
      .add({"mel.stride", "0.025", "frame stride", "s", "> 0"})
      .add({"mel.bins", "32", "Mel bins = input neurons", "neurons", "whole >= 1"})
      .add({"mel.f_min", "0", "lowest filter edge", "Hz", ">= 0"})
      .add({"mel.f_max", "0", "highest filter edge; 0: Nyquist", "Hz", ">= 0"})
      .add({"mel.log_floor", "1e-6", "log(max(energy, floor))", "1", "> 0"})
      .add({"interpolation", "20", "time steps per frame (frames are linearly interpolated)", "steps", "whole >= 1"})
      .append(gle::integrator_options("0.05"))
      .add({"network.hidden_layers", "2", "hidden layers", "layers", "whole >= 1"})
      .add({"network.populations", "30, 30, 30, 30, 30", "neurons per population in each hidden layer", "neurons", "list of whole >= 1"})
      .add({"network.tau_m", "2.4, 0.6, 1.2, 1.8, 2.4", "tau_m per population", "time", "list of > 0"})
      .add({"network.tau_r", "2.4, 0.1, 0.1, 0.1, 0.1", "tau_r per population (= tau_m: instantaneous)", "time", "list of > 0"})
      .add({"network.activation", "tanh", "hidden activation", "none", core::choices(core::kActivationNames)})
      .add({"network.output_tau", "2.4", "tau_m = tau_r of the linear outputs", "time", "> 0"})
      .add({"epochs", "50", "passes over the training clips", "epochs", "whole >= 1"})
      .add({"batch", "100", "clips streamed in parallel", "samples", "whole >= 1"})
      .add({"optimizer.lr", "1e-4", "learning rate, one step per time step", "1", "> 0"});
  training::add_stream_training_options(t);
  t.used_only_when({"data.version", "data.unknown_fraction", "data.silence_fraction", "data.seed"},
                   "corpus = speech_commands")
      .used_only_when({"data.validation_below"}, "corpus = fsdd");
  return t;
}

void SpeechTask::run(const runs::RunContext& context) const {
  const auto& o = context.options;
  training::StreamTrainingSettings s = training::stream_training_settings(o);
  s.optimizer.learning_rate = o.positive("optimizer.lr");

  // The network is specified, and checked, before any clip is read.
  const long interpolation = o.positive_integer("interpolation");
  gle::NetworkSpec spec;
  spec.layers = gle::population_layers(o);
  const double output_tau = o.positive("network.output_tau");
  const auto corpus = corpus_of(o);
  const auto settings = feature_settings(o, corpus.name);
  const std::string cache = cache_path(o);
  spec.input_size = settings.mel.bins;
  spec.layers.push_back(gle::layer_of_populations({static_cast<Index>(corpus.classes.size())},
                                                  {output_tau}, {output_tau},
                                                  core::Activation::linear, true));
  spec.loss = core::Loss::cross_entropy;
  spec.beta = 1;
  spec.gamma = 0;
  spec.validate(s.dt);
  auto features = datasets::cached_speech_features(corpus, settings, cache);
  const std::string source = cache.empty()         ? "not cached"
                             : features.from_cache ? "read from " + cache
                                                   : "cached in " + cache;
  core::out("speech: %s in %s, %zu classes; %ld training, %ld validation, %ld test clips of %ld "
            "frames × %ld Mel bins (%s)\n",
            corpus.name.c_str(), corpus.root.c_str(), corpus.classes.size(),
            static_cast<long>(features.train.x.rows()), static_cast<long>(features.validation.x.rows()),
            static_cast<long>(features.test.x.rows()), static_cast<long>(features.frames),
            static_cast<long>(features.bins),
            source.c_str());
  s.steps_per_sample = features.frames * interpolation;

  gle::Parameters<float> parameters(spec);
  core::Rng init_rng(core::derive_seed(context.seed, kInitialWeights));
  parameters.initialise_uniform(init_rng);
  core::out("speech: %zu learned parameters, %ld steps per clip (dt %g), batch %ld, lr %.3g\n",
            static_cast<std::size_t>(core::total_size(parameters.trainable(s.learned))),
            static_cast<long>(s.steps_per_sample), s.dt, static_cast<long>(s.batch), s.optimizer.learning_rate);
  const auto train = sequences(std::move(features.train), features.bins);
  const auto validation = sequences(std::move(features.validation), features.bins);
  const auto test = sequences(std::move(features.test), features.bins);
  training::train_stream_classifier(name(), s, train, validation, parameters, context, &test);
}

}  // namespace prospect::tasks
