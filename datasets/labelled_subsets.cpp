#include "datasets/labelled_subsets.h"

#include <cmath>

#include "core/options.h"
#include "core/random.h"

namespace prospect::datasets {
namespace {

void require_samples(const LabelledSet& set, long n, const std::string& key) {
  if (n > set.size()) {
    core::fail_value(key, std::to_string(n),
                     "the data have only " + std::to_string(set.size()) + " samples");
  }
}

}  // namespace

LabelledSet take_first(LabelledSet set, long n, const std::string& key) {
  require_samples(set, n, key);
  if (n == 0) return set;
  return {set.x.topRows(n), set.y.head(n), set.classes};
}

LabelledSet rows_of(const LabelledSet& set, const std::vector<Index>& rows) {
  LabelledSet out{SampleMatrix(static_cast<Index>(rows.size()), set.features()),
                  LabelVector(static_cast<Index>(rows.size())), set.classes};
  for (std::size_t k = 0; k < rows.size(); ++k) {
    out.x.row(static_cast<Index>(k)) = set.x.row(rows[k]);
    out.y(static_cast<Index>(k)) = set.y(rows[k]);
  }
  return out;
}

std::pair<std::vector<Index>, std::vector<Index>> split_rows_at_random(Index size, Index first,
                                                                       std::uint64_t seed) {
  core::Rng rng(seed);
  const auto order = core::shuffled_indices(size, rng);
  return {{order.begin(), order.begin() + first}, {order.begin() + first, order.end()}};
}

std::pair<LabelledSet, LabelledSet> split_at_random(const LabelledSet& set, double fraction,
                                                    std::uint64_t seed) {
  const auto kept = static_cast<Index>(std::floor(fraction * static_cast<double>(set.size())));
  const auto [first, rest] = split_rows_at_random(set.size(), kept, seed);
  return {rows_of(set, first), rows_of(set, rest)};
}

std::pair<MatrixF, MatrixF> one_hot_batch(const LabelledSet& set, long n, const std::string& key) {
  require_samples(set, n, key);
  MatrixF input = set.x.topRows(n).transpose();
  MatrixF target = MatrixF::Zero(set.classes, n);
  for (Index j = 0; j < n; ++j) target(set.y(j), j) = 1;
  return {input, target};
}

}  // namespace prospect::datasets
