#pragma once
// The frequency response of a driven EP network (models/ep/driven_network.h)
// simulated on the ODE layer and measured by lock-in (frequency_response.h),
// beside its linearisation's r H(iω) b, and how far the two are apart.

#include <complex>
#include <string>
#include <vector>

#include "models/ep/driven_network.h"
#include "tasks/frequency_response.h"

namespace prospect::tasks {

struct EpResponse {
  std::vector<std::string> signals;  // every signal but "input"
  std::vector<double> omegas;        // [1/time]
  // [signal][frequency], per unit amplitude of x(t).
  std::vector<std::vector<std::complex<double>>> measured, analytic;
};

EpResponse measure_ep_response(ep::DrivenNetwork& network, const std::vector<double>& omegas,
                               const SweepSettings& settings);

// The worst deviations of measured from analytic over the signals that
// respond (|H| above `floor` times the largest |H| at that frequency); the
// others (units that barely respond or not at all: saturated) are compared
// absolutely, relative to that largest |H|.
struct Agreement {
  double gain = 0;    // worst ||H| / |H_analytic| − 1|
  double phase = 0;   // worst |arg(H / H_analytic)| [rad]
  double small = 0;   // worst |H − H_analytic| / largest |H_analytic| of the others
  long compared = 0;  // (signal, frequency) pairs compared in gain and phase
};
Agreement agreement(const EpResponse& response, double floor = 1e-3);

}  // namespace prospect::tasks
