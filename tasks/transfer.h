#pragma once
// Transfer functions of the temporal operators and neurons of docs/gle.md §1 and §3,
// measured on the ODE layer and compared with their analytic H(ω) (GLE paper
// Figs. 3, 11 and 12): every element is a model driven by sinusoids, its gain
// and phase fitted by lock-in after the transient (tasks/frequency_response.h).
//
//   Fig. 3b-c   I⁻, D⁺, I⁺, D⁻ and D⁺I⁻ with a shared τ, over ωτ
//   Fig. 3d-e   forward neuron D⁺_{τr}I⁻_{τm}, error neuron D⁺_{τm}I⁻_{τr} driven
//               by it, their product, and the adjoint I⁺_{τm}D⁻_{τr}, over ωτm
//   Fig. 11     forward neuron, error neuron and adjoint against τr/τm at ωτm = 1
//   Fig. 12     u- and I-adaptation neurons over ω, with the first-order phases

#include "runs/task.h"

namespace prospect::tasks {

class TransferTask final : public runs::Task {
 public:
  std::string name() const override { return "transfer"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
};

}  // namespace prospect::tasks
