#include "models/shunting/initialisation.h"

#include <cmath>
#include <numbers>

#include "core/error.h"

namespace prospect::shunting {
namespace {

double softplus(double x) { return x > 20 ? x : std::log1p(std::exp(x)); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
// softplus⁻¹(g) = ln(e^g − 1), stable for large g.
double inverse_softplus(double g) { return g + std::log(-std::expm1(-g)); }

double normal_density(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi); }
// 1 − Φ(x), accurate in the upper tail.
double normal_upper_tail(double x) { return 0.5 * std::erfc(x / std::numbers::sqrt2); }

// Φ⁻¹(p) for p ∈ (0, 1): Acklam's rational approximation, then two Newton
// steps on the upper tail to full double precision.
double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  double x;
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  for (int k = 0; k < 2; ++k) x += (normal_upper_tail(x) - (1 - p)) / normal_density(x);
  return x;
}

// The μ at which Ew(μ, σ, q) = target, by 96 bisections on [−80, 80].
double bisect_mean(double target, double sigma, double q) {
  double low = -80, high = 80;
  for (int k = 0; k < 96; ++k) {
    const double mid = 0.5 * (low + high);
    (expected_top_softplus(mid, sigma, q) < target ? low : high) = mid;
  }
  return 0.5 * (low + high);
}

// First μ on the grid 0, ±0.01, ±0.02, … at which Ew(μ, σ, q) reaches `target`
// from the side where it starts.
double grid_mean(double target, double sigma, double q, double direction) {
  for (long k = 0; k < 1000000; ++k) {
    const double mu = direction * 0.01 * static_cast<double>(k);
    const double ew = expected_top_softplus(mu, sigma, q);
    if (direction > 0 ? ew >= target : ew <= target) return mu;
  }
  fail("initialisation: no inhibitory mean balances the excitation (target ", target, ")");
}

}  // namespace

double expected_top_softplus(double mu, double sigma, double q) {
  double gamma_lambda = 0, lambda = 0;  // q = 1: the whole distribution
  if (q < 1) {
    const double gamma = normal_quantile(1 - q);
    lambda = normal_density(gamma) / normal_upper_tail(gamma);
    gamma_lambda = gamma * lambda;
  }
  const double mean = std::max(mu + sigma * lambda, -50.0);
  const double variance = sigma * sigma * (1 + gamma_lambda - lambda * lambda);
  const double s = sigmoid(mean);
  return softplus(mean) + 0.5 * s * (1 - s) * variance;
}

LevelInitialisation level_initialisation(const NetworkSpec& spec, Index layer, Index level,
                                         InitPolicy policy) {
  const auto shape = spec.levels(layer)[static_cast<std::size_t>(level)];
  const auto& factors = spec.layers[static_cast<std::size_t>(layer)].branch_factors;
  const bool shunting = spec.core == Core::shunting;
  LevelInitialisation init;

  if (shape.synapses) {
    const auto inputs = static_cast<double>(spec.layer_inputs(layer));
    const auto k_exc = static_cast<double>(spec.excitatory_synapses);
    const auto k_inh = static_cast<double>(spec.inhibitory_synapses);
    const double q_exc = k_exc / inputs, q_inh = k_inh / inputs;
    init.exc_std = std::sqrt(2 / (inputs + 1));
    init.inh_std = k_inh < k_exc ? init.exc_std * k_inh / k_exc : init.exc_std;

    const double ew_exc = expected_top_softplus(0, init.exc_std, q_exc);
    init.target_exc = 0.5 * k_exc * ew_exc;  // ½: the assumed mean input
    double inh_mean = 0;
    if (k_inh > 0) {
      const double ratio = k_inh / k_exc;
      const double start = expected_top_softplus(0, init.inh_std, q_inh);
      inh_mean = grid_mean(ew_exc / ratio, init.inh_std, q_inh,
                           ew_exc >= ratio * start ? 1.0 : -1.0);
      init.target_inh = 0.5 * k_inh * expected_top_softplus(inh_mean, init.inh_std, q_inh);
    }

    double leaves = 1;
    for (const Index b : factors) leaves *= static_cast<double>(b);
    const double shift = std::max(0.0, std::log((k_exc + k_inh) * std::sqrt(leaves) / 5));
    if (policy == InitPolicy::legacy_scale) {
      init.exc_mean = -shift;
      init.inh_mean = inh_mean - shift;
      init.target_exc *= std::exp(-shift);
      init.target_inh *= std::exp(-shift);
    } else {
      if (shunting) {
        const double centre = init.target_exc / (init.target_exc + init.target_inh + 1);
        const double total = std::min(init.target_exc + init.target_inh,
                                      std::max(5.0, centre / (1 - centre)));
        init.target_exc = centre * (total + 1);
        init.target_inh = total - init.target_exc;
      } else {
        init.target_exc *= std::exp(-shift);
        init.target_inh *= std::exp(-shift);
      }
      init.exc_mean = bisect_mean(2 * init.target_exc / k_exc, init.exc_std, q_exc);
      if (k_inh > 0) {
        init.inh_mean = bisect_mean(2 * init.target_inh / k_inh, init.inh_std, q_inh);
      }
    }
  }

  // Expected voltage without children, and the coupling that centres the parent.
  const double centre = init.target_exc / (init.target_exc + init.target_inh + 1);
  const double mapped = centre < 0.5 ? std::max(0.49, 0.5 * centre + 0.25)
                                     : std::min(0.499, 0.5 * centre + 0.25);
  if (shape.children > 0) {
    const double total =
        ((init.target_exc + init.target_inh + 1) * mapped - init.target_exc) / (0.5 - mapped);
    init.coupling =
        shunting ? std::max(total / static_cast<double>(shape.children), 1e-6) : 1.0;
  }
  if (shunting) {
    init.gate_slope = 1.5;
    init.gate_bias = shape.children > 0 ? mapped : centre;
  } else {
    init.gate_slope = 0.1;
    init.gate_bias = shape.children > 0 ? init.target_exc - init.target_inh : 0.0;
  }
  return init;
}

template <typename Scalar>
void initialise(Parameters<Scalar>& parameters, InitPolicy policy, core::Rng& rng) {
  const auto& spec = parameters.spec();
  const auto fill_normal = [&rng](Matrix<Scalar>& m, double mean, double std) {
    for (Index k = 0; k < m.size(); ++k) {
      m.data()[k] = static_cast<Scalar>(mean + std * rng.normal());
    }
  };
  for (Index l = 0; l < parameters.depth(); ++l) {
    for (Index i = 0; i < parameters.levels(l); ++i) {
      const auto init = level_initialisation(spec, l, i, policy);
      auto& p = parameters.level(l, i);
      fill_normal(p.pre_exc, init.exc_mean, init.exc_std);
      fill_normal(p.pre_inh, init.inh_mean, init.inh_std);
      p.log_w.setConstant(static_cast<Scalar>(inverse_softplus(init.coupling)));
      p.log_m.setConstant(static_cast<Scalar>(std::log(init.gate_slope)));
      p.bias.setConstant(static_cast<Scalar>(init.gate_bias));
    }
  }
  auto& decoder = parameters.decoder();
  const double bound = 1 / std::sqrt(static_cast<double>(decoder.weights.cols()));
  rng.fill_uniform(decoder.weights, -bound, bound);
  rng.fill_uniform(decoder.bias, -bound, bound);
}

template void initialise(Parameters<float>&, InitPolicy, core::Rng&);
template void initialise(Parameters<double>&, InitPolicy, core::Rng&);

}  // namespace prospect::shunting
