#include "training/stream_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

#include "core/divergence.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "core/output.h"
#include "core/progress.h"
#include "core/random.h"
#include "models/gle/options.h"
#include "models/gle/reference_scheme.h"
#include "runs/run_file.h"
#include "training/checkpoint.h"
#include "training/classification_meter.h"
#include "training/epoch_log.h"
#include "training/rate_noise.h"

namespace prospect::training {
namespace {

// Labels of the independent random streams (core::derive_seed).
enum StreamLabel : std::uint64_t {
  shuffle = 1, train_noise = 2, validation_noise = 3, test_noise = 4
};

struct Evaluation {
  double loss, accuracy;
};

std::vector<std::string> metric_columns(bool with_test) {
  std::vector<std::string> columns{"train_loss", "train_accuracy", "validation_loss",
                                   "validation_accuracy"};
  if (with_test) columns.insert(columns.end(), {"test_loss", "test_accuracy"});
  columns.insert(columns.end(), {"learning_rate", "seconds", "train_seconds"});
  return columns;
}

class StreamTrainer {
 public:
  StreamTrainer(const StreamTrainingSettings& settings, const SequenceSet& train,
                const SequenceSet& validation, const SequenceSet* test,
                gle::Parameters<float>& parameters, std::uint64_t seed)
      : s_(settings),
        train_(train),
        validation_(validation),
        test_(test),
        parameters_(parameters),
        seed_(seed),
        network_(gle::make_scheme(settings.scheme, parameters, settings.batch)),
        optimizer_(core::make_optimizer(settings.optimizer, parameters.trainable(settings.learned))),
        scheduler_(settings.plateau_factor, settings.plateau_patience),
        data_stream_(train.points(), settings.steps_per_sample),
        meter_(parameters.spec().output_size(), settings.batch),
        input_(train.channels, settings.batch),
        target_(MatrixF::Zero(parameters.spec().output_size(), settings.batch)),
        log_(metric_columns(test != nullptr)) {
    for (const auto& [name, set] : {std::pair{"validation", &validation}, std::pair{"test", test}}) {
      if (set == nullptr) continue;
      if (set->size() == 0) fail("no ", name, " samples");
      if (set->points() != train.points() || set->channels != train.channels) {
        fail(name, " samples have ", set->points(), " points × ", set->channels,
             " channels, training samples ", train.points(), " × ", train.channels);
      }
    }
    if (train.size() < s_.batch) {
      core::fail_value("batch", std::to_string(s_.batch),
                       "larger than the " + std::to_string(train.size()) + " training samples");
    }
    if (s_.rate_noise_sigma > 0) {
      noisy_network_ = dynamic_cast<gle::ReferenceScheme<float>*>(network_.get());
      if (noisy_network_ == nullptr) {
        core::fail_value("noise.rate_sigma", std::to_string(s_.rate_noise_sigma),
                         "rate noise perturbs the reference scheme's rates: use scheme = reference");
      }
      std::vector<Index> sizes{parameters.spec().input_size};
      for (const auto& layer : parameters.spec().layers) sizes.push_back(layer.size);
      noise_.emplace(sizes, s_.batch, s_.rate_noise_points, s_.rate_noise_sigma,
                     s_.rate_noise_smoothing);
      noise_stream_.emplace(s_.rate_noise_points, s_.steps_per_sample);
    }
  }

  long steps_per_epoch() const {
    return (train_batches() + batches(validation_) + (test_ ? batches(*test_) : 0)) *
           s_.steps_per_sample;
  }

  void run(const std::string& task_name, const runs::RunContext& context) {
    std::optional<core::H5Writer> file;
    if (context.resume) {
      {
        const core::H5Reader saved(context.output_path);
        check_same_run(saved, context);
        progress_ = read_checkpoint(saved, *network_, *optimizer_);
        log_.restore(saved, progress_.epochs_done);
      }
      scheduler_.restore(progress_.scheduler);
      optimizer_->set_learning_rate(progress_.learning_rate);
      file.emplace(runs::open_run_file(context, task_name));
      file->set_attribute("/", "resumed_from_epoch", static_cast<std::int64_t>(progress_.epochs_done));
      core::out("resuming %s after epoch %ld of %ld\n", context.output_path.c_str(),
                progress_.epochs_done, s_.epochs);
    } else {
      file.emplace(runs::open_run_file(context, task_name));
      runs::describe_run(*file, network_->family(), gle::integration(s_.scheme, s_.dt));
      progress_.learning_rate = s_.optimizer.learning_rate;
    }

    const long remaining = std::max(0L, s_.epochs - progress_.epochs_done);
    core::Progress progress(task_name, remaining * steps_per_epoch(), context.progress);
    task_name_ = task_name;
    try {
      for (long epoch = progress_.epochs_done; epoch < s_.epochs; ++epoch) {
        run_epoch(epoch, progress);
        core::require_finite(*network_, "", [&] { return where(); });  // nothing non-finite is saved
        log_.write(*file);
        progress_.epochs_done = epoch + 1;
        progress_.learning_rate = optimizer_->learning_rate();
        progress_.scheduler = scheduler_.state();
        write_checkpoint(*file, *network_, *optimizer_, progress_);
      }
    } catch (const core::Diverged& divergence) {
      runs::mark_diverged(*file, divergence);
      throw;
    }
    progress.finish();
    write_summary(*file);
    file->close();
    core::out("wrote %s\n", file->path().c_str());
  }

