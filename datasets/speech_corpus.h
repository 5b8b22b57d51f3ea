#pragma once
// Spoken-word corpora as lists of labelled clips, split into training,
// validation and test sets. Only file names and directory layout are read
// here; the audio itself is read when features are made (speech_features.h).
//
// Free Spoken Digit Dataset (FSDD): WAV files `{digit}_{speaker}_{index}.wav`
// in the given directory or its `recordings/`. The official split puts
// indices 0-4 in the test set and 5-49 in training; FSDD has no validation
// set, so the training indices below `validation_below` (default 10) are held
// out for validation (the learning-rate scheduler must not see the test set).
//
// Google Speech Commands (v0.01/v0.02): one directory per word,
// `validation_list.txt` and `testing_list.txt` naming the held-out clips
// (relative paths), training = every other clip, and `_background_noise_/`.
// The 12-class keyword task: yes, no, up, down, left, right, on, off, stop,
// go, plus "unknown" (clips of every other word, sampled to
// `unknown_fraction` of each split's keyword clips, as TensorFlow's
// input_data.py does) and "silence" (`silence_fraction` as many cuts of the
// background-noise recordings at a random gain in [0, 1]; pure zeros when the
// corpus has no background noise).

#include <cstdint>
#include <string>
#include <vector>

namespace prospect::datasets {

struct SpeechClip {
  std::string path;
  int label = 0;
  // Silence clips are cuts, one clip long, of a longer recording: where the
  // cut starts as a fraction of the room left for it, and a gain. Whole
  // recordings have cut_position < 0; an empty path is digital silence.
  double cut_position = -1;
  float gain = 1;
};

struct SpeechCorpus {
  std::string name;                  // "fsdd" or "speech_commands"
  std::string root;                  // the directory the clips were found in
  std::vector<std::string> classes;  // label -> class name
  std::vector<SpeechClip> train, validation, test;
};

struct FsddSplit {
  int test_below = 5;         // indices 0..test_below-1: test (official split)
  int validation_below = 10;  // indices test_below..validation_below-1: validation
};

// Errors name the directory or file: no WAV files, a name not of the form
// digit_speaker_index.wav.
SpeechCorpus fsdd_corpus(const std::string& directory, const FsddSplit& split = {});

struct SpeechCommandsSampling {
  double unknown_fraction = 0.1;  // unknown clips per keyword clip, per split
  double silence_fraction = 0.1;  // silence clips per keyword clip, per split
  std::uint64_t seed = 1;         // which unknown clips and silence cuts
};

// Errors name the directory or list file: missing list files, a listed clip
// that does not exist, no keyword clips.
SpeechCorpus speech_commands_corpus(const std::string& directory,
                                    const SpeechCommandsSampling& sampling = {});

}  // namespace prospect::datasets
