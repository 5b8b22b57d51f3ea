#include "datasets/tree_synthetic.h"

#include "core/error.h"

namespace prospect::datasets {

LabelledSet noisy_lines(Index samples, Index side, double noise_sigma, core::Rng& rng) {
  if (samples < 1 || side < 1) fail("noisy lines: ", samples, " samples of side ", side);
  LabelledSet set{SampleMatrix(samples, side * side), LabelVector(samples), 3};
  for (Index s = 0; s < samples; ++s) {
    const int label = static_cast<int>(rng.below(3));
    const Index position = static_cast<Index>(rng.below(static_cast<std::uint64_t>(side)));
    set.y(s) = label;
    for (Index row = 0; row < side; ++row) {
      for (Index column = 0; column < side; ++column) {
        const bool on = (label == 1 && row == position) || (label == 2 && column == position);
        set.x(s, row * side + column) =
            static_cast<float>((on ? 1.0 : 0.0) + noise_sigma * rng.normal());
      }
    }
  }
  return set;
}

LabelledSet info_shunting(Index samples, Index dimension, core::Rng& rng) {
  if (samples < 1 || dimension < 1) fail("info shunting: ", samples, " samples of ", dimension, " values");
  LabelledSet set{SampleMatrix(samples, dimension), LabelVector(samples), 2};
  for (Index s = 0; s < samples; ++s) {
    const int label = static_cast<int>(rng.below(2));
    set.y(s) = label;
    for (Index j = 0; j < dimension; ++j) {
      set.x(s, j) = static_cast<float>(label == 0 ? rng.normal() : rng.uniform(-1, 1));
    }
  }
  return set;
}

LabelledSet on_off_channels(const LabelledSet& set) {
  const Index d = set.x.cols();
  LabelledSet channels{SampleMatrix(set.x.rows(), 2 * d), set.y, set.classes};
  channels.x.leftCols(d) = set.x.cwiseMax(0.0f);
  channels.x.rightCols(d) = (-set.x).cwiseMax(0.0f);
  return channels;
}

}  // namespace prospect::datasets
