#pragma once
// numpy arrays and the C++ side's matrices. Signals on the C++ side are
// column-major (neurons × batch) matrices; a C-contiguous float32 array of
// shape (batch, neurons) holds exactly that memory, so inputs are read in
// place and outputs are one memcpy. Parameters appear as (rows, cols) or
// (rows,) arrays, as in the run files' parameters/ groups. Anything else (a
// list, float64, the wrong shape) is a ValueError naming what was expected.

#include <pybind11/numpy.h>

#include <string>
#include <vector>

#include "core/parameter.h"
#include "core/types.h"

namespace prospect::python {

namespace py = pybind11;

// Matches any size along that axis.
inline constexpr Index kAnySize = -1;

// A float32 (batch, features) array seen as a (features × batch) matrix, in
// place when C-contiguous (else through one contiguous copy). Errors name
// `what` and the shape expected.
class BatchArray {
 public:
  BatchArray(const py::handle& array, const std::string& what, Index batch, Index features);
  ConstMatrixMap<float> matrix() const { return {data(), features_, batch_}; }
  const float* data() const { return array_.data(); }
  Index batch() const { return batch_; }
  Index features() const { return features_; }

 private:
  py::array_t<float, py::array::c_style> array_;
  Index batch_ = 0, features_ = 0;
};

// A (rows × batch) matrix as a new (batch, rows) array.
py::array_t<float> batch_copy(const ConstMatrixMap<float>& matrix);
// Frames of one signal, each (rows × batch), as a new (frames, batch, rows) array.
py::array_t<float> frames_copy(const std::vector<MatrixF>& frames, Index rows, Index batch);

// A parameter's values (or gradient) as a new (rows, cols) or (rows,) array.
py::array_t<float> parameter_copy(const core::ParameterRef<float>& parameter, bool gradient);

// A float32 array of the parameter's shape (C-contiguous), or a ValueError.
using ParameterArray = py::array_t<float, py::array::c_style>;
ParameterArray parameter_array(const core::ParameterRef<float>& parameter, const py::handle& array);
// Writes a checked array into the parameter.
void assign_parameter(const core::ParameterRef<float>& parameter, const ParameterArray& array);

}  // namespace prospect::python
