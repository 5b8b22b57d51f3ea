#pragma once
// Everything a GLE training run needs to resume bit-identically, under
// /checkpoint/ of its run file: every parameter (learned or not), the
// network state vector, the optimizer's state, the learning rate, the
// plateau scheduler and the number of epochs done. Datasets are overwritten
// in place each epoch, and the file is flushed afterwards, so an interrupted
// run leaves a readable file with the last complete epoch's checkpoint.

#include "core/h5_file.h"
#include "core/optimizer.h"
#include "models/gle/gle_scheme.h"

namespace prospect::tasks {

struct TrainingProgress {
  long epochs_done = 0;
  double learning_rate = 0;
  core::PlateauScheduler::State scheduler{};
};

void write_checkpoint(core::H5Writer& file, gle::Scheme<float>& network,
                      const core::Optimizer<float>& optimizer, const TrainingProgress& progress);

// Restores network parameters and state and the optimizer's state; returns
// the progress. Errors name the file and what does not fit.
TrainingProgress read_checkpoint(const core::H5Reader& file, gle::Scheme<float>& network,
                                 core::Optimizer<float>& optimizer);

}  // namespace prospect::tasks
