#pragma once
// Shape of a network of dendritic trees (models/shunting/README.md, Topology): layers of N
// complete trees, branch factors listed from the soma outward; K_E excitatory
// and K_I inhibitory top-K synapses on every non-somatic compartment, read
// from the layer's input (the image for the first layer, the soma outputs of
// the previous layer above it); a linear decoder on the last layer's somata.
//
// Levels are numbered from the leaves (0) to the soma (depth); at every level
// parent p owns children p·b … p·b+b−1 of the level below (soma-major,
// contiguous), so soma u owns leaves u·Πb … (u+1)·Πb − 1.

#include <string>
#include <string_view>
#include <vector>

#include "core/named_values.h"
#include "core/types.h"

namespace prospect::shunting {

// How a compartment combines its inputs (models/shunting/README.md, Forward pass).
enum class Core {
  shunting,  // V = (E + C) / (1 + E + I + G): inhibition divides
  additive,  // V = E − I + C: the control, inhibition subtracts
};
inline constexpr core::NamedValue<Core> kCoreNames[] = {
    {Core::shunting, "shunting"}, {Core::additive, "additive"}};

struct LayerSpec {
  Index somata = 0;
  std::vector<Index> branch_factors;  // from the soma outward, e.g. {3, 3}
};

// One level of a layer's trees.
struct LevelShape {
  Index compartments = 0;
  Index children = 0;     // per compartment; 0 at the leaves
  bool synapses = false;  // every level but the soma's
};

struct NetworkSpec {
  Index inputs = 0;  // features of the first layer's input (784 for MNIST)
  std::vector<LayerSpec> layers;
  Index excitatory_synapses = 0;  // K_E per non-somatic compartment
  Index inhibitory_synapses = 0;  // K_I per non-somatic compartment (may be 0)
  Index classes = 10;
  Core core = Core::shunting;

  Index depth() const { return static_cast<Index>(layers.size()); }
  // Inputs of layer l: the data for l = 0, the previous layer's somata above.
  Index layer_inputs(Index l) const;
  // Levels of layer l, leaves first.
  std::vector<LevelShape> levels(Index l) const;
  Index output_somata() const { return layers.back().somata; }
  // Impossible shapes are errors naming the quantity, its configuration key
  // and what was expected: no layer, no soma, no or a zero branch factor,
  // K_E < 1 or K_I < 0 (validate_shape, which needs no inputs), and K larger
  // than a layer's inputs, no input, fewer than 2 classes.
  void validate_shape() const;
  void validate() const;
};

}  // namespace prospect::shunting
