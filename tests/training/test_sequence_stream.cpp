// Labelled sequences streamed one time step at a time.

#include <catch2/catch.hpp>

#include "training/sequence_stream.h"

using namespace prospect;

TEST_CASE("sequence stream: identity at the samples' resolution, linear in between", "[unit]") {
  training::SequenceSet set;
  set.x.resize(2, 4);
  set.x << 0, 1, 2, 3,  //
      10, 20, 30, 40;
  set.y.resize(2);
  set.y << 0, 1;
  MatrixF out(1, 2);
  const training::SequenceStream same(4, 4);
  for (Index k = 0; k < 4; ++k) {
    same.input(set, {0, 1}, k, out);
    CHECK(out(0, 0) == set.x(0, k));
    CHECK(out(0, 1) == set.x(1, k));
  }
  // 7 steps over 4 points: every other step falls halfway between points.
  const training::SequenceStream finer(4, 7);
  finer.input(set, {1, 0}, 1, out);
  CHECK(out(0, 0) == Approx(15));
  CHECK(out(0, 1) == Approx(0.5));
  finer.input(set, {1, 0}, 6, out);
  CHECK(out(0, 0) == Approx(40));
  CHECK_THROWS_WITH(training::SequenceStream(1, 10), Catch::Contains("at least 2 points"));
}
