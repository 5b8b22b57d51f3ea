#include <catch2/catch.hpp>

#include <algorithm>

#include "datasets/labelled_subsets.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

// Sample k has features (k, 10 k) and label k mod 3.
datasets::LabelledSet numbered(Index n) {
  datasets::LabelledSet set{datasets::SampleMatrix(n, 2), datasets::LabelVector(n), 3};
  for (Index k = 0; k < n; ++k) {
    set.x.row(k) << static_cast<float>(k), static_cast<float>(10 * k);
    set.y(k) = static_cast<int>(k % 3);
  }
  return set;
}

}  // namespace

TEST_CASE("take_first keeps the first samples, all of them for 0, and names the key", "[unit]") {
  const auto three = datasets::take_first(numbered(5), 3, "data.train_samples");
  CHECK(three.size() == 3);
  CHECK(three.x(2, 1) == 20);
  CHECK(three.y(2) == 2);
  CHECK(three.classes == 3);
  CHECK(datasets::take_first(numbered(5), 0, "k").size() == 5);
  CHECK_THROWS_WITH(datasets::take_first(numbered(5), 6, "data.test_samples"),
                    Contains("key 'data.test_samples' = '6': the data have only 5 samples"));
}

TEST_CASE("a random split covers the set once, reproducibly by its seed", "[unit]") {
  const auto set = numbered(10);
  const auto [kept, rest] = datasets::split_at_random(set, 0.75, 42);
  CHECK(kept.size() == 7);  // floor(0.75 · 10)
  CHECK(rest.size() == 3);
  std::vector<float> seen;
  for (const auto* part : {&kept, &rest}) {
    for (Index k = 0; k < part->size(); ++k) {
      seen.push_back(part->x(k, 0));
      CHECK(part->y(k) == static_cast<int>(part->x(k, 0)) % 3);  // rows stay whole
    }
  }
  std::sort(seen.begin(), seen.end());
  for (std::size_t k = 0; k < seen.size(); ++k) CHECK(seen[k] == static_cast<float>(k));
  CHECK(datasets::split_at_random(set, 0.75, 42).first.x == kept.x);
  CHECK(datasets::split_at_random(set, 0.75, 43).first.x != kept.x);
}

TEST_CASE("a random split of rows cuts one shuffle of every row at the count asked", "[unit]") {
  const auto [first, rest] = datasets::split_rows_at_random(10, 3, 42);
  CHECK(first.size() == 3);
  CHECK(rest.size() == 7);
  std::vector<Index> all(first.begin(), first.end());
  all.insert(all.end(), rest.begin(), rest.end());
  std::sort(all.begin(), all.end());
  for (std::size_t k = 0; k < all.size(); ++k) CHECK(all[k] == static_cast<Index>(k));
  CHECK(datasets::split_rows_at_random(10, 3, 42).first == first);
  CHECK(datasets::split_rows_at_random(10, 3, 43).first != first);
}

TEST_CASE("a one-hot batch holds samples as columns and their labels as ones", "[unit]") {
  const auto [input, target] = datasets::one_hot_batch(numbered(5), 4, "record.samples");
  CHECK(input.rows() == 2);
  CHECK(input.cols() == 4);
  CHECK(input(1, 3) == 30);
  CHECK(target.rows() == 3);
  CHECK(target.col(3).sum() == 1);
  CHECK(target(0, 3) == 1);  // label 3 mod 3
  CHECK(datasets::one_hot_batch(numbered(5), 0, "k").first.cols() == 0);
  CHECK_THROWS_WITH(datasets::one_hot_batch(numbered(5), 9, "gdu.samples"),
                    Contains("key 'gdu.samples' = '9'"));
}
