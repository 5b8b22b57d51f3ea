#include "models/ep/network.h"

#include <bit>
#include <cmath>
#include <type_traits>

#include "core/error.h"

namespace prospect::ep {
namespace {

// Labels of the initialisation streams (core::derive_seed).
enum SeedLabel : std::uint64_t { mask_stream = 21, weight_stream = 22 };

}  // namespace

template <typename Scalar>
Network<Scalar>::Network(const Architecture& architecture) : architecture_(architecture) {
  architecture_.validate();
  const Index depth = architecture_.depth();
  const auto width = [this](Index l) { return architecture_.width(l); };
  const bool dendritic = architecture_.dendritic();
  for (Index l = 1; l <= depth; ++l) {
    Pathway<Scalar> basal;
    basal.kind = PathwayKind::basal;
    basal.source = l - 1;
    basal.target = l;
    basal.branches = dendritic ? architecture_.basal_branches : 1;
    basal.relu = dendritic;
    basal.scale = Scalar(1) / static_cast<Scalar>(basal.branches);
    basal.weight.setZero(basal.branches * width(l), width(l - 1));
    basal.bias.setZero(basal.branches * width(l));
    pathways_.push_back(std::move(basal));
  }
  for (Index l = 1; dendritic && l < depth; ++l) {
    Pathway<Scalar> apical;
    apical.kind = PathwayKind::apical;
    apical.source = l + 1;
    apical.target = l;
    apical.branches = architecture_.apical_branches;
    apical.relu = true;
    apical.scale = static_cast<Scalar>(architecture_.apical_scale) /
                   static_cast<Scalar>(apical.branches);
    apical.weight.setZero(apical.branches * width(l), width(l + 1));
    pathways_.push_back(std::move(apical));
  }
  for (auto& p : pathways_) {
    p.weight_gradient.setZero(p.weight.rows(), p.weight.cols());
    p.bias_gradient.setZero(p.bias.size());
  }
  offsets_.assign(static_cast<std::size_t>(depth + 1), 0);
  for (Index l = 1; l <= depth; ++l) {
    offsets_[static_cast<std::size_t>(l)] = state_rows_;
    state_rows_ += width(l);
  }
  potentials_.resize(pathways_.size());
  gated_.resize(pathways_.size());
  gated_other_.resize(pathways_.size());
  input_adjoint_sums_.resize(pathways_.size());
}

template <typename Scalar>
void Network<Scalar>::initialise(std::uint64_t seed) {
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    auto& p = pathways_[i];
    const bool masked = architecture_.dendritic() &&
                        !(p.kind == PathwayKind::apical && architecture_.apical_dense);
    if (masked) {
      core::Rng mask_rng(core::derive_seed(seed, mask_stream, i));
      p.mask = draw_mask<Scalar>(p.weight.rows(), p.weight.cols(),
                                 architecture_.kept_inputs(p.weight.cols()), mask_rng);
    } else {
      p.mask.resize(0, 0);
    }
    core::Rng weight_rng(core::derive_seed(seed, weight_stream, i));
    ep::initialise(p, weight_rng);
  }
}

template <typename Scalar>
Pathway<Scalar>& Network<Scalar>::pathway(const std::string& name) {
  for (auto& p : pathways_) {
    if (p.name() == name) return p;
  }
  fail("no pathway named '", name, "'");
}

template <typename Scalar>
core::ParameterList<Scalar> Network<Scalar>::parameter_refs() {
  core::ParameterList<Scalar> refs;
  for (auto& p : pathways_) {
    refs.push_back(core::parameter_ref(p.name() + "/W", p.weight, p.weight_gradient, core::units::one));
    if (p.bias.size() > 0) {
      refs.push_back(core::parameter_ref(p.name() + "/b", p.bias, p.bias_gradient, core::units::one));
    }
  }
  return refs;
}

template <typename Scalar>
Index Network<Scalar>::kept_parameters() const {
  Index kept = 0;
  for (const auto& p : pathways_) {
    kept += (p.mask.size() > 0 ? static_cast<Index>(p.mask.sum()) : p.weight.size()) + p.bias.size();
  }
  return kept;
}

template <typename Scalar>
MatrixMap<Scalar> Network<Scalar>::layer(Vector<Scalar>& state, Index l) const {
  return MatrixMap<Scalar>(state.data() + offsets_[static_cast<std::size_t>(l)] * batch_,
                           architecture_.width(l), batch_);
}

template <typename Scalar>
ConstMatrixMap<Scalar> Network<Scalar>::layer(const Vector<Scalar>& state, Index l) const {
  return ConstMatrixMap<Scalar>(state.data() + offsets_[static_cast<std::size_t>(l)] * batch_,
                                architecture_.width(l), batch_);
}

