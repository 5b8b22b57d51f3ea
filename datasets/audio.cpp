#include "datasets/audio.h"

#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/run_inputs.h"

namespace prospect::datasets {
namespace {

struct SndfileClose {
  void operator()(SNDFILE* file) const { sf_close(file); }
};

// libsndfile reads a WAV file cut short as if its header said so; compare the
// size of the 'data' chunk its header gives with what the file holds.
void require_whole_wav(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  char riff[12];
  if (!file.read(riff, sizeof riff)) return;  // libsndfile opened it: not a RIFF WAV then
  const bool big_endian = std::memcmp(riff, "RIFX", 4) == 0;
  if (!big_endian && std::memcmp(riff, "RIFF", 4) != 0) return;
  const auto word = [big_endian](const char* bytes) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const auto byte = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[big_endian ? i : 3 - i]));
      value = value << 8 | byte;
    }
    return value;
  };
  file.seekg(0, std::ios::end);
  const auto file_size = static_cast<std::uint64_t>(file.tellg());
  std::uint64_t offset = sizeof riff;
  char chunk[8];
  while (offset + sizeof chunk <= file_size) {
    file.seekg(static_cast<std::streamoff>(offset));
    if (!file.read(chunk, sizeof chunk)) return;
    const std::uint64_t size = word(chunk + 4);
    offset += sizeof chunk;
    if (std::memcmp(chunk, "data", 4) == 0) {
      // 0 and 0xFFFFFFFF mark a length unknown when the header was written (streams).
      if (size != 0 && size != 0xFFFFFFFFu && offset + size > file_size) {
        fail(path, ": truncated: its header gives ", size, " bytes of audio, the file holds ",
             file_size - offset);
      }
      return;
    }
    offset += size + (size & 1);  // chunks are padded to an even size
  }
}

}  // namespace

Audio read_audio(const std::string& path) {
  SF_INFO info{};
  const std::unique_ptr<SNDFILE, SndfileClose> file(sf_open(path.c_str(), SFM_READ, &info));
  // sf_strerror(nullptr) is the reason the last sf_open failed.
  if (!file) fail(path, ": cannot read as audio (", sf_strerror(nullptr), ")");
  if (info.frames <= 0) fail(path, ": no audio frames (the file is empty)");
  if (info.channels <= 0) fail(path, ": ", info.channels, " channels, expected at least one");
  const int major = info.format & SF_FORMAT_TYPEMASK;
  if (major == SF_FORMAT_WAV || major == SF_FORMAT_WAVEX) require_whole_wav(path);
  core::note_input_file(path, "an audio file of the corpus");

  // Read in blocks, so that memory grows with what the file holds, not with
  // what a damaged header claims.
  const auto channels = static_cast<std::size_t>(info.channels);
  const auto block_frames = static_cast<sf_count_t>(std::max<std::size_t>(1, (1u << 20) / channels));
  std::vector<float> interleaved, block(static_cast<std::size_t>(block_frames) * channels);
  sf_count_t read = 0;
  while (read < info.frames) {
    const sf_count_t got =
        sf_readf_float(file.get(), block.data(), std::min(block_frames, info.frames - read));
    if (got <= 0) break;
    interleaved.insert(interleaved.end(), block.begin(),
                       block.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(got) * channels));
    read += got;
  }
  if (read != info.frames) {
    fail(path, ": truncated, read ", read, " of the ", info.frames, " frames its header gives (",
         sf_strerror(file.get()), ")");
  }
  const auto frames = static_cast<std::size_t>(read);
  for (std::size_t i = 0; i < interleaved.size(); ++i) {
    if (!std::isfinite(interleaved[i])) {
      fail(path, ": sample ", interleaved[i], " at frame ", i / channels, ", expected finite values");
    }
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
