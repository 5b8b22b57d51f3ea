#pragma once
// Diagnostics of a shunting-tree run, measured on a fixed probe batch (the
// first samples of the training split, unshuffled, the paper's protocol) at
// initialisation and after every epoch:
//
// Gradient fidelity of the local rule against the exact gradient, through
// core/gradient_fidelity.h (decoder excluded; a fresh rule state, gradients
// before clipping) under /metrics/fidelity/local_vs_exact/, and the paper's
// headline scalars (its Table 2) under /metrics/fidelity_summary/local_vs_exact/:
//   epoch, weighted_cosine                 Σ numel cosine / Σ numel over the tensors
//   scale_mismatch                         Σ_c numel_c |log10 mean_ratio_c| / Σ_c numel_c
//   components/<c>/{cosine, mean_norm_ratio}   attribute numel
// with components c = excitatory_synapse (preE), inhibitory_synapse (preI),
// dendritic_conductance (logw), reactivation (log_m, b); a component's cosine
// is numel-weighted, its mean_norm_ratio the plain mean of its tensors' ratios.
//
// Per level (layer<l>/level<i>), distributions over the probe batch:
//   /diagnostics/levels/<level>/{V, R, active_log_g_exc, active_log_g_inh}/{mean, std, q05, q25, q50, q75, q95}
// (R only for shunting cores, the log-conductances of the active synapses
// only where a level has synapses), plus /diagnostics/levels/epoch.

#include <string>
#include <vector>

#include "core/fidelity_log.h"
#include "core/gradient_sum.h"
#include "models/shunting/network.h"

namespace prospect::tasks {

// The local rule against the exact gradient on one batch.
class ShuntingFidelity {
 public:
  explicit ShuntingFidelity(shunting::Network<float>& network);

  // Measures on (input, target) and appends to the series at `epoch`.
  void measure(double epoch, const MatrixF& input, const MatrixF& target);
  void write(core::H5Writer& file) const;
  void restore(const core::H5Reader& file, std::size_t entries);
  const core::FidelityReport& last() const { return last_; }
  double last_scale_mismatch() const { return scale_mismatch_.back(); }

 private:
  static constexpr int kComponents = 4;
  shunting::Network<float>& network_;
  core::ParameterList<float> candidate_;  // the trees' tensors, decoder excluded
  std::vector<int> component_;            // per tensor
  core::GradientSum<float> exact_;
  Vector<float> fresh_state_;
  core::FidelityLog log_;
  core::FidelityReport last_;
  std::vector<double> epochs_, weighted_cosine_, scale_mismatch_;
  std::vector<std::vector<double>> component_cosine_, component_ratio_;  // [component][entry]
  std::vector<double> component_numel_;
};

// Per-level distributions of voltages, input resistances and active conductances.
class LevelDistributions {
 public:
  explicit LevelDistributions(const shunting::Network<float>& network);

  // Reads the network's signals after a forward pass of the probe batch.
  void measure(double epoch);
  void write(core::H5Writer& file) const;
  void restore(const core::H5Reader& file, std::size_t entries);

 private:
  struct Series {
    std::string path;                       // "layer1/level0/V"
    std::vector<std::vector<double>> stats;  // [statistic][entry]
  };
  // Every series' path, in order, with its values now (none unless `values`).
  std::vector<std::pair<std::string, std::vector<double>>> collect(bool values) const;

  const shunting::Network<float>& network_;
  std::vector<double> epochs_;
  std::vector<Series> series_;
};

}  // namespace prospect::tasks
