#pragma once
// Temporally correlated noise on every rate (GLE paper Fig. 9e, Methods
// 5.6.5): per neuron and sample, Gaussian white noise on the sample's
// original `points` (72 for MNIST-1D), smoothed along time by a Gaussian of
// `smoothing` points, scaled to standard deviation `sigma`, then linearly
// interpolated to the stream's steps and added to the rates.
//
// The smoothing kernel is normalised to unit energy (Σk² = 1), so the added
// noise has standard deviation `sigma` exactly (away from the reflected
// edges); the paper's factor 2π serves the same purpose for its kernel.
// Each batch's noise comes from its own seeded stream.

#include <cstdint>
#include <vector>

#include "core/types.h"
#include "training/sequence_stream.h"

namespace prospect::training {

class CorrelatedRateNoise {
 public:
  // `sizes`: neurons per rate population (the input, then each layer).
  CorrelatedRateNoise(std::vector<Index> sizes, Index batch, Index points, double sigma,
                      double smoothing);

  // Draws the noise of one batch of samples.
  void draw(std::uint64_t seed);
  // The noise of population `population` at a stream step (neurons × batch).
  const MatrixF& at(Index population, const SequenceStream& stream, Index step);

 private:
  std::vector<Index> sizes_;
  Index batch_, points_;
  double smoothing_;
  double scale_;  // sigma over the smoothing kernel's norm
  // Per population, the smoothed noise at each point: points_ × (neurons × batch).
  std::vector<std::vector<MatrixF>> noise_;
  std::vector<MatrixF> current_;
};

}  // namespace prospect::training
