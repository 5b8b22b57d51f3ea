#pragma once
// Reading the published EP code's golden files (tests/data/golden_ep_*.h5,
// made by tests/data/make_ep_golden_slices.py): its settings, parameters in
// its soma-major branch order, and the parameter names of its state_dict.

#include <string>

#include "core/h5_file.h"
#include "models/ep/network.h"

namespace prospect::ep::golden {

inline const std::string data_dir = PROSPECT_TEST_DATA;

inline Architecture architecture(const core::H5Reader& file) {
  Architecture a;
  a.variant = file.string_attribute("/", "model") == "MLP" ? Variant::ep_mlp : Variant::dep;
  // The hidden width is the last dimension of the recorded states (T, batch, N).
  a.widths = {784, static_cast<Index>(file.shape("batch0/free/layer1").at(2)), 10};
  return a;
}

// The state_dict module of a pathway: synapses.<l> (basal into l+1), B_syn.<l>
// (apical of l+1).
template <typename Scalar>
std::string module_of(const Pathway<Scalar>& p) {
  const std::string l = std::to_string(p.target - 1);
  return p.kind == PathwayKind::apical ? "B_syn." + l : "synapses." + l;
}

// Golden row g (soma-major: soma g / K, branch g % K) is our row k·N + j.
template <typename Scalar>
Index our_row(const Pathway<Scalar>& p, Index golden_row) {
  return (golden_row % p.branches) * p.target_width() + golden_row / p.branches;
}

// The first rows of `ours` (weights or biases) in the golden file's order, in double.
template <typename Scalar, typename Derived>
MatrixD golden_order(const Pathway<Scalar>& p, const Eigen::MatrixBase<Derived>& ours,
                     Index rows) {
  MatrixD out(rows, ours.cols());
  for (Index g = 0; g < rows; ++g) out.row(g) = ours.row(our_row(p, g)).template cast<double>();
  return out;
}

// A network with the golden file's initial parameters and masks.
template <typename Scalar>
Network<Scalar> network(const core::H5Reader& file) {
  Network<Scalar> net(architecture(file));
  for (auto& p : net.pathways()) {
    const std::string module = "init/" + module_of(p);
    const MatrixF weight = core::read_matrix(file, module + ".weight");
    const bool masked = file.exists(module + ".mask");
    const MatrixF mask = masked ? core::read_matrix(file, module + ".mask") : MatrixF();
    if (masked) p.mask.resize(weight.rows(), weight.cols());
    const MatrixF bias = p.bias.size() > 0 ? core::read_matrix(file, module + ".bias") : MatrixF();
    for (Index g = 0; g < weight.rows(); ++g) {
      const Index r = our_row(p, g);
      p.weight.row(r) = weight.row(g).template cast<Scalar>();
      if (masked) p.mask.row(r) = mask.row(g).template cast<Scalar>();
      if (bias.size() > 0) p.bias(r) = static_cast<Scalar>(bias(g, 0));
    }
    if (masked) p.weight.array() *= p.mask.array();
  }
  return net;
}

// Inputs (784 × batch) and one-hot targets of mini-batch k.
template <typename Scalar>
std::pair<Matrix<Scalar>, Matrix<Scalar>> batch(const core::H5Reader& file, Index k, Index size) {
  const MatrixF x = core::read_matrix(file, "x");  // (48, 784)
  const auto y = file.read_int("y");
  Matrix<Scalar> input = x.middleRows(k * size, size).transpose().template cast<Scalar>();
  Matrix<Scalar> target = Matrix<Scalar>::Zero(10, size);
  for (Index b = 0; b < size; ++b) target(y.data[static_cast<std::size_t>(k * size + b)], b) = 1;
  return {input, target};
}

// Rows stored of a (possibly sliced) dataset.
inline Index stored_rows(const core::H5Reader& file, const std::string& path) {
  return static_cast<Index>(file.shape(path).at(0));
}

}  // namespace prospect::ep::golden
