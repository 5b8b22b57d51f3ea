// The speech task end to end on a tiny FSDD-like corpus of tones: it learns,
// it scores the test split every epoch, and a resumed run equals a straight
// one.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <random>

#include "core/h5_file.h"
#include "tasks/speech.h"
#include "tests/datasets/sound_files.h"
#include "tests/temporary_path.h"

using namespace prospect;
namespace fs = std::filesystem;

namespace {

// Digits 0-2 as noisy tones of 300, 700 and 1100 Hz (0.3 s at 8 kHz), two
// speakers, indices 0-11: 30 test, 6 validation and 36 training clips.
void write_tone_digits(const std::string& directory) {
  fs::remove_all(directory);
  fs::create_directories(directory);
  std::mt19937 engine(5);
  std::normal_distribution<float> noise(0, 0.05f);
  for (int digit = 0; digit < 3; ++digit) {
    for (const std::string speaker : {"ann", "bob"}) {
      for (int index = 0; index < 12; ++index) {
        std::vector<float> x(2400);
        const double hertz = 300 + 400 * digit + (speaker == "bob" ? 40 : 0);
        for (std::size_t i = 0; i < x.size(); ++i) {
          x[i] = 0.4f * static_cast<float>(std::sin(2 * M_PI * hertz * static_cast<double>(i) / 8000)) + noise(engine);
        }
        write_wav(directory + "/" + std::to_string(digit) + "_" + speaker + "_" +
                             std::to_string(index) + ".wav",
                         x, 8000);
      }
    }
  }
}

tasks::RunContext context_for(const std::string& data, const std::string& output, long epochs,
                              bool resume = false) {
  tasks::RunContext context;
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
  const std::string data = temporary_path("speech_tones");
  write_tone_digits(data);
  const std::string output = temporary_path("speech_run.h5");
  tasks::SpeechTask().run(context_for(data, output, 6));

  const core::H5Reader file(output);
  const auto test = file.read_double("metrics/epoch/test_accuracy");
  REQUIRE(test.elements() == 6);
  CHECK(file.read_double("metrics/epoch/validation_accuracy").elements() == 6);
  CHECK(file.read_double("summary/final_test_accuracy").data[0] == test.data.back());
  // 30 test clips of 3 classes: chance is 1/3; 0.8 is 24 of 30.
  CHECK(test.data.back() >= 0.8);
  fs::remove_all(data);
  fs::remove(output);
}

TEST_CASE("speech task: 1 epoch resumed to 2 equals 2 epochs straight", "[task]") {
  const std::string data = temporary_path("speech_resume_tones");
  write_tone_digits(data);
  const std::string straight = temporary_path("speech_straight.h5");
  const std::string resumed = temporary_path("speech_resumed.h5");
  tasks::SpeechTask().run(context_for(data, straight, 2));
  tasks::SpeechTask().run(context_for(data, resumed, 1));
  tasks::SpeechTask().run(context_for(data, resumed, 2, true));

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
  fs::remove_all(data);
  fs::remove(straight);
  fs::remove(resumed);
}