 private:
  Index train_batches() const { return train_.size() / s_.batch; }  // a partial batch is dropped
  Index batches(const SequenceSet& set) const { return (set.size() + s_.batch - 1) / s_.batch; }

  // "mnist1d epoch 3, training batch 2": where the run is, for a divergence.
  std::string where() const {
    return task_name_ + " epoch " + std::to_string(epoch_ + 1) + ", " + phase_ + " batch " +
           std::to_string(batch_ + 1);
  }

  void run_epoch(long epoch, core::Progress& progress) {
    epoch_ = epoch;
    const auto start = std::chrono::steady_clock::now();
    core::Rng rng(core::derive_seed(seed_, shuffle, static_cast<std::uint64_t>(epoch)));
    const std::vector<Index> order = core::shuffled_indices(train_.size(), rng);

    meter_.clear();
    network_->set_gradients(true);
    phase_ = "training";
    for (Index b = 0; b < train_batches(); ++b) {
      batch_ = b;
      const std::vector<Index> rows(order.begin() + b * s_.batch, order.begin() + (b + 1) * s_.batch);
      stream_batch(train_, rows, s_.batch, true,
                   core::derive_seed(seed_, train_noise, static_cast<std::uint64_t>(epoch * train_batches() + b)),
                   progress);
    }
    const double train_loss = meter_.mean_loss(), train_accuracy = meter_.accuracy();
    const double train_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    phase_ = "validation";
    const auto validation = evaluate(validation_, validation_noise, epoch, progress);
    const double validation_loss = validation.loss, validation_accuracy = validation.accuracy;
    std::vector<double> row{train_loss, train_accuracy, validation_loss, validation_accuracy};
    std::string test_text;
    if (test_) {
      phase_ = "test";
      const auto test = evaluate(*test_, test_noise, epoch, progress);
      row.insert(row.end(), {test.loss, test.accuracy});
      char text[48];
      std::snprintf(text, sizeof text, "  test acc %.4f", test.accuracy);
      test_text = text;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    row.insert(row.end(), {optimizer_->learning_rate(), seconds, train_seconds});
    log_.append(row);
    // Accuracies as fractions, as the run file holds them.
    core::out("epoch %4ld/%ld  train loss %.4f acc %.4f  validation loss %.4f acc %.4f%s  "
              "lr %.2e  %.1f s\n",
              epoch + 1, s_.epochs, train_loss, train_accuracy, validation_loss,
              validation_accuracy, test_text.c_str(), optimizer_->learning_rate(), seconds);
    char status[64];
    std::snprintf(status, sizeof status, "epoch %ld val acc %.3f", epoch + 1, validation_accuracy);
    status_ = status;
    optimizer_->set_learning_rate(scheduler_.update(validation_loss, optimizer_->learning_rate()));
  }

  // Streams `set` without learning (and, as the reference code does, without
  // a target); the network state carries on from training.
  Evaluation evaluate(const SequenceSet& set, StreamLabel noise_label, long epoch,
                      core::Progress& progress) {
    meter_.clear();
    network_->set_gradients(false);
    const Index count = batches(set);
    for (Index b = 0; b < count; ++b) {
      batch_ = b;
      // A short final batch is padded with the first samples, which are not scored.
      std::vector<Index> rows;
      for (Index i = 0; i < s_.batch; ++i) rows.push_back((b * s_.batch + i) % set.size());
      const Index counted = std::min(s_.batch, set.size() - b * s_.batch);
      stream_batch(set, rows, counted, false,
                   core::derive_seed(seed_, noise_label, static_cast<std::uint64_t>(epoch * count + b)),
                   progress);
    }
    return {meter_.mean_loss(), meter_.accuracy()};
  }

  void stream_batch(const SequenceSet& set, const std::vector<Index>& rows, Index counted,
                    bool learn, std::uint64_t noise_seed, core::Progress& progress) {
    std::vector<int> labels;
    target_.setZero();
    for (std::size_t b = 0; b < rows.size(); ++b) {
      labels.push_back(set.y(rows[b]));
      target_(set.y(rows[b]), static_cast<Index>(b)) = 1;
    }
    meter_.begin(labels, counted);
    if (noise_) noise_->draw(noise_seed);
    // Validation runs without a target, as the reference code does: no
    // nudging, so output errors are zero while the network is evaluated.
    const gle::StepDrive<float> drive{.input_begin = &input_,
                                      .target_begin = learn ? &target_ : nullptr};
    for (Index k = 0; k < s_.steps_per_sample; ++k) {
      data_stream_.input(set, rows, k, input_);
      if (noise_) input_ += noise_->at(0, *noise_stream_, k);
      network_->step(drive, static_cast<double>(k) * s_.dt, s_.dt);
      meter_.add_step(network_->output());
      if (learn) {
        optimizer_->step();
        if (s_.learned.tau_m || s_.learned.tau_r) parameters_.clamp_time_constants(s_.tau_min);
      }
      if (noise_) {
        for (Index l = 0; l < parameters_.depth(); ++l) {
          noisy_network_->add_to_rates(l, noise_->at(l + 1, *noise_stream_, k));
        }
      }
      progress.update(++steps_done_, status_);
    }
    meter_.end();
    // The per-step cross-entropy adds up in the meter: one check per batch.
    core::require_finite_loss(meter_.mean_loss(), *network_, "", "cross-entropy",
                              [&] { return where(); });
  }

  void write_summary(core::H5Writer& file) {
    const long epochs = log_.epochs();
    if (epochs == 0) return;
    const auto& train_seconds = log_.column("train_seconds");
    const double ms_per_step =
        1e3 * std::accumulate(train_seconds.begin(), train_seconds.end(), 0.0) /
        static_cast<double>(epochs * train_batches() * s_.steps_per_sample);
    file.write("summary/ms_per_training_step", {ms_per_step}, core::units::milliseconds);
    char note[48];
    std::snprintf(note, sizeof note, ", %.3f ms per training step", ms_per_step);
    write_accuracy_summary(file, log_, note);
  }

  const StreamTrainingSettings& s_;
  const SequenceSet& train_;
  const SequenceSet& validation_;
  const SequenceSet* test_;
  gle::Parameters<float>& parameters_;
  std::uint64_t seed_;
  std::unique_ptr<gle::Scheme<float>> network_;
  gle::ReferenceScheme<float>* noisy_network_ = nullptr;  // the network, when rates get noise
  std::unique_ptr<core::Optimizer<float>> optimizer_;
  core::PlateauScheduler scheduler_;
  SequenceStream data_stream_;
  std::optional<CorrelatedRateNoise> noise_;
  std::optional<SequenceStream> noise_stream_;
  ClassificationMeter meter_;
  MatrixF input_, target_;
  EpochLog log_;
  TrainingProgress progress_;
  std::int64_t steps_done_ = 0;
  std::string task_name_, phase_;  // where the run is, for a divergence
  long epoch_ = 0;
  Index batch_ = 0;
  std::string status_;
};

}  // namespace

void add_stream_training_options(core::OptionTable& table) {
  table.add({"optimizer.kind", "adam", "adam or sgd, one step per time step", "none", "sgd | adam"})
      .add({"scheduler.factor", "0.5", "plateau scheduler: learning-rate factor", "1", "> 0"})
      .add({"scheduler.patience", "2", "plateau scheduler: epochs without improvement", "epochs", "whole >= 0"});
}

StreamTrainingSettings stream_training_settings(const core::Options& o) {
  StreamTrainingSettings s;
  s.dt = o.positive("integrator.dt");
  s.scheme = gle::scheme_choice(o);
  s.optimizer.kind = core::parse(core::kOptimizerNames, "optimizer.kind", o.text("optimizer.kind"));
  s.batch = o.positive_integer("batch");
  s.epochs = o.positive_integer("epochs");
  s.plateau_factor = o.positive("scheduler.factor");
  if (s.plateau_factor >= 1) core::fail_value("scheduler.factor", o.text("scheduler.factor"), "expected < 1");
  s.plateau_patience = static_cast<int>(o.integer("scheduler.patience", 0, INT_MAX));
  s.tau_min = s.dt;
  return s;
}

void train_stream_classifier(const std::string& task_name, const StreamTrainingSettings& settings,
                             const SequenceSet& train, const SequenceSet& validation,
                             gle::Parameters<float>& parameters, const runs::RunContext& context,
                             const SequenceSet* test) {
  StreamTrainer trainer(settings, train, validation, test, parameters, context.seed);
  trainer.run(task_name, context);
}

}  // namespace prospect::training
