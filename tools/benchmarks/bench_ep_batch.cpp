// Milliseconds per training batch of the 784-256-10 EP networks at the
// published settings (docs/ep_model.md §7, §13; docs/ep.md): batch 64, reference
// scheme, T1 = 60 free steps, symmetric nudging with T2 = 12 steps at ±β =
// 0.1, the contrastive update and one SGD step (momentum 0.9, rates 0.4 /
// 0.02); and the same networks trained by truncated BPTT through the last
// T2 free steps. One thread. The batches are real MNIST images, the 100
// training images of tests/data/mnist_100, 64 at a time in rotation, so the
// relaxation converges as it does on data.
//
// Times and rates are CPU time (one thread): on the shared 2-core machine
// the wall time of a run depends on its neighbours.
//
// Counters:
//   steps        relaxation steps computed per batch (the reference map
//                stops computing once the state repeats; docs/ep_model.md §13: the
//                published code computes all 84 = 60 + 2·12)
//   FLOP/s       matrix-product FLOPs executed per batch (model below) / time
//   peak         FLOP/s over one core's fp32 peak, 96 GFLOP/s (Zen 4: two
//                256-bit FMA pipes, 512-bit operations double-pumped, i.e.
//                32 flops per cycle, at 3.0 GHz)
//   reference_GFLOP  the published algorithm's products per batch: every
//                step of all 84 recomputes every pathway, the input's included
//
//   build/bench_ep_batch [--benchmark_filter=dep]

#include <benchmark/benchmark.h>
#include <omp.h>

#include "core/optimizer.h"
#include "datasets/idx.h"
#include "models/ep/learner.h"

namespace {

using namespace prospect;

constexpr Index kBatch = 64;
constexpr long kFree = 60, kNudged = 12;
constexpr double kPeakFlops = 96e9;

// 2·rows·cols·batch: one product of a pathway's weight with a batch of states.
double product_flops(const ep::Pathway<float>& p) {
  return 2.0 * static_cast<double>(p.weight.rows() * p.weight.cols() * kBatch);
}

struct FlopModel {
  double per_step = 0;   // every step: the pathways between states (and, with an energy, their transposes)
  double input = 0;      // once per batch: the input pathway's potentials
  double update = 0;     // the contrastive update (EP) per batch
  double backward = 0;   // one reverse step (BPTT), on top of the step it recomputes
  double input_gradient = 0;  // once per batch (BPTT): the input pathway's Σζ · inputᵀ
  double reference = 0;  // one step of the published code
};

FlopModel flop_model(const ep::Network<float>& network) {
  const bool energy = network.architecture().has_energy();
  FlopModel m;
  for (const auto& p : network.pathways()) {
    const double f = product_flops(p);
    m.reference += f * (energy && p.source != 0 ? 2 : 1);
    if (p.source == 0) {
      m.input += f;
      m.update += f;       // (gated difference) · inputᵀ
      m.input_gradient += f;
      continue;
    }
    m.per_step += f * (energy ? 2 : 1);
    m.update += 4 * f;     // potentials and outer product in both nudged states
    m.backward += f * (energy ? 4 : 2);
  }
  return m;
}

void training_batch(benchmark::State& state, ep::Variant variant, ep::Algorithm algorithm) {
  omp_set_num_threads(1);
  auto data = datasets::load_mnist(PROSPECT_TEST_DATA "/mnist_100");
  datasets::scale_pixels(data, datasets::PixelScale::unit);
  const auto& train = data.train;

  ep::Architecture architecture;
  architecture.variant = variant;
  ep::Network<float> network(architecture);
  network.initialise(1);
  ep::LearnerSettings settings;
  settings.algorithm = algorithm;
  settings.scheme.free_steps = kFree;
  settings.scheme.nudged_steps = kNudged;
  settings.layer_rates = {1, 0.02 / 0.4};
  ep::Learner learner(std::move(network), settings);
  core::Sgd<float> sgd(learner.parameter_refs(), 0.4, 0.9);
  const FlopModel flops = flop_model(learner.network());

  MatrixF input(train.features(), kBatch), target(train.classes, kBatch);
  long batches = 0;
  double steps = 0;
  const auto learn = [&] {
    target.setZero();
    for (Index j = 0; j < kBatch; ++j) {
      const Index sample = (batches * kBatch + j) % train.size();
      input.col(j) = train.x.row(sample).transpose();
      target(train.y(sample), j) = 1;
    }
    learner.learn(input, target);
    sgd.step();
    learner.parameters_changed();
    ++batches;
    if (algorithm == ep::Algorithm::ep) {
      for (const auto phase : {ep::Phase::free, ep::Phase::plus, ep::Phase::minus}) {
        steps += static_cast<double>(learner.summary(phase).computed);
      }
    }
  };
  for (int warm = 0; warm < 3; ++warm) learn();
  batches = 0;
  steps = 0;
  for (auto _ : state) learn();

  double per_batch = flops.input;
  if (algorithm == ep::Algorithm::ep) {
    steps /= static_cast<double>(batches);
    per_batch += steps * flops.per_step + flops.update;
  } else {
    // The free phase's computed steps are not reported for BPTT: count all
    // T1, and T2 reverse steps, each recomputing its forward step.
    steps = kFree + kNudged;
    per_batch += steps * flops.per_step + kNudged * flops.backward + flops.input_gradient;
  }
  const double reference_steps = algorithm == ep::Algorithm::ep ? kFree + 2 * kNudged : kFree;
  state.counters["steps"] = steps;
  state.counters["FLOP/s"] =
      benchmark::Counter(per_batch, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak"] =
      benchmark::Counter(per_batch / kPeakFlops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["MFLOP"] = per_batch / 1e6;
  state.counters["reference_GFLOP"] = reference_steps * flops.reference / 1e9;
}

BENCHMARK_CAPTURE(training_batch, ep_mlp, ep::Variant::ep_mlp, ep::Algorithm::ep)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_batch, dep, ep::Variant::dep, ep::Algorithm::ep)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_batch, dep_e, ep::Variant::dep_e, ep::Algorithm::ep)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_batch, dep_bptt, ep::Variant::dep, ep::Algorithm::bptt)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_batch, ep_mlp_bptt, ep::Variant::ep_mlp, ep::Algorithm::bptt)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
