// Correlated noise on the rates of a streamed network.

#include <catch2/catch.hpp>
#include <cmath>

#include "training/rate_noise.h"
#include "training/sequence_stream.h"

using namespace prospect;

TEST_CASE("correlated rate noise: the stated standard deviation, smooth, seeded", "[unit]") {
  const Index neurons = 50, batch = 40, points = 72;
  training::CorrelatedRateNoise noise({neurons}, batch, points, 0.3, 2.0);
  const training::SequenceStream stream(points, points);
  noise.draw(7);
  double sum = 0, squares = 0, lag_product = 0;
  long count = 0;
  // Away from the reflected edges.
  MatrixF previous = noise.at(0, stream, 9);
  for (Index k = 10; k < points - 10; ++k) {
    const MatrixF now = noise.at(0, stream, k);
    sum += now.sum();
    squares += now.squaredNorm();
    lag_product += (now.array() * previous.array()).sum();
    count += now.size();
    previous = now;
  }
  const double mean = sum / count, variance = squares / count - mean * mean;
  CHECK(std::abs(mean) < 0.02);
  CHECK(std::sqrt(variance) == Approx(0.3).epsilon(0.05));
  // A Gaussian of sigma 2 points correlates neighbours by exp(-1/(4·2²)) ≈ 0.94.
  CHECK(lag_product / count / variance == Approx(std::exp(-1.0 / 16)).epsilon(0.03));
  const MatrixF first = noise.at(0, stream, 30);
  noise.draw(7);
  CHECK(noise.at(0, stream, 30) == first);
  noise.draw(8);
  CHECK(noise.at(0, stream, 30) != first);
}
