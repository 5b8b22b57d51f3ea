// Milliseconds per training step of the MNIST-1D networks (docs/gle.md §5): one
// reference-scheme step with the cross-entropy target and one Adam update,
// batch 100, on 1 and 2 threads. Counters: FLOP/s counts the three matrix
// products per layer (forward W r, backward Wᵀ e, gradient e rᵀ), which are
// all but a few per cent of the arithmetic.
//
//   build/bench_gle_step [--benchmark_filter=15k]

#include <benchmark/benchmark.h>
#include <omp.h>

#include "core/optimizer.h"
#include "models/gle/reference_scheme.h"
#include "tasks/mnist1d_network.h"

namespace {

using namespace prospect;

constexpr Index kBatch = 100;
constexpr double kDt = 0.2;

double matrix_flops_per_step(const gle::NetworkSpec& spec, Index batch) {
  double flops = 0;
  Index fan_in = spec.input_size;
  for (Index l = 0; l < spec.depth(); ++l) {
    const Index size = spec.layers[static_cast<std::size_t>(l)].size;
    const int products = l == 0 ? 2 : 3;  // the bottom layer sends no error down
    flops += products * 2.0 * static_cast<double>(size * fan_in * batch);
    fan_in = size;
  }
  return flops;
}

void training_step(benchmark::State& state, tasks::Mnist1dPreset preset) {
  const int threads = static_cast<int>(state.range(0));
  omp_set_num_threads(threads);
  const auto network = tasks::mnist1d_network(preset, kDt);
  gle::Parameters<float> parameters(network.spec);
  core::Rng rng(1);
  tasks::initialise_mnist1d(preset, parameters, rng);
  gle::ReferenceScheme<float> scheme(parameters, kBatch);
  core::Adam<float> adam(parameters.trainable(network.learned), network.learning_rate);

  MatrixF input(1, kBatch);
  rng.fill_uniform(input, -1, 1);
  MatrixF target = MatrixF::Zero(10, kBatch);
  for (Index b = 0; b < kBatch; ++b) target(b % 10, b) = 1;
  const gle::StepDrive<float> drive{.input_begin = &input, .target_begin = &target};
  for (int warm = 0; warm < 100; ++warm) {
    scheme.step(drive, 0, kDt);
    adam.step();
  }
  for (auto _ : state) {
    scheme.step(drive, 0, kDt);
    adam.step();
  }
  state.counters["FLOP/s"] = benchmark::Counter(
      matrix_flops_per_step(network.spec, kBatch), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["parameters"] = static_cast<double>(core::total_size(adam.parameters()));
}

BENCHMARK_CAPTURE(training_step, e2e_15k, tasks::Mnist1dPreset::e2e_15k)
    ->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(training_step, e2e_42k, tasks::Mnist1dPreset::e2e_42k)
    ->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(training_step, lagnet_le, tasks::Mnist1dPreset::lagnet_le)
    ->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
