#pragma once
// An EP network in continuous time, τ ds/dt = −s + σ(F(s)), driven through
// time by one signal x(t) for the transfer-function machinery
// (tasks/frequency_response.h), one sample:
//
//   path input:   input  = x̄ + x(t) · d,   β = 0 (the free dynamics)
//   path target:  target = ȳ + x(t) · e,   β ≠ 0 (the nudged dynamics: the
//                 teaching signal β (y − s_L) enters at the output)
//
// The state integrated is the deviation δ = s − s* from the fixed point s*
// of x = 0 (settled on construction by RK4), so "at rest" is the fixed point
// and no relaxation from s = 0 precedes the sweep. Signals:
//   "input"                x(t)
//   "layer<l>"             ⟨p_l, δs_l⟩, p_l the unit vector along the layer's
//                          steady-state response Re H_l(0) (zero if the layer
//                          does not respond: all its units saturated)
//   "layer<l>/apical"      for a layer with apical branches: the change of their
//                          somatic drive α·Api_l(s_{l+1}) projected likewise
//   "unit<i>"              every unit's δs_i (only with unit_signals)
// Each signal is a linear read-out r of δs to first order, so its analytic
// counterpart is r H(iω) b, b = B d or β e (models/ep/linearisation.h).

#include <complex>
#include <string>
#include <vector>

#include "core/named_values.h"
#include "integrators/driven_model.h"
#include "models/ep/linearisation.h"

namespace prospect::ep {

enum class DrivenPath { input, target };
inline constexpr core::NamedValue<DrivenPath> kDrivenPathNames[] = {
    {DrivenPath::input, "input"}, {DrivenPath::target, "target"}};

struct DrivenSettings {
  DrivenPath path = DrivenPath::input;
  double beta = 0;           // nudging; must be ≠ 0 on the target path
  double tau = 1;            // [time]
  bool unit_signals = false;  // also one signal per unit
  // Settling the fixed point (RK4): step [time], max|ds/dt| [1/time], steps.
  double settle_dt = 0.05;
  double settle_tolerance = 1e-12;
  long settle_steps = 2000000;
};

class DrivenNetwork final : public integrators::DrivenModel {
 public:
  // `input` N_0 × 1, `direction` N_0 (path input) or N_L (path target);
  // `target` N_L × 1 (used only when β ≠ 0). Fails on shapes that do not fit,
  // or a fixed point that does not settle or is not stable.
  DrivenNetwork(Network<double> network, MatrixD input, MatrixD target, VectorD direction,
                const DrivenSettings& settings);

  Index state_size() const override { return fixed_point_.size(); }
  const std::vector<std::string>& signal_names() const override { return names_; }
  void observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) override;
  // The slowest mode's time constant −1/Re λ (at least τ).
  double settling_time() const override;

  const VectorD& fixed_point() const { return fixed_point_; }
  const Linearisation& linearisation() const { return linearisation_; }
  // ∂F/∂x(t): the linearised drive of the modulation (units).
  const VectorD& drive_column() const { return drive_column_; }
  // The read-out of every signal but "input" (signals − 1 × units).
  const MatrixD& readouts() const { return readouts_; }
  // r H(iω) b of every signal but "input", in signal order.
  Eigen::VectorXcd analytic(double omega) const;
  // −d arg/dω at ω = 0 of every signal but "input" [time].
  VectorD low_frequency_delay() const;

 private:
  // The apical pathways' somatic drive onto their layers at `state` (state
  // order; zero on layers without apical branches).
  void apical_drive(const VectorD& state, VectorD& out);
  // The input pathways' somatic drive onto layer 1 at input x̄ + x d.
  void input_drive(double x, MatrixD& out);

  Network<double> network_;
  MatrixD input_, target_;
  VectorD direction_;
  DrivenSettings settings_;
  VectorD fixed_point_;
  Linearisation linearisation_;
  VectorD drive_column_;
  std::vector<std::string> names_;
  // Per signal but "input": what it reads of δs and of the apical drive's
  // change (state order) in the simulation, and its first-order read-out of δs.
  MatrixD state_readouts_, apical_readouts_, readouts_;
  bool has_apical_ = false;
  VectorD fixed_apical_;  // the apical drive at s*
  // The input reaches F only through the input pathways' somatic drive onto
  // layer 1: their potentials at x̄ and their change per unit x, W d, so that
  // a modulated input costs no product with the whole input.
  std::vector<MatrixD> input_potentials_, input_slopes_;
  MatrixD fixed_input_drive_;
  // Scratch of observe().
  MatrixD modulated_target_, z_, input_drive_;
  VectorD state_, drive_, apical_;
};

}  // namespace prospect::ep
