#include "models/ep/architecture.h"

#include <cmath>

#include "core/error.h"
#include "core/memory.h"
#include "core/options.h"

namespace prospect::ep {

Index Architecture::kept_inputs(Index fan_in) const {
  const double kept = std::nearbyint(sparsity * static_cast<double>(fan_in));  // ties to even
  return std::max<Index>(1, static_cast<Index>(kept));
}

void Architecture::validate(const std::string& key_prefix) const {
  const auto join = [this] {
    std::string text;
    for (const Index w : widths) text += (text.empty() ? "" : ",") + std::to_string(w);
    return text;
  };
  if (widths.size() < 2) {
    core::fail_value(key_prefix + "widths", join(),
                     "expected at least an input and an output width");
  }
  for (const Index w : widths) {
    if (w < 1) core::fail_value(key_prefix + "widths", join(), "every width must be >= 1");
  }
  // The weights between consecutive layers alone, as a lower bound, before
  // anything is allocated (and before a product of widths can overflow).
  double weights = 0;
  for (std::size_t l = 1; l < widths.size(); ++l) {
    weights += static_cast<double>(widths[l - 1]) * static_cast<double>(widths[l]);
  }
  core::require_memory(weights * sizeof(float), key_prefix + "widths = " + join() + ": storing the weights");
  if (!dendritic()) return;
  if (basal_branches < 1) {
    core::fail_value(key_prefix + "basal_branches", std::to_string(basal_branches), "expected >= 1");
  }
  if (apical_branches < 1) {
    core::fail_value(key_prefix + "apical_branches", std::to_string(apical_branches),
                     "expected >= 1");
  }
  if (!(sparsity > 0 && sparsity <= 1)) {
    core::fail_value(key_prefix + "sparsity", std::to_string(sparsity), "expected 0 < p <= 1");
  }
  if (!std::isfinite(apical_scale) || apical_scale < 0) {
    core::fail_value(key_prefix + "apical_scale", std::to_string(apical_scale),
                     "expected a finite α >= 0");
  }
}

}  // namespace prospect::ep
