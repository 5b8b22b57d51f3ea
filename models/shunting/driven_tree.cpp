#include "models/shunting/driven_tree.h"

#include <cmath>

#include "core/error.h"

namespace prospect::shunting {
namespace {

// Σ_active g_j direction_j for every compartment.
VectorD drive_gain(const ActiveSynapses<double>& synapses, const VectorD& direction) {
  VectorD gain = VectorD::Zero(synapses.index().cols());
  for (Index n = 0; n < gain.size(); ++n) {
    for (Index r = 0; r < synapses.k(); ++r) {
      gain(n) += synapses.conductance()(r, n) * direction(synapses.index()(r, n));
    }
  }
  return gain;
}

}  // namespace

DrivenTree::DrivenTree(Parameters<double> parameters, VectorD base, VectorD direction,
                       double tau)
    : network_(std::move(parameters), {}),
      base_(std::move(base)),
      direction_(std::move(direction)),
      tau_(tau) {
  const Index inputs = network_.parameters().spec().inputs;
  if (base_.size() != inputs || direction_.size() != inputs) {
    fail("driven tree: base (", base_.size(), ") and direction (", direction_.size(),
         ") need one entry per input (", inputs, ")");
  }
  if (!(tau_ > 0)) fail("driven tree: tau = ", tau_, " must be > 0");
  network_.forward(base_);
  names_.push_back("input");
  const auto& spec = network_.parameters().spec();
  for (Index i = 0; i < static_cast<Index>(spec.levels(0).size()); ++i) {
    names_.push_back("level" + std::to_string(i) + "/V");
    const auto& level = network_.level(0, i);
    const auto& s = level.signals();
    SteadyLevel steady;
    steady.voltage = s.voltage.row(0).transpose();
    const VectorD a = s.output.row(0).transpose();
    steady.slope = 0.5 * level.gate_slope().array() * (1 - (2 * a.array() - 1).square());
    steady.total_conductance = VectorD::Ones(level.compartments()) + level.total_coupling();
    steady.exc_gain = steady.inh_gain = VectorD::Zero(level.compartments());
    if (level.shape().synapses) {
      steady.total_conductance += (s.exc.row(0) + s.inh.row(0)).transpose();
      steady.exc_gain = drive_gain(level.excitatory(), direction_);
      steady.inh_gain = drive_gain(level.inhibitory(), direction_);
    }
    steady_.push_back(std::move(steady));
  }
  input_ = base_.transpose();
  network_.dynamics().set_input(input_, 1, tau_);
  state_size_ = network_.dynamics().state_size();
}

Index DrivenTree::state_size() const { return state_size_; }

void DrivenTree::observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) {
  const double drive = input(t);
  input_ = (base_ + drive * direction_).transpose();
  auto& dynamics = network_.dynamics();
  dynamics.set_input(input_, 1, tau_);
  dynamics.derivative(x, dxdt, t);
  signals.resize(static_cast<Index>(names_.size()));
  signals(0) = drive;
  for (Index i = 1; i < signals.size(); ++i) {
    signals(i) = network_.level(0, i - 1).signals().voltage(0, 0);
  }
}

std::complex<double> DrivenTree::transfer_of(Index level, double omega) const {
  const bool shunting = network_.parameters().spec().core == Core::shunting;
  const std::complex<double> delay(0, omega * tau_);
  std::vector<std::complex<double>> below, here;
  for (Index i = 0; i <= level; ++i) {
    const auto& steady = steady_[static_cast<std::size_t>(i)];
    const auto& tree_level = network_.level(0, i);
    const Index b = tree_level.shape().children;
    here.assign(static_cast<std::size_t>(tree_level.compartments()), 0.0);
    for (Index n = 0; n < tree_level.compartments(); ++n) {
      const double v = steady.voltage(n);
      std::complex<double> numerator =
          shunting ? steady.exc_gain(n) * (1 - v) - steady.inh_gain(n) * v
                   : steady.exc_gain(n) - steady.inh_gain(n);
      for (Index k = 0; k < b; ++k) {
        const auto& child = steady_[static_cast<std::size_t>(i - 1)];
        numerator += tree_level.coupling()(k, n) * child.slope(n * b + k) *
                     below[static_cast<std::size_t>(n * b + k)];
      }
      here[static_cast<std::size_t>(n)] =
          numerator / ((shunting ? steady.total_conductance(n) : 1.0) + delay);
    }
    below.swap(here);
  }
  return below[0];
}

std::unique_ptr<DrivenTree> driven_compartment(const Compartment& c) {
  NetworkSpec spec;
  spec.inputs = 2;  // 0: excitatory, 1: inhibitory presynaptic rate
  spec.layers = {{1, {1}}};
  spec.excitatory_synapses = 1;
  spec.inhibitory_synapses = 1;
  spec.classes = 2;
  const auto raw = [](double g) { return std::log(std::expm1(g)); };  // softplus⁻¹
  Parameters<double> p(spec);
  auto& leaf = p.level(0, 0);
  leaf.pre_exc << raw(c.excitation), -30;
  leaf.pre_inh << -30, raw(1);
  auto& soma = p.level(0, 1);
  soma.log_w.setConstant(raw(c.coupling));
  for (auto* level : {&leaf, &soma}) {
    level->log_m.setConstant(std::log(1.5));
    level->bias.setConstant(0.3);
  }
  const VectorD base{{1.0, c.inhibition}};
  const VectorD direction{{c.amplitude, 0.0}};
  return std::make_unique<DrivenTree>(std::move(p), base, direction, c.tau);
}

}  // namespace prospect::shunting
