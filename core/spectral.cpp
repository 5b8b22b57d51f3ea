#include "core/spectral.h"

#include <fftw3.h>

#include <Eigen/QR>
#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>
#include <mutex>
#include <numbers>
#include <sstream>

#include "core/error.h"

namespace prospect::core {

namespace {

using Complex = std::complex<double>;
constexpr double two_pi = 2.0 * std::numbers::pi;

void check_dt(double dt) {
  if (!(dt > 0.0) || !std::isfinite(dt)) fail("dt must be finite and > 0, got ", dt);
}

void check_same_length(SignalRef x, SignalRef y) {
  if (x.size() != y.size()) {
    fail("x and y must have the same length, got ", x.size(), " and ", y.size(), " samples");
  }
}

// Samples left after the transient; `needed` is the minimum, `why` explains it.
Index samples_after(Index size, Index transient, Index needed, std::string_view why) {
  if (transient < 0) fail("transient must be >= 0 samples, got ", transient);
  const Index n = std::max<Index>(size - transient, 0);
  if (n < needed) {
    fail(why, " needs at least ", needed, " samples after the transient, got ", n, " (", size,
         " samples, transient ", transient, ")");
  }
  return n;
}

void check_finite(SignalRef signal, Index first, std::string_view name) {
  for (Index i = first; i < signal.size(); ++i) {
    if (!std::isfinite(signal[i])) fail(name, "[", i, "] is not finite (", signal[i], ")");
  }
}

void check_omegas(const std::vector<double>& omegas, double dt) {
  if (omegas.empty()) fail("lock-in needs at least one frequency");
  const double nyquist = std::numbers::pi / dt;
  for (std::size_t k = 0; k < omegas.size(); ++k) {
    const double w = omegas[k];
    if (!(w > 0.0) || !std::isfinite(w)) fail("frequency omega[", k, "] = ", w, " must be > 0");
    // At Nyquist the sine column vanishes on the sample grid: phase is undefined there.
    if (w >= nyquist) {
      fail("frequency omega[", k, "] = ", w,
           " must be below the Nyquist frequency pi/dt = ", nyquist);
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (omegas[j] == w) fail("frequencies omega[", j, "] and omega[", k, "] are equal (", w, ")");
    }
  }
}

struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};

// The FFTW planner is not thread-safe; execution is.
std::mutex& planner_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Real-to-complex DFT of length n with its own aligned buffers and plan.
class RealFft {
 public:
  explicit RealFft(Index n)
      : n_(checked_length(n)),
        in_(fftw_alloc_real(static_cast<std::size_t>(n))),
        out_(fftw_alloc_complex(static_cast<std::size_t>(n / 2 + 1))) {
    if (!in_ || !out_) fail("cannot allocate FFT buffers for ", n, " samples");
    std::lock_guard lock(planner_mutex());
    plan_ = fftw_plan_dft_r2c_1d(static_cast<int>(n), in_.get(), out_.get(), FFTW_ESTIMATE);
    if (plan_ == nullptr) fail("FFTW could not plan a transform of ", n, " samples");
  }
  ~RealFft() {
    std::lock_guard lock(planner_mutex());
    fftw_destroy_plan(plan_);
  }
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  double* input() { return in_.get(); }
  // Bin k of the last transform, Σ_j in[j] e^{-2πijk/n}.
  Complex bin(Index k) const { return {out_.get()[k][0], out_.get()[k][1]}; }
  void execute() { fftw_execute(plan_); }
  Index size() const { return n_; }

 private:
  static Index checked_length(Index n) {
    if (n > INT_MAX) fail("FFT length ", n, " exceeds the FFTW limit of ", INT_MAX, " samples");
    return n;
  }

