#pragma once
// Parts of a labelled set as the training tasks take them: its first samples,
// a seeded random split, and a one-hot batch.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/types.h"
#include "datasets/labelled_set.h"

namespace prospect::datasets {

// The first n samples (0: all), or an error naming `key` when the set has fewer.
LabelledSet take_first(LabelledSet set, long n, const std::string& key);

// The samples of `rows`, in that order.
LabelledSet rows_of(const LabelledSet& set, const std::vector<Index>& rows);

// Rows 0 … size−1 shuffled by core::Rng(seed) and cut in two: the first
// `first` rows, and the rest.
std::pair<std::vector<Index>, std::vector<Index>> split_rows_at_random(Index size, Index first,
                                                                       std::uint64_t seed);

// The set shuffled by core::Rng(seed) and cut in two: the first
// floor(fraction · size) samples, and the rest.
std::pair<LabelledSet, LabelledSet> split_at_random(const LabelledSet& set, double fraction,
                                                    std::uint64_t seed);

// Inputs (features × n) and one-hot targets (classes × n) of the first n
// samples, or an error naming `key` when the set has fewer.
std::pair<MatrixF, MatrixF> one_hot_batch(const LabelledSet& set, long n, const std::string& key);

}  // namespace prospect::datasets
