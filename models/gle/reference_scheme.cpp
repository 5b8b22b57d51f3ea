#include "models/gle/reference_scheme.h"

#include <algorithm>

#include "core/activation.h"
#include "core/loss.h"
#include "core/parallel.h"
#include "models/gle/plasticity.h"

namespace prospect::gle {

template <typename Scalar>
ReferenceScheme<Scalar>::ReferenceScheme(Parameters<Scalar>& parameters, Index batch)
    : Scheme<Scalar>(parameters, batch) {
  const auto& spec = this->spec();
  Index fan_in = spec.input_size;
  for (Index l = 0; l < spec.depth(); ++l) {
    const Index n = spec.layers[static_cast<std::size_t>(l)].size;
    const std::string name = "layer" + std::to_string(l + 1) + "/";
    LayerBlocks b{};
    b.u = layout_.add(name + "u", n, batch);
    b.v = layout_.add(name + "v", n, batch);
    b.r = layout_.add(name + "r", n, batch);
    b.slope = layout_.add(name + "slope", n, batch);
    b.error_down = l == 0 ? -1 : layout_.add(name + "error_down", fan_in, batch);
    blocks_.push_back(b);
    Scratch s;
    for (auto* m : {&s.instant_error, &s.synaptic_input, &s.v_dot, &s.error, &s.u_dot,
                    &s.voltage}) {
      m->setZero(n, batch);
    }
    s.tau.resize(n, batch);
    scratch_.push_back(std::move(s));
    layer_order_.push_back(l);
    fan_in = n;
  }
  // Largest layers first, so that the dynamic schedule balances the threads.
  std::stable_sort(layer_order_.begin(), layer_order_.end(), [&](Index a, Index b) {
    const auto cost = [&](Index l) { return parameters.layer(l).weights.size(); };
    return cost(a) > cost(b);
  });
  target_error_.setZero(spec.output_size(), batch);
  softmax_.setZero(spec.output_size(), batch);
  reset();
}

template <typename Scalar>
void ReferenceScheme<Scalar>::reset() {
  state_.setZero(layout_.size());
  previous_.setZero(layout_.size());
  for (auto& s : scratch_) s.error.setZero();
}

template <typename Scalar>
void ReferenceScheme<Scalar>::step(const StepDrive<Scalar>& drive, double /*t*/, double dt) {
  // Without error neurons and without a target (a teacher), every error is
  // exactly zero: skip computing them.
  const bool errors_vanish = !this->spec().prospective_errors && !drive.target_begin;
  // Every layer reads only old values and writes only its own: the layers
  // are independent within a step, and run in parallel, largest first. Each
  // is computed the same way on any thread, so results do not depend on the
  // thread count.
  core::parallel_for(static_cast<long>(layer_order_.size()), [&](long i) {
    step_layer(layer_order_[static_cast<std::size_t>(i)], drive, dt, errors_vanish);
  });
  state_.swap(previous_);
}

template <typename Scalar>
void ReferenceScheme<Scalar>::step_layer(Index l, const StepDrive<Scalar>& drive, double dt,
                                         bool errors_vanish) {
  const auto& spec = this->spec();
  const auto step = static_cast<Scalar>(dt);
  const auto gamma = static_cast<Scalar>(spec.gamma);
  // New values go into previous_, which then becomes the state.
  const Vector<Scalar>& old = state_;
  Vector<Scalar>& updated = previous_;
  const auto& b = blocks_[static_cast<std::size_t>(l)];
  auto& s = scratch_[static_cast<std::size_t>(l)];
  auto& p = this->parameters_.layer(l);
  const auto bottom = l == 0 ? *drive.input_begin
                             : layout_.view(old, blocks_[static_cast<std::size_t>(l - 1)].r);
  const auto slope = layout_.view(old, b.slope);
  const auto u = layout_.view(old, b.u);
  const auto v = layout_.view(old, b.v);

  s.synaptic_input.noalias() = p.weights * bottom;
  s.synaptic_input.colwise() += p.bias;
  s.tau.fill(p.tau_m, p.tau_r);

  auto v_new = layout_.view(updated, b.v);
  if (errors_vanish) {
    s.instant_error.setZero();
    s.error.setZero();
    v_new.setZero();
  } else {
    if (l + 1 < spec.depth()) {
      s.instant_error.array() =
          layout_.view(old, blocks_[static_cast<std::size_t>(l + 1)].error_down).array() *
          slope.array();
    } else if (drive.target_begin) {
      core::target_error(spec.loss, layout_.view(old, b.r), *drive.target_begin,
                         static_cast<Scalar>(spec.beta), target_error_, softmax_);
      s.instant_error.array() = target_error_.array() * slope.array();
    } else {
      s.instant_error.setZero();
    }
    if (spec.prospective_errors) {
      s.v_dot.array() = (s.instant_error - v).array() / s.tau.tau_r.array();
      v_new = v + step * s.v_dot;
      s.error.array() = v.array() + s.v_dot.array() * s.tau.tau_m.array();
    } else {
      v_new = s.instant_error;
      s.error = s.instant_error;
    }
  }

  s.u_dot.array() = (s.synaptic_input + gamma * s.error - u).array() / s.tau.tau_m.array();
  layout_.view(updated, b.u) = u + step * s.u_dot;
  s.voltage.array() = u.array() + s.u_dot.array() * s.tau.tau_r.array();

  if (this->gradients_) {
    write_gradients(p, s.error, bottom, s.u_dot, s.instant_error,
                    this->time_constant_gradients_);
  }
  if (b.error_down >= 0) {
    auto error_down = layout_.view(updated, b.error_down);
    if (errors_vanish) {
      error_down.setZero();
    } else {
      error_down.noalias() = p.weights.transpose() * s.error;
    }
  }
  core::activate(spec.layers[static_cast<std::size_t>(l)].activation, s.voltage,
                 layout_.view(updated, b.r), layout_.view(updated, b.slope));
}

template <typename Scalar>
void ReferenceScheme<Scalar>::add_to_rates(Index layer,
                                           const Eigen::Ref<const Matrix<Scalar>>& noise) {
  layout_.view(state_, blocks_[static_cast<std::size_t>(layer)].r) += noise;
}

template <typename Scalar>
ConstMatrixMap<Scalar> ReferenceScheme<Scalar>::output() const {
  return layout_.view(previous_, blocks_.back().r);
}

template <typename Scalar>
ConstMatrixMap<Scalar> ReferenceScheme<Scalar>::signal(Index layer, Signal signal) const {
  const auto& b = blocks_[static_cast<std::size_t>(layer)];
  switch (signal) {
    case Signal::u: return layout_.view(state_, b.u);
    case Signal::v: return layout_.view(state_, b.v);
    case Signal::r: return layout_.view(state_, b.r);
    case Signal::e: break;
  }
  const auto& e = scratch_[static_cast<std::size_t>(layer)].error;
  return ConstMatrixMap<Scalar>(e.data(), e.rows(), e.cols());
}

template class ReferenceScheme<float>;
template class ReferenceScheme<double>;

}  // namespace prospect::gle
