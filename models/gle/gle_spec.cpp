#include "models/gle/gle_spec.h"

#include <cmath>

#include "core/error.h"

namespace prospect::gle {

void NetworkSpec::validate(double dt) const {
  // Finite too: an infinite time step, coupling or time constant makes the
  // first step's state NaN.
  if (!(dt > 0 && std::isfinite(dt))) fail("dt = ", dt, ": expected a finite dt > 0");
  if (input_size < 1) fail("network input size ", input_size, ": expected >= 1");
  if (layers.empty()) fail("network has no layers");
  if (!(beta >= 0 && std::isfinite(beta))) fail("beta = ", beta, ": expected a finite beta >= 0");
  if (!(gamma >= 0 && std::isfinite(gamma))) {
    fail("gamma = ", gamma, ": expected a finite gamma >= 0");
  }
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const auto& layer = layers[l];
    if (layer.size < 1) fail("layer ", l + 1, " has size ", layer.size, ": expected >= 1");
    const auto check = [&](const std::vector<double>& tau, const char* name) {
      if (static_cast<Index>(tau.size()) != layer.size) {
        fail("layer ", l + 1, ": ", name, " has ", tau.size(), " values for ", layer.size,
             " neurons");
      }
      for (std::size_t i = 0; i < tau.size(); ++i) {
        if (!(tau[i] >= dt)) {
          fail("layer ", l + 1, " neuron ", i, ": ", name, " = ", tau[i],
               " is below dt = ", dt, " (time constants must be >= dt)");
        }
        if (!std::isfinite(static_cast<float>(tau[i]))) {
          fail("layer ", l + 1, " neuron ", i, ": ", name, " = ", tau[i],
               ": expected a finite time constant (in float32)");
        }
      }
    };
    check(layer.tau_m, "tau_m");
    check(layer.tau_r, "tau_r");
  }
}

LayerSpec layer_of_populations(const std::vector<Index>& sizes,
                               const std::vector<double>& tau_m,
                               const std::vector<double>& tau_r,
                               core::Activation activation, bool bias) {
  if (sizes.size() != tau_m.size() || sizes.size() != tau_r.size()) {
    fail("populations: ", sizes.size(), " sizes but ", tau_m.size(), " tau_m and ",
         tau_r.size(), " tau_r values");
  }
  LayerSpec layer;
  layer.activation = activation;
  layer.bias = bias;
  for (std::size_t p = 0; p < sizes.size(); ++p) {
    layer.size += sizes[p];
    layer.tau_m.insert(layer.tau_m.end(), static_cast<std::size_t>(sizes[p]), tau_m[p]);
    layer.tau_r.insert(layer.tau_r.end(), static_cast<std::size_t>(sizes[p]), tau_r[p]);
  }
  return layer;
}

}  // namespace prospect::gle
