#pragma once
// HDF5 input and output through the HDF5 C++ API. Paths are slash-separated
// ("trajectories/layer1/u"); groups are created on demand. Every failure is an
// Error naming the file and the dataset.

#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/types.h"

namespace prospect::core {

// An array read from a file: row-major data and its shape.
template <typename T>
struct H5Array {
  std::vector<T> data;
  std::vector<hsize_t> shape;
  hsize_t elements() const { return data.size(); }
};

// A dataset with an unlimited first dimension that grows one frame (or a
// block of frames) at a time: chunked, shuffled and deflated.
class AppendableDataset {
 public:
  AppendableDataset() = default;
  AppendableDataset(H5::DataSet dataset, std::vector<hsize_t> frame_shape, std::string where);

  // Appends `frames` frames of row-major float data.
  void append(const float* data, hsize_t frames = 1);
  hsize_t frames() const { return frames_; }

 private:
  H5::DataSet dataset_;
  std::vector<hsize_t> frame_shape_;
  hsize_t frame_elements_ = 0;
  hsize_t frames_ = 0;
  std::string where_;
};

class H5Writer {
 public:
  enum class Mode { truncate, append };
  explicit H5Writer(const std::string& path, Mode mode = Mode::truncate);

  const std::string& path() const { return path_; }

  void set_attribute(const std::string& object, const std::string& name,
                     const std::string& value);
  void set_attribute(const std::string& object, const std::string& name, double value);
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value);

  // Writes a whole array: in place over a dataset of the same path, type and
  // shape, else replacing whatever is at that path.
  void write(const std::string& path, const std::vector<hsize_t>& shape, const float* data);
  void write(const std::string& path, const std::vector<hsize_t>& shape, const double* data);
  void write(const std::string& path, const std::vector<hsize_t>& shape,
             const std::int64_t* data);
  void write(const std::string& path, const std::vector<double>& values);
  // A 1-D dataset of variable-length UTF-8 strings (h5py reads str).
  void write_strings(const std::string& path, const std::vector<std::string>& values);

  // Creates a float dataset of shape (0, frame_shape...) that grows along time.
  AppendableDataset appendable(const std::string& path, const std::vector<hsize_t>& frame_shape,
                               hsize_t chunk_frames = 64);

  void flush();

 private:
  std::string absolute_path(const std::string& path) const;
  // Deletes an existing link at `path` so it can be recreated; returns the absolute path.
  std::string replace_link(const std::string& path);
  template <typename T>
  void write_typed(const std::string& path, const std::vector<hsize_t>& shape, const T* data,
                   const H5::PredType& type);

  std::string path_;
  H5::H5File file_;
};

class H5Reader {
 public:
  explicit H5Reader(const std::string& path);

  const std::string& path() const { return path_; }
  bool exists(const std::string& path) const;
  std::vector<hsize_t> shape(const std::string& dataset) const;

  H5Array<float> read_float(const std::string& dataset) const;
  H5Array<double> read_double(const std::string& dataset) const;
  H5Array<std::int64_t> read_int(const std::string& dataset) const;

  bool has_attribute(const std::string& object, const std::string& name) const;
  std::string string_attribute(const std::string& object, const std::string& name) const;
  double double_attribute(const std::string& object, const std::string& name) const;

  // Names of the members of a group.
  std::vector<std::string> members(const std::string& group) const;
  bool is_group(const std::string& path) const;
  std::vector<std::string> attribute_names(const std::string& object) const;
  // Any scalar attribute (string, float or integer) as text, for display.
  std::string attribute_text(const std::string& object, const std::string& name) const;

 private:
  template <typename T>
  H5Array<T> read_typed(const std::string& dataset, const H5::PredType& type) const;
  H5::Attribute open_attribute(const std::string& object, const std::string& name) const;

  std::string path_;
  H5::H5File file_;
};

// Reads a 2-D dataset into a column-major matrix with the same row/column meaning.
MatrixF read_matrix(const H5Reader& reader, const std::string& dataset);

}  // namespace prospect::core
