#include "datasets/log_mel.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/error.h"
#include "core/grid.h"
#include "core/spectral.h"

namespace prospect::datasets {
namespace {

// The float planner is libfftw3f's own (core/spectral.cpp plans doubles), and
// like every FFTW planner it is not thread-safe; execution is.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

struct FftwFree {
  void operator()(void* p) const { fftwf_free(p); }
};

// One transform's input and output, allocated by FFTW: per-call buffers must
// be aligned as the planning buffers were for fftwf_execute_dft_r2c.
struct FftBuffers {
  explicit FftBuffers(Index n)
      : real(fftwf_alloc_real(static_cast<std::size_t>(n))),
        spectrum(fftwf_alloc_complex(static_cast<std::size_t>(n / 2 + 1))) {
    if (!real || !spectrum) fail("cannot allocate FFT buffers for ", n, " samples");
  }
  std::unique_ptr<float, FftwFree> real;
  std::unique_ptr<fftwf_complex, FftwFree> spectrum;
};

// Transforms buffers.real (already windowed) and stores |X_k|² in power.
void power_spectrum_of(fftwf_plan plan, FftBuffers& buffers, VectorF& power) {
  fftwf_execute_dft_r2c(plan, buffers.real.get(), buffers.spectrum.get());
  const fftwf_complex* x = buffers.spectrum.get();
  for (Index k = 0; k < power.size(); ++k) power[k] = x[k][0] * x[k][0] + x[k][1] * x[k][1];
}

double hz_to_mel(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double mel_to_hz(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

template <typename... Expected>
void require(bool ok, const char* name, double value, const Expected&... expected) {
  if (!ok) fail("log-Mel setting '", name, "' = ", value, ", expected ", expected...);
}

// torchaudio's melscale_fbanks with mel_scale="htk", norm=None: triangles
// rising from corner b to b + 1 and falling to b + 2, peak 1.
MatrixF mel_filters(Index bins, Index n_fft, int sample_rate, double f_min, double f_max) {
  const std::vector<double> mels = core::linspace(hz_to_mel(f_min), hz_to_mel(f_max), bins + 2);
  std::vector<double> corners(mels.size());
  std::transform(mels.begin(), mels.end(), corners.begin(), mel_to_hz);
  MatrixF filters(n_fft / 2 + 1, bins);
  for (Index k = 0; k < filters.rows(); ++k) {
    const double f = double(k) * sample_rate / double(n_fft);
    for (Index b = 0; b < bins; ++b) {
      const auto i = static_cast<std::size_t>(b);
      const double rise = (f - corners[i]) / (corners[i + 1] - corners[i]);
      const double fall = (corners[i + 2] - f) / (corners[i + 2] - corners[i + 1]);
      filters(k, b) = static_cast<float>(std::max(0.0, std::min(rise, fall)));
    }
  }
  return filters;
}

}  // namespace

LogMel::LogMel(const LogMelSettings& s, int sample_rate) {
  if (sample_rate <= 0) fail("log-Mel sample rate = ", sample_rate, " Hz, expected > 0");
  const double rate = sample_rate;
  const double nyquist = rate / 2;
  // The upper bound keeps the FFT length inside FFTW's int.
  require(std::isfinite(s.window) && s.window * rate >= 2 && s.window * rate <= 1 << 30, "window",
          s.window, "2 to 2^30 samples (at least ", 2 / rate, " s at ", sample_rate, " Hz)");
  require(std::isfinite(s.stride) && s.stride * rate >= 1, "stride", s.stride,
          "at least 1 sample (", 1 / rate, " s at ", sample_rate, " Hz)");
  require(s.bins >= 1, "bins", double(s.bins), ">= 1");
  const double f_max = s.f_max == 0 ? nyquist : s.f_max;
  require(s.f_min >= 0, "f_min", s.f_min, ">= 0 Hz");
  require(f_max > 0 && f_max <= nyquist, "f_max", s.f_max, "in (0, ", nyquist,
          "] Hz (the Nyquist frequency at ", sample_rate, " Hz) or 0 for the Nyquist frequency");
  require(s.f_min < f_max, "f_min", s.f_min, "below f_max = ", f_max, " Hz");
  require(std::isfinite(s.log_floor) && s.log_floor > 0, "log_floor", s.log_floor, "> 0");

  n_fft_ = 2 * static_cast<Index>(std::round(s.window * rate / 2));
  hop_ = static_cast<Index>(std::round(s.stride * rate));
  log_floor_ = static_cast<float>(s.log_floor);
  window_ = core::make_window(core::Window::hann, n_fft_).cast<float>();
  filters_ = mel_filters(s.bins, n_fft_, sample_rate, s.f_min, f_max);

  const FftBuffers buffers(n_fft_);
  fftwf_plan plan = nullptr;
  {
    std::lock_guard lock(planner_mutex());
    plan = fftwf_plan_dft_r2c_1d(static_cast<int>(n_fft_), buffers.real.get(),
                                 buffers.spectrum.get(), FFTW_ESTIMATE);
  }
  if (plan == nullptr) fail("FFTW could not plan a transform of ", n_fft_, " samples");
  plan_.reset(plan, [](fftwf_plan p) {
    std::lock_guard lock(planner_mutex());
    fftwf_destroy_plan(p);
  });
}

Spectrogram LogMel::operator()(const std::vector<float>& signal) const {
  const auto samples = static_cast<Index>(signal.size());
  const Index half = n_fft_ / 2;
  Spectrogram out(frames(samples), bins());
  FftBuffers buffers(n_fft_);
  VectorF power(half + 1);
  float* in = buffers.real.get();
  for (Index f = 0; f < out.rows(); ++f) {
    // Window positions j whose sample f·hop - N/2 + j lies inside the signal.
    const Index start = f * hop_ - half;
    const Index first = std::clamp<Index>(-start, 0, n_fft_);
    const Index last = std::clamp<Index>(samples - start, first, n_fft_);
    std::fill(in, in + first, 0.0f);
    for (Index j = first; j < last; ++j) {
      in[j] = window_[j] * signal[static_cast<std::size_t>(start + j)];
    }
    std::fill(in + last, in + n_fft_, 0.0f);
    power_spectrum_of(plan_.get(), buffers, power);
    out.row(f).noalias() = power.transpose() * filters_;
  }
  out = out.array().max(log_floor_).log();
  return out;
}

VectorF LogMel::power_spectrum(const std::vector<float>& frame) const {
  if (static_cast<Index>(frame.size()) != n_fft_) {
    fail("a log-Mel frame has ", n_fft_, " samples, got ", frame.size());
  }
  FftBuffers buffers(n_fft_);
  for (Index j = 0; j < n_fft_; ++j) {
    buffers.real.get()[j] = window_[j] * frame[static_cast<std::size_t>(j)];
  }
  VectorF power(n_fft_ / 2 + 1);
  power_spectrum_of(plan_.get(), buffers, power);
  return power;
}

}  // namespace prospect::datasets
