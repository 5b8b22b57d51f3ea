#pragma once
// Spectra of recorded signals (docs/gle.md §4, docs/phase.md): two
// columns of datasets in a run file, each of shape (T), (T, N) or
// (T, samples, N) with time first and sampled at the times of a (T) dataset,
// compared by FFT cross-spectrum over every bin, or by lock-in at given
// frequencies. Results go under /spectra/<name>/ with attributes saying what
// was compared and how.

#include <cstdint>
#include <string>
#include <vector>

#include "core/h5_file.h"
#include "core/units.h"
#include "core/spectral.h"

namespace prospect::core {

// One column of a recorded dataset.
struct RecordedColumn {
  std::string dataset;  // e.g. "trajectories/gle/layer1/e"
  Index sample = 0;     // second axis of (T, samples, N)
  Index neuron = 0;     // last axis of (T, N) or (T, samples, N)
};

struct RecordedSpectrumRequest {
  RecordedColumn signal, reference;  // H = signal / reference
  std::string time = "time";         // (T) sample times, evenly spaced
  double transient = 0;              // discarded from the start [time]
  Window window = Window::hann;      // FFT only
  std::vector<double> omegas;        // lock-in at these instead of the FFT, if any
};

struct RecordedSpectrum {
  std::string method;  // "fft" or "lock-in"
  double dt = 0;       // sampling interval of the recording
  Index frames = 0;    // recorded frames
  Index transient_frames = 0;
  // Per FFT bin or lock-in frequency. Powers are squared amplitudes: a
  // sinusoid of amplitude A contributes A².
  VectorD omega, gain, phase, power_signal, power_reference;
  // 1 where gain and phase are defined; 0 where the signal or the reference
  // has no power (phase NaN there; gain NaN too without reference power).
  std::vector<std::uint8_t> defined;
  Index undefined() const;  // frequencies marked 0
  // The `unit` attributes of the recorded columns (dimensionless if none).
  std::string signal_unit = units::one, reference_unit = units::one;
};

// Reads both columns and the time axis; errors name the file, the dataset and,
// for short recordings, the number of frames needed.
RecordedSpectrum recorded_spectrum(const H5Reader& run, const RecordedSpectrumRequest& request);

// The same on columns already read: `signal` and `reference` sampled at the
// evenly spaced `time` (the request's datasets are not read, only its
// transient, window and omegas). Errors speak of them by `names`.
struct ColumnNames {
  std::string source;  // the run file, or where the arrays came from
  std::string time, signal, reference;
};
RecordedSpectrum spectrum_of_columns(const VectorD& time, const VectorD& signal,
                                     const VectorD& reference,
                                     const RecordedSpectrumRequest& request,
                                     const ColumnNames& names);

// A spectrum from an FFT cross-spectrum of `frames` frames at `dt`, the
// reference as its x, with the frequencies it cannot define marked.
RecordedSpectrum recorded_fft(const CrossSpectrum& spectrum, double dt, Index frames,
                              Index transient_frames);

// /spectra/<name>/{omega, gain, phase, power_signal, power_reference} with
// attributes method, window, signal, reference, their sample and neuron,
// time, transient, dt, frames and source (the run file).
void write_recorded_spectrum(H5Writer& out, const std::string& name,
                             const RecordedSpectrumRequest& request,
                             const RecordedSpectrum& spectrum, const std::string& source);

// "gle.layer1.e_vs_target" for trajectories/gle/layer1/e against
// trajectories/target; a selected sample or neuron other than 0 is appended
// as "[sample,neuron]".
std::string default_spectrum_name(const RecordedSpectrumRequest& request);

}  // namespace prospect::core
