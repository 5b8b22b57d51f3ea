#include "training/sequence_stream.h"

#include "core/error.h"

namespace prospect::training {

SequenceStream::SequenceStream(Index points, Index steps) {
  if (points < 2) fail("a streamed sequence needs at least 2 points, not ", points);
  if (steps < 2) fail("a sample must be streamed over at least 2 steps, not ", steps);
  for (Index k = 0; k < steps; ++k) {
    // Exact for steps == points: k (points - 1) / (steps - 1) is then k.
    const double position =
        static_cast<double>(k * (points - 1)) / static_cast<double>(steps - 1);
    const Index left = std::min(static_cast<Index>(position), points - 2);
    left_.push_back(left);
    weight_.push_back(static_cast<float>(position - static_cast<double>(left)));
  }
}

void SequenceStream::input(const SequenceSet& set, const std::vector<Index>& rows, Index step,
                           MatrixF& out) const {
  const Index left = this->left(step);
  const float w = weight(step);
  const Index channels = set.channels;
  for (std::size_t b = 0; b < rows.size(); ++b) {
    const float* sample = set.x.row(rows[b]).data();
    const float* a = sample + left * channels;
    const float* c = a + channels;
    for (Index ch = 0; ch < channels; ++ch) {
      out(ch, static_cast<Index>(b)) = (1 - w) * a[ch] + w * c[ch];
    }
  }
}

}  // namespace prospect::training
