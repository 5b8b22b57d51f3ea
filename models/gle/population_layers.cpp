#include "models/gle/population_layers.h"

#include <string>

#include "core/activation.h"
#include "core/memory.h"

namespace prospect::gle {

std::vector<gle::LayerSpec> population_layers(const core::Options& o) {
  const auto populations = o.whole_numbers("network.populations", 1);
  const std::vector<Index> sizes(populations.begin(), populations.end());
  for (const auto* key : {"network.tau_m", "network.tau_r"}) {
    if (o.reals(key).size() != sizes.size()) {
      core::fail_value(key, o.text(key),
                       "expected one value per population (" + std::to_string(sizes.size()) + ")");
    }
  }
  // The weights between consecutive hidden layers and two time constants per
  // neuron, as a lower bound, before anything is allocated.
  const long layers = o.positive_integer("network.hidden_layers");
  double neurons = 0;
  for (const Index n : sizes) neurons += static_cast<double>(n);
  const double depth = static_cast<double>(layers);
  core::require_memory((depth - 1) * neurons * neurons * sizeof(float) + depth * neurons * 2 * sizeof(float),
                       "network.populations = " + o.text("network.populations") + " in " +
                           o.text("network.hidden_layers") +
                           " hidden layers: storing the weights and time constants");
  const auto activation = core::parse(core::kActivationNames, "network.activation", o.text("network.activation"));
  const auto hidden = gle::layer_of_populations(sizes, o.reals("network.tau_m"), o.reals("network.tau_r"),
                                                activation, true);
  return std::vector<gle::LayerSpec>(static_cast<std::size_t>(layers), hidden);
}

}  // namespace prospect::gle
