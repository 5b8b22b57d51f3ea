#include "models/neurons/prospective_chain.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace prospect::neurons {

ProspectiveUnit forward_neuron(double tau_m, double tau_r) { return {tau_m, tau_r, "u", "r"}; }
ProspectiveUnit error_neuron(double tau_m, double tau_r) { return {tau_r, tau_m, "v", "e"}; }

ProspectiveChain::ProspectiveChain(std::vector<ProspectiveUnit> units) : units_(std::move(units)) {
  if (units_.empty()) fail("a prospective chain needs at least one unit");
  names_.push_back("input");
  for (const auto& unit : units_) {
    if (!(unit.tau > 0) || !std::isfinite(unit.tau)) {
      fail("unit '", unit.membrane, "': membrane time constant ", unit.tau,
           " must be finite and > 0 (a negative one is integrated backward in time)");
    }
    if (!std::isfinite(unit.readout_tau)) {
      fail("unit '", unit.membrane, "': read-out time constant ", unit.readout_tau,
           " must be finite");
    }
    for (const auto& name : {unit.membrane, unit.readout}) {
      if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
        fail("prospective chain: signal name '", name, "' is used twice");
      }
      names_.push_back(name);
    }
  }
}

void ProspectiveChain::observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) {
  signals.resize(static_cast<Index>(names_.size()));
  double upstream = input(t);
  signals[0] = upstream;
  for (std::size_t k = 0; k < units_.size(); ++k) {
    const auto i = static_cast<Index>(k);
    const auto& unit = units_[k];
    dxdt[i] = (upstream - x[i]) / unit.tau;
    upstream = x[i] + unit.readout_tau * dxdt[i];
    signals[1 + 2 * i] = x[i];
    signals[2 + 2 * i] = upstream;
  }
}

double ProspectiveChain::settling_time() const {
  double slowest = 0;
  for (const auto& unit : units_) slowest = std::max(slowest, unit.tau);
  return slowest;
}

}  // namespace prospect::neurons
