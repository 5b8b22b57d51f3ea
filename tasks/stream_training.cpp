#include "tasks/stream_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

#include "core/error.h"
#include "core/optimizer.h"
#include "core/progress.h"
#include "core/random.h"
#include "models/gle/reference_scheme.h"
#include "tasks/classification_meter.h"
#include "tasks/gle_checkpoint.h"
#include "tasks/rate_noise.h"
#include "tasks/run_file.h"

namespace prospect::tasks {
namespace {

// Labels of the independent random streams (core::derive_seed).
enum StreamLabel : std::uint64_t {
  shuffle = 1, train_noise = 2, validation_noise = 3, test_noise = 4
};

struct EpochMetrics {
  std::vector<double> train_loss, train_accuracy, validation_loss, validation_accuracy,
      test_loss, test_accuracy, learning_rate, seconds, train_seconds;

  std::vector<std::pair<const char*, std::vector<double>*>> columns(bool with_test) {
    std::vector<std::pair<const char*, std::vector<double>*>> all{
        {"train_loss", &train_loss},
        {"train_accuracy", &train_accuracy},
        {"validation_loss", &validation_loss},
        {"validation_accuracy", &validation_accuracy},
        {"learning_rate", &learning_rate},
        {"seconds", &seconds},
        {"train_seconds", &train_seconds}};
    if (with_test) {
      all.insert(all.begin() + 4, {{"test_loss", &test_loss}, {"test_accuracy", &test_accuracy}});
    }
    return all;
  }
};

struct Evaluation {
  double loss, accuracy;
};

const std::string kMetrics = "metrics/epoch/";

// The configuration of a run being resumed must be this run's, except for
// the number of epochs (a run may be extended).
void check_same_configuration(const core::H5Reader& file, const RunContext& context) {
  const auto lines = [](const std::string& text) {
    std::vector<std::string> kept;
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = std::min(text.find('\n', start), text.size());
      const std::string line = text.substr(start, end - start);
      if (line.rfind("epochs =", 0) != 0) kept.push_back(line);
      start = end + 1;
    }
    return kept;
  };
  const auto saved = lines(file.string_attribute("/", "configuration"));
  const auto current = lines(context.options.to_ini());
  for (std::size_t i = 0; i < std::max(saved.size(), current.size()); ++i) {
    const std::string a = i < saved.size() ? saved[i] : "(nothing)";
    const std::string b = i < current.size() ? current[i] : "(nothing)";
    if (a != b) {
      fail(file.path(), ": cannot resume: the run was made with '", a, "', this one has '", b,
           "' (only epochs may change)");
    }
  }
  const auto seed = static_cast<std::uint64_t>(file.double_attribute("/", "seed"));
  if (seed != context.seed) {
    fail(file.path(), ": cannot resume: the run has seed ", seed, ", this one --seed ",
         context.seed);
  }
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
        network_(parameters, settings.batch),
        optimizer_(parameters.trainable(settings.learned), settings.learning_rate),
        scheduler_(settings.plateau_factor, settings.plateau_patience),
        data_stream_(train.points(), settings.steps_per_sample),
        meter_(parameters.spec().output_size(), settings.batch),
        input_(train.channels, settings.batch),
        target_(MatrixF::Zero(parameters.spec().output_size(), settings.batch)) {
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

  void run(const std::string& task_name, const RunContext& context) {
    std::optional<core::H5Writer> file;
    if (context.resume) {
      {
        const core::H5Reader saved(context.output_path);
        check_same_configuration(saved, context);
        progress_ = read_checkpoint(saved, network_, optimizer_);
        for (auto& [name, column] : metrics_.columns(test_ != nullptr)) {
          const auto values = saved.read_double(kMetrics + name);
          column->assign(values.data.begin(),
                         values.data.begin() + std::min<long>(progress_.epochs_done,
                                                               static_cast<long>(values.elements())));
        }
      }
      scheduler_.restore(progress_.scheduler);
      optimizer_.set_learning_rate(progress_.learning_rate);
      file.emplace(open_run_file(context, task_name));
      file->set_attribute("/", "resumed_from_epoch", static_cast<std::int64_t>(progress_.epochs_done));
      std::printf("resuming %s after epoch %ld of %ld\n", context.output_path.c_str(),
                  progress_.epochs_done, s_.epochs);
    } else {
      file.emplace(open_run_file(context, task_name));
      file->set_attribute("/", "model", std::string("gle"));
      file->set_attribute("/", "scheme", std::string("reference"));
      file->set_attribute("/", "dt", s_.dt);
      progress_.learning_rate = s_.learning_rate;
    }

    const long remaining = std::max(0L, s_.epochs - progress_.epochs_done);
    core::Progress progress(task_name, remaining * steps_per_epoch(), context.progress);
    for (long epoch = progress_.epochs_done; epoch < s_.epochs; ++epoch) {
      run_epoch(epoch, progress);
      write_metrics(*file);
      progress_.epochs_done = epoch + 1;
      progress_.learning_rate = optimizer_.learning_rate();
      progress_.scheduler = scheduler_.state();
      write_checkpoint(*file, network_, optimizer_, progress_);
    }
    progress.finish();
    write_summary(*file);
    file->close();
    std::printf("wrote %s\n", file->path().c_str());
  }

 private:
  Index train_batches() const { return train_.size() / s_.batch; }  // a partial batch is dropped
  Index batches(const SequenceSet& set) const { return (set.size() + s_.batch - 1) / s_.batch; }

  void run_epoch(long epoch, core::Progress& progress) {
    const auto start = std::chrono::steady_clock::now();
    // Shuffle: Fisher-Yates from this epoch's own stream.
    std::vector<Index> order(static_cast<std::size_t>(train_.size()));
    std::iota(order.begin(), order.end(), Index{0});
    core::Rng rng(core::derive_seed(seed_, shuffle, static_cast<std::uint64_t>(epoch)));
    for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);

    meter_.clear();
    network_.set_gradients(true);
    for (Index b = 0; b < train_batches(); ++b) {
      const std::vector<Index> rows(order.begin() + b * s_.batch, order.begin() + (b + 1) * s_.batch);
      stream_batch(train_, rows, s_.batch, true,
                   core::derive_seed(seed_, train_noise, static_cast<std::uint64_t>(epoch * train_batches() + b)),
                   progress);
    }
    const double train_loss = meter_.mean_loss(), train_accuracy = meter_.accuracy();
    const double train_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const auto validation = evaluate(validation_, validation_noise, epoch, progress);
    const double validation_loss = validation.loss, validation_accuracy = validation.accuracy;
    if (!std::isfinite(train_loss) || !std::isfinite(validation_loss)) {
      fail("epoch ", epoch + 1, ": the loss is not finite (train ", train_loss, ", validation ",
           validation_loss, "); lower optimizer.lr");
    }
    std::string test_text;
    if (test_) {
      const auto test = evaluate(*test_, test_noise, epoch, progress);
      metrics_.test_loss.push_back(test.loss);
      metrics_.test_accuracy.push_back(test.accuracy);
      char text[48];
      std::snprintf(text, sizeof text, "  test acc %5.1f%%", 100 * test.accuracy);
      test_text = text;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.train_loss.push_back(train_loss);
    metrics_.train_accuracy.push_back(train_accuracy);
    metrics_.validation_loss.push_back(validation_loss);
    metrics_.validation_accuracy.push_back(validation_accuracy);
    metrics_.learning_rate.push_back(optimizer_.learning_rate());
    metrics_.seconds.push_back(seconds);
    metrics_.train_seconds.push_back(train_seconds);
    std::printf("epoch %4ld/%ld  train loss %.4f acc %5.1f%%  validation loss %.4f acc %5.1f%%%s  "
                "lr %.2e  %.1f s\n",
                epoch + 1, s_.epochs, train_loss, 100 * train_accuracy, validation_loss,
                100 * validation_accuracy, test_text.c_str(), optimizer_.learning_rate(), seconds);
    std::fflush(stdout);
    char status[64];
    std::snprintf(status, sizeof status, "epoch %ld val %.1f%%", epoch + 1, 100 * validation_accuracy);
    status_ = status;
    optimizer_.set_learning_rate(scheduler_.update(validation_loss, optimizer_.learning_rate()));
  }

  // Streams `set` without learning (and, as the reference code does, without
  // a target); the network state carries on from training.
  Evaluation evaluate(const SequenceSet& set, StreamLabel noise_label, long epoch,
                      core::Progress& progress) {
    meter_.clear();
    network_.set_gradients(false);
    const Index count = batches(set);
    for (Index b = 0; b < count; ++b) {
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
      network_.step(drive, static_cast<double>(k) * s_.dt, s_.dt);
      meter_.add_step(network_.output());
      if (learn) {
        optimizer_.step();
        if (s_.learned.tau_m || s_.learned.tau_r) parameters_.clamp_time_constants(s_.tau_min);
      }
      if (noise_) {
        for (Index l = 0; l < parameters_.depth(); ++l) {
          network_.add_to_rates(l, noise_->at(l + 1, *noise_stream_, k));
        }
      }
      progress.update(++steps_done_, status_);
    }
    meter_.end();
  }

  void write_metrics(core::H5Writer& file) {
    for (auto& [name, column] : metrics_.columns(test_ != nullptr)) file.write(kMetrics + name, *column);
  }

  void write_summary(core::H5Writer& file) {
    const auto& accuracy = metrics_.validation_accuracy;
    if (accuracy.empty()) return;
    const auto best = std::max_element(accuracy.begin(), accuracy.end());
    const auto total = [](const std::vector<double>& v) {
      return std::accumulate(v.begin(), v.end(), 0.0);
    };
    const double seconds = total(metrics_.seconds);
    const double ms_per_step =
        1e3 * total(metrics_.train_seconds) /
        static_cast<double>(static_cast<long>(accuracy.size()) * train_batches() * s_.steps_per_sample);
    const long best_epoch = best - accuracy.begin() + 1;
    file.write("summary/final_validation_accuracy", {accuracy.back()});
    file.write("summary/best_validation_accuracy", {*best});
    file.write("summary/best_epoch", {static_cast<double>(best_epoch)});
    file.write("summary/seconds", {seconds});
    file.write("summary/ms_per_training_step", {ms_per_step});
    if (test_) {
      const double test_at_best = metrics_.test_accuracy[static_cast<std::size_t>(best_epoch - 1)];
      file.write("summary/final_test_accuracy", {metrics_.test_accuracy.back()});
      file.write("summary/test_accuracy_at_best_validation", {test_at_best});
      std::printf("test accuracy: final %.2f%%, at the best validation epoch %.2f%%\n",
                  100 * metrics_.test_accuracy.back(), 100 * test_at_best);
    }
    std::printf("validation accuracy: final %.2f%%, best %.2f%% (epoch %ld); %zu epochs in %.1f s, "
                "%.3f ms per training step\n",
                100 * accuracy.back(), 100 * *best, best_epoch, accuracy.size(), seconds, ms_per_step);
  }

  const StreamTrainingSettings& s_;
  const SequenceSet& train_;
  const SequenceSet& validation_;
  const SequenceSet* test_;
  gle::Parameters<float>& parameters_;
  std::uint64_t seed_;
  gle::ReferenceScheme<float> network_;
  core::Adam<float> optimizer_;
  core::PlateauScheduler scheduler_;
  SequenceStream data_stream_;
  std::optional<CorrelatedRateNoise> noise_;
  std::optional<SequenceStream> noise_stream_;
  ClassificationMeter meter_;
  MatrixF input_, target_;
  TrainingProgress progress_;
  EpochMetrics metrics_;
  std::int64_t steps_done_ = 0;
  std::string status_;
};

}  // namespace

StreamTrainingSettings stream_training_settings(const core::Options& o) {
  StreamTrainingSettings s;
  s.dt = o.positive("dt");
  s.batch = o.positive_integer("batch");
  s.epochs = o.positive_integer("epochs");
  s.plateau_factor = o.positive("scheduler.factor");
  if (s.plateau_factor >= 1) core::fail_value("scheduler.factor", o.text("scheduler.factor"), "expected < 1");
  s.plateau_patience = static_cast<int>(o.non_negative_integer("scheduler.patience"));
  s.tau_min = s.dt;
  return s;
}

void train_stream_classifier(const std::string& task_name, const StreamTrainingSettings& settings,
                             const SequenceSet& train, const SequenceSet& validation,
                             gle::Parameters<float>& parameters, const RunContext& context,
                             const SequenceSet* test) {
  StreamTrainer trainer(settings, train, validation, test, parameters, context.seed);
  trainer.run(task_name, context);
}

}  // namespace prospect::tasks
