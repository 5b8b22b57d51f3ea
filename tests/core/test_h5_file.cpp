// The HDF5 layer: round trips of every type, in-place overwrites, datasets
// that grow, attributes, groups, and errors naming the file and the dataset.

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/h5_file.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

TEST_CASE("h5: arrays of every type round-trip with their shapes", "[unit]") {
  const std::string path = temporary_path("h5_round_trip.h5");
  {
    core::H5Writer file(path);
    const std::vector<float> f{1.5f, -2, 3, 4, 5, 6};
    const std::vector<double> d{0.1, 0.2, 0.3};
    const std::vector<std::int64_t> i{-7, 8};
    file.write("a/float", {2, 3}, f.data());
    file.write("a/b/double", {3}, d.data());
    file.write("int", {2, 1}, i.data());
    file.write("values", std::vector<double>{4, 5});
    file.write("empty", std::vector<double>{});
  }
  const core::H5Reader file(path);
  const auto f = file.read_float("a/float");
  CHECK(f.shape == std::vector<hsize_t>{2, 3});
  CHECK(f.data == std::vector<float>{1.5f, -2, 3, 4, 5, 6});
  CHECK(file.read_double("/a/b/double").data == std::vector<double>{0.1, 0.2, 0.3});
  CHECK(file.read_int("int").data == std::vector<std::int64_t>{-7, 8});
  CHECK(file.read_double("values").data == std::vector<double>{4, 5});
  CHECK(file.shape("empty") == std::vector<hsize_t>{0});
  CHECK(file.read_double("a/float").data[0] == 1.5);  // converted on reading
  // A row-major (2 × 3) dataset is the matrix with the same rows and columns.
  const MatrixF m = core::read_matrix(file, "a/float");
  CHECK(m.rows() == 2);
  CHECK(m(0, 1) == -2);
  CHECK(m(1, 0) == 4);
  std::filesystem::remove(path);
}

TEST_CASE("h5: rewriting a dataset of the same shape overwrites it in place", "[unit]") {
  const std::string path = temporary_path("h5_overwrite.h5");
  std::uintmax_t size_after_first = 0;
  {
    core::H5Writer file(path);
    std::vector<double> checkpoint(1000, 0.0);
    file.write("checkpoint/state", checkpoint);
    file.flush();
    size_after_first = std::filesystem::file_size(path);
    for (int epoch = 1; epoch <= 20; ++epoch) {
      checkpoint.assign(1000, epoch);
      file.write("checkpoint/state", checkpoint);
    }
    file.flush();
    CHECK(std::filesystem::file_size(path) == size_after_first);  // no dead space
    file.write("checkpoint/state", std::vector<double>{1, 2});   // another shape: replaced
    file.write("series", {1}, std::vector<std::int64_t>{3}.data());
    file.write("series", std::vector<double>{0.5});  // another type: replaced
  }
  const core::H5Reader file(path);
  CHECK(file.read_double("checkpoint/state").data == std::vector<double>{1, 2});
  CHECK(file.read_double("series").data == std::vector<double>{0.5});
  std::filesystem::remove(path);
}

TEST_CASE("h5: appendable datasets grow frame by frame and in blocks", "[unit]") {
  const std::string path = temporary_path("h5_appendable.h5");
  {
    core::H5Writer file(path);
    auto series = file.appendable("trajectories/u", {2, 3}, 4);
    const std::vector<float> frame{0, 1, 2, 3, 4, 5};
    series.append(frame.data());
    std::vector<float> block(3 * 6);
    for (std::size_t k = 0; k < block.size(); ++k) block[k] = static_cast<float>(10 + k);
    series.append(block.data(), 3);
    CHECK(series.frames() == 4);
    auto empty = file.appendable("never_appended", {});
    CHECK(empty.frames() == 0);
  }
  {
    core::H5Writer file(path, core::H5Writer::Mode::append);  // reopened: what is there stays
    file.write("more", std::vector<double>{1});
  }
  const core::H5Reader file(path);
  const auto u = file.read_float("trajectories/u");
  CHECK(u.shape == std::vector<hsize_t>{4, 2, 3});
  CHECK(u.data[5] == 5);
  CHECK(u.data[6] == 10);
  CHECK(u.data.back() == 27);
  CHECK(file.shape("never_appended") == std::vector<hsize_t>{0});
  CHECK(file.exists("more"));
  std::filesystem::remove(path);
}

