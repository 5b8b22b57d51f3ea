#pragma once
// Names for the blocks of a model's single contiguous state vector: each
// block is a (rows × batch) matrix stored column-major at an offset. The
// steppers advance the whole vector; recorders and checkpoints find a
// variable by name ("layer2/u").

#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace prospect::core {

struct LayoutEntry {
  std::string name;
  Index rows = 0;
  Index cols = 0;
  Index offset = 0;
};

class Layout {
 public:
  // Appends a block and returns its index.
  Index add(std::string name, Index rows, Index cols) {
    entries_.push_back({std::move(name), rows, cols, size_});
    size_ += rows * cols;
    return static_cast<Index>(entries_.size()) - 1;
  }
  Index size() const { return size_; }
  const std::vector<LayoutEntry>& entries() const { return entries_; }
  const LayoutEntry& entry(Index index) const { return entries_[static_cast<std::size_t>(index)]; }

  Index find(const std::string& name) const {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].name == name) return static_cast<Index>(i);
    }
    fail("no state variable named '", name, "'");
  }

  template <typename Scalar>
  MatrixMap<Scalar> view(Vector<Scalar>& state, Index index) const {
    const auto& e = entry(index);
    return MatrixMap<Scalar>(state.data() + e.offset, e.rows, e.cols);
  }
  template <typename Scalar>
  ConstMatrixMap<Scalar> view(const Vector<Scalar>& state, Index index) const {
    const auto& e = entry(index);
    return ConstMatrixMap<Scalar>(state.data() + e.offset, e.rows, e.cols);
  }

 private:
  std::vector<LayoutEntry> entries_;
  Index size_ = 0;
};

}  // namespace prospect::core
