#include "core/gaussian_filter.h"

#include <cmath>

#include "core/error.h"

namespace prospect::core {

std::vector<double> gaussian_kernel(double sigma, double truncate) {
  if (!(sigma >= 0)) fail("Gaussian filter sigma = ", sigma, ": expected >= 0");
  const auto radius = static_cast<Index>(truncate * sigma + 0.5);
  std::vector<double> kernel;
  double total = 0.0;
  for (Index k = -radius; k <= radius; ++k) {
    const double w =
        sigma > 0 ? std::exp(-0.5 / (sigma * sigma) * static_cast<double>(k * k)) : 1.0;
    kernel.push_back(w);
    total += w;
  }
  for (double& w : kernel) w /= total;
  return kernel;
}

Index reflect_index(Index i, Index n) {
  const Index period = 2 * n;
  Index m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - 1 - m;
}

std::vector<double> gaussian_filter(const std::vector<double>& signal, double sigma,
                                    double truncate) {
  const auto kernel = gaussian_kernel(sigma, truncate);
  const auto radius = static_cast<Index>(kernel.size() / 2);
  const auto n = static_cast<Index>(signal.size());
  // Reflected once into a padded copy, so the convolution needs no index checks.
  std::vector<double> padded(static_cast<std::size_t>(n + 2 * radius));
  for (Index i = 0; i < n + 2 * radius; ++i) {
    padded[static_cast<std::size_t>(i)] =
        signal[static_cast<std::size_t>(reflect_index(i - radius, n))];
  }
  std::vector<double> out(signal.size());
  for (Index i = 0; i < n; ++i) {
    const double* window = padded.data() + i;
    double sum = 0.0;
    for (std::size_t k = 0; k < kernel.size(); ++k) sum += kernel[k] * window[k];
    out[static_cast<std::size_t>(i)] = sum;
  }
  return out;
}

}  // namespace prospect::core
