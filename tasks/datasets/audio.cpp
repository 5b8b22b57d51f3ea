#include "tasks/datasets/audio.h"

#include <sndfile.h>

#include <memory>
#include <utility>
#include <vector>

#include "core/error.h"

namespace prospect::datasets {
namespace {

struct SndfileClose {
  void operator()(SNDFILE* file) const { sf_close(file); }
};

}  // namespace

Audio read_audio(const std::string& path) {
  SF_INFO info{};
  const std::unique_ptr<SNDFILE, SndfileClose> file(sf_open(path.c_str(), SFM_READ, &info));
  // sf_strerror(nullptr) is the reason the last sf_open failed.
  if (!file) fail(path, ": cannot read as audio (", sf_strerror(nullptr), ")");
  if (info.frames <= 0) fail(path, ": no audio frames (the file is empty)");

  const auto frames = static_cast<std::size_t>(info.frames);
  const auto channels = static_cast<std::size_t>(info.channels);
  std::vector<float> interleaved(frames * channels);
  const sf_count_t read = sf_readf_float(file.get(), interleaved.data(), info.frames);
  if (read != info.frames) {
    fail(path, ": truncated, read ", read, " of the ", info.frames, " frames its header gives (",
         sf_strerror(file.get()), ")");
  }

  Audio audio;
  audio.sample_rate = info.samplerate;
  if (channels == 1) {
    audio.samples = std::move(interleaved);
    return audio;
  }
  audio.samples.resize(frames);
  for (std::size_t i = 0; i < frames; ++i) {
    float sum = 0;
    for (std::size_t c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
    audio.samples[i] = sum / static_cast<float>(channels);
  }
  return audio;
}

}  // namespace prospect::datasets
