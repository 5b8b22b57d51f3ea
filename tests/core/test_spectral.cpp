// Gain/phase estimators on synthetic signals whose answer is known exactly.

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/random.h"
#include "core/spectral.h"
#include "core/transfer_function.h"

using namespace prospect;
using namespace prospect::core;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr double pi = std::numbers::pi;

// A sum of tones: x(t) = offset + Σ amplitude_k cos(omega_k t + phase_k).
struct Tones {
  double offset = 0;
  std::vector<double> omega, amplitude, phase;

  VectorD sample(Index n, double dt) const {
    VectorD x = VectorD::Constant(n, offset);
    for (Index i = 0; i < n; ++i) {
      const double t = double(i) * dt;
      for (std::size_t k = 0; k < omega.size(); ++k) {
        x[i] += amplitude[k] * std::cos(omega[k] * t + phase[k]);
      }
    }
    return x;
  }
  // The response of a linear element with gain g_k and phase shift p_k per tone.
  Tones through(const std::vector<double>& g, const std::vector<double>& p,
                double new_offset) const {
    Tones y{new_offset, omega, amplitude, phase};
    for (std::size_t k = 0; k < omega.size(); ++k) {
      y.amplitude[k] *= g[k];
      y.phase[k] += p[k];
    }
    return y;
  }
};

template <typename F>
void check_error(F&& call, const std::string& fragment) {
  try {
    call();
    FAIL("no prospect::Error thrown; expected one mentioning '" << fragment << "'");
  } catch (const Error& e) {
    CHECK_THAT(std::string(e.what()), Contains(fragment));
  }
}

// Leaky integrator τ dy/dt = -y + x driven by x = Σ a_k sin(ω_k t) from y(0) = 0:
// steady state Re(H_k X_k e^{iω_k t}) plus the decaying transient that cancels it at t = 0.
VectorD leaky_response(const std::vector<double>& omega, const std::vector<double>& a, double tau,
                       Index n, double dt) {
  VectorD y = VectorD::Zero(n);
  double y0 = 0;
  for (std::size_t k = 0; k < omega.size(); ++k) {
    const Complex response = retrospective(omega[k], tau) * Complex(0.0, -a[k]);
    y0 += response.real();
    for (Index i = 0; i < n; ++i) {
      y[i] += (response * std::polar(1.0, omega[k] * double(i) * dt)).real();
    }
  }
  for (Index i = 0; i < n; ++i) y[i] -= y0 * std::exp(-double(i) * dt / tau);
  return y;
}

VectorD sines(const std::vector<double>& omega, const std::vector<double>& a, Index n, double dt) {
  Tones x{0.0, omega, a, std::vector<double>(omega.size(), -pi / 2)};
  return x.sample(n, dt);
}

}  // namespace

TEST_CASE("lock-in recovers gain and phase at several frequencies jointly", "[unit]") {
  const double dt = 0.01;
  const Index n = 5000;
  // Off any FFT bin grid and not commensurate with the window.
  const Tones x{0.3, {0.7, 1.3, 2.9, 6.1}, {1.0, 0.4, 2.0, 0.7}, {0.1, -1.0, 2.0, 0.5}};
  const std::vector<double> g{0.5, 1.7, 0.05, 3.0};
  const std::vector<double> p{0.4, -1.2, 2.5, -2.9};
  const Tones y = x.through(g, p, -1.2);

  const LockInFit fit = lock_in(x.sample(n, dt), y.sample(n, dt), dt, x.omega);
  REQUIRE(fit.components.size() == 4);
  CHECK(fit.samples == n);
  CHECK_THAT(fit.x_offset, WithinAbs(0.3, 1e-9));
  CHECK_THAT(fit.y_offset, WithinAbs(-1.2, 1e-9));
  CHECK_THAT(fit.x_residual_rms, WithinAbs(0.0, 1e-9));
  CHECK_THAT(fit.y_residual_rms, WithinAbs(0.0, 1e-9));
  for (std::size_t k = 0; k < 4; ++k) {
    const LockInComponent& c = fit.components[k];
    CHECK(c.omega == x.omega[k]);
    CHECK_THAT(std::abs(c.x - std::polar(x.amplitude[k], x.phase[k])), WithinAbs(0.0, 1e-9));
    CHECK_THAT(std::abs(c.y - std::polar(y.amplitude[k], y.phase[k])), WithinAbs(0.0, 1e-9));
    CHECK_THAT(c.gain, WithinAbs(g[k], 1e-9));
    CHECK_THAT(c.phase, WithinAbs(p[k], 1e-9));
    CHECK(c.transfer == c.y / c.x);
  }
}

