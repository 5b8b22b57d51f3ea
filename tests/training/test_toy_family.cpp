// A model family that lives only in this file, to show that the model face is
// enough: a leaky-integrator regression learner gets recording, the per-batch
// training loop, checkpoints, bit-identical resume and a run file without any
// change to shared code. README "How to add a model family" walks through it.

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>

#include "core/divergence.h"
#include "core/h5_file.h"
#include "core/model.h"
#include "core/optimizer.h"
#include "core/random.h"
#include "core/recorder.h"
#include "runs/model_recording.h"
#include "tests/temporary_path.h"
#include "training/batch_training.h"

using namespace prospect;

namespace {

// y = W x + b − m: a linear read-out minus a leaky trace m of its own mean
// output (m ← m + α (⟨W x + b⟩ − m) after every batch it learns from), trained
// on ½‖y − target‖². The trace is state: a resume must restore it.
class LeakyRegressor final : public core::BatchLearner<float> {
 public:
  LeakyRegressor(Index inputs, Index outputs, float leak)
      : weights_(MatrixF::Zero(outputs, inputs)),
        bias_(VectorF::Zero(outputs)),
        grad_weights_(MatrixF::Zero(outputs, inputs)),
        grad_bias_(VectorF::Zero(outputs)),
        trace_(VectorF::Zero(outputs)),
        leak_(leak) {}

  std::string family() const override { return "leaky_regressor"; }
  core::ParameterList<float> parameter_refs() override {
    return {core::parameter_ref("W", weights_, grad_weights_, core::units::one),
            core::parameter_ref("b", bias_, grad_bias_, core::units::one)};
  }
  std::vector<core::Probe<float>> probes() const override {
    return {{"output", core::units::one, [this] { return output(); }}};
  }
  Vector<float>* state() override { return &trace_; }
  void reset() override { trace_.setZero(); }

  double evaluate(const MatrixF& input, const MatrixF& target) override {
    forward(input);
    return 0.5 * (output_ - target).colwise().squaredNorm().mean();
  }
  double learn(const MatrixF& input, const MatrixF& target) override {
    const double loss = evaluate(input, target);
    const MatrixF error = output_ - target;
    const auto batch = static_cast<float>(input.cols());
    grad_weights_.noalias() = error * input.transpose() / batch;
    grad_bias_ = error.rowwise().mean();
    trace_ += leak_ * ((output_.colwise() + trace_).rowwise().mean() - trace_);
    return loss;
  }
  ConstMatrixMap<float> output() const override {
    return {output_.data(), output_.rows(), output_.cols()};
  }

 private:
  void forward(const MatrixF& input) {
    output_.noalias() = weights_ * input;
    output_.colwise() += bias_ - trace_;
  }

  MatrixF weights_;
  VectorF bias_;
  MatrixF grad_weights_;
  VectorF grad_bias_;
  VectorF trace_;
  float leak_;
  MatrixF output_;
};

// Three Gaussian clouds in four dimensions.
datasets::LabelledSet clouds(Index samples, std::uint64_t seed) {
  core::Rng rng(seed);
  datasets::LabelledSet set;
  set.classes = 3;
  set.x.resize(samples, 4);
  set.y.resize(samples);
  for (Index i = 0; i < samples; ++i) {
    const int label = static_cast<int>(i % 3);
    set.y(i) = label;
    for (Index f = 0; f < 4; ++f) {
      set.x(i, f) = static_cast<float>((f == label ? 2.0 : 0.0) + 0.5 * rng.normal());
    }
  }
  return set;
}

struct ToyRun {
  datasets::LabelledSet train = clouds(240, 1), validation = clouds(60, 2), test = clouds(60, 3);

  runs::RunContext context(const std::string& path, long epochs, bool resume = false) const {
    core::OptionTable table;
    table.add({"epochs", "1", "passes", "1", "text"}).add({"optimizer.lr", "0.1", "learning rate", "1", "text"});
    runs::RunContext c;
    c.options = core::Options::resolve(table, "", {"epochs=" + std::to_string(epochs)});
    c.output_path = path;
    c.seed = 7;
    c.progress = false;
    c.resume = resume;
    return c;
  }

  void run(const std::string& path, long epochs, bool resume = false, double lr = 0.1,
           std::function<void(core::H5Writer&)> after_training = {}) const {
    LeakyRegressor model(4, 3, 0.1f);
    core::Sgd<float> optimizer(model.parameter_refs(), lr, 0.9);
    training::BatchTrainingSettings settings;
    settings.epochs = epochs;
    settings.batch = 32;  // 240 = 7 × 32 + 16: the partial batch is kept
    settings.plateau = training::PlateauSettings{0.5, 1};
    settings.keep_best = true;
    settings.integration = {.scheme = "closed_form"};
    training::BatchTrainingHooks hooks;
    hooks.after_epoch = [&](long epochs_done, core::H5Writer& file) {
      file.write("toy/trace_after_epoch" + std::to_string(epochs_done), {3},
                 model.state()->data(), "1");
    };
    hooks.after_training = std::move(after_training);
    training::train_batch_learner("toy", settings, model, optimizer,
                               {.train = &train, .validation = &validation, .test = &test},
                               context(path, epochs, resume), hooks);
  }
};

}  // namespace

