#pragma once
// The per-batch training loop for models that learn one labelled batch at a
// time (core::BatchLearner: EP, dendritic trees): epochs over a seeded
// shuffle, one optimizer step per batch, evaluation after every epoch,
// metrics, an optional plateau scheduler, a checkpoint every epoch, a
// bit-identical --resume and a progress line. The streamed GLE loop
// (stream_training.h) shares its epoch log, summary and resume checks.
//
// Run file (besides the standard attributes):
//   /metrics/epoch/{train_loss, train_accuracy, [validation_loss,
//                   validation_accuracy,] [test_loss, test_accuracy,]
//                   learning_rate, seconds, train_seconds}        (epochs)
//   /summary/...      see epoch_log.h
//   /checkpoint/...   see checkpoint.h
// With keep_best, the parameters of the epoch with the lowest validation
// loss are kept under /best/parameters/ (attributes: epoch, validation_loss)
// and restored into the model at the end: /summary/kept_epoch and
// /summary/test_accuracy_of_kept_parameters.

#include <functional>
#include <optional>
#include <string>

#include "core/h5_file.h"
#include "core/model.h"
#include "core/optimizer.h"
#include "datasets/labelled_set.h"
#include "integrators/integration.h"
#include "runs/run_file.h"
#include "runs/task.h"

namespace prospect::training {

struct PlateauSettings {
  double factor = 0.5;
  int patience = 2;
};

struct BatchTrainingSettings {
  long epochs = 1;
  Index batch = 64;
  Index evaluation_batch = 1000;  // samples per forward pass when scoring
  bool drop_last = false;         // PyTorch DataLoader: the last partial batch is kept
  std::optional<PlateauSettings> plateau;  // on the validation (else test) loss
  bool keep_best = false;                  // see above; needs a validation set
  integrators::Integration integration;   // stamped on a new run file with the model's family
};

struct BatchData {
  const datasets::LabelledSet* train = nullptr;
  const datasets::LabelledSet* validation = nullptr;  // optional
  const datasets::LabelledSet* test = nullptr;        // optional; never steers training
};

// What a task adds to the loop; every hook may write into the run file.
struct BatchTrainingHooks {
  std::function<void(core::H5Writer&)> before_training;                 // new runs only
  std::function<void(long epochs_done, core::H5Writer&)> after_epoch;  // after the checkpoint
  // On --resume, before training goes on: the run file as saved (checked to
  // be this task's) and its epochs done; a task restores what it keeps per epoch.
  std::function<void(const core::H5Reader&, long epochs_done)> restore;
  // After each batch of an epoch's test evaluation, with the model holding
  // that batch's state: the test set and the batch's rows. A task measures
  // more on the pass the loop makes anyway.
  std::function<void(const datasets::LabelledSet&, const std::vector<Index>& rows)> after_test_batch;
  // After an epoch's evaluation, before its progress line and checkpoint:
  // writes what the task measured (committed with the checkpoint, so a
  // resumed run finds it) and returns text for the line ("" for none).
  std::function<std::string(long epochs_done, core::H5Writer&)> after_evaluation;
  // After the summary, before the file is closed; with keep_best, the model
  // holds the kept parameters.
  std::function<void(core::H5Writer&)> after_training;
};

// Trains `model` with `optimizer` (built by the task over the parameters it
// learns) and writes the run file context.output_path; with context.resume,
// continues that run from its last checkpoint.
void train_batch_learner(const std::string& task_name, const BatchTrainingSettings& settings,
                         core::BatchLearner<float>& model, core::Optimizer<float>& optimizer,
                         const BatchData& data, const runs::RunContext& context,
                         const BatchTrainingHooks& hooks = {});

}  // namespace prospect::training
