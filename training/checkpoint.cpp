#include "training/checkpoint.h"

#include "core/error.h"

namespace prospect::training {
namespace {

const std::string kGroup = "checkpoint/";

hsize_t size_of(Index n) { return static_cast<hsize_t>(n); }

void read_into(const core::H5Reader& file, const std::string& dataset, float* out, Index size) {
  const auto values = file.read_float(dataset);
  if (static_cast<Index>(values.elements()) != size) {
    fail(file.path(), ": checkpoint dataset '", dataset, "' has ", values.elements(),
         " values, this model needs ", size, " (was the run made with another model?)");
  }
  std::copy(values.data.begin(), values.data.end(), out);
}

}  // namespace

void write_parameters(core::H5Writer& file, const std::string& group, core::Model<float>& model) {
  for (const auto& p : model.parameter_refs()) {
    file.write(group + p.name, {size_of(p.size)}, p.value, p.unit);
  }
}

void read_parameters(const core::H5Reader& file, const std::string& group, core::Model<float>& model) {
  for (const auto& p : model.parameter_refs()) read_into(file, group + p.name, p.value, p.size);
}

void write_checkpoint(core::H5Writer& file, core::Model<float>& model,
                      const core::Optimizer<float>& optimizer, const TrainingProgress& progress) {
  write_parameters(file, kGroup + "parameters/", model);
  if (const auto* state = model.state()) {
    // The model's whole state block mixes variables of many kinds: no one unit.
    file.write(kGroup + "state", {size_of(state->size())}, state->data(), core::units::none);
  }
  const auto saved = optimizer.state();
  const std::int64_t steps = saved.steps;
  file.write(kGroup + "optimizer/steps", {1}, &steps, core::units::one);
  for (std::size_t i = 0; i < saved.buffers.size(); ++i) {
    file.write(kGroup + "optimizer/buffer" + std::to_string(i), {size_of(saved.buffers[i].size())},
               saved.buffers[i].data(), core::units::none);  // moments: the optimizer's own
  }
  const std::int64_t buffers = static_cast<std::int64_t>(saved.buffers.size());
  file.write(kGroup + "optimizer/buffers", {1}, &buffers, core::units::one);
  const std::int64_t counters[] = {progress.epochs_done, progress.scheduler.bad_epochs};
  file.write(kGroup + "epochs_done", {1}, &counters[0], core::units::one);
  file.write(kGroup + "scheduler/bad_epochs", {1}, &counters[1], core::units::one);
  file.write(kGroup + "scheduler/best", {1}, &progress.scheduler.best, core::units::one);
  file.write(kGroup + "learning_rate", {1}, &progress.learning_rate, core::units::one);
  file.commit();
}

TrainingProgress read_checkpoint(const core::H5Reader& file, core::Model<float>& model,
                                 core::Optimizer<float>& optimizer) {
  if (!file.exists(kGroup + "epochs_done")) {
    fail(file.path(), ": no checkpoint to resume from (/checkpoint/epochs_done is missing; "
         "the run stopped before its first epoch ended)");
  }
  read_parameters(file, kGroup + "parameters/", model);
  if (auto* state = model.state()) read_into(file, kGroup + "state", state->data(), state->size());

  core::OptimizerState<float> saved;
  saved.steps = file.read_int(kGroup + "optimizer/steps").data.at(0);
  const auto buffers = file.read_int(kGroup + "optimizer/buffers").data.at(0);
  for (std::int64_t i = 0; i < buffers; ++i) {
    const std::string name = kGroup + "optimizer/buffer" + std::to_string(i);
    const auto values = file.read_float(name);
    saved.buffers.emplace_back(Eigen::Map<const VectorF>(values.data.data(),
                                                         static_cast<Index>(values.elements())));
  }
  optimizer.restore(saved);

  TrainingProgress progress;
  progress.epochs_done = file.read_int(kGroup + "epochs_done").data.at(0);
  progress.scheduler.bad_epochs =
      static_cast<int>(file.read_int(kGroup + "scheduler/bad_epochs").data.at(0));
  progress.scheduler.best = file.read_double(kGroup + "scheduler/best").data.at(0);
  progress.learning_rate = file.read_double(kGroup + "learning_rate").data.at(0);
  return progress;
}

}  // namespace prospect::training
