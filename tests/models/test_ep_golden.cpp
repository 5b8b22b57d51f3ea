// The reference scheme reproduces the published dendritic-EP code step for
// step (tests/data/golden_ep_*.h5, see make_ep_golden_slices.py): every free
// and nudged state of a batch, the EP update estimates and the parameters
// after three SGD-with-momentum steps, and the truncated-BPTT gradient.
//
// Tolerances are float32 rounding: states agree to 1e-6. The EP estimate
// divides differences of nearby states by 2β, which magnifies rounding: on
// batch 0 the published code's own estimate departs from a float64 rerun by
// up to 1.0e-5 of its largest entry (DEP's first basal layer), ours by
// 6e-6 (checked below), and the two float32 runs drift apart further over
// the optimizer steps (at most 4.3e-5 in batch 2).

#include <catch2/catch.hpp>
#include <map>

#include "core/optimizer.h"
#include "models/ep/bptt.h"
#include "models/ep/learner.h"
#include "tests/models/ep_golden.h"

using namespace prospect;
using namespace prospect::ep;

namespace {

constexpr double kLearningRates[] = {0.4, 0.02};

LearnerSettings golden_settings(const core::H5Reader& file, Algorithm algorithm) {
  LearnerSettings s;
  s.algorithm = algorithm;
  s.scheme.free_steps = static_cast<long>(file.double_attribute("/", "T1"));
  s.scheme.nudged_steps = static_cast<long>(file.double_attribute("/", "T2"));
  s.beta = file.double_attribute("/", "beta");
  s.symmetric = true;
  s.layer_rates.assign(std::begin(kLearningRates), std::end(kLearningRates));
  return s;
}

// max |ours − golden| over max |golden| for the stored rows of a parameter
// tensor (gradients or values).
double relative_difference(const Pathway<float>& p, const MatrixF& ours, const MatrixF& golden) {
  const MatrixD mine = golden::golden_order(p, ours, golden.rows());
  const MatrixD reference = golden.cast<double>();
  return (mine - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff();
}

// Compares weights or weight gradients (and biases, as (N·K) × 1 matrices).
void check_parameters(Network<float>& network, const core::H5Reader& file,
                      const std::string& group, bool gradients, double tolerance) {
  for (auto& p : network.pathways()) {
    const std::string module = group + "/" + golden::module_of(p);
    const MatrixF& weight = gradients ? p.weight_gradient : p.weight;
    INFO(module << ".weight");
    CHECK(relative_difference(p, weight, core::read_matrix(file, module + ".weight")) <
          tolerance);
    if (p.bias.size() == 0) continue;
    const MatrixF bias = gradients ? MatrixF(p.bias_gradient) : MatrixF(p.bias);
    INFO(module << ".bias");
    CHECK(relative_difference(p, bias, core::read_matrix(file, module + ".bias")) < tolerance);
  }
}

void check_golden_training(const std::string& name) {
  const core::H5Reader file(golden::data_dir + "/" + name);
  const auto batch = static_cast<Index>(file.double_attribute("/", "batch"));
  Learner learner(golden::network<float>(file), golden_settings(file, Algorithm::ep));
  core::Sgd<float> sgd(learner.parameter_refs(), 1.0, file.double_attribute("/", "momentum"));

  // Every step of batch 0's phases, through the probes.
  std::map<Phase, std::vector<MatrixF>> recorded;
  const auto probes = learner.probes();
  learner.set_observer([&](Phase phase, long) {
    MatrixF frame(probes[0].read().rows() + probes[1].read().rows(), batch);
    frame << probes[0].read(), probes[1].read();
    recorded[phase].push_back(frame);
  });

  for (Index k = 0; k < 3; ++k) {
    const auto [input, target] = golden::batch<float>(file, k, batch);
    learner.learn(input, target);
    if (k == 0) {
      learner.set_observer({});
      for (const Phase phase : {Phase::free, Phase::plus, Phase::minus}) {
        const auto& frames = recorded[phase];
        const auto l1 = file.read_float("batch0/" + core::name_of(ep::kPhaseNames, phase) + "/layer1");
        const auto l2 = file.read_float("batch0/" + core::name_of(ep::kPhaseNames, phase) + "/layer2");
        REQUIRE(frames.size() == l1.shape[0]);
        const Index n1 = static_cast<Index>(l1.shape[2]);
        double worst = 0;
        for (std::size_t t = 0; t < frames.size(); ++t) {
          const Eigen::Map<const MatrixF> g1(l1.data.data() + t * n1 * batch, n1, batch);
          const Eigen::Map<const MatrixF> g2(l2.data.data() + t * 10 * batch, 10, batch);
          worst = std::max<double>({worst, (frames[t].topRows(n1) - g1).cwiseAbs().maxCoeff(),
                                    (frames[t].bottomRows(10) - g2).cwiseAbs().maxCoeff()});
        }
        INFO(name << " " << core::name_of(ep::kPhaseNames, phase) << " phase, " << frames.size() << " steps");
        CHECK(worst < 1e-6);
      }
    }
    check_parameters(learner.network(), file, "batch" + std::to_string(k) + "/grad", true,
                     k == 0 ? 3e-5 : 1e-4);
    sgd.step();
    learner.parameters_changed();
    check_parameters(learner.network(), file, "after_batch" + std::to_string(k), false, 3e-5);
  }
}

void check_golden_bptt(const std::string& name) {
  const core::H5Reader file(golden::data_dir + "/" + name);
  const auto batch = static_cast<Index>(file.double_attribute("/", "batch"));
  Learner learner(golden::network<float>(file), golden_settings(file, Algorithm::bptt));
  const auto [input, target] = golden::batch<float>(file, 0, batch);
  const double loss = learner.learn(input, target);
  CHECK_THAT(loss, Catch::Matchers::WithinRel(file.read_double("bptt_loss").data.at(0), 1e-6));
  check_parameters(learner.network(), file, "bptt_grad", true, 1e-5);
}

// Batch 0's EP estimate with parameters and arithmetic in Scalar.
template <typename Scalar>
Network<Scalar> estimate_batch0(const core::H5Reader& file) {
  auto network = golden::network<Scalar>(file);
  const auto batch = static_cast<Index>(file.double_attribute("/", "batch"));
  const auto [input, target] = golden::batch<Scalar>(file, 0, batch);
  const auto beta = static_cast<Scalar>(file.double_attribute("/", "beta"));
  ReferenceRelaxation<Scalar> relaxation(static_cast<long>(file.double_attribute("/", "T1")),
                                         static_cast<long>(file.double_attribute("/", "T2")));
  network.set_input(input);
  Vector<Scalar> free = Vector<Scalar>::Zero(network.state_size());
  relaxation.relax(network, free, Phase::free, 0, &target, {});
  Vector<Scalar> plus = free, minus = free;
  relaxation.relax(network, plus, Phase::plus, beta, &target, {});
  relaxation.relax(network, minus, Phase::minus, -beta, &target, {});
  network.set_energy_gradient_difference(minus, plus,
                                         1 / (2 * beta * static_cast<Scalar>(batch)));
  return network;
}

}  // namespace

TEST_CASE("EP estimates of the published code and ours are float64 up to float32 rounding",
          "[golden]") {
  for (const std::string name : {"golden_ep_mlp.h5", "golden_ep_dep.h5"}) {
    const core::H5Reader file(golden::data_dir + "/" + name);
    auto single = estimate_batch0<float>(file);
    auto exact = estimate_batch0<double>(file);
    for (std::size_t i = 0; i < single.pathways().size(); ++i) {
      const auto& p = exact.pathways()[i];
      const std::string path = "batch0/grad/" + golden::module_of(p) + ".weight";
      const MatrixD published = core::read_matrix(file, path).cast<double>();
      const MatrixD reference = golden::golden_order(p, p.weight_gradient, published.rows());
      const MatrixD ours =
          golden::golden_order(single.pathways()[i], single.pathways()[i].weight_gradient,
                               published.rows());
      const double scale = reference.cwiseAbs().maxCoeff();
      INFO(name << " " << path);
      CHECK((published - reference).cwiseAbs().maxCoeff() / scale < 2e-5);
      CHECK((ours - reference).cwiseAbs().maxCoeff() / scale < 2e-5);
    }
  }
}

TEST_CASE("EP-MLP reproduces the published code over three EP batches", "[golden]") {
  check_golden_training("golden_ep_mlp.h5");
}

TEST_CASE("DEP reproduces the published code over three EP batches", "[golden]") {
  check_golden_training("golden_ep_dep.h5");
}

TEST_CASE("EP-MLP's truncated BPTT gradient is the published code's", "[golden]") {
  check_golden_bptt("golden_ep_mlp.h5");
}

TEST_CASE("DEP's truncated BPTT gradient is the published code's", "[golden]") {
  check_golden_bptt("golden_ep_dep.h5");
}
