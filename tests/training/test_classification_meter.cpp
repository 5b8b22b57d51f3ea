// Accuracy and loss of a classifier whose output is read at every step.

#include <catch2/catch.hpp>
#include <cmath>

#include "training/classification_meter.h"

using namespace prospect;

TEST_CASE("classification meter: summed-output prediction and per-step cross-entropy", "[unit]") {
  training::ClassificationMeter meter(3, 2);
  meter.begin({2, 0}, 2);
  MatrixF output(3, 2);
  // Sample 0 (label 2) votes 2 at the first step and 0 weakly at the second;
  // sample 1 (label 0) votes 1 twice.
  output << 0, 0,  //
      0, 1,        //
      2, 0;
  meter.add_step(output);
  output << 1, 0,  //
      0, 1,        //
      0, 0;
  meter.add_step(output);
  meter.end();
  CHECK(meter.accuracy() == Approx(0.5));
  const auto ce = [](double label_logit, double a, double b, double c) {
    return std::log(std::exp(a) + std::exp(b) + std::exp(c)) - label_logit;
  };
  const double expected =
      (ce(2, 0, 0, 2) + ce(0, 1, 0, 0) + ce(0, 0, 1, 0) + ce(0, 0, 1, 0)) / 4;
  CHECK(meter.mean_loss() == Approx(expected).epsilon(1e-6));
  CHECK(meter.samples() == 2);
}
