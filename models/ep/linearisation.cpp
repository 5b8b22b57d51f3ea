#include "models/ep/linearisation.h"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include "core/error.h"

namespace prospect::ep {

MatrixD pathway_jacobian(const Pathway<double>& p, const MatrixD& source) {
  MatrixD z;
  potentials(p, source, z);
  const Index n = p.target_width();
  MatrixD g = MatrixD::Zero(n, p.weight.cols());
  for (Index k = 0; k < p.branches; ++k) {
    for (Index j = 0; j < n; ++j) {
      const bool open = !p.relu || z(k * n + j, 0) > 0;  // closed at z <= 0, as the gates
      if (open) g.row(j) += p.scale * p.weight.row(k * n + j);
    }
  }
  return g;
}

Linearisation linearise(Network<double>& network, const MatrixD& input, const VectorD& fixed_point,
                        double beta, const MatrixD* target, double tau) {
  if (input.cols() != 1) fail("EP linearisation: one sample, not ", input.cols());
  network.set_input(input);
  if (fixed_point.size() != network.state_size()) {
    fail("EP linearisation: a state of ", fixed_point.size(), " units, the network has ",
         network.state_size());
  }
  const Architecture& a = network.architecture();
  Linearisation lin;
  lin.tau = tau;
  lin.first_unit.push_back(0);
  for (Index l = 1; l <= a.depth(); ++l) lin.first_unit.push_back(lin.first_unit.back() + a.width(l));
  const Index units = lin.first_unit.back();
  const auto rows = [&](Index l) { return lin.first_unit[static_cast<std::size_t>(l - 1)]; };

  VectorD drive;
  network.drive(fixed_point, drive, beta, target);
  lin.slopes.resize(units);
  for (Index i = 0; i < units; ++i) lin.slopes(i) = hard_sigmoid_slope(drive(i));

  lin.jacobian = MatrixD::Zero(units, units);
  lin.input_jacobian = MatrixD::Zero(units, a.width(0));
  for (const auto& p : network.pathways()) {
    const MatrixD source = p.source == 0 ? input : MatrixD(network.layer(fixed_point, p.source));
    const MatrixD g = pathway_jacobian(p, source);
    const Index t = rows(p.target), nt = a.width(p.target);
    if (p.source == 0) {
      lin.input_jacobian.middleRows(t, nt) += g;
      continue;  // the input is clamped: no feedback into it
    }
    const Index u = rows(p.source), nu = a.width(p.source);
    lin.jacobian.block(t, u, nt, nu) += g;
    if (a.has_energy()) lin.jacobian.block(u, t, nu, nt) += g.transpose();
  }
  const Index out = rows(a.depth());
  lin.jacobian.diagonal().segment(out, a.width(a.depth())).array() -= beta;
  lin.target_jacobian = MatrixD::Zero(units, a.width(a.depth()));
  lin.target_jacobian.bottomRows(a.width(a.depth())).diagonal().setConstant(beta);
  return lin;
}

Eigen::MatrixXcd Linearisation::transfer(double omega) const { return response(omega, input_jacobian); }

Eigen::MatrixXcd Linearisation::response(double omega, const MatrixD& drive) const {
  Eigen::MatrixXcd system = -(slopes.asDiagonal() * jacobian).cast<std::complex<double>>();
  system.diagonal().array() += std::complex<double>(1, omega * tau);
  const Eigen::MatrixXcd rhs = (slopes.asDiagonal() * drive).cast<std::complex<double>>();
  return system.partialPivLu().solve(rhs);
}

VectorD Linearisation::low_frequency_delay(const VectorD& drive, const MatrixD& readouts) const {
  MatrixD system = -(slopes.asDiagonal() * jacobian);
  system.diagonal().array() += 1;
  const Eigen::PartialPivLU<MatrixD> lu(system);
  const VectorD once = lu.solve(slopes.asDiagonal() * drive);
  const VectorD twice = lu.solve(once);
  return (tau * (readouts * twice).array() / (readouts * once).array()).matrix();
}

Eigen::VectorXcd Linearisation::rates() const {
  MatrixD system = slopes.asDiagonal() * jacobian;
  system.diagonal().array() -= 1;
  return Eigen::EigenSolver<MatrixD>(system / tau, false).eigenvalues();
}

}  // namespace prospect::ep
