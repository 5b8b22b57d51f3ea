#include "datasets/idx.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/file_system.h"
#include "core/memory.h"
#include "core/options.h"
#include "core/run_inputs.h"
#include "datasets/data_fingerprint.h"

namespace prospect::datasets {
namespace {

struct ElementType {
  std::uint8_t code;
  const char* name;
  int bytes;
  bool integer;
};
constexpr ElementType kElementTypes[] = {{0x08, "unsigned byte", 1, true}, {0x09, "signed byte", 1, true},
                                         {0x0B, "int16", 2, true},         {0x0C, "int32", 4, true},
                                         {0x0D, "float32", 4, false},      {0x0E, "float64", 8, false}};

// The whole file, inflated if it is gzip-compressed (zlib reads plain files as they are).
std::vector<unsigned char> read_bytes(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) fail(path, ": no such file (expected an IDX file)");
  core::note_input_file(path, "an IDX data file");
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) fail(path, ": cannot open");
  std::vector<unsigned char> bytes;
  unsigned char block[1 << 16];
  int read = 0;
  while ((read = gzread(file, block, sizeof block)) > 0) {
    // A damaged or hostile gzip stream may inflate without end.
    if (bytes.size() + static_cast<std::size_t>(read) > bytes.capacity()) {
      core::require_memory(2.0 * static_cast<double>(bytes.size() + static_cast<std::size_t>(read)),
                           path + " (inflated)");
    }
    bytes.insert(bytes.end(), block, block + read);
  }
  int status = Z_OK;
  const char* message = gzerror(file, &status);
  const std::string error = read < 0 ? message : "";
  gzclose(file);
  if (read < 0) fail(path, ": cannot read the gzip stream (", error, "); the file is damaged or truncated");
  return bytes;
}

std::uint32_t big_endian_u32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// One big-endian element of `type` at p, as a double.
double element(const unsigned char* p, std::uint8_t type) {
  switch (type) {
    case 0x08: return p[0];
    case 0x09: return static_cast<std::int8_t>(p[0]);
    case 0x0B: return static_cast<std::int16_t>((p[0] << 8) | p[1]);
    case 0x0C: return static_cast<std::int32_t>(big_endian_u32(p));
    case 0x0D: return std::bit_cast<float>(big_endian_u32(p));
    default: {  // 0x0E
      const std::uint64_t bits = (std::uint64_t{big_endian_u32(p)} << 32) | big_endian_u32(p + 4);
      return std::bit_cast<double>(bits);
    }
  }
}

std::string shape_text(const std::vector<Index>& shape) {
  std::string text;
  for (const Index size : shape) text += (text.empty() ? "" : " × ") + std::to_string(size);
  return text.empty() ? "scalar" : text;
}

// train-images-idx3-ubyte, or the same with .gz.
std::string find_file(const std::string& directory, const std::string& name) {
  const std::filesystem::path base = std::filesystem::path(directory) / name;
  for (const auto& candidate : {base.string(), base.string() + ".gz"}) {
    if (std::filesystem::is_regular_file(candidate)) return candidate;
  }
  fail(directory, ": no ", name, " or ", name, ".gz (expected a directory in MNIST's layout: ",
       "{train,t10k}-images-idx3-ubyte and {train,t10k}-labels-idx1-ubyte, plain or .gz)");
}

// Images as `dimensions` axes (3: images × rows × columns, exactly; 2: at
// least images × features), at least one of them.
void require_images(const std::string& path, const IdxArray& x, std::size_t dimensions) {
  const bool grid = dimensions == 3;
  if (grid ? x.shape.size() != 3 : x.shape.size() < 2) {
    fail(path, ": ", shape_text(x.shape), " elements, expected images: ",
         grid ? "images × rows × columns (3 dimensions; colour channels or stacks are not read)"
              : "at least 2 dimensions (images × features ...)");
  }
  if (x.shape[0] == 0) fail(path, ": ", shape_text(x.shape), " elements: no images, expected at least one");
}

// Images and labels read from their files into one set, with its checks.
LabelledSet labelled(const std::string& images, IdxArray x, const std::string& labels, const IdxArray& y,
                     int classes) {
  if (classes < 0) fail("classes = ", classes, ", expected >= 0 (0: from the labels in ", labels, ")");
  require_images(images, x, 2);
  if (y.shape.size() != 1 || !y.integer) {
    fail(labels, ": ", shape_text(y.shape), " ", y.integer ? "integer" : "floating-point",
         " elements, expected labels: 1 dimension of integers");
  }
  const Index count = x.shape[0];
  if (y.shape[0] != count) fail(labels, ": ", y.shape[0], " labels, but ", images, " has ", count, " images");
  LabelledSet set;
  set.x = std::move(x.values);
  set.y.resize(count);
  // Labels name classes: more than kMostClasses is a damaged file, not a data set.
  constexpr float kMostClasses = 1 << 20;
  const float largest = count > 0 ? y.values.maxCoeff() : -1;
  if (classes == 0 && largest >= kMostClasses) {
    fail(labels, ": label ", largest, ", expected class indices below ", kMostClasses);
  }
  set.classes = classes > 0 ? classes : static_cast<int>(largest) + 1;
  for (Index i = 0; i < count; ++i) {
    const float label = y.values(i, 0);
    if (label < 0 || label >= static_cast<float>(set.classes)) {
      fail(labels, ": label ", label, " at index ", i, ", expected 0..", set.classes - 1);
    }
    set.y(i) = static_cast<int>(label);
  }
  return set;
}

