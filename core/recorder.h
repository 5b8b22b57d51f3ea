#pragma once
// Records time series into an HDF5 file: each series is a dataset of shape
// (T, frame shape...) that grows along time. Frames are buffered in memory
// and written in blocks, so recording every few steps costs little; flush()
// writes what is buffered and flushes the file (which the file's commit()
// or close() then publishes).

#include <string>
#include <vector>

#include "core/h5_file.h"

namespace prospect::core {

class Recorder {
 public:
  explicit Recorder(H5Writer& file, hsize_t block_frames = 256);
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Declares a series and returns its handle; `unit` (core/units.h) becomes
  // its `unit` attribute.
  int add(const std::string& path, const std::vector<hsize_t>& frame_shape,
          const std::string& unit);
  // Appends one row-major frame.
  void append(int series, const float* frame);
  void append(int series, float value) { append(series, &value); }
  // Appends the chosen columns (batch samples) of a neurons × batch matrix as
  // a (samples, neurons) frame.
  void append_columns(int series, const Eigen::Ref<const MatrixF>& frame,
                      const std::vector<Index>& columns);
  // Appends a matrix as a row-major frame of its shape.
  void append_matrix(int series, const Eigen::Ref<const MatrixF>& matrix);

  void flush();

 private:
  struct Series {
    AppendableDataset dataset;
    hsize_t frame_elements;
    std::vector<float> buffer;
  };
  void write_block(Series& series);

  H5Writer& file_;
  hsize_t block_frames_;
  std::vector<Series> series_;
  std::vector<float> frame_;
};

}  // namespace prospect::core
