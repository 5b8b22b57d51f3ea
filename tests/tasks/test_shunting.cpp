// The shunting task on 100 MNIST images and on the synthetic tasks: what a
// run writes, bit-identical resume, and errors for bad configurations.

#include <catch2/catch.hpp>
#include <cmath>

#include "core/h5_file.h"
#include "datasets/tree_synthetic.h"
#include "tasks/shunting.h"
#include "tests/shipped_configs.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

const std::string mnist_100 = std::string(PROSPECT_TEST_DATA) + "/mnist_100";

// A small network on the 100-image slice: 80 training, 20 validation images.
std::vector<std::string> small_run(std::vector<std::string> more = {}) {
  std::vector<std::string> overrides{"data.dir=" + mnist_100, "network.somata=6",
                                     "network.k_exc=20", "network.k_inh=10", "batch=16",
                                     "epochs=3", "diagnostics.samples=32", "record.samples=2",
                                     "record.every=50"};
  overrides.insert(overrides.end(), more.begin(), more.end());
  return overrides;
}

runs::RunContext context_for(const std::vector<std::string>& overrides, const std::string& path,
                              bool resume = false, const std::string& config = "") {
  runs::RunContext context;
  context.options = core::Options::resolve(tasks::ShuntingTask().options(), config, overrides);
  context.output_path = path;
  context.seed = 5;
  context.progress = false;
  context.resume = resume;
  return context;
}

std::vector<double> read(const std::string& path, const std::string& dataset) {
  return core::H5Reader(path).read_double(dataset).data;
}

}  // namespace

TEST_CASE("shunting: a run writes metrics, fidelity, level distributions and relaxations",
          "[task]") {
  ScratchDirectory scratch("shunting_run");
  const std::string path = scratch.file("run.h5");
  tasks::ShuntingTask().run(context_for(small_run(), path));
  const core::H5Reader run(path);
  CHECK(run.string_attribute("/", "model") == "shunting");
  CHECK(read(path, "metrics/epoch/train_loss").size() == 3);
  CHECK(read(path, "metrics/epoch/test_accuracy").size() == 3);
  // Fidelity at initialisation and after every epoch, decoder excluded.
  const auto cosine = read(path, "metrics/fidelity_summary/local_vs_exact/weighted_cosine");
  REQUIRE(cosine.size() == 4);
  for (const double c : cosine) CHECK((c > -1 && c < 1));
  CHECK(read(path, "metrics/fidelity_summary/local_vs_exact/scale_mismatch").size() == 4);
  CHECK(run.exists("metrics/fidelity/local_vs_exact/layer1/level0/preE/cosine"));
  CHECK_FALSE(run.exists("metrics/fidelity/local_vs_exact/decoder/W/cosine"));
  // At the soma the per-soma rule is backprop up to ρφ (models/shunting/README.md).
  for (const double c : read(path, "metrics/fidelity/local_vs_exact/layer1/level2/logw/cosine")) {
    CHECK(c > 0.99);
  }
  // Input resistance: leaves near 0.7, intermediate levels and somata near
  // 1/50 (models/shunting/README.md, Initialisation).
  CHECK(read(path, "diagnostics/levels/layer1/level0/R/mean")[0] > 0.6);
  CHECK(read(path, "diagnostics/levels/layer1/level1/R/mean")[0] < 0.05);
  CHECK(read(path, "diagnostics/levels/epoch").size() == 4);
  // Relaxation of two test samples: every level's voltages over time.
  const auto time = read(path, "time");
  REQUIRE(time.size() > 2);
  CHECK(run.shape("trajectories/relaxation/layer1/level0/V") ==
        std::vector<hsize_t>{time.size(), 2, 54});
  CHECK(run.shape("trajectories/relaxation/layer1/level2/V") ==
        std::vector<hsize_t>{time.size(), 2, 6});
  CHECK(read(path, "summary/kept_epoch").size() == 1);
}

