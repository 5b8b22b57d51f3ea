// Audio files: libsndfile round trips at several bit depths and rates (full
// scale = 1), stereo mixed down to the mean, FLAC, and errors naming the file.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "datasets/audio.h"
#include "tests/datasets/sound_files.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

// A per-process temporary path, removed with its file.
class TempFile {
 public:
  explicit TempFile(const std::string& name) : path_(temporary_path(name)) {}
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Integer samples of `bits` bits read as value / 2^(bits - 1), exactly.
void check_integers(const datasets::Audio& audio, const std::vector<int>& values, int bits,
                    int sample_rate) {
  CHECK(audio.sample_rate == sample_rate);
  REQUIRE(audio.samples.size() == values.size());
  const float full_scale = static_cast<float>(1 << (bits - 1));
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO("sample " << i);
    CHECK(audio.samples[i] == static_cast<float>(values[i]) / full_scale);
  }
}

const std::vector<int> int16_values{0, 1, -1, 16384, -32768, 32767, 1234, -20000};
const std::vector<int> int24_values{0, 1, -1, 4194304, -8388608, 8388607, 123456, -5000000};

std::vector<short> as_shorts(const std::vector<int>& values) {
  return {values.begin(), values.end()};
}

// libsndfile's int interface is left-aligned 32-bit: a 24-bit value v is v << 8.
std::vector<int> as_int32(const std::vector<int>& values24) {
  std::vector<int> out;
  for (const int v : values24) out.push_back(v * 256);
  return out;
}

}  // namespace

TEST_CASE("read_audio reads 16-bit, 24-bit and float WAV at 8 and 16 kHz", "[unit]") {
  for (const int rate : {8000, 16000}) {
    INFO(rate << " Hz");
    SECTION("16-bit at " + std::to_string(rate)) {
      const TempFile file("pcm16.wav");
      write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_PCM_16, rate, 1, as_shorts(int16_values));
      check_integers(datasets::read_audio(file.path()), int16_values, 16, rate);
    }
    SECTION("24-bit at " + std::to_string(rate)) {
      const TempFile file("pcm24.wav");
      write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_PCM_24, rate, 1, as_int32(int24_values));
      check_integers(datasets::read_audio(file.path()), int24_values, 24, rate);
    }
    SECTION("float at " + std::to_string(rate)) {
      // Read as stored, beyond full scale too.
      const std::vector<float> values{0.0f, 0.5f, -0.25f, 1.0f, -1.0f, 0.123456789f, 1.5f};
      const TempFile file("float.wav");
      write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_FLOAT, rate, 1, values);
      const auto audio = datasets::read_audio(file.path());
      CHECK(audio.sample_rate == rate);
      CHECK(audio.samples == values);
    }
  }
}

TEST_CASE("read_audio mixes channels down to their mean", "[unit]") {
  const std::vector<float> left{0.5f, -1.0f, 0.25f, 0.0f};
  const std::vector<float> right{0.5f, 1.0f, -0.75f, 0.125f};
  std::vector<float> interleaved;
  for (std::size_t i = 0; i < left.size(); ++i) {
    interleaved.push_back(left[i]);
    interleaved.push_back(right[i]);
  }
  const TempFile file("stereo.wav");
  write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 2, interleaved);
  const auto audio = datasets::read_audio(file.path());
  CHECK(audio.sample_rate == 16000);
  REQUIRE(audio.samples.size() == left.size());
  for (std::size_t i = 0; i < left.size(); ++i) {
    CHECK(audio.samples[i] == (left[i] + right[i]) / 2);
  }
}

TEST_CASE("read_audio reads FLAC", "[unit]") {
  SECTION("16-bit") {
    const TempFile file("pcm16.flac");
    write_audio(file.path(), SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 16000, 1, as_shorts(int16_values));
    check_integers(datasets::read_audio(file.path()), int16_values, 16, 16000);
  }
  SECTION("24-bit") {
    const TempFile file("pcm24.flac");
    write_audio(file.path(), SF_FORMAT_FLAC | SF_FORMAT_PCM_24, 8000, 1, as_int32(int24_values));
    check_integers(datasets::read_audio(file.path()), int24_values, 24, 8000);
  }
}

TEST_CASE("read_audio errors name the file and what was wrong", "[unit]") {
  SECTION("missing file") {
    const TempFile file("absent.wav");
    REQUIRE_THROWS_AS(datasets::read_audio(file.path()), Error);
    REQUIRE_THROWS_WITH(datasets::read_audio(file.path()), Contains(file.path()) &&
                                                               Contains("cannot read as audio") &&
                                                               Contains("No such file"));
  }
  SECTION("a text file named .wav") {
    const TempFile file("text.wav");
    std::ofstream(file.path()) << "not a sound, just words\n";
    REQUIRE_THROWS_WITH(datasets::read_audio(file.path()),
                        Contains(file.path()) && Contains("cannot read as audio"));
  }
  SECTION("a WAV file without frames") {
    const TempFile file("empty.wav");
    write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, std::vector<short>{});
    REQUIRE_THROWS_WITH(datasets::read_audio(file.path()),
                        Contains(file.path()) && Contains("no audio frames"));
  }
  SECTION("a WAV file cut short") {
    // libsndfile shortens the frame count to what is there; the header's
    // 'data' chunk size says how much there was to be.
    const TempFile file("cut.wav");
    write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, std::vector<short>(1000, 7));
    const auto size = std::filesystem::file_size(file.path());  // 44 header bytes + 2000
    std::filesystem::resize_file(file.path(), size - 500);
    REQUIRE_THROWS_WITH(datasets::read_audio(file.path()),
                        Contains(file.path()) &&
                            Contains("truncated: its header gives 2000 bytes of audio, the file holds 1500"));
  }
  SECTION("a float WAV file with a NaN") {
    const TempFile file("nan.wav");
    write_audio(file.path(), SF_FORMAT_WAV | SF_FORMAT_FLOAT, 8000, 1,
                std::vector<float>{0.5F, std::numeric_limits<float>::quiet_NaN(), 0.25F});
    REQUIRE_THROWS_WITH(datasets::read_audio(file.path()),
                        Contains(file.path()) && Contains("at frame 1, expected finite values"));
  }
  SECTION("a FLAC file cut short") {
    // Samples that do not compress away, so half the file is half the frames.
    std::vector<short> noise(20000);
    for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<short>(i * 7919 % 30000);
    const TempFile file("cut.flac");
    write_audio(file.path(), SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 8000, 1, noise);
    std::filesystem::resize_file(file.path(), std::filesystem::file_size(file.path()) / 2);
    REQUIRE_THROWS_WITH(datasets::read_audio(file.path()),
                        Contains(file.path()) && Contains("truncated, read") &&
                            Contains("of the 20000 frames"));
  }
}