  Index n_;
  std::unique_ptr<double, FftwFree> in_;
  std::unique_ptr<fftw_complex, FftwFree> out_;
  fftw_plan plan_ = nullptr;
};

// Complex amplitudes of bins 1..n/2 of x[transient, size), in the convention
// of spectral.h (phases referred to t = 0 at the first sample of x).
Eigen::VectorXcd coefficients(RealFft& fft, SignalRef x, Index transient, const VectorD& window,
                              bool remove_mean) {
  const Index n = fft.size();
  const auto segment = x.segment(transient, n);
  const double mean = remove_mean ? segment.mean() : 0.0;
  double* in = fft.input();
  for (Index j = 0; j < n; ++j) in[j] = (segment[j] - mean) * window[j];
  fft.execute();

  const double scale = 2.0 / window.sum();
  Eigen::VectorXcd c(n / 2);
  for (Index k = 1; k <= n / 2; ++k) {
    // Shift the time origin back to the first sample of x; reduce k·transient
    // mod n first so the angle stays exact for long transients.
    const double turns = double((k * transient) % n) / double(n);
    const Complex shift = std::polar(1.0, -two_pi * turns);
    // The Nyquist bin has no mirror image, so it holds the full amplitude once.
    const double bin_scale = (2 * k == n) ? 0.5 * scale : scale;
    c[k - 1] = bin_scale * fft.bin(k) * shift;
  }
  return c;
}

VectorD bin_omegas(Index n, double dt) {
  VectorD omega(n / 2);
  for (Index k = 1; k <= n / 2; ++k) omega[k - 1] = two_pi * double(k) / (double(n) * dt);
  return omega;
}

}  // namespace

double lock_in_min_samples(const std::vector<double>& omegas, double dt) {
  check_dt(dt);
  check_omegas(omegas, dt);
  const double coefficients = double(1 + 2 * omegas.size());
  const double lowest = *std::min_element(omegas.begin(), omegas.end());
  // One full period of the lowest frequency: n·dt ≥ 2π/ω (small slack for rounding).
  const double period_samples = std::ceil(two_pi / (lowest * dt) - 1e-9);
  return std::max(coefficients + 1, period_samples);
}

LockInFit lock_in(SignalRef x, SignalRef y, double dt, const std::vector<double>& omegas,
                  Index transient) {
  check_same_length(x, y);
  const double needed = lock_in_min_samples(omegas, dt);

  const auto m = static_cast<Index>(omegas.size());
  const Index p = 1 + 2 * m;  // offset, then cos/sin per frequency
  const double lowest = *std::min_element(omegas.begin(), omegas.end());
  if (transient < 0) fail("transient must be >= 0 samples, got ", transient);
  const Index n = std::max<Index>(x.size() - transient, 0);
  if (double(n) < needed) {
    std::ostringstream count;  // an exact integer unless astronomically large
    if (needed < 1e15)
      count << static_cast<Index>(needed);
    else
      count << needed;
    fail("lock-in needs at least ", count.str(), " samples after the transient (more than its ", p,
         " fit coefficients and one full period 2*pi/omega = ", two_pi / lowest,
         " of the lowest frequency omega = ", lowest, " at dt = ", dt, "), got ", n);
  }
  check_finite(x, transient, "x");
  check_finite(y, transient, "y");

  // Least squares of [A | x | y] by blocked Householder QR: stacking the running
  // R on each block of rows gives the R of the whole matrix without holding it.
  // Columns p and p+1 of R then hold Qᵀx, Qᵀy and the residual norms.
  const Index cols = p + 2;
  constexpr Index block = 1024;
  MatrixD r = MatrixD::Zero(cols, cols);
  MatrixD stacked(cols + block, cols);
  Eigen::HouseholderQR<MatrixD> qr;
  for (Index start = 0; start < n; start += block) {
    const Index rows = std::min(block, n - start);
    stacked.topRows(cols) = r;
    for (Index j = 0; j < rows; ++j) {
      const Index i = transient + start + j;
      const double t = double(i) * dt;
      auto row = stacked.row(cols + j);
      row[0] = 1.0;
      for (Index k = 0; k < m; ++k) {
        const double wt = omegas[static_cast<std::size_t>(k)] * t;
        row[1 + 2 * k] = std::cos(wt);
        row[2 + 2 * k] = std::sin(wt);
      }
      row[p] = x[i];
      row[p + 1] = y[i];
    }
    qr.compute(stacked.topRows(cols + rows));
    r = qr.matrixQR().topRows(cols).triangularView<Eigen::Upper>();
  }

  Eigen::ColPivHouseholderQR<MatrixD> solver(p, p);
  solver.setThreshold(1e-10);
  solver.compute(r.topLeftCorner(p, p));
  if (solver.rank() < p) {
    fail("lock-in fit is singular: the frequencies cannot be separated over ", double(n) * dt,
         " time units (their spacing must be well above 2*pi/", double(n) * dt, ")");
  }
  const MatrixD beta = solver.solve(r.topRightCorner(p, 2));

  LockInFit fit;
  fit.samples = n;
  fit.x_offset = beta(0, 0);
  fit.y_offset = beta(0, 1);
  fit.x_residual_rms = std::abs(r(p, p)) / std::sqrt(double(n));
  fit.y_residual_rms = r.col(p + 1).tail(2).norm() / std::sqrt(double(n));
  fit.components.reserve(omegas.size());
  for (Index k = 0; k < m; ++k) {
    LockInComponent c;
    c.omega = omegas[static_cast<std::size_t>(k)];
    // a cos ωt + b sin ωt = Re((a - ib) e^{iωt})
    c.x = Complex(beta(1 + 2 * k, 0), -beta(2 + 2 * k, 0));
    c.y = Complex(beta(1 + 2 * k, 1), -beta(2 + 2 * k, 1));
    c.transfer = c.y / c.x;
    c.gain = std::abs(c.transfer);
    c.phase = std::arg(c.transfer);
    fit.components.push_back(c);
  }
  return fit;
}

