#pragma once
// One level of a layer of dendritic trees (models/shunting/README.md): its
// compartments' steady state, their relaxation rate, and the per-level pieces
// of every gradient. Signals are (batch × compartments) matrices — each
// compartment's samples one contiguous column, which is what the synapse
// gathers read and the gradient sums write. Matrices keep the rows of the
// largest batch reserved; a batch uses their first `batch` rows.
//
//   E = Σ_active g^E x,  I = Σ_active g^I x,  C = Σ_k g^den_k a_child,k,  G = Σ_k g^den_k
//   shunting: V = (E + C) R,  R = 1 / (1 + E + I + G + 1e-8)
//   additive: V = E − I + C
//   gate:     a = ½ (tanh(m (V − b)) + 1)
//   dynamics: τ dV/dt = E + C − (1 + E + I + G) V   (shunting)
//             τ dV/dt = E − I + C − V                (additive)

#include "models/shunting/active_synapses.h"
#include "models/shunting/local_rule.h"
#include "models/shunting/parameters.h"

namespace prospect::shunting {

template <typename Scalar>
struct LevelSignals {
  Matrix<Scalar> exc, inh;       // E, I (levels with synapses)
  Matrix<Scalar> current;        // C (levels with children)
  Matrix<Scalar> voltage;        // V
  Matrix<Scalar> resistance;     // R (shunting; the local rule's own R for the conductance form)
  Matrix<Scalar> output;         // a
  Matrix<Scalar> output_error;   // ∂L/∂a (exact), the broadcast error e (local rule)
  Matrix<Scalar> voltage_error;  // ∂L/∂V (exact), e a'(V) ρφ / B (local rule)
  Matrix<Scalar> exc_factor, inh_factor;  // per-sample factors of the synapse gradients
};

// How a gradient's synapse and coupling factors are formed (models/shunting/README.md):
// with the input resistance and driving force (conductance), or without
// (additive: ∂V/∂g^E = x, ∂V/∂g^I = −x, ∂V/∂g^den = a_child).
enum class GradientForm { conductance, additive };

template <typename Scalar>
class TreeLevel {
 public:
  TreeLevel(const LevelShape& shape, Index inputs, Index k_exc, Index k_inh, Core core);

  const LevelShape& shape() const { return shape_; }
  Index compartments() const { return shape_.compartments; }
  Core core() const { return core_; }
  const ActiveSynapses<Scalar>& excitatory() const { return exc_; }
  const ActiveSynapses<Scalar>& inhibitory() const { return inh_; }
  const Matrix<Scalar>& coupling() const { return coupling_; }  // g^den, children × n
  const Vector<Scalar>& total_coupling() const { return total_coupling_; }  // G
  const Vector<Scalar>& gate_slope() const { return slope_; }    // m

  // After the parameters changed: active synapses (from scratch, or kept
  // where still the top K), conductances, couplings and gate slopes.
  void refresh(const LevelParameters<Scalar>& p, bool from_scratch);
  // Workspace for batches of up to `batch` samples (allocates only to grow).
  void reserve(Index batch);
  LevelSignals<Scalar>& signals() { return signals_; }
  const LevelSignals<Scalar>& signals() const { return signals_; }

  // The steady state of the first `batch` samples: drives from `input`
  // (batch × inputs), currents from the level below (null at the leaves).
  void forward(const Matrix<Scalar>& input, const TreeLevel* children, Index batch,
               const LevelParameters<Scalar>& p);
  void compute_drives(const Matrix<Scalar>& input, Index batch);
  void compute_current(const TreeLevel& children, Index batch);
  void compute_resistance(Index batch);  // R from E, I, G (shunting)
  // The local rule's R = 1 / (1 + relu(E) + relu(I) + relu(G) + 1e-8), for
  // either core (equal to the shunting R on non-negative inputs).
  void compute_rule_resistance(Index batch);
  void compute_output(Index batch, const LevelParameters<Scalar>& p);  // a from V
  // τ dV/dt at the current voltages into `rate` (batch × n block).
  template <typename Rate>
  void voltage_rate(Index batch, Scalar tau, Rate&& rate) const;

