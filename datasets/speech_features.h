#pragma once
// Log-Mel features of a speech corpus, one fixed-length clip per row, and
// their HDF5 cache.
//
// Every clip is cut or zero-padded at its end to `seconds`, turned into a
// log-Mel spectrogram (log_mel.h; frames × bins) and standardised to zero
// mean and unit variance over the whole spectrogram, as the GLE reference
// code does per sample (a constant spectrogram is only centred). A row of the
// feature matrix is the spectrogram frame after frame (point-major), the
// layout training::SequenceSet streams.
//
// Cache: one HDF5 file holds any number of feature sets, one group per key.
// The key is a digest of the corpus (name, directory, every clip's path,
// label and cut) and of the front-end settings; the group keeps the key text
// in its "key" attribute and the splits as {train,validation,test}/{x,y}.
// A second run with the same corpus and settings reads the group instead of
// the audio; anything else adds a group. The cache is updated through a copy
// that replaces it only once the new group is complete (core/h5_file.h), so
// an interrupted run or a full disk leaves it as it was.
//
// The features, from the cache or computed, are noted as the run's data
// ("speech features", core/run_inputs.h) for the resume check.

#include <string>

#include "datasets/labelled_set.h"
#include "datasets/log_mel.h"
#include "datasets/speech_corpus.h"

namespace prospect::datasets {

struct SpeechFeatureSettings {
  LogMelSettings mel;
  int sample_rate = 8000;  // every recording must have this rate
  double seconds = 1;      // clip length
};

// Each split: clips × (frames · bins), labels 0..classes-1 (the corpus's classes).
struct SpeechFeatureSets {
  LabelledSet train, validation, test;
  Index frames = 0, bins = 0;
  bool from_cache = false;
};

// Clips × (frames · bins) with labels 0..classes-1. Errors name the file:
// unreadable or empty audio, a sample rate other than settings.sample_rate.
LabelledSet speech_features(const std::vector<SpeechClip>& clips, const SpeechFeatureSettings& settings,
                            int classes);

// The features of all three splits, from `cache_path` when it holds them,
// else computed and added to it. An empty cache_path computes without caching.
SpeechFeatureSets cached_speech_features(const SpeechCorpus& corpus,
                                         const SpeechFeatureSettings& settings,
                                         const std::string& cache_path);

}  // namespace prospect::datasets
