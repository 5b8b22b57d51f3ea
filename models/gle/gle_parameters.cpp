#include "models/gle/gle_parameters.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"

namespace prospect::gle {

template <typename Scalar>
Parameters<Scalar>::Parameters(const NetworkSpec& spec) : spec_(spec) {
  Index fan_in = spec.input_size;
  for (const auto& layer : spec.layers) {
    LayerParameters<Scalar> p;
    p.weights = Matrix<Scalar>::Zero(layer.size, fan_in);
    p.bias = Vector<Scalar>::Zero(layer.size);
    p.tau_m = Eigen::Map<const VectorD>(layer.tau_m.data(), layer.size).cast<Scalar>();
    p.tau_r = Eigen::Map<const VectorD>(layer.tau_r.data(), layer.size).cast<Scalar>();
    p.grad_weights = Matrix<Scalar>::Zero(layer.size, fan_in);
    p.grad_bias = Vector<Scalar>::Zero(layer.size);
    p.grad_tau_m = Vector<Scalar>::Zero(layer.size);
    p.grad_tau_r = Vector<Scalar>::Zero(layer.size);
    layers_.push_back(std::move(p));
    fan_in = layer.size;
  }
}

template <typename Scalar>
void Parameters<Scalar>::initialise_uniform(core::Rng& rng) {
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    auto& p = layers_[l];
    const double bound = 1.0 / std::sqrt(static_cast<double>(p.weights.cols()));
    rng.fill_uniform(p.weights, -bound, bound);
    if (spec_.layers[l].bias) rng.fill_uniform(p.bias, -bound, bound);
  }
}

template <typename Scalar>
core::ParameterList<Scalar> Parameters<Scalar>::trainable(const LearnedParameters& learned) {
  for (const Index layer : learned.layers) {
    if (layer < 1 || layer > spec_.depth()) {
      fail("learned layer ", layer, ": expected 1 to ", spec_.depth(), " (the network's layers)");
    }
  }
  core::ParameterList<Scalar> list;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Index layer_number = static_cast<Index>(l) + 1;
    if (!learned.layers.empty() &&
        std::find(learned.layers.begin(), learned.layers.end(), layer_number) ==
            learned.layers.end()) {
      continue;
    }
    auto& p = layers_[l];
    const std::string prefix = "layer" + std::to_string(layer_number) + "/";
    if (learned.weights) list.push_back(core::parameter_ref(prefix + "W", p.weights, p.grad_weights, core::units::one));
    if (learned.biases && spec_.layers[l].bias) {
      list.push_back(core::parameter_ref(prefix + "b", p.bias, p.grad_bias, core::units::one));
    }
    if (learned.tau_m) list.push_back(core::parameter_ref(prefix + "tau_m", p.tau_m, p.grad_tau_m, core::units::time));
    if (learned.tau_r) list.push_back(core::parameter_ref(prefix + "tau_r", p.tau_r, p.grad_tau_r, core::units::time));
  }
  return list;
}

template <typename Scalar>
core::ParameterList<Scalar> Parameters<Scalar>::all() {
  return trainable({.weights = true, .biases = true, .tau_m = true, .tau_r = true, .layers = {}});
}

template <typename Scalar>
void Parameters<Scalar>::clamp_time_constants(double minimum) {
  const auto floor = static_cast<Scalar>(minimum);
  if (!std::isfinite(floor)) {
    fail("time constant minimum ", minimum, ": expected a finite number (in ",
         sizeof(Scalar) == 4 ? "float32" : "float64", ")");
  }
  for (auto& p : layers_) {
    p.tau_m = p.tau_m.cwiseMax(floor);
    p.tau_r = p.tau_r.cwiseMax(floor);
  }
}

template class Parameters<float>;
template class Parameters<double>;

}  // namespace prospect::gle
