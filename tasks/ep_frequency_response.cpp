#include "tasks/ep_frequency_response.h"

#include <algorithm>
#include <cmath>

namespace prospect::tasks {

EpResponse measure_ep_response(ep::DrivenNetwork& network, const std::vector<double>& omegas,
                               const SweepSettings& settings) {
  EpResponse r;
  r.omegas = omegas;
  const auto& names = network.signal_names();
  std::vector<SignalPair> pairs;
  for (std::size_t i = 1; i < names.size(); ++i) {
    r.signals.push_back(names[i]);
    pairs.push_back({names[i], "input"});
  }
  r.measured = measure_response(network, pairs, omegas, settings);
  r.analytic.assign(pairs.size(), {});
  for (const double omega : omegas) {
    const Eigen::VectorXcd h = network.analytic(omega);
    for (std::size_t p = 0; p < pairs.size(); ++p) r.analytic[p].push_back(h(static_cast<Index>(p)));
  }
  return r;
}

Agreement agreement(const EpResponse& response, double floor) {
  Agreement a;
  for (std::size_t k = 0; k < response.omegas.size(); ++k) {
    double largest = 0;
    for (const auto& h : response.analytic) largest = std::max(largest, std::abs(h[k]));
    if (largest == 0) continue;  // nothing responds at all: nothing to compare
    for (std::size_t p = 0; p < response.signals.size(); ++p) {
      const std::complex<double> measured = response.measured[p][k], analytic = response.analytic[p][k];
      if (std::abs(analytic) <= floor * largest) {
        a.small = std::max(a.small, std::abs(measured - analytic) / largest);
        continue;
      }
      const std::complex<double> ratio = measured / analytic;
      a.gain = std::max(a.gain, std::abs(std::abs(ratio) - 1));
      a.phase = std::max(a.phase, std::abs(std::arg(ratio)));
      ++a.compared;
    }
  }
  return a;
}

}  // namespace prospect::tasks
