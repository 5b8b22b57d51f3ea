// Speech corpora and their features on tiny directories the tests write:
// FSDD's official split, the Speech Commands layout with its unknown and
// silence classes, standardised log-Mel rows, the HDF5 cache, and errors that
// name the file or directory at fault.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/h5_file.h"
#include "datasets/speech_features.h"
#include "tests/datasets/tiny_corpora.h"

using namespace prospect;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

int count_label(const std::vector<datasets::SpeechClip>& clips, int label) {
  int n = 0;
  for (const auto& clip : clips) n += clip.label == label;
  return n;
}

}  // namespace

TEST_CASE("FSDD corpus: official test indices 0-4, validation held out of training", "[unit]") {
  ScratchDirectory dir("fsdd_split");
  write_fsdd(dir.path + "/recordings");
  const auto corpus = datasets::fsdd_corpus(dir.path);  // the parent of recordings/ works too
  CHECK(corpus.root == dir.path + "/recordings");
  REQUIRE(corpus.classes.size() == 10);
  CHECK(corpus.test.size() == 3 * 2 * 5);
  CHECK(corpus.validation.size() == 3 * 2 * 5);
  CHECK(corpus.train.size() == 3 * 2 * 2);
  for (int digit = 0; digit < 3; ++digit) CHECK(count_label(corpus.test, digit) == 10);
  CHECK_THAT(corpus.test.front().path, Contains("0_ann_0.wav"));
  CHECK_THAT(corpus.train.back().path, Contains("2_bob_11.wav"));

  const auto no_validation = datasets::fsdd_corpus(dir.path, {.test_below = 5, .validation_below = 5});
  CHECK(no_validation.validation.empty());
  CHECK(no_validation.train.size() == 3 * 2 * 7);
}

TEST_CASE("FSDD corpus: errors name the directory or file", "[unit]") {
  ScratchDirectory dir("fsdd_errors");
  CHECK_THROWS_WITH(datasets::fsdd_corpus(dir.path + "/missing"),
                    Contains("missing: not a directory"));
  CHECK_THROWS_WITH(datasets::fsdd_corpus(dir.path), Contains(dir.path + ": no FSDD recordings"));
  write_wav(dir.path + "/seven.wav", noisy_tone(440, 8000, 0.1), 8000);
  CHECK_THROWS_WITH(datasets::fsdd_corpus(dir.path),
                    Contains("seven.wav: not an FSDD file name") && Contains("{digit}_{speaker}_{index}.wav"));
  // Digits and indices are whole numbers in digits: no sign, exponent or overflow.
  std::filesystem::remove(dir.path + "/seven.wav");
  for (const std::string name : {"0_ann_99999999999999999999", "0_ann_-3", "0_ann_1e3", "12_ann_3", "+1_ann_3"}) {
    write_wav(dir.path + "/" + name + ".wav", noisy_tone(440, 8000, 0.1), 8000);
    CHECK_THROWS_WITH(datasets::fsdd_corpus(dir.path), Contains(name + ".wav: not an FSDD file name"));
    std::filesystem::remove(dir.path + "/" + name + ".wav");
  }
}

TEST_CASE("Speech Commands corpus: list files split, unknown and silence sampled", "[unit]") {
  ScratchDirectory dir("speech_commands");
  write_speech_commands(dir.path);
  const auto corpus = datasets::speech_commands_corpus(dir.path, {.unknown_fraction = 0.5,
                                                                  .silence_fraction = 0.5, .seed = 7});
  REQUIRE(corpus.classes.size() == 12);
  CHECK(corpus.classes[0] == "unknown");
  CHECK(corpus.classes[1] == "silence");
  CHECK(corpus.classes[2] == "yes");
  // Training keywords: 2 yes + 2 no; half as many unknown and silence clips.
  CHECK(count_label(corpus.train, 2) == 2);
  CHECK(count_label(corpus.train, 3) == 2);
  CHECK(count_label(corpus.train, 0) == 2);
  CHECK(count_label(corpus.train, 1) == 2);
  CHECK(corpus.train.size() == 8);
  // Validation: 2 keywords, 1 unknown (of the one listed cat clip), 1 silence.
  CHECK(corpus.validation.size() == 4);
  CHECK(count_label(corpus.validation, 0) == 1);
  CHECK_THAT(corpus.validation.front().path, Contains("no/s0_nohash_0.wav"));
  CHECK(corpus.test.size() == 3);  // no unknown clip is listed for testing
  for (const auto& clip : corpus.train) {
    if (clip.label != 1) continue;
    CHECK_THAT(clip.path, Contains("_background_noise_/hum.wav"));
    CHECK(clip.cut_position >= 0);
    CHECK(clip.gain <= 1);
  }
  // The same seed draws the same clips.
  const auto again = datasets::speech_commands_corpus(dir.path, {.unknown_fraction = 0.5,
                                                                 .silence_fraction = 0.5, .seed = 7});
  for (std::size_t i = 0; i < corpus.train.size(); ++i) {
    CHECK(again.train[i].path == corpus.train[i].path);
    CHECK(again.train[i].gain == corpus.train[i].gain);
  }
}

