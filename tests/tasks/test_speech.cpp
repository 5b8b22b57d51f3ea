// The speech task end to end on a tiny FSDD-like corpus of tones: it learns,
// it scores the test split every epoch, and a resumed run equals a straight
// one.

#include <catch2/catch.hpp>

#include <filesystem>

#include "core/h5_file.h"
#include "tasks/speech.h"
#include "tests/datasets/tiny_corpora.h"

using namespace prospect;
namespace fs = std::filesystem;

namespace {

runs::RunContext context_for(const std::string& data, const std::string& output, long epochs,
                              bool resume = false) {
  runs::RunContext context;
  context.options = core::Options::resolve(
      tasks::SpeechTask().options(), "",
      {"data.dir=" + data, "data.cache=", "data.seconds=0.3", "data.validation_below=6",
       "mel.bins=16", "interpolation=4", "network.hidden_layers=1", "network.populations=8, 8",
       "network.tau_m=1, 0.6", "network.tau_r=1, 0.1", "network.output_tau=1", "batch=6",
       "optimizer.lr=3e-3", "epochs=" + std::to_string(epochs)});
  context.output_path = output;
  context.seed = 4;
  context.progress = false;
  context.resume = resume;
  return context;
}

}  // namespace

TEST_CASE("speech task: tones are told apart, the test split is scored every epoch", "[task]") {
  const ScratchDirectory data("speech_tones");
  write_fsdd(data.path);
  const std::string output = temporary_path("speech_run.h5");
  tasks::SpeechTask().run(context_for(data.path, output, 6));

  const core::H5Reader file(output);
  const auto test = file.read_double("metrics/epoch/test_accuracy");
  REQUIRE(test.elements() == 6);
  CHECK(file.read_double("metrics/epoch/validation_accuracy").elements() == 6);
  CHECK(file.read_double("summary/final_test_accuracy").data[0] == test.data.back());
  // 30 test clips of 3 classes: chance is 1/3; 0.8 is 24 of 30.
  CHECK(test.data.back() >= 0.8);
  fs::remove(output);
}

TEST_CASE("speech task: 1 epoch resumed to 2 equals 2 epochs straight", "[task]") {
  const ScratchDirectory data("speech_resume_tones");
  write_fsdd(data.path);
  const std::string straight = temporary_path("speech_straight.h5");
  const std::string resumed = temporary_path("speech_resumed.h5");
  tasks::SpeechTask().run(context_for(data.path, straight, 2));
  tasks::SpeechTask().run(context_for(data.path, resumed, 1));
  tasks::SpeechTask().run(context_for(data.path, resumed, 2, true));

  const core::H5Reader a(straight), b(resumed);
  std::vector<std::string> compared{"checkpoint/state", "metrics/epoch/test_accuracy",
                                    "metrics/epoch/test_loss", "metrics/epoch/train_loss"};
  for (const auto& name : a.members("checkpoint/parameters")) {
    for (const auto& parameter : a.members("checkpoint/parameters/" + name)) {
      compared.push_back("checkpoint/parameters/" + name + "/" + parameter);
    }
  }
  for (const auto& name : compared) {
    INFO(name);
    CHECK(a.read_double(name).data == b.read_double(name).data);
  }
  fs::remove(straight);
  fs::remove(resumed);
}

TEST_CASE("speech task: the paper's Speech Commands configuration builds its network", "[task]") {
  const ScratchDirectory data("speech_commands_tones");
  write_speech_commands(data.path);
  const std::string output = temporary_path("speech_commands_run.h5");
  runs::RunContext context;
  context.options = core::Options::resolve(
      tasks::SpeechTask().options(), PROSPECT_TEST_DATA "/../../tasks/configs/speech_commands.ini",
      {"data.dir=" + data.path, "data.cache=", "batch=2", "epochs=1"});
  context.output_path = output;
  context.progress = false;
  tasks::SpeechTask().run(context);

  // 32 Mel bins → 3 × (5 populations × 150) → 12 keyword classes.
  const core::H5Reader file(output);
  const std::vector<hsize_t> widths{750, 750, 750, 12}, fan_in{32, 750, 750, 750};
  for (std::size_t l = 0; l < widths.size(); ++l) {
    const std::string layer = "checkpoint/parameters/layer" + std::to_string(l + 1);
    INFO(layer);
    CHECK(file.shape(layer + "/W") == std::vector<hsize_t>{widths[l] * fan_in[l]});
    CHECK(file.shape(layer + "/b") == std::vector<hsize_t>{widths[l]});
  }
  const auto tau_r = file.read_float("checkpoint/parameters/layer2/tau_r").data;
  CHECK(tau_r[0] == Approx(2.4));
  CHECK(tau_r[150] == Approx(0.1));
  CHECK(file.read_double("metrics/epoch/test_accuracy").elements() == 1);
  fs::remove(output);
}
