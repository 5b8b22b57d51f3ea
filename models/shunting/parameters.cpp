#include "models/shunting/parameters.h"

namespace prospect::shunting {

template <typename Scalar>
Parameters<Scalar>::Parameters(const NetworkSpec& spec) : spec_(spec) {
  spec_.validate();
  for (Index l = 0; l < spec_.depth(); ++l) {
    const Index inputs = spec_.layer_inputs(l);
    auto& layer = layers_.emplace_back();
    for (const LevelShape& shape : spec_.levels(l)) {
      auto& p = layer.emplace_back();
      const Index n = shape.compartments;
      if (shape.synapses) {
        p.pre_exc = p.grad_pre_exc = Matrix<Scalar>::Zero(inputs, n);
        p.pre_inh = p.grad_pre_inh = Matrix<Scalar>::Zero(inputs, n);
      }
      p.log_w = p.grad_log_w = Matrix<Scalar>::Zero(shape.children, n);
      p.log_m = p.grad_log_m = Vector<Scalar>::Zero(n);
      p.bias = p.grad_bias = Vector<Scalar>::Zero(n);
    }
  }
  decoder_.weights = decoder_.grad_weights =
      Matrix<Scalar>::Zero(spec_.classes, spec_.output_somata());
  decoder_.bias = decoder_.grad_bias = Vector<Scalar>::Zero(spec_.classes);
}

template <typename Scalar>
core::ParameterList<Scalar> Parameters<Scalar>::all(std::vector<ParameterGroup>* groups) {
  core::ParameterList<Scalar> list;
  const auto add = [&](core::ParameterRef<Scalar> ref, ParameterGroup group) {
    if (ref.size == 0) return;
    list.push_back(std::move(ref));
    if (groups) groups->push_back(group);
  };
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    for (std::size_t i = 0; i < layers_[l].size(); ++i) {
      auto& p = layers_[l][i];
      const std::string prefix =
          "layer" + std::to_string(l + 1) + "/level" + std::to_string(i) + "/";
      add(core::parameter_ref(prefix + "preE", p.pre_exc, p.grad_pre_exc, core::units::one),
          ParameterGroup::synapses);
      add(core::parameter_ref(prefix + "preI", p.pre_inh, p.grad_pre_inh, core::units::one),
          ParameterGroup::synapses);
      add(core::parameter_ref(prefix + "logw", p.log_w, p.grad_log_w, core::units::one), ParameterGroup::couplings);
      add(core::parameter_ref(prefix + "log_m", p.log_m, p.grad_log_m, core::units::one), ParameterGroup::gates);
      add(core::parameter_ref(prefix + "b", p.bias, p.grad_bias, core::units::e_exc), ParameterGroup::gates);
    }
  }
  add(core::parameter_ref("decoder/W", decoder_.weights, decoder_.grad_weights, core::units::one),
      ParameterGroup::decoder);
  add(core::parameter_ref("decoder/b", decoder_.bias, decoder_.grad_bias, core::units::one),
      ParameterGroup::decoder);
  return list;
}

template <typename Scalar>
void Parameters<Scalar>::zero_gradients() {
  for (auto& layer : layers_) {
    for (auto& p : layer) {
      p.grad_pre_exc.setZero();
      p.grad_pre_inh.setZero();
      p.grad_log_w.setZero();
      p.grad_log_m.setZero();
      p.grad_bias.setZero();
    }
  }
  decoder_.grad_weights.setZero();
  decoder_.grad_bias.setZero();
}

template class Parameters<float>;
template class Parameters<double>;

}  // namespace prospect::shunting
