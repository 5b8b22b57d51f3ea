// IDX files: tiny generated files (plain and gzip), the errors of the
// reader, and the committed slices of MNIST and Fashion-MNIST
// (tests/data/{mnist,fashion_mnist}_100, made by make_idx_slices.py).

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "datasets/idx.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

const std::string data_dir = PROSPECT_TEST_DATA;

using Bytes = std::vector<unsigned char>;

// Header of an IDX file: magic 0x0000TTDD, then the sizes (big-endian).
Bytes idx_header(unsigned char type, const std::vector<std::uint32_t>& shape) {
  Bytes bytes{0, 0, type, static_cast<unsigned char>(shape.size())};
  for (const std::uint32_t size : shape) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<unsigned char>(size >> shift));
  }
  return bytes;
}

Bytes ubyte_file(const std::vector<std::uint32_t>& shape, const Bytes& values) {
  Bytes bytes = idx_header(0x08, shape);
  bytes.insert(bytes.end(), values.begin(), values.end());
  return bytes;
}

void write_plain(const std::string& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

void write_gzip(const std::string& path, const Bytes& bytes) {
  gzFile file = gzopen(path.c_str(), "wb");
  REQUIRE(file != nullptr);
  REQUIRE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
  gzclose(file);
}

// Three 2 × 3 images with pixels 10 i + j, labels 2, 0, 1.
const Bytes tiny_images = ubyte_file({3, 2, 3}, {0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 255});
const Bytes tiny_labels = ubyte_file({3}, {2, 0, 1});

// The four files of an MNIST-layout directory, gzip-compressed.
void write_directory(const ScratchDirectory& dir, const Bytes& train_images, const Bytes& train_labels,
                     const Bytes& test_images, const Bytes& test_labels) {
  write_gzip(dir.file("train-images-idx3-ubyte.gz"), train_images);
  write_gzip(dir.file("train-labels-idx1-ubyte.gz"), train_labels);
  write_plain(dir.file("t10k-images-idx3-ubyte"), test_images);  // plain and .gz may mix
  write_gzip(dir.file("t10k-labels-idx1-ubyte.gz"), test_labels);
}

}  // namespace

TEST_CASE("idx: a plain and a gzip-compressed pair read into the same labelled set", "[unit]") {
  const ScratchDirectory dir("idx_pair");
  write_plain(dir.file("images"), tiny_images);
  write_plain(dir.file("labels"), tiny_labels);
  write_gzip(dir.file("images.gz"), tiny_images);
  write_gzip(dir.file("labels.gz"), tiny_labels);
  const auto plain = datasets::load_idx_pair(dir.file("images"), dir.file("labels"));
  const auto gzip = datasets::load_idx_pair(dir.file("images.gz"), dir.file("labels.gz"));
  for (const auto* set : {&plain, &gzip}) {
    REQUIRE(set->size() == 3);
    REQUIRE(set->features() == 6);
    CHECK(set->classes == 3);  // one more than the largest label
    CHECK(set->y == Eigen::Vector3i(2, 0, 1));
    CHECK(set->x(1, 0) == 10);  // image 1, row 0, column 0
    CHECK(set->x(1, 5) == 15);  // image 1, row 1, column 2: rows are flattened row by row
    CHECK(set->x(2, 5) == 255);
  }
  CHECK(plain.x == gzip.x);
  CHECK(datasets::load_idx_pair(dir.file("images"), dir.file("labels"), 10).classes == 10);
}