void scale(LabelledSet& set, double shift, double divisor) {
  set.x = ((set.x.array() - static_cast<float>(shift)) / static_cast<float>(divisor)).matrix();
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  const auto bytes = read_bytes(path);
  if (bytes.size() < 4) fail(path, ": ", bytes.size(), " bytes, too short for an IDX header");
  const std::uint32_t magic = big_endian_u32(bytes.data());
  const auto type = std::find_if(std::begin(kElementTypes), std::end(kElementTypes),
                                 [&](const ElementType& t) { return t.code == bytes[2]; });
  if (bytes[0] != 0 || bytes[1] != 0 || type == std::end(kElementTypes) || bytes[3] == 0) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", magic);
    fail(path, ": not an IDX file: magic number ", text, ", expected 0x0000TTDD (two zero bytes, ",
         "element type TT 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E, DD >= 1 dimensions)");
  }
  const std::size_t dimensions = bytes[3];
  const std::size_t header = 4 + 4 * dimensions;
  if (bytes.size() < header) {
    fail(path, ": truncated header: ", dimensions, " dimensions need ", header, " bytes, the file has ",
         bytes.size());
  }
  IdxArray array;
  array.integer = type->integer;
  double elements = 1;  // a double: sizes from a damaged header must not wrap around
  for (std::size_t d = 0; d < dimensions; ++d) {
    array.shape.push_back(static_cast<Index>(big_endian_u32(bytes.data() + 4 + 4 * d)));
    elements *= static_cast<double>(array.shape.back());
  }
  const double expected = elements * type->bytes;
  const std::size_t found = bytes.size() - header;
  if (static_cast<double>(found) != expected) {
    fail(path, ": ", static_cast<double>(found) < expected ? "truncated" : "longer than its header says",
         ": ", shape_text(array.shape), " ", type->name, " elements need ", expected,
         " bytes after the header, the file has ", found);
  }
  const Index rows = array.shape[0];
  array.values.resize(rows, rows > 0 ? static_cast<Index>(elements) / rows : 0);
  const unsigned char* data = bytes.data() + header;
  float* values = array.values.data();
  for (std::size_t i = 0; i < static_cast<std::size_t>(elements); ++i) {
    values[i] = static_cast<float>(element(data + i * static_cast<std::size_t>(type->bytes), type->code));
    if (!std::isfinite(values[i])) {
      fail(path, ": element ", i, " is ", values[i], " (as float32), expected finite values");
    }
  }
  return array;
}

LabelledSet load_idx_pair(const std::string& images, const std::string& labels, int classes) {
  return labelled(images, read_idx(images), labels, read_idx(labels), classes);
}

ImageSet load_idx_directory(const std::string& directory, int classes) {
  if (!std::filesystem::is_directory(directory)) fail(directory, ": not a directory");
  const std::string train_images = find_file(directory, "train-images-idx3-ubyte");
  const std::string test_images = find_file(directory, "t10k-images-idx3-ubyte");
  IdxArray train = read_idx(train_images), test = read_idx(test_images);
  require_images(train_images, train, 3);
  require_images(test_images, test, 3);
  const std::vector<Index> shape(train.shape.begin() + 1, train.shape.end());
  const std::vector<Index> test_shape(test.shape.begin() + 1, test.shape.end());
  if (test_shape != shape) {
    fail(test_images, ": images of ", shape_text(test_shape), ", but the training images (", train_images,
         ") are ", shape_text(shape));
  }
  ImageSet data;
  data.rows = shape[0];
  data.cols = shape[1];
  const std::string train_labels = find_file(directory, "train-labels-idx1-ubyte");
  data.train = labelled(train_images, std::move(train), train_labels, read_idx(train_labels), classes);
  const std::string test_labels = find_file(directory, "t10k-labels-idx1-ubyte");
  data.test = labelled(test_images, std::move(test), test_labels, read_idx(test_labels), data.train.classes);
  note_data("IDX images", core::canonical_path(directory), {&data.train, &data.test});
  return data;
}

ImageSet load_mnist(const std::string& directory) {
  ImageSet data = load_idx_directory(directory, 10);
  if (data.rows != 28 || data.cols != 28) {
    fail(directory, ": images of ", data.rows, " × ", data.cols, " pixels, expected 28 × 28 (MNIST layout)");
  }
  return data;
}

ImageSet load_fashion_mnist(const std::string& directory) {
  if (!std::filesystem::is_directory(directory)) {
    fail(directory, ": not a directory; Fashion-MNIST comes with the Debian package dataset-fashion-mnist ",
         "(tools/setup.sh installs it)");
  }
  return load_mnist(directory);
}

PixelStatistics pixel_statistics(const LabelledSet& set) {
  if (set.x.size() == 0) fail("pixel statistics of an empty set");
  const double n = static_cast<double>(set.x.size());
  const double mean = set.x.cast<double>().sum() / n;
  const double variance = (set.x.cast<double>().array() - mean).square().sum() / n;
  return {mean, std::sqrt(variance)};
}

PixelStatistics scale_pixels(ImageSet& data, PixelScale scale_to, double maximum) {
  if (!(maximum > 0)) fail("scale_pixels: maximum = ", maximum, ", expected > 0");
  if (scale_to == PixelScale::raw) return {};
  for (auto* set : {&data.train, &data.test}) scale(*set, 0, maximum);
  if (scale_to == PixelScale::unit) return {};
  const PixelStatistics statistics = pixel_statistics(data.train);
  if (!(statistics.std > 0)) fail("standardised pixels: the training images are constant (std 0)");
  for (auto* set : {&data.train, &data.test}) scale(*set, statistics.mean, statistics.std);
  return statistics;
}

}  // namespace prospect::datasets
