// The HDF5 layer: round trips of every type, in-place overwrites, datasets
// that grow, attributes, groups; objects of the wrong kind or type are errors
// naming them, and a write that fails (a file size limit standing in for a
// full disk) is an error naming the file and dataset that leaves the path at
// its last commit.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/error.h"
#include "core/h5_file.h"
#include "tests/file_bytes.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// Runs `write` in a child process whose files may not grow beyond
// `limit_bytes` (SIGXFSZ ignored, so writes fail with EFBIG as on a full
// disk); returns the Error message it ended with, or "" if none.
std::string write_with_size_limit(rlim_t limit_bytes, const std::function<void()>& write) {
  int pipe_ends[2];
  REQUIRE(::pipe(pipe_ends) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipe_ends[0]);
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{limit_bytes, limit_bytes};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int status = 0;
    try {
      write();
    } catch (const Error& e) {
      [[maybe_unused]] const auto written = ::write(pipe_ends[1], e.what(), std::strlen(e.what()));
      status = 1;
    }
    ::_exit(status);
  }
  ::close(pipe_ends[1]);
  std::string message;
  char buffer[512];
  for (ssize_t got; (got = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;) message.append(buffer, std::size_t(got));
  ::close(pipe_ends[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));  // no crash
  CHECK(WEXITSTATUS(status) == (message.empty() ? 0 : 1));
  return message;
}

