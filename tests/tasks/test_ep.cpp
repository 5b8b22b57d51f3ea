// The ep task end to end on 100-image MNIST and Fashion-MNIST slices: what it
// writes, that it learns, bit-identical resume, and bad input.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/divergence.h"
#include "core/h5_file.h"
#include "datasets/idx.h"
#include "tasks/ep.h"
#include "tests/shipped_configs.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

const std::string data_dir = PROSPECT_TEST_DATA;

// A small network (784-32-10), 40 training and 20 test images.
std::vector<std::string> small_run(std::vector<std::string> extra) {
  std::vector<std::string> overrides{"data.dir=" + data_dir + "/mnist_100",
                                     "data.train_samples=40", "data.test_samples=20",
                                     "network.widths=784,32,10", "batch=10", "epochs=2",
                                     "record.samples=3", "gdu.samples=5"};
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return overrides;
}

runs::RunContext context_for(const std::vector<std::string>& overrides, const std::string& path,
                              bool resume = false) {
  runs::RunContext context;
  context.options = core::Options::resolve(tasks::EpTask().options(), "", overrides);
  context.output_path = path;
  context.seed = 5;
  context.progress = false;
  context.resume = resume;
  return context;
}

std::vector<double> column(const core::H5Reader& file, const std::string& path) {
  return file.read_double(path).data;
}

// Equal values, NaN equal to NaN (a class without test images has no fraction).
bool same(const std::vector<double>& a, const std::vector<double>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](double x, double y) {
    return x == y || (std::isnan(x) && std::isnan(y));
  });
}

}  // namespace

TEST_CASE("ep task: every model learns and writes metrics, trajectories and GDU curves", "[task]") {
  ScratchDirectory scratch("ep_runs");
  for (const std::string model : {"ep_mlp", "dep", "dep_e"}) {
    const std::string path = scratch.file(model + ".h5");
    tasks::EpTask().run(context_for(small_run({"model=" + model, "epochs=3"}), path));
    const core::H5Reader file(path);
    INFO(model);
    const auto loss = column(file, "metrics/epoch/train_loss");
    REQUIRE(loss.size() == 3);
    CHECK(loss.back() < loss.front());
    CHECK(file.string_attribute("/", "model") == "ep");
    CHECK(file.string_attribute("/", "scheme") == "reference");
    for (const std::string phase : {"free", "plus", "minus"}) {
      const std::string group = "trajectories/epoch3/" + phase + "/";
      const auto shape = file.shape(group + "layer1/s");
      CHECK(shape == std::vector<hsize_t>{phase == "free" ? 60u : 12u, 3, 32});
      CHECK(file.exists(group + "energy") == (model != "dep"));
      CHECK(column(file, group + "steps").at(0) == (phase == "free" ? 60 : 12));
    }
    CHECK(file.shape("metrics/fidelity/gdu_symmetric_epoch0/layer1/" +
                     std::string(model == "ep_mlp" ? "W" : "basal/W") + "/cosine") ==
          std::vector<hsize_t>{12});
    CHECK(!file.exists("metrics/fidelity/gdu_symmetric_epoch1"));
    // Dead output units per epoch, from the test evaluation's free states.
    const auto dead = column(file, "metrics/epoch/dead_output_units");
    REQUIRE(file.shape("metrics/epoch/own_class_drive_below_beta") == std::vector<hsize_t>{3, 10});
    REQUIRE(dead.size() == 3);
    const auto fractions = column(file, "metrics/epoch/own_class_drive_below_beta");
    for (std::size_t e = 0; e < 3; ++e) {
      long at_threshold = 0;
      for (std::size_t c = 0; c < 10; ++c) {
        const double f = fractions[e * 10 + c];
        if (std::isnan(f)) continue;  // a class without test images among the 20
        CHECK((f >= 0 && f <= 1));
        at_threshold += f >= 0.95;
      }
      CHECK(dead[e] == at_threshold);
    }
    if (model == "dep") CHECK(dead == std::vector<double>{0, 0, 0});  // drives are means of ReLUs
  }
}

