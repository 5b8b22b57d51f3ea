// Exact gradients of the shunting and additive trees against central finite
// differences (with gates, one and two layers), and the local rule against
// backprop where they coincide (models/shunting/README.md, Identities).

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/models/shunting_small.h"

using namespace prospect;
using shunting::Core;

namespace {

using Network = shunting::Network<double>;

// Every entry's exact gradient against (L(θ + h) − L(θ − h)) / 2h; returns
// the worst error relative to the largest gradient of its tensor (the
// differences carry ~1e-10 of rounding; a wrong factor shows as O(1)).
double worst_finite_difference_error(Network& network, const MatrixD& x, const MatrixD& t) {
  network.exact_gradients(x, t);
  double worst = 0;
  for (const auto& ref : network.parameter_refs()) {
    const VectorD exact = Eigen::Map<const VectorD>(ref.gradient, ref.size);
    const double scale = std::max(exact.cwiseAbs().maxCoeff(), 1e-8);
    for (Index k = 0; k < ref.size; ++k) {
      const double h = 1e-6, saved = ref.value[k];
      ref.value[k] = saved + h;
      network.reselect();
      const double up = network.evaluate(x, t);
      ref.value[k] = saved - h;
      network.reselect();
      const double down = network.evaluate(x, t);
      ref.value[k] = saved;
      const double error = std::abs((up - down) / (2 * h) - exact(k)) / scale;
      INFO(ref.name << "[" << k << "]: exact " << exact(k) << ", finite difference "
                    << (up - down) / (2 * h));
      CHECK(error < 1e-5);
      worst = std::max(worst, error);
    }
  }
  network.reselect();
  return worst;
}

}  // namespace

TEST_CASE("exact gradients match finite differences (both cores, gates, one and two layers)",
          "[unit]") {
  for (const Core core : {Core::shunting, Core::additive}) {
    for (const bool two_layers : {false, true}) {
      const auto spec = test::small_spec(core, two_layers);
      Network network(test::small_parameters(spec), {});
      const MatrixD x = test::small_input(spec.inputs, 5);
      const MatrixD t = test::small_target(spec.classes, 5);
      INFO(core::name_of(shunting::kCoreNames, core) << (two_layers ? ", two layers" : ", one layer"));
      CHECK(worst_finite_difference_error(network, x, t) < 1e-5);
    }
  }
}

TEST_CASE("with the exact error and rho = phi = 1 the local rule is backprop (§15 test 2)",
          "[unit]") {
  for (const Core core : {Core::shunting, Core::additive}) {
    const auto spec = test::small_spec(core);
    shunting::NetworkSettings settings;
    settings.rule.broadcast = shunting::Broadcast::exact;
    settings.rule.factors = shunting::RuleFactors::three;
    Network network(test::small_parameters(spec), settings);
    const MatrixD x = test::small_input(spec.inputs, 6);
    const MatrixD t = test::small_target(spec.classes, 6);
    network.exact_gradients(x, t);
    std::vector<VectorD> exact;
    for (const auto& ref : network.parameter_refs()) {
      exact.push_back(Eigen::Map<const VectorD>(ref.gradient, ref.size));
    }
    VectorD state = VectorD::Zero(network.state()->size());
    network.local_gradients(x, t, state);
    const auto refs = network.parameter_refs();
    for (std::size_t k = 0; k < refs.size(); ++k) {
      const Eigen::Map<const VectorD> local(refs[k].gradient, refs[k].size);
      // The gate rule drops the ½ of a = ½(tanh + 1): twice the exact gradient (§7.3).
      const bool gate = refs[k].name.ends_with("/log_m") || refs[k].name.ends_with("/b");
      const double factor = gate && !refs[k].name.starts_with("decoder") ? 2 : 1;
      INFO(core::name_of(shunting::kCoreNames, core) << " " << refs[k].name);
      CHECK((local - factor * exact[k]).cwiseAbs().maxCoeff() <=
            1e-12 * std::max(exact[k].cwiseAbs().maxCoeff(), 1e-300));
    }
  }
}

TEST_CASE("at the soma level the per-soma rule is backprop times rho phi (§15 test 3)",
          "[unit]") {
  const auto spec = test::small_spec(Core::shunting);
  Network network(test::small_parameters(spec), {});  // 5F, per soma
  const MatrixD x = test::small_input(spec.inputs, 8);
  const MatrixD t = test::small_target(spec.classes, 8);
  network.exact_gradients(x, t);
  auto& soma = network.parameters().level(0, 2);
  const MatrixD exact_couplings = soma.grad_log_w;
  const VectorD exact_gate = soma.grad_log_m;
  VectorD state = VectorD::Zero(network.state()->size());
  network.local_gradients(x, t, state);
  const double rho_phi = network.last_rho()[2] * network.last_phi()[2];
  CHECK(rho_phi != 1.0);
  CHECK((soma.grad_log_w - rho_phi * exact_couplings).cwiseAbs().maxCoeff() <=
        1e-12 * exact_couplings.cwiseAbs().maxCoeff());
  CHECK((soma.grad_log_m - 2 * rho_phi * exact_gate).cwiseAbs().maxCoeff() <=
        1e-12 * exact_gate.cwiseAbs().maxCoeff());
}

TEST_CASE("set_learning switches learn() between backprop and the local rules", "[unit]") {
  const auto spec = test::small_spec(Core::shunting);
  const MatrixD x = test::small_input(spec.inputs, 6);
  const MatrixD t = test::small_target(spec.classes, 6);
  const auto gradients_of = [](Network& network) {
    std::vector<VectorD> out;
    for (const auto& ref : network.parameter_refs()) {
      out.push_back(Eigen::Map<const VectorD>(ref.gradient, ref.size));
    }
    return out;
  };
  shunting::NetworkSettings backprop, three;
  backprop.learning = shunting::Learning::backprop;
  three.rule.factors = shunting::RuleFactors::three;
  Network by_backprop(test::small_parameters(spec), backprop);
  Network by_three(test::small_parameters(spec), three);
  Network switched(test::small_parameters(spec), shunting::NetworkSettings{});  // local 5F

  switched.set_learning(shunting::Learning::backprop, shunting::RuleFactors::five);
  CHECK(switched.learn(x, t) == by_backprop.learn(x, t));
  CHECK(gradients_of(switched) == gradients_of(by_backprop));
  switched.set_learning(shunting::Learning::local, shunting::RuleFactors::three);
  CHECK(switched.learn(x, t) == by_three.learn(x, t));
  CHECK(gradients_of(switched) == gradients_of(by_three));
  CHECK(gradients_of(switched) != gradients_of(by_backprop));
}
