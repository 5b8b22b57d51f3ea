#include "arrays.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

namespace prospect::python {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

std::string shape_text(const std::vector<Index>& shape, const char* names = nullptr) {
  std::ostringstream text;
  text << "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    text << (i ? ", " : "");
    if (shape[i] == kAnySize) {
      text << "any";
    } else {
      text << shape[i];
    }
  }
  if (shape.size() == 1) text << ",";
  text << ")";
  if (names != nullptr) text << " = " << names;
  return text.str();
}

std::string description(const py::handle& object) {
  if (!py::isinstance<py::array>(object)) {
    return "a " + py::str(py::type::handle_of(object).attr("__name__")).cast<std::string>();
  }
  const auto array = py::reinterpret_borrow<py::array>(object);
  std::vector<Index> shape(array.shape(), array.shape() + array.ndim());
  return py::str(array.dtype()).cast<std::string>() + " array of shape " + shape_text(shape);
}

bool is_float32(const py::array& array) {
  const auto dtype = array.dtype();
  const char order = dtype.byteorder();
  return dtype.num() == py::dtype::of<float>().num() &&
         (order == '=' || order == '<' || order == '|');
}

// The array, or a ValueError "<what>: expected a float32 array of shape S, got D".
py::array checked(const py::handle& object, const std::string& what,
                  const std::vector<Index>& shape, const char* names) {
  const auto fail = [&] {
    throw py::value_error(what + ": expected a float32 numpy array of shape " +
                          shape_text(shape, names) + ", got " + description(object) +
                          (py::isinstance<py::array>(object)
                               ? ""
                               : " (use numpy.asarray(..., dtype=numpy.float32))"));
  };
  if (!py::isinstance<py::array>(object)) fail();
  const auto array = py::reinterpret_borrow<py::array>(object);
  if (!is_float32(array) || array.ndim() != static_cast<py::ssize_t>(shape.size())) fail();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != kAnySize && array.shape(static_cast<py::ssize_t>(i)) != shape[i]) fail();
  }
  return array;
}

}  // namespace

BatchArray::BatchArray(const py::handle& array, const std::string& what, Index batch,
                       Index features)
    : array_(py::array_t<float, py::array::c_style>::ensure(
          checked(array, what, {batch, features}, "(batch, features)"))) {
  batch_ = array_.shape(0);
  features_ = array_.shape(1);
  if (batch_ == 0 || features_ == 0) {
    throw py::value_error(what + ": an empty array of shape (" + std::to_string(batch_) + ", " +
                          std::to_string(features_) + "); expected at least one sample and feature");
  }
  const auto values = matrix();
  if (!values.allFinite()) {
    Index row = 0, column = 0;
    (values.array().isFinite() == false).maxCoeff(&row, &column);
    throw py::value_error(what + ": element (" + std::to_string(column) + ", " +
                          std::to_string(row) + ") is not finite");
  }
}

py::array_t<float> batch_copy(const ConstMatrixMap<float>& matrix) {
  py::array_t<float> out({matrix.cols(), matrix.rows()});
  std::memcpy(out.mutable_data(), matrix.data(),
              sizeof(float) * static_cast<std::size_t>(matrix.size()));
  return out;
}

py::array_t<float> frames_copy(const std::vector<MatrixF>& frames, Index rows, Index batch) {
  py::array_t<float> out({static_cast<Index>(frames.size()), batch, rows});
  float* next = out.mutable_data();
  for (const auto& frame : frames) {
    std::memcpy(next, frame.data(), sizeof(float) * static_cast<std::size_t>(frame.size()));
    next += frame.size();
  }
  return out;
}

py::array_t<float> parameter_copy(const core::ParameterRef<float>& p, bool gradient) {
  const float* values = gradient ? p.gradient : p.value;
  if (!p.matrix) {
    py::array_t<float> out(p.rows);
    std::copy_n(values, p.size, out.mutable_data());
    return out;
  }
  py::array_t<float> out({p.rows, p.cols});
  Eigen::Map<RowMajor>(out.mutable_data(), p.rows, p.cols) =
      ConstMatrixMap<float>(values, p.rows, p.cols);
  return out;
}

ParameterArray parameter_array(const core::ParameterRef<float>& p, const py::handle& object) {
  const auto shape = p.matrix ? std::vector<Index>{p.rows, p.cols} : std::vector<Index>{p.rows};
  auto array =
      ParameterArray::ensure(checked(object, "parameter '" + p.name + "'", shape, nullptr));
  for (py::ssize_t i = 0; i < array.size(); ++i) {
    if (!std::isfinite(array.data()[i])) {
      throw py::value_error("parameter '" + p.name + "': element " + std::to_string(i) +
                            " (in C order) is not finite");
    }
  }
  return array;
}

void assign_parameter(const core::ParameterRef<float>& p, const ParameterArray& array) {
  if (p.matrix) {
    MatrixMap<float>(p.value, p.rows, p.cols) =
        Eigen::Map<const RowMajor>(array.data(), p.rows, p.cols);
  } else {
    std::copy_n(array.data(), p.size, p.value);
  }
}

}  // namespace prospect::python