TEST_CASE("idx: every element type, big-endian", "[unit]") {
  const ScratchDirectory dir("idx_types");
  SECTION("int16 and int32") {
    Bytes bytes = idx_header(0x0B, {2});
    for (const unsigned char b : {0xFF, 0xFE, 0x01, 0x00}) bytes.push_back(b);  // -2, 256
    write_plain(dir.file("int16"), bytes);
    const auto a = datasets::read_idx(dir.file("int16"));
    CHECK(a.integer);
    CHECK(a.values(0, 0) == -2);
    CHECK(a.values(1, 0) == 256);
    bytes = idx_header(0x0C, {1});
    for (const unsigned char b : {0x00, 0x01, 0x00, 0x02}) bytes.push_back(b);  // 65538
    write_plain(dir.file("int32"), bytes);
    CHECK(datasets::read_idx(dir.file("int32")).values(0, 0) == 65538);
  }
  SECTION("signed byte") {
    Bytes bytes = idx_header(0x09, {1, 2});
    bytes.push_back(0xFF);
    bytes.push_back(0x7F);
    write_plain(dir.file("sbyte"), bytes);
    const auto a = datasets::read_idx(dir.file("sbyte"));
    CHECK(a.shape == std::vector<Index>{1, 2});
    CHECK(a.values(0, 0) == -1);
    CHECK(a.values(0, 1) == 127);
  }
  SECTION("float32 and float64") {
    Bytes bytes = idx_header(0x0D, {1});
    for (const unsigned char b : {0x3F, 0xC0, 0x00, 0x00}) bytes.push_back(b);  // 1.5f
    write_plain(dir.file("float32"), bytes);
    const auto a = datasets::read_idx(dir.file("float32"));
    CHECK_FALSE(a.integer);
    CHECK(a.values(0, 0) == 1.5f);
    bytes = idx_header(0x0E, {1});
    for (const unsigned char b : {0xC0, 0x04, 0, 0, 0, 0, 0, 0}) bytes.push_back(b);  // -2.5
    write_plain(dir.file("float64"), bytes);
    CHECK(datasets::read_idx(dir.file("float64")).values(0, 0) == -2.5f);
  }
}

TEST_CASE("idx: errors name the file and what was expected", "[unit]") {
  const ScratchDirectory dir("idx_errors");
  const auto fails_with = [&](const std::string& name, const Bytes& bytes, const std::string& expected) {
    INFO(name);
    write_plain(dir.file(name), bytes);
    CHECK_THROWS_WITH(datasets::read_idx(dir.file(name)), Contains(dir.file(name)) && Contains(expected));
  };
  fails_with("png", {0x89, 'P', 'N', 'G', 0, 0}, "not an IDX file: magic number 0x89504E47, expected 0x0000TTDD");
  fails_with("bad_type", {0, 0, 0x07, 1, 0, 0, 0, 0}, "not an IDX file: magic number 0x00000701");
  fails_with("no_dimensions", {0, 0, 0x08, 0}, "magic number 0x00000800");
  fails_with("short", {0, 0}, "2 bytes, too short for an IDX header");
  fails_with("short_header", {0, 0, 0x08, 3, 0, 0, 0, 1}, "truncated header: 3 dimensions need 16 bytes");
  Bytes truncated = tiny_images;
  truncated.resize(truncated.size() - 4);
  fails_with("truncated", truncated,
             "truncated: 3 × 2 × 3 unsigned byte elements need 18 bytes after the header, the file has 14");
  Bytes overlong = tiny_labels;
  overlong.push_back(1);
  fails_with("overlong", overlong, "longer than its header says: 3 unsigned byte elements need 3 bytes");

  CHECK_THROWS_WITH(datasets::read_idx(dir.file("absent")), Contains(dir.file("absent")) && Contains("no such file"));

  SECTION("a damaged gzip stream") {
    write_gzip(dir.file("whole.gz"), tiny_images);
    std::ifstream in(dir.file("whole.gz"), std::ios::binary);
    Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(bytes.size() / 2);
    write_plain(dir.file("half.gz"), bytes);
    CHECK_THROWS_WITH(datasets::read_idx(dir.file("half.gz")), Contains(dir.file("half.gz")));
  }
}

