#include "runs/model_recording.h"

#include "core/error.h"

namespace prospect::runs {

ModelRecording::ModelRecording(core::Recorder& recorder, const std::string& prefix,
                               core::Model<float>& model, std::vector<Index> samples, What what)
    : recorder_(recorder), prefix_(prefix), samples_(std::move(samples)) {
  if (what != What::parameters) probes_ = model.probes();
  if (what != What::signals) parameters_ = model.parameter_refs();
  for (const auto& p : parameters_) {
    std::vector<hsize_t> shape{static_cast<hsize_t>(p.rows)};
    if (p.matrix) shape.push_back(static_cast<hsize_t>(p.cols));
    parameter_series_.push_back(recorder.add("parameters/" + prefix + "/" + p.name, shape, p.unit));
  }
}

void ModelRecording::record_signals() {
  // A probe's size is known once the model has run (a batch learner's output).
  if (signal_series_.empty()) {
    for (const auto& probe : probes_) {
      const auto rows = static_cast<hsize_t>(probe.read().rows());
      signal_series_.push_back(recorder_.add("trajectories/" + prefix_ + "/" + probe.name,
                                             {samples_.size(), rows}, probe.unit));
    }
  }
  for (std::size_t i = 0; i < probes_.size(); ++i) {
    recorder_.append_columns(signal_series_[i], probes_[i].read(), samples_);
  }
}

void ModelRecording::record_parameters() {
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const auto& p = parameters_[i];
    recorder_.append_matrix(parameter_series_[i], ConstMatrixMap<float>(p.value, p.rows, p.cols));
  }
}

std::vector<Index> first_samples(long n, Index batch, const std::string& key) {
  if (n > batch) fail("key '", key, "' = ", n, ": more recorded samples than the batch of ", batch);
  std::vector<Index> samples(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) samples[static_cast<std::size_t>(i)] = i;
  return samples;
}

}  // namespace prospect::runs
