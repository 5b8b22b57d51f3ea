#pragma once
// Online training of a GLE classifier on streamed sequences (the GLE paper's
// MNIST-1D and speech experiments, docs/gle.md §5): each batch of samples is
// streamed step by step into the network (scheme = reference | ode, the
// optimizer chosen likewise), the one-hot label
// is the target at every step, and the optimizer steps once per time step.
// The network state streams on from batch to batch and into validation
// (never reset). After every epoch: validation (no learning and, as in the
// reference code, no target), the test set likewise when there is one, the
// plateau scheduler on the validation loss, metrics and a checkpoint in the
// run file.
//
// Run file (besides the standard attributes):
//   /metrics/epoch/{train_loss, train_accuracy, validation_loss,
//                   validation_accuracy, [test_loss, test_accuracy,]
//                   learning_rate, seconds, train_seconds}      (epochs)
//   /summary/{final_validation_accuracy, best_validation_accuracy,
//             best_epoch, seconds, ms_per_training_step,
//             [final_test_accuracy, test_accuracy_at_best_validation]}
//   /checkpoint/...   see checkpoint.h
// Losses are mean per-step cross-entropies; accuracies are fractions.

#include <string>

#include "core/optimizer.h"
#include "models/gle/make_scheme.h"
#include "runs/task.h"
#include "training/sequence_stream.h"

namespace prospect::training {

struct StreamTrainingSettings {
  double dt = 0.2;
  Index steps_per_sample = 360;
  Index batch = 100;
  long epochs = 150;
  gle::SchemeChoice scheme;
  core::OptimizerSettings optimizer;  // one step per time step
  double plateau_factor = 0.5;
  int plateau_patience = 2;
  gle::LearnedParameters learned;
  double tau_min = 0.2;  // clamp for learned time constants
  // Correlated rate noise (rate_noise.h); sigma 0: none.
  double rate_noise_sigma = 0;
  Index rate_noise_points = 72;
  double rate_noise_smoothing = 2;
};

// The options every streamed task offers with the same defaults: scheme,
// stepper, optimizer.kind, scheduler.factor and scheduler.patience.
void add_stream_training_options(core::OptionTable& table);

// The settings every streamed task reads from the same keys: dt, batch,
// epochs and the keys above (scheduler.factor < 1); time constants are
// clamped at dt. The task fills in the rest, the learning rate among them.
StreamTrainingSettings stream_training_settings(const core::Options& o);

// Trains `parameters` (initialised by the caller) and writes the run file
// context.output_path; with context.resume, continues the run in that file
// from its last checkpoint instead. `test`, when given, is scored after every
// epoch but never steers training.
void train_stream_classifier(const std::string& task_name, const StreamTrainingSettings& settings,
                             const SequenceSet& train, const SequenceSet& validation,
                             gle::Parameters<float>& parameters, const runs::RunContext& context,
                             const SequenceSet* test = nullptr);

}  // namespace prospect::training
