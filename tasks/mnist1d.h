#pragma once
// MNIST-1D streamed online (GLE paper Fig. 8d/f, docs/gle.md §5): one input neuron
// receives each sample in real time (360 steps of dt = 0.2 by default) and
// the GLE network learns at every step; the class is the argmax of the
// output summed over the sample. Presets in mnist1d_network.h; the training
// loop, metrics and checkpoints in stream_training.h. Data come from an
// MNIST-1D HDF5 file (x, y, x_test, y_test) or from the native generator.

#include "runs/task.h"

namespace prospect::tasks {

class Mnist1dTask final : public runs::Task {
 public:
  std::string name() const override { return "mnist1d"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
  bool resumable() const override { return true; }
};

}  // namespace prospect::tasks
