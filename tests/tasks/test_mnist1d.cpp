// The MNIST-1D task: its pieces, a short learning run, and bit-identical
// resume from a checkpoint.

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "core/h5_file.h"
#include "core/optimizer.h"
#include "tasks/classification_meter.h"
#include "tasks/mnist1d.h"
#include "tasks/mnist1d_network.h"
#include "tasks/rate_noise.h"
#include "tasks/sequence_stream.h"
#include "tests/temporary_path.h"

using namespace prospect;

namespace {

const std::string data_dir = PROSPECT_TEST_DATA;

tasks::RunContext context_for(const std::vector<std::string>& overrides, const std::string& path,
                              bool resume = false) {
  tasks::RunContext context;
  context.options = core::Options::resolve(tasks::Mnist1dTask().options(), "", overrides);
  context.output_path = path;
  context.seed = 3;
  context.progress = false;
  context.resume = resume;
  return context;
}

Index parameter_count(gle::Parameters<float>& parameters, const gle::LearnedParameters& learned) {
  return core::total_size(parameters.trainable(learned));
}

}  // namespace

TEST_CASE("sequence stream: identity at the samples' resolution, linear in between", "[unit]") {
  tasks::SequenceSet set;
  set.x.resize(2, 4);
  set.x << 0, 1, 2, 3,  //
      10, 20, 30, 40;
  set.y.resize(2);
  set.y << 0, 1;
  MatrixF out(1, 2);
  const tasks::SequenceStream same(4, 4);
  for (Index k = 0; k < 4; ++k) {
    same.input(set, {0, 1}, k, out);
    CHECK(out(0, 0) == set.x(0, k));
    CHECK(out(0, 1) == set.x(1, k));
  }
  // 7 steps over 4 points: every other step falls halfway between points.
  const tasks::SequenceStream finer(4, 7);
  finer.input(set, {1, 0}, 1, out);
  CHECK(out(0, 0) == Approx(15));
  CHECK(out(0, 1) == Approx(0.5));
  finer.input(set, {1, 0}, 6, out);
  CHECK(out(0, 0) == Approx(40));
  CHECK_THROWS_WITH(tasks::SequenceStream(1, 10), Catch::Contains("at least 2 points"));
}

TEST_CASE("classification meter: summed-output prediction and per-step cross-entropy", "[unit]") {
  tasks::ClassificationMeter meter(3, 2);
  meter.begin({2, 0}, 2);
  MatrixF output(3, 2);
  // Sample 0 (label 2) votes 2 at the first step and 0 weakly at the second;
  // sample 1 (label 0) votes 1 twice.
  output << 0, 0,  //
      0, 1,        //
      2, 0;
  meter.add_step(output);
  output << 1, 0,  //
      0, 1,        //
      0, 0;
  meter.add_step(output);
  meter.end();
  CHECK(meter.accuracy() == Approx(0.5));
  const auto ce = [](double label_logit, double a, double b, double c) {
    return std::log(std::exp(a) + std::exp(b) + std::exp(c)) - label_logit;
  };
  const double expected =
      (ce(2, 0, 0, 2) + ce(0, 1, 0, 0) + ce(0, 0, 1, 0) + ce(0, 0, 1, 0)) / 4;
  CHECK(meter.mean_loss() == Approx(expected).epsilon(1e-6));
  CHECK(meter.samples() == 2);
}

TEST_CASE("correlated rate noise: the stated standard deviation, smooth, seeded", "[unit]") {
  const Index neurons = 50, batch = 40, points = 72;
  tasks::CorrelatedRateNoise noise({neurons}, batch, points, 0.3, 2.0);
  const tasks::SequenceStream stream(points, points);
  noise.draw(7);
  double sum = 0, squares = 0, lag_product = 0;
  long count = 0;
  // Away from the reflected edges.
  MatrixF previous = noise.at(0, stream, 9);
  for (Index k = 10; k < points - 10; ++k) {
    const MatrixF now = noise.at(0, stream, k);
    sum += now.sum();
    squares += now.squaredNorm();
    lag_product += (now.array() * previous.array()).sum();
    count += now.size();
    previous = now;
  }
  const double mean = sum / count, variance = squares / count - mean * mean;
  CHECK(std::abs(mean) < 0.02);
  CHECK(std::sqrt(variance) == Approx(0.3).epsilon(0.05));
  // A Gaussian of sigma 2 points correlates neighbours by exp(-1/(4·2²)) ≈ 0.94.
  CHECK(lag_product / count / variance == Approx(std::exp(-1.0 / 16)).epsilon(0.03));
  const MatrixF first = noise.at(0, stream, 30);
  noise.draw(7);
  CHECK(noise.at(0, stream, 30) == first);
  noise.draw(8);
  CHECK(noise.at(0, stream, 30) != first);
}

