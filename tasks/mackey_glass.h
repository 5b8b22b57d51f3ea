#pragma once
// Mackey-Glass forecasting (GLE paper Fig. 10, Methods 5.6.8, NeuroBench):
// per window of the series, a fresh GLE network (4 inputs: x(t) and three
// copies delayed by Δ = 6; two hidden layers of 93 instantaneous and
// retrospective neurons; one linear output) learns teacher-forced on the
// first 10 λ, then forecasts the last 10 λ from its own output (with a
// running average of the parameters). Windows train in parallel over the
// OpenMP threads, each on one thread, reported in order. Metric: sMAPE
// per window and its mean over the windows; best-over-training is the lowest
// sMAPE of a window over its epochs, averaged over the windows.
//
// Run file (besides the standard attributes):
//   /forecast/time                     (test steps)   [λ] from the test start
//   /forecast/{prediction, target}     (windows, test steps)   after the last epoch
//   /metrics/epoch/{smape, train_mse}  (windows, epochs)   smape NaN if not tested
//   /metrics/window/{start, final_smape, best_smape, best_epoch, persistence_mse,
//                    seconds}          (windows)   start [λ], best_epoch 1-based
//   /summary/{mean_smape, std_smape, mean_best_smape, seconds, ms_per_training_step}

#include "runs/task.h"

namespace prospect::tasks {

class MackeyGlassTask final : public runs::Task {
 public:
  std::string name() const override { return "mackey_glass"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
};

}  // namespace prospect::tasks
