#pragma once
// A labelled data set, as every classification task holds it: one sample per
// row of a row-major (samples × features) float matrix, so a sample is one
// contiguous run of memory (streamed step by step, or gathered into a batch),
// and one integer label in 0..classes-1 per sample.

#include <Eigen/Core>

#include "core/types.h"

namespace prospect::datasets {

using SampleMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using LabelVector = Eigen::VectorXi;

struct LabelledSet {
  SampleMatrix x;   // (samples, features)
  LabelVector y;    // (samples), 0..classes-1
  int classes = 0;

  Index size() const { return x.rows(); }
  Index features() const { return x.cols(); }
};

}  // namespace prospect::datasets
