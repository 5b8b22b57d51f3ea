// Agreement with the golden data of an independent float64 implementation
// of the same equations: forward signals, exact and
// local gradients, ρ and φ, and two Adam steps of the local rule.

#include <catch2/catch.hpp>

#include "core/optimizer.h"
#include "models/shunting/network.h"
#include "tests/models/shunting_golden.h"

using namespace prospect;
using shunting::Core;
using test::RowMajorD;

namespace {

// The golden's rule: 5F, per-soma broadcast, ρ dot, φ conditional (§7).
shunting::NetworkSettings golden_settings(shunting::RuleFactors factors) {
  shunting::NetworkSettings settings;
  settings.rule.factors = factors;
  settings.clip = 5;
  return settings;
}

struct GoldenNetwork {
  test::ShuntingGolden golden;
  std::string core;
  shunting::Network<double> network;

  explicit GoldenNetwork(Core c, shunting::RuleFactors factors = shunting::RuleFactors::five)
      : core(core::name_of(shunting::kCoreNames, c)), network(initial(c), golden_settings(factors)) {}

  shunting::Parameters<double> initial(Core c) const {
    shunting::Parameters<double> parameters(test::ShuntingGolden::spec(c));
    golden.load(parameters, core::name_of(shunting::kCoreNames, c) + "/init");
    return parameters;
  }
};

double max_abs(const Eigen::Ref<const MatrixD>& a) { return a.cwiseAbs().maxCoeff(); }

// Every tensor of `network`'s gradient buffers against `group`, relative to its largest entry.
void check_gradients(GoldenNetwork& g, const std::string& group, double tolerance) {
  for (const auto& ref : g.network.parameter_refs()) {
    const VectorD expected = g.golden.values_of(g.core + "/" + group, ref.name);
    const Eigen::Map<const VectorD> actual(ref.gradient, ref.size);
    INFO(g.core << " " << group << " " << ref.name);
    const double scale = std::max(max_abs(expected), 1e-300);
    CHECK(max_abs(actual - expected) <= tolerance * scale);
  }
}

}  // namespace

TEST_CASE("shunting golden: forward signals and active synapses", "[golden]") {
  for (const Core c : {Core::shunting, Core::additive}) {
    GoldenNetwork g(c);
    const double loss = g.network.evaluate(g.golden.input(), g.golden.target());
    const std::string forward = g.core + "/forward/";
    INFO(g.core);
    CHECK_THAT(loss, Catch::Matchers::WithinRel(g.golden.file().read_double(forward + "loss").data[0], 1e-12));
    const MatrixD logits = g.network.output();
    CHECK(max_abs(logits.transpose() - g.golden.matrix(forward + "logits")) < 1e-11);
    for (Index i = 0; i < 3; ++i) {
      const auto& level = g.network.level(0, i);
      const auto& s = level.signals();
      const std::string path = forward + "level" + std::to_string(i) + "/";
      INFO("level " << i);
      const auto check = [&](const std::string& name, const MatrixD& signal) {
        INFO(name << ": max |difference| " << max_abs(signal.topRows(32) - g.golden.matrix(path + name))
                   << " of max " << max_abs(signal.topRows(32)));
        CHECK(max_abs(signal.topRows(32) - g.golden.matrix(path + name)) < 1e-11 * std::max(1.0, max_abs(signal.topRows(32))));
      };
      if (level.shape().synapses) {
        check("E", s.exc);
        check("I", s.inh);
        const auto e_sorted = g.golden.file().read_int(path + "iE_sorted");
        const auto i_sorted = g.golden.file().read_int(path + "iI_sorted");
        for (Index n = 0; n < level.compartments(); ++n) {
          for (Index r = 0; r < 6; ++r) {
            CHECK(level.excitatory().index()(r, n) == e_sorted.data[static_cast<std::size_t>(n * 6 + r)]);
          }
          for (Index r = 0; r < 3; ++r) {
            CHECK(level.inhibitory().index()(r, n) == i_sorted.data[static_cast<std::size_t>(n * 3 + r)]);
          }
        }
      }
      if (level.shape().children > 0) check("C", s.current);
      check("V", s.voltage);
      check("a", s.output);
    }
  }
}

TEST_CASE("shunting golden: exact gradients", "[golden]") {
  for (const Core c : {Core::shunting, Core::additive}) {
    GoldenNetwork g(c);
    g.network.exact_gradients(g.golden.input(), g.golden.target());
    check_gradients(g, "bp_grad", 1e-10);
  }
}

TEST_CASE("shunting golden: local 3F, 4F and 5F gradients, rho and phi", "[golden]") {
  using shunting::RuleFactors;
  for (const Core c : {Core::shunting, Core::additive}) {
    for (const auto& [factors, name] :
         {std::pair{RuleFactors::three, "3f"}, {RuleFactors::four, "4f"}, {RuleFactors::five, "5f"}}) {
      GoldenNetwork g(c, factors);
      Vector<double> fresh = VectorD::Zero(g.network.state()->size());
      g.network.local_gradients(g.golden.input(), g.golden.target(), fresh);
      const std::string group = std::string("local_grad/") + name;
      check_gradients(g, group, 1e-10);
      const RowMajorD rho = g.golden.matrix(g.core + "/" + group + "/rho");
      const RowMajorD phi = g.golden.matrix(g.core + "/" + group + "/phi");
      for (Index i = 0; i < 3; ++i) {
        INFO(g.core << " " << name << " level " << i);
        CHECK_THAT(g.network.last_rho()[static_cast<std::size_t>(i)], Catch::Matchers::WithinRel(rho(i, 0), 1e-10));
        CHECK_THAT(g.network.last_phi()[static_cast<std::size_t>(i)], Catch::Matchers::WithinRel(phi(i, 0), 1e-10));
      }
    }
  }
}

TEST_CASE("shunting golden: two local 5F steps with Adam's four parameter groups", "[golden]") {
  for (const Core c : {Core::shunting, Core::additive}) {
    GoldenNetwork g(c);
    const std::array<double, 4> rates{0.0015, 0.0007, 0.0005, 0.0015};  // synapses, couplings, gates, decoder
    auto settings = golden_settings(shunting::RuleFactors::five);
    for (std::size_t k = 0; k < 4; ++k) settings.rate_scales[k] = rates[k] / rates[0];
    shunting::Network<double> network(g.initial(c), settings);
    core::Adam<double> adam(network.parameter_refs(), rates[0]);
    for (Index step = 0; step < 2; ++step) {
      network.learn(g.golden.input(16 * step, 16), g.golden.target(16 * step, 16));
      adam.step();
      network.parameters_changed();
      const std::string group = "change_after_step" + std::to_string(step);
      for (const auto& ref : network.parameter_refs()) {
        const VectorD change = g.golden.values_of(g.core + "/" + group, ref.name);
        const VectorD initial = g.golden.values_of(g.core + "/init", ref.name);
        const Eigen::Map<const VectorD> value(ref.value, ref.size);
        INFO(g.core << " step " << step << " " << ref.name);
        CHECK(max_abs(value - initial - change) <= 1e-12);
      }
    }
  }
}
