// sMAPE (NeuroBench): hand-computed values, its bounds, and bad input.

#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "core/error.h"
#include "core/smape.h"

using namespace prospect;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

TEST_CASE("sMAPE follows NeuroBench's definition", "[unit]") {
  const std::vector<double> y{1.0, 0.5, 2.0, 0.0};
  CHECK(core::smape(y, y) == 0);
  // |1.1-1|/2.1, |0.25-0.5|/0.75, |2-2|/4, 0/0 counts 0: 200/4 · (0.1/2.1 + 1/3)
  const std::vector<double> p{1.1, 0.25, 2.0, 0.0};
  CHECK_THAT(core::smape(p, y), WithinAbs(50 * (0.1 / 2.1 + 1.0 / 3.0), 1e-12));
  // Symmetric in its arguments; opposite signs or a zero forecast give the maximum.
  CHECK(core::smape(y, p) == core::smape(p, y));
  CHECK_THAT(core::smape(std::vector<double>{-1.0, 0.0}, std::vector<double>{1.0, 3.0}),
             WithinAbs(200, 1e-12));
  // A diverged forecast counts the maximum instead of poisoning the mean.
  const std::vector<double> nan{std::numeric_limits<double>::quiet_NaN(), 1.0};
  CHECK_THAT(core::smape(nan, std::vector<double>{1.0, 1.0}), WithinAbs(100, 1e-12));
}

TEST_CASE("sMAPE refuses mismatched or empty input", "[unit]") {
  CHECK_THROWS_WITH(core::smape(std::vector<double>{1.0}, std::vector<double>{1.0, 2.0}),
                    Contains("1 predictions for 2 targets"));
  CHECK_THROWS_WITH(core::smape(std::vector<double>{}, std::vector<double>{}),
                    Contains("0 predictions for 0 targets"));
}
