#pragma once
// The continuous-time compartment dynamics whose fixed point is the steady
// state of models/shunting/README.md (Forward pass), as an ODE system for the integrators:
//
//   τ dV_n/dt = E_n + C_n − (1 + E_n + I_n + G_n) V_n     (shunting)
//   τ dV_n/dt = E_n − I_n + C_n − V_n                     (additive)
//   C_n = Σ_k g^den_{n,k} a(V_child),   children feeding parents through their gates
//
// The state is every compartment's voltage, level by level (leaves first),
// layer by layer, each a (batch × compartments) column-major block. Drives of
// the first layer are fixed by the input; those of later layers follow the
// gated soma voltages of the layer below. A compartment relaxes with the
// effective time constant τ / (1 + E + I + G): conductance — inhibition
// included — makes it faster.

#include <vector>

#include "integrators/ode_system.h"
#include "models/shunting/tree_level.h"

namespace prospect::shunting {

template <typename Scalar>
using Layers = std::vector<std::vector<TreeLevel<Scalar>>>;

template <typename Scalar>
class CompartmentDynamics final : public integrators::OdeSystem<Scalar> {
 public:
  CompartmentDynamics(Layers<Scalar>& levels, const Parameters<Scalar>& parameters);

  // The input (batch rows of the first layer's input, batch × inputs) and the
  // compartment time constant τ; computes the first layer's drives.
  void set_input(const Matrix<Scalar>& input, Index batch, Scalar tau);
  Index state_size() const;

  void derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt, double t) override;
  // Puts the voltages of x into every level's signals, with their gated
  // outputs, coupling currents and (later layers) drives.
  void unpack(const Vector<Scalar>& x);

 private:
  // First compartment of a level in the state (compartments of all levels in order).
  Index offset(std::size_t layer, std::size_t level) const { return offsets_[layer][level]; }

  Layers<Scalar>& levels_;
  const Parameters<Scalar>& parameters_;
  Index batch_ = 0;
  Scalar tau_ = 1;
  std::vector<std::vector<Index>> offsets_;
  Index compartments_ = 0;
};

}  // namespace prospect::shunting