TEST_CASE("lock-in: phases refer to the first sample, not to the end of the transient", "[unit]") {
  const double dt = 0.05;
  const Tones x{0.0, {1.1}, {2.0}, {0.8}};
  const VectorD signal = x.sample(3000, dt);
  const LockInFit fit = lock_in(signal, signal, dt, x.omega, 1234);
  CHECK(fit.samples == 3000 - 1234);
  CHECK_THAT(std::arg(fit.components[0].x), WithinAbs(0.8, 1e-9));
  CHECK_THAT(std::abs(fit.components[0].x), WithinAbs(2.0, 1e-9));
  CHECK_THAT(fit.components[0].gain, WithinAbs(1.0, 1e-12));
  CHECK_THAT(fit.components[0].phase, WithinAbs(0.0, 1e-12));
}

TEST_CASE("lock-in: discarding the start removes a leaky integrator's transient", "[unit]") {
  const double tau = 1.0, dt = 0.01;
  const Index n = 9000, transient = 3000;  // 30 τ: the transient is down to e^-30
  const std::vector<double> omega{0.5, 2.0}, a{1.0, 0.6};
  const VectorD x = sines(omega, a, n, dt);
  const VectorD y = leaky_response(omega, a, tau, n, dt);

  const LockInFit settled = lock_in(x, y, dt, omega, transient);
  for (std::size_t k = 0; k < omega.size(); ++k) {
    const Complex h = retrospective(omega[k], tau);
    CHECK_THAT(settled.components[k].gain, WithinAbs(gain(h), 1e-9));
    CHECK_THAT(settled.components[k].phase, WithinAbs(phase(h), 1e-9));
  }
  CHECK_THAT(settled.y_residual_rms, WithinAbs(0.0, 1e-9));

  // Keeping the transient biases the estimate and leaves a residual.
  const LockInFit raw = lock_in(x, y, dt, omega);
  const Complex h0 = retrospective(omega[0], tau);
  CHECK(std::abs(raw.components[0].transfer - h0) > 1e-3);
  CHECK(raw.y_residual_rms > 1e-3);
}

TEST_CASE("lock-in with noise: estimates close, residual measures the noise", "[unit]") {
  const double dt = 0.01, sigma = 0.1;
  const Index n = 20000;
  const Tones x{0.0, {1.0, 3.0}, {1.0, 1.0}, {0.0, 0.0}};
  const Tones y = x.through({2.0, 0.5}, {0.3, -0.6}, 0.0);
  VectorD ys = y.sample(n, dt);
  Rng rng(7);
  for (Index i = 0; i < n; ++i) ys[i] += sigma * rng.normal();
  const LockInFit fit = lock_in(x.sample(n, dt), ys, dt, x.omega);
  CHECK_THAT(fit.components[0].gain, WithinRel(2.0, 0.02));
  CHECK_THAT(fit.components[1].gain, WithinRel(0.5, 0.05));
  CHECK_THAT(fit.components[0].phase, WithinAbs(0.3, 0.01));
  CHECK_THAT(fit.components[1].phase, WithinAbs(-0.6, 0.05));
  CHECK_THAT(fit.y_residual_rms, WithinRel(sigma, 0.05));
}