TEST_CASE("idx: an image and label pair that do not fit together is an error naming the file", "[unit]") {
  const ScratchDirectory dir("idx_pair_errors");
  write_plain(dir.file("images"), tiny_images);
  write_plain(dir.file("labels"), tiny_labels);
  SECTION("counts disagree") {
    write_plain(dir.file("four_labels"), ubyte_file({4}, {0, 1, 2, 0}));
    CHECK_THROWS_WITH(datasets::load_idx_pair(dir.file("images"), dir.file("four_labels")),
                      Contains(dir.file("four_labels") + ": 4 labels, but " + dir.file("images") + " has 3 images"));
  }
  SECTION("a label out of range") {
    CHECK_THROWS_WITH(datasets::load_idx_pair(dir.file("images"), dir.file("labels"), 2),
                      Contains(dir.file("labels") + ": label 2 at index 0, expected 0..1"));
  }
  SECTION("labels with two dimensions") {
    write_plain(dir.file("matrix_labels"), ubyte_file({3, 1}, {0, 1, 2}));
    CHECK_THROWS_WITH(datasets::load_idx_pair(dir.file("images"), dir.file("matrix_labels")),
                      Contains("3 × 1 integer elements, expected labels: 1 dimension of integers"));
  }
  SECTION("floating-point labels") {
    Bytes bytes = idx_header(0x0D, {1});
    for (int i = 0; i < 4; ++i) bytes.push_back(0);
    write_plain(dir.file("float_labels"), bytes);
    CHECK_THROWS_WITH(datasets::load_idx_pair(dir.file("images"), dir.file("float_labels")),
                      Contains("floating-point elements, expected labels"));
  }
  SECTION("images with one dimension") {
    CHECK_THROWS_WITH(datasets::load_idx_pair(dir.file("labels"), dir.file("labels")),
                      Contains(dir.file("labels") + ": 3 elements, expected images: at least 2 dimensions"));
  }
}

TEST_CASE("idx: a directory in MNIST's layout, plain or gzip, and its errors", "[unit]") {
  const ScratchDirectory dir("idx_directory");
  SECTION("loads both splits") {
    write_directory(dir, tiny_images, tiny_labels, ubyte_file({1, 2, 3}, {1, 2, 3, 4, 5, 6}), ubyte_file({1}, {1}));
    const auto data = datasets::load_idx_directory(dir.path);
    CHECK(data.rows == 2);
    CHECK(data.cols == 3);
    CHECK(data.train.size() == 3);
    CHECK(data.test.size() == 1);
    CHECK(data.test.classes == 3);  // the training labels decide
    CHECK(data.test.x(0, 5) == 6);
  }
  SECTION("test images of another shape") {
    write_directory(dir, tiny_images, tiny_labels, ubyte_file({1, 3, 2}, {1, 2, 3, 4, 5, 6}), ubyte_file({1}, {1}));
    CHECK_THROWS_WITH(datasets::load_idx_directory(dir.path),
                      Contains("t10k-images-idx3-ubyte: images of 3 × 2, but the training images") &&
                          Contains("are 2 × 3"));
  }
  SECTION("a test label the training labels do not have") {
    write_directory(dir, tiny_images, tiny_labels, ubyte_file({1, 2, 3}, {1, 2, 3, 4, 5, 6}), ubyte_file({1}, {3}));
    CHECK_THROWS_WITH(datasets::load_idx_directory(dir.path),
                      Contains("t10k-labels-idx1-ubyte.gz: label 3 at index 0, expected 0..2"));
  }
  SECTION("not 28 × 28 for MNIST") {
    write_directory(dir, tiny_images, tiny_labels, ubyte_file({1, 2, 3}, {1, 2, 3, 4, 5, 6}), ubyte_file({1}, {1}));
    CHECK_THROWS_WITH(datasets::load_mnist(dir.path), Contains("images of 2 × 3 pixels, expected 28 × 28"));
  }
  SECTION("images with a fourth dimension (colour channels)") {
    write_directory(dir, ubyte_file({1, 2, 3, 2}, std::vector<std::uint8_t>(12, 7)), ubyte_file({1}, {0}),
                    ubyte_file({1, 2, 3}, {1, 2, 3, 4, 5, 6}), ubyte_file({1}, {0}));
    CHECK_THROWS_WITH(datasets::load_idx_directory(dir.path),
                      Contains("train-images-idx3-ubyte") && Contains("1 × 2 × 3 × 2 elements") &&
                          Contains("images × rows × columns (3 dimensions"));
  }
  SECTION("a test file without images") {
    write_directory(dir, tiny_images, tiny_labels, ubyte_file({0, 2, 3}, {}), ubyte_file({0}, {}));
    CHECK_THROWS_WITH(datasets::load_idx_directory(dir.path),
                      Contains("t10k-images-idx3-ubyte") && Contains("0 × 2 × 3 elements: no images"));
  }
  SECTION("a missing file") {
    write_gzip(dir.file("train-images-idx3-ubyte.gz"), tiny_images);
    CHECK_THROWS_WITH(datasets::load_idx_directory(dir.path),
                      Contains(dir.path + ": no t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz"));
  }
  CHECK_THROWS_WITH(datasets::load_fashion_mnist(dir.file("none")),
                    Contains("not a directory") && Contains("dataset-fashion-mnist"));
}

