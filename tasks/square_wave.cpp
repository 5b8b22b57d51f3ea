#include "tasks/square_wave.h"

#include <cmath>

#include "core/error.h"
#include "core/gaussian_filter.h"

namespace prospect::tasks {

SmoothedSquareWave::SmoothedSquareWave(double period, double dt, double sigma_steps,
                                       long total_steps, std::vector<double> shifts)
    : period_(period), dt_(dt), total_steps_(total_steps), shifts_(std::move(shifts)) {
  if (!(period > 0)) fail("square wave period = ", period, ": expected > 0");
  if (!(sigma_steps >= 0)) fail("square wave smoothing sigma = ", sigma_steps, ": expected >= 0");
  if (total_steps < 1) fail("square wave length ", total_steps, ": expected >= 1 step");
  kernel_ = core::gaussian_kernel(sigma_steps);
  radius_ = static_cast<long>(kernel_.size() / 2);
  window_.setZero(batch(), static_cast<Index>(kernel_.size()));
  last_edge_.assign(shifts_.size(), -2 * radius_ - 1);
  for (long m = -radius_; m < radius_; ++m) load(m, static_cast<Index>(m + radius_));
}

double SmoothedSquareWave::raw(long index) const {
  return static_cast<double>(core::reflect_index(index, total_steps_)) * dt_;
}

void SmoothedSquareWave::load(long index, Index slot) {
  const double t = raw(index);
  const auto size = static_cast<Index>(kernel_.size());
  const Index previous_slot = (slot + size - 1) % size;
  for (Index b = 0; b < batch(); ++b) {
    const double phase = t + shifts_[static_cast<std::size_t>(b)];
    const double wrapped = phase - period_ * std::floor(phase / period_);
    window_(b, slot) = wrapped < 0.5 * period_ ? 1.0 : -1.0;
    if (index > -radius_ && window_(b, slot) != window_(b, previous_slot)) {
      last_edge_[static_cast<std::size_t>(b)] = index;
    }
  }
}

void SmoothedSquareWave::next(MatrixF& out) {
  const auto size = static_cast<long>(kernel_.size());
  // The slot of index position_ + radius_ is the one that held position_ - radius_ - 1.
  load(position_ + radius_, static_cast<Index>((position_ + 2 * radius_) % size));
  const Index newest = static_cast<Index>((position_ + 2 * radius_) % size);
  out.resize(1, batch());
  for (Index b = 0; b < batch(); ++b) {
    if (last_edge_[static_cast<std::size_t>(b)] <= position_ - radius_) {
      out(0, b) = static_cast<float>(window_(b, newest));  // no edge under the kernel
      continue;
    }
    double sum = 0;
    Index slot = static_cast<Index>(position_ % size);
    for (const double weight : kernel_) {
      sum += weight * window_(b, slot);
      if (++slot == size) slot = 0;
    }
    out(0, b) = static_cast<float>(sum);
  }
  ++position_;
}

}  // namespace prospect::tasks
