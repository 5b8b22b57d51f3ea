// Milliseconds per training batch of the headline shunting network (docs/shunting.md:
// 128 somata, branch factors (3, 3), K_E 40, K_I 20, 784 inputs, batch
// 256): forward pass, learning signal (local 5F per-soma, or exact backprop),
// Adam with the four parameter groups and the top-K update; and the forward
// pass alone for evaluation batches. The reference PyTorch implementation takes
// 0.12–0.18 s per training batch on one thread (docs/shunting.md).
//
// FLOP/s counts the synapse gathers (2 B Σ n (K_E + K_I) per pass: forward
// drives, and the gradient sums), couplings, decoder and the element-wise
// level arithmetic (about 20 operations per compartment and sample);
// peak_fraction divides by 2 FMA units × 8 lanes × 2 flops × the clock (Zen 4
// runs a 16-lane AVX-512 FMA as two 8-lane halves),
// measured by a chain of dependent additions (one per cycle).
//
//   build/bench_shunting_batch [--benchmark_filter=local]

#include <benchmark/benchmark.h>
#include <omp.h>

#include <time.h>

#include "core/optimizer.h"
#include "models/shunting/initialisation.h"
#include "models/shunting/network.h"

namespace {

using namespace prospect;

constexpr Index kBatch = 256;

shunting::NetworkSpec headline() {
  shunting::NetworkSpec spec;
  spec.inputs = 784;
  spec.layers = {{128, {3, 3}}};
  spec.excitatory_synapses = 40;
  spec.inhibitory_synapses = 20;
  return spec;
}

// This thread's CPU time [s]: on a shared machine, the time it actually ran.
double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// Core clock [Hz]: a chain of dependent additions retires one per cycle.
double measure_clock() {
  const long adds = 400'000'000;
  long x = 0;
  const double start = thread_seconds();
  for (long i = 0; i < adds / 8; ++i) {
    asm volatile(
        "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
        "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
        : "+r"(x));
  }
  return static_cast<double>(adds) / (thread_seconds() - start);
}

double peak_flops_per_core() {
  static const double peak = 2 * 8 * 2 * measure_clock();
  return peak;
}

// Floating-point operations of one pass over the trees (forward, or the
// gradient sums of a backward pass).
double flops_per_pass(const shunting::NetworkSpec& spec, Index batch) {
  double flops = 0;
  for (const auto& level : spec.levels(0)) {
    const auto n = static_cast<double>(level.compartments);
    const double synapses =
        level.synapses ? static_cast<double>(spec.excitatory_synapses + spec.inhibitory_synapses) : 0;
    flops += 2 * n * (synapses + static_cast<double>(level.children)) + 20 * n;
  }
  flops += 2.0 * static_cast<double>(spec.output_somata() * spec.classes);
  return flops * static_cast<double>(batch);
}

struct Bench {
  shunting::Network<float> network;
  std::unique_ptr<core::Adam<float>> adam;
  MatrixF input, target;

  explicit Bench(shunting::Learning learning)
      : network(initial(), settings(learning)),
        input(784, kBatch),
        target(MatrixF::Zero(10, kBatch)) {
    adam = std::make_unique<core::Adam<float>>(network.parameter_refs(), 1.5e-3);
    // MNIST-like: a fifth of the pixels lit.
    core::Rng rng(2);
    for (Index k = 0; k < input.size(); ++k) {
      input.data()[k] = rng.uniform() < 0.2 ? static_cast<float>(rng.uniform()) : 0.0f;
    }
    for (Index s = 0; s < kBatch; ++s) target(s % 10, s) = 1;
  }
  static shunting::Parameters<float> initial() {
    shunting::Parameters<float> p(headline());
    core::Rng rng(1);
    shunting::initialise(p, shunting::InitPolicy::legacy_scale, rng);
    return p;
  }
  static shunting::NetworkSettings settings(shunting::Learning learning) {
    shunting::NetworkSettings s;
    s.learning = learning;
    s.rate_scales = {1, 7e-4 / 1.5e-3, 5e-4 / 1.5e-3, 1};
    return s;
  }
  void train_batch() {
    network.learn(input, target);
    adam->step();
    network.parameters_changed();
  }
};

void training_batch(benchmark::State& state, shunting::Learning learning) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  Bench bench(learning);
  for (int warm = 0; warm < 20; ++warm) bench.train_batch();
  for (auto _ : state) bench.train_batch();
  const double flops = 2 * flops_per_pass(headline(), kBatch);
  state.counters["FLOP/s"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["MFLOP"] = flops / 1e6;
  state.counters["peak_fraction"] = benchmark::Counter(
      flops / peak_flops_per_core() / static_cast<double>(state.range(0)),
      benchmark::Counter::kIsIterationInvariantRate);
}

void evaluation_batch(benchmark::State& state) {
  omp_set_num_threads(1);
  const Index batch = state.range(0);
  Bench bench(shunting::Learning::local);
  MatrixF input = bench.input.leftCols(1).replicate(1, batch);
  MatrixF target = MatrixF::Zero(10, batch);
  target.row(0).setOnes();
  bench.network.evaluate(input, target);  // sizes the workspace for this batch
  for (auto _ : state) benchmark::DoNotOptimize(bench.network.evaluate(input, target));
  const double flops = flops_per_pass(headline(), batch);
  state.counters["FLOP/s"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_fraction"] = benchmark::Counter(
      flops / peak_flops_per_core(), benchmark::Counter::kIsIterationInvariantRate);
}

void clock_speed(benchmark::State& state) {
  for (auto _ : state) state.counters["GHz"] = measure_clock() / 1e9;
}

BENCHMARK(clock_speed)->Iterations(1)->Unit(benchmark::kMillisecond);
// One thread: rates per CPU second, which a shared machine does not distort;
// two threads: per wall-clock second.
BENCHMARK_CAPTURE(training_batch, local_5f, shunting::Learning::local)
    ->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_batch, backprop, shunting::Learning::backprop)
    ->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(training_batch, local_5f, shunting::Learning::local)
    ->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(training_batch, backprop, shunting::Learning::backprop)
    ->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(evaluation_batch)->Arg(256)->Arg(1000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
