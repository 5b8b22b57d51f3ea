#pragma once
// An EP network as a core::BatchLearner: one labelled batch at a time,
// either by equilibrium propagation (docs/ep_model.md §5: free phase from s = 0,
// nudged phases with +β and, symmetric, −β restarted from the free state,
// the contrastive estimate into the gradient buffers) or by truncated BPTT
// through the reference map (§6). Evaluation is the free phase alone; the
// prediction is the free state's output layer.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "core/model.h"
#include "core/named_values.h"
#include "models/ep/network.h"
#include "models/ep/relaxation.h"

namespace prospect::ep {

enum class Algorithm { ep, bptt };
inline constexpr core::NamedValue<Algorithm> kAlgorithmNames[] = {
    {Algorithm::ep, "ep"}, {Algorithm::bptt, "bptt"}};

struct LearnerSettings {
  Algorithm algorithm = Algorithm::ep;
  SchemeSettings scheme;             // T1, T2 and the relaxation
  double beta = 0.1;                 // nudging strength
  bool symmetric = true;             // ±β (else +β against the free state)
  std::vector<double> layer_rates;   // per layer l = 1 … L, relative; empty: all 1
  // Errors name the option at fault.
  void validate(const Architecture& architecture) const;
};

class Learner final : public core::BatchLearner<float> {
 public:
  // Takes a network with its parameters set (Network::initialise or loaded).
  Learner(Network<float> network, const LearnerSettings& settings);

  std::string family() const override { return "ep"; }
  // Per pathway "<name>/W" and "<name>/b"; the rate scale of layer l's basal
  // pathway is layer_rates[l−1], of its apical pathway layer_rates[l] (the
  // layer it listens to, docs/ep_model.md §7).
  core::ParameterList<float> parameter_refs() override;
  // "layer<l>/s" and, with an energy, "energy" (1 × batch), at the state
  // after the step being observed (see set_observer), else at the last
  // batch's free state.
  std::vector<core::Probe<float>> probes() const override;

  double evaluate(const MatrixF& input, const MatrixF& target) override;
  double learn(const MatrixF& input, const MatrixF& target) override;
  ConstMatrixMap<float> output() const override;

  // F_L at the last batch's free state (β = 0), N_L × batch: the output
  // somata's input before σ (EP-MLP: W s_{L−1} + b; DEP: the mean of the
  // basal branches' ReLUs; DEP-E: that plus the apical branches' transposed
  // feedback). Allocates only when the batch size changes.
  const MatrixF& free_output_drive();
  // The free and nudged phases of learn() without touching the gradients:
  // for recording trajectories.
  void relax_phases(const MatrixF& input, const MatrixF& target);
  // Called after every step of every phase, with the probes reading it.
  void set_observer(std::function<void(Phase, long step)> observer);
  const PhaseSummary& summary(Phase phase) const {
    return summaries_[static_cast<std::size_t>(phase)];
  }
  Network<float>& network() { return network_; }
  const LearnerSettings& settings() const { return settings_; }

 private:
  void check_batch(const MatrixF& input, const MatrixF& target) const;
  void relax(Vector<float>& state, Phase phase, float beta, const MatrixF* target);
  void run_phases(const MatrixF& input, const MatrixF& target, bool nudge);
  double learn_bptt(const MatrixF& target);

  Network<float> network_;
  LearnerSettings settings_;
  std::unique_ptr<Relaxation<float>> relaxation_;
  std::unique_ptr<ReferenceRelaxation<float>> bptt_relaxation_;
  std::function<void(Phase, long)> observer_;
  PhaseSummary summaries_[3];
  Vector<float> free_, plus_, minus_;
  std::vector<Vector<float>> window_;
  const Vector<float>* prediction_ = nullptr;  // the state output() reads
  MatrixF output_drive_;
  const Vector<float>* observed_ = nullptr;    // what the probes read
  float observed_beta_ = 0;
  const MatrixF* observed_target_ = nullptr;
  mutable Eigen::RowVectorXf energy_;
};

}  // namespace prospect::ep
