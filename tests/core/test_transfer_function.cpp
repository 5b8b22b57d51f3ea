// Analytic transfer functions against the phase/gain formulas of docs/gle.md §1, §3.

#include <array>
#include <catch2/catch.hpp>
#include <cmath>

#include "core/transfer_function.h"

using namespace prospect::core;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

constexpr std::array omegas{0.0, 1e-3, 0.1, 0.5, 1.0, 2.0, 7.5, 100.0};

}  // namespace

TEST_CASE("elementary operators have the tabulated phase and gain", "[unit]") {
  const double tau = 0.7;
  for (double w : omegas) {
    const double g = std::sqrt(1 + w * w * tau * tau);
    CHECK_THAT(phase(retrospective(w, tau)), WithinAbs(-std::atan(w * tau), 1e-14));
    CHECK_THAT(gain(retrospective(w, tau)), WithinRel(1 / g, 1e-14));
    CHECK_THAT(phase(prospective(w, tau)), WithinAbs(std::atan(w * tau), 1e-14));
    CHECK_THAT(gain(prospective(w, tau)), WithinRel(g, 1e-14));
    CHECK_THAT(phase(discounted_future(w, tau)), WithinAbs(std::atan(w * tau), 1e-14));
    CHECK_THAT(gain(discounted_future(w, tau)), WithinRel(1 / g, 1e-14));
    CHECK_THAT(phase(lookback(w, tau)), WithinAbs(-std::atan(w * tau), 1e-14));
    CHECK_THAT(gain(lookback(w, tau)), WithinRel(g, 1e-14));
  }
}

TEST_CASE("prospective and retrospective with equal tau cancel (LE)", "[unit]") {
  for (double tau : {0.1, 1.0, 10.0}) {
    for (double w : omegas) {
      const Complex h = prospective(w, tau) * retrospective(w, tau);
      CHECK_THAT(h.real(), WithinAbs(1.0, 1e-14));
      CHECK_THAT(h.imag(), WithinAbs(0.0, 1e-14));
      CHECK_THAT(std::abs(gle_neuron(w, tau, tau) - 1.0), WithinAbs(0.0, 1e-14));
      CHECK_THAT(std::abs(gle_error_neuron(w, tau, tau) - 1.0), WithinAbs(0.0, 1e-14));
    }
  }
}

TEST_CASE("forward GLE neuron phase is atan(w tau_r) - atan(w tau_m)", "[unit]") {
  const double tau_m = 1.0;
  for (double tau_r : {0.0, 0.3, 0.9, 1.5}) {
    for (double w : omegas) {
      const Complex h = gle_neuron(w, tau_m, tau_r);
      CHECK_THAT(phase(h), WithinAbs(std::atan(w * tau_r) - std::atan(w * tau_m), 1e-14));
      CHECK_THAT(
          gain(h),
          WithinRel(std::sqrt((1 + w * w * tau_r * tau_r) / (1 + w * w * tau_m * tau_m)), 1e-14));
    }
  }
  // Lagging when tau_r < tau_m, leading when tau_r > tau_m.
  CHECK(phase(gle_neuron(1.0, 1.0, 0.5)) < 0);
  CHECK(phase(gle_neuron(1.0, 1.0, 2.0)) > 0);
}

TEST_CASE("tau_r = 0 gives the plain leaky integrator", "[unit]") {
  for (double w : omegas) {
    CHECK(gle_neuron(w, 0.8, 0.0) == retrospective(w, 0.8));
    CHECK(gle_error_neuron(w, 0.0, 0.8) == retrospective(w, 0.8));
  }
}

TEST_CASE("error neuron and exact adjoint share phase, gains differ by the stated ratio",
          "[unit]") {
  const double tau_m = 1.0;
  for (double tau_r : {0.1, 0.5, 0.9}) {
    const double bound = (tau_m / tau_r) * (tau_m / tau_r);
    for (double w : omegas) {
      const Complex error = gle_error_neuron(w, tau_m, tau_r);
      const Complex adjoint = gle_adjoint(w, tau_m, tau_r);
      CHECK_THAT(phase(error), WithinAbs(phase(adjoint), 1e-14));
      CHECK_THAT(phase(error), WithinAbs(std::atan(w * tau_m) - std::atan(w * tau_r), 1e-14));
      const double ratio = error_adjoint_gain_ratio(w, tau_m, tau_r);
      CHECK_THAT(gain(error) / gain(adjoint), WithinRel(ratio, 1e-13));
      CHECK_THAT(ratio,
                 WithinRel((1 + w * w * tau_m * tau_m) / (1 + w * w * tau_r * tau_r), 1e-15));
      CHECK(ratio >= 1.0);
      CHECK(ratio <= bound);
    }
    // The bound is approached at high frequency.
    CHECK_THAT(error_adjoint_gain_ratio(1e6, tau_m, tau_r), WithinRel(bound, 1e-6));
  }
}

