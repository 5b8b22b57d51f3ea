#pragma once
// The exact continuous-time GLE dynamics (docs/gle.md §2) on the ODE layer. The
// integrated state is (u, v) per layer; rates and errors follow from it:
// a bottom-up sweep gives du/dt and r = φ(u + τr du/dt), a top-down sweep
// gives e_inst, dv/dt and e = v + τm dv/dt.
//
// With γ ≠ 0 the prospective error e feeds back into du/dt and the system is
// implicit. It is solved by fixed-point iteration on e, warm-started from the
// previous solution: sweep up with the current e, sweep down for a new e,
// until max|Δe| ≤ tolerance · (1 + max|e|). A loop that has not converged
// within the iteration limit is an error, never a silent approximation.
//
// Inputs and targets are interpolated linearly over each step. After a step,
// signal() and output() refer to the start of the step (time t); gradients
// are evaluated there too.

#include "integrators/stepper.h"
#include "models/gle/gle_scheme.h"

namespace prospect::gle {

struct ImplicitSolver {
  double tolerance = 1e-6;
  int max_iterations = 100;
  void validate() const;  // a finite tolerance >= 0, at least one iteration
};

template <typename Scalar>
class OdeScheme final : public Scheme<Scalar>, public integrators::OdeSystem<Scalar> {
 public:
  OdeScheme(Parameters<Scalar>& parameters, Index batch, integrators::StepperKind stepper,
            ImplicitSolver solver = {});

  void step(const StepDrive<Scalar>& drive, double t, double dt) override;
  ConstMatrixMap<Scalar> output() const override;
  ConstMatrixMap<Scalar> signal(Index layer, Signal signal) const override;
  void reset() override;
  SchemeKind kind() const override { return SchemeKind::ode; }
  Vector<Scalar>* state() override { return &state_; }

  void derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt, double t) override;

  // Fixed-point iterations used by the last derivative evaluation.
  int last_iterations() const { return last_iterations_; }

 private:
  // Quantities of one evaluation of the right-hand side, per layer.
  struct Workspace {
    Matrix<Scalar> input, target;
    std::vector<Matrix<Scalar>> voltage, rate, slope, instant_error, error, previous_error;
  };

  void interpolate_drive(Workspace& w, double t) const;
  void sweep_up(Workspace& w, const Vector<Scalar>& x, Vector<Scalar>& dxdt, bool coupled);
  void sweep_down(Workspace& w, const Vector<Scalar>& x, Vector<Scalar>& dxdt);
  Workspace make_workspace() const;

  integrators::Stepper<Scalar> stepper_;
  ImplicitSolver solver_;
  core::Layout layout_;
  std::vector<Index> u_block_, v_block_;
  Vector<Scalar> state_, state_begin_, derivative_begin_;
  Workspace observed_;  // the evaluation at the start of the step
  Workspace stages_;    // later stages of a multi-stage step
  Workspace* active_ = &observed_;
  Matrix<Scalar> target_error_, softmax_;
  const StepDrive<Scalar>* drive_ = nullptr;
  double step_begin_ = 0, step_size_ = 1;
  int last_iterations_ = 0;
};

extern template class OdeScheme<float>;
extern template class OdeScheme<double>;

}  // namespace prospect::gle