TEST_CASE("FFT cross-spectrum is exact at bin-centred frequencies (rectangular)", "[unit]") {
  const double dt = 0.01;
  const Index n = 1000;  // T = 10: bins at ω_k = 2πk/10
  const double spacing = 2 * pi / (double(n) * dt);
  const std::vector<Index> bins{3, 7, 20, 499};
  std::vector<double> omega;
  for (Index k : bins) omega.push_back(spacing * double(k));
  const Tones x{0.7, omega, {1.0, 0.5, 2.0, 0.3}, {0.2, -2.0, 1.0, 0.4}};
  const std::vector<double> g{0.5, 1.7, 3.0, 0.9};
  const std::vector<double> p{0.4, -1.2, 2.5, -0.7};
  const Tones y = x.through(g, p, -2.0);

  SpectrumOptions options;
  options.window = Window::rectangular;
  const CrossSpectrum s = cross_spectrum(x.sample(n, dt), y.sample(n, dt), dt, options);
  REQUIRE(s.omega.size() == n / 2);
  CHECK_THAT(s.omega[0], WithinRel(spacing, 1e-15));
  CHECK_THAT(s.omega[n / 2 - 1], WithinRel(pi / dt, 1e-15));
  for (std::size_t j = 0; j < bins.size(); ++j) {
    const Index b = bins[j] - 1;
    CHECK_THAT(s.gain[b], WithinAbs(g[j], 1e-9));
    CHECK_THAT(s.phase[b], WithinAbs(p[j], 1e-9));
    CHECK_THAT(s.power_x[b], WithinRel(x.amplitude[j] * x.amplitude[j], 1e-9));
    CHECK_THAT(s.power_y[b], WithinRel(y.amplitude[j] * y.amplitude[j], 1e-9));
    CHECK_THAT(std::abs(s.cross[b] - std::polar(x.amplitude[j] * y.amplitude[j], p[j])),
               WithinAbs(0.0, 1e-9));
  }
  // Only the driven bins carry power.
  const std::vector<Index> expected{2, 6, 19, 498};
  CHECK(bins_with_power(s, 1e-6) == expected);
}

TEST_CASE("FFT cross-spectrum: discarding the transient of a leaky integrator", "[unit]") {
  const double tau = 1.0, dt = 0.01;
  const Index transient = 3000, n = 2000;  // analysed window T = 20 after 30 τ
  const double spacing = 2 * pi / (double(n) * dt);
  const std::vector<double> omega{3 * spacing, 8 * spacing}, a{1.0, 0.6};
  const VectorD x = sines(omega, a, transient + n, dt);
  const VectorD y = leaky_response(omega, a, tau, transient + n, dt);

  SpectrumOptions options;
  options.window = Window::rectangular;
  options.transient = transient;
  const CrossSpectrum s = cross_spectrum(x, y, dt, options);
  for (std::size_t j = 0; j < omega.size(); ++j) {
    const Index b = (j == 0 ? 3 : 8) - 1;
    CHECK_THAT(s.omega[b], WithinRel(omega[j], 1e-14));
    const Complex h = retrospective(omega[j], tau);
    CHECK_THAT(s.gain[b], WithinAbs(gain(h), 1e-9));
    CHECK_THAT(s.phase[b], WithinAbs(phase(h), 1e-9));
  }

  // The same window taken from the start includes the transient and is off.
  options.transient = 0;
  const CrossSpectrum raw = cross_spectrum(x.head(n), y.head(n), dt, options);
  CHECK(std::abs(raw.transfer[2] - retrospective(omega[0], tau)) > 1e-3);
}

