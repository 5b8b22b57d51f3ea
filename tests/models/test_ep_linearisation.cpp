// The linearisation of EP's continuous-time dynamics at a fixed point against
// the nonlinear network: its Jacobians against central differences of F, its
// gain at ω → 0 against the sensitivity of settled states, and its slowest
// eigenvalue against a small perturbation simulated from the fixed point.

#include <catch2/catch.hpp>
#include <cmath>

#include "models/ep/linearisation.h"
#include "models/ep/relaxation.h"
#include "tests/models/ep_networks.h"

using namespace prospect;
using namespace prospect::ep;

namespace {

using testing::kVariants;
using testing::rk4;
using testing::settled;

// A small network's free fixed point for one sample, linearised there under
// nudging β (τ = 1).
struct FixedPoint {
  Network<double> network;
  MatrixD input, target;
  VectorD state;
  Linearisation lin;
};

FixedPoint fixed_point(Variant variant, double beta = 0) {
  FixedPoint f{testing::small_network<double>(variant), {}, {}, {}, {}};
  std::tie(f.input, f.target) = testing::random_batch<double>(6, 3, 1, 11);
  f.network.set_input(f.input);
  f.state = settled(f.network, f.input, VectorD::Zero(f.network.state_size()));
  f.lin = linearise(f.network, f.input, f.state, beta, &f.target, 1);
  return f;
}

// (g(x + h e_j) − g(x − h e_j)) / 2h for every input j, as columns.
template <typename G>
MatrixD input_differences(const MatrixD& input, double h, G&& g) {
  MatrixD columns;
  for (Index j = 0; j < input.rows(); ++j) {
    MatrixD up = input, down = input;
    up(j, 0) += h;
    down(j, 0) -= h;
    const VectorD column = (g(up) - g(down)) / (2 * h);
    columns.conservativeResize(column.size(), input.rows());
    columns.col(j) = column;
  }
  return columns;
}

}  // namespace

TEST_CASE("ep linearisation: J and B are F's derivatives at the fixed point", "[unit]") {
  for (const Variant variant : kVariants) {
    INFO(core::name_of(ep::kVariantNames, variant));
    const double beta = 0.5;
    auto f = fixed_point(variant, beta);
    const auto& lin = f.lin;
    const auto drive = [&](const MatrixD& input, const VectorD& state) {
      f.network.set_input(input);
      VectorD out;
      f.network.drive(state, out, beta, &f.target);
      return out;
    };
    const double h = 1e-7;
    for (Index j = 0; j < f.state.size(); ++j) {
      VectorD up = f.state, down = f.state;
      up(j) += h;
      down(j) -= h;
      const VectorD column = (drive(f.input, up) - drive(f.input, down)) / (2 * h);
      CHECK((column - lin.jacobian.col(j)).cwiseAbs().maxCoeff() < 1e-7);
    }
    const MatrixD b = input_differences(f.input, h, [&](const MatrixD& x) { return drive(x, f.state); });
    CHECK((b - lin.input_jacobian).cwiseAbs().maxCoeff() < 1e-7);
    // The energy variants' J is symmetric (the Hessian of Φ, less β); DEP's is not.
    const double asymmetry = (lin.jacobian - lin.jacobian.transpose()).cwiseAbs().maxCoeff();
    CHECK((variant == Variant::dep ? asymmetry > 1e-3 : asymmetry == 0));
  }
}

TEST_CASE("ep linearisation: at ω → 0 the gain is the settled state's sensitivity to the input",
          "[unit]") {
  for (const Variant variant : kVariants) {
    INFO(core::name_of(ep::kVariantNames, variant));
    auto f = fixed_point(variant);
    // Some units pass signals (D = 1), so the comparison is not of zeros.
    REQUIRE(f.lin.slopes.sum() >= 3);
    const Eigen::MatrixXcd h0 = f.lin.transfer(0);
    CHECK(h0.imag().cwiseAbs().maxCoeff() < 1e-12);
    const MatrixD sensitivity = input_differences(
        f.input, 1e-6, [&](const MatrixD& x) { return settled(f.network, x, f.state); });
    CHECK((sensitivity - h0.real()).cwiseAbs().maxCoeff() < 1e-5);
    CHECK(sensitivity.cwiseAbs().maxCoeff() > 0.05);
    // A fast modulation is filtered: the gain falls with frequency.
    CHECK(f.lin.transfer(10).cwiseAbs().maxCoeff() < h0.cwiseAbs().maxCoeff());
  }
}

TEST_CASE("ep linearisation: a small perturbation decays at the slowest eigenvalue's rate",
          "[unit]") {
  for (const Variant variant : kVariants) {
    INFO(core::name_of(ep::kVariantNames, variant));
    auto f = fixed_point(variant);
    const Eigen::VectorXcd rates = f.lin.rates();
    Index slowest = 0;
    rates.real().maxCoeff(&slowest);
    const std::complex<double> rate = rates(slowest);
    INFO("slowest rate " << rate);
    CHECK(rate.real() < 0);  // a stable fixed point
    // Its mode: an eigenvector of A = (−I + D J)/τ for that eigenvalue.
    MatrixD a = f.lin.slopes.asDiagonal() * f.lin.jacobian;
    a.diagonal().array() -= 1;
    const Eigen::EigenSolver<MatrixD> eigen(a);
    Index mode = 0;
    (eigen.eigenvalues().array() - rate).abs().minCoeff(&mode);
    REQUIRE(std::abs(eigen.eigenvalues()(mode) - rate) < 1e-10);
    Eigen::VectorXcd v = eigen.eigenvectors().col(mode);
    v /= v.real().cwiseAbs().maxCoeff();
    // Along it, δ(t) = Re(e^{λt} v): simulated from s* + ε Re v by the
    // nonlinear network, ε small enough that no unit crosses a corner.
    const double amplitude = 1e-6, dt = 0.01;
    VectorD state = f.state + amplitude * v.real();
    f.network.set_input(f.input);
    OdeRelaxation<double> relaxation(rk4(dt, 1e-15));
    std::vector<double> norms;
    relaxation.relax(f.network, state, Phase::free, 0, nullptr, [&](const VectorD& s, long step) {
      if (step % 100 != 0 || step > 800) return;
      const double t = static_cast<double>(step) * dt;
      const VectorD simulated = (s - f.state) / amplitude;
      const VectorD expected = (std::exp(rate * t) * v).real();
      INFO("t = " << t);
      CHECK((simulated - expected).cwiseAbs().maxCoeff() < 1e-5 * std::exp(rate.real() * t) + 1e-6);
      norms.push_back(simulated.norm());
    });
    REQUIRE(norms.size() == 8);
    // The measured decay rate, t = 1 … 8 (these networks' slowest modes are real).
    REQUIRE(rate.imag() == 0);
    CHECK(std::log(norms.back() / norms.front()) / 7 == Approx(rate.real()).epsilon(1e-4));
  }
}
