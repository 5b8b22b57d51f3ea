#pragma once
// Hidden layers built from populations of neurons that differ only in their
// time constants (GLE paper: Mackey-Glass, speech commands), read from the
// options
//   network.hidden_layers   number of identical hidden layers
//   network.populations     neurons per population, comma-separated
//   network.tau_m           tau_m per population
//   network.tau_r           tau_r per population (= tau_m: instantaneous)
//   network.activation      activation of every hidden neuron
// Errors name the key: sizes that are not whole numbers >= 1, a time
// constant list whose length differs from the population list's.

#include <vector>

#include "core/options.h"
#include "models/gle/gle_spec.h"

namespace prospect::gle {

std::vector<gle::LayerSpec> population_layers(const core::Options& o);

}  // namespace prospect::gle
