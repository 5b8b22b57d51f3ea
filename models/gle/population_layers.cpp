#include "models/gle/population_layers.h"

#include <cmath>
#include <string>

#include "core/activation.h"

namespace prospect::gle {

std::vector<gle::LayerSpec> population_layers(const core::Options& o) {
  std::vector<Index> sizes;
  for (const double n : o.reals("network.populations")) {
    if (n < 1 || n != std::floor(n)) {
      core::fail_value("network.populations", o.text("network.populations"), "expected whole numbers >= 1");
    }
    sizes.push_back(static_cast<Index>(n));
  }
  for (const auto* key : {"network.tau_m", "network.tau_r"}) {
    if (o.reals(key).size() != sizes.size()) {
      core::fail_value(key, o.text(key),
                       "expected one value per population (" + std::to_string(sizes.size()) + ")");
    }
  }
  const auto activation = core::parse_activation(o.text("network.activation"), "network.activation");
  const auto hidden = gle::layer_of_populations(sizes, o.reals("network.tau_m"), o.reals("network.tau_r"),
                                                activation, true);
  return std::vector<gle::LayerSpec>(static_cast<std::size_t>(o.positive_integer("network.hidden_layers")),
                                     hidden);
}

}  // namespace prospect::gle