TEST_CASE("MNIST-1D presets: the paper's sizes and populations", "[unit]") {
  const auto small = tasks::mnist1d_network(tasks::Mnist1dPreset::e2e_15k, 0.2);
  gle::Parameters<float> p15(small.spec);
  CHECK(parameter_count(p15, small.learned) == 14956);
  CHECK(small.spec.layers[0].activation == core::Activation::linear);
  CHECK(small.spec.layers[1].activation == core::Activation::tanh);
  CHECK(small.spec.layers[0].tau_m[0] == 0.6);
  CHECK(small.spec.layers[0].tau_r[17] == 0.2);
  CHECK(small.spec.layers[0].tau_m[18] == 1.2);
  CHECK(small.spec.layers[0].tau_r[36] == 1.2);
  CHECK(small.learning_rate == Approx(1e-3));

  const auto large = tasks::mnist1d_network(tasks::Mnist1dPreset::e2e_42k, 0.2);
  gle::Parameters<float> p42(large.spec);
  CHECK(parameter_count(p42, large.learned) == 42040);

  const auto lag = tasks::mnist1d_network(tasks::Mnist1dPreset::lagnet_le, 0.2);
  gle::Parameters<float> lag_parameters(lag.spec);
  core::Rng rng(1);
  tasks::initialise_mnist1d(tasks::Mnist1dPreset::lagnet_le, lag_parameters, rng);
  CHECK(lag_parameters.layer(1).weights.isIdentity());
  CHECK(lag_parameters.layer(0).weights.isOnes());
  CHECK(lag.spec.layers[0].tau_m.front() == Approx(0.2));
  CHECK(lag.spec.layers[0].tau_m.back() == Approx(1.8));
  // Only the LE MLP on top learns: 10·60+60 + 60·60+60 + 60·10+10.
  CHECK(parameter_count(lag_parameters, lag.learned) == 660 + 3660 + 610);
  CHECK_THROWS_WITH(tasks::parse_mnist1d_preset("e2e-1k", "preset"),
                    Catch::Contains("unknown preset 'e2e-1k'"));
}

TEST_CASE("Adam resumes exactly from its saved state", "[unit]") {
  VectorF a = VectorF::LinSpaced(5, -1, 1), b = a;
  VectorF gradient(5);
  const auto make = [&](VectorF& value) {
    return core::Adam<float>({core::parameter_ref("x", value, gradient)}, 0.01);
  };
  auto straight = make(a);
  auto first = make(b);
  for (int i = 0; i < 3; ++i) {
    gradient = a.array().square() - 0.3f;
    straight.step();
    gradient = b.array().square() - 0.3f;
    first.step();
  }
  auto second = make(b);
  second.restore(first.state());
  for (int i = 0; i < 3; ++i) {
    gradient = a.array().square() - 0.3f;
    straight.step();
    gradient = b.array().square() - 0.3f;
    second.step();
  }
  CHECK(a == b);
  auto wrong = core::Adam<float>({}, 0.01);
  CHECK_THROWS_WITH(wrong.restore(first.state()), Catch::Contains("moment buffers"));
}

TEST_CASE("mnist1d: a short online run learns far above chance", "[task]") {
  const std::string path = temporary_path("mnist1d_short.h5");
  // The LagNet learns fastest; a quickly decaying learning rate settles the
  // online weights, whose validation accuracy swings while the rate is high.
  tasks::Mnist1dTask().run(context_for({"preset=lagnet-le", "optimizer.lr=2e-3",
                                        "scheduler.patience=0", "scheduler.factor=0.3",
                                        "data.train_samples=600",
                                        "data.validation_samples=500", "epochs=10"},
                                       path));
  const core::H5Reader run(path);
  const double accuracy = run.read_double("summary/final_validation_accuracy").data[0];
  INFO("validation accuracy after 10 epochs of 600 samples: " << accuracy);
  // Chance is 0.1, with a binomial sd of 0.013 over 500 samples; seeds 1-6
  // end between 0.29 and 0.38.
  CHECK(accuracy >= 0.2);
  CHECK(run.shape("metrics/epoch/validation_accuracy") == std::vector<hsize_t>{10});
  CHECK(run.string_attribute("/", "task") == "mnist1d");
}

TEST_CASE("mnist1d: the exact continuous-time network (ode, RK4) learns too", "[task]") {
  const std::string path = temporary_path("mnist1d_ode.h5");
  tasks::Mnist1dTask().run(context_for({"preset=lagnet-le", "scheme=ode", "stepper=rk4",
                                        "steps_per_sample=90", "optimizer.lr=2e-3",
                                        "scheduler.patience=0", "scheduler.factor=0.3",
                                        "data.train_samples=600",
                                        "data.validation_samples=500", "epochs=10"},
                                       path));
  const core::H5Reader run(path);
  CHECK(run.string_attribute("/", "scheme") == "ode");
  CHECK(run.string_attribute("/", "stepper") == "rk4");
  const double accuracy = run.read_double("summary/final_validation_accuracy").data[0];
  INFO("validation accuracy of the ode/rk4 network after 10 epochs of 600 samples: " << accuracy);
  // Chance is 0.1 (binomial sd 0.013 over 500 samples); the reference scheme
  // at these settings ends at 0.27, the ode scheme at 0.25.
  CHECK(accuracy >= 0.2);
}

