#pragma once
// Dendritic equilibrium propagation on MNIST-layout image sets (docs/ep_model.md;
// models/ep/README.md): EP-MLP, DEP or DEP-E trained by EP (free phase, ±β
// nudged phases, the contrastive update) or by truncated BPTT, relaxed by
// the published code's discrete map or by the ODE layer, on the shared
// per-batch loop (batch_training.h). The published settings are the
// defaults; tasks/configs/ep_*.ini hold the paper's runs.
//
// Model selection: with select = validation (the default) a random
// data.validation fraction of the training images is held out, never trained
// on, and chooses the best epoch and the kept parameters (the loop's
// keep_best); select = test is the published code's protocol (every training
// image trained on, the best epoch by test accuracy, nothing kept).
//
// Run file besides the loop's metrics, summary and checkpoint:
//   /  attribute selection = validation | test
//   /validation_rows   (held-out images)   their rows among the training images
//   /trajectories/epoch<E>/<phase>/{layer<l>/s, energy}   (steps, samples, N)
//       the free, plus and minus relaxations of the first record.samples test
//       images before training (E = 0) and after every record.every-th epoch;
//       energy only for variants with one
//   /trajectories/epoch<E>/<phase>/{steps, computed_steps, residual}
//   /metrics/fidelity/gdu_{one_sided,symmetric}_epoch<E>/...   (axis: step k)
//       the GDU check (models/ep/gdu.h) on the first gdu.samples training
//       images: EP after k nudged steps against BPTT through the last k free steps
//   /metrics/gdu/epoch<E>/{free_residual, loss}
//   /metrics/epoch/{dead_output_units, own_class_drive_below_beta}
//       per epoch, from the test evaluation's free states (dead_output_units.h)

#include <cstdint>

#include "core/options.h"
#include "datasets/idx.h"
#include "runs/task.h"

namespace prospect::tasks {

// The images of the data.* options, scaled as the ep task trains on them
// (docs/ep_model.md §7).
datasets::ImageSet load_ep_images(const core::Options& o);

// The seed of the network an ep run of seed `run_seed` starts from.
std::uint64_t initial_network_seed(std::uint64_t run_seed);

class EpTask final : public runs::Task {
 public:
  std::string name() const override { return "ep"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
  bool resumable() const override { return true; }
};

}  // namespace prospect::tasks
