#pragma once
// Everything a training run needs to resume bit-identically, under
// /checkpoint/ of its run file, for any model family (through the model
// face): every parameter (learned or not), the model's state vector if it
// has one, the optimizer's state, the learning rate, the plateau scheduler
// and the number of epochs done. Datasets are overwritten in place each
// epoch and the file is committed afterwards (core/h5_file.h: put in place
// whole), so an interrupted run leaves a readable file with the last
// complete epoch's checkpoint.

#include "core/h5_file.h"
#include "core/model.h"
#include "core/optimizer.h"

namespace prospect::training {

struct TrainingProgress {
  long epochs_done = 0;
  double learning_rate = 0;
  core::PlateauScheduler::State scheduler{};
};

void write_checkpoint(core::H5Writer& file, core::Model<float>& model,
                      const core::Optimizer<float>& optimizer, const TrainingProgress& progress);

// Restores the model's parameters and state and the optimizer's state;
// returns the progress. Errors name the file and what does not fit.
TrainingProgress read_checkpoint(const core::H5Reader& file, core::Model<float>& model,
                                 core::Optimizer<float>& optimizer);

// Writes every parameter of `model` under `group` (e.g. "checkpoint/parameters/"),
// and reads them back, failing on a size that does not fit.
void write_parameters(core::H5Writer& file, const std::string& group, core::Model<float>& model);
void read_parameters(const core::H5Reader& file, const std::string& group, core::Model<float>& model);

}  // namespace prospect::training
