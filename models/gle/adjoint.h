#pragma once
// The adjoint method (AM) / backpropagation through time (docs/gle.md §2.2, Eqs 9-10,
// 64-76): exact gradients of an integrated cost for a GLE network whose
// parameters are fixed over a window, the baseline GLE approximates online.
//
// The forward network has no error neurons (γ e = 0) and is discretised by
// forward Euler in one of two ways:
//   staggered   the reference scheme of docs/gle.md §2.1 (each layer reads the previous
//               step's rates of the layer below; a teacher of scheme = reference)
//                 u_ℓ ← u_ℓ + dt u̇_ℓ,  r_ℓ ← φ(u_ℓ + τr u̇_ℓ)   from old r_{ℓ-1}
//   sequential  forward Euler of the explicit right-hand side (each layer reads
//               the rates of this step; a teacher of scheme = ode, stepper = euler)
// with τm u̇_ℓ = -u_ℓ + W_ℓ r_{ℓ-1} + b_ℓ. The cost of a window of N steps is
//   C = dt Σ_k loss(output_k, target_k)      (batch mean; core/loss.h)
// where output_k is the output step k produces: r_L after the step (staggered)
// or r_L at its start (sequential). backward() differentiates exactly this C:
// the discrete adjoint, reverse mode through the stored steps, so gradients
// agree with finite differences of C to rounding. As dt → 0 it becomes the
// continuous adjoint λ_ℓ = I⁺_{τm} D⁻_{τr}(φ'_ℓ ∘ W_{ℓ+1}ᵀ λ_{ℓ+1}) of Algorithm 2.
//
// The adjoint of a layer at step k is λ_ℓ = -(batch/dt) ∂C/∂(W_ℓ r_{ℓ-1} + b_ℓ):
// the sign and scale of a GLE error (∇W = -⟨Σ_k λ r_{ℓ-1}ᵀ⟩ dt, batch mean),
// so that at an MSE output with τm = τr, λ_L = φ' ∘ (target - r_L) exactly.
//
// Truncated BPTT: step() the window, backward(), apply the gradients; the
// forward state carries on into the next window, its start taken as given.
//
// Model face: probes layer<ℓ>/lambda give λ_ℓ at the step of the finished
// window chosen by replay(k), so a task records λ by replaying the window;
// the forward state spans a window and is not checkpointed (state() none).

#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/named_values.h"
#include "models/gle/gle_parameters.h"

namespace prospect::gle {

enum class AdjointForward { staggered, sequential };
inline constexpr core::NamedValue<AdjointForward> kAdjointForwardNames[] = {
    {AdjointForward::staggered, "staggered"}, {AdjointForward::sequential, "sequential"}};

template <typename Scalar>
class AdjointMethod final : public core::Model<Scalar> {
 public:
  AdjointMethod(Parameters<Scalar>& parameters, Index batch, AdjointForward forward, double dt);

  // One forward step with input x(t_k); `target` is compared with the output
  // this step produces (output() afterwards). Stores what backward() needs.
  void step(const Matrix<Scalar>& input, const Matrix<Scalar>& target);
  ConstMatrixMap<Scalar> output() const;

  // Over the steps since the last backward(): writes ∂C/∂θ into the
  // parameters' gradient buffers (W, b, τm, τr; biases only where the layer
  // has them), keeps the adjoints for adjoint(), returns C and starts a new window.
  double backward();

  // λ_ℓ at step k of the window backward() has just finished (layer 0-based,
  // neurons × batch); valid until the next step().
  const Matrix<Scalar>& adjoint(Index layer, Index step) const;
  Index window_steps() const { return steps_; }  // steps since the last backward()

  // Network at rest, window cleared.
  void reset() override;

  std::string family() const override { return "gle"; }
  core::ParameterList<Scalar> parameter_refs() override { return parameters_.all(); }
  std::vector<core::Probe<Scalar>> probes() const override;
  // The step of the finished window the probes read.
  void replay(Index step) { replay_step_ = step; }

 private:
  struct Stored {  // one layer at one step; λ is filled by backward()
    Matrix<Scalar> bottom, u_dot, slope, adjoint;
  };
  struct Step {
    std::vector<Stored> layers;
    Matrix<Scalar> output, target;
  };

  Parameters<Scalar>& parameters_;
  Index batch_;
  AdjointForward forward_;
  double dt_;
  std::vector<Matrix<Scalar>> u_, r_;  // forward state per layer
  std::vector<Step> window_;           // storage reused from window to window
  Index steps_ = 0;                    // steps of the current window
  Index finished_ = 0;                 // steps of the window backward() finished
  Index replay_step_ = 0;              // read by the probes
  std::vector<Matrix<Scalar>> u_bar_, rate_bar_;  // ∂C/∂u, ∂C/∂(rate a layer produces)
  Matrix<Scalar> voltage_, target_error_, softmax_, p_bar_, a_bar_;
};

extern template class AdjointMethod<float>;
extern template class AdjointMethod<double>;

}  // namespace prospect::gle
