#pragma once
// Analytic transfer functions H(ω) of the temporal operators (docs/gle.md §1) and of
// the adaptation-current neurons (docs/gle.md §3). ω in rad per time unit, τ in the
// same time unit; gain |H|, phase arg H in radians (positive = lead).
//
//   retrospective       I⁻_τ = 1/(1+iωτ)     phase -atan(ωτ)
//   prospective         D⁺_τ = 1+iωτ         phase +atan(ωτ)
//   discounted future   I⁺_τ = 1/(1-iωτ)     phase +atan(ωτ)
//   lookback            D⁻_τ = 1-iωτ         phase -atan(ωτ)
//
//   forward GLE neuron  D⁺_{τr} I⁻_{τm}      phase atan(ωτr) - atan(ωτm)
//   GLE error neuron    D⁺_{τm} I⁻_{τr}      phase atan(ωτm) - atan(ωτr)
//   exact adjoint       I⁺_{τm} D⁻_{τr}      same phase as the error neuron
//   |error| / |adjoint| = (1+(ωτm)²)/(1+(ωτr)²) ≤ (τm/τr)² for τm ≥ τr
//   τr = τm (Latent Equilibrium) cancels to 1; τr = 0 is the leaky integrator.
//
//   u-adaptation  H = (1+iωτw) / ((1+iωτw)(1+iωτm) + γu)
//                 low-ω phase (Eq 37) atan(ω(γu τw - τm)/(1+γu))
//   I-adaptation  H = (1-γI+iωτw) / ((1+iωτw)(1+iωτm))
//                 low-ω phase (Eq 39) atan(ω(γI τw + (γI-1)τm)/(1-γI))

#include <cmath>
#include <complex>

namespace prospect::core {

using Complex = std::complex<double>;

inline double gain(Complex h) { return std::abs(h); }
inline double phase(Complex h) { return std::arg(h); }

inline Complex retrospective(double omega, double tau) { return 1.0 / Complex(1.0, omega * tau); }
inline Complex prospective(double omega, double tau) { return Complex(1.0, omega * tau); }
inline Complex discounted_future(double omega, double tau) {
  return 1.0 / Complex(1.0, -omega * tau);
}
inline Complex lookback(double omega, double tau) { return Complex(1.0, -omega * tau); }

inline Complex gle_neuron(double omega, double tau_m, double tau_r) {
  return prospective(omega, tau_r) * retrospective(omega, tau_m);
}
inline Complex gle_error_neuron(double omega, double tau_m, double tau_r) {
  return prospective(omega, tau_m) * retrospective(omega, tau_r);
}
inline Complex gle_adjoint(double omega, double tau_m, double tau_r) {
  return discounted_future(omega, tau_m) * lookback(omega, tau_r);
}
// |gle_error_neuron| / |gle_adjoint|, written out so it stays exact when both are tiny.
inline double error_adjoint_gain_ratio(double omega, double tau_m, double tau_r) {
  const double wm = omega * tau_m;
  const double wr = omega * tau_r;
  return (1.0 + wm * wm) / (1.0 + wr * wr);
}

// Neuron with a slow adaptation variable w (R = 1); `gamma` is γu or γI.
struct AdaptationNeuron {
  double tau_m = 1;  // membrane time constant
  double tau_w = 1;  // adaptation time constant
  double gamma = 0;  // coupling of u (u-adaptation) or I (I-adaptation) into w
};

inline Complex u_adaptation(double omega, const AdaptationNeuron& n) {
  const Complex slow(1.0, omega * n.tau_w);
  return slow / (slow * Complex(1.0, omega * n.tau_m) + n.gamma);
}
inline double u_adaptation_phase_first_order(double omega, const AdaptationNeuron& n) {
  return std::atan(omega * (n.gamma * n.tau_w - n.tau_m) / (1.0 + n.gamma));
}

inline Complex i_adaptation(double omega, const AdaptationNeuron& n) {
  return Complex(1.0 - n.gamma, omega * n.tau_w) /
         (Complex(1.0, omega * n.tau_w) * Complex(1.0, omega * n.tau_m));
}
// Meaningful for γI < 1 (at γI = 1 the DC gain vanishes and the formula diverges).
inline double i_adaptation_phase_first_order(double omega, const AdaptationNeuron& n) {
  return std::atan(omega * (n.gamma * n.tau_w + (n.gamma - 1.0) * n.tau_m) / (1.0 - n.gamma));
}

}  // namespace prospect::core
