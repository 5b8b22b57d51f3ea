#pragma once
// The trainable parameters of a GLE network and the gradient buffers the
// schemes fill each step (batch means of the plasticity rules of docs/gle.md §2):
//   grad W = -⟨e r_{ℓ-1}ᵀ⟩   grad b = -⟨e⟩   grad τm = ⟨e ∘ du/dt⟩   grad τr = -⟨e_inst ∘ du/dt⟩

#include <vector>

#include "core/parameter.h"
#include "core/random.h"
#include "models/gle/gle_spec.h"

namespace prospect::gle {

template <typename Scalar>
struct LayerParameters {
  Matrix<Scalar> weights;  // size × fan-in
  Vector<Scalar> bias;     // zero and never learned when the layer has no bias
  Vector<Scalar> tau_m;
  Vector<Scalar> tau_r;
  Matrix<Scalar> grad_weights;
  Vector<Scalar> grad_bias;
  Vector<Scalar> grad_tau_m;
  Vector<Scalar> grad_tau_r;
};

// Which parameter families learn, and in which layers (1-based; empty: all).
struct LearnedParameters {
  bool weights = true;
  bool biases = true;
  bool tau_m = false;
  bool tau_r = false;
  std::vector<Index> layers;
};

template <typename Scalar>
class Parameters {
 public:
  // Zero weights and biases, time constants from the spec.
  explicit Parameters(const NetworkSpec& spec);

  // Weights and biases ~ U(-1/√fan_in, 1/√fan_in), as PyTorch's nn.Linear.
  void initialise_uniform(core::Rng& rng);

  Index depth() const { return static_cast<Index>(layers_.size()); }
  LayerParameters<Scalar>& layer(Index l) { return layers_[static_cast<std::size_t>(l)]; }
  const LayerParameters<Scalar>& layer(Index l) const {
    return layers_[static_cast<std::size_t>(l)];
  }
  const NetworkSpec& spec() const { return spec_; }

  // Views for an optimizer, named "layer<ℓ>/W", "layer<ℓ>/b", "layer<ℓ>/tau_m", "layer<ℓ>/tau_r".
  core::ParameterList<Scalar> trainable(const LearnedParameters& learned);
  // Every parameter, learned or not (for snapshots and checkpoints).
  core::ParameterList<Scalar> all();

  // τ ← max(τ, minimum) for τm and τr.
  void clamp_time_constants(double minimum);

  // The same parameters in another scalar type (double for gradient checks).
  template <typename Other>
  Parameters<Other> cast() const;

 private:
  template <typename Other>
  friend class Parameters;

  NetworkSpec spec_;
  std::vector<LayerParameters<Scalar>> layers_;
};

template <typename Scalar>
template <typename Other>
Parameters<Other> Parameters<Scalar>::cast() const {
  Parameters<Other> other(spec_);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    other.layers_[l].weights = layers_[l].weights.template cast<Other>();
    other.layers_[l].bias = layers_[l].bias.template cast<Other>();
    other.layers_[l].tau_m = layers_[l].tau_m.template cast<Other>();
    other.layers_[l].tau_r = layers_[l].tau_r.template cast<Other>();
  }
  return other;
}

extern template class Parameters<float>;
extern template class Parameters<double>;

}  // namespace prospect::gle
