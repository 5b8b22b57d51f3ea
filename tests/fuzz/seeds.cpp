#include "tests/fuzz/seeds.h"

#include <sndfile.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/h5_file.h"

namespace prospect::fuzz {
namespace fs = std::filesystem;

namespace {

// The pieces one after another.
void write_bytes(const fs::path& path, std::initializer_list<std::vector<std::uint8_t>> pieces) {
  std::ofstream stream(path, std::ios::binary);
  for (const auto& bytes : pieces) {
    stream.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
}

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

void option_seeds(const fs::path& dir) {
  write_text(dir / "ini", "dt = 0.02\nbatch = 10\n[network]\ntau_r = 0.1, 0.3\n");
  write_bytes(dir / "overrides", {{'s', 't', 'u', 'd', 'e', 'n', 't', 's', '=', 'g', 'l', 'e', 0,
                                  'd', 't', '=', '1', 'e', '-', '3', 0, 'l', 'e', 'a', 'r', 'n',
                                  '.', 'w', '=', 'o', 'f', 'f'}});
  write_text(dir / "sections", "[a.b]\nc = 7\n[learn]\nw = yes\n# comment\n");
}

void h5_seeds(const fs::path& dir) {
  {
    core::H5Writer file((dir / "mnist1d.h5").string());
    const std::vector<float> x{0.5F, -1, 2, 0.25F, 1, 0, -0.5F, 3};
    const std::vector<std::int64_t> y{3, 9};
    file.write("x", {2, 4}, x.data(), "1");
    file.write("y", {2}, y.data(), "1");
    file.write("x_test", {2, 4}, x.data(), "1");
    file.write("y_test", {2}, y.data(), "1");
    file.write("t", std::vector<double>{0, 1, 2, 3}, "1");
    file.close();
  }
  {
    core::H5Writer file((dir / "run.h5").string());
    file.set_attribute("/", "task", std::string("mnist1d"));
    file.set_attribute("/", "configuration", std::string("dt = 0.2\n[optimizer]\nlr = 1e-3\n"));
    file.set_attribute("/", "seed", std::int64_t{1});
    const std::int64_t epochs = 2;
    file.write("checkpoint/epochs_done", {1}, &epochs, "1");
    auto growing = file.appendable("trajectories/layer1/u", {2, 3}, "1");
    const std::vector<float> frame{1, 2, 3, 4, 5, 6};
    for (int i = 0; i < 3; ++i) growing.append(frame.data());
    file.close();
  }
}

void idx_seeds(const fs::path& dir) {
  // Flag byte (see fuzz_idx.cpp), then the file(s): 2 images of 2 × 3 unsigned bytes.
  const std::vector<std::uint8_t> images{0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
                                         0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};
  const std::vector<std::uint8_t> labels{0, 0, 8, 1, 0, 0, 0, 2, 1, 7};
  for (const std::uint8_t flags : {0, 2}) {
    write_bytes(dir / ("images_" + std::to_string(flags)), {{flags}, images});
  }
  for (const std::uint8_t flags : {1, 3, 0xA1}) {
    write_bytes(dir / ("pair_" + std::to_string(flags)),
                {{flags, 0, static_cast<std::uint8_t>(images.size())}, images, labels});
  }
  // float32 and int32 elements.
  write_bytes(dir / "floats", {{0, 0, 0, 0x0D, 1, 0, 0, 0, 2, 0x3F, 0x80, 0, 0, 0x40, 0, 0, 0}});
  write_bytes(dir / "ints", {{0, 0, 0, 0x0C, 1, 0, 0, 0, 1, 0, 0, 0, 7}});
}

void audio_seeds(const fs::path& dir) {
  const auto write = [&](const std::string& name, int format, int channels, int rate) {
    std::vector<float> samples(static_cast<std::size_t>(64 * channels));
    for (std::size_t i = 0; i < samples.size(); ++i) samples[i] = 0.5F * std::sin(0.3F * float(i));
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = channels;
    info.format = format;
    SNDFILE* file = sf_open((dir / name).c_str(), SFM_WRITE, &info);
    if (file == nullptr) fail(name, ": cannot write (", sf_strerror(nullptr), ")");
    sf_writef_float(file, samples.data(), 64);
    sf_close(file);
  };
  write("pcm16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 8000);
  write("float_stereo.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 16000);
  write("pcm24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1, 16000);
  write("extensible.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_16, 1, 8000);
  write("mono.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, 8000);
  write("mono.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 1, 8000);
}

}  // namespace

void write_seeds(const fs::path& root) {
  for (const char* target : {"fuzz_options", "fuzz_h5_data", "fuzz_h5_bytes", "fuzz_idx", "fuzz_audio"}) {
    fs::create_directories(root / target);
  }
  option_seeds(root / "fuzz_options");
  write_bytes(root / "fuzz_h5_data" / "empty", {});
  write_bytes(root / "fuzz_h5_data" / "datasets", {std::vector<std::uint8_t>(64, 4)});
  h5_seeds(root / "fuzz_h5_bytes");
  idx_seeds(root / "fuzz_idx");
  audio_seeds(root / "fuzz_audio");
}

}  // namespace prospect::fuzz
