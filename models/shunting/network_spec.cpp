#include "models/shunting/network_spec.h"

#include "core/error.h"
#include "core/memory.h"

namespace prospect::shunting {

Index NetworkSpec::layer_inputs(Index l) const {
  return l == 0 ? inputs : layers[static_cast<std::size_t>(l - 1)].somata;
}

std::vector<LevelShape> NetworkSpec::levels(Index l) const {
  const auto& layer = layers[static_cast<std::size_t>(l)];
  const auto& factors = layer.branch_factors;
  // From the soma outward, then reversed so that the leaves come first.
  std::vector<LevelShape> outward{{layer.somata, factors.empty() ? 0 : factors.front(), false}};
  for (std::size_t k = 0; k < factors.size(); ++k) {
    const Index children = k + 1 < factors.size() ? factors[k + 1] : 0;
    outward.push_back({outward.back().compartments * factors[k], children, true});
  }
  return {outward.rbegin(), outward.rend()};
}

void NetworkSpec::validate_shape() const {
  if (layers.empty()) fail("network.somata: no layer of trees; expected at least one soma count");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    const std::string where = "tree layer " + std::to_string(l + 1);
    if (layer.somata < 1) {
      fail(where, ": network.somata = ", layer.somata, ": expected at least 1 soma");
    }
    if (layer.branch_factors.empty()) {
      fail(where, ": network.branch_factors is empty: a tree needs at least one level of ",
           "dendrites (the soma has no synapses)");
    }
    for (const Index b : layer.branch_factors) {
      if (b < 1) {
        fail(where, ": network.branch_factors contains ", b,
             ": every branch factor must be >= 1 (children per compartment)");
      }
    }
  }
  if (excitatory_synapses < 1) {
    fail("network.k_exc = ", excitatory_synapses,
         ": every dendritic compartment needs at least 1 excitatory synapse");
  }
  if (inhibitory_synapses < 0) fail("network.k_inh = ", inhibitory_synapses, ": expected >= 0");
  // The synapses of the dendritic compartments alone, as a lower bound, before
  // anything is allocated (and before a product of sizes can overflow).
  for (std::size_t l = 0; l < layers.size(); ++l) {
    double compartments = 0, level = static_cast<double>(layers[l].somata);
    std::string factors;
    for (const Index b : layers[l].branch_factors) {
      level *= static_cast<double>(b);
      compartments += level;
      factors += (factors.empty() ? "" : ", ") + std::to_string(b);
    }
    core::require_memory(
        compartments * static_cast<double>(excitatory_synapses + inhibitory_synapses) * sizeof(float),
        "tree layer " + std::to_string(l + 1) + " (network.somata = " +
            std::to_string(layers[l].somata) + ", network.branch_factors = " + factors +
            "): storing the synapses of its dendritic compartments");
  }
}

void NetworkSpec::validate() const {
  validate_shape();
  if (inputs < 1) fail("network: ", inputs, " inputs; expected at least 1");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const Index available = layer_inputs(static_cast<Index>(l));
    for (const auto& [name, k] : {std::pair{"network.k_exc", excitatory_synapses},
                                  std::pair{"network.k_inh", inhibitory_synapses}}) {
      if (k > available) {
        fail("tree layer ", l + 1, ": ", name, " = ", k,
             " synapses per compartment, but the layer has only ", available,
             " inputs to choose them from");
      }
    }
  }
  if (classes < 2) fail("network: ", classes, " classes; expected at least 2");
}

}  // namespace prospect::shunting
