#pragma once
// Networks of shunting dendritic trees on labelled images or the synthetic
// tasks of the paper (models/shunting/README.md, docs/shunting.md),
// trained by the local rules 3F/4F/5F or by exact backprop through the
// per-batch loop (batch_training.h), with the gradient fidelity of the local
// rule, per-level distributions of voltages and input resistances, and —
// after training — the compartment voltages of a few test samples relaxing
// from rest in continuous time. Experiments: tasks/configs/shunting_*.ini.

#include "runs/task.h"

namespace prospect::tasks {

class ShuntingTask final : public runs::Task {
 public:
  std::string name() const override { return "shunting"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
  bool resumable() const override { return true; }
};

}  // namespace prospect::tasks