TEST_CASE("ep task: the kept parameters are the best validation epoch's, from training images "
          "held out", "[task]") {
  ScratchDirectory scratch("ep_selection");
  const auto path = scratch.file("long.h5");
  // 20 of the first 80 training images held out.
  const auto run = [&](long epochs, const std::string& out) {
    tasks::EpTask().run(context_for(small_run({"model=dep", "epochs=" + std::to_string(epochs),
                                               "data.train_samples=80", "data.validation=0.25",
                                               "gdu.samples=0", "record.samples=0"}),
                                    out));
  };
  const long epochs = 6;
  run(epochs, path);
  const core::H5Reader file(path);
  CHECK(file.string_attribute("/", "selection") == "validation");
  const auto loss = column(file, "metrics/epoch/validation_loss");
  const auto accuracy = column(file, "metrics/epoch/validation_accuracy");
  REQUIRE(loss.size() == static_cast<std::size_t>(epochs));
  REQUIRE(accuracy.size() == loss.size());
  const long best = std::min_element(loss.begin(), loss.end()) - loss.begin() + 1;
  const long kept = static_cast<long>(column(file, "summary/kept_epoch").at(0));
  CHECK(kept == best);
  // The run is one where it matters: neither the first nor the last epoch,
  // and not the epoch the test loss would choose.
  CHECK((kept > 1 && kept < epochs));
  const auto test_loss = column(file, "metrics/epoch/test_loss");
  CHECK(kept != std::min_element(test_loss.begin(), test_loss.end()) - test_loss.begin() + 1);
  CHECK(file.double_attribute("best", "epoch") == static_cast<double>(kept));
  CHECK(column(file, "summary/best_epoch").at(0) ==
        static_cast<double>(std::max_element(accuracy.begin(), accuracy.end()) - accuracy.begin() + 1));
  // The kept parameters are those a run stopped after the kept epoch ends
  // with, and score that epoch's test accuracy.
  const auto short_path = scratch.file("short.h5");
  run(kept, short_path);
  const core::H5Reader stopped(short_path);
  for (const std::string p : {"layer1/basal/W", "layer1/apical/W", "layer2/basal/W", "layer2/basal/b"}) {
    INFO(p);
    CHECK(file.read_float("best/parameters/" + p).data ==
          stopped.read_float("checkpoint/parameters/" + p).data);
  }
  CHECK(column(file, "summary/test_accuracy_of_kept_parameters").at(0) ==
        column(file, "metrics/epoch/test_accuracy").at(static_cast<std::size_t>(kept - 1)));

  // The held-out rows are 20 distinct rows of the first 80 training images,
  // and none of those images is one of the 20 test images.
  auto rows = column(file, "validation_rows");
  REQUIRE(rows.size() == 20);
  std::sort(rows.begin(), rows.end());
  CHECK(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
  CHECK((rows.front() >= 0 && rows.back() < 80));
  const auto images = datasets::load_mnist(data_dir + "/mnist_100");
  for (const double r : rows) {
    for (Index t = 0; t < 20; ++t) {
      CHECK(images.train.x.row(static_cast<Index>(r)) != images.test.x.row(t));
    }
  }
}

TEST_CASE("ep task: select = test is the published protocol, without held-out images", "[task]") {
  ScratchDirectory scratch("ep_select_test");
  const auto path = scratch.file("run.h5");
  tasks::EpTask().run(context_for(
      small_run({"select=test", "data.validation=0", "gdu.samples=0", "record.samples=0"}), path));
  const core::H5Reader file(path);
  CHECK(file.string_attribute("/", "selection") == "test");
  CHECK(!file.exists("metrics/epoch/validation_accuracy"));
  CHECK(!file.exists("best"));
  CHECK(!file.exists("validation_rows"));
  const auto test = column(file, "metrics/epoch/test_accuracy");
  CHECK(column(file, "summary/best_test_accuracy").at(0) == *std::max_element(test.begin(), test.end()));
}

TEST_CASE("ep task: BPTT and the ode scheme train too", "[task]") {
  ScratchDirectory scratch("ep_variants");
  const auto bptt = scratch.file("bptt.h5");
  tasks::EpTask().run(context_for(small_run({"model=dep", "algorithm=bptt", "gdu.samples=0"}), bptt));
  CHECK(column(core::H5Reader(bptt), "metrics/epoch/train_loss").size() == 2);
  const auto ode = scratch.file("ode.h5");
  tasks::EpTask().run(context_for(
      small_run({"integrator.scheme=ode", "integrator.stepper=rk4", "integrator.dt=0.5",
                 "integrator.tolerance=1e-4"}),
      ode));
  const core::H5Reader file(ode);
  CHECK(file.string_attribute("/", "stepper") == "rk4");
  CHECK(column(file, "trajectories/epoch2/free/residual").at(0) <= 1e-4);  // max|ds/dt|
}

TEST_CASE("ep task: a resumed run is bit-identical to an uninterrupted one", "[task]") {
  ScratchDirectory scratch("ep_resume");
  const auto whole = scratch.file("whole.h5"), split = scratch.file("split.h5");
  tasks::EpTask().run(context_for(small_run({"model=dep", "epochs=3"}), whole));
  tasks::EpTask().run(context_for(small_run({"model=dep", "epochs=2"}), split));
  tasks::EpTask().run(context_for(small_run({"model=dep", "epochs=3"}), split, true));
  const core::H5Reader a(whole), b(split);
  for (const std::string metric : {"train_loss", "train_accuracy", "test_loss", "test_accuracy",
                                   "dead_output_units", "own_class_drive_below_beta"}) {
    INFO(metric);
    CHECK(same(column(a, "metrics/epoch/" + metric), column(b, "metrics/epoch/" + metric)));
  }
  for (const std::string p : {"layer1/basal/W", "layer1/apical/W", "layer2/basal/b"}) {
    CHECK(a.read_float("checkpoint/parameters/" + p).data ==
          b.read_float("checkpoint/parameters/" + p).data);
  }
}

TEST_CASE("ep task: Fashion-MNIST is standardised as the reference code does", "[task]") {
  ScratchDirectory scratch("ep_fashion");
  const auto path = scratch.file("fashion.h5");
  tasks::EpTask().run(context_for(
      small_run({"data.set=fashion_mnist", "data.dir=" + data_dir + "/fashion_mnist_100",
                 "epochs=1", "model=dep"}),
      path));
  // With (x/255 − 0.2860)/0.3530, a black pixel is −0.810: the first layer's
  // drive of a blank image is far from that of unscaled pixels.
  const core::H5Reader file(path);
  CHECK(column(file, "metrics/epoch/train_loss").size() == 1);
}

TEST_CASE("ep task: bad input is an error naming the key, file or phase", "[task]") {
  ScratchDirectory scratch("ep_errors");
  const auto out = scratch.file("run.h5");
  const auto fails = [&](std::vector<std::string> extra) {
    tasks::EpTask().run(context_for(small_run(std::move(extra)), out));
  };
  CHECK_THROWS_WITH(fails({"network.widths=100,32,10"}),
                    Contains("key 'network.widths' = '100,32,10'") && Contains("784 pixels"));
  CHECK_THROWS_WITH(fails({"network.widths=784,32,7"}),
                    Contains("output width must be the data's 10 classes"));
  CHECK_THROWS_WITH(fails({"data.dir=" + data_dir}),
                    Contains(data_dir) && Contains("train-images-idx3-ubyte"));
  CHECK_THROWS_WITH(fails({"data.dir="}), Contains("key 'data.dir' = ''"));
  CHECK_THROWS_WITH(fails({"optimizer.lrs=0.4"}),
                    Contains("key 'optimizer.lrs' = '0.4': expected one rate per layer (2)"));
  CHECK_THROWS_WITH(
      fails({"integrator.scheme=ode", "integrator.tolerance=1e-9", "integrator.max_steps=5"}),
                    Contains("EP free phase") && Contains("did not settle within 5 steps") &&
                        Contains("residual") && Contains("at step 5"));
  CHECK_THROWS_WITH(fails({"integrator.scheme=ode", "integrator.dt=2"}),
                    Contains("key 'integrator.dt' = '2"));
  CHECK_THROWS_WITH(fails({"record.samples=21"}), Contains("key 'record.samples' = '21'"));
  CHECK_THROWS_WITH(fails({"data.validation=0"}),
                    Contains("key 'select' = 'validation': needs held-out validation images"));
  CHECK_THROWS_WITH(fails({"select=test"}),
                    Contains("key 'select' = 'test'") && Contains("set data.validation = 0"));
  CHECK_THROWS_WITH(fails({"data.validation=1"}),
                    Contains("key 'data.validation' = '1': expected a number in [0, 1)"));
  CHECK_THROWS_WITH(fails({"data.validation=0.01"}),
                    Contains("holds out none of the 40 training images"));
  CHECK_THROWS_WITH(fails({"dead_units.fraction=1.5"}),
                    Contains("key 'dead_units.fraction' = '1.5': expected a number in (0, 1]"));
}

TEST_CASE("ep task: every shipped configuration parses and runs an epoch", "[task]") {
  // tasks/configs/ep_<model>[_bptt]_<data set>[_deep].ini: the name says what
  // the file must set; one tiny epoch on the 100-image slices builds the
  // file's network.
  ScratchDirectory scratch("ep_configs");
  const auto configs = shipped_configs("ep_");
  for (const auto& config : configs) {
    const std::string name = config.filename().string();
    INFO(name);
    const bool fashion = name.find("fashion_mnist") != std::string::npos;
    const bool bptt = name.find("_bptt_") != std::string::npos;
    const std::string model = name.starts_with("ep_mlp_")     ? "ep_mlp"
                              : name.starts_with("ep_dep_e_") ? "dep_e"
                                                              : "dep";
    auto options = core::Options::resolve(
        tasks::EpTask().options(), config.string(),
        {"data.dir=" + data_dir + (fashion ? "/fashion_mnist_100" : "/mnist_100"),
         "data.train_samples=20", "data.test_samples=10", "epochs=1", "batch=10",
         "record.samples=1", "gdu.samples=2"});
    CHECK(options.text("model") == model);
    CHECK(options.text("algorithm") == (bptt ? "bptt" : "ep"));
    CHECK(options.text("data.set") == (fashion ? "fashion_mnist" : "mnist"));
    CHECK(options.text("optimizer") == "sgd");
    CHECK(options.reals("optimizer.lrs").front() == 0.4);
    CHECK(options.reals("optimizer.lrs").back() == 0.02);
    const auto widths = options.reals("network.widths");
    const bool deep = name.ends_with("_deep.ini");
    CHECK(widths.size() == (deep ? 4u : 3u));
    CHECK(options.integer("relaxation.free_steps") == (deep ? 120 : 60));
    // The published runs select on test, as the published code; the guesses on validation.
    CHECK(options.text("select") == (deep ? "validation" : "test"));
    CHECK(options.real("data.validation") == (deep ? 0.2 : 0));

    const std::string path = scratch.file(name + ".h5");
    runs::RunContext context;
    context.options = std::move(options);
    context.output_path = path;
    context.progress = false;
    tasks::EpTask().run(context);
    const core::H5Reader file(path);
    CHECK(column(file, "metrics/epoch/test_accuracy").size() == 1);
    const hsize_t branches = model == "ep_mlp" ? 1 : 8;
    for (std::size_t l = 1; l < widths.size(); ++l) {
      const std::string layer = "checkpoint/parameters/layer" + std::to_string(l);
      const auto shape = file.shape(layer + (model == "ep_mlp" ? "/W" : "/basal/W"));
      CHECK(shape == std::vector<hsize_t>{branches * static_cast<hsize_t>(widths[l]) *
                                          static_cast<hsize_t>(widths[l - 1])});
    }
  }
  CHECK(configs.size() == 12);
}

TEST_CASE("ep task: a diverging run stops with core::Diverged naming the batch", "[task]") {
  ScratchDirectory scratch("ep_diverged");
  const auto path = scratch.file("run.h5");
  // Rates so large that the weights overflow: the next relaxation's drive is infinite.
  CHECK_THROWS_AS(tasks::EpTask().run(context_for(
                      small_run({"optimizer.lrs=1e38,1e38", "gdu.samples=0"}), path)),
                  core::Diverged);
  const core::H5Reader file(path);
  CHECK_THAT(file.string_attribute("/", "diverged"),
             Contains("ep epoch 1, training batch") && Contains("not finite"));
}
