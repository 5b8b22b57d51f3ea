#pragma once
// Small EP networks of every variant for unit tests: 6-5-4-3 with 3 basal
// and 2 apical branches per soma, half of each branch's inputs kept.

#include "core/random.h"
#include "models/ep/network.h"
#include "models/ep/relaxation.h"

namespace prospect::ep::testing {

inline Architecture small_architecture(Variant variant) {
  Architecture a;
  a.variant = variant;
  a.widths = {6, 5, 4, 3};
  a.basal_branches = 3;
  a.apical_branches = 2;
  a.sparsity = 0.5;
  a.apical_scale = 0.2;
  return a;
}

// Initialised per docs/ep_model.md §7, with weights scaled up so that states leave
// the flat regions of σ and the ReLU gates vary between samples.
template <typename Scalar>
Network<Scalar> small_network(Variant variant, std::uint64_t seed = 3, double gain = 2.5) {
  Network<Scalar> network(small_architecture(variant));
  network.initialise(seed);
  for (auto& p : network.pathways()) p.weight *= static_cast<Scalar>(gain);
  return network;
}

// Uniform inputs in [0, 1] (features × batch) and random one-hot targets.
template <typename Scalar>
std::pair<Matrix<Scalar>, Matrix<Scalar>> random_batch(Index features, Index classes,
                                                       Index batch, std::uint64_t seed) {
  core::Rng rng(seed);
  Matrix<Scalar> input(features, batch);
  rng.fill_uniform(input, 0.0, 1.0);
  Matrix<Scalar> target = Matrix<Scalar>::Zero(classes, batch);
  for (Index b = 0; b < batch; ++b) {
    target(static_cast<Index>(rng.below(static_cast<std::uint64_t>(classes))), b) = 1;
  }
  return {input, target};
}

// The central difference of f() in one parameter entry `value`, with the
// network's cached input drive refreshed after every change.
template <typename F>
double central_difference(Network<double>& network, const MatrixD& input, double& value, F&& f,
                          double h = 1e-6) {
  const double saved = value;
  value = saved + h;
  network.set_input(input);
  const double up = f();
  value = saved - h;
  network.set_input(input);
  const double down = f();
  value = saved;
  network.set_input(input);
  return (up - down) / (2 * h);
}

// RK4 on the ODE layer (τ = 1), settled to max|ds/dt| <= tolerance.
inline OdeSettings rk4(double dt, double tolerance) {
  OdeSettings s;
  s.stepper = integrators::StepperKind::rk4;
  s.tau = 1;
  s.dt = dt;
  s.tolerance = tolerance;
  s.max_steps = 1000000;
  return s;
}

// The state settled from `start` (empty: from 0) under `input` (N_0 × 1)
// and nudging β towards `target` (RK4, dt 0.05, to 1e-14).
inline VectorD settled(Network<double>& network, const MatrixD& input, VectorD start,
                       double beta = 0, const MatrixD* target = nullptr) {
  network.set_input(input);
  if (start.size() == 0) start = VectorD::Zero(network.state_size());
  OdeRelaxation<double>(rk4(0.05, 1e-14)).relax(network, start, beta == 0 ? Phase::free : Phase::plus,
                                                 beta, target, {});
  return start;
}

constexpr Variant kVariants[] = {Variant::ep_mlp, Variant::dep, Variant::dep_e};

}  // namespace prospect::ep::testing
