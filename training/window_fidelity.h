#pragma once
// Gradient fidelity (core/gradient_fidelity.h) of a learner that follows its
// gradient every step (GLE, instantaneous backprop) against one that learns
// from whole windows (the adjoint method, truncated BPTT), run side by side on
// the same input: the per-step gradients summed over each window with a
// weight, against the window's gradient ∂C/∂θ with C = dt Σ_k loss_k
// (models/gle/adjoint.h). For a GLE learner the weight is dt/β: its output
// error carries the nudging strength, e_L = β (target − r_L), so dt/β Σ_k g_k
// estimates ∂C/∂θ and norm ratios compare like with like. Written under
// /metrics/fidelity/<comparison>/ with the time at each window's end as axis.
//
// Each gradient is taken at its own learner's parameters. Learners that start
// alike see in their first windows how well the online gradient approximates
// the exact one; later windows also reflect how far the two have drifted apart.

#include <string>

#include "core/fidelity_log.h"
#include "core/gradient_sum.h"

namespace prospect::training {

class WindowFidelity {
 public:
  // The parameter lists name the tensors compared (matched by name).
  WindowFidelity(const std::string& comparison, const std::string& streamed, const core::ParameterList<float>& streamed_parameters,
                 const std::string& windowed, core::ParameterList<float> windowed_parameters,
                 double step_weight);

  // After a step of the streamed learner: its gradient buffers hold that step's gradient.
  void add_step();
  // After the windowed learner's backward() over `window_steps` steps ending
  // at time t: compares, if the streamed learner added every step of the
  // window, and starts the next window.
  void end_window(double t, long window_steps);
  std::size_t windows() const { return log_.size(); }
  void write(core::H5Writer& file) const { log_.write(file); }

 private:
  core::GradientSum<float> streamed_;
  core::ParameterList<float> windowed_;
  double step_weight_;
  core::FidelityLog log_;
};

}  // namespace prospect::training
