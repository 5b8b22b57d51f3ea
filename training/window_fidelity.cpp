#include "training/window_fidelity.h"

namespace prospect::training {

WindowFidelity::WindowFidelity(const std::string& comparison, const std::string& streamed,
                               const core::ParameterList<float>& streamed_parameters,
                               const std::string& windowed,
                               core::ParameterList<float> windowed_parameters, double step_weight)
    : streamed_(streamed_parameters),
      windowed_(std::move(windowed_parameters)),
      step_weight_(step_weight),
      log_(comparison, streamed, windowed, "time", core::units::time) {}

void WindowFidelity::add_step() { streamed_.add(step_weight_); }

void WindowFidelity::end_window(double t, long window_steps) {
  if (streamed_.terms() == window_steps) {
    log_.add(t, core::gradient_fidelity(windowed_, streamed_.sums(), log_.group()));
  }
  streamed_.clear();
}

}  // namespace prospect::training