// A file with objects of every kind a reader may meet where it expects another.
void write_odd_kinds(const std::string& path) {
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose(H5Gcreate2(file, "group", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  H5Lcreate_hard(file, "/", file, "group/loop", H5P_DEFAULT, H5P_DEFAULT);  // back to the root
  const hsize_t three = 3;
  const hid_t space = H5Screate_simple(1, &three, nullptr);
  const double labels[3] = {0, 2, 2.5};
  const hid_t real = H5Dcreate2(file, "labels", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(real, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, labels);
  const hid_t text = H5Tcopy(H5T_C_S1);
  H5Tset_size(text, 4);
  const hid_t strings = H5Dcreate2(file, "strings", text, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(strings, text, H5S_ALL, H5S_ALL, H5P_DEFAULT, "abc\0def\0ghi");
  const hid_t scalar = H5Screate(H5S_SCALAR);
  const double number = 1.5;
  const hid_t attribute = H5Acreate2(file, "number", H5T_NATIVE_DOUBLE, scalar, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(attribute, H5T_NATIVE_DOUBLE, &number);
  const hid_t fixed = H5Acreate2(file, "fixed_text", text, scalar, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(fixed, text, "abc");
  H5Lcreate_soft("/nowhere", file, "dangling", H5P_DEFAULT, H5P_DEFAULT);
  for (const hid_t id : {attribute, fixed}) H5Aclose(id);
  for (const hid_t id : {real, strings}) H5Dclose(id);
  H5Tclose(text);
  H5Sclose(space);
  H5Sclose(scalar);
  H5Fclose(file);
}

}  // namespace

TEST_CASE("h5 reader: a group, strings, a dangling link or 2.5 where integers are expected",
          "[unit]") {
  const auto path = temporary_path("odd_kinds.h5");
  write_odd_kinds(path);
  const core::H5Reader file(path);
  CHECK_THROWS_WITH(file.read_float("group"),
                    Contains(path) && Contains("'group' is a group, expected a dataset"));
  CHECK_THROWS_WITH(file.shape("group/loop"), Contains("is a group, expected a dataset"));
  CHECK_THROWS_WITH(file.read_double("strings"),
                    Contains("dataset 'strings' holds strings, expected numbers"));
  CHECK_THROWS_WITH(file.read_float("dangling"), Contains("'dangling' is an object of unknown kind"));
  CHECK_THROWS_WITH(file.members("labels"), Contains("'labels' is a dataset, expected a group"));
  CHECK_THROWS_WITH(file.string_attribute("/", "number"),
                    Contains("attribute 'number' of '/' holds floating-point numbers, expected text"));
  CHECK(file.string_attribute("/", "fixed_text") == "abc");
  CHECK_THROWS_WITH(file.double_attribute("/", "fixed_text"), Contains("holds strings, expected a number"));
  CHECK(file.is_group("group/loop"));
  CHECK(file.address("group/loop") == file.address("/"));
  CHECK_THROWS_WITH(file.read_int("labels"),
                    Contains(path) && Contains("dataset 'labels' has 2.5 at index 2, expected whole numbers"));
  fs::remove(path);
}

TEST_CASE("h5 reader: whole numbers stored as floats are read as integers", "[unit]") {
  const auto path = temporary_path("float_labels.h5");
  {
    core::H5Writer writer(path);
    writer.write("whole", std::vector<double>{0, 7, -3}, "1");
    writer.close();
  }
  CHECK(core::H5Reader(path).read_int("whole").data == std::vector<std::int64_t>{0, 7, -3});
  fs::remove(path);
}

TEST_CASE("h5 writer: nothing at the path until commit, and a write after close is an error",
          "[unit]") {
  const auto path = temporary_path("writer_commit.h5");
  core::H5Writer writer(path);
  writer.write("a", std::vector<double>{1}, "1");
  CHECK_FALSE(fs::exists(path));
  writer.commit();
  CHECK(core::H5Reader(path).read_double("a").data == std::vector<double>{1});
  writer.write("b", std::vector<double>{2}, "1");
  CHECK_FALSE(core::H5Reader(path).exists("b"));
  writer.close();
  CHECK(core::H5Reader(path).read_double("b").data == std::vector<double>{2});
  CHECK_THROWS_WITH(writer.write("c", std::vector<double>{3}, "1"), Contains("already closed"));
  fs::remove(path);
}

TEST_CASE("h5 writer: a write beyond the file size limit names file and dataset and leaves the "
          "last commit", "[unit]") {
  const auto path = temporary_path("writer_full.h5");
  // 4 MB, past the 1 MB limit, and as random as to stay so when deflated.
  std::vector<float> big(1 << 20);
  std::uint32_t state = 1;
  for (float& value : big) value = float(state = state * 1664525u + 1013904223u);
  SECTION("a new file: nothing at the path") {
    const auto message = write_with_size_limit(1 << 20, [&] {
      core::H5Writer writer(path);
      writer.write("small", std::vector<double>{1, 2}, "1");
      writer.write("metrics/big", {big.size()}, big.data(), "1");
      writer.close();
    });
    CHECK_THAT(message, Contains(path) && Contains("dataset 'metrics/big'") &&
                            Contains("File too large"));
    CHECK_FALSE(fs::exists(path));
  }
  SECTION("after a commit: the committed file, readable") {
    const auto message = write_with_size_limit(1 << 20, [&] {
      core::H5Writer writer(path);
      writer.write("small", std::vector<double>{1, 2}, "1");
      writer.commit();
      writer.write("metrics/big", {big.size()}, big.data(), "1");
      writer.close();
    });
    CHECK_THAT(message, Contains(path) && Contains("metrics/big"));
    const core::H5Reader file(path);
    CHECK(file.read_double("small").data == std::vector<double>{1, 2});
    CHECK_FALSE(file.exists("metrics/big"));
  }
  SECTION("an update of an existing file: the file as it was") {
    {
      core::H5Writer writer(path);
      writer.write("run", std::vector<double>{3}, "1");
      writer.close();
    }
    const std::string before = bytes_of(path);
    const auto message = write_with_size_limit(1 << 20, [&] {
      core::H5Writer writer(path, core::H5Writer::Mode::update);
      auto growing = writer.appendable("spectra/big", {1024}, "1");
      for (std::size_t i = 0; i < 1024; ++i) growing.append(big.data() + 1024 * i);
      writer.close();
    });
    CHECK_THAT(message, Contains(path) && Contains("dataset 'spectra/big'") &&
                            Contains("File too large"));
    CHECK(bytes_of(path) == before);
  }
  for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path())) {
    CHECK(entry.path().filename().string().rfind(fs::path(path).filename().string() + ".partial-", 0) ==
          std::string::npos);  // no scratch file left behind
  }
  fs::remove(path);
}

TEST_CASE("h5: arrays of every type round-trip with their shapes", "[unit]") {
  const std::string path = temporary_path("h5_round_trip.h5");
  {
    core::H5Writer file(path);
    const std::vector<float> f{1.5f, -2, 3, 4, 5, 6};
    const std::vector<double> d{0.1, 0.2, 0.3};
    const std::vector<std::int64_t> i{-7, 8};
    file.write("a/float", {2, 3}, f.data(), "1");
    file.write("a/b/double", {3}, d.data(), "1");
    file.write("int", {2, 1}, i.data(), "1");
    file.write("values", std::vector<double>{4, 5}, "1");
    file.write("empty", std::vector<double>{}, "1");
    file.close();
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

TEST_CASE("h5: every numeric dataset carries its unit, truth values are h5py's bools", "[unit]") {
  const std::string path = temporary_path("h5_units.h5");
  {
    core::H5Writer file(path);
    file.write("omega", std::vector<double>{1, 2}, core::units::rad_per_time);
    file.write("state", std::vector<double>{1}, core::units::none);
    auto growing = file.appendable("time", {}, core::units::time);
    const float t = 0.5f;
    growing.append(&t);
    const bool flags[] = {true, false, true};
    file.write("matches", {3}, flags);
    file.close();
  }
  const core::H5Reader file(path);
  CHECK(file.string_attribute("omega", "unit") == "rad/time");
  CHECK(file.string_attribute("time", "unit") == "time");
  CHECK_FALSE(file.has_attribute("state", "unit"));
  CHECK_FALSE(file.has_attribute("matches", "unit"));
  CHECK(file.read_bool("matches").data == std::vector<bool>{true, false, true});
  // Numbers read from truth values are 0 and 1 (as sweep summaries average them).
  CHECK(file.read_double("matches").data == std::vector<double>{1, 0, 1});
  CHECK(file.read_int("matches").data == std::vector<std::int64_t>{1, 0, 1});
  CHECK_THROWS_WITH(file.read_bool("omega"), Contains("'omega' has 2 at index 1") &&
                                             Contains("expected truth values"));
  std::filesystem::remove(path);
}

TEST_CASE("h5: rewriting a dataset of the same shape overwrites it in place", "[unit]") {
  const std::string path = temporary_path("h5_overwrite.h5");
  std::uintmax_t size_after_first = 0;
  {
    core::H5Writer file(path);
    std::vector<double> checkpoint(1000, 0.0);
    file.write("checkpoint/state", checkpoint, "1");
    file.commit();
    size_after_first = std::filesystem::file_size(path);
    for (int epoch = 1; epoch <= 20; ++epoch) {
      checkpoint.assign(1000, epoch);
      file.write("checkpoint/state", checkpoint, "1");
    }
    file.commit();
    CHECK(std::filesystem::file_size(path) == size_after_first);  // no dead space
    file.write("checkpoint/state", std::vector<double>{1, 2}, "1");   // another shape: replaced
    file.write("series", {1}, std::vector<std::int64_t>{3}.data(), "1");
    file.write("series", std::vector<double>{0.5}, "1");  // another type: replaced
    file.close();
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
    auto series = file.appendable("trajectories/u", {2, 3}, "1", 4);
    const std::vector<float> frame{0, 1, 2, 3, 4, 5};
    series.append(frame.data());
    std::vector<float> block(3 * 6);
    for (std::size_t k = 0; k < block.size(); ++k) block[k] = static_cast<float>(10 + k);
    series.append(block.data(), 3);
    CHECK(series.frames() == 4);
    auto empty = file.appendable("never_appended", {}, "1");
    CHECK(empty.frames() == 0);
    file.close();
  }
  {
    core::H5Writer file(path, core::H5Writer::Mode::update);  // reopened: what is there stays
    file.write("more", std::vector<double>{1}, "1");
    file.close();
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
    file.write("metrics/loss", std::vector<double>{1}, "1");
    file.set_attribute("/", "task", std::string("chain"));
    file.set_attribute("/", "dt", 0.01);
    file.set_attribute("metrics", "epochs", std::int64_t{12});
    file.set_attribute("metrics/loss", "unit", std::string("nats"));
    file.set_attribute("/", "task", std::string("speech"));  // replaced
    file.close();
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
    file.write("metrics/loss", std::vector<double>{1}, "1");
    file.write("cube", {1, 1, 1}, std::vector<float>{1}.data(), "1");
    file.set_attribute("/", "dt", 0.01);
    file.set_attribute("/", "task", std::string("chain"));
    CHECK_THROWS_WITH(file.set_attribute("no/such/group", "unit", std::string("s")),
                      Contains(path) && Contains("cannot write attribute 'unit' of 'no/such/group': no such object"));
    CHECK_THROWS_WITH(file.write("", std::vector<double>{1}, "1"), Contains(path) && Contains("empty dataset path"));
    file.close();
  }
  const core::H5Reader file(path);
  CHECK_THROWS_WITH(file.read_double("metrics/accuracy"),
                    Contains(path) && Contains("missing dataset 'metrics/accuracy'"));
  CHECK_THROWS_WITH(file.shape("metrics"), Contains(path) && Contains("'metrics' is a group, expected a dataset"));
  CHECK_THROWS_WITH(file.members("metrics/loss"), Contains(path) && Contains("'metrics/loss' is a dataset, expected a group"));
  CHECK_THROWS_WITH(file.members("metrics/none"), Contains(path) && Contains("missing group 'metrics/none'"));
  CHECK_THROWS_WITH(file.string_attribute("/", "seed"), Contains(path) && Contains("missing attribute 'seed' on '/'"));
  CHECK_THROWS_WITH(file.string_attribute("/", "dt"), Contains(path) && Contains("attribute 'dt' of '/' holds floating-point numbers, expected text"));
  CHECK_THROWS_WITH(file.double_attribute("metrics", "name"), Contains("missing attribute 'name' on 'metrics'"));
  CHECK_THROWS_WITH(file.double_attribute("/", "task"), Contains(path) && Contains("attribute 'task' of '/' holds strings, expected a number"));
  CHECK_THROWS_WITH(core::read_matrix(file, "cube"),
                    Contains(path) && Contains("dataset 'cube' has 3 dimensions, expected at most 2"));

  const std::string text = temporary_path("h5_not_hdf5.txt");
  std::ofstream(text) << "not HDF5";
  CHECK_THROWS_WITH(core::H5Reader(text), Contains(text) && Contains("not a readable HDF5 file"));
  CHECK_THROWS_WITH(core::H5Writer(text, core::H5Writer::Mode::update),
                    Contains(text) && Contains("not an HDF5 file, so nothing can be added to it"));
  CHECK_THROWS_WITH(core::H5Writer("/no/such/dir/run.h5"), Contains("/no/such/dir/run.h5") && Contains("the directory /no/such/dir does not exist"));
  std::filesystem::remove(text);
  std::filesystem::remove(path);
}
