#include "models/ep/driven_network.h"

#include <algorithm>

#include "core/error.h"
#include "models/ep/relaxation.h"

namespace prospect::ep {
namespace {

// `v` / |v|, or zeros where v is zero (a read-out of nothing).
VectorD unit_vector(const VectorD& v) {
  const double norm = v.norm();
  return norm > 0 ? VectorD(v / norm) : VectorD(VectorD::Zero(v.size()));
}

}  // namespace

DrivenNetwork::DrivenNetwork(Network<double> network, MatrixD input, MatrixD target,
                             VectorD direction, const DrivenSettings& settings)
    : network_(std::move(network)),
      input_(std::move(input)),
      target_(std::move(target)),
      direction_(std::move(direction)),
      settings_(settings) {
  const Architecture& a = network_.architecture();
  const Index depth = a.depth();
  const bool on_target = settings_.path == DrivenPath::target;
  if (input_.rows() != a.width(0) || input_.cols() != 1) {
    fail("driven EP network: the input is ", input_.rows(), " × ", input_.cols(),
         ", expected one sample of ", a.width(0), " features");
  }
  if (target_.rows() != a.width(depth) || target_.cols() != 1) {
    fail("driven EP network: the target is ", target_.rows(), " × ", target_.cols(),
         ", expected one sample of ", a.width(depth), " classes");
  }
  const Index modulated = on_target ? a.width(depth) : a.width(0);
  if (direction_.size() != modulated) {
    fail("driven EP network: a direction of ", direction_.size(), " entries, the ",
         core::name_of(kDrivenPathNames, settings_.path), " has ", modulated);
  }
  if (on_target && settings_.beta == 0) {
    fail("driven EP network: the target reaches the network only through nudging: beta must not be 0");
  }
  if (!(settings_.tau > 0)) fail("driven EP network: tau = ", settings_.tau, " must be > 0");

  network_.set_input(input_);
  OdeSettings settle;
  settle.stepper = integrators::StepperKind::rk4;
  settle.tau = settings_.tau;
  settle.dt = settings_.settle_dt;
  settle.tolerance = settings_.settle_tolerance;
  settle.max_steps = settings_.settle_steps;
  fixed_point_ = VectorD::Zero(network_.state_size());
  OdeRelaxation<double>(settle).relax(network_, fixed_point_,
                                      settings_.beta == 0 ? Phase::free : Phase::plus,
                                      settings_.beta, &target_, {});
  linearisation_ = linearise(network_, input_, fixed_point_, settings_.beta, &target_, settings_.tau);
  const double slowest = linearisation_.rates().real().maxCoeff();
  if (!(slowest < 0)) {
    fail("driven EP network: the fixed point is not stable (the slowest eigenvalue of the "
         "linearisation has real part ", slowest, ")");
  }
  drive_column_ = on_target ? VectorD(linearisation_.target_jacobian * direction_)
                            : VectorD(linearisation_.input_jacobian * direction_);

  // Read-outs along each layer's (and apical drive's) steady-state response.
  const VectorD steady = linearisation_.response(0, drive_column_).real();
  const Index units = fixed_point_.size();
  const auto& first = linearisation_.first_unit;
  const auto start = [&](Index l) { return first[static_cast<std::size_t>(l - 1)]; };
  std::vector<VectorD> state_rows, apical_rows, analytic_rows;
  names_.push_back("input");
  for (Index l = 1; l <= depth; ++l) {
    VectorD row = VectorD::Zero(units);
    row.segment(start(l), a.width(l)) = unit_vector(steady.segment(start(l), a.width(l)));
    names_.push_back("layer" + std::to_string(l));
    state_rows.push_back(row);
    apical_rows.push_back(VectorD::Zero(units));
    analytic_rows.push_back(row);
  }
  for (const auto& p : network_.pathways()) {
    if (p.kind != PathwayKind::apical) continue;
    const MatrixD g = pathway_jacobian(p, MatrixD(network_.layer(fixed_point_, p.source)));
    const VectorD q = unit_vector(g * steady.segment(start(p.source), a.width(p.source)));
    VectorD apical = VectorD::Zero(units), analytic = VectorD::Zero(units);
    apical.segment(start(p.target), a.width(p.target)) = q;
    analytic.segment(start(p.source), a.width(p.source)) = g.transpose() * q;
    names_.push_back("layer" + std::to_string(p.target) + "/apical");
    state_rows.push_back(VectorD::Zero(units));
    apical_rows.push_back(apical);
    analytic_rows.push_back(analytic);
  }
  if (settings_.unit_signals) {
    for (Index i = 0; i < units; ++i) {
      names_.push_back("unit" + std::to_string(i));
      state_rows.push_back(VectorD::Unit(units, i));
      apical_rows.push_back(VectorD::Zero(units));
      analytic_rows.push_back(VectorD::Unit(units, i));
    }
  }
  const auto stack = [units](const std::vector<VectorD>& rows) {
    MatrixD m(static_cast<Index>(rows.size()), units);
    for (std::size_t k = 0; k < rows.size(); ++k) m.row(static_cast<Index>(k)) = rows[k].transpose();
    return m;
  };
  state_readouts_ = stack(state_rows);
  apical_readouts_ = stack(apical_rows);
  readouts_ = stack(analytic_rows);
  has_apical_ = !apical_readouts_.isZero(0);
  if (has_apical_) apical_drive(fixed_point_, fixed_apical_);
  modulated_target_ = target_;
  for (const auto& p : network_.pathways()) {
    if (p.source != 0) continue;
    input_potentials_.emplace_back();
    potentials(p, input_, input_potentials_.back());
    // The slope of z = W x + c along the direction: W d (no bias).
    input_slopes_.push_back(p.weight * (on_target ? VectorD::Zero(a.width(0)) : direction_));
  }
  input_drive(0, fixed_input_drive_);
}

void DrivenNetwork::input_drive(double x, MatrixD& out) {
  out.setZero(network_.architecture().width(1), 1);
  std::size_t i = 0;
  for (const auto& p : network_.pathways()) {
    if (p.source != 0) continue;
    z_ = input_potentials_[i] + x * input_slopes_[i];
    add_somatic(p, z_, out);
    ++i;
  }
}

double DrivenNetwork::settling_time() const {
  return std::max(settings_.tau, -1 / linearisation_.rates().real().maxCoeff());
}

void DrivenNetwork::apical_drive(const VectorD& state, VectorD& out) {
  out.setZero(state.size());
  const auto& first = linearisation_.first_unit;
  for (const auto& p : network_.pathways()) {
    if (p.kind != PathwayKind::apical) continue;
    potentials(p, network_.layer(state, p.source), z_);
    Eigen::Map<MatrixD> block(out.data() + first[static_cast<std::size_t>(p.target - 1)],
                              p.target_width(), 1);
    add_somatic(p, z_, block);
  }
}

void DrivenNetwork::observe(const VectorD& x, double t, VectorD& dxdt, VectorD& signals) {
  const double drive = input(t);
  if (settings_.path == DrivenPath::target) modulated_target_ = target_ + drive * direction_;
  state_ = fixed_point_ + x;
  network_.drive(state_, drive_, settings_.beta, &modulated_target_);  // at the input x̄
  if (settings_.path == DrivenPath::input) {
    input_drive(drive, input_drive_);
    drive_.head(input_drive_.rows()) += input_drive_.col(0) - fixed_input_drive_.col(0);
  }
  dxdt.resize(x.size());
  for (Index i = 0; i < x.size(); ++i) {
    dxdt(i) = (hard_sigmoid(drive_(i)) - state_(i)) / settings_.tau;
  }
  signals.resize(static_cast<Index>(names_.size()));
  signals(0) = drive;
  signals.tail(signals.size() - 1).noalias() = state_readouts_ * x;
  if (has_apical_) {
    apical_drive(state_, apical_);
    apical_ -= fixed_apical_;
    signals.tail(signals.size() - 1).noalias() += apical_readouts_ * apical_;
  }
}

Eigen::VectorXcd DrivenNetwork::analytic(double omega) const {
  return readouts_.cast<std::complex<double>>() * linearisation_.response(omega, drive_column_);
}

VectorD DrivenNetwork::low_frequency_delay() const {
  return linearisation_.low_frequency_delay(drive_column_, readouts_);
}

}  // namespace prospect::ep
