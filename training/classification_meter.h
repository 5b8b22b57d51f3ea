#pragma once
// Scores a streamed classifier over a batch of samples: the mean per-step
// cross-entropy of softmax(output) against the label, and the prediction as
// the argmax of the output summed over all steps of the sample (docs/gle.md §5).
// Preallocated: adding a step allocates nothing.

#include <vector>

#include "core/types.h"

namespace prospect::training {

class ClassificationMeter {
 public:
  ClassificationMeter(Index classes, Index batch);

  // Starts a batch of samples with these labels; `counted` columns are scored
  // (the rest pad a short final batch).
  void begin(const std::vector<int>& labels, Index counted);
  void add_step(const Eigen::Ref<const MatrixF>& output);
  // Folds the batch into the totals.
  void end();

  double mean_loss() const;  // per step and sample
  double accuracy() const;   // fraction of samples
  long samples() const { return samples_; }
  void clear();

 private:
  Index batch_;
  std::vector<int> labels_;
  Index counted_ = 0;
  MatrixF summed_;          // classes × batch, summed output of the current samples
  MatrixF shifted_;         // scratch for the log-sum-exp
  Eigen::RowVectorXf maximum_;
  Eigen::RowVectorXd batch_loss_;
  long steps_ = 0;          // steps of the current batch
  double loss_sum_ = 0;     // Σ over steps and samples
  long loss_terms_ = 0;
  long correct_ = 0, samples_ = 0;
};

}  // namespace prospect::training
