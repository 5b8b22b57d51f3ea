#include "models/ep/pathway.h"

#include <cmath>
#include <numeric>
#include <vector>

namespace prospect::ep {

template <typename Scalar>
std::string Pathway<Scalar>::name() const {
  const std::string layer = "layer" + std::to_string(target);
  if (kind == PathwayKind::apical) return layer + "/apical";
  return plain() ? layer : layer + "/basal";
}

template <typename Scalar>
void potentials(const Pathway<Scalar>& p, ConstRef<Scalar> input,
                Matrix<Scalar>& z) {
  z.noalias() = p.weight * input;
  if (p.bias.size() > 0) z.colwise() += p.bias;
}

// The element loops below run over contiguous columns; the compiler
// vectorises them (Eigen 3.4's select() is not).
template <typename Scalar>
void add_somatic(const Pathway<Scalar>& p, const Matrix<Scalar>& z,
                 Ref<Scalar> out) {
  add_gated_sum(p, z, z, out);  // f(z) = f'(z)·z for ReLU and the identity
}

template <typename Scalar>
void gate(const Pathway<Scalar>& p, const Matrix<Scalar>& z,
          ConstRef<Scalar> w, Matrix<Scalar>& gated) {
  if (p.plain()) {
    gated = w;
    return;
  }
  const Index n = p.target_width();
  const Scalar scale = p.scale;
  gated.resize(z.rows(), z.cols());
  for (Index b = 0; b < z.cols(); ++b) {
    const Scalar* wb = w.col(b).data();
    for (Index k = 0; k < p.branches; ++k) {
      const Scalar* zk = z.col(b).data() + k * n;
      Scalar* g = gated.col(b).data() + k * n;
      if (p.relu) {
        for (Index j = 0; j < n; ++j) g[j] = zk[j] > Scalar(0) ? scale * wb[j] : Scalar(0);
      } else {
        for (Index j = 0; j < n; ++j) g[j] = scale * wb[j];
      }
    }
  }
}

template <typename Scalar>
void add_gated_sum(const Pathway<Scalar>& p, const Matrix<Scalar>& z, const Matrix<Scalar>& v,
                   Ref<Scalar> out) {
  if (p.plain()) {
    out += v;
    return;
  }
  const Index n = p.target_width();
  const Scalar scale = p.scale;
  for (Index b = 0; b < z.cols(); ++b) {
    Scalar* o = out.col(b).data();
    for (Index k = 0; k < p.branches; ++k) {
      const Scalar* zk = z.col(b).data() + k * n;
      const Scalar* vk = v.col(b).data() + k * n;
      if (p.relu) {
        // A closed gate is z <= 0: NaN passes, as through PyTorch's ReLU, so
        // that non-finite states are caught.
        for (Index j = 0; j < n; ++j) {
          o[j] += zk[j] < Scalar(0) || zk[j] == Scalar(0) ? Scalar(0) : scale * vk[j];
        }
      } else {
        for (Index j = 0; j < n; ++j) o[j] += scale * vk[j];
      }
    }
  }
}

template <typename Scalar>
void mask_gradient(Pathway<Scalar>& p) {
  if (p.mask.size() > 0) p.weight_gradient.array() *= p.mask.array();
}

template <typename Scalar>
Matrix<Scalar> draw_mask(Index rows, Index fan_in, Index kept, core::Rng& rng) {
  Matrix<Scalar> mask = Matrix<Scalar>::Zero(rows, fan_in);
  std::vector<Index> order(static_cast<std::size_t>(fan_in));
  for (Index r = 0; r < rows; ++r) {
    std::iota(order.begin(), order.end(), Index(0));
    // Partial Fisher-Yates: the first `kept` entries are a uniform draw.
    for (Index i = 0; i < kept; ++i) {
      const auto pick = i + static_cast<Index>(rng.below(static_cast<std::uint64_t>(fan_in - i)));
      std::swap(order[static_cast<std::size_t>(i)], order[static_cast<std::size_t>(pick)]);
      mask(r, order[static_cast<std::size_t>(i)]) = Scalar(1);
    }
  }
  return mask;
}

template <typename Scalar>
void initialise(Pathway<Scalar>& p, core::Rng& rng) {
  const double fan_in = static_cast<double>(p.weight.cols());
  const double weight_bound = 1 / std::sqrt(fan_in);
  rng.fill_uniform(p.weight, -weight_bound, weight_bound);
  if (p.bias.size() > 0) {
    const double kept = p.mask.size() > 0 ? static_cast<double>(p.mask.row(0).sum()) : fan_in;
    const double bias_bound = 1 / std::sqrt(kept);
    rng.fill_uniform(p.bias, -bias_bound, bias_bound);
  }
  if (p.mask.size() > 0) p.weight.array() *= p.mask.array();
}

#define PROSPECT_EP_PATHWAY(S)                                                                 \
  template struct Pathway<S>;                                                                  \
  template void potentials(const Pathway<S>&, ConstRef<S>, Matrix<S>&); \
  template void add_somatic(const Pathway<S>&, const Matrix<S>&, Ref<S>);       \
  template void gate(const Pathway<S>&, const Matrix<S>&, ConstRef<S>,  \
                     Matrix<S>&);                                                              \
  template void add_gated_sum(const Pathway<S>&, const Matrix<S>&, const Matrix<S>&,           \
                              Ref<S>);                                          \
  template void mask_gradient(Pathway<S>&);                                                    \
  template Matrix<S> draw_mask<S>(Index, Index, Index, core::Rng&);                            \
  template void initialise(Pathway<S>&, core::Rng&);
PROSPECT_EP_PATHWAY(float)
PROSPECT_EP_PATHWAY(double)
#undef PROSPECT_EP_PATHWAY

}  // namespace prospect::ep
