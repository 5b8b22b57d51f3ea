#pragma once
// Gain and phase of a response y(t) relative to a drive x(t), estimated from
// trajectories sampled every dt (docs/gle.md §4).
//
// Convention shared by both estimators: the component of x at ω is the
// complex amplitude X with x(t) ≈ Re(X e^{iωt}) = |X| cos(ωt + arg X), where
// t = i·dt counts from the first sample passed in (the transient included),
// so discarding a transient does not shift phases. H = Y/X; gain |H|, phase
// arg H in (-π, π] (positive = y leads x).
//
//   lock_in:        joint least-squares fit of offset + cos/sin at every given ω.
//                   Exact for noise-free sums of sinusoids, any window length.
//   cross_spectrum: one windowed FFT per signal, bins ω_k = 2πk/(n dt), k = 1..n/2.
//                   Exact with a rectangular window on an integer number of periods;
//                   Hann (default) limits leakage when the drive is off-bin.

#include <complex>
#include <string>
#include <string_view>
#include <vector>

#include "core/named_values.h"
#include "core/types.h"

namespace prospect::core {

using SignalRef = Eigen::Ref<const VectorD>;

struct LockInComponent {
  double omega = 0;               // rad per time unit
  std::complex<double> x;         // complex amplitude of x at omega
  std::complex<double> y;         // complex amplitude of y at omega
  std::complex<double> transfer;  // Y / X (not finite where X = 0)
  double gain = 0;                // |H|
  double phase = 0;               // arg H [rad]
};

struct LockInFit {
  std::vector<LockInComponent> components;  // in the order of the requested omegas
  double x_offset = 0;
  double y_offset = 0;
  // RMS of what offset + sinusoids leave unexplained: noise, harmonics, transients.
  double x_residual_rms = 0;
  double y_residual_rms = 0;
  Index samples = 0;  // samples used after the transient
};

// Fewest samples after the transient that lock_in accepts for these frequencies:
// more than its 2·omegas+1 fit coefficients and one full period of the lowest ω.
// A double: a tiny ω needs more samples than an Index holds. Checks dt and omegas.
double lock_in_min_samples(const std::vector<double>& omegas, double dt);

// Fits x and y on samples [transient, size) with offset + Σ_ω (a cos ωt + b sin ωt).
// Needs distinct 0 < ω < π/dt, more samples than the 2·omegas+1 coefficients,
// and at least one full period of the lowest ω.
LockInFit lock_in(SignalRef x, SignalRef y, double dt, const std::vector<double>& omegas,
                  Index transient = 0);

enum class Window { hann, rectangular };

// "none" is read as rectangular; a window is written by its first name.
inline constexpr core::NamedValue<Window> kWindowNames[] = {
    {Window::hann, "hann"}, {Window::rectangular, "rectangular"}, {Window::rectangular, "none"}};
// The n window weights; Hann is the periodic one (torch.hann_window's default).
VectorD make_window(Window window, Index n);

// Fewest samples after the transient that spectrum and cross_spectrum accept.
inline constexpr Index cross_spectrum_min_samples = 8;

struct SpectrumOptions {
  Index transient = 0;  // leading samples to discard
  Window window = Window::hann;
  bool remove_mean = true;  // subtract the segment mean before windowing
};

// One signal, bins k = 1..n/2 (n samples after the transient). The coefficient
// is normalised by the window sum, so a sinusoid of amplitude A centred on bin
// k gives |X_k| = A; power is |X_k|² in the same units.
struct Spectrum {
  VectorD omega;
  Eigen::VectorXcd coefficient;
  VectorD amplitude;
  VectorD phase;
  VectorD power;
};

// Per bin: S_yx = Y X*, S_xx = |X|², S_yy = |Y|², H = S_yx / S_xx (= Y/X).
// power_x tells where the drive carries power; H is meaningless elsewhere.
struct CrossSpectrum {
  VectorD omega;
  Eigen::VectorXcd cross;
  VectorD power_x;
  VectorD power_y;
  Eigen::VectorXcd transfer;
  VectorD gain;
  VectorD phase;
};

Spectrum spectrum(SignalRef x, double dt, const SpectrumOptions& options = {});
CrossSpectrum cross_spectrum(SignalRef x, SignalRef y, double dt,
                             const SpectrumOptions& options = {});

// Bins whose power_x is at least `fraction` of the largest power_x, in bin order.
std::vector<Index> bins_with_power(const CrossSpectrum& spectrum, double fraction);

}  // namespace prospect::core