TEST_CASE("adaptation neurons: exact transfer functions", "[unit]") {
  // Fig. 12 parameters.
  const AdaptationNeuron u{1.0, 0.9, 10.0 * 1.0 / 0.9};
  const AdaptationNeuron i{1.0, 0.9, (1.0 + 0.9 * 0.9) / (1.0 + 0.9)};
  // DC gains: 1/(1+γu) and 1-γI.
  CHECK_THAT(u_adaptation(0.0, u).real(), WithinRel(1.0 / (1.0 + u.gamma), 1e-15));
  CHECK_THAT(i_adaptation(0.0, i).real(), WithinRel(1.0 - i.gamma, 1e-15));
  // Without coupling both reduce to the leaky integrator.
  const AdaptationNeuron plain{0.6, 2.0, 0.0};
  for (double w : omegas) {
    CHECK_THAT(std::abs(u_adaptation(w, plain) - retrospective(w, 0.6)), WithinAbs(0.0, 1e-15));
    CHECK_THAT(std::abs(i_adaptation(w, plain) - retrospective(w, 0.6)), WithinAbs(0.0, 1e-15));
  }
  // Direct evaluation of the written-out formulas at one frequency.
  const double w = 0.4;
  const Complex s(0.0, w);
  const Complex hu = (1.0 + s * u.tau_w) / ((1.0 + s * u.tau_w) * (1.0 + s * u.tau_m) + u.gamma);
  const Complex hi = (1.0 - i.gamma + s * i.tau_w) / ((1.0 + s * i.tau_w) * (1.0 + s * i.tau_m));
  CHECK_THAT(std::abs(u_adaptation(w, u) - hu), WithinAbs(0.0, 1e-15));
  CHECK_THAT(std::abs(i_adaptation(w, i) - hi), WithinAbs(0.0, 1e-15));
}

TEST_CASE("adaptation neurons: first-order phase holds at low frequency only", "[unit]") {
  const AdaptationNeuron u{1.0, 0.9, 10.0 * 1.0 / 0.9};
  const AdaptationNeuron i{1.0, 0.9, (1.0 + 0.9 * 0.9) / (1.0 + 0.9)};
  // Both are prospective (phase lead) at low frequency with these parameters.
  CHECK(u_adaptation_phase_first_order(0.01, u) > 0);
  CHECK(i_adaptation_phase_first_order(0.01, i) > 0);
  CHECK(phase(u_adaptation(0.01, u)) > 0);
  CHECK(phase(i_adaptation(0.01, i)) > 0);

  // Both phases are odd in ω with equal slopes: the error shrinks like ω³.
  for (double w : {1e-2, 1e-3, 1e-4}) {
    const double du = std::abs(phase(u_adaptation(w, u)) - u_adaptation_phase_first_order(w, u));
    const double di = std::abs(phase(i_adaptation(w, i)) - i_adaptation_phase_first_order(w, i));
    CHECK(du < 1 * w * w * w);
    CHECK(di < 1000 * w * w * w);
    CHECK(du < 1e-3 * std::abs(phase(u_adaptation(w, u))));
    CHECK(di < 1e-2 * std::abs(phase(i_adaptation(w, i))));
  }
  // At high frequency the approximation is far off: the exact phase lags towards -π/2.
  for (double w : {5.0, 20.0}) {
    CHECK(std::abs(phase(u_adaptation(w, u)) - u_adaptation_phase_first_order(w, u)) > 0.5);
    CHECK(std::abs(phase(i_adaptation(w, i)) - i_adaptation_phase_first_order(w, i)) > 0.5);
  }
}
