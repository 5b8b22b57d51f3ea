#include "tasks/ep.h"

#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/optimizer.h"
#include "core/output.h"
#include "datasets/data_home.h"
#include "datasets/idx.h"
#include "datasets/labelled_subsets.h"
#include "models/ep/learner.h"
#include "models/ep/options.h"
#include "tasks/ep_diagnostics.h"
#include "training/batch_training.h"
#include "training/dead_output_units.h"

namespace prospect::tasks {
namespace {

// Labels of the run's random streams besides the loop's (core::derive_seed).
enum SeedLabel : std::uint64_t { initial_network = 31 };

struct Normalisation {
  double mean = 0, std = 1;
};

}  // namespace

// docs/ep_model.md §7: MNIST pixels / 255; Fashion-MNIST and KMNIST standardised with
// the reference code's constants; any other set with its training statistics.
datasets::ImageSet load_ep_images(const core::Options& o) {
  const std::string set = o.choice("data.set", {"mnist", "fashion_mnist", "kmnist", "idx"});
  if (set == "idx" && o.text("data.dir").empty()) {
    core::fail_value("data.dir", "", "expected the directory of the idx set's IDX files");
  }
  const std::string dir = datasets::data_set_directory(o.text("data.dir"), set, "data.dir");
  datasets::ImageSet data = set == "fashion_mnist" ? datasets::load_fashion_mnist(dir)
                            : set == "idx"         ? datasets::load_idx_directory(dir)
                                                   : datasets::load_mnist(dir);
  Normalisation n;
  if (o.text("data.mean") == "auto") {
    if (set == "fashion_mnist") n = {0.2860, 0.3530};
    if (set == "kmnist") n = {0.1918, 0.3483};
    if (set == "idx") {
      const auto statistics = datasets::scale_pixels(data, datasets::PixelScale::standardised);
      core::out("ep: %s standardised with the training pixels' mean %.4f and std %.4f\n",
                dir.c_str(), statistics.mean, statistics.std);
      return data;
    }
  } else {
    n = {o.real("data.mean"), o.positive("data.std")};
  }
  datasets::scale_pixels(data, datasets::PixelScale::unit);
  if (n.mean != 0 || n.std != 1) {
    for (auto* split : {&data.train, &data.test}) {
      split->x = ((split->x.array() - static_cast<float>(n.mean)) / static_cast<float>(n.std)).matrix();
    }
  }
  return data;
}

std::uint64_t initial_network_seed(std::uint64_t run_seed) {
  return core::derive_seed(run_seed, initial_network);
}

namespace {

// The widths the data require.
void check_widths(const core::Options& o, const ep::Architecture& a, const datasets::ImageSet& data) {
  if (a.widths.front() != data.train.features()) {
    core::fail_value("network.widths", o.text("network.widths"),
                     "the input width must be the images' " + std::to_string(data.train.features()) +
                         " pixels");
  }
  if (a.widths.back() != data.train.classes) {
    core::fail_value("network.widths", o.text("network.widths"),
                     "the output width must be the data's " + std::to_string(data.train.classes) +
                         " classes");
  }
}

// Which images choose the best epoch and the kept parameters: the held-out
// validation images, or the test images as the published code does (it
// trains on every training image, so data.validation must be 0).
std::string selection(const core::Options& o) {
  const std::string& select = o.choice("select", {"validation", "test"});
  const double held_out = o.non_negative("data.validation");  // below 1: the table's range
  if (select == "validation" && held_out == 0) {
    core::fail_value("select", select, "needs held-out validation images: data.validation > 0");
  }
  if (select == "test" && held_out > 0) {
    core::fail_value("select", select,
                     "trains on every training image, as the published code: set data.validation = 0 "
                     "(it is " + o.text("data.validation") + ")");
  }
  return select;
}

// Moves floor(data.validation · N) of the N training images, drawn by
// data.validation_seed, into `validation`; returns their rows among the N.
std::vector<Index> hold_out(const core::Options& o, datasets::LabelledSet& train,
                            datasets::LabelledSet& validation) {
  const double fraction = o.non_negative("data.validation");
  if (fraction == 0) return {};
  const auto held = static_cast<Index>(std::floor(fraction * static_cast<double>(train.size())));
  if (held == 0) {
    core::fail_value("data.validation", o.text("data.validation"),
                     "holds out none of the " + std::to_string(train.size()) + " training images");
  }
  const auto [rows, kept] = datasets::split_rows_at_random(
      train.size(), held, static_cast<std::uint64_t>(o.non_negative_integer("data.validation_seed")));
  validation = datasets::rows_of(train, rows);
  train = datasets::rows_of(train, kept);
  return rows;
}

// The optimizer's rate is the first layer's; the others are relative to it.
std::vector<double> layer_rates(const core::Options& o, Index depth) {
  const auto rates = o.reals("optimizer.lrs");
  if (static_cast<Index>(rates.size()) != depth) {
    core::fail_value("optimizer.lrs", o.text("optimizer.lrs"),
                     "expected one rate per layer (" + std::to_string(depth) + ")");
  }
  for (const double r : rates) {
    if (!(r > 0)) core::fail_value("optimizer.lrs", o.text("optimizer.lrs"), "every rate must be > 0");
  }
  return rates;
}

}  // namespace

std::string EpTask::summary() const {
  return "dendritic equilibrium propagation (EP-MLP, DEP, DEP-E; EP or truncated BPTT) on MNIST, "
         "Fashion-MNIST or any MNIST-layout set (docs/ep_model.md)";
}

core::OptionTable EpTask::options() const {
  core::OptionTable t;
  t.append(ep::options())
      .add({"optimizer", "sgd", "sgd (PyTorch momentum) or adam", "none", "sgd | adam"})
      .add({"optimizer.lrs", "0.4,0.02", "learning rate per layer (apical weights use the next layer's)", "1", "list of > 0"})
      .add({"optimizer.momentum", "0.9", "SGD momentum", "1", ">= 0"})
      .add({"epochs", "20", "passes over the training set", "epochs", "whole >= 1"})
      .add({"batch", "64", "training batch", "samples", "whole >= 1"})
      .add({"evaluation_batch", "1000", "samples per evaluation pass (no effect on results)", "samples", "whole >= 1"})
      .add({"data.set", "mnist", "mnist, fashion_mnist, kmnist or idx (any directory in MNIST's layout)", "none", "mnist | fashion_mnist | kmnist | idx"})
      .add({"data.dir", "", "directory of the four IDX files; empty: the set's in the data directory "
                           "('prospect data fetch NAME'; fashion_mnist also Debian's package)", "none", "'' | text"})
      .add({"data.mean", "auto", "pixels are (x/255 - mean)/std; auto: 0 (mnist), 0.2860 (fashion_mnist), "
                                "0.1918 (kmnist), the training pixels' (idx)", "1", "auto | number"})
      .add({"data.std", "auto", "see data.mean; auto: 1, 0.3530, 0.3483, the training pixels'", "1", "auto | > 0"})
      .add({"data.train_samples", "0", "use the first N training images (0: all)", "samples", "whole >= 0"})
      .add({"data.test_samples", "0", "use the first N test images (0: all)", "samples", "whole >= 0"})
      .add({"data.validation", "0.2", "fraction of the (first N) training images held out at random "
                                     "for validation, never trained on (0: none, for select = test)", "1", "[0, 1)"})
      .add({"data.validation_seed", "42", "seed of the held-out validation images", "none", "whole >= 0"})
      .add({"select", "validation", "the images that choose the best epoch and the kept parameters: "
                                   "validation (the held-out images) or test (the published code's "
                                   "protocol; needs data.validation = 0)", "none", "validation | test"})
      .add({"record.samples", "4", "test images whose relaxations are recorded (0: none)", "samples", "whole >= 0"})
      .add({"record.every", "1", "record after every N-th epoch (and before training)", "epochs", "whole >= 1"})
      .add({"gdu.samples", "20", "training images of the GDU check (0: no check)", "samples", "whole >= 0"})
      .add({"gdu.every", "0", "also check after every N-th epoch (0: before training only)", "epochs", "whole >= 0"})
      .add({"gdu.beta", "0.1", "nudging strength of the GDU check", "1", "> 0"})
      .add({"dead_units.fraction", "0.95", "an output unit is dead when its free-state drive is below "
                                          "-beta on at least this fraction of its class's test images", "1", "(0, 1]"});
  t.used_only_when({"optimizer.momentum"}, "optimizer = sgd")
      .used_only_when({"record.every"}, "record.samples != 0")
      .used_only_when({"gdu.every", "gdu.beta"}, "gdu.samples != 0");
  return t;
}

void EpTask::run(const runs::RunContext& context) const {
  const auto& o = context.options;
  // What the options alone decide is checked before the data are read.
  const ep::Architecture a = ep::architecture(o);
  const auto rates = layer_rates(o, a.depth());
  std::vector<double> relative;
  for (const double r : rates) relative.push_back(r / rates.front());
  const ep::LearnerSettings settings = ep::learner_settings(o, a, relative);

  const std::string select = selection(o);
  datasets::ImageSet data = load_ep_images(o);
  data.train = datasets::take_first(std::move(data.train),
                                    o.non_negative_integer("data.train_samples"), "data.train_samples");
  datasets::LabelledSet validation;
  const std::vector<Index> validation_rows = hold_out(o, data.train, validation);
  data.test = datasets::take_first(std::move(data.test), o.non_negative_integer("data.test_samples"),
                                   "data.test_samples");
  check_widths(o, a, data);

  ep::Network<float> network(a);
  network.initialise(initial_network_seed(context.seed));
  ep::Learner learner(std::move(network), settings);

  core::OptimizerSettings optimizer;
  optimizer.kind = core::parse(core::kOptimizerNames, "optimizer", o.text("optimizer"));
  optimizer.learning_rate = rates.front();
  optimizer.momentum = o.non_negative("optimizer.momentum");
  auto step = core::make_optimizer<float>(optimizer, learner.parameter_refs());

  training::BatchTrainingSettings training;
  training.epochs = o.positive_integer("epochs");
  training.batch = o.positive_integer("batch");
  training.evaluation_batch = o.positive_integer("evaluation_batch");
  training.keep_best = select == "validation";
  training.integration = ep::integration(settings.scheme);

  const long recorded = o.non_negative_integer("record.samples");
  const long record_every = o.positive_integer("record.every");
  const auto [record_input, record_target] = datasets::one_hot_batch(data.test, recorded, "record.samples");
  const long gdu_samples = o.non_negative_integer("gdu.samples");
  const long gdu_every = o.non_negative_integer("gdu.every");
  ep::GduSettings gdu;
  gdu.free_steps = settings.scheme.free_steps;
  gdu.nudged_steps = settings.scheme.nudged_steps;
  gdu.beta = o.positive("gdu.beta");
  const auto [gdu_input, gdu_target] = datasets::one_hot_batch(data.train, gdu_samples, "gdu.samples");

  const auto diagnose = [&](long epochs_done, core::H5Writer& file) {
    const std::string label = "epoch" + std::to_string(epochs_done);
    if (recorded > 0 && epochs_done % record_every == 0) {
      record_relaxations(learner, record_input, record_target, label, file);
    }
    const bool check = epochs_done == 0 || (gdu_every > 0 && epochs_done % gdu_every == 0);
    if (gdu_samples > 0 && check) write_gdu(learner, gdu_input, gdu_target, gdu, label, file);
  };
  const double dead_fraction = o.positive("dead_units.fraction");  // at most 1: the table's range
  training::DeadOutputUnits dead(data.test.classes, settings.beta, dead_fraction);
  training::BatchTrainingHooks hooks;
  hooks.before_training = [&](core::H5Writer& file) {
    file.set_attribute("/", "selection", select);
    if (!validation_rows.empty()) {
      file.write("validation_rows", std::vector<double>(validation_rows.begin(), validation_rows.end()),
                 core::units::one);
    }
    diagnose(0, file);
  };
  hooks.restore = [&](const core::H5Reader& saved, long epochs_done) { dead.restore(saved, epochs_done); };
  hooks.after_test_batch = [&](const datasets::LabelledSet& set, const std::vector<Index>& rows) {
    dead.add(learner.free_output_drive(), set, rows);
  };
  hooks.after_evaluation = [&](long, core::H5Writer& file) {
    const long count = dead.end_epoch();
    dead.write(file);
    if (count == 0) return std::string();
    return "  " + std::to_string(count) + (count == 1 ? " dead output unit" : " dead output units");
  };
  hooks.after_epoch = diagnose;

  core::out("ep: %s by %s, %s scheme, widths %s, %zu parameters (%ld kept by the masks); "
            "%ld training, %ld validation and %ld test images, batch %ld; selected on %s\n",
            core::name_of(ep::kVariantNames, a.variant).c_str(),
            core::name_of(ep::kAlgorithmNames, settings.algorithm).c_str(),
            training.integration.scheme.c_str(), o.text("network.widths").c_str(),
            static_cast<std::size_t>(core::total_size(learner.parameter_refs())),
            static_cast<long>(learner.network().kept_parameters()),
            static_cast<long>(data.train.size()), static_cast<long>(validation.size()),
            static_cast<long>(data.test.size()), static_cast<long>(training.batch), select.c_str());
  const training::BatchData batches{&data.train, validation.size() > 0 ? &validation : nullptr, &data.test};
  training::train_batch_learner(name(), training, learner, *step, batches, context, hooks);
}

}  // namespace prospect::tasks
