#pragma once
// A tree of the continuous-time scheme driven through time by one input
// current, for the transfer-function machinery (tasks/frequency_response.h):
// the tree's input vector is base + x(t) · direction, and its signals are
// x(t) ("input") and the voltage of the first compartment of every level of
// the first layer ("level<i>/V", one sample). Linearised about the steady
// state of `base`, a level-0 compartment is a low-pass filter
//
//   H(ω) = (dE (1 − V̄) − dI V̄) / (g_tot + iωτ),  g_tot = 1 + Ē + Ī,
//
// dE, dI the changes of its drives per unit x: inhibition raises g_tot,
// shortening the effective time constant τ / g_tot — less phase lag at
// every ω, a prospective advance over the uninhibited compartment.

#include <complex>
#include <memory>
#include <string>
#include <vector>

#include "integrators/driven_model.h"
#include "models/shunting/network.h"

namespace prospect::shunting {

class DrivenTree final : public integrators::DrivenModel {
 public:
  // `base` and `direction` have one entry per input of the first layer; tau
  // is the compartments' time constant [time].
  DrivenTree(Parameters<double> parameters, VectorD base, VectorD direction, double tau);

  Index state_size() const override;
  const std::vector<std::string>& signal_names() const override { return names_; }
  void observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) override;
  // τ: every compartment leaks with a conductance of at least 1.
  double settling_time() const override { return tau_; }

  // The linearised H(ω) of compartment 0 of a level: leaves as above, and
  // every parent from its own drives and its children through their gates,
  //   H_n = (dE_n (1 − V̄_n) − dI_n V̄_n + Σ_k g^den_{n,k} a'(V̄_k) H_k) / (g_tot,n + iωτ)
  // (additive: (dE_n − dI_n + Σ_k g^den_{n,k} a'(V̄_k) H_k) / (1 + iωτ)).
  std::complex<double> transfer_of(Index level, double omega) const;
  // The steady state of the base input, per level (sample 0).
  struct SteadyLevel {
    VectorD voltage, total_conductance, slope;  // V̄, g_tot, a'(V̄)
    VectorD exc_gain, inh_gain;                 // dE, dI per unit input
  };
  const std::vector<SteadyLevel>& steady_state() const { return steady_; }

 private:
  Network<double> network_;
  VectorD base_, direction_;
  MatrixD input_;  // 1 × inputs
  double tau_;
  std::vector<std::string> names_;
  std::vector<SteadyLevel> steady_;
  Index state_size_ = 0;
};

// One shunting compartment: a leaf with one excitatory and one inhibitory
// synapse under a soma (gates of slope 1.5, bias 0.3), inputs (excitatory,
// inhibitory presynaptic rate) = (1, inhibition) modulated along
// (amplitude, 0): the excitatory input carries the drive, the inhibitory
// conductance is held. Signals level0/V (the leaf), level1/V (the soma).
struct Compartment {
  double excitation = 1;  // excitatory conductance at the operating point
  double inhibition = 0;  // inhibitory conductance [leak conductance]
  double amplitude = 0.02;  // drive, relative to the excitatory input
  double coupling = 2;    // leaf-to-soma conductance
  double tau = 1;         // [time]
};
std::unique_ptr<DrivenTree> driven_compartment(const Compartment& c);

}  // namespace prospect::shunting
