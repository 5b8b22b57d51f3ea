#pragma once
// Gaussian smoothing as scipy.ndimage.gaussian_filter1d does it: a kernel of
// radius int(truncate σ + 0.5), normalised to unit sum, and mode 'reflect'
// at the edges (d c b a | a b c d | d c b a). The data generators and the
// noise sources that follow published Python code share it.

#include <vector>

#include "core/types.h"

namespace prospect::core {

// Taps -radius..radius; σ = 0 gives the identity {1}.
std::vector<double> gaussian_kernel(double sigma, double truncate = 4.0);

// Index i of a signal of length n, reflected into 0..n-1 (period 2n).
Index reflect_index(Index i, Index n);

// The signal convolved with gaussian_kernel(sigma), reflected at the edges.
std::vector<double> gaussian_filter(const std::vector<double>& signal, double sigma,
                                    double truncate = 4.0);

}  // namespace prospect::core