TEST_CASE("mnist1d: optimizer.kind chooses the optimizer", "[task]") {
  const auto run = [](const std::string& kind) {
    const std::string path = temporary_path("mnist1d_" + kind + ".h5");
    tasks::Mnist1dTask().run(context_for({"data.file=" + data_dir + "/mnist1d_40_slice.h5",
                                          "preset=lagnet-le", "optimizer.kind=" + kind,
                                          "steps_per_sample=40", "batch=50", "epochs=1"},
                                         path));
    return core::H5Reader(path);
  };
  const auto adam = run("adam"), sgd = run("sgd");
  // Adam keeps two moments per learned tensor, plain SGD nothing.
  const auto adam_buffers = adam.read_int("checkpoint/optimizer/buffers").data[0];
  CHECK(adam_buffers > 0);
  CHECK(adam_buffers % 2 == 0);
  CHECK(sgd.read_int("checkpoint/optimizer/buffers").data[0] == 0);
  bool differ = false;
  for (const auto& layer : adam.members("checkpoint/parameters")) {
    const std::string name = "checkpoint/parameters/" + layer + "/W";
    differ = differ || adam.read_double(name).data != sgd.read_double(name).data;
  }
  CHECK(differ);
}

TEST_CASE("mnist1d: a resumed run is bit-identical to an uninterrupted one", "[task]") {
  const std::vector<std::string> common{"data.file=" + data_dir + "/mnist1d_40_slice.h5",
                                        "steps_per_sample=60", "batch=50",
                                        "noise.rate_sigma=0.05", "noise.tau_sigma=0.05",
                                        "learn.tau_m=true"};
  const auto with = [&](const std::string& epochs) {
    auto overrides = common;
    overrides.push_back("epochs=" + epochs);
    return overrides;
  };
  const std::string straight = temporary_path("mnist1d_straight.h5");
  const std::string resumed = temporary_path("mnist1d_resumed.h5");
  tasks::Mnist1dTask().run(context_for(with("3"), straight));
  tasks::Mnist1dTask().run(context_for(with("1"), resumed));
  tasks::Mnist1dTask().run(context_for(with("3"), resumed, true));

  const core::H5Reader a(straight), b(resumed);
  std::vector<std::string> compared{"checkpoint/state", "checkpoint/learning_rate",
                                    "metrics/epoch/validation_loss",
                                    "metrics/epoch/train_loss", "metrics/epoch/learning_rate"};
  for (const auto& name : a.members("checkpoint/parameters")) {
    for (const auto& parameter : a.members("checkpoint/parameters/" + name)) {
      compared.push_back("checkpoint/parameters/" + name + "/" + parameter);
    }
  }
  for (int i = 0; i < 4; ++i) compared.push_back("checkpoint/optimizer/buffer" + std::to_string(i));
  for (const auto& name : compared) {
    INFO(name);
    CHECK(a.read_double(name).data == b.read_double(name).data);
  }
  CHECK(b.read_int("checkpoint/epochs_done").data[0] == 3);

  // Another configuration cannot resume this run.
  auto changed = with("4");
  changed.push_back("batch=25");
  CHECK_THROWS_WITH(tasks::Mnist1dTask().run(context_for(changed, resumed, true)),
                    Catch::Contains("only epochs may change"));
}

TEST_CASE("mnist1d: noise.tau_sigma spreads every time constant around its population",
          "[task]") {
  const std::string path = temporary_path("mnist1d_tau_spread.h5");
  tasks::Mnist1dTask().run(context_for({"data.file=" + data_dir + "/mnist1d_40_slice.h5",
                                        "steps_per_sample=40", "batch=50", "epochs=1",
                                        "noise.tau_sigma=0.05"},
                                       path));
  const core::H5Reader run(path);
  const auto network = tasks::mnist1d_network(tasks::Mnist1dPreset::e2e_15k, 0.2);
  double sum = 0, squares = 0;
  long count = 0;
  for (Index l = 0; l < network.spec.depth(); ++l) {
    const auto& layer = network.spec.layers[static_cast<std::size_t>(l)];
    const std::string prefix = "checkpoint/parameters/layer" + std::to_string(l + 1) + "/";
    const auto tau_m = run.read_double(prefix + "tau_m").data;
    const auto tau_r = run.read_double(prefix + "tau_r").data;
    for (std::size_t i = 0; i < tau_m.size(); ++i) {
      for (const double d : {tau_m[i] - layer.tau_m[i], tau_r[i] - layer.tau_r[i]}) {
        sum += d;
        squares += d * d;
        ++count;
      }
      CHECK(tau_m[i] >= 0.2 - 1e-7);
      CHECK(tau_r[i] >= 0.2 - 1e-7);
    }
  }
  // 656 time constants; those at 0.2 are clamped to dt, which trims the spread a little.
  const double sd = std::sqrt(squares / static_cast<double>(count));
  INFO("rms deviation " << sd << " over " << count << " time constants");
  CHECK(sd > 0.035);
  CHECK(sd < 0.06);
}