TEST_CASE("h5: attributes of every type on the root, groups and datasets", "[unit]") {
  const std::string path = temporary_path("h5_attributes.h5");
  {
    core::H5Writer file(path);
    file.write("metrics/loss", std::vector<double>{1});
    file.set_attribute("/", "task", std::string("chain"));
    file.set_attribute("/", "dt", 0.01);
    file.set_attribute("metrics", "epochs", std::int64_t{12});
    file.set_attribute("metrics/loss", "unit", std::string("nats"));
    file.set_attribute("/", "task", std::string("speech"));  // replaced
  }
  const core::H5Reader file(path);
  CHECK(file.string_attribute("/", "task") == "speech");
  CHECK(file.double_attribute("/", "dt") == 0.01);
  CHECK(file.attribute_text("metrics", "epochs") == "12");
  CHECK(file.attribute_text("/", "dt") == "0.01");
  CHECK(file.string_attribute("metrics/loss", "unit") == "nats");
  CHECK(file.has_attribute("metrics/loss", "unit"));
  CHECK_FALSE(file.has_attribute("metrics/loss", "scale"));
  CHECK_FALSE(file.has_attribute("no/such/object", "unit"));
  CHECK(file.attribute_names("/") == std::vector<std::string>{"dt", "task"});
  CHECK(file.members("/") == std::vector<std::string>{"metrics"});
  CHECK(file.members("metrics") == std::vector<std::string>{"loss"});
  CHECK(file.is_group("metrics"));
  CHECK_FALSE(file.is_group("metrics/loss"));
  CHECK_FALSE(file.exists("metrics/loss/deeper"));
  CHECK_FALSE(file.exists("no/such"));
  std::filesystem::remove(path);
}

TEST_CASE("h5: errors name the file and the dataset or attribute", "[unit]") {
  const std::string path = temporary_path("h5_errors.h5");
  {
    core::H5Writer file(path);
    file.write("metrics/loss", std::vector<double>{1});
    file.write("cube", {1, 1, 1}, std::vector<float>{1}.data());
    file.set_attribute("/", "dt", 0.01);
    file.set_attribute("/", "task", std::string("chain"));
    CHECK_THROWS_WITH(file.set_attribute("no/such/group", "unit", std::string("s")),
                      Contains(path) && Contains("no object 'no/such/group'"));
    CHECK_THROWS_WITH(file.write("", std::vector<double>{1}), Contains(path) && Contains("empty dataset path"));
  }
  const core::H5Reader file(path);
  CHECK_THROWS_WITH(file.read_double("metrics/accuracy"),
                    Contains(path) && Contains("missing dataset 'metrics/accuracy'"));
  CHECK_THROWS_WITH(file.shape("metrics"), Contains(path) && Contains("'metrics' is a group, not a dataset"));
  CHECK_THROWS_WITH(file.members("metrics/loss"), Contains(path) && Contains("'metrics/loss' is not a group"));
  CHECK_THROWS_WITH(file.members("metrics/none"), Contains(path) && Contains("missing group 'metrics/none'"));
  CHECK_THROWS_WITH(file.string_attribute("/", "seed"), Contains(path) && Contains("missing attribute 'seed' on '/'"));
  CHECK_THROWS_WITH(file.string_attribute("/", "dt"), Contains(path) && Contains("attribute 'dt' on '/' is not a string"));
  CHECK_THROWS_WITH(file.double_attribute("metrics", "name"), Contains("missing attribute 'name' on 'metrics'"));
  CHECK_THROWS_WITH(file.double_attribute("/", "task"), Contains(path) && Contains("attribute 'task' on '/' is not a number"));
  CHECK_THROWS_WITH(core::read_matrix(file, "cube"),
                    Contains(path) && Contains("dataset 'cube' has 3 dimensions, expected at most 2"));

  const std::string text = temporary_path("h5_not_hdf5.txt");
  std::ofstream(text) << "not HDF5";
  CHECK_THROWS_WITH(core::H5Reader(text), Contains(text) && Contains("not a readable HDF5 file"));
  CHECK_THROWS_WITH(core::H5Writer(text, core::H5Writer::Mode::append),
                    Contains(text) && Contains("not a readable HDF5 file"));
  CHECK_THROWS_WITH(core::H5Writer("/no/such/dir/run.h5"), Contains("/no/such/dir/run.h5") && Contains("cannot open"));
  std::filesystem::remove(text);
  std::filesystem::remove(path);
}
