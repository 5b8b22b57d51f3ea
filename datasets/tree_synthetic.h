#pragma once
// The synthetic tasks of the shunting-tree paper (docs/shunting.md), as the
// authors' 2025 generators define them (the NeurIPS-era definitions are not
// public):
//
//   noisy lines (noise_resilience): a blank image (class 0), one full row of
//     ones (class 1) or one full column of ones (class 2) at a uniformly drawn
//     position, plus N(0, σ²) pixel noise (σ = 0.2). The 2025 code's default
//     image size (784 × 784) cannot be what was run; the size is a parameter
//     here (28 × 28 in the configs: the MNIST network's 784 inputs).
//   info shunting: d-dimensional samples, N(0, 1) (class 0) or U(−1, 1)
//     (class 1), half each (d = 10 in the 2025 code). Inputs are signed, so a
//     drive — and a shunting denominator 1 + E + I + G — can turn negative.
//
// Classes are drawn uniformly per sample; every draw comes from `rng`.
//
// on_off_channels presents signed values as conductance-based neurons receive
// them: each value x as two non-negative rates, max(x, 0) and max(−x, 0)
// (ON and OFF channels), so that drives and denominators stay positive.

#include "core/random.h"
#include "datasets/labelled_set.h"

namespace prospect::datasets {

LabelledSet noisy_lines(Index samples, Index side, double noise_sigma, core::Rng& rng);
LabelledSet info_shunting(Index samples, Index dimension, core::Rng& rng);
// Features (x_1 … x_d) become (max(x_1, 0) … max(x_d, 0), max(−x_1, 0) … max(−x_d, 0)).
LabelledSet on_off_channels(const LabelledSet& set);

}  // namespace prospect::datasets