TEST_CASE("shunting: resuming gives the uninterrupted run bit for bit", "[task]") {
  ScratchDirectory scratch("shunting_resume");
  const std::string straight = scratch.file("straight.h5"), resumed = scratch.file("resumed.h5");
  tasks::ShuntingTask().run(context_for(small_run({"record.samples=0"}), straight));
  tasks::ShuntingTask().run(context_for(small_run({"record.samples=0", "epochs=2"}), resumed));
  tasks::ShuntingTask().run(context_for(small_run({"record.samples=0"}), resumed, true));
  for (const std::string dataset :
       {"metrics/epoch/train_loss", "metrics/epoch/validation_loss", "metrics/epoch/test_accuracy",
        "checkpoint/parameters/layer1/level0/preE", "checkpoint/parameters/layer1/level1/logw",
        "checkpoint/state", "metrics/fidelity_summary/local_vs_exact/weighted_cosine",
        "diagnostics/levels/layer1/level0/V/mean"}) {
    INFO(dataset);
    CHECK(read(straight, dataset) == read(resumed, dataset));
  }
}

TEST_CASE("shunting: backprop, additive cores, stacks and the synthetic tasks run", "[task]") {
  ScratchDirectory scratch("shunting_variants");
  int variant = 0;
  for (const auto& extra : std::vector<std::vector<std::string>>{
           {"learning=backprop"},
           {"network.core=additive", "rule.factors=3f"},
           {"network.somata=6, 4", "network.branch_factors=2", "network.k_exc=5", "network.k_inh=3",
            "rule.broadcast=scalar"},
           {"integrator.scheme=continuous", "epochs=1", "integrator.dt=0.02"}}) {
    const std::string path = scratch.file("run" + std::to_string(++variant) + ".h5");
    tasks::ShuntingTask().run(context_for(small_run(extra), path));
    CHECK(std::isfinite(read(path, "metrics/epoch/train_loss").back()));
  }
  const std::string lines = scratch.file("lines.h5");
  tasks::ShuntingTask().run(context_for(
      {"data.set=noise_resilience", "data.synthetic_samples=64, 32, 32", "network.somata=4",
       "network.k_exc=20", "network.k_inh=10", "batch=16", "epochs=2", "record.samples=0"},
      lines));
  CHECK(read(lines, "metrics/epoch/train_loss").size() == 2);

  // ON/OFF channels double the inputs: K_E 5 of 3 signed values is impossible, of 6 channels not.
  const std::vector<std::string> info{"data.set=info_shunting", "data.dimension=3",
                                      "data.synthetic_samples=64, 32, 32", "network.somata=4",
                                      "network.k_exc=5", "network.k_inh=1", "batch=16", "epochs=1",
                                      "record.samples=0"};
  CHECK_THROWS_WITH(tasks::ShuntingTask().run(context_for(info, scratch.file("signed.h5"))),
                    Contains("network.k_exc"));
  auto on_off = info;
  on_off.push_back("data.channels=on_off");
  tasks::ShuntingTask().run(context_for(on_off, scratch.file("on_off.h5")));
  CHECK(std::isfinite(read(scratch.file("on_off.h5"), "metrics/epoch/train_loss").back()));
}

TEST_CASE("synthetic data: noisy lines and the information-shunting task", "[unit]") {
  core::Rng rng(4);
  const auto lines = datasets::noisy_lines(300, 8, 0.0, rng);
  CHECK(lines.features() == 64);
  for (Index s = 0; s < lines.size(); ++s) {
    // Without noise: 0 (blank), 8 (a row) or 8 (a column) lit pixels.
    CHECK(lines.x.row(s).sum() == (lines.y(s) == 0 ? 0.0f : 8.0f));
  }
  CHECK((lines.y.array() == 1).count() > 60);
  const auto info = datasets::info_shunting(2000, 10, rng);
  double normal_square = 0, uniform_square = 0;
  for (Index s = 0; s < info.size(); ++s) {
    (info.y(s) == 0 ? normal_square : uniform_square) += info.x.row(s).squaredNorm();
  }
  // E[x²] is 1 for N(0, 1) and 1/3 for U(−1, 1).
  CHECK(normal_square / static_cast<double>((info.y.array() == 0).count()) / 10 ==
        Approx(1.0).epsilon(0.05));
  CHECK(uniform_square / static_cast<double>((info.y.array() == 1).count()) / 10 ==
        Approx(1.0 / 3).epsilon(0.05));

  // ON/OFF channels: non-negative, on − off gives back the value, labels kept.
  const auto channels = datasets::on_off_channels(info);
  REQUIRE(channels.features() == 20);
  CHECK(channels.x.minCoeff() == 0.0f);
  CHECK((channels.x.leftCols(10) - channels.x.rightCols(10)) == info.x);
  CHECK((channels.x.leftCols(10).array() * channels.x.rightCols(10).array() == 0.0f).all());
  CHECK(channels.y == info.y);
  CHECK(channels.classes == 2);
}

