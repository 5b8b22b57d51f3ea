#pragma once
// Leaky membranes with prospective read-outs in series (docs/gle.md §1):
//
//   τ_k dy_k/dt = -y_k + x_k        membrane: y_k = I⁻_{τ_k} x_k
//   z_k         = y_k + ρ_k dy_k/dt  read-out: z_k = D⁺_{ρ_k} y_k
//   x_1 = drive(t),  x_{k+1} = z_k
//
// A unit (τ, ρ) = (τm, τr) is the GLE forward neuron (u, r); (τr, τm) is the
// GLE error neuron (v, e). ρ may be negative or zero (a lookback or a plain
// leaky integrator); τ must be > 0, since a membrane with τ < 0 is stable only
// backward in time.
//
// | parameter    | meaning                        | unit |
// |--------------|--------------------------------|------|
// | tau          | membrane time constant τ_k      | time |
// | readout_tau  | prospective time constant ρ_k   | time |
//
// Signals: "input", then the membrane and read-out of every unit by the
// names given to it.

#include <string>
#include <vector>

#include "integrators/driven_model.h"

namespace prospect::neurons {

struct ProspectiveUnit {
  double tau = 1;          // membrane time constant [time]
  double readout_tau = 0;  // prospective time constant of the read-out [time]
  std::string membrane = "y";
  std::string readout = "z";
};

// GLE forward neuron: τm du/dt = -u + x, r = u + τr du/dt (D⁺_{τr} I⁻_{τm}).
ProspectiveUnit forward_neuron(double tau_m, double tau_r);
// GLE error neuron: τr dv/dt = -v + x, e = v + τm dv/dt (D⁺_{τm} I⁻_{τr}).
ProspectiveUnit error_neuron(double tau_m, double tau_r);

class ProspectiveChain final : public integrators::DrivenModel {
 public:
  explicit ProspectiveChain(std::vector<ProspectiveUnit> units);

  Index state_size() const override { return static_cast<Index>(units_.size()); }
  const std::vector<std::string>& signal_names() const override { return names_; }
  void observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) override;
  double settling_time() const override;

 private:
  std::vector<ProspectiveUnit> units_;
  std::vector<std::string> names_;
};

}  // namespace prospect::neurons
