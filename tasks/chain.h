#pragma once
// Teacher-student chain of the GLE paper (Fig. 5, docs/gle.md §5): students with the
// teacher's architecture learn its weights and membrane time constants from
// its output, on a smoothed square-wave input shifted randomly per sample.
// Students: "gle" (prospective errors) and "instantaneous" (errors without
// error-neuron dynamics, the instantaneous-backprop baseline), side by side on
// the same input, and truncated-BPTT students "bptt<TW>". With BPTT students,
// the gradient fidelity of every online student against each of them is
// written under /metrics/fidelity/<student>_vs_bptt<TW>/ (window_fidelity.h).

#include "runs/task.h"

namespace prospect::tasks {

class ChainTask final : public runs::Task {
 public:
  std::string name() const override { return "chain"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
};

}  // namespace prospect::tasks
