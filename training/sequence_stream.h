#pragma once
// Labelled sequences streamed into a network one time step at a time. Each
// sample is stored at its own resolution (`points` per channel) and linearly
// interpolated to the stream's `steps` on the fly, on the grid that
// datasets::resample uses (point p at p/(points-1) of the sample): memory
// does not grow with the number of steps per sample, and a stream with
// steps == points reproduces the samples exactly.

#include <vector>

#include "datasets/labelled_set.h"

namespace prospect::training {

// A labelled set whose rows are sequences: points × channels, point-major.
struct SequenceSet : datasets::LabelledSet {
  Index channels = 1;

  Index points() const { return x.cols() / channels; }
};

class SequenceStream {
 public:
  SequenceStream(Index points, Index steps);

  Index steps() const { return static_cast<Index>(left_.size()); }
  // Where step k falls among the points: left point and weight of the next.
  Index left(Index step) const { return left_[static_cast<std::size_t>(step)]; }
  float weight(Index step) const { return weight_[static_cast<std::size_t>(step)]; }

  // Inputs at `step` of the samples `rows` of `set`, one column each:
  // out is (channels × rows.size()).
  void input(const SequenceSet& set, const std::vector<Index>& rows, Index step,
             MatrixF& out) const;

 private:
  std::vector<Index> left_;
  std::vector<float> weight_;
};

}  // namespace prospect::training
