#pragma once
// The input of the teacher-student chain (Fig. 5): a square wave of values
// ±1 (+1 where (t + shift) mod period < period/2), one time shift per batch
// sample, smoothed along time by a Gaussian of σ steps with the semantics of
// scipy.ndimage.gaussian_filter1d (truncate 4σ, mode 'reflect' at both ends of
// the n-step signal). Generated step by step from a ring buffer of the
// 2·radius + 1 samples under the kernel, so memory does not grow with n.

#include <vector>

#include "core/types.h"

namespace prospect::tasks {

class SmoothedSquareWave {
 public:
  SmoothedSquareWave(double period, double dt, double sigma_steps, long total_steps,
                     std::vector<double> shifts);

  Index batch() const { return static_cast<Index>(shifts_.size()); }
  long total_steps() const { return total_steps_; }

  // Writes the value at the next step into `out` (1 × batch) and advances.
  void next(MatrixF& out);
  long position() const { return position_; }

 private:
  double raw(long index) const;  // unsmoothed value, sample-major, reflected at the ends
  void load(long index, Index slot);

  double period_, dt_;
  long total_steps_;
  std::vector<double> shifts_;
  std::vector<double> kernel_;  // 2·radius + 1 normalised Gaussian weights
  long radius_;
  MatrixD window_;  // batch × (2·radius + 1) ring buffer of raw values
  // Per sample, the last index whose raw value differs from its predecessor:
  // while it is outside the kernel's reach the output is the raw value itself.
  std::vector<long> last_edge_;
  long position_ = 0;
};

}  // namespace prospect::tasks
