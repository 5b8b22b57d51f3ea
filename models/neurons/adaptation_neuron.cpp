#include "models/neurons/adaptation_neuron.h"

#include <Eigen/Eigenvalues>
#include <cmath>

#include "core/error.h"

namespace prospect::neurons {

AdaptationCurrentNeuron::AdaptationCurrentNeuron(AdaptationKind kind,
                                                 const core::AdaptationNeuron& parameters)
    : kind_(kind), p_(parameters) {
  for (const auto& [name, tau] : {std::pair{"tau_m", p_.tau_m}, std::pair{"tau_w", p_.tau_w}}) {
    if (!(tau > 0) || !std::isfinite(tau)) {
      fail(core::name_of(kAdaptationKindNames, kind_), "-adaptation neuron: ", name, " = ", tau,
           " must be finite and > 0");
    }
  }
  if (!std::isfinite(p_.gamma)) {
    fail(core::name_of(kAdaptationKindNames, kind_), "-adaptation neuron: gamma = ", p_.gamma, " must be finite");
  }
}

void AdaptationCurrentNeuron::observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) {
  const double current = input(t);
  const double u = x[0];
  const double w = x[1];
  const double source = kind_ == AdaptationKind::membrane ? u : current;
  dxdt[0] = (-u + current - w) / p_.tau_m;
  dxdt[1] = (-w + p_.gamma * source) / p_.tau_w;
  signals.resize(3);
  signals << current, u, w;
}

double AdaptationCurrentNeuron::settling_time() const {
  // d(u, w)/dt = A (u, w) + (drive terms)
  const double coupling = kind_ == AdaptationKind::membrane ? p_.gamma / p_.tau_w : 0.0;
  Eigen::Matrix2d a;
  a << -1 / p_.tau_m, -1 / p_.tau_m, coupling, -1 / p_.tau_w;
  const double slowest_rate = -a.eigenvalues().real().maxCoeff();
  if (!(slowest_rate > 0)) {
    fail(core::name_of(kAdaptationKindNames, kind_), "-adaptation neuron (tau_m ", p_.tau_m, ", tau_w ",
         p_.tau_w, ", gamma ", p_.gamma, ") has no stable rest state");
  }
  return 1 / slowest_rate;
}

}  // namespace prospect::neurons
