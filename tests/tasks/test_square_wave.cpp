#include <catch2/catch.hpp>

#include "core/h5_file.h"
#include "tasks/square_wave.h"

using namespace prospect;

TEST_CASE("smoothed square wave matches the golden chain input", "[unit]") {
  const core::H5Reader golden(std::string(PROSPECT_TEST_DATA) + "/golden_chain.h5");
  const auto input = golden.read_float("input");
  const long steps = static_cast<long>(input.shape[0]);
  tasks::SmoothedSquareWave wave(4.0, 0.01, 5.0, steps, {0.0, 0.5, 1.0, 1.5});
  MatrixF frame;
  double worst = 0;
  for (long step = 0; step < steps; ++step) {
    wave.next(frame);
    for (Index b = 0; b < 4; ++b) {
      worst = std::max(worst, std::abs(double(frame(0, b)) -
                                       input.data[static_cast<std::size_t>(step * 4 + b)]));
    }
  }
  INFO("max abs difference " << worst);
  CHECK(worst <= 1e-6);
}