TEST_CASE("idx: pixel scales raw, unit and standardised with the training statistics", "[unit]") {
  datasets::ImageSet data;
  data.train.x = datasets::SampleMatrix{{0, 255}, {255, 255}};
  data.test.x = datasets::SampleMatrix{{51, 0}};
  SECTION("raw") {
    datasets::scale_pixels(data, datasets::PixelScale::raw);
    CHECK(data.test.x(0, 0) == 51);
  }
  SECTION("unit") {
    datasets::scale_pixels(data, datasets::PixelScale::unit);
    CHECK(data.train.x(1, 1) == 1);
    CHECK(data.test.x(0, 0) == 0.2f);
  }
  SECTION("standardised") {
    // Training pixels 0, 1, 1, 1: mean 0.75, std sqrt(0.1875).
    const auto statistics = datasets::scale_pixels(data, datasets::PixelScale::standardised);
    CHECK_THAT(statistics.mean, WithinAbs(0.75, 1e-7));
    CHECK_THAT(statistics.std, WithinAbs(std::sqrt(0.1875), 1e-7));
    CHECK_THAT(data.train.x.mean(), WithinAbs(0, 1e-6));
    CHECK_THAT(data.test.x(0, 0), WithinAbs((0.2 - 0.75) / std::sqrt(0.1875), 1e-6));
  }
  CHECK(core::parse(datasets::kPixelScaleNames, "data.pixels", "unit") == datasets::PixelScale::unit);
  CHECK_THROWS_WITH(core::parse(datasets::kPixelScaleNames, "data.pixels", "zscore"),
                    Contains("key 'data.pixels' = 'zscore': expected raw, unit or standardised"));
}

TEST_CASE("idx: the first 100 MNIST and Fashion-MNIST images of each split", "[unit]") {
  const auto mnist = datasets::load_mnist(data_dir + "/mnist_100");
  REQUIRE(mnist.train.size() == 100);
  REQUIRE(mnist.test.size() == 100);
  CHECK(mnist.train.features() == 784);
  CHECK(mnist.train.classes == 10);
  const std::vector<int> first_train{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, first_test{7, 2, 1, 0, 4, 1, 4, 9, 5, 9};
  for (int i = 0; i < 10; ++i) {
    CHECK(mnist.train.y(i) == first_train[static_cast<std::size_t>(i)]);
    CHECK(mnist.test.y(i) == first_test[static_cast<std::size_t>(i)]);
  }
  CHECK(mnist.train.x.row(0).sum() == 27525);  // pixel sums of the first image (numpy)
  CHECK(mnist.train.x(0, 14 * 28 + 13) == 81);
  CHECK(mnist.train.x.maxCoeff() == 255);

  auto fashion = datasets::load_fashion_mnist(data_dir + "/fashion_mnist_100");
  CHECK(fashion.train.y.head(4) == Eigen::Vector4i(9, 0, 0, 3));
  CHECK(fashion.train.x.row(0).sum() == 76247);
  const auto statistics = datasets::scale_pixels(fashion, datasets::PixelScale::standardised);
  CHECK_THAT(statistics.mean, WithinAbs(0.284542, 1e-6));  // numpy: 0.28454231692677073
  CHECK_THAT(statistics.std, WithinAbs(0.354916, 1e-6));   // numpy: 0.35491587591496465
}
