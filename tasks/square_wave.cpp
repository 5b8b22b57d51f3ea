#include "tasks/square_wave.h"

#include <cmath>

#include "core/error.h"

namespace prospect::tasks {

SmoothedSquareWave::SmoothedSquareWave(double period, double dt, double sigma_steps,
                                       long total_steps, std::vector<double> shifts)
    : period_(period), dt_(dt), total_steps_(total_steps), shifts_(std::move(shifts)) {
  if (!(period > 0)) fail("square wave period = ", period, ": expected > 0");
  if (!(sigma_steps >= 0)) fail("square wave smoothing sigma = ", sigma_steps, ": expected >= 0");
  if (total_steps < 1) fail("square wave length ", total_steps, ": expected >= 1 step");
  radius_ = static_cast<long>(4.0 * sigma_steps + 0.5);
  for (long m = -radius_; m <= radius_; ++m) {
    kernel_.push_back(sigma_steps > 0 ? std::exp(-0.5 * m * m / (sigma_steps * sigma_steps)) : 1.0);
  }
  double sum = 0;
  for (const double w : kernel_) sum += w;
  for (double& w : kernel_) w /= sum;
  window_.setZero(batch(), static_cast<Index>(kernel_.size()));
  sum_.setZero(batch());
  for (long m = -radius_; m < radius_; ++m) load(m, static_cast<Index>(m + radius_));
}

double SmoothedSquareWave::raw(long index) const {
  // scipy 'reflect': (d c b a | a b c d | d c b a)
  const long n = total_steps_;
  while (index < 0 || index >= n) index = index < 0 ? -index - 1 : 2 * n - index - 1;
  return static_cast<double>(index) * dt_;
}

void SmoothedSquareWave::load(long index, Index slot) {
  const double t = raw(index);
  for (Index b = 0; b < batch(); ++b) {
    const double phase = t + shifts_[static_cast<std::size_t>(b)];
    const double wrapped = phase - period_ * std::floor(phase / period_);
    window_(b, slot) = wrapped < 0.5 * period_ ? 1.0 : -1.0;
  }
}

void SmoothedSquareWave::next(MatrixF& out) {
  const auto size = static_cast<long>(kernel_.size());
  // The slot of index position_ + radius_ is the one that held position_ - radius_ - 1.
  load(position_ + radius_, static_cast<Index>((position_ + 2 * radius_) % size));
  sum_.setZero();
  for (long m = 0; m < size; ++m) {
    sum_ += kernel_[static_cast<std::size_t>(m)] * window_.col((position_ + m) % size);
  }
  out = sum_.transpose().cast<float>();
  ++position_;
}

}  // namespace prospect::tasks
