#include "core/recorder.h"

#include <numeric>

namespace prospect::core {

Recorder::Recorder(H5Writer& file, hsize_t block_frames)
    : file_(file), block_frames_(block_frames) {}

int Recorder::add(const std::string& path, const std::vector<hsize_t>& frame_shape,
                  const std::string& unit) {
  const hsize_t elements = std::accumulate(frame_shape.begin(), frame_shape.end(), hsize_t{1},
                                           std::multiplies<>());
  series_.push_back({file_.appendable(path, frame_shape, unit, block_frames_), elements, {}});
  series_.back().buffer.reserve(elements * block_frames_);
  return static_cast<int>(series_.size()) - 1;
}

void Recorder::append(int series, const float* frame) {
  Series& s = series_[static_cast<std::size_t>(series)];
  s.buffer.insert(s.buffer.end(), frame, frame + s.frame_elements);
  if (s.buffer.size() >= s.frame_elements * block_frames_) write_block(s);
}

void Recorder::append_columns(int series, const Eigen::Ref<const MatrixF>& frame,
                              const std::vector<Index>& columns) {
  frame_.resize(static_cast<std::size_t>(frame.rows()) * columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    Eigen::Map<VectorF>(frame_.data() + c * static_cast<std::size_t>(frame.rows()), frame.rows()) =
        frame.col(columns[c]);
  }
  append(series, frame_.data());
}

void Recorder::append_matrix(int series, const Eigen::Ref<const MatrixF>& matrix) {
  frame_.resize(static_cast<std::size_t>(matrix.size()));
  Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      frame_.data(), matrix.rows(), matrix.cols()) = matrix;
  append(series, frame_.data());
}

void Recorder::write_block(Series& series) {
  if (series.buffer.empty()) return;
  series.dataset.append(series.buffer.data(), series.buffer.size() / series.frame_elements);
  series.buffer.clear();
}

void Recorder::flush() {
  for (auto& s : series_) write_block(s);
  file_.flush();
}

}  // namespace prospect::core
