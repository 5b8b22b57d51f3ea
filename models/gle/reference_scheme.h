#pragma once
// The staggered forward-Euler scheme of the published GLE code (docs/gle.md §2.1).
// Every layer is updated at once from the previous step's values of its
// neighbours, a one-step delay per layer in both directions. State per layer:
// u, v, r, r' = φ'(p) and e_bottom = Wᵀe (the error sent down), all zero at
// start. After a step, signal() gives u, v, r after the update and the
// prospective error e computed during it; output() is r_L before the update.

#include "models/gle/broadcast.h"
#include "models/gle/gle_scheme.h"

namespace prospect::gle {

template <typename Scalar>
class ReferenceScheme final : public Scheme<Scalar> {
 public:
  ReferenceScheme(Parameters<Scalar>& parameters, Index batch);

  void step(const StepDrive<Scalar>& drive, double t, double dt) override;
  ConstMatrixMap<Scalar> output() const override;
  ConstMatrixMap<Scalar> signal(Index layer, Signal signal) const override;
  void reset() override;
  SchemeKind kind() const override { return SchemeKind::reference; }
  Vector<Scalar>* state() override { return &state_; }

  // Adds `noise` (neurons × batch) to the rates of a layer after a step, as
  // the noise-robustness experiments perturb every rate (Fig. 9e).
  void add_to_rates(Index layer, const Eigen::Ref<const Matrix<Scalar>>& noise);

 private:
  void step_layer(Index layer, const StepDrive<Scalar>& drive, double dt, bool errors_vanish);

  struct LayerBlocks {  // indices into layout_
    Index u, v, r, slope, error_down;  // error_down: -1 for the bottom layer
  };
  struct Scratch {
    Matrix<Scalar> instant_error, synaptic_input, v_dot, error, u_dot, voltage;
    TimeConstantGrid<Scalar> tau;
  };

  core::Layout layout_;
  std::vector<LayerBlocks> blocks_;
  std::vector<Scratch> scratch_;
  std::vector<Index> layer_order_;  // layers by decreasing cost
  Vector<Scalar> state_;     // values after the last step
  Vector<Scalar> previous_;  // values before it (swapped with state_ each step)
  Matrix<Scalar> target_error_, softmax_;
};

extern template class ReferenceScheme<float>;
extern template class ReferenceScheme<double>;

}  // namespace prospect::gle
