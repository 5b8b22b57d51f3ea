#pragma once
// Small random networks of dendritic trees for the gradient and dynamics
// tests: initialised by §8, then gates and couplings spread so that no
// factor of the chain rule is trivially constant.

#include "core/random.h"
#include "models/shunting/initialisation.h"
#include "models/shunting/network.h"

namespace prospect::test {

// 12 inputs; one layer of 6 somata with branch factors (2, 3), or a second
// layer of 3 somata (3) on top; K_E 4, K_I 2; 3 classes.
inline shunting::NetworkSpec small_spec(shunting::Core core, bool two_layers = false) {
  shunting::NetworkSpec spec;
  spec.inputs = 12;
  spec.layers = {{6, {2, 3}}};
  if (two_layers) spec.layers.push_back({3, {3}});
  spec.excitatory_synapses = 4;
  spec.inhibitory_synapses = 2;
  spec.classes = 3;
  spec.core = core;
  return spec;
}

inline shunting::Parameters<double> small_parameters(const shunting::NetworkSpec& spec,
                                                     std::uint64_t seed = 7) {
  shunting::Parameters<double> p(spec);
  core::Rng rng(seed);
  shunting::initialise(p, shunting::InitPolicy::legacy_scale, rng);
  for (Index l = 0; l < p.depth(); ++l) {
    for (Index i = 0; i < p.levels(l); ++i) {
      auto& level = p.level(l, i);
      // Spread synapses far apart (no near-ties in the top K), couplings, slopes and midpoints.
      for (auto* m : {&level.pre_exc, &level.pre_inh}) {
        for (Index k = 0; k < m->size(); ++k) m->data()[k] += 2 * rng.normal();
      }
      for (Index k = 0; k < level.log_w.size(); ++k) level.log_w.data()[k] = rng.uniform(-1, 2);
      for (Index k = 0; k < level.log_m.size(); ++k) level.log_m(k) = rng.uniform(0, 1.5);
      for (Index k = 0; k < level.bias.size(); ++k) level.bias(k) = rng.uniform(0.1, 0.6);
    }
  }
  return p;
}

// Features × batch in [0, 1] and one-hot targets.
inline MatrixD small_input(Index features, Index batch, std::uint64_t seed = 3) {
  core::Rng rng(seed);
  MatrixD x(features, batch);
  rng.fill_uniform(x, 0, 1);
  return x;
}
inline MatrixD small_target(Index classes, Index batch) {
  MatrixD t = MatrixD::Zero(classes, batch);
  for (Index s = 0; s < batch; ++s) t(s % classes, s) = 1;
  return t;
}

}  // namespace prospect::test
