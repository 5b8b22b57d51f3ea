#include "training/batch_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/divergence.h"
#include "core/error.h"
#include "core/output.h"
#include "core/progress.h"
#include "core/random.h"
#include "runs/run_file.h"
#include "training/checkpoint.h"
#include "training/epoch_log.h"

namespace prospect::training {
namespace {

enum StreamLabel : std::uint64_t { shuffle = 21 };

const std::string kBest = "best/parameters/";

struct Score {
  double loss = 0, accuracy = 0;
};

std::vector<std::string> metric_columns(const BatchData& data) {
  std::vector<std::string> columns{"train_loss", "train_accuracy"};
  if (data.validation) columns.insert(columns.end(), {"validation_loss", "validation_accuracy"});
  if (data.test) columns.insert(columns.end(), {"test_loss", "test_accuracy"});
  columns.insert(columns.end(), {"learning_rate", "seconds", "train_seconds"});
  return columns;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

class BatchTrainer {
 public:
  BatchTrainer(const BatchTrainingSettings& settings, core::BatchLearner<float>& model,
               core::Optimizer<float>& optimizer, const BatchData& data, const runs::RunContext& context)
      : s_(settings), model_(model), optimizer_(optimizer), data_(data), context_(context),
        log_(metric_columns(data)) {
    if (data.train == nullptr || data.train->size() == 0) fail("no training samples");
    for (const auto* set : {data.validation, data.test}) {
      if (set != nullptr && (set->features() != data.train->features() ||
                             set->classes != data.train->classes)) {
        fail("evaluation samples have ", set->features(), " features and ", set->classes,
             " classes, training samples ", data.train->features(), " and ", data.train->classes);
      }
    }
    if (s_.batch > data.train->size()) {
      core::fail_value("batch", std::to_string(s_.batch),
                       "larger than the " + std::to_string(data.train->size()) + " training samples");
    }
    if (s_.keep_best && data.validation == nullptr) fail("keep_best needs a validation set");
    if (s_.plateau) scheduler_.emplace(s_.plateau->factor, s_.plateau->patience);
  }

  void run(const std::string& task_name, const BatchTrainingHooks& hooks) {
    auto file = open(task_name, hooks);
    const long remaining = std::max(0L, s_.epochs - progress_.epochs_done);
    core::Progress progress(task_name, remaining * train_batches(), context_.progress);
    task_name_ = task_name;
    hooks_ = &hooks;
    try {
      for (long epoch = progress_.epochs_done; epoch < s_.epochs; ++epoch) {
        run_epoch(epoch, progress, file);
        core::require_finite(model_, "", [&] { return where(); });  // nothing non-finite is saved
        log_.write(file);
        if (s_.keep_best) keep_if_best(file);
        progress_.epochs_done = epoch + 1;
        progress_.learning_rate = optimizer_.learning_rate();
        if (scheduler_) progress_.scheduler = scheduler_->state();
        // The epoch's own records go into the checkpoint's commit: a run
        // stopped after it and resumed has them, as an uninterrupted one does.
        if (hooks.after_epoch) hooks.after_epoch(epoch + 1, file);
        write_checkpoint(file, model_, optimizer_, progress_);
      }
    } catch (const core::Diverged& divergence) {
      runs::mark_diverged(file, divergence);
      throw;
    }
    progress.finish();
    write_summary(file);
    if (hooks.after_training) {
      file.commit();  // a post-training step that fails leaves the finished run, summary included
      hooks.after_training(file);
    }
    file.close();
    core::out("wrote %s\n", file.path().c_str());
  }

 private:
  core::H5Writer open(const std::string& task_name, const BatchTrainingHooks& hooks) {
    if (!context_.resume) {
      auto file = runs::open_run_file(context_, task_name);
      runs::describe_run(file, model_.family(), s_.integration);
      progress_.learning_rate = optimizer_.learning_rate();
      if (hooks.before_training) hooks.before_training(file);
      return file;
    }
    {
      runs::check_output(context_);
      const core::H5Reader saved(context_.output_path);
      runs::check_resumable(saved, task_name);
      check_same_run(saved, context_);
      if (s_.keep_best && saved.exists("best")) {
        read_parameters(saved, kBest, model_);
        remember_best(static_cast<long>(saved.double_attribute("best", "epoch")));
      }
      progress_ = read_checkpoint(saved, model_, optimizer_);
      log_.restore(saved, progress_.epochs_done);
      if (hooks.restore) hooks.restore(saved, progress_.epochs_done);
      if (s_.keep_best && progress_.epochs_done > 0) {
        best_loss_ = *std::min_element(log_.column("validation_loss").begin(),
                                       log_.column("validation_loss").end());
      }
    }
    model_.parameters_changed();
    if (scheduler_) scheduler_->restore(progress_.scheduler);
    optimizer_.set_learning_rate(progress_.learning_rate);
    auto file = runs::open_run_file(context_, task_name);
    file.set_attribute("/", "resumed_from_epoch", static_cast<std::int64_t>(progress_.epochs_done));
    core::out("resuming %s after epoch %ld of %ld\n", context_.output_path.c_str(),
              progress_.epochs_done, s_.epochs);
    return file;
  }

  Index train_batches() const {
    const Index n = data_.train->size();
    return s_.drop_last ? n / s_.batch : (n + s_.batch - 1) / s_.batch;
  }

  // Columns `rows` of the set as a (features × samples) input and one-hot target.
  void gather(const datasets::LabelledSet& set, const std::vector<Index>& rows) {
    const auto n = static_cast<Index>(rows.size());
    input_.resize(set.features(), n);
    target_.setZero(set.classes, n);
    for (Index j = 0; j < n; ++j) {
      const Index row = rows[static_cast<std::size_t>(j)];
      input_.col(j) = set.x.row(row).transpose();
      target_(set.y(row), j) = 1;
    }
  }

  // Correct predictions among `rows`: the argmax of each output column (the
  // lowest index among ties) against the label.
  long correct(const datasets::LabelledSet& set, const std::vector<Index>& rows) const {
    const auto output = model_.output();
    long hits = 0;
    for (Index j = 0; j < output.cols(); ++j) {
      Index predicted = 0;
      output.col(j).maxCoeff(&predicted);
      hits += predicted == set.y(rows[static_cast<std::size_t>(j)]);
    }
    return hits;
  }

  // "ep epoch 3, training batch 2": where the run is, for a divergence.
  std::string where() const {
    return task_name_ + " epoch " + std::to_string(epoch_ + 1) + ", " + phase_ + " batch " +
           std::to_string(batch_ + 1);
  }

  // The model's own result, where a divergence the model detects inside a
  // batch (a relaxation's state, say) is given the batch's place in the run.
  template <typename Call>
  double located(Call&& call) const {
    try {
      return call();
    } catch (const core::Diverged& divergence) {
      throw core::Diverged(where() + ": " + divergence.where());
    }
  }

  void run_epoch(long epoch, core::Progress& progress, core::H5Writer& file) {
    epoch_ = epoch;
    phase_ = "training";
    const auto start = std::chrono::steady_clock::now();
    const auto& train = *data_.train;
    core::Rng rng(core::derive_seed(context_.seed, shuffle, static_cast<std::uint64_t>(epoch)));
    const std::vector<Index> order = core::shuffled_indices(train.size(), rng);
    double loss_sum = 0;
    long hits = 0, seen = 0;
    for (Index b = 0; b < train_batches(); ++b) {
      const auto first = order.begin() + b * s_.batch;
      const std::vector<Index> rows(first, first + std::min(s_.batch, train.size() - b * s_.batch));
      gather(train, rows);
      batch_ = b;
      const double loss = located([&] { return model_.learn(input_, target_); });
      core::require_finite_loss(loss, model_, "", "training loss", [&] { return where(); });
      optimizer_.step();
      model_.parameters_changed();
      loss_sum += loss * static_cast<double>(rows.size());
      hits += correct(train, rows);
      seen += static_cast<long>(rows.size());
      progress.update(++batches_done_, status_);
    }
    const double train_seconds = seconds_since(start);
    std::vector<double> row{loss_sum / static_cast<double>(seen),
                            static_cast<double>(hits) / static_cast<double>(seen)};
    std::string scores;
    for (const auto& [name, set] : {std::pair{"validation", data_.validation},
                                    std::pair{"test", data_.test}}) {
      if (set == nullptr) continue;
      phase_ = name;
      const Score score = evaluate(*set, set == data_.test);
      row.insert(row.end(), {score.loss, score.accuracy});
      char text[64];
      std::snprintf(text, sizeof text, "  %s loss %.4f acc %.4f", name, score.loss, score.accuracy);
      scores += text;
    }
    if (hooks_->after_evaluation) scores += hooks_->after_evaluation(epoch + 1, file);
    row.insert(row.end(), {optimizer_.learning_rate(), seconds_since(start), train_seconds});
    log_.append(row);
    // Accuracies as fractions, as the run file holds them.
    core::out("epoch %4ld/%ld  train loss %.4f acc %.4f%s  lr %.2e  %.1f s\n", epoch + 1,
              s_.epochs, row[0], row[1], scores.c_str(), optimizer_.learning_rate(),
              row[row.size() - 2]);
    const std::string steering = data_.validation ? "validation" : "test";
    char status[64];
    std::snprintf(status, sizeof status, "epoch %ld %s acc %.3f", epoch + 1, steering.c_str(),
                  data_.validation || data_.test ? log_.column(steering + "_accuracy").back() : 0);
    status_ = status;
    if (scheduler_ && (data_.validation || data_.test)) {
      const double loss = log_.column(steering + "_loss").back();
      optimizer_.set_learning_rate(scheduler_->update(loss, optimizer_.learning_rate()));
    }
  }

  // An epoch's test evaluation (`test_of_epoch`) calls after_test_batch.
  Score evaluate(const datasets::LabelledSet& set, bool test_of_epoch = false) {
    const auto& observe = hooks_->after_test_batch;
    double loss_sum = 0;
    long hits = 0;
    for (Index first = 0; first < set.size(); first += s_.evaluation_batch) {
      std::vector<Index> rows;
      for (Index i = first; i < std::min(set.size(), first + s_.evaluation_batch); ++i) rows.push_back(i);
      gather(set, rows);
      batch_ = first / s_.evaluation_batch;
      const double loss = located([&] { return model_.evaluate(input_, target_); });
      core::require_finite_loss(loss, model_, "", "loss", [&] { return where(); });
      loss_sum += loss * static_cast<double>(rows.size());
      hits += correct(set, rows);
      if (test_of_epoch && observe) observe(set, rows);
    }
    const auto n = static_cast<double>(set.size());
    return {loss_sum / n, static_cast<double>(hits) / n};
  }

  void keep_if_best(core::H5Writer& file) {
    const double loss = log_.column("validation_loss").back();
    if (!(loss < best_loss_)) return;
    best_loss_ = loss;
    write_parameters(file, kBest, model_);
    file.set_attribute("best", "epoch", static_cast<std::int64_t>(log_.epochs()));
    file.set_attribute("best", "validation_loss", loss);
    remember_best(log_.epochs());
  }

  // The kept parameters are also held in memory: a run never reads the file
  // it is writing (it is not in place before it is closed).
  void remember_best(long epoch) {
    best_epoch_ = epoch;
    best_values_.clear();
    for (const auto& p : model_.parameter_refs()) best_values_.emplace_back(p.value, p.value + p.size);
  }
  void restore_best() {
    auto refs = model_.parameter_refs();
    for (std::size_t i = 0; i < refs.size(); ++i) {
      std::copy(best_values_[i].begin(), best_values_[i].end(), refs[i].value);
    }
    model_.parameters_changed();
  }

  void write_summary(core::H5Writer& file) {
    if (log_.epochs() == 0) return;
    write_accuracy_summary(file, log_);
    if (s_.keep_best && !best_values_.empty()) {
      restore_best();
      const long epoch = best_epoch_;
      file.write("summary/kept_epoch", {static_cast<double>(epoch)}, core::units::one);
      if (data_.test) {
        const double accuracy = evaluate(*data_.test).accuracy;
        file.write("summary/test_accuracy_of_kept_parameters", {accuracy}, core::units::one);
        core::out("parameters of epoch %ld (lowest validation loss) kept: test accuracy %.4f\n",
                  epoch, accuracy);
      }
    }
  }

  const BatchTrainingSettings& s_;
  core::BatchLearner<float>& model_;
  core::Optimizer<float>& optimizer_;
  const BatchData& data_;
  const runs::RunContext& context_;
  std::optional<core::PlateauScheduler> scheduler_;
  EpochLog log_;
  TrainingProgress progress_;
  double best_loss_ = INFINITY;
  std::vector<std::vector<float>> best_values_;  // per parameter, of epoch best_epoch_
  long best_epoch_ = 0;
  MatrixF input_, target_;
  std::int64_t batches_done_ = 0;
  std::string status_;
  const BatchTrainingHooks* hooks_ = nullptr;
  std::string task_name_, phase_;  // where the run is, for a divergence
  long epoch_ = 0;
  Index batch_ = 0;
};

}  // namespace

void train_batch_learner(const std::string& task_name, const BatchTrainingSettings& settings,
                         core::BatchLearner<float>& model, core::Optimizer<float>& optimizer,
                         const BatchData& data, const runs::RunContext& context,
                         const BatchTrainingHooks& hooks) {
  BatchTrainer trainer(settings, model, optimizer, data, context);
  trainer.run(task_name, hooks);
}

}  // namespace prospect::training
