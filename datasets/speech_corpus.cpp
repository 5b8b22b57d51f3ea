#include "datasets/speech_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/error.h"
#include "core/random.h"
#include "core/whole_number.h"

namespace prospect::datasets {
namespace fs = std::filesystem;
namespace {

const std::vector<std::string> kKeywords{"yes", "no",   "up",   "down", "left",
                                         "right", "on", "off", "stop", "go"};

// Sorted paths of the .wav files directly in `directory`: a listing order
// that does not depend on the file system.
std::vector<fs::path> wav_files(const fs::path& directory) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".wav") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void require_directory(const fs::path& directory, const std::string& what) {
  if (!fs::is_directory(directory)) {
    fail(directory.string(), ": not a directory (expected ", what, ")");
  }
}

// Relative clip paths listed one per line in `root/name`.
std::set<std::string> read_list(const fs::path& root, const std::string& name) {
  const fs::path path = root / name;
  std::ifstream in(path);
  if (!in) {
    fail(root.string(), ": not a Speech Commands directory: cannot read ", name,
         " (expected validation_list.txt and testing_list.txt next to one directory per word)");
  }
  std::set<std::string> listed;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (!fs::is_regular_file(root / line)) {
      fail(path.string(), ": lists '", line, "', which is not a file under ", root.string());
    }
    listed.insert(line);
  }
  return listed;
}

// `count` draws without replacement from `pool` (all of it if smaller), in
// pool order so the split does not depend on the draw order.
std::vector<SpeechClip> sample(const std::vector<SpeechClip>& pool, std::size_t count,
                               core::Rng& rng) {
  std::vector<std::size_t> order(pool.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  count = std::min(count, pool.size());
  for (std::size_t i = 0; i < count; ++i) std::swap(order[i], order[i + rng.below(order.size() - i)]);
  order.resize(count);
  std::sort(order.begin(), order.end());
  std::vector<SpeechClip> picked;
  for (const auto i : order) picked.push_back(pool[i]);
  return picked;
}

}  // namespace

SpeechCorpus fsdd_corpus(const std::string& directory, const FsddSplit& split) {
  fs::path root(directory);
  require_directory(root, "the Free Spoken Digit Dataset: {digit}_{speaker}_{index}.wav files");
  if (fs::is_directory(root / "recordings")) root /= "recordings";
  if (split.test_below < 1 || split.validation_below < split.test_below) {
    fail("FSDD split: test indices below ", split.test_below, ", validation below ",
         split.validation_below, " (expected 1 <= test <= validation)");
  }
  SpeechCorpus corpus;
  corpus.name = "fsdd";
  corpus.root = root.string();
  for (int digit = 0; digit < 10; ++digit) corpus.classes.push_back(std::to_string(digit));
  for (const auto& file : wav_files(root)) {
    const std::string stem = file.stem().string();
    const auto first = stem.find('_'), last = stem.rfind('_');
    const auto digit = core::whole_number(stem.substr(0, first));
    const auto index = first == last ? std::nullopt : core::whole_number(stem.substr(last + 1));
    if (first == std::string::npos || first == last || !digit || *digit < 0 || *digit > 9 ||
        !index || *index < 0) {
      fail(file.string(), ": not an FSDD file name (expected {digit}_{speaker}_{index}.wav)");
    }
    SpeechClip clip{.path = file.string(), .label = static_cast<int>(*digit)};
    auto& set = *index < split.test_below         ? corpus.test
                : *index < split.validation_below ? corpus.validation
                                                  : corpus.train;
    set.push_back(clip);
  }
  if (corpus.train.empty() || corpus.test.empty()) {
    fail(root.string(), ": no FSDD recordings for ", corpus.train.empty() ? "training" : "testing",
         " (expected {digit}_{speaker}_{index}.wav files with indices 0-", split.test_below - 1,
         " for testing and ", split.validation_below, " or more for training)");
  }
  return corpus;
}

SpeechCorpus speech_commands_corpus(const std::string& directory,
                                    const SpeechCommandsSampling& sampling) {
  const fs::path root(directory);
  require_directory(root, "Google Speech Commands: one directory per word and the list files");
  const auto validation_list = read_list(root, "validation_list.txt");
  const auto test_list = read_list(root, "testing_list.txt");

  SpeechCorpus corpus;
  corpus.name = "speech_commands";
  corpus.root = root.string();
  corpus.classes = {"unknown", "silence"};
  corpus.classes.insert(corpus.classes.end(), kKeywords.begin(), kKeywords.end());
  std::map<std::string, int> keyword_label;
  for (std::size_t i = 0; i < kKeywords.size(); ++i) keyword_label[kKeywords[i]] = static_cast<int>(i) + 2;

  // Per split: keyword clips and the pool of unknown-word clips.
  std::vector<SpeechClip> keywords[3], unknown[3];
  std::vector<fs::path> words;
  for (const auto& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name != "_background_noise_") words.push_back(entry.path());
  }
  std::sort(words.begin(), words.end());
  for (const auto& word : words) {
    const std::string name = word.filename().string();
    const auto label = keyword_label.find(name);
    for (const auto& file : wav_files(word)) {
      const std::string relative = name + "/" + file.filename().string();
      const int split = test_list.count(relative) ? 2 : validation_list.count(relative) ? 1 : 0;
      SpeechClip clip{.path = file.string(), .label = label == keyword_label.end() ? 0 : label->second};
      (label == keyword_label.end() ? unknown : keywords)[split].push_back(clip);
    }
  }

  std::vector<fs::path> noise;
  if (fs::is_directory(root / "_background_noise_")) noise = wav_files(root / "_background_noise_");
  core::Rng rng(sampling.seed);
  std::vector<SpeechClip>* sets[3] = {&corpus.train, &corpus.validation, &corpus.test};
  const char* names[3] = {"training", "validation", "testing"};
  for (int split = 0; split < 3; ++split) {
    if (keywords[split].empty()) {
      fail(root.string(), ": no keyword clips (yes, no, ..., go) in the ", names[split],
           " split (expected one directory per word with .wav files)");
    }
    const auto clips = static_cast<double>(keywords[split].size());
    auto& set = *sets[split];
    set = keywords[split];
    const auto picked = sample(unknown[split], static_cast<std::size_t>(sampling.unknown_fraction * clips), rng);
    set.insert(set.end(), picked.begin(), picked.end());
    const auto silences = static_cast<std::size_t>(sampling.silence_fraction * clips);
    for (std::size_t i = 0; i < silences; ++i) {
      SpeechClip silence{.path = "", .label = 1, .cut_position = 0, .gain = 0};
      if (!noise.empty()) {
        silence.path = noise[rng.below(noise.size())].string();
        silence.cut_position = rng.uniform();
        silence.gain = static_cast<float>(rng.uniform());
      }
      set.push_back(silence);
    }
  }
  return corpus;
}

}  // namespace prospect::datasets
