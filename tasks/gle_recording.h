#pragma once
// Records a GLE network into a run file: per-layer signals (u, v, e, r) of
// chosen batch samples under trajectories/<prefix>/layer<ℓ>/, and parameter
// snapshots under parameters/<prefix>/layer<ℓ>/{W,b,tau_m,tau_r}. Without a
// scheme (a network trained by the adjoint method) only the parameters.

#include <string>
#include <vector>

#include "core/recorder.h"
#include "models/gle/gle_scheme.h"

namespace prospect::tasks {

class GleRecording {
 public:
  GleRecording(core::Recorder& recorder, const std::string& prefix,
               gle::Parameters<float>& parameters, const gle::Scheme<float>* network,
               std::vector<Index> samples);
  void record_signals();
  void record_parameters();

 private:
  core::Recorder& recorder_;
  const gle::Scheme<float>* network_;  // null: no signals
  std::vector<Index> samples_;
  std::vector<int> signal_series_;     // layer-major, then u, v, e, r
  core::ParameterList<float> parameters_;  // views, built once
  std::vector<int> parameter_series_;      // one per entry of parameters_
};

// The first n batch samples, or an error naming `key` if the batch is smaller.
std::vector<Index> first_samples(long n, Index batch, const std::string& key);

}  // namespace prospect::tasks
