#pragma once
// Tiny speech corpora that the tests write themselves: noisy tones whose
// pitch tells the classes apart, in the FSDD and Speech Commands layouts.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "tests/datasets/sound_files.h"
#include "tests/temporary_path.h"

// A tone of amplitude 0.4 plus Gaussian noise (std 0.05, seeded by the pitch).
inline std::vector<float> noisy_tone(double hertz, int rate, double seconds) {
  std::mt19937 engine(static_cast<unsigned>(hertz));
  std::normal_distribution<float> noise(0, 0.05f);
  std::vector<float> x(static_cast<std::size_t>(seconds * rate));
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = 0.4f * static_cast<float>(std::sin(2 * M_PI * hertz * static_cast<double>(i) / rate)) +
           noise(engine);
  }
  return x;
}

inline void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// FSDD: digits 0-2 as 0.3 s tones of 300, 700 and 1100 Hz at 8 kHz (40 Hz
// higher for the second speaker), speakers "ann" and "bob", indices 0..11.
inline void write_fsdd(const std::string& directory) {
  std::filesystem::create_directories(directory);
  for (int digit = 0; digit < 3; ++digit) {
    for (const std::string speaker : {"ann", "bob"}) {
      for (int index = 0; index < 12; ++index) {
        const double hertz = 300 + 400 * digit + (speaker == "bob" ? 40 : 0) + index;
        write_wav(directory + "/" + std::to_string(digit) + "_" + speaker + "_" +
                      std::to_string(index) + ".wav",
                  noisy_tone(hertz, 8000, 0.3), 8000);
      }
    }
  }
}

// Speech Commands at 16 kHz: yes (4 clips), no (4), cat and dog (unknown
// words, 10 each), one validation and one test clip per keyword (the lists
// with Unix and Windows line ends), one background-noise recording.
inline void write_speech_commands(const std::string& root) {
  for (const std::string word : {"yes", "no", "cat", "dog"}) {
    std::filesystem::create_directories(root + "/" + word);
    const int clips = word == "yes" || word == "no" ? 4 : 10;
    for (int i = 0; i < clips; ++i) {
      write_wav(root + "/" + word + "/s" + std::to_string(i) + "_nohash_0.wav",
                noisy_tone(200.0 + 100.0 * static_cast<double>(word.size() + i), 16000, 0.5), 16000);
    }
  }
  std::filesystem::create_directories(root + "/_background_noise_");
  write_wav(root + "/_background_noise_/hum.wav", noisy_tone(50, 16000, 3.0), 16000);
  write_text(root + "/validation_list.txt", "yes/s0_nohash_0.wav\nno/s0_nohash_0.wav\ncat/s0_nohash_0.wav\n");
  write_text(root + "/testing_list.txt", "yes/s1_nohash_0.wav\r\nno/s1_nohash_0.wav\r\n");
}