TEST_CASE("FFT with a Hann window: exact on-bin, close off-bin, little leakage", "[unit]") {
  const double dt = 0.01;
  const Index n = 4096;
  const double spacing = 2 * pi / (double(n) * dt);

  SECTION("bin-centred tone") {
    const Tones x{0.5, {10 * spacing}, {1.5}, {0.3}};
    const Tones y = x.through({0.8}, {-1.1}, 0.0);
    const CrossSpectrum s = cross_spectrum(x.sample(n, dt), y.sample(n, dt), dt);
    CHECK_THAT(s.gain[9], WithinAbs(0.8, 1e-9));
    CHECK_THAT(s.phase[9], WithinAbs(-1.1, 1e-9));
    CHECK_THAT(s.power_x[9], WithinRel(1.5 * 1.5, 1e-9));
  }

  SECTION("off-bin tone") {
    const Tones x{0.2, {10.37 * spacing}, {1.0}, {0.0}};
    const Tones y = x.through({2.5}, {0.9}, 1.0);
    const VectorD xs = x.sample(n, dt), ys = y.sample(n, dt);
    const CrossSpectrum hann = cross_spectrum(xs, ys, dt);
    Index peak = 0;
    hann.power_x.maxCoeff(&peak);
    CHECK(peak == 9);  // bin 10
    CHECK_THAT(hann.gain[peak], WithinRel(2.5, 1e-3));
    CHECK_THAT(hann.phase[peak], WithinAbs(0.9, 1e-3));

    SpectrumOptions rect;
    rect.window = Window::rectangular;
    const CrossSpectrum plain = cross_spectrum(xs, ys, dt, rect);
    // Far from the tone the Hann window leaks orders of magnitude less.
    CHECK(hann.power_x[99] < 1e-4 * plain.power_x[99]);
  }
}

TEST_CASE("single-signal spectrum: amplitude and phase per bin", "[unit]") {
  const double dt = 0.02;
  const Index transient = 137, n = 500;  // window T = 10 after the transient
  const double spacing = 2 * pi / (double(n) * dt);
  const Tones x{1.0, {4 * spacing, 9 * spacing}, {0.8, 0.25}, {-0.6, 2.2}};
  SpectrumOptions options;
  options.transient = transient;
  options.window = Window::rectangular;
  const Spectrum s = spectrum(x.sample(transient + n, dt), dt, options);
  REQUIRE(s.omega.size() == n / 2);
  // Phases refer to t = 0 at the first sample, as in the lock-in.
  CHECK_THAT(s.amplitude[3], WithinAbs(0.8, 1e-9));
  CHECK_THAT(s.phase[3], WithinAbs(-0.6, 1e-9));
  CHECK_THAT(s.amplitude[8], WithinAbs(0.25, 1e-9));
  CHECK_THAT(s.phase[8], WithinAbs(2.2, 1e-9));
  CHECK_THAT(s.power[8], WithinRel(0.25 * 0.25, 1e-9));
  CHECK_THAT(s.amplitude[0], WithinAbs(0.0, 1e-9));  // the offset is not in bin 1

  // The Nyquist bin holds the full amplitude of the alternating sequence.
  VectorD alternating(64);
  for (Index i = 0; i < 64; ++i) alternating[i] = (i % 2 == 0 ? 0.9 : -0.9);
  const Spectrum nyquist = spectrum(alternating, dt, {0, Window::rectangular, true});
  CHECK_THAT(nyquist.amplitude[31], WithinAbs(0.9, 1e-12));
  CHECK_THAT(nyquist.omega[31], WithinRel(pi / dt, 1e-15));
}

TEST_CASE("window names parse", "[unit]") {
  CHECK(core::parse(core::kWindowNames, "spectra.window", "hann") == Window::hann);
  CHECK(core::parse(core::kWindowNames, "spectra.window", "rectangular") == Window::rectangular);
  CHECK(core::parse(core::kWindowNames, "spectra.window", "none") == Window::rectangular);
  CHECK(core::name_of(core::kWindowNames, Window::hann) == "hann");
  CHECK(core::name_of(core::kWindowNames, Window::rectangular) == "rectangular");
  check_error([] { core::parse(core::kWindowNames, "spectra.window", "hamming"); },
              "key 'spectra.window' = 'hamming': expected hann, rectangular or none");
}

