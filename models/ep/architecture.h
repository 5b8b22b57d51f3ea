#pragma once
// What an EP network is made of (docs/ep_model.md §1-§2, §9): the variant, the layer
// widths N_0 (input) … N_L (classes) and, for the dendritic variants, the
// branches per soma, the fraction of inputs each branch keeps and the apical
// scale α.
//
//   ep_mlp  plain EP: symmetric weights W_l, a true energy (docs/ep_model.md §4.1)
//   dep     dendritic EP: K_b masked ReLU basal branches per soma, K_a apical
//           branches with untied weights on hidden layers, no energy (§4.2)
//   dep_e   DEP's parameters with the transposed gated feedback that makes
//           Φ_E a true energy (§9)

#include <string>
#include <string_view>
#include <vector>

#include "core/named_values.h"
#include "core/types.h"

namespace prospect::ep {

enum class Variant { ep_mlp, dep, dep_e };
inline constexpr core::NamedValue<Variant> kVariantNames[] = {
    {Variant::ep_mlp, "ep_mlp"}, {Variant::dep, "dep"}, {Variant::dep_e, "dep_e"}};

struct Architecture {
  Variant variant = Variant::ep_mlp;
  std::vector<Index> widths = {784, 256, 10};  // N_0 … N_L
  Index basal_branches = 8;                    // K_b (dendritic variants)
  Index apical_branches = 2;                   // K_a (dendritic variants)
  double sparsity = 0.5;                       // fraction of inputs a branch keeps
  double apical_scale = 0.2;                   // α
  bool apical_dense = false;                   // apical branches see every input

  Index depth() const { return static_cast<Index>(widths.size()) - 1; }  // L
  Index width(Index layer) const { return widths[static_cast<std::size_t>(layer)]; }
  bool dendritic() const { return variant != Variant::ep_mlp; }
  // Whether the dynamics are the gradient of one energy (EP-MLP, DEP-E).
  bool has_energy() const { return variant != Variant::dep; }
  // Inputs a branch of `fan_in` inputs keeps: max(1, round(p·fan_in)),
  // rounding half to even as Python's round().
  Index kept_inputs(Index fan_in) const;
  // Errors name the option key at fault (prefix + "widths" etc.).
  void validate(const std::string& key_prefix = "") const;
};

}  // namespace prospect::ep