TEST_CASE("Speech Commands corpus: errors name the directory or list", "[unit]") {
  ScratchDirectory dir("speech_commands_errors");
  write_speech_commands(dir.path);
  fs::remove(dir.path + "/testing_list.txt");
  CHECK_THROWS_WITH(datasets::speech_commands_corpus(dir.path),
                    Contains(dir.path + ": not a Speech Commands directory: cannot read testing_list.txt"));
  write_text(dir.path + "/testing_list.txt", "yes/gone.wav\n");
  CHECK_THROWS_WITH(datasets::speech_commands_corpus(dir.path),
                    Contains("testing_list.txt: lists 'yes/gone.wav', which is not a file"));
  write_text(dir.path + "/testing_list.txt", "cat/s1_nohash_0.wav\n");
  CHECK_THROWS_WITH(datasets::speech_commands_corpus(dir.path),
                    Contains("no keyword clips (yes, no, ..., go) in the testing split"));
}

TEST_CASE("speech features: fixed-length standardised log-Mel rows", "[unit]") {
  ScratchDirectory dir("speech_features");
  write_fsdd(dir.path);
  const auto corpus = datasets::fsdd_corpus(dir.path);
  const datasets::SpeechFeatureSettings settings;  // 1 s at 8 kHz, 25 ms stride, 32 bins
  const int classes = static_cast<int>(corpus.classes.size());
  const auto features = datasets::speech_features(corpus.test, settings, classes);
  CHECK(features.classes == 10);  // FSDD: the ten digits, whichever the tiny corpus has
  REQUIRE(features.x.rows() == 30);
  REQUIRE(features.x.cols() == 41 * 32);
  for (Index i = 0; i < features.x.rows(); ++i) {
    const auto row = features.x.row(i).cast<double>();
    CHECK(std::abs(row.mean()) < 1e-5);
    CHECK((row.array() - row.mean()).square().mean() == Approx(1).epsilon(1e-4));
    CHECK(features.y(i) == corpus.test[static_cast<std::size_t>(i)].label);
  }
  // A 300 Hz tone puts its energy in a lower bin than an 1100 Hz tone (frame 5, mid-clip).
  const auto loudest_bin = [&](Index i) {
    Index bin;
    features.x.row(i).segment(5 * 32, 32).maxCoeff(&bin);
    return bin;
  };
  CHECK(loudest_bin(0) < loudest_bin(29));
}

TEST_CASE("speech features: errors name the file", "[unit]") {
  ScratchDirectory dir("speech_feature_errors");
  write_fsdd(dir.path);
  const auto corpus = datasets::fsdd_corpus(dir.path);
  datasets::SpeechFeatureSettings settings;
  settings.sample_rate = 16000;
  CHECK_THROWS_WITH(datasets::speech_features(corpus.test, settings, 10),
                    Contains("0_ann_0.wav: sample rate 8000 Hz, expected 16000 Hz"));
  write_wav(dir.path + "/0_ann_0.wav", {}, 8000);
  CHECK_THROWS_WITH(datasets::speech_features(corpus.test, {}, 10), Contains("0_ann_0.wav"));
  write_text(dir.path + "/0_ann_0.wav", "not audio");
  CHECK_THROWS_WITH(datasets::speech_features(corpus.test, {}, 10), Contains("0_ann_0.wav"));
}

TEST_CASE("speech features: the cache is keyed by corpus and settings", "[unit]") {
  ScratchDirectory dir("speech_cache");
  write_fsdd(dir.path + "/recordings");
  const auto corpus = datasets::fsdd_corpus(dir.path);
  const std::string cache = dir.path + "/cache/features.h5";
  datasets::SpeechFeatureSettings settings;
  const auto first = datasets::cached_speech_features(corpus, settings, cache);
  CHECK_FALSE(first.from_cache);
  CHECK(first.frames == 41);
  const std::string group = "features/" + core::H5Reader(cache).members("features").at(0);
  const std::string key = core::H5Reader(cache).string_attribute(group, "key");
  const auto second = datasets::cached_speech_features(corpus, settings, cache);
  CHECK(second.from_cache);
  CHECK(second.train.x == first.train.x);
  CHECK(second.test.y == first.test.y);
  CHECK(second.validation.x == first.validation.x);
  CHECK(second.validation.classes == 10);  // from the corpus, also when read from the cache

  // Other settings make and keep a second set; the first stays readable.
  settings.mel.bins = 16;
  const auto coarse = datasets::cached_speech_features(corpus, settings, cache);
  CHECK_FALSE(coarse.from_cache);
  CHECK(coarse.train.x.cols() == 41 * 16);
  CHECK(core::H5Reader(cache).members("features").size() == 2);
  CHECK(datasets::cached_speech_features(corpus, {}, cache).from_cache);

  // A set whose writing was cut short (no "complete" mark) is made again.
  {
    core::H5Writer writer(cache);
    const float x = 0;
    writer.write(group + "/train/x", {1, 1}, &x, "1");
    writer.set_attribute(group, "key", key);
    writer.close();
  }
  const auto remade = datasets::cached_speech_features(corpus, {}, cache);
  CHECK_FALSE(remade.from_cache);
  CHECK(remade.train.x == first.train.x);
}
