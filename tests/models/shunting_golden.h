#pragma once
// The golden shunting-tree data (tests/data/golden_shunting_slice.h5, sliced
// from ../shared/golden/shunting by tests/data/make_shunting_golden.py): an
// independent float64 implementation of the same equations on a 4-soma (2, 2) tree,
// K_E 6, K_I 3, the first 32 MNIST training images.

#include <string>

#include "core/h5_file.h"
#include "models/shunting/network.h"

namespace prospect::test {

using RowMajorD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class ShuntingGolden {
 public:
  ShuntingGolden() : file_(std::string(PROSPECT_TEST_DATA) + "/golden_shunting_slice.h5") {}

  const core::H5Reader& file() const { return file_; }

  // A row-major dataset as a matrix of the same rows and columns.
  RowMajorD matrix(const std::string& path) const {
    const auto a = file_.read_double(path);
    const Index rows = static_cast<Index>(a.shape.at(0));
    const Index cols = a.shape.size() > 1 ? static_cast<Index>(a.shape[1]) : 1;
    return Eigen::Map<const RowMajorD>(a.data.data(), rows, cols);
  }

  // Features × samples, pixels / 255 as the golden implementation read them.
  MatrixD input(Index first = 0, Index count = 32) const {
    const auto pixels = file_.read_int("pixels");
    MatrixD x(784, count);
    for (Index s = 0; s < count; ++s) {
      for (Index j = 0; j < 784; ++j) {
        x(j, s) = static_cast<double>(pixels.data[static_cast<std::size_t>((first + s) * 784 + j)]) / 255.0;
      }
    }
    return x;
  }

  // One-hot targets, classes × samples.
  MatrixD target(Index first = 0, Index count = 32) const {
    const auto y = file_.read_int("y");
    MatrixD t = MatrixD::Zero(10, count);
    for (Index s = 0; s < count; ++s) t(y.data[static_cast<std::size_t>(first + s)], s) = 1;
    return t;
  }

  static shunting::NetworkSpec spec(shunting::Core core) {
    shunting::NetworkSpec spec;
    spec.inputs = 784;
    spec.layers = {{4, {2, 2}}};
    spec.excitatory_synapses = 6;
    spec.inhibitory_synapses = 3;
    spec.core = core;
    return spec;
  }

  // The PyTorch state-dict name of one of our tensors ("layer1/level0/preE" → "levels.0.preE").
  static std::string golden_name(const std::string& name) {
    if (name == "decoder/W") return "dec.weight";
    if (name == "decoder/b") return "dec.bias";
    const auto level = name.find("/level") + 6;
    const auto slash = name.find('/', level);
    return "levels." + name.substr(level, slash - level) + "." + name.substr(slash + 1);
  }

  // Writes `group`/<name> into every tensor of `parameters` (decoder W transposed
  // from its (classes, somata) row-major layout; the others share their memory order).
  void load(shunting::Parameters<double>& parameters, const std::string& group) const {
    for (auto& ref : parameters.all()) {
      const auto values = values_of(group, ref.name);
      Eigen::Map<VectorD>(ref.value, ref.size) = values;
    }
  }

  // A group's tensor in our memory order, flattened.
  VectorD values_of(const std::string& group, const std::string& name) const {
    const RowMajorD m = matrix(group + "/" + golden_name(name));
    if (name == "decoder/W") {
      const MatrixD colmajor = m;  // (classes, somata) in column-major order
      return Eigen::Map<const VectorD>(colmajor.data(), colmajor.size());
    }
    return Eigen::Map<const VectorD>(m.data(), m.size());
  }

 private:
  core::H5Reader file_;
};

}  // namespace prospect::test
