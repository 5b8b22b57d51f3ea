// Mackey-Glass forecasting end to end on a shortened series (one window of
// 1 λ + 1 λ): teacher forcing learns a one-horizon forecast far better than
// persistence, the autoregressive forecast stays bounded, and the run file
// holds what the plot needs.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

#include "core/h5_file.h"
#include "tasks/mackey_glass.h"
#include "tests/temporary_path.h"

using namespace prospect;

TEST_CASE("mackey_glass: teacher forcing beats persistence, the free-running forecast stays bounded",
          "[task]") {
  const std::string path =
      temporary_path("mackey_glass.h5");
  tasks::RunContext context;
  context.options = core::Options::resolve(
      tasks::MackeyGlassTask().options(), "",
      {"windows=1", "data.length=2", "window.length=2", "window.train=1", "epochs=30",
       "optimizer.lr=1e-3"});
  context.output_path = path;
  context.progress = false;
  tasks::MackeyGlassTask().run(context);
  const core::H5Reader run(path);

  const auto mse = run.read_double("metrics/epoch/train_mse").data;
  const double persistence = run.read_double("metrics/window/persistence_mse").data[0];
  INFO("train MSE first " << mse.front() << ", last " << mse.back() << ", persistence " << persistence);
  CHECK(mse.back() < 0.2 * persistence);  // measured: 7.1e-5 vs 1.1e-3 (0.06)
  CHECK(mse.back() < mse.front());

  REQUIRE(run.shape("forecast/prediction") == std::vector<hsize_t>{1, 985});
  for (const double y : run.read_double("forecast/prediction").data) {
    REQUIRE(std::isfinite(y));
    CHECK(y > 0);
    CHECK(y < 2);
  }
  const double smape = run.read_double("summary/mean_smape").data[0];
  CHECK(smape > 0);
  CHECK(smape < 200);
  CHECK(run.read_double("metrics/window/best_smape").data[0] <= smape);
  std::filesystem::remove(path);
}
