#pragma once
// The learned parameters of a network of dendritic trees and their gradient
// buffers (models/shunting/README.md, Parameters). Every positive quantity is softplus of a raw
// parameter; the gate slope is exp(log_m).
//
// | tensor (per level)  | shape          | meaning                                        |
// |---------------------|----------------|------------------------------------------------|
// | preE, preI          | inputs × n     | raw synapses: g = softplus(raw) on the top K    |
// | logw                | children × n   | raw couplings child → parent: g_den = softplus |
// | log_m, b            | n              | gate a = ½(tanh(m (V − b)) + 1), m = exp(log_m) |
// | decoder W, b        | classes × N, classes | logits = W h + b                         |
//
// Compartment n's synapses are column n (the paper's row n of an n × inputs
// matrix), contiguous in memory. Somata have no synapses, leaves no couplings.

#include <array>
#include <string>
#include <vector>

#include "core/parameter.h"
#include "models/shunting/network_spec.h"

namespace prospect::shunting {

template <typename Scalar>
struct LevelParameters {
  Matrix<Scalar> pre_exc, pre_inh;  // inputs × n (empty at the soma)
  Matrix<Scalar> log_w;             // children × n (empty at the leaves)
  Vector<Scalar> log_m, bias;       // n
  Matrix<Scalar> grad_pre_exc, grad_pre_inh, grad_log_w;
  Vector<Scalar> grad_log_m, grad_bias;
};

template <typename Scalar>
struct DecoderParameters {
  Matrix<Scalar> weights;  // classes × somata of the last layer
  Vector<Scalar> bias;     // classes
  Matrix<Scalar> grad_weights;
  Vector<Scalar> grad_bias;
};

// Which learning rate a tensor takes (the four Adam parameter groups of
// the authors' topk_lr, blocklinear_lr, reactivation_lr, decoder_lr).
enum class ParameterGroup { synapses, couplings, gates, decoder };
// Their names, in that order (NetworkSettings::rate_scales is indexed by group).
inline constexpr std::array<const char*, 4> kParameterGroups{"synapses", "couplings", "gates",
                                                            "decoder"};

template <typename Scalar>
class Parameters {
 public:
  // Zero parameters (and gradients) of the shape of a validated spec.
  explicit Parameters(const NetworkSpec& spec);

  const NetworkSpec& spec() const { return spec_; }
  Index depth() const { return spec_.depth(); }
  Index levels(Index layer) const { return static_cast<Index>(layers_[idx(layer)].size()); }
  LevelParameters<Scalar>& level(Index layer, Index level) {
    return layers_[idx(layer)][idx(level)];
  }
  const LevelParameters<Scalar>& level(Index layer, Index level) const {
    return layers_[idx(layer)][idx(level)];
  }
  DecoderParameters<Scalar>& decoder() { return decoder_; }
  const DecoderParameters<Scalar>& decoder() const { return decoder_; }

  // Every tensor with its gradient, named "layer<l>/level<i>/{preE, preI,
  // logw, log_m, b}" (layers from 1, levels from the leaves at 0) and
  // "decoder/{W, b}"; `groups` (if given) receives each one's group.
  core::ParameterList<Scalar> all(std::vector<ParameterGroup>* groups = nullptr);

  void zero_gradients();

  template <typename Other>
  Parameters<Other> cast() const;

 private:
  template <typename Other>
  friend class Parameters;
  static std::size_t idx(Index i) { return static_cast<std::size_t>(i); }

  NetworkSpec spec_;
  std::vector<std::vector<LevelParameters<Scalar>>> layers_;
  DecoderParameters<Scalar> decoder_;
};

template <typename Scalar>
template <typename Other>
Parameters<Other> Parameters<Scalar>::cast() const {
  Parameters<Other> other(spec_);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    for (std::size_t i = 0; i < layers_[l].size(); ++i) {
      const auto& from = layers_[l][i];
      auto& to = other.layers_[l][i];
      to.pre_exc = from.pre_exc.template cast<Other>();
      to.pre_inh = from.pre_inh.template cast<Other>();
      to.log_w = from.log_w.template cast<Other>();
      to.log_m = from.log_m.template cast<Other>();
      to.bias = from.bias.template cast<Other>();
    }
  }
  other.decoder_.weights = decoder_.weights.template cast<Other>();
  other.decoder_.bias = decoder_.bias.template cast<Other>();
  return other;
}

}  // namespace prospect::shunting
