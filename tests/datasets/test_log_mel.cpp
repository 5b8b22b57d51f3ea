// Log-Mel spectrogram: centred frame count, a tone lands in its Mel bin
// (the HTK formula recomputed here), Parseval for the power spectrum, an
// impulse locates frame centres and the window, silence is the floor, and
// bad settings are refused by name.

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "core/error.h"
#include "datasets/log_mel.h"

using namespace prospect;
using namespace prospect::datasets;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double two_pi = 2 * std::numbers::pi;

double periodic_hann(Index j, Index n) {
  return 0.5 - 0.5 * std::cos(two_pi * double(j) / double(n));
}

double hz_to_mel(double hz) { return 2595 * std::log10(1 + hz / 700); }
double mel_to_hz(double mel) { return 700 * (std::pow(10, mel / 2595) - 1); }

// Corner i of the triangular filters (HTK Mel points evenly spaced from 0 Hz
// to the Nyquist frequency); filter b rises from corner b to b + 1 and falls
// to b + 2.
double corner(Index i, Index bins, double sample_rate) {
  return mel_to_hz(hz_to_mel(sample_rate / 2) * double(i) / double(bins + 1));
}

// The Mel bin whose centre frequency is closest to f.
Index nearest_mel_bin(double f, Index bins, double sample_rate) {
  Index best = 0;
  for (Index b = 1; b < bins; ++b) {
    if (std::abs(corner(b + 1, bins, sample_rate) - f) <
        std::abs(corner(best + 1, bins, sample_rate) - f)) {
      best = b;
    }
  }
  return best;
}

// Filter b's weights summed over the FFT bin frequencies k · rate / n: its
// output for a flat power spectrum of 1.
double filter_sum(Index b, Index bins, double sample_rate, Index n) {
  const double low = corner(b, bins, sample_rate);
  const double centre = corner(b + 1, bins, sample_rate);
  const double high = corner(b + 2, bins, sample_rate);
  double sum = 0;
  for (Index k = 0; k <= n / 2; ++k) {
    const double f = double(k) * sample_rate / double(n);
    if (f > low && f < high)
      sum += f <= centre ? (f - low) / (centre - low) : (high - f) / (high - centre);
  }
  return sum;
}

}  // namespace

TEST_CASE("LogMel frames are centred every hop", "[unit]") {
  const LogMel mel({}, 8000);
  CHECK(mel.n_fft() == 512);
  CHECK(mel.hop() == 200);
  CHECK(mel.bins() == 32);
  CHECK(mel.frames(8000) == 41);
  CHECK(mel.frames(1) == 1);
  CHECK(mel.frames(199) == 1);
  CHECK(mel.frames(200) == 2);
  CHECK(mel.frames(16000) == 81);

  const auto out = mel(std::vector<float>(8000, 0.1f));
  CHECK(out.rows() == 41);
  CHECK(out.cols() == 32);
  CHECK(mel(std::vector<float>{0.5f}).rows() == 1);

  const LogMel wide({}, 16000);
  CHECK(wide.n_fft() == 1024);
  CHECK(wide.hop() == 400);
  CHECK(wide.frames(16000) == 41);
  // 0.064 s at 22.05 kHz is 1411.2 samples: rounded to an even 1412.
  const LogMel cd({}, 22050);
  CHECK(cd.n_fft() == 1412);
  CHECK(cd.hop() == 551);
}

TEST_CASE("LogMel puts a pure tone in the Mel bin nearest its frequency", "[unit]") {
  for (const auto& [rate, tone] : {std::pair{8000, 1000.0}, std::pair{16000, 2500.0}}) {
    INFO(tone << " Hz at " << rate << " Hz");
    const LogMel mel({}, rate);
    std::vector<float> signal(static_cast<std::size_t>(rate));
    for (std::size_t i = 0; i < signal.size(); ++i) {
      signal[i] = static_cast<float>(0.5 * std::sin(two_pi * tone * double(i) / rate));
    }
    const auto out = mel(signal);
    const Index expected = nearest_mel_bin(tone, mel.bins(), rate);
    // Interior frames: the whole window lies inside the signal.
    const Index half = mel.n_fft() / 2;
    Index interior = 0;
    for (Index f = 0; f < out.rows(); ++f) {
      if (f * mel.hop() < half || f * mel.hop() + half > Index(signal.size())) continue;
      Index peak = 0;
      out.row(f).maxCoeff(&peak);
      INFO("frame " << f);
      CHECK(peak == expected);
      ++interior;
    }
    CHECK(interior == out.rows() - 4);
  }
}

