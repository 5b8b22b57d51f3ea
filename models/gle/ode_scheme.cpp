#include "models/gle/ode_scheme.h"

#include <cmath>

#include "core/activation.h"
#include "core/error.h"
#include "core/loss.h"
#include "models/gle/plasticity.h"

namespace prospect::gle {

void ImplicitSolver::validate() const {
  if (!(tolerance >= 0 && std::isfinite(tolerance))) {
    fail("implicit loop tolerance ", tolerance, ": expected a finite number >= 0");
  }
  if (max_iterations < 1) fail("implicit loop max_iterations ", max_iterations, ": expected >= 1");
}

template <typename Scalar>
OdeScheme<Scalar>::OdeScheme(Parameters<Scalar>& parameters, Index batch,
                             integrators::StepperKind stepper, ImplicitSolver solver)
    : Scheme<Scalar>(parameters, batch), stepper_(stepper), solver_(solver) {
  solver_.validate();
  const auto& spec = this->spec();
  for (Index l = 0; l < spec.depth(); ++l) {
    const Index n = spec.layers[static_cast<std::size_t>(l)].size;
    const std::string name = "layer" + std::to_string(l + 1) + "/";
    u_block_.push_back(layout_.add(name + "u", n, batch));
    v_block_.push_back(layout_.add(name + "v", n, batch));
  }
  observed_ = make_workspace();
  stages_ = make_workspace();
  target_error_.setZero(spec.output_size(), batch);
  softmax_.setZero(spec.output_size(), batch);
  derivative_begin_.setZero(layout_.size());
  reset();
}

template <typename Scalar>
typename OdeScheme<Scalar>::Workspace OdeScheme<Scalar>::make_workspace() const {
  const auto& spec = this->spec();
  Workspace w;
  w.input.setZero(spec.input_size, this->batch_);
  w.target.setZero(spec.output_size(), this->batch_);
  for (const auto& layer : spec.layers) {
    for (auto* list : {&w.voltage, &w.rate, &w.slope, &w.instant_error, &w.error,
                       &w.previous_error}) {
      list->push_back(Matrix<Scalar>::Zero(layer.size, this->batch_));
    }
  }
  return w;
}

template <typename Scalar>
void OdeScheme<Scalar>::reset() {
  state_.setZero(layout_.size());
  state_begin_.setZero(layout_.size());
  for (auto* w : {&observed_, &stages_}) {
    for (auto& e : w->error) e.setZero();
    for (auto& r : w->rate) r.setZero();
  }
}

template <typename Scalar>
void OdeScheme<Scalar>::interpolate_drive(Workspace& w, double t) const {
  const auto fraction = static_cast<Scalar>((t - step_begin_) / step_size_);
  const auto blend = [fraction](Matrix<Scalar>& out, const DriveSignal<Scalar>& begin,
                                const DriveSignal<Scalar>& end) {
    if (!end || fraction == Scalar(0)) {
      out = *begin;
    } else {
      out = *begin + fraction * (*end - *begin);
    }
  };
  blend(w.input, drive_->input_begin, drive_->input_end);
  if (drive_->target_begin) blend(w.target, drive_->target_begin, drive_->target_end);
}

template <typename Scalar>
void OdeScheme<Scalar>::sweep_up(Workspace& w, const Vector<Scalar>& x, Vector<Scalar>& dxdt,
                                 bool coupled) {
  const auto& spec = this->spec();
  const auto gamma = static_cast<Scalar>(spec.gamma);
  for (Index l = 0; l < spec.depth(); ++l) {
    const auto i = static_cast<std::size_t>(l);
    const auto& p = this->parameters_.layer(l);
    const auto u = layout_.view(x, u_block_[i]);
    auto u_dot = layout_.view(dxdt, u_block_[i]);
    const Matrix<Scalar>& bottom = l == 0 ? w.input : w.rate[i - 1];
    u_dot.noalias() = p.weights * bottom;
    u_dot.colwise() += p.bias;
    if (coupled) u_dot += gamma * w.error[i];
    u_dot.array() = (u_dot - u).array().colwise() / p.tau_m.array();
    w.voltage[i].array() = u.array() + u_dot.array().colwise() * p.tau_r.array();
    core::activate(spec.layers[i].activation, w.voltage[i], w.rate[i], w.slope[i]);
  }
}

template <typename Scalar>
void OdeScheme<Scalar>::sweep_down(Workspace& w, const Vector<Scalar>& x, Vector<Scalar>& dxdt) {
  const auto& spec = this->spec();
  for (Index l = spec.depth() - 1; l >= 0; --l) {
    const auto i = static_cast<std::size_t>(l);
    const auto& p = this->parameters_.layer(l);
    auto& instant = w.instant_error[i];
    if (l + 1 < spec.depth()) {
      instant.noalias() = this->parameters_.layer(l + 1).weights.transpose() * w.error[i + 1];
      instant.array() *= w.slope[i].array();
    } else if (drive_->target_begin) {
      core::target_error(spec.loss, w.rate[i], w.target, static_cast<Scalar>(spec.beta),
                                 target_error_, softmax_);
      instant.array() = target_error_.array() * w.slope[i].array();
    } else {
      instant.setZero();
    }
    auto v_dot = layout_.view(dxdt, v_block_[i]);
    if (spec.prospective_errors) {
      const auto v = layout_.view(x, v_block_[i]);
      v_dot.array() = (instant - v).array().colwise() / p.tau_r.array();
      w.error[i].array() = v.array() + v_dot.array().colwise() * p.tau_m.array();
    } else {
      v_dot.setZero();
      w.error[i] = instant;
    }
  }
}

template <typename Scalar>
void OdeScheme<Scalar>::derivative(const Vector<Scalar>& x, Vector<Scalar>& dxdt, double t) {
  Workspace& w = *active_;
  interpolate_drive(w, t);
  if (this->spec().gamma == 0) {
    sweep_up(w, x, dxdt, false);
    sweep_down(w, x, dxdt);
    last_iterations_ = 1;
    return;
  }
  if (&w != &observed_) w.error = observed_.error;  // warm start
  for (int iteration = 1; iteration <= solver_.max_iterations; ++iteration) {
    sweep_up(w, x, dxdt, true);
    w.previous_error = w.error;
    sweep_down(w, x, dxdt);
    Scalar change = 0, scale = 0;
    for (std::size_t i = 0; i < w.error.size(); ++i) {
      change = std::max(change, (w.error[i] - w.previous_error[i]).cwiseAbs().maxCoeff());
      scale = std::max(scale, w.error[i].cwiseAbs().maxCoeff());
    }
    if (!(change == change)) break;  // NaN: report as non-convergence below
    if (change <= static_cast<Scalar>(solver_.tolerance) * (Scalar(1) + scale)) {
      last_iterations_ = iteration;
      return;
    }
  }
  fail("ode scheme at t = ", t, ": the implicit apical-somatic loop (gamma = ",
       this->spec().gamma, ") did not converge to tolerance ", solver_.tolerance, " within ",
       solver_.max_iterations, " iterations; reduce gamma or beta, or use scheme = reference");
}

template <typename Scalar>
void OdeScheme<Scalar>::step(const StepDrive<Scalar>& drive, double t, double dt) {
  drive_ = &drive;
  step_begin_ = t;
  step_size_ = dt;
  state_begin_ = state_;
  active_ = &observed_;
  derivative(state_, derivative_begin_, t);
  if (this->gradients_) {
    for (Index l = 0; l < this->spec().depth(); ++l) {
      const auto i = static_cast<std::size_t>(l);
      const Matrix<Scalar>& bottom = l == 0 ? observed_.input : observed_.rate[i - 1];
      write_gradients(this->parameters_.layer(l), observed_.error[i], bottom,
                      layout_.view(derivative_begin_, u_block_[i]), observed_.instant_error[i],
                      this->time_constant_gradients_);
    }
  }
  active_ = &stages_;
  stepper_.step(*this, state_, derivative_begin_, t, dt);
  active_ = &observed_;
  drive_ = nullptr;
}

template <typename Scalar>
ConstMatrixMap<Scalar> OdeScheme<Scalar>::output() const {
  const auto& r = observed_.rate.back();
  return ConstMatrixMap<Scalar>(r.data(), r.rows(), r.cols());
}

template <typename Scalar>
ConstMatrixMap<Scalar> OdeScheme<Scalar>::signal(Index layer, Signal signal) const {
  const auto i = static_cast<std::size_t>(layer);
  const auto as_map = [](const Matrix<Scalar>& m) {
    return ConstMatrixMap<Scalar>(m.data(), m.rows(), m.cols());
  };
  switch (signal) {
    case Signal::u: return layout_.view(state_begin_, u_block_[i]);
    case Signal::v: return layout_.view(state_begin_, v_block_[i]);
    case Signal::r: return as_map(observed_.rate[i]);
    case Signal::e: break;
  }
  return as_map(observed_.error[i]);
}

template class OdeScheme<float>;
template class OdeScheme<double>;

}  // namespace prospect::gle
