#pragma once
// Writes small sound files for the audio and speech tests through
// libsndfile: interleaved frames (short, int or float, written as such so
// integer values arrive exactly) in any format it writes.

#include <sndfile.h>

#include <string>
#include <type_traits>
#include <vector>

#include "core/error.h"

template <typename Sample>
void write_audio(const std::string& path, int format, int sample_rate, int channels,
                 const std::vector<Sample>& interleaved) {
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = channels;
  info.format = format;
  SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
  if (file == nullptr) prospect::fail(path, ": cannot write (", sf_strerror(nullptr), ")");
  const auto frames = static_cast<sf_count_t>(interleaved.size()) / channels;
  sf_count_t written = 0;
  if constexpr (std::is_same_v<Sample, short>) {
    written = sf_writef_short(file, interleaved.data(), frames);
  } else if constexpr (std::is_same_v<Sample, int>) {
    written = sf_writef_int(file, interleaved.data(), frames);
  } else {
    written = sf_writef_float(file, interleaved.data(), frames);
  }
  sf_close(file);
  if (written != frames) prospect::fail(path, ": wrote ", written, " of ", frames, " frames");
}

// Mono 16-bit WAV, the speech corpora's format.
inline void write_wav(const std::string& path, const std::vector<float>& samples, int sample_rate) {
  write_audio(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, sample_rate, 1, samples);
}
