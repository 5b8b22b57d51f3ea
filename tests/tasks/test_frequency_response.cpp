// Operators and neurons simulated by the ODE layer against their analytic
// transfer functions (docs/gle.md §1, §3, §4): phase within 0.5°, gain within 1 %.

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <numbers>

#include "core/error.h"
#include "core/grid.h"
#include "core/transfer_function.h"
#include "models/neurons/adaptation_neuron.h"
#include "models/neurons/prospective_chain.h"
#include "tasks/frequency_response.h"

using namespace prospect;
using core::Complex;
using integrators::StepperKind;
using neurons::ProspectiveChain;
using tasks::SignalPair;
using tasks::SweepSettings;
using tasks::TimeDirection;

namespace {

constexpr double degree = std::numbers::pi / 180;

struct Expected {
  SignalPair pair;
  std::function<Complex(double)> analytic;
};

struct Deviation {
  double phase = 0;  // worst |Δ arg H| [rad]
  double gain = 0;   // worst ||H| / |H_analytic| - 1|
};

// Measures every pair and returns its worst deviations from the analytic H.
std::vector<Deviation> deviations(integrators::DrivenModel& model,
                                  const std::vector<Expected>& expected,
                                  const std::vector<double>& omegas,
                                  const SweepSettings& settings) {
  std::vector<SignalPair> pairs;
  for (const auto& e : expected) pairs.push_back(e.pair);
  const auto measured = tasks::measure_response(model, pairs, omegas, settings);
  std::vector<Deviation> worst(expected.size());
  for (std::size_t p = 0; p < expected.size(); ++p) {
    for (std::size_t k = 0; k < omegas.size(); ++k) {
      const Complex h = expected[p].analytic(omegas[k]);
      const Complex ratio = measured[p][k] / h;
      worst[p].phase = std::max(worst[p].phase, std::abs(std::arg(ratio)));
      worst[p].gain = std::max(worst[p].gain, std::abs(std::abs(ratio) - 1));
    }
  }
  return worst;
}

void check_within(const std::vector<Expected>& expected, const std::vector<Deviation>& worst,
                  double phase_tolerance, double gain_tolerance) {
  for (std::size_t p = 0; p < expected.size(); ++p) {
    INFO(expected[p].pair.signal << " / " << expected[p].pair.reference << ": worst phase "
                                 << worst[p].phase / degree << " deg, worst gain "
                                 << 100 * worst[p].gain << " %");
    CHECK(worst[p].phase <= phase_tolerance);
    CHECK(worst[p].gain <= gain_tolerance);
  }
}

// 40 log-spaced ωτ in [0.05, 20] for time constant tau.
std::vector<double> sweep(double tau) {
  auto omegas = core::logspace(0.05, 20, 40);
  for (double& w : omegas) w /= tau;
  return omegas;
}

}  // namespace

TEST_CASE("the four temporal operators simulated with RK4 match their transfer functions",
          "[unit]") {
  const double tau = 1;
  const SweepSettings forward{.stepper = StepperKind::rk4, .dt = 0.005};
  SweepSettings backward = forward;
  backward.direction = TimeDirection::backward;
  ProspectiveChain unit({{tau, tau, "y", "z"}});

  const std::vector<Expected> causal{
      {{"y", "input"}, [&](double w) { return core::retrospective(w, tau); }},
      {{"z", "y"}, [&](double w) { return core::prospective(w, tau); }},
      {{"z", "input"}, [](double) { return Complex(1); }}};
  check_within(causal, deviations(unit, causal, sweep(tau), forward), 0.5 * degree, 0.01);

  const std::vector<Expected> anti_causal{
      {{"y", "input"}, [&](double w) { return core::discounted_future(w, tau); }},
      {{"z", "y"}, [&](double w) { return core::lookback(w, tau); }}};
  check_within(anti_causal, deviations(unit, anti_causal, sweep(tau), backward), 0.5 * degree,
               0.01);
}