template <typename Scalar>
ConstMatrixMap<Scalar> Network<Scalar>::source_of(const Pathway<Scalar>& p,
                                                  const Vector<Scalar>& state) const {
  if (from_input(p)) return ConstMatrixMap<Scalar>(input_.data(), input_.rows(), input_.cols());
  return layer(state, p.source);
}

template <typename Scalar>
void Network<Scalar>::set_input(const Eigen::Ref<const Matrix<Scalar>>& input) {
  if (input.rows() != architecture_.width(0)) {
    fail("EP network: input of ", input.rows(), " features, but the architecture's input width "
         "is ", architecture_.width(0));
  }
  if (!input.allFinite()) {
    for (Index col = 0; col < input.cols(); ++col) {
      for (Index row = 0; row < input.rows(); ++row) {
        if (!std::isfinite(input(row, col))) {
          fail("EP network: input feature ", row, " of sample ", col, " is ", input(row, col));
        }
      }
    }
  }
  batch_ = input.cols();
  input_ = input;
  drive_.resize(state_size());
  delta_.resize(state_size());
  input_drive_.setZero(architecture_.width(1), batch_);
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    const auto& p = pathways_[i];
    if (!from_input(p)) continue;
    potentials(p, input_, potentials_[i]);
    add_somatic(p, potentials_[i], input_drive_);
    input_adjoint_sums_[i].setZero(potentials_[i].rows(), potentials_[i].cols());
  }
}

template <typename Scalar>
void Network<Scalar>::compute_potentials(const Vector<Scalar>& state) {
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    const auto& p = pathways_[i];
    if (!from_input(p)) potentials(p, layer(state, p.source), potentials_[i]);
  }
}

template <typename Scalar>
void Network<Scalar>::unnudged_layer_drive(const Vector<Scalar>& state, Index l, Ref<Scalar> out) {
  if (l == 1) {
    out = input_drive_;
  } else {
    out.setZero();
  }
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    const auto& p = pathways_[i];
    if (p.target == l && !from_input(p)) add_somatic(p, potentials_[i], out);
  }
  if (!architecture_.has_energy()) return;
  // Transposed feedback: ∂/∂s_l of ⟨s_target, soma(s_l)⟩ for every pathway out of l.
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    const auto& p = pathways_[i];
    if (p.source != l) continue;
    gate(p, potentials_[i], layer(state, p.target), gated_[i]);
    out.noalias() += p.weight.transpose() * gated_[i];
  }
}

template <typename Scalar>
void Network<Scalar>::drive(const Vector<Scalar>& state, Vector<Scalar>& out, Scalar beta,
                            const Matrix<Scalar>* target) {
  out.resize(state_size());
  compute_potentials(state);
  for (Index l = 1; l <= depth(); ++l) unnudged_layer_drive(state, l, layer(out, l));
  if (beta != Scalar(0)) {
    layer(out, depth()) += beta * (*target - output(state));
  }
}

template <typename Scalar>
void Network<Scalar>::output_drive(const Vector<Scalar>& state, Matrix<Scalar>& out) {
  const Index L = depth();
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    const auto& p = pathways_[i];
    const bool feeds_output = p.target == L || (architecture_.has_energy() && p.source == L);
    if (feeds_output && !from_input(p)) potentials(p, layer(state, p.source), potentials_[i]);
  }
  out.resize(architecture_.width(L), batch_);
  unnudged_layer_drive(state, L, out);
}

template <typename Scalar>
StepCheck Network<Scalar>::step(const Vector<Scalar>& from, Vector<Scalar>& to, Scalar beta,
                                const Matrix<Scalar>* target) {
  drive(from, drive_, beta, target);
  to.resize(drive_.size());
  // σ, then the finiteness of every drive (exponent bits all ones) and a
  // fingerprint of the new state, in integer arithmetic that vectorises.
  using Bits = std::conditional_t<sizeof(Scalar) == 4, std::uint32_t, std::uint64_t>;
  constexpr Bits exponent = sizeof(Scalar) == 4 ? Bits(0x7f800000u) : Bits(0x7ff0000000000000ull);
  const Index n = drive_.size();
  const Scalar* a = drive_.data();
  Scalar* s = to.data();
  for (Index i = 0; i < n; ++i) s[i] = hard_sigmoid(a[i]);
  Bits non_finite = 0, sum = 0, weighted = 0;
  for (Index i = 0; i < n; ++i) {
    const auto drive_bits = std::bit_cast<Bits>(a[i]);
    const auto state_bits = std::bit_cast<Bits>(s[i]);
    non_finite |= (drive_bits & exponent) == exponent ? Bits(1) : Bits(0);
    sum += state_bits;
    weighted += state_bits * (static_cast<Bits>(i) * 2 + 1);
  }
  return {non_finite == 0, (static_cast<std::uint64_t>(sum) << 32) ^ static_cast<std::uint64_t>(weighted)};
}

