#pragma once
// Log-Mel spectrogram, as torchaudio computes
//   log(max(MelSpectrogram(sample_rate, n_fft=N, win_length=N, hop_length=H,
//       f_min, f_max, n_mels=bins, center=True, pad_mode="constant",
//       power=2, norm=None, mel_scale="htk")(x), floor))
// with N = window · sample_rate (rounded to an even number of samples) and
// H = stride · sample_rate (rounded).
//
// Frame f is centred on sample f·H: samples f·H - N/2 .. f·H + N/2 - 1 of the
// signal, zeros outside it, times a periodic Hann window, transformed by a
// real FFT of length N (no normalisation). Its power |X_k|² at the
// frequencies k · sample_rate / N, k = 0..N/2, is weighted by triangular
// filters whose corners are bins + 2 points evenly spaced on the HTK Mel
// scale m = 2595 log10(1 + f / 700 Hz) from f_min to f_max (unit peak, no
// area normalisation). There are 1 + samples / H frames.
//
// Decisions: N is kept even so that every frame has a centre sample and the
// frame count is torch.stft's; the filters use the exact bin frequencies
// k · sample_rate / N, where torchaudio uses linspace(0, sample_rate // 2),
// which differs only for odd sample rates.
//
// Layout: one frame per row of a row-major (frames x bins) float matrix, so
// streaming frame f to a network reads one contiguous row.
//
// A LogMel is immutable once made: copies share one FFTW plan, and calls from
// several threads are safe (each call transforms in its own buffers).

#include <memory>
#include <vector>

#include <Eigen/Core>

#include "core/types.h"

struct fftwf_plan_s;

namespace prospect::datasets {

using Spectrogram = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct LogMelSettings {
  double window = 0.064;    // [s] FFT length in samples: 512 at 8 kHz
  double stride = 0.025;    // [s] hop between frame centres: 200 samples at 8 kHz
  Index bins = 32;          // Mel filters
  double f_min = 0;         // [Hz] lowest filter corner
  double f_max = 0;         // [Hz] highest filter corner; 0 means the Nyquist frequency
  double log_floor = 1e-6;  // log(max(Mel energy, log_floor))
};

class LogMel {
 public:
  // Throws prospect::Error naming the setting and its value when the window
  // is shorter than 2 samples (or longer than 2^30), the stride shorter than
  // 1 sample, bins < 1, f_min < 0, f_max above the Nyquist frequency,
  // f_min >= f_max or log_floor <= 0, and naming the sample rate when it is
  // not > 0.
  LogMel(const LogMelSettings& settings, int sample_rate);

  Index n_fft() const { return n_fft_; }
  Index hop() const { return hop_; }
  Index bins() const { return filters_.cols(); }
  Index frames(Index samples) const { return 1 + samples / hop_; }

  // frames(signal.size()) x bins, laid out as described above.
  Spectrogram operator()(const std::vector<float>& signal) const;

  // |X_k|², k = 0..N/2, of `frame` (N samples) times the Hann window.
  VectorF power_spectrum(const std::vector<float>& frame) const;

 private:
  Index n_fft_;
  Index hop_;
  float log_floor_;
  VectorF window_;   // periodic Hann, N samples
  MatrixF filters_;  // (N/2 + 1) x bins
  std::shared_ptr<fftwf_plan_s> plan_;
};

}  // namespace prospect::datasets
