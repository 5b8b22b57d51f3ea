#include "tasks/rate_noise.h"

#include <cmath>

#include "core/error.h"
#include "core/random.h"

namespace prospect::tasks {

CorrelatedRateNoise::CorrelatedRateNoise(std::vector<Index> sizes, Index batch, Index points,
                                         double sigma, double smoothing)
    : sizes_(std::move(sizes)), batch_(batch), points_(points), sigma_(sigma) {
  if (points < 2) fail("rate noise: needs at least 2 points per sample, not ", points);
  if (!(smoothing >= 0)) fail("rate noise: smoothing ", smoothing, " must be >= 0");
  const auto radius = static_cast<Index>(std::ceil(4 * smoothing));  // scipy's truncate = 4
  double energy = 0;
  for (Index i = -radius; i <= radius; ++i) {
    const double tap =
        smoothing > 0 ? std::exp(-0.5 * static_cast<double>(i * i) / (smoothing * smoothing)) : 1;
    kernel_.push_back(tap);
    energy += tap * tap;
  }
  for (double& tap : kernel_) tap /= std::sqrt(energy);
  for (const Index n : sizes_) {
    noise_.emplace_back(static_cast<std::size_t>(points), MatrixF::Zero(n, batch));
    current_.push_back(MatrixF::Zero(n, batch));
  }
}

void CorrelatedRateNoise::draw(std::uint64_t seed) {
  core::Rng rng(seed);
  const auto radius = static_cast<Index>(kernel_.size() / 2);
  // White noise with reflected edges (scipy.ndimage mode 'reflect':
  // d c b a | a b c d | d c b a), so the filter below needs no index checks.
  std::vector<double> padded(static_cast<std::size_t>(points_ + 2 * radius));
  const auto reflect = [&](Index i) {
    while (i < 0 || i >= points_) i = i < 0 ? -i - 1 : 2 * points_ - i - 1;
    return i;
  };
  std::vector<double> white(static_cast<std::size_t>(points_));
  for (std::size_t p = 0; p < sizes_.size(); ++p) {
    auto& frames = noise_[p];
    for (Index b = 0; b < batch_; ++b) {
      for (Index n = 0; n < sizes_[p]; ++n) {
        for (double& value : white) value = rng.normal();
        for (Index i = 0; i < points_ + 2 * radius; ++i) {
          padded[static_cast<std::size_t>(i)] = white[static_cast<std::size_t>(reflect(i - radius))];
        }
        for (Index t = 0; t < points_; ++t) {
          const double* window = padded.data() + t;
          double sum = 0;
          for (std::size_t i = 0; i < kernel_.size(); ++i) sum += kernel_[i] * window[i];
          frames[static_cast<std::size_t>(t)](n, b) = static_cast<float>(sigma_ * sum);
        }
      }
    }
  }
}

const MatrixF& CorrelatedRateNoise::at(Index population, const SequenceStream& stream,
                                       Index step) {
  const auto& frames = noise_[static_cast<std::size_t>(population)];
  const Index left = stream.left(step);
  const float w = stream.weight(step);
  auto& out = current_[static_cast<std::size_t>(population)];
  out = (1 - w) * frames[static_cast<std::size_t>(left)] + w * frames[static_cast<std::size_t>(left + 1)];
  return out;
}

}  // namespace prospect::tasks