template <typename Scalar>
void Network<Scalar>::energy(const Vector<Scalar>& state, Scalar beta,
                             const Matrix<Scalar>* target,
                             Eigen::Ref<Eigen::Matrix<Scalar, 1, Eigen::Dynamic>> out) const {
  if (!architecture_.has_energy()) {
    fail("EP network: variant ", core::name_of(ep::kVariantNames, architecture_.variant), " has no energy");
  }
  out.setZero();
  for (Index l = 1; l <= depth(); ++l) out += Scalar(0.5) * layer(state, l).colwise().squaredNorm();
  Matrix<Scalar> z, soma;
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    const auto& p = pathways_[i];
    if (!from_input(p)) potentials(p, layer(state, p.source), z);
    soma.setZero(p.target_width(), batch_);
    add_somatic(p, from_input(p) ? potentials_[i] : z, soma);
    out -= (layer(state, p.target).array() * soma.array()).matrix().colwise().sum();
  }
  if (beta != Scalar(0)) {
    out += beta * Scalar(0.5) * (output(state) - *target).colwise().squaredNorm();
  }
}

template <typename Scalar>
void Network<Scalar>::zero_gradients() {
  for (auto& p : pathways_) {
    p.weight_gradient.setZero();
    p.bias_gradient.setZero();
  }
  for (auto& sum : input_adjoint_sums_) sum.setZero();
}

template <typename Scalar>
void Network<Scalar>::add_input_weight_gradients() {
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    auto& p = pathways_[i];
    if (!from_input(p)) continue;
    p.weight_gradient.noalias() += input_adjoint_sums_[i] * input_.transpose();
    input_adjoint_sums_[i].setZero();
  }
}

template <typename Scalar>
void Network<Scalar>::mask_gradients() {
  for (auto& p : pathways_) mask_gradient(p);
}

template <typename Scalar>
void Network<Scalar>::set_energy_gradient_difference(const Vector<Scalar>& a,
                                                     const Vector<Scalar>& b,
                                                     Scalar coefficient) {
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    auto& p = pathways_[i];
    auto& ga = gated_[i];
    auto& gb = gated_other_[i];
    if (from_input(p)) {
      // Same input and potentials in both states: one product of the difference.
      gate(p, potentials_[i], layer(a, p.target), ga);
      gate(p, potentials_[i], layer(b, p.target), gb);
      ga -= gb;
      p.weight_gradient.noalias() = coefficient * ga * input_.transpose();
      if (p.bias.size() > 0) p.bias_gradient = coefficient * ga.rowwise().sum();
      mask_gradient(p);
      continue;
    }
    potentials(p, layer(a, p.source), potentials_[i]);
    gate(p, potentials_[i], layer(a, p.target), ga);
    potentials(p, layer(b, p.source), potentials_[i]);
    gate(p, potentials_[i], layer(b, p.target), gb);
    p.weight_gradient.noalias() = coefficient * ga * layer(a, p.source).transpose();
    p.weight_gradient.noalias() -= coefficient * gb * layer(b, p.source).transpose();
    if (p.bias.size() > 0) {
      p.bias_gradient = coefficient * (ga.rowwise().sum() - gb.rowwise().sum());
    }
    mask_gradient(p);
  }
}

template <typename Scalar>
void Network<Scalar>::backward_step(const Vector<Scalar>& state,
                                    const Vector<Scalar>& adjoint_next,
                                    Vector<Scalar>& adjoint) {
  drive(state, drive_, Scalar(0), nullptr);  // leaves z of every pathway at `state`
  for (Index i = 0; i < drive_.size(); ++i) {
    delta_[i] = adjoint_next[i] * hard_sigmoid_slope(drive_[i]);
  }
  adjoint.setZero(state_size());
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    auto& p = pathways_[i];
    auto& zeta = gated_other_[i];
    gate(p, potentials_[i], layer(delta_, p.target), zeta);
    if (p.bias.size() > 0) p.bias_gradient += zeta.rowwise().sum();
    if (from_input(p)) {
      input_adjoint_sums_[i] += zeta;
      continue;
    }
    p.weight_gradient.noalias() += zeta * source_of(p, state).transpose();
    layer(adjoint, p.source).noalias() += p.weight.transpose() * zeta;
  }
  if (!architecture_.has_energy()) return;
  // The transposed feedback term scale·Wᵀ(f'(z) ⊙ s_target) of F_source:
  // linear in s_target and W (f' is piecewise constant).
  for (std::size_t i = 0; i < pathways_.size(); ++i) {
    auto& p = pathways_[i];
    if (from_input(p)) continue;
    gate(p, potentials_[i], layer(state, p.target), gated_[i]);
    p.weight_gradient.noalias() += gated_[i] * layer(delta_, p.source).transpose();
    auto& forward = gated_other_[i];
    forward.noalias() = p.weight * layer(delta_, p.source);
    add_gated_sum(p, potentials_[i], forward, layer(adjoint, p.target));
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace prospect::ep
