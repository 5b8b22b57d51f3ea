#pragma once
// Symmetric mean absolute percentage error as NeuroBench defines it:
//   sMAPE = 200 · mean_k |ŷ_k − y_k| / (|ŷ_k| + |y_k|)     [%], in [0, 200]
// A point where both are zero counts 0 (a perfect match); a non-finite
// prediction counts the maximum term, 1 (a diverged forecast is the worst one,
// never a NaN that hides the others).

#include <span>

namespace prospect::core {

// Errors if the spans differ in length or are empty.
double smape(std::span<const double> prediction, std::span<const double> target);

}  // namespace prospect::core