  // voltage_error = output_error ⊙ a'(V) with the exact slope
  // a'(V) = ½ m (1 − (2a − 1)²) (∂L/∂V from ∂L/∂a), or the NeurIPS-era (1 − (2a − 1)²).
  void voltage_error(Index batch, SlopeConvention slope);
  // Gate gradients from an output error w (batch × n):
  // grad log_m = κ Σ_s w (1 − t²)(V − b) m,  grad b = −κ Σ_s w (1 − t²) m,  t = 2a − 1.
  void gate_gradients(const Matrix<Scalar>& w, Scalar kappa, Index batch,
                      LevelParameters<Scalar>& p, Scalar clip) const;
  // Synapse and coupling gradients from voltage_error (u):
  //   conductance: grad preE = sig · Σ_s u R (1 − V) x,  grad preI = sig · Σ_s u R (0 − V) x,
  //                grad logw = sig · Σ_s u R (a_child − V)
  //   additive:    grad preE = sig · Σ_s u x,  grad preI = −sig · Σ_s u x,  grad logw = sig · Σ_s u a_child
  // with R = signals().resistance; every entry clipped to ±clip (0: none).
  void parameter_gradients(GradientForm form, const Matrix<Scalar>& input,
                           const TreeLevel* children, Index batch, LevelParameters<Scalar>& p,
                           Scalar clip);
  // ∂L/∂a of the level below: u R g^den (shunting), u g^den (additive).
  void child_output_error(TreeLevel& children, Index batch) const;
  // Adds ∂L/∂input through this level's synapses (after parameter_gradients):
  // input_error(s, j) += exc_factor(s, n) g^E_{n,j} + inh_factor(s, n) g^I_{n,j}.
  void add_input_error(Matrix<Scalar>& input_error, Index batch) const;

 private:
  // Column n (compartment n) of E and I, C, R, V and a: forward() computes a
  // compartment's signals one after the other while its column is in cache.
  void drives_column(Index n, const Matrix<Scalar>& input, Index batch);
  void current_column(Index n, const TreeLevel& children, Index batch);
  void resistance_column(Index n, Index batch);
  void voltage_column(Index n, Index batch);
  void output_column(Index n, Index batch, const LevelParameters<Scalar>& p);
  void synapse_gradients(ActiveSynapses<Scalar>& synapses, const Matrix<Scalar>& factor,
                         const Matrix<Scalar>& input, Index batch, Matrix<Scalar>& sums,
                         Matrix<Scalar>& gradient, Scalar clip);

  LevelShape shape_;
  Core core_;
  ActiveSynapses<Scalar> exc_, inh_;
  Matrix<Scalar> coupling_, coupling_slope_;  // softplus(logw), sigmoid(logw)
  Vector<Scalar> total_coupling_, slope_;
  Matrix<Scalar> exc_sums_, inh_sums_;  // K × n gradient scratch
  LevelSignals<Scalar> signals_;
  Index reserved_ = 0;
};

template <typename Scalar>
template <typename Rate>
void TreeLevel<Scalar>::voltage_rate(Index batch, Scalar tau, Rate&& rate) const {
  const auto v = signals_.voltage.topRows(batch).array();
  auto drive = rate.array();
  const bool shunting = core_ == Core::shunting;
  for (Index c = 0; c < compartments(); ++c) {
    // Leak conductance 1, plus the couplings in a shunting core (the 1e-8 as in R).
    const Scalar leak = shunting ? Scalar(1) + total_coupling_(c) + Scalar(1e-8) : Scalar(1);
    drive.col(c) = -leak * v.col(c);
  }
  if (shape_.synapses) {
    const auto e = signals_.exc.topRows(batch).array();
    const auto i = signals_.inh.topRows(batch).array();
    if (shunting) {
      drive += e - (e + i) * v;
    } else {
      drive += e - i;
    }
  }
  if (shape_.children > 0) drive += signals_.current.topRows(batch).array();
  drive /= tau;
}

}  // namespace prospect::shunting
