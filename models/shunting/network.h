#pragma once
// A network of dendritic trees with a linear decoder and cross-entropy
// (models/shunting/README.md), learning one labelled batch at a time by exact
// gradients (backprop through the trees and their gates) or by the local
// rules 3F/4F/5F.
//
// Schemes: `steady_state` (default) solves every compartment's fixed point
// level by level; `continuous` relaxes the compartment dynamics
// (compartment_dynamics.h) from rest with Euler or RK4 until they settle —
// the same voltages to the settling tolerance.
//
// Every learn() leaves in the gradient buffers an estimate of +∂L/∂θ for the
// mean loss, each entry clipped to ±clip; synapse tensors carry their active
// entries as gradient support, so the optimizer visits only those.

#include <array>
#include <functional>
#include <memory>

#include "core/model.h"
#include "core/named_values.h"
#include "integrators/settle.h"
#include "models/shunting/compartment_dynamics.h"
#include "models/shunting/local_rule.h"

namespace prospect::shunting {

enum class Learning { backprop, local };
enum class Scheme { steady_state, continuous };
inline constexpr core::NamedValue<Learning> kLearningNames[] = {
    {Learning::local, "local"}, {Learning::backprop, "backprop"}};
inline constexpr core::NamedValue<Scheme> kSchemeNames[] = {
    {Scheme::steady_state, "steady_state"}, {Scheme::continuous, "continuous"}};

struct ContinuousSettings {
  double tau = 1;  // compartment time constant [time]
  integrators::StepperKind stepper = integrators::StepperKind::rk4;
  integrators::Settling settling{0.01, 1e-4, 100000, 0};  // dt [time], tolerance on max|dV/dt|
};

struct NetworkSettings {
  Learning learning = Learning::local;
  LocalRuleSettings rule;
  double clip = 5;  // every gradient entry clipped to ±clip (0: no clipping)
  // Learning rate of each ParameterGroup relative to the optimizer's.
  std::array<double, 4> rate_scales{1, 1, 1, 1};
  Scheme scheme = Scheme::steady_state;
  ContinuousSettings continuous;
};

template <typename Scalar>
class Network final : public core::BatchLearner<Scalar> {
 public:
  Network(Parameters<Scalar> parameters, NetworkSettings settings);
  Network(const Network&) = delete;  // its dynamics refer to its own members
  Network& operator=(const Network&) = delete;

  std::string family() const override { return "shunting"; }
  core::ParameterList<Scalar> parameter_refs() override;
  // "layer<l>/level<i>/{E, I, C, V, R, a}" (compartments × samples) of the
  // last forward pass, or of the current step while relax() observes.
  std::vector<core::Probe<Scalar>> probes() const override;
  // The running averages of ρ and φ (FactorState per level).
  Vector<Scalar>* state() override { return &rule_state_; }
  void reset() override { rule_state_.setZero(); }

  // Forward pass only (input: features × batch); output() holds the logits.
  void forward(const Matrix<Scalar>& input);
  double evaluate(const Matrix<Scalar>& input, const Matrix<Scalar>& target) override;
  double learn(const Matrix<Scalar>& input, const Matrix<Scalar>& target) override;
  ConstMatrixMap<Scalar> output() const override;  // logits, classes × batch
  void parameters_changed() override;

  // Gradients of one batch into the gradient buffers, unclipped, without
  // touching the state learn() uses: exact (mean loss), and the local rule
  // with the running averages in `rule_state` (zeros: a fresh rule).
  double exact_gradients(const Matrix<Scalar>& input, const Matrix<Scalar>& target);
  double local_gradients(const Matrix<Scalar>& input, const Matrix<Scalar>& target,
                         Vector<Scalar>& rule_state);

  // Relaxes the compartments for `input` from rest with the continuous-time
  // scheme; observer(t) is called after every step, when the level signals
  // (and probes) hold the voltages at time t.
  integrators::Settled relax(const Matrix<Scalar>& input,
                             const std::function<void(double t)>& observer = {});

  Parameters<Scalar>& parameters() { return parameters_; }
  const Parameters<Scalar>& parameters() const { return parameters_; }
  const NetworkSettings& settings() const { return settings_; }
  // How later learn() calls form their gradients: exact, or the local rule
  // with these factors (the running averages carry over).
  void set_learning(Learning learning, RuleFactors factors);
  const TreeLevel<Scalar>& level(Index layer, Index level) const {
    return levels_[static_cast<std::size_t>(layer)][static_cast<std::size_t>(level)];
  }
  Index batch() const { return batch_; }  // samples of the last forward pass
  // The continuous-time system of these compartments, for drivers of their
  // own (a compartment driven through time: DrivenTree).
  CompartmentDynamics<Scalar>& dynamics() { return *dynamics_; }
  // ρ and φ of the last local step, per level (layer by layer, leaves first).
  const std::vector<double>& last_rho() const { return last_rho_; }
  const std::vector<double>& last_phi() const { return last_phi_; }
  // Re-selects every active synapse set from scratch (after writing raw
  // parameters from outside; parameters_changed() finds changes incrementally).
  void reselect();

 private:
  void reserve(Index batch);
  // Checks the input (features × batch) and stores it as batch × features.
  void load(const Matrix<Scalar>& input);
  void solve_steady_state();
  integrators::Settled relax_from_rest(const std::function<void(double)>& observer);
  // Checks the voltages and computes the logits.
  void read_out();
  // Softmax probabilities and the batch-mean cross-entropy.
  double loss(const Matrix<Scalar>& target);
  // δ_out = softmax − target (in place of the probabilities), δ = δ_out W,
  // and the decoder gradients.
  void decoder_error(const Matrix<Scalar>& target, DecoderUpdate update, Scalar clip);
  void backward_exact(Scalar clip);
  void local_rule(const LocalRuleSettings& rule, Scalar* state, Scalar clip);
  const Matrix<Scalar>& layer_input(std::size_t layer) const;
  void check_finite() const;
  void check_steady_state_attracts() const;
  void refresh(bool from_scratch);

  Parameters<Scalar> parameters_;
  NetworkSettings settings_;
  Layers<Scalar> levels_;
  std::unique_ptr<CompartmentDynamics<Scalar>> dynamics_;
  std::unique_ptr<integrators::Stepper<Scalar>> stepper_;
  Vector<Scalar> relaxed_;  // the continuous scheme's state
  Vector<Scalar> rule_state_;
  std::vector<double> last_rho_, last_phi_;

  Index batch_ = 0, reserved_ = 0;
  Matrix<Scalar> input_;                      // batch × inputs: the first layer's input
  Matrix<Scalar> logits_, probabilities_;     // classes × batch
  Matrix<Scalar> soma_error_;                 // δ = δ_out W, batch × somata
  Vector<double> mean_error_, mean_output_;   // δ̄_s, h̄_s
  Vector<double> level_mean_;                 // ā_s
};

}  // namespace prospect::shunting