TEST_CASE("shunting: bad configurations are errors naming the key", "[task]") {
  ScratchDirectory scratch("shunting_errors");
  const auto fails = [&](const std::vector<std::string>& extra, const std::string& message) {
    INFO(message);
    CHECK_THROWS_WITH(tasks::ShuntingTask().run(context_for(small_run(extra), scratch.file("e.h5"))),
                      Contains(message));
  };
  fails({"network.branch_factors=3, 0"}, "key 'network.branch_factors' = '3, 0': item 2 ('0'): expected a whole number >= 1");
  fails({"network.k_exc=800"}, "network.k_exc = 800 synapses per compartment, but the layer has only 784");
  fails({"network.somata=6, 4", "network.k_exc=20"}, "tree layer 2: network.k_exc = 20");
  fails({"network.core=divisive"}, "key 'network.core' = 'divisive': expected shunting or additive");
  fails({"rule.factors=6f"}, "key 'rule.factors' = '6f'");
  fails({"rule.rho_max=0.05"}, "key 'rule.rho_max' = '0.05': expected >= rule.rho_min");
  fails({"data.split=1.5"}, "key 'data.split' = '1.5'");
  fails({"data.dir=/no/such/dir"}, "/no/such/dir");
  fails({"data.split=1"}, "key 'keep_best' = 'true': needs a validation set");
  fails({"integrator.dt=2"}, "key 'integrator.dt' = '2': expected <= network.tau");
}

TEST_CASE("shunting: every shipped configuration parses and runs an epoch", "[task]") {
  // tasks/configs/shunting_<data set>[_backprop|_additive].ini: the name says
  // what the file must set; one tiny epoch (on the 100-image slices, or a few
  // synthetic samples) builds the file's network, relaxation included.
  ScratchDirectory scratch("shunting_configs");
  const auto files = shipped_configs("shunting_");
  for (const auto& file : files) {
    const std::string name = file.filename().string();
    INFO(name);
    const bool fashion = name.find("fashion_mnist") != std::string::npos;
    const auto config = core::Options::resolve(tasks::ShuntingTask().options(), file.string(), {});
    CHECK(config.text("network.core") ==
          (name.find("_additive") != std::string::npos ? "additive" : "shunting"));
    CHECK(config.text("learning") ==
          (name.find("_backprop") != std::string::npos ? "backprop" : "local"));
    CHECK(name.find(config.text("data.set")) != std::string::npos);
    const std::string path = scratch.file(name + ".h5");
    // The data options of the file's set only: another set's are an error.
    const bool images = config.text("data.set").ends_with("mnist");
    tasks::ShuntingTask().run(context_for(
        {images ? "data.dir=" + std::string(PROSPECT_TEST_DATA) + (fashion ? "/fashion_mnist_100" : "/mnist_100")
                : "data.synthetic_samples=40, 20, 20",
         "network.somata=4", "epochs=1", "batch=20", "diagnostics.samples=20", "record.samples=2"},
        path, false, file.string()));
    CHECK(std::isfinite(read(path, "metrics/epoch/train_loss").back()));
  }
  CHECK(files.size() == 6);
}