TEST_CASE("a GLE forward neuron, its error neuron and the adjoint match their transfer functions",
          "[unit]") {
  const double tau_m = 1, tau_r = 0.1;  // Fig. 3d-e: τm = 10 τr
  const SweepSettings forward{.stepper = StepperKind::rk4, .dt = 0.005};
  ProspectiveChain pair(
      {neurons::forward_neuron(tau_m, tau_r), neurons::error_neuron(tau_m, tau_r)});
  const std::vector<Expected> neurons{
      {{"r", "input"}, [&](double w) { return core::gle_neuron(w, tau_m, tau_r); }},
      {{"e", "r"}, [&](double w) { return core::gle_error_neuron(w, tau_m, tau_r); }},
      {{"e", "input"}, [](double) { return Complex(1); }}};
  check_within(neurons, deviations(pair, neurons, sweep(tau_m), forward), 0.5 * degree, 0.01);

  SweepSettings backward = forward;
  backward.direction = TimeDirection::backward;
  ProspectiveChain adjoint({{tau_m, tau_r, "mu", "lambda"}});
  const std::vector<Expected> expected{
      {{"lambda", "input"}, [&](double w) { return core::gle_adjoint(w, tau_m, tau_r); }}};
  check_within(expected, deviations(adjoint, expected, sweep(tau_m), backward), 0.5 * degree, 0.01);
}

TEST_CASE("adaptation neurons with the Fig. 12 parameters match H within 0.5 deg, Euler and RK4",
          "[unit]") {
  const double tau_m = 1, tau_w = 0.9;
  const core::AdaptationNeuron u_params{tau_m, tau_w, 10 * tau_m / tau_w};
  const core::AdaptationNeuron i_params{tau_m, tau_w, (tau_m + 0.9 * tau_w) / (tau_m + tau_w)};
  const auto omegas = core::linspace(0.1, 4, 40);
  for (const auto& [stepper, dt] :
       {std::pair{StepperKind::rk4, 0.005}, {StepperKind::euler, 0.001}}) {
    INFO(core::name_of(integrators::kStepperNames, stepper) << " dt " << dt);
    const SweepSettings settings{.stepper = stepper, .dt = dt};
    neurons::AdaptationCurrentNeuron u_neuron(neurons::AdaptationKind::membrane, u_params);
    const std::vector<Expected> u_expected{
        {{"u", "input"}, [&](double w) { return core::u_adaptation(w, u_params); }}};
    check_within(u_expected, deviations(u_neuron, u_expected, omegas, settings), 0.5 * degree,
                 0.01);
    neurons::AdaptationCurrentNeuron i_neuron(neurons::AdaptationKind::input, i_params);
    const std::vector<Expected> i_expected{
        {{"u", "input"}, [&](double w) { return core::i_adaptation(w, i_params); }}};
    check_within(i_expected, deviations(i_neuron, i_expected, omegas, settings), 0.5 * degree,
                 0.01);
  }
}

TEST_CASE("the measurement resolves integration error: coarse Euler misses the tolerance",
          "[unit]") {
  // Euler's I⁻ at step dt is 1/(1 + iωτ - ω²τ dt/2 + …): at ωτ = 20 and
  // dt = 0.01 τ the phase is off by about ω dt / 2 = 0.1 rad.
  const double tau = 1;
  ProspectiveChain unit({{tau, 0, "y", "z"}});
  const std::vector<Expected> expected{
      {{"y", "input"}, [&](double w) { return core::retrospective(w, tau); }}};
  const auto worst =
      deviations(unit, expected, {20.0}, {.stepper = StepperKind::euler, .dt = 0.01});
  CHECK_THAT(worst[0].phase, Catch::Matchers::WithinRel(0.1, 0.1));
}

TEST_CASE("a response measurement names a signal the model does not have", "[unit]") {
  ProspectiveChain unit({neurons::forward_neuron(1, 0.1)});
  CHECK_THROWS_WITH(tasks::measure_response(unit, {{"e", "input"}}, {1.0}, {}),
                    Catch::Matchers::Contains("no signal named 'e' (signals: input, u, r)"));
}
