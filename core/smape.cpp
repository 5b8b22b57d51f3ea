#include "core/smape.h"

#include <cmath>

#include "core/error.h"

namespace prospect::core {

double smape(std::span<const double> prediction, std::span<const double> target) {
  if (prediction.size() != target.size() || prediction.empty()) {
    fail("sMAPE: ", prediction.size(), " predictions for ", target.size(),
         " targets (expected the same non-zero number)");
  }
  double sum = 0;
  for (std::size_t k = 0; k < target.size(); ++k) {
    const double p = prediction[k], y = target[k];
    const double scale = std::abs(p) + std::abs(y);
    if (!std::isfinite(p)) {
      sum += 1;
    } else if (scale > 0) {
      sum += std::abs(p - y) / scale;
    }
  }
  return 200 * sum / static_cast<double>(target.size());
}

}  // namespace prospect::core
