// Milliseconds per training step of the MNIST-1D networks (docs/gle.md §5): one
// reference-scheme step with the cross-entropy target and one Adam update,
// batch 100, on 1 and 2 threads; and the same for the chain task's student
// (two softplus neurons, MSE target, w and tau_m learned), the C++ side of
// the Python step loop's overhead (tools/benchmarks/python_step_loop.py).
// Counters: FLOP/s counts the three matrix products per layer (forward W r,
// backward Wᵀ e, gradient e rᵀ), which are all but a few per cent of the
// arithmetic.
//
//   build/bench_gle_step [--benchmark_filter=15k]

#include <benchmark/benchmark.h>
#include <omp.h>

#include <functional>

#include "core/optimizer.h"
#include "models/gle/mnist1d_network.h"
#include "models/gle/reference_scheme.h"

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

// A network, how it learns and how it starts.
struct TrainingSetup {
  gle::NetworkSpec spec;
  double learning_rate;
  gle::LearnedParameters learned;
  double dt;
  double tau_min = 0;  // > 0: time constants clamped after each step
  std::function<void(gle::Parameters<float>&, core::Rng&)> initialise;
};

TrainingSetup mnist1d(gle::Mnist1dPreset preset) {
  const auto network = gle::mnist1d_network(preset, kDt);
  return {network.spec, network.learning_rate, network.learned, kDt, 0,
          [preset](gle::Parameters<float>& p, core::Rng& rng) {
            gle::initialise_mnist1d(preset, p, rng);
          }};
}

// The chain task's GLE student (tasks/chain.cpp, default options).
TrainingSetup chain_student() {
  TrainingSetup setup{{}, 1e-4, {.weights = true, .biases = false, .tau_m = true, .tau_r = false,
                                 .layers = {}},
                      0.01, 0.1, [](gle::Parameters<float>& p, core::Rng& rng) {
                        p.initialise_uniform(rng);
                      }};
  for (const double tau_m : {0.5, 0.8}) {
    setup.spec.layers.push_back({.size = 1, .activation = core::Activation::softplus,
                                 .tau_m = {tau_m}, .tau_r = {0.1}, .bias = false});
  }
  setup.spec.gamma = 1;
  setup.spec.beta = 0.01;
  return setup;
}

void training_step(benchmark::State& state, const TrainingSetup& setup) {
  const int threads = static_cast<int>(state.range(0));
  omp_set_num_threads(threads);
  gle::Parameters<float> parameters(setup.spec);
  core::Rng rng(1);
  setup.initialise(parameters, rng);
  gle::ReferenceScheme<float> scheme(parameters, kBatch);
  core::Adam<float> adam(parameters.trainable(setup.learned), setup.learning_rate);

  MatrixF input(1, kBatch);
  rng.fill_uniform(input, -1, 1);
  const Index outputs = setup.spec.output_size();
  MatrixF target = MatrixF::Zero(outputs, kBatch);
  for (Index b = 0; b < kBatch; ++b) target(b % outputs, b) = 1;
  const gle::StepDrive<float> drive{.input_begin = &input, .target_begin = &target};
  const auto step = [&] {
    scheme.step(drive, 0, setup.dt);
    adam.step();
    if (setup.tau_min > 0) parameters.clamp_time_constants(setup.tau_min);
  };
  for (int warm = 0; warm < 100; ++warm) step();
  for (auto _ : state) step();
  state.counters["FLOP/s"] = benchmark::Counter(
      matrix_flops_per_step(setup.spec, kBatch), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["parameters"] = static_cast<double>(core::total_size(adam.parameters()));
}

BENCHMARK_CAPTURE(training_step, e2e_15k, mnist1d(gle::Mnist1dPreset::e2e_15k))
    ->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(training_step, e2e_42k, mnist1d(gle::Mnist1dPreset::e2e_42k))
    ->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(training_step, lagnet_le, mnist1d(gle::Mnist1dPreset::lagnet_le))
    ->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(training_step, chain, chain_student())
    ->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
