#include "models/shunting/local_rule.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "core/error.h"

namespace prospect::shunting {
namespace {

// (1 − α) average + α value, the first value taken as is when `started` is 0.
template <typename Scalar>
double running_average(Scalar& average, Scalar& started, double value, double rate) {
  average = static_cast<Scalar>(started != 0 ? (1 - rate) * average + rate * value : value);
  started = 1;
  return average;
}

}  // namespace

template <typename Scalar>
double update_rho(const LocalRuleSettings& settings, Scalar* state,
                  const Eigen::Ref<const Vector<double>>& level_mean,
                  const Eigen::Ref<const Vector<double>>& soma_mean) {
  double r = 1;
  switch (settings.rho) {
    case RhoMode::none:
      return 1;
    case RhoMode::dot:
      r = level_mean.dot(soma_mean) / static_cast<double>(level_mean.size());
      break;
    case RhoMode::pearson: {
      const auto a = (level_mean.array() - level_mean.mean());
      const auto h = (soma_mean.array() - soma_mean.mean());
      const auto count = static_cast<double>(level_mean.size());
      const double covariance = (a * h).sum() / count;
      r = covariance / (std::sqrt(a.square().sum() / count) *
                            std::sqrt(h.square().sum() / count) +
                        1e-8);
      break;
    }
  }
  const double average = running_average(state[FactorState::rho_average],
                                         state[FactorState::rho_started], r,
                                         settings.average_rate);
  return std::clamp(average, settings.rho_min, settings.rho_max);
}

template <typename Scalar>
double update_phi(const LocalRuleSettings& settings, Scalar* state,
                  const Matrix<Scalar>& voltage, const Matrix<Scalar>& proxy, Index batch) {
  if (settings.phi == PhiMode::none) return 1;
  // Pooled moments of the batch-centred voltages (and proxies); column sums
  // in Scalar, the pool in double.
  double yy = 0, zz = 0, yz = 0;
  const Index n = voltage.cols();
  const bool conditional = settings.phi == PhiMode::conditional;
  for (Index c = 0; c < n; ++c) {
    const auto v = voltage.col(c).head(batch).array();
    const auto y = v - v.mean();
    yy += static_cast<double>(y.square().sum());
    if (conditional) {
      const auto p = proxy.col(c).head(batch).array();
      const auto z = p - p.mean();
      zz += static_cast<double>(z.square().sum());
      yz += static_cast<double>((y * z).sum());
    }
  }
  const auto count = static_cast<double>(batch * n);
  yy /= count, zz /= count, yz /= count;
  const double rate = settings.average_rate;
  double phi = 1;
  if (conditional) {
    const auto average = [rate](Scalar& a, double value) {
      a = static_cast<Scalar>((1 - rate) * a + rate * value);
      return static_cast<double>(a);
    };
    const double vy = average(state[FactorState::vy], yy);
    const double vz = average(state[FactorState::vz], zz);
    const double cyz = average(state[FactorState::cyz], yz);
    if (vz > 1e-12) {
      const double beta = cyz / (vz + settings.ridge);
      phi = vy / std::max(vy - beta * cyz, 1e-12);
    }
  } else {
    const double average = running_average(state[FactorState::variance_average],
                                           state[FactorState::variance_started], yy, rate);
    phi = yy / (average + 1e-8);
  }
  return std::clamp(phi, settings.phi_min, settings.phi_max);
}

template double update_rho(const LocalRuleSettings&, float*, const Eigen::Ref<const Vector<double>>&,
                           const Eigen::Ref<const Vector<double>>&);
template double update_rho(const LocalRuleSettings&, double*,
                           const Eigen::Ref<const Vector<double>>&,
                           const Eigen::Ref<const Vector<double>>&);
template double update_phi(const LocalRuleSettings&, float*, const Matrix<float>&,
                           const Matrix<float>&, Index);
template double update_phi(const LocalRuleSettings&, double*, const Matrix<double>&,
                           const Matrix<double>&, Index);

}  // namespace prospect::shunting