TEST_CASE("LogMel power spectrum satisfies Parseval", "[unit]") {
  const LogMel mel({}, 8000);
  const Index n = mel.n_fft();
  std::mt19937 engine(3);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> frame(static_cast<std::size_t>(n));
  for (float& x : frame) x = uniform(engine);

  double energy = 0;
  for (Index j = 0; j < n; ++j) {
    const double x = periodic_hann(j, n) * frame[static_cast<std::size_t>(j)];
    energy += x * x;
  }
  const VectorF power = mel.power_spectrum(frame);
  REQUIRE(power.size() == n / 2 + 1);
  double spectral = power[0] + power[n / 2];
  for (Index k = 1; k < n / 2; ++k) spectral += 2.0 * power[k];
  CHECK_THAT(spectral / double(n), WithinRel(energy, 1e-5));

  REQUIRE_THROWS_WITH(mel.power_spectrum(std::vector<float>(100)),
                      Contains("512 samples") && Contains("got 100"));
}

TEST_CASE("LogMel frames are centred on f * hop and zero-padded", "[unit]") {
  // An impulse at sample s has a flat power spectrum w(j)^2, where j is its
  // place in the window, so two frames differ by 2 log w in every bin. Frames
  // 0 and 5 are centred on the impulses at 0 and 1000 (w(N/2) = 1) and give
  // the log of each filter's sum; frames 1, 4 and 6 hold them 56 samples off
  // the window's ends; the rest are silent.
  const LogMel mel({}, 8000);
  std::vector<float> signal(2000, 0.0f);
  signal[0] = 1.0f;
  signal[1000] = 1.0f;
  const auto out = mel(signal);
  const double edge = 2 * std::log(periodic_hann(56, 512));
  for (Index b = 0; b < out.cols(); ++b) {
    INFO("bin " << b);
    CHECK_THAT(out(0, b), WithinAbs(std::log(filter_sum(b, 32, 8000, 512)), 1e-5));
    CHECK_THAT(out(5, b), WithinAbs(out(0, b), 1e-5));
    CHECK_THAT(out(1, b) - out(0, b), WithinAbs(edge, 1e-4));
    CHECK_THAT(out(4, b) - out(5, b), WithinAbs(edge, 1e-4));
    CHECK_THAT(out(6, b) - out(5, b), WithinAbs(edge, 1e-4));
    for (const Index f : {2, 3, 7, 8, 9, 10}) CHECK(out(f, b) == std::log(1e-6f));
  }
}

TEST_CASE("LogMel of silence is log(floor) everywhere", "[unit]") {
  for (const double floor : {1e-6, 1e-3}) {
    LogMelSettings settings;
    settings.log_floor = floor;
    const auto out = LogMel(settings, 16000)(std::vector<float>(4000, 0.0f));
    CHECK(out.rows() == 11);
    CHECK((out.array() == std::log(static_cast<float>(floor))).all());
  }
}

TEST_CASE("a copied LogMel outlives the original", "[unit]") {
  const std::vector<float> signal(1000, 0.25f);
  std::vector<LogMel> copies;
  Spectrogram expected;
  {
    const LogMel original({}, 8000);
    expected = original(signal);
    copies.push_back(original);
  }
  CHECK(copies.front()(signal) == expected);
}

TEST_CASE("LogMel settings errors name the setting and its value", "[unit]") {
  REQUIRE_THROWS_AS(LogMel({.bins = 0}, 8000), Error);
  REQUIRE_THROWS_WITH(LogMel({.window = 0.0001}, 8000),
                      Contains("'window' = 0.0001") && Contains("2 to 2^30 samples"));
  REQUIRE_THROWS_WITH(LogMel({.stride = 0}, 8000), Contains("'stride' = 0"));
  REQUIRE_THROWS_WITH(LogMel({.stride = -0.01}, 8000), Contains("'stride' = -0.01"));
  REQUIRE_THROWS_WITH(LogMel({.bins = 0}, 8000), Contains("'bins' = 0"));
  REQUIRE_THROWS_WITH(LogMel({.f_max = 5000}, 8000),
                      Contains("'f_max' = 5000") && Contains("Nyquist frequency at 8000 Hz"));
  REQUIRE_THROWS_WITH(LogMel({.f_min = 4000}, 8000),
                      Contains("'f_min' = 4000") && Contains("below f_max = 4000"));
  const LogMelSettings inverted{.f_min = 500, .f_max = 400};
  REQUIRE_THROWS_WITH(LogMel(inverted, 8000),
                      Contains("'f_min' = 500") && Contains("below f_max = 400"));
  REQUIRE_THROWS_WITH(LogMel({.f_min = -1}, 8000), Contains("'f_min' = -1"));
  REQUIRE_THROWS_WITH(LogMel({.log_floor = 0}, 8000), Contains("'log_floor' = 0"));
  REQUIRE_THROWS_WITH(LogMel({}, 0), Contains("sample rate = 0"));
}
