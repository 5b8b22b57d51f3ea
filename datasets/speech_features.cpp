#include "datasets/speech_features.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/error.h"
#include "core/h5_file.h"
#include "core/interrupt.h"
#include "core/run_inputs.h"
#include "datasets/audio.h"
#include "datasets/data_fingerprint.h"

namespace prospect::datasets {
namespace {

// A recording at the expected rate, or an error naming the file.
Audio read_recording(const std::string& path, const SpeechFeatureSettings& settings) {
  Audio audio = read_audio(path);
  if (audio.sample_rate != settings.sample_rate) {
    fail(path, ": sample rate ", audio.sample_rate, " Hz, expected ", settings.sample_rate,
         " Hz (set data.sample_rate to the corpus's rate)");
  }
  return audio;
}

// `samples` values of a clip: the recording (or a cut of it) scaled by its
// gain, zero-padded or cut at the end. The long recordings that cuts come
// from are read once and kept in `recordings`.
std::vector<float> clip_samples(const SpeechClip& clip, const SpeechFeatureSettings& settings,
                                long samples, std::map<std::string, Audio>& recordings) {
  std::vector<float> out(static_cast<std::size_t>(samples), 0.0f);
  if (clip.path.empty()) return out;
  const bool cut = clip.cut_position >= 0;
  Audio whole;
  const Audio* audio = &whole;
  if (cut) {
    const auto [kept, fresh] = recordings.try_emplace(clip.path);
    if (fresh) kept->second = read_recording(clip.path, settings);
    audio = &kept->second;
  } else {
    whole = read_recording(clip.path, settings);
  }
  const auto length = static_cast<long>(audio->samples.size());
  long start = 0;
  if (cut && length > samples) {
    start = static_cast<long>(clip.cut_position * static_cast<double>(length - samples));
  }
  for (long i = 0; i < samples && start + i < length; ++i) {
    out[static_cast<std::size_t>(i)] = clip.gain * audio->samples[static_cast<std::size_t>(start + i)];
  }
  return out;
}

// FNV-1a: a stable 64-bit digest for the cache's group names.
std::uint64_t digest(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string cache_key(const SpeechCorpus& corpus, const SpeechFeatureSettings& s) {
  std::ostringstream key;
  key.precision(17);
  key << corpus.name << " at " << std::filesystem::absolute(corpus.root).lexically_normal().string()
      << "; rate " << s.sample_rate << " Hz, clip " << s.seconds << " s, window " << s.mel.window
      << " s, stride " << s.mel.stride << " s, " << s.mel.bins << " bins, " << s.mel.f_min << "-"
      << s.mel.f_max << " Hz, floor " << s.mel.log_floor << "; splits "
      << corpus.train.size() << "/" << corpus.validation.size() << "/" << corpus.test.size();
  std::ostringstream clips;
  clips.precision(17);
  for (const auto* set : {&corpus.train, &corpus.validation, &corpus.test}) {
    for (const auto& clip : *set) {
      clips << clip.path << '|' << clip.label << '|' << clip.cut_position << '|' << clip.gain << '\n';
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest(clips.str())));
  key << ", clips " << hex;
  return key.str();
}

const char* const kSplits[3] = {"train", "validation", "test"};

// One split from the cache, checked against the corpus (a damaged or
// hand-edited cache is an error naming it, not a crash).
LabelledSet read_cached_split(const core::H5Reader& cache, const std::string& base,
                                 std::size_t clips, int classes, Index bins) {
  const auto x = cache.read_float(base + "/x");
  const auto y = cache.read_int(base + "/y");
  if (x.shape.size() != 2 || x.shape[0] != clips || y.shape.size() != 1 || y.shape[0] != clips ||
      x.shape[1] == 0 || x.shape[1] % static_cast<hsize_t>(bins) != 0) {
    fail(cache.path(), ": feature cache group '", base, "' does not hold ", clips,
         " clips of whole frames of ", bins, " bins (x: clips × features, y: clips); delete the "
         "cache to rebuild it");
  }
  LabelledSet split;
  split.classes = classes;
  split.x = Eigen::Map<const SampleMatrix>(x.data.data(), static_cast<Index>(x.shape[0]),
                                           static_cast<Index>(x.shape[1]));
  split.y.resize(static_cast<Index>(clips));
  for (std::size_t i = 0; i < clips; ++i) {
    if (y.data[i] < 0 || y.data[i] >= classes) {
      fail(cache.path(), ": feature cache group '", base, "' has label ", y.data[i],
           ", expected 0..", classes - 1, "; delete the cache to rebuild it");
    }
    split.y(static_cast<Index>(i)) = static_cast<int>(y.data[i]);
  }
  return split;
}

LabelledSet* split_of(SpeechFeatureSets& sets, int i) {
  return i == 0 ? &sets.train : i == 1 ? &sets.validation : &sets.test;
}

}  // namespace

LabelledSet speech_features(const std::vector<SpeechClip>& clips, const SpeechFeatureSettings& settings,
                            int classes) {
  const long samples = std::lround(settings.seconds * settings.sample_rate);
  if (samples < 1) fail("speech features: a clip of ", settings.seconds, " s has no samples");
  const LogMel log_mel(settings.mel, settings.sample_rate);
  std::map<std::string, Audio> recordings;
  const Index frames = log_mel.frames(samples), bins = settings.mel.bins;
  LabelledSet features;
  features.classes = classes;
  features.x.resize(static_cast<Index>(clips.size()), frames * bins);
  features.y.resize(static_cast<Index>(clips.size()));
  core::StopCheck stop_if_requested;
  for (std::size_t i = 0; i < clips.size(); ++i) {
    stop_if_requested([&] {
      return "while making speech features (clip " + std::to_string(i + 1) + " of " +
             std::to_string(clips.size()) + ")";
    });
    const auto spectrogram = log_mel(clip_samples(clips[i], settings, samples, recordings));
    auto row = features.x.row(static_cast<Index>(i));
    for (Index f = 0; f < frames; ++f) {
      for (Index b = 0; b < bins; ++b) row(f * bins + b) = spectrogram(f, b);
    }
    const double mean = row.cast<double>().mean();
    const double variance = (row.cast<double>().array() - mean).square().mean();
    row.array() -= static_cast<float>(mean);
    if (variance > 1e-20) row /= static_cast<float>(std::sqrt(variance));
    features.y(static_cast<Index>(i)) = clips[i].label;
  }
  return features;
}

namespace {

SpeechFeatureSets features_of(const SpeechCorpus& corpus, const SpeechFeatureSettings& settings,
                              const std::string& cache_path) {
  SpeechFeatureSets sets;
  sets.bins = settings.mel.bins;
  const auto classes = static_cast<int>(corpus.classes.size());
  const std::string key = cache_key(corpus, settings);
  char group_name[32];
  std::snprintf(group_name, sizeof group_name, "features/%016llx",
                static_cast<unsigned long long>(digest(key)));
  const std::string group = group_name;

  if (!cache_path.empty() && std::filesystem::exists(cache_path)) {
    const core::H5Reader cache(cache_path);
    if (cache.exists(group) && cache.has_attribute(group, "complete") &&
        cache.string_attribute(group, "key") == key) {
      const std::vector<SpeechClip>* clips[3] = {&corpus.train, &corpus.validation, &corpus.test};
      for (int i = 0; i < 3; ++i) {
        *split_of(sets, i) = read_cached_split(cache, group + "/" + kSplits[i], clips[i]->size(),
                                               classes, sets.bins);
      }
      sets.frames = sets.train.x.cols() / sets.bins;
      sets.from_cache = true;
      return sets;
    }
  }

  sets.train = speech_features(corpus.train, settings, classes);
  sets.validation = speech_features(corpus.validation, settings, classes);
  sets.test = speech_features(corpus.test, settings, classes);
  sets.frames = sets.train.x.cols() / sets.bins;
  if (cache_path.empty()) return sets;

  const auto directory = std::filesystem::path(cache_path).parent_path();
  std::error_code error;
  if (!directory.empty()) std::filesystem::create_directories(directory, error);
  if (error) fail(cache_path, ": cannot create its directory (", error.message(), ")");
  core::H5Writer cache(cache_path, core::H5Writer::Mode::update);
  for (int i = 0; i < 3; ++i) {
    const std::string base = group + "/" + kSplits[i];
    const auto& split = *split_of(sets, i);
    cache.write(base + "/x", {static_cast<hsize_t>(split.x.rows()), static_cast<hsize_t>(split.x.cols())},
                split.x.data(), core::units::one);  // log-Mel features
    const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> labels = split.y.cast<std::int64_t>();
    cache.write(base + "/y", {static_cast<hsize_t>(labels.size())}, labels.data(), core::units::one);
  }
  cache.set_attribute(group, "key", key);
  cache.set_attribute(group, "complete", std::int64_t{1});
  cache.close();
  return sets;
}

}  // namespace

SpeechFeatureSets cached_speech_features(const SpeechCorpus& corpus,
                                         const SpeechFeatureSettings& settings,
                                         const std::string& cache_path) {
  if (!cache_path.empty()) core::note_input_file(cache_path, "the feature cache (data.cache)");
  SpeechFeatureSets sets = features_of(corpus, settings, cache_path);
  note_data("speech features", corpus.root, {&sets.train, &sets.validation, &sets.test});
  return sets;
}

}  // namespace prospect::datasets
