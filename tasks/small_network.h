#pragma once
// Small GLE network of the GLE paper (Fig. 6, docs/gle.md §5, Methods 5.6.4): two
// hidden layers, each one instantaneous (τm = τr) and one retrospective
// (τr < τm) neuron, one output, a sum of three sines as input. A student
// whose bottom weights are perturbed learns them from a teacher, once by GLE
// (online, prospective errors) and once by the adjoint method (truncated
// windows). Over a window with fixed weights, the spectra of the bottom-layer
// errors e and adjoints λ relative to the output error are compared
// (Fig. 6c: phase, Fig. 6d: amplitude peaks at the input frequencies).

#include "runs/task.h"

namespace prospect::tasks {

class SmallNetworkTask final : public runs::Task {
 public:
  std::string name() const override { return "small_network"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
};

}  // namespace prospect::tasks
