#include "training/rate_noise.h"

#include <cmath>

#include "core/error.h"
#include "core/gaussian_filter.h"
#include "core/random.h"

namespace prospect::training {

CorrelatedRateNoise::CorrelatedRateNoise(std::vector<Index> sizes, Index batch, Index points,
                                         double sigma, double smoothing)
    : sizes_(std::move(sizes)), batch_(batch), points_(points), smoothing_(smoothing) {
  if (points < 2) fail("rate noise: needs at least 2 points per sample, not ", points);
  if (!(smoothing >= 0)) fail("rate noise: smoothing ", smoothing, " must be >= 0");
  // The unit-sum kernel, rescaled to unit energy, keeps the standard deviation.
  double energy = 0;
  for (const double tap : core::gaussian_kernel(smoothing)) energy += tap * tap;
  scale_ = sigma / std::sqrt(energy);
  for (const Index n : sizes_) {
    noise_.emplace_back(static_cast<std::size_t>(points), MatrixF::Zero(n, batch));
    current_.push_back(MatrixF::Zero(n, batch));
  }
}

void CorrelatedRateNoise::draw(std::uint64_t seed) {
  core::Rng rng(seed);
  std::vector<double> white(static_cast<std::size_t>(points_));
  for (std::size_t p = 0; p < sizes_.size(); ++p) {
    auto& frames = noise_[p];
    for (Index b = 0; b < batch_; ++b) {
      for (Index n = 0; n < sizes_[p]; ++n) {
        for (double& value : white) value = rng.normal();
        const auto smoothed = core::gaussian_filter(white, smoothing_);
        for (Index t = 0; t < points_; ++t) {
          frames[static_cast<std::size_t>(t)](n, b) =
              static_cast<float>(scale_ * smoothed[static_cast<std::size_t>(t)]);
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

}  // namespace prospect::training
