#pragma once
// An EP network: its pathways (parameters), the synchronous relaxation step
// s ← σ(F(s)) of docs/ep_model.md §4.3 on a batch, the energy where one exists, the
// contrastive parameter gradients of §5 and the reverse-mode step of §6.
//
// The state of all layers l = 1 … L is one contiguous vector, layer after
// layer, each an (N_l × batch) column-major block; the input x = s_0 is
// clamped and set once per batch. F_l(s) is the sum of
//   - every pathway into l:    scale Σ_k f(z), z = W s_source + c
//   - with an energy (EP-MLP, DEP-E), every pathway out of l, transposed:
//                              scale Wᵀ (f'(z) ⊙ s_target repeated over k)
//   - at the output:           β (y − s_L)
// and σ is the reference code's hard sigmoid (1 + hardtanh(2v − 1))/2.
// The input pathway's potentials do not change during a relaxation and are
// computed once per batch by set_input().

#include <cstdint>
#include <vector>

#include "core/parameter.h"
#include "models/ep/architecture.h"
#include "models/ep/pathway.h"

namespace prospect::ep {

// What a step reports besides the new state.
struct StepCheck {
  bool finite = true;             // every drive was finite
  std::uint64_t fingerprint = 0;  // equal states have equal fingerprints
};

template <typename Scalar>
class Network {
 public:
  // Shapes only: zero parameters, no masks (see initialise).
  explicit Network(const Architecture& architecture);

  // Masks, then weights and biases, per docs/ep_model.md §2.2 and §7, each pathway
  // from its own stream of `seed`.
  void initialise(std::uint64_t seed);

  const Architecture& architecture() const { return architecture_; }
  Index depth() const { return architecture_.depth(); }
  std::vector<Pathway<Scalar>>& pathways() { return pathways_; }
  const std::vector<Pathway<Scalar>>& pathways() const { return pathways_; }
  // The pathway of that name ("layer1/basal"), or an error naming it.
  Pathway<Scalar>& pathway(const std::string& name);
  // Every parameter with its gradient buffer: per pathway "<name>/W" and,
  // with biases, "<name>/b".
  core::ParameterList<Scalar> parameter_refs();
  // Parameters not masked out.
  Index kept_parameters() const;

  // Clamps the input (N_0 × batch) and sizes the state for its batch; fails
  // on a width that does not fit or a non-finite value.
  void set_input(const Eigen::Ref<const Matrix<Scalar>>& input);
  Index batch() const { return batch_; }
  Index state_size() const { return state_rows_ * batch_; }
  MatrixMap<Scalar> layer(Vector<Scalar>& state, Index l) const;
  ConstMatrixMap<Scalar> layer(const Vector<Scalar>& state, Index l) const;
  ConstMatrixMap<Scalar> output(const Vector<Scalar>& state) const { return layer(state, depth()); }

  // drive = F(state) with nudging β towards `target` (N_L × batch; may be
  // null when β = 0).
  void drive(const Vector<Scalar>& state, Vector<Scalar>& drive, Scalar beta,
             const Matrix<Scalar>* target);
  // F_L(state) at β = 0 (N_L × batch): the output somata's input before σ.
  // Computes only the terms that reach the output layer.
  void output_drive(const Vector<Scalar>& state, Matrix<Scalar>& out);
  // to = σ(F(from)): one step of the reference relaxation.
  StepCheck step(const Vector<Scalar>& from, Vector<Scalar>& to, Scalar beta,
                 const Matrix<Scalar>* target);

  // Per sample: E = ½‖s‖² − Φ(s) + β ℓ(s_L, y), the Lyapunov function of
  // the continuous-time relaxation (decreasing along τ ds/dt = −s + σ(∇Φ))
  // with Φ of docs/ep_model.md §4.1 / §9. Only for variants with an energy.
  void energy(const Vector<Scalar>& state, Scalar beta, const Matrix<Scalar>* target,
              Eigen::Ref<Eigen::Matrix<Scalar, 1, Eigen::Dynamic>> out) const;

  void zero_gradients();
  // gradients = coefficient · (∂φ/∂θ(a) − ∂φ/∂θ(b)), summed over the batch
  // and masked: EP's estimate (docs/ep_model.md §5) is this with a = s⁻, b = s⁺,
  // coefficient 1/(2βB).
  void set_energy_gradient_difference(const Vector<Scalar>& a, const Vector<Scalar>& b,
                                      Scalar coefficient);
  // One step of reverse mode (β = 0) through s' = σ(F(s)): given
  // adjoint_next = ∂𝓛/∂s', adds ∂𝓛/∂θ of this step to the gradients and
  // writes adjoint = ∂𝓛/∂s. The input pathways' weight gradients are the
  // exception: their presynaptic side, the input, is the same at every step,
  // so the steps' postsynaptic factors are summed and multiplied by it once,
  // in add_input_weight_gradients().
  void backward_step(const Vector<Scalar>& state, const Vector<Scalar>& adjoint_next,
                     Vector<Scalar>& adjoint);
  // Adds the input pathways' weight gradients of the backward steps since the
  // last call (or zero_gradients() or set_input()) to their gradients.
  void add_input_weight_gradients();
  // Zeroes the gradients of masked-out weights (after accumulating).
  void mask_gradients();

 private:
  // Pathways out of layer 0 are fixed during a relaxation.
  bool from_input(const Pathway<Scalar>& p) const { return p.source == 0; }
  ConstMatrixMap<Scalar> source_of(const Pathway<Scalar>& p, const Vector<Scalar>& state) const;
  // z of every pathway at `state` (input pathways: cached).
  void compute_potentials(const Vector<Scalar>& state);
  // out = F_l(state) at β = 0, from the potentials at `state` of every
  // pathway into and (with an energy) out of layer l.
  void unnudged_layer_drive(const Vector<Scalar>& state, Index l, Ref<Scalar> out);

  Architecture architecture_;
  std::vector<Pathway<Scalar>> pathways_;
  std::vector<Index> offsets_;  // row offset of layer l (1-based) in a state column block
  Index state_rows_ = 0;        // Σ N_l, l >= 1
  Index batch_ = 0;

  Matrix<Scalar> input_;
  Matrix<Scalar> input_drive_;  // the input pathways' somatic drive into layer 1
  std::vector<Matrix<Scalar>> potentials_;  // z per pathway (input pathways: fixed per batch)
  std::vector<Matrix<Scalar>> gated_, gated_other_;
  // Per input pathway: Σ over backward steps of its gated adjoint (N × batch).
  std::vector<Matrix<Scalar>> input_adjoint_sums_;
  Vector<Scalar> drive_, delta_;
};

// σ(v) = (1 + hardtanh(2v − 1))/2 in the reference code's float order, and
// its derivative as PyTorch's hardtanh backward (1 strictly inside, 0 at and
// beyond the kinks).
template <typename Scalar>
inline Scalar hard_sigmoid(Scalar v) {
  Scalar u = Scalar(2) * v - Scalar(1);
  u = u < Scalar(-1) ? Scalar(-1) : (u > Scalar(1) ? Scalar(1) : u);
  return (Scalar(1) + u) * Scalar(0.5);
}
template <typename Scalar>
inline Scalar hard_sigmoid_slope(Scalar v) {
  const Scalar u = Scalar(2) * v - Scalar(1);
  return u > Scalar(-1) && u < Scalar(1) ? Scalar(1) : Scalar(0);
}

}  // namespace prospect::ep
