// Truncated BPTT through the reference map (docs/ep_model.md §6) against finite
// differences of the loss of the same truncated dynamics, for every variant.

#include <catch2/catch.hpp>

#include "models/ep/bptt.h"
#include "tests/models/ep_networks.h"

using namespace prospect;
using namespace prospect::ep;
using namespace prospect::ep::testing;

namespace {

// 𝓛 after `window` steps from `start` with the network's current parameters.
double window_loss(Network<double>& network, const VectorD& start, long window,
                   const MatrixD& target) {
  ReferenceRelaxation<double> relaxation(window, window, false);
  VectorD state = start;
  relaxation.run(network, state, window, 0, nullptr, {}, "test");
  return 0.5 * (network.output(state) - target).squaredNorm() / network.batch();
}

// Worst |BPTT − central difference| over every kept parameter, relative to
// the largest gradient entry.
double worst_error(Network<double>& network, const MatrixD& input, const MatrixD& target,
                   long free_steps, long window, long* checked) {
  network.set_input(input);
  ReferenceRelaxation<double> relaxation(free_steps, window, false);
  std::vector<VectorD> states;
  free_window(network, relaxation, free_steps, window, states);
  truncated_bptt(network, states, target);
  double worst = 0, largest = 0;
  const auto loss = [&] { return window_loss(network, states.front(), window, target); };
  const auto difference = [&](double& value) {
    ++*checked;
    return central_difference(network, input, value, loss);
  };
  for (auto& p : network.pathways()) {
    for (Index i = 0; i < p.weight.size(); ++i) {
      if (p.mask.size() > 0 && p.mask(i) == 0) continue;
      const double numeric = difference(p.weight(i));
      worst = std::max(worst, std::abs(p.weight_gradient(i) - numeric));
      largest = std::max(largest, std::abs(numeric));
    }
    for (Index i = 0; i < p.bias.size(); ++i) {
      worst = std::max(worst, std::abs(p.bias_gradient(i) - difference(p.bias(i))));
    }
  }
  INFO(core::name_of(ep::kVariantNames, network.architecture().variant) << " T1 " << free_steps);
  REQUIRE(largest > 1e-3);
  return worst / largest;
}

}  // namespace

TEST_CASE("truncated BPTT is the gradient of the truncated dynamics' loss", "[unit]") {
  for (const Variant variant : kVariants) {
    auto network = small_network<double>(variant, 4, 1.0);
    const auto [input, target] = random_batch<double>(6, 3, 5, 17);
    for (const auto& [free_steps, window] : {std::pair{30L, 8L}, std::pair{10L, 10L}}) {
      long checked = 0;
      const double error = worst_error(network, input, target, free_steps, window, &checked);
      INFO(core::name_of(ep::kVariantNames, variant) << ", T1 " << free_steps << ", T2 " << window << ": " << checked
                              << " parameters");
      CHECK(error < 1e-7);
    }
  }
}

TEST_CASE("BPTT's step-by-step gradients are those of shorter windows", "[unit]") {
  for (const Variant variant : kVariants) {
    auto network = small_network<double>(variant, 4, 1.0);
    const auto [input, target] = random_batch<double>(6, 3, 5, 18);
    network.set_input(input);
    ReferenceRelaxation<double> relaxation(20, 6, false);
    std::vector<VectorD> states;
    free_window(network, relaxation, 20, 6, states);
    std::vector<MatrixD> after_three;
    truncated_bptt(network, states, target, [&](long k) {
      if (k != 3) return;
      for (const auto& p : network.pathways()) after_three.push_back(p.weight_gradient);
    });
    const std::vector<VectorD> last_four(states.end() - 4, states.end());
    truncated_bptt(network, last_four, target);
    for (std::size_t i = 0; i < after_three.size(); ++i) {
      INFO(core::name_of(ep::kVariantNames, variant) << " " << network.pathways()[i].name());
      CHECK((after_three[i] - network.pathways()[i].weight_gradient).cwiseAbs().maxCoeff() <
            1e-15);
    }
  }
}