TEST_CASE("spectral estimators reject bad input", "[unit]") {
  const double dt = 0.01;
  const VectorD x = sines({1.0}, {1.0}, 1000, dt);
  const VectorD shorter = x.head(999);
  const std::vector<double> one{1.0};

  SECTION("lock-in") {
    check_error([&] { lock_in(x, shorter, dt, one); }, "same length, got 1000 and 999");
    check_error([&] { lock_in(x, x, 0.0, one); }, "dt must be finite and > 0, got 0");
    check_error([&] { lock_in(x, x, -1.0, one); }, "dt");
    check_error([&] { lock_in(x, x, std::nan(""), one); }, "dt");
    check_error([&] { lock_in(x, x, dt, {}); }, "at least one frequency");
    check_error([&] { lock_in(x, x, dt, {1.0, 0.0}); }, "omega[1] = 0 must be > 0");
    check_error([&] { lock_in(x, x, dt, {-2.0}); }, "omega[0] = -2 must be > 0");
    check_error([&] { lock_in(x, x, dt, {1.0, pi / dt}); }, "Nyquist");
    check_error([&] { lock_in(x, x, dt, {1.0, 400.0}); }, "omega[1] = 400");
    check_error([&] { lock_in(x, x, dt, {1.0, 2.0, 1.0}); }, "omega[0] and omega[2] are equal");
    check_error([&] { lock_in(x, x, dt, one, -1); }, "transient must be >= 0");
    // One period of ω = 1 is 2π/dt ≈ 628.3 samples: 629 needed, 500 left.
    check_error([&] { lock_in(x, x, dt, one, 500); }, "needs at least 629 samples");
    check_error([&] { lock_in(x, x, dt, one, 500); }, "got 500");
    check_error([&] { lock_in(x, x, dt, one, 2000); }, "got 0");
    // More coefficients (2·m + 1 = 7) than samples.
    const VectorD tiny = VectorD::Ones(6);
    check_error([&] { lock_in(tiny, tiny, 1.0, {2.0, 2.5, 3.0}); }, "needs at least 8 samples");
    // Distinct but inseparable over a window of 10 time units.
    check_error([&] { lock_in(x, x, dt, {1.0, 1.0 + 1e-13}); }, "singular");
    // A tiny ω asks for an astronomically long window without overflowing the count.
    check_error([&] { lock_in(x, x, dt, {1e-300}); }, "needs at least 6.28319e+302 samples");
    VectorD bad = x;
    bad[42] = std::nan("");
    check_error([&] { lock_in(bad, x, dt, one); }, "x[42] is not finite");
    bad[42] = 0;
    bad[900] = INFINITY;
    check_error([&] { lock_in(x, bad, dt, one); }, "y[900] is not finite");
    // A bad sample inside the discarded transient does not matter.
    VectorD early = sines({10.0}, {1.0}, 1000, dt);
    early[3] = std::nan("");
    CHECK_NOTHROW(lock_in(early, early, dt, {10.0}, 10));
  }

  SECTION("FFT") {
    check_error([&] { cross_spectrum(x, shorter, dt); }, "same length");
    check_error([&] { cross_spectrum(x, x, -0.5); }, "dt must be finite and > 0, got -0.5");
    check_error([&] { spectrum(x, 0.0); }, "dt");
    const SpectrumOptions seven_left{993, Window::hann, true};
    check_error([&] { cross_spectrum(x, x, dt, seven_left); },
                "at least 8 samples after the transient, got 7");
    check_error([&] { spectrum(x.head(7), dt); }, "needs at least 8 samples");
    check_error([&] { spectrum(x, dt, {-3, Window::hann, true}); }, "transient must be >= 0");
    VectorD bad = x;
    bad[5] = -INFINITY;
    check_error([&] { cross_spectrum(x, bad, dt); }, "y[5] is not finite");
    check_error([&] { spectrum(bad, dt); }, "x[5] is not finite");
    CHECK_NOTHROW(spectrum(bad, dt, {6, Window::hann, true}));
    check_error([&] { bins_with_power(cross_spectrum(x, x, dt), 1.5); }, "1.5");
  }
}
