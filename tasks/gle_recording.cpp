#include "tasks/gle_recording.h"

#include "core/error.h"

namespace prospect::tasks {

namespace {
constexpr gle::Signal recorded_signals[] = {gle::Signal::u, gle::Signal::v, gle::Signal::e,
                                            gle::Signal::r};
}

GleRecording::GleRecording(core::Recorder& recorder, const std::string& prefix,
                           gle::Parameters<float>& parameters,
                           const gle::Scheme<float>* network, std::vector<Index> samples)
    : recorder_(recorder),
      network_(network),
      samples_(std::move(samples)),
      parameters_(parameters.all()) {
  const auto& spec = parameters.spec();
  for (Index l = 0; network_ != nullptr && l < spec.depth(); ++l) {
    const auto neurons = static_cast<hsize_t>(spec.layers[static_cast<std::size_t>(l)].size);
    for (const auto signal : recorded_signals) {
      signal_series_.push_back(recorder.add("trajectories/" + prefix + "/layer" +
                                                std::to_string(l + 1) + "/" + to_string(signal),
                                            {samples_.size(), neurons}));
    }
  }
  for (const auto& p : parameters_) {
    std::vector<hsize_t> shape{static_cast<hsize_t>(p.rows)};
    if (p.matrix) shape.push_back(static_cast<hsize_t>(p.cols));
    parameter_series_.push_back(recorder.add("parameters/" + prefix + "/" + p.name, shape));
  }
}

void GleRecording::record_signals() {
  if (network_ == nullptr) return;
  std::size_t series = 0;
  for (Index l = 0; l < network_->parameters().depth(); ++l) {
    for (const auto signal : recorded_signals) {
      recorder_.append_columns(signal_series_[series++], network_->signal(l, signal), samples_);
    }
  }
}

void GleRecording::record_parameters() {
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

}  // namespace prospect::tasks
