#pragma once
// Transfer functions measured on simulated models (docs/gle.md §4): the model starts
// at rest, is driven by x(t) = sin(ωt) and integrated by the ODE layer; after
// a transient the least-squares lock-in (core::lock_in) fits every requested
// signal and its reference at ω, and H(ω) = signal / reference. Each
// frequency is a separate run of `periods` drive periods after the transient.
//
// Anti-causal operators (I⁺, D⁻, the adjoint) are simulated backward in time,
// as the adjoint method integrates them: the model's own time s runs forward
// from rest and sees x(T - s); the recording is reversed before the fit, so
// the measured H is that of forward time t = T - s (an I⁻ membrane measures
// as I⁺, a D⁺ read-out as D⁻).

#include <complex>
#include <string>
#include <vector>

#include "core/named_values.h"
#include "core/h5_file.h"
#include "integrators/driven_model.h"
#include "integrators/stepper.h"

namespace prospect::tasks {

enum class TimeDirection { forward, backward };
inline constexpr core::NamedValue<TimeDirection> kTimeDirectionNames[] = {
    {TimeDirection::forward, "forward"}, {TimeDirection::backward, "backward"}};

struct SweepSettings {
  integrators::StepperKind stepper = integrators::StepperKind::rk4;
  double dt = 0.005;      // integration step [time]
  double transient = 30;  // discarded before the fit [model settling times]
  double periods = 2;     // drive periods fitted after the transient
  TimeDirection direction = TimeDirection::forward;
};

// Which recorded signal is compared with which (names of the model's signals).
struct SignalPair {
  std::string signal;
  std::string reference;
};

// H(ω) of every pair at every ω: result[pair][frequency].
std::vector<std::vector<std::complex<double>>> measure_response(
    integrators::DrivenModel& model, const std::vector<SignalPair>& pairs,
    const std::vector<double>& omegas, const SweepSettings& settings);

// group/<prefix>gain and group/<prefix>phase [rad] of the responses h.
void write_gain_phase(core::H5Writer& file, const std::string& group, const std::string& prefix,
                      const std::vector<std::complex<double>>& h);

}  // namespace prospect::tasks
