#include <catch2/catch.hpp>
#include <filesystem>

#include "core/recorder.h"
#include "tests/temporary_path.h"

using namespace prospect;

TEST_CASE("recorder appends frames in blocks and reads back in (T, samples, neurons)", "[unit]") {
  const auto path = temporary_path("recorder.h5");
  {
    core::H5Writer file(path);
    file.set_attribute("/", "task", std::string("test"));
    core::Recorder recorder(file, 4);
    const int signal = recorder.add("trajectories/layer1/u", {2, 3}, "mV");
    const int weights = recorder.add("parameters/layer1/W", {2, 2}, "1");
    for (int step = 0; step < 10; ++step) {
      MatrixF frame(3, 5);  // neurons × batch
      for (Index n = 0; n < 3; ++n) {
        for (Index b = 0; b < 5; ++b) frame(n, b) = static_cast<float>(100 * step + 10 * b + n);
      }
      recorder.append_columns(signal, frame, {1, 4});
      MatrixF w(2, 2);
      w << 1, 2, 3, static_cast<float>(step);
      recorder.append_matrix(weights, w);
    }
    recorder.flush();  // the partial block
    file.close();
  }
  const core::H5Reader file(path);
  CHECK(file.string_attribute("/", "task") == "test");
  CHECK(file.string_attribute("trajectories/layer1/u", "unit") == "mV");
  const auto u = file.read_float("trajectories/layer1/u");
  REQUIRE(u.shape == std::vector<hsize_t>{10, 2, 3});
  // step 7, second recorded sample (batch column 4), neuron 2
  CHECK(u.data[(7 * 2 + 1) * 3 + 2] == 100 * 7 + 10 * 4 + 2);
  const auto w = file.read_float("parameters/layer1/W");
  REQUIRE(w.shape == std::vector<hsize_t>{10, 2, 2});
  CHECK(w.data[9 * 4 + 1] == 2);  // row-major: W(0, 1)
  CHECK(w.data[9 * 4 + 3] == 9);
  std::filesystem::remove(path);
}

TEST_CASE("reading a missing file or dataset names it", "[unit]") {
  CHECK_THROWS_WITH(core::H5Reader("/no/such/run.h5"), Catch::Matchers::Contains("/no/such/run.h5"));
  const auto path = temporary_path("reader.h5");
  core::H5Writer(path).close();
  CHECK_THROWS_WITH(core::H5Reader(path).read_float("metrics/loss"),
                    Catch::Matchers::Contains("metrics/loss") && Catch::Matchers::Contains(path));
  std::filesystem::remove(path);
}
