#pragma once
// How fast an EP network follows a changing world, beside GLE's prospective
// neurons and shunting compartments (docs/ep.md "Phase and gain"): an EP
// network (EP-MLP, DEP or DEP-E, freshly initialised or an ep run's
// parameters) in continuous time, τ ds/dt = −s + σ(F(s)), around the fixed
// point of a test image, driven by a sinusoidal modulation of the input
// along a direction (path input, free dynamics) or of the target (path
// target, nudged with β): every layer's (and apical drive's) gain and phase
// measured by lock-in on the ODE layer (RK4) and compared with the
// linearisation H(iω) = (iωτ I + I − D J)⁻¹ D b; the eigenvalues of the
// linearisation give the effective time constants. For comparison on the same
// time axis: chains of GLE forward neurons D⁺_{τr} I⁻_{τ} as deep as the EP
// network, and a shunting compartment under several inhibitory conductances.
//
// Run file (root attributes also: variant, epochs_trained):
//   /spectra/ep/<path>/<signal>/{omega, gain, phase, analytic_gain, analytic_phase,
//                                curve/{omega, gain, phase}}
//       gains per unit amplitude of the modulation; attributes:
//       low_frequency_delay, lag_at_omega_tau_1_deg, amplitude
//   /ep/<path>/{rates_real, rates_imag, time_constants, fixed_point, slopes}
//   /spectra/gle/tau_r_<k>/..., /spectra/shunting/inhibition_<k>/...   (output signal)
//   /summary/{worst_gain_deviation, worst_phase_deviation_deg, within_tolerance}

#include "runs/task.h"

namespace prospect::tasks {

class EpPhaseTask final : public runs::Task {
 public:
  std::string name() const override { return "ep_phase"; }
  std::string summary() const override;
  core::OptionTable options() const override;
  void run(const runs::RunContext& context) const override;
};

}  // namespace prospect::tasks
