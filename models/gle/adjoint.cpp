#include "models/gle/adjoint.h"

#include "core/activation.h"
#include "core/error.h"
#include "core/loss.h"

namespace prospect::gle {

template <typename Scalar>
AdjointMethod<Scalar>::AdjointMethod(Parameters<Scalar>& parameters, Index batch,
                                     AdjointForward forward, double dt)
    : parameters_(parameters), batch_(batch), forward_(forward), dt_(dt) {
  if (!(dt > 0)) fail("adjoint method: dt = ", dt, " must be > 0");
  reset();
}

template <typename Scalar>
void AdjointMethod<Scalar>::reset() {
  const auto& spec = parameters_.spec();
  u_.clear();
  r_.clear();
  for (const auto& layer : spec.layers) {
    u_.push_back(Matrix<Scalar>::Zero(layer.size, batch_));
    r_.push_back(Matrix<Scalar>::Zero(layer.size, batch_));
  }
  u_bar_ = r_;
  rate_bar_ = r_;
  steps_ = 0;
  finished_ = 0;
}

template <typename Scalar>
void AdjointMethod<Scalar>::step(const Matrix<Scalar>& input, const Matrix<Scalar>& target) {
  const auto& spec = parameters_.spec();
  const Index depth = spec.depth();
  if (steps_ == static_cast<Index>(window_.size())) {
    window_.emplace_back();
    window_.back().layers.resize(static_cast<std::size_t>(depth));
  }
  Step& stored = window_[static_cast<std::size_t>(steps_)];
  // Staggered: top-down, so every layer still reads the old rate below it.
  // Sequential: bottom-up, every layer reads the rate of this step.
  const bool staggered = forward_ == AdjointForward::staggered;
  for (Index n = 0; n < depth; ++n) {
    const Index l = staggered ? depth - 1 - n : n;
    const auto i = static_cast<std::size_t>(l);
    const auto& p = parameters_.layer(l);
    Stored& s = stored.layers[i];
    s.bottom = l == 0 ? input : r_[i - 1];
    s.u_dot.noalias() = p.weights * s.bottom;
    s.u_dot.colwise() += p.bias;
    s.u_dot.array() = (s.u_dot - u_[i]).array().colwise() / p.tau_m.array();
    voltage_ = (u_[i].array() + s.u_dot.array().colwise() * p.tau_r.array()).matrix();
    u_[i] += static_cast<Scalar>(dt_) * s.u_dot;
    s.slope.resize(voltage_.rows(), voltage_.cols());
    core::activate(spec.layers[i].activation, voltage_, r_[i], s.slope);
  }
  stored.output = r_.back();
  stored.target = target;
  ++steps_;
}

template <typename Scalar>
ConstMatrixMap<Scalar> AdjointMethod<Scalar>::output() const {
  const auto& r = r_.back();
  return ConstMatrixMap<Scalar>(r.data(), r.rows(), r.cols());
}

template <typename Scalar>
double AdjointMethod<Scalar>::backward() {
  const auto& spec = parameters_.spec();
  const Index depth = spec.depth();
  const auto dt = static_cast<Scalar>(dt_);
  const auto batch = static_cast<Scalar>(batch_);
  const Scalar output_scale = -dt / batch;  // ∂C/∂r_L = output_scale · target error
  const Scalar adjoint_scale = -batch / dt;  // per sample, like an error
  for (Index l = 0; l < depth; ++l) {
    auto& p = parameters_.layer(l);
    p.grad_weights.setZero();
    p.grad_bias.setZero();
    p.grad_tau_m.setZero();
    p.grad_tau_r.setZero();
    u_bar_[static_cast<std::size_t>(l)].setZero();
    rate_bar_[static_cast<std::size_t>(l)].setZero();
  }
  double cost = 0;
  // Reverse order of the forward dependencies within a step: staggered
  // bottom-up (a layer's rate at step k feeds the layer above at step k+1,
  // whose contribution the previous iteration left in rate_bar_), sequential
  // top-down (it feeds the layer above at the same step).
  const bool staggered = forward_ == AdjointForward::staggered;
  for (Index k = steps_ - 1; k >= 0; --k) {
    Step& stored = window_[static_cast<std::size_t>(k)];
    cost += dt_ * core::loss_value<Scalar>(spec.loss, stored.output, stored.target);
    core::target_error(spec.loss, stored.output, stored.target, Scalar(1), target_error_, softmax_);
    for (Index n = 0; n < depth; ++n) {
      const Index l = staggered ? n : depth - 1 - n;
      const auto i = static_cast<std::size_t>(l);
      auto& p = parameters_.layer(l);
      Stored& s = stored.layers[i];
      if (l == depth - 1) rate_bar_[i] = output_scale * target_error_;
      // Through r = φ(p), p = u + τr u̇, u_next = u + dt u̇, τm u̇ = a - u.
      p_bar_ = (rate_bar_[i].array() * s.slope.array()).matrix();
      a_bar_ = ((dt * u_bar_[i].array() + p_bar_.array().colwise() * p.tau_r.array())
                    .colwise() / p.tau_m.array()).matrix();
      u_bar_[i] += p_bar_ - a_bar_;
      p.grad_weights.noalias() += a_bar_ * s.bottom.transpose();
      if (spec.layers[i].bias) p.grad_bias += a_bar_.rowwise().sum();
      p.grad_tau_m -= (a_bar_.array() * s.u_dot.array()).matrix().rowwise().sum();
      p.grad_tau_r += (p_bar_.array() * s.u_dot.array()).matrix().rowwise().sum();
      s.adjoint = adjoint_scale * a_bar_;
      if (l > 0) rate_bar_[i - 1].noalias() = p.weights.transpose() * a_bar_;
    }
  }
  finished_ = steps_;
  steps_ = 0;
  return cost;
}

template <typename Scalar>
const Matrix<Scalar>& AdjointMethod<Scalar>::adjoint(Index layer, Index step) const {
  if (step < 0 || step >= finished_ || layer < 0 || layer >= parameters_.depth()) {
    fail("adjoint method: no adjoint for layer ", layer, " at step ", step, " (window of ",
         finished_, " steps, ", parameters_.depth(), " layers)");
  }
  return window_[static_cast<std::size_t>(step)].layers[static_cast<std::size_t>(layer)].adjoint;
}

template <typename Scalar>
std::vector<core::Probe<Scalar>> AdjointMethod<Scalar>::probes() const {
  std::vector<core::Probe<Scalar>> probes;
  for (Index l = 0; l < parameters_.depth(); ++l) {
    probes.push_back({"layer" + std::to_string(l + 1) + "/lambda", core::units::one, [this, l] {
                        const auto& lambda = adjoint(l, replay_step_);
                        return ConstMatrixMap<Scalar>(lambda.data(), lambda.rows(), lambda.cols());
                      }});
  }
  return probes;
}

template class AdjointMethod<float>;
template class AdjointMethod<double>;

}  // namespace prospect::gle
