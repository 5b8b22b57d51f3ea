#pragma once
// The IDX format of MNIST (LeCun et al.) and the data sets that copy its
// layout (Fashion-MNIST, KMNIST): a big-endian header, magic number
// 0x0000TTDD (TT the element type: 0x08 unsigned byte, 0x09 signed byte,
// 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64; DD the number of
// dimensions), DD sizes as uint32, then the elements, row-major and
// big-endian. Files may be gzip-compressed (detected from their content, not
// their name).
//
// Images become a LabelledSet (labelled_set.h): one image per row, flattened
// row by row, raw values (0..255 for MNIST); scale_pixels() turns them into
// [0, 1] or standardised values. Every error names the file and what was
// expected: not an IDX file (magic number), truncated or overlong data,
// image and label counts that disagree, labels out of range, wrong dimensions.
//
// Where the data are: tasks find MNIST, Fashion-MNIST and KMNIST by name in
// the data directory (data_home.h; `prospect data fetch NAME` puts them
// there); Fashion-MNIST also as the Debian package dataset-fashion-mnist
// (tools/setup.sh installs it) in fashion_mnist_directory; any other set in
// this layout: a directory of the four files.

#include <string>
#include <string_view>
#include <vector>

#include "core/named_values.h"
#include "datasets/labelled_set.h"

namespace prospect::datasets {

inline constexpr const char* fashion_mnist_directory = "/usr/share/datasets/fashion-mnist";

// One IDX file: its shape and elements (any element type, as float), one
// row per index of the first dimension (the rest flattened row-major).
struct IdxArray {
  std::vector<Index> shape;
  SampleMatrix values;   // shape[0] × (shape[1] · shape[2] ...)
  bool integer = true;   // an integer element type (labels must have one)
};
IdxArray read_idx(const std::string& path);

// Images (N × d1 × d2 ..., N ≥ 1, at least 2 dimensions) and labels (N,
// integer) into one set with raw pixel values. classes 0: one more than the
// largest label; else every label must lie in 0..classes-1.
LabelledSet load_idx_pair(const std::string& images, const std::string& labels, int classes = 0);

// The training and test split of an image data set.
struct ImageSet {
  LabelledSet train, test;
  Index rows = 0, cols = 0;  // image shape; a sample's features are rows × cols pixels
};

// A directory in MNIST's layout: train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each plain or with .gz.
// classes 0: from the training labels. Both splits must have the same image shape.
ImageSet load_idx_directory(const std::string& directory, int classes = 0);
// MNIST, Fashion-MNIST, KMNIST: such a directory with 28 × 28 images of 10 classes.
ImageSet load_mnist(const std::string& directory);
ImageSet load_fashion_mnist(const std::string& directory = fashion_mnist_directory);

enum class PixelScale {
  raw,          // as stored: 0..255
  unit,         // x / 255: 0..1
  standardised  // (x / 255 - mean) / std, mean and std over every training pixel
};
inline constexpr core::NamedValue<PixelScale> kPixelScaleNames[] = {
    {PixelScale::raw, "raw"}, {PixelScale::unit, "unit"}, {PixelScale::standardised, "standardised"}};

struct PixelStatistics {
  double mean = 0, std = 1;
};
// Mean and standard deviation (population) over every pixel of a set.
PixelStatistics pixel_statistics(const LabelledSet& set);

// Scales both splits with the same numbers (the test split never informs
// them): x / maximum, then for standardised (x − mean) / std with the
// training set's statistics, which are returned ({0, 1} for raw and unit).
PixelStatistics scale_pixels(ImageSet& data, PixelScale scale, double maximum = 255);

}  // namespace prospect::datasets