TEST_CASE("a model family outside the shared code trains, records, checkpoints and resumes",
          "[task]") {
  const ToyRun toy;
  const std::string straight = temporary_path("toy_straight.h5");
  const std::string resumed = temporary_path("toy_resumed.h5");
  toy.run(straight, 4);
  toy.run(resumed, 2);
  toy.run(resumed, 4, true);

  const core::H5Reader a(straight), b(resumed);
  CHECK(a.string_attribute("/", "model") == "leaky_regressor");
  CHECK(a.string_attribute("/", "scheme") == "closed_form");
  CHECK(a.shape("metrics/epoch/validation_accuracy") == std::vector<hsize_t>{4});
  CHECK(a.read_double("summary/final_validation_accuracy").data[0] > 0.9);
  CHECK(a.exists("best/parameters/W"));
  CHECK(a.exists("summary/test_accuracy_of_kept_parameters"));
  CHECK(b.read_int("checkpoint/epochs_done").data[0] == 4);
  CHECK(b.double_attribute("/", "resumed_from_epoch") == 2);
  for (const std::string name :
       {"checkpoint/parameters/W", "checkpoint/parameters/b", "checkpoint/state",
        "checkpoint/optimizer/buffer0", "checkpoint/optimizer/buffer1", "checkpoint/learning_rate",
        "metrics/epoch/train_loss", "metrics/epoch/validation_loss", "metrics/epoch/test_accuracy",
        "metrics/epoch/learning_rate", "best/parameters/W", "toy/trace_after_epoch4",
        "summary/test_accuracy_of_kept_parameters"}) {
    INFO(name);
    CHECK(a.read_double(name).data == b.read_double(name).data);
  }
}

TEST_CASE("a step after training that fails leaves the finished run with its summary", "[task]") {
  const ToyRun toy;
  const std::string path = temporary_path("toy_after_training.h5");
  CHECK_THROWS_WITH(toy.run(path, 2, false, 0.1,
                            [](core::H5Writer& file) {
                              file.write("toy/recording", {1.0}, "1");
                              fail("recording failed");
                            }),
                    "recording failed");
  const core::H5Reader file(path);
  CHECK(file.read_int("checkpoint/epochs_done").data[0] == 2);
  CHECK(file.exists("summary/test_accuracy_of_kept_parameters"));
  CHECK_FALSE(file.exists("toy/recording"));  // only what was complete before the step
  std::filesystem::remove(path);
}

TEST_CASE("a diverging run stops naming epoch, batch and variable, and its file records it",
          "[task]") {
  const ToyRun toy;
  const std::string path = temporary_path("toy_diverged.h5");
  try {
    toy.run(path, 4, false, 1e30);
    FAIL("no divergence");
  } catch (const core::Diverged& divergence) {
    CHECK_THAT(divergence.where(), Catch::Contains("toy epoch 1, training batch ") &&
                                       Catch::Contains(" = "));
    const core::H5Reader file(path);
    CHECK(file.string_attribute("/", "diverged") == divergence.where());
    CHECK_FALSE(file.exists("summary"));
    CHECK_FALSE(file.exists("checkpoint"));  // nothing non-finite is saved
  }
  std::filesystem::remove(path);
}

TEST_CASE("the toy family is recorded through its probes and parameters", "[unit]") {
  const std::string path = temporary_path("toy_recording.h5");
  {
    LeakyRegressor model(4, 3, 0.1f);
    const auto data = clouds(5, 1);
    MatrixF input = data.x.transpose();
    MatrixF target = MatrixF::Zero(3, 5);
    core::H5Writer file(path);
    core::Recorder recorder(file);
    runs::ModelRecording recording(recorder, "toy", model, {0, 4});
    for (int step = 0; step < 3; ++step) {
      model.learn(input, target);
      recording.record_signals();
      recording.record_parameters();
    }
    recorder.flush();
    file.close();
  }
  const core::H5Reader file(path);
  CHECK(file.shape("trajectories/toy/output") == std::vector<hsize_t>{3, 2, 3});
  CHECK(file.string_attribute("trajectories/toy/output", "unit") == "1");
  CHECK(file.shape("parameters/toy/W") == std::vector<hsize_t>{3, 3, 4});
  CHECK(file.string_attribute("parameters/toy/W", "unit") == "1");  // the parameter's own
}

TEST_CASE("the batch loop names a batch larger than the training set", "[unit]") {
  const ToyRun toy;
  LeakyRegressor model(4, 3, 0.1f);
  core::Sgd<float> optimizer(model.parameter_refs(), 0.1);
  training::BatchTrainingSettings settings;
  settings.batch = 1000;
  CHECK_THROWS_WITH(training::train_batch_learner("toy", settings, model, optimizer,
                                               {.train = &toy.train},
                                               toy.context(temporary_path("toy_batch.h5"), 1)),
                    Catch::Contains("key 'batch' = '1000': larger than the 240 training samples"));
}