VectorD make_window(Window window, Index n) {
  if (window == Window::rectangular) return VectorD::Ones(n);
  // Periodic Hann: its DFT has exactly three non-zero bins, so bin-centred tones stay exact.
  VectorD w(n);
  for (Index j = 0; j < n; ++j) w[j] = 0.5 - 0.5 * std::cos(two_pi * double(j) / double(n));
  return w;
}

Spectrum spectrum(SignalRef x, double dt, const SpectrumOptions& options) {
  check_dt(dt);
  const Index n = samples_after(x.size(), options.transient, cross_spectrum_min_samples, "FFT spectrum");
  check_finite(x, options.transient, "x");

  RealFft fft(n);
  const VectorD window = make_window(options.window, n);
  Spectrum s;
  s.omega = bin_omegas(n, dt);
  s.coefficient = coefficients(fft, x, options.transient, window, options.remove_mean);
  s.amplitude = s.coefficient.cwiseAbs();
  s.phase = s.coefficient.unaryExpr([](const Complex& c) { return std::arg(c); });
  s.power = s.coefficient.cwiseAbs2();
  return s;
}

CrossSpectrum cross_spectrum(SignalRef x, SignalRef y, double dt, const SpectrumOptions& options) {
  check_dt(dt);
  check_same_length(x, y);
  const Index n = samples_after(x.size(), options.transient, cross_spectrum_min_samples, "FFT cross-spectrum");
  check_finite(x, options.transient, "x");
  check_finite(y, options.transient, "y");

  RealFft fft(n);
  const VectorD window = make_window(options.window, n);
  const Eigen::VectorXcd cx = coefficients(fft, x, options.transient, window, options.remove_mean);
  const Eigen::VectorXcd cy = coefficients(fft, y, options.transient, window, options.remove_mean);

  CrossSpectrum s;
  s.omega = bin_omegas(n, dt);
  s.cross = cy.cwiseProduct(cx.conjugate());
  s.power_x = cx.cwiseAbs2();
  s.power_y = cy.cwiseAbs2();
  s.transfer = s.cross.cwiseQuotient(s.power_x.cast<Complex>());
  s.gain = s.transfer.cwiseAbs();
  s.phase = s.transfer.unaryExpr([](const Complex& c) { return std::arg(c); });
  return s;
}

std::vector<Index> bins_with_power(const CrossSpectrum& spectrum, double fraction) {
  if (!(fraction >= 0.0 && fraction <= 1.0)) {
    fail("power fraction must be in [0, 1], got ", fraction);
  }
  std::vector<Index> bins;
  if (spectrum.power_x.size() == 0) return bins;
  const double threshold = fraction * spectrum.power_x.maxCoeff();
  for (Index k = 0; k < spectrum.power_x.size(); ++k) {
    if (spectrum.power_x[k] >= threshold && spectrum.power_x[k] > 0.0) bins.push_back(k);
  }
  return bins;
}

}  // namespace prospect::core
