// The GDU check (docs/ep_model.md §8) at initialisation on the first 20 MNIST
// training images (from the golden file), 784-256-10, T1 60, T2 12: EP's
// estimate after k nudged steps against truncated BPTT through the last k
// free steps, k = 1 … 12, per tensor.
//
// The hard sigmoid and the ReLU branches are piecewise linear: while no unit
// or branch crosses a kink during the nudged phases, the relaxation is linear
// and the estimate of an energy-based model equals BPTT's gradient up to
// rounding. A crossing is what biases it; one output unit that switches on
// (the target class's, nudged hardest) is enough. At β = 0.01 two of the 200
// output units and 3-6 of the 5120 hidden ones cross for seeds 1-3 and the
// symmetric estimate departs from BPTT by 0.1-0.27 (relative error), so the
// criterion of docs/ep_model.md §8 (≤ 0.05, cosine ≥ 0.999, calibrated on one
// initialisation of the published code where it held at β = 0.01) is applied
// at β = 0.001, where none crosses.

#include <catch2/catch.hpp>

#include "models/ep/gdu.h"
#include "tests/models/ep_golden.h"

using namespace prospect;
using namespace prospect::ep;

namespace {

template <typename Scalar>
GduResult mnist_gdu(Variant variant, double beta) {
  const core::H5Reader file(golden::data_dir + "/golden_ep_mlp.h5");
  const auto [input, target] = golden::batch<Scalar>(file, 0, 20);
  Architecture architecture;
  architecture.variant = variant;
  Network<float> initialised(architecture);
  initialised.initialise(1);
  Network<Scalar> network(architecture);
  for (std::size_t i = 0; i < network.pathways().size(); ++i) {
    auto& p = network.pathways()[i];
    const auto& q = initialised.pathways()[i];
    p.weight = q.weight.template cast<Scalar>();
    p.bias = q.bias.template cast<Scalar>();
    p.mask = q.mask.template cast<Scalar>();
  }
  GduSettings settings;
  settings.beta = beta;
  return gdu_check(network, input, target, settings);
}

struct Worst {
  double error = 0, cosine = 1;
  // Where BPTT's gradient is exactly zero (the first layer at k = 1: the
  // loss sees it only through the output one step later), EP's estimate is
  // the rounding left in a free state that settled to within one float step:
  // its norm relative to the tensor's norm at k = T2.
  double stray = 0;
};

// Over every tensor and every k.
Worst worst(const std::vector<core::FidelityReport>& reports) {
  Worst w;
  for (const auto& report : reports) {
    for (std::size_t i = 0; i < report.tensors.size(); ++i) {
      const auto& t = report.tensors[i];
      if (t.reference_norm == 0) {
        w.stray = std::max(w.stray, t.candidate_norm / reports.back().tensors[i].candidate_norm);
        continue;
      }
      w.error = std::max(w.error, t.relative_error);
      w.cosine = std::min(w.cosine, t.cosine);
    }
  }
  return w;
}

const core::TensorFidelity& tensor(const core::FidelityReport& report, const std::string& name) {
  for (const auto& t : report.tensors) {
    if (t.name == name) return t;
  }
  FAIL("no tensor " << name);
  return report.all;
}

}  // namespace

TEST_CASE("EP-MLP's updates follow truncated BPTT step by step (GDU)", "[unit]") {
  const auto fine = mnist_gdu<float>(Variant::ep_mlp, 0.001);
  CHECK(fine.free_residual < 1e-6);  // the free phase has settled (up to one float step)
  REQUIRE(fine.symmetric.size() == 12);
  for (const auto* reports : {&fine.one_sided, &fine.symmetric}) {
    const Worst w = worst(*reports);
    INFO((reports == &fine.symmetric ? "symmetric" : "one-sided") << ", beta 0.001");
    CHECK(w.error <= 0.05);
    CHECK(w.cosine >= 0.999);
    CHECK(w.stray < 1e-3);
  }
  // A larger β, a larger bias (on the totals, k = T2).
  const auto coarse = mnist_gdu<float>(Variant::ep_mlp, 0.01);
  for (std::size_t t = 0; t < fine.symmetric.back().tensors.size(); ++t) {
    INFO(fine.symmetric.back().tensors[t].name);
    CHECK(fine.symmetric.back().tensors[t].relative_error <
          coarse.symmetric.back().tensors[t].relative_error);
    CHECK(fine.one_sided.back().tensors[t].relative_error <
          coarse.one_sided.back().tensors[t].relative_error);
  }
}

TEST_CASE("DEP-E's true energy makes its updates follow BPTT, DEP's do not", "[unit]") {
  // Float64: at β = 1e-4 the nudged states move by 1e-5.
  const auto with_energy = mnist_gdu<double>(Variant::dep_e, 1e-4);
  for (const auto* reports : {&with_energy.one_sided, &with_energy.symmetric}) {
    const Worst w = worst(*reports);
    INFO("DEP-E " << (reports == &with_energy.symmetric ? "symmetric" : "one-sided"));
    CHECK(w.error <= 0.05);
    CHECK(w.cosine >= 0.999);
    CHECK(w.stray < 1e-3);
  }
  // Without the transposed feedback, hidden layers see the output only through
  // untied apical weights: their estimates are unrelated to the gradient.
  const auto without = mnist_gdu<double>(Variant::dep, 1e-4);
  CHECK(std::abs(tensor(without.symmetric.back(), "layer1/basal/W").cosine) < 0.5);
  CHECK(std::abs(tensor(without.symmetric.back(), "layer1/apical/W").cosine) < 0.5);
  CHECK(tensor(without.symmetric.back(), "layer2/basal/W").cosine > 0.99);
}
