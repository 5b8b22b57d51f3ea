#pragma once
// Records any model into a run file through its face: the chosen batch
// samples of every probe under trajectories/<prefix>/<probe> (frames of
// samples × rows, with the probe's unit), and parameter snapshots under
// parameters/<prefix>/<parameter>. The model knows nothing of the file; the
// task decides when to sample.

#include <string>
#include <vector>

#include "core/model.h"
#include "core/recorder.h"

namespace prospect::runs {

class ModelRecording {
 public:
  enum class What { signals_and_parameters, parameters, signals };

  ModelRecording(core::Recorder& recorder, const std::string& prefix, core::Model<float>& model,
                 std::vector<Index> samples, What what = What::signals_and_parameters);
  void record_signals();
  void record_parameters();

 private:
  core::Recorder& recorder_;
  std::string prefix_;
  std::vector<Index> samples_;
  std::vector<core::Probe<float>> probes_;     // empty: no signals
  std::vector<int> signal_series_;             // one per probe, from the first record_signals()
  core::ParameterList<float> parameters_;      // views, built once
  std::vector<int> parameter_series_;          // one per parameter
};

// The first n batch samples, or an error naming `key` if the batch is smaller.
std::vector<Index> first_samples(long n, Index batch, const std::string& key);

}  // namespace prospect::runs
