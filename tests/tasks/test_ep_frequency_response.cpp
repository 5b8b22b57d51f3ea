// Small EP networks of every variant driven by a sinusoid on the ODE layer
// (RK4) against their linearisation at the fixed point: the input path
// (free dynamics) and the teaching path (the target modulated under
// nudging), every layer, apical drive and unit.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>

#include "core/random.h"
#include "models/ep/driven_network.h"
#include "tasks/ep_frequency_response.h"
#include "tests/models/ep_networks.h"

using namespace prospect;
using namespace prospect::ep;

namespace {

constexpr double degree = std::numbers::pi / 180;
const double kBeta = 0.5;

struct Sample {
  MatrixD input, target;
};

Sample sample() {
  Sample s;
  std::tie(s.input, s.target) = testing::random_batch<double>(6, 3, 1, 11);
  return s;
}

// A direction of the path's modulation with entries of size `amplitude`:
// random signs over the inputs, or the target's own class.
VectorD direction(DrivenPath path, const Sample& s, double amplitude) {
  if (path == DrivenPath::target) return amplitude * s.target.col(0);
  core::Rng rng(5);
  MatrixD d(s.input.rows(), 1);
  rng.fill_uniform(d, -1.0, 1.0);
  return amplitude * d.col(0);
}

DrivenNetwork driven(Variant variant, DrivenPath path, double amplitude) {
  const Sample s = sample();
  DrivenSettings settings;
  settings.path = path;
  settings.beta = path == DrivenPath::target ? kBeta : 0;
  settings.unit_signals = true;
  return DrivenNetwork(testing::small_network<double>(variant), s.input, s.target,
                       direction(path, s, amplitude), settings);
}

tasks::SweepSettings sweep(double dt) {
  tasks::SweepSettings s;
  s.dt = dt;
  s.transient = 30;
  s.periods = 2;
  return s;
}

}  // namespace

TEST_CASE("ep frequency response: simulated gain and phase are the linearisation's at small amplitude",
          "[task]") {
  for (const Variant variant : testing::kVariants) {
    for (const DrivenPath path : {DrivenPath::input, DrivenPath::target}) {
      INFO(core::name_of(kVariantNames, variant) << ", path " << core::name_of(kDrivenPathNames, path));
      auto network = driven(variant, path, 1e-5);
      const auto response = tasks::measure_ep_response(network, {0.3, 1, 3}, sweep(0.01));
      const auto a = tasks::agreement(response);
      INFO("gain " << a.gain << ", phase " << a.phase / degree << " deg over " << a.compared);
      // Layers and units respond at every frequency: the comparison is not of zeros.
      CHECK(a.compared >= 3 * 5);
      CHECK(a.gain < 1e-3);
      CHECK(a.phase < 0.1 * degree);
      CHECK(a.small < 1e-6);
      // The nudge reaches DEP's hidden layers through their apical branches.
      if (variant == Variant::dep && path == DrivenPath::target) {
        const auto& names = response.signals;
        const auto apical = std::find(names.begin(), names.end(), "layer2/apical") - names.begin();
        REQUIRE(apical < static_cast<long>(names.size()));
        double largest = 0;
        for (const auto& h : response.analytic) largest = std::max(largest, std::abs(h[1]));
        CHECK(std::abs(response.analytic[static_cast<std::size_t>(apical)][1]) > 1e-3 * largest);
      }
    }
  }
}

TEST_CASE("ep frequency response: at a large amplitude units cross the corners and the linearisation fails",
          "[task]") {
  for (const Variant variant : testing::kVariants) {
    INFO(core::name_of(kVariantNames, variant));
    auto network = driven(variant, DrivenPath::input, 0.5);
    const auto a = tasks::agreement(tasks::measure_ep_response(network, {0.3, 1, 3}, sweep(0.01)));
    INFO(core::name_of(kVariantNames, variant) << " at amplitude 0.5: gain " << a.gain << ", phase " << a.phase / degree << " deg");
    CHECK((a.gain > 1e-3 || a.phase > 0.1 * degree));
  }
}

TEST_CASE("ep frequency response: at ω → 0 the gain is the settled states' sensitivity, the phase the delay",
          "[task]") {
  for (const Variant variant : testing::kVariants) {
    for (const DrivenPath path : {DrivenPath::input, DrivenPath::target}) {
      INFO(core::name_of(kVariantNames, variant) << ", path " << core::name_of(kDrivenPathNames, path));
      auto network = driven(variant, path, 1e-5);
      const double omega = 0.003;
      const auto response = tasks::measure_ep_response(network, {omega}, sweep(0.05));
      // Settled states of the network at x = ±h: central differences.
      const Sample s = sample();
      const VectorD d = direction(path, s, 1e-5);
      const double h = 1;  // in units of the direction (amplitude 1e-5)
      const auto settled_at = [&](double x) {
        Network<double> net = testing::small_network<double>(variant);
        MatrixD input = s.input, target = s.target;
        (path == DrivenPath::input ? input : target).col(0) += x * d;
        return testing::settled(net, input, VectorD(), path == DrivenPath::target ? kBeta : 0,
                                &target);
      };
      const VectorD sensitivity = (settled_at(h) - settled_at(-h)) / (2 * h);
      const VectorD delay = network.low_frequency_delay();
      long compared = 0;
      for (std::size_t p = 0; p < response.signals.size(); ++p) {
        const auto& name = response.signals[p];
        if (name.rfind("layer", 0) != 0 || name.find("apical") != std::string::npos) continue;
        const double expected = network.readouts().row(static_cast<Index>(p)).transpose().dot(sensitivity);
        if (std::abs(expected) < 1e-8) continue;  // a layer that does not respond
        INFO(name);
        const std::complex<double> measured = response.measured[p][0];
        CHECK(std::abs(std::abs(measured) / std::abs(expected) - 1) < 1e-3);
        CHECK(std::arg(measured) == Approx(-omega * delay(static_cast<Index>(p))).epsilon(1e-2));
        ++compared;
      }
      CHECK(compared >= (path == DrivenPath::input ? 2 : 1));
    }
  }
}
