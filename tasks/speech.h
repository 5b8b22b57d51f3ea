#pragma once
// Spoken words streamed online (GLE paper Fig. 8e, docs/gle.md §5 "Speech
// commands"): every clip becomes a log-Mel spectrogram (32 bins, 64 ms
// window, 25 ms stride by default) whose frames drive the 32 input neurons in
// parallel, linearly interpolated in time (20 steps of dt = 0.05 per frame);
// hidden layers of several populations of time constants, a linear output
// per class with cross-entropy, and the class is the argmax of the output
// summed over the clip. Training, metrics and checkpoints as for MNIST-1D
// (stream_training.h), plus the test split scored after every epoch.
//
// Corpora (datasets/speech_corpus.h): the Free Spoken Digit Dataset (the
// default, with a network sized for it) and Google Speech Commands
// (12 keywords; the paper's network is tasks/configs/speech_commands.ini).
// Features are cached in HDF5 (datasets/speech_features.h).

#include "runs/task.h"

namespace prospect::tasks {

class SpeechTask final : public runs::Task {
 public:
  std::string name() const override { return "speech"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
  bool resumable() const override { return true; }
};

}  // namespace prospect::tasks
