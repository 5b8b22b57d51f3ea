#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "core/optimizer.h"

using namespace prospect;
using Catch::Matchers::WithinAbs;

namespace {

struct OneParameter {
  VectorF value = VectorF::Constant(2, 1.0f);
  VectorF gradient = VectorF::Constant(2, 0.5f);
  core::ParameterList<float> list(double rate_scale = 1) {
    auto ref = core::parameter_ref("p", value, gradient);
    ref.rate_scale = rate_scale;
    return {ref};
  }
};

}  // namespace

TEST_CASE("SGD with momentum follows PyTorch's heavy ball", "[unit]") {
  OneParameter p;
  core::Sgd<float> sgd(p.list(), 0.1, 0.9);
  sgd.step();  // v = g = 0.5, value = 1 - 0.05
  CHECK_THAT(p.value(0), WithinAbs(0.95, 1e-7));
  p.gradient.setConstant(1.0f);
  sgd.step();  // v = 0.9 * 0.5 + 1 = 1.45, value = 0.95 - 0.145
  CHECK_THAT(p.value(0), WithinAbs(0.805, 1e-6));
}

TEST_CASE("SGD with momentum resumes exactly from its saved state", "[unit]") {
  OneParameter a, b;
  core::Sgd<float> first(a.list(), 0.1, 0.9);
  first.step();
  core::Sgd<float> second(b.list(), 0.1, 0.9);
  b.value = a.value;
  second.restore(first.state());
  a.gradient.setConstant(-2.0f);
  b.gradient.setConstant(-2.0f);
  first.step();
  second.step();
  CHECK(a.value == b.value);
  core::Sgd<float> plain(b.list(), 0.1);
  CHECK_THROWS_WITH(plain.restore(first.state()), Catch::Contains("keeps no state"));
}

TEST_CASE("a parameter's rate scale multiplies the learning rate", "[unit]") {
  OneParameter scaled, plain;
  core::Sgd<float> sgd_scaled(scaled.list(0.5), 0.2);
  core::Sgd<float> sgd_plain(plain.list(), 0.1);
  sgd_scaled.step();
  sgd_plain.step();
  CHECK(scaled.value == plain.value);
  core::Adam<float> adam_scaled(scaled.list(0.5), 0.2);
  core::Adam<float> adam_plain(plain.list(), 0.1);
  adam_scaled.step();
  adam_plain.step();
  CHECK(scaled.value == plain.value);
}

TEST_CASE("momentum below 0 or from 1 up is an error naming it", "[unit]") {
  OneParameter p;
  CHECK_THROWS_WITH(core::Sgd<float>(p.list(), 0.1, 1.0), Catch::Contains("momentum 1"));
}

namespace {

// A 50-entry parameter whose gradient is non-zero only on a support that
// moves from step to step (as a top-K synapse row does).
struct SparseParameter {
  VectorF value = VectorF::LinSpaced(50, -1.0f, 1.0f);
  VectorF gradient = VectorF::Zero(50);
  std::vector<Index> support;
  core::ParameterList<float> list(bool sparse) {
    auto ref = core::parameter_ref("p", value, gradient);
    if (sparse) ref.gradient_support = &support;
    return {ref};
  }
  // Step k's gradient: support {k, k+3, ..., k+21} (entries leave and enter).
  void set_step(int k) {
    gradient.setZero();
    support.clear();
    for (Index i = k; i < k + 24; i += 3) {
      support.push_back(i);
      gradient(i) = 0.1f * static_cast<float>(std::sin(1.3 * static_cast<double>(i + 7 * k)));
    }
  }
};

// Sparse and dense agree to the last bits of a square root (Eigen's
// vectorised one is not correctly rounded); entries never in the support are
// untouched by both.
bool same_update(const VectorF& sparse, const VectorF& dense) {
  return (sparse - dense).cwiseAbs().maxCoeff() <= 4e-7f &&
         sparse.tail(9) == dense.tail(9) && sparse(0) == dense(0);
}

template <typename Make>
void check_sparse_equals_dense(Make make) {
  SparseParameter dense, sparse;
  const VectorF initial = dense.value;
  auto dense_optimizer = make(dense.list(false));
  auto sparse_optimizer = make(sparse.list(true));
  std::vector<float> entry1;  // in the support at step 1 only
  for (int k = 0; k < 20; ++k) {
    dense.set_step(k);
    sparse.set_step(k);
    dense_optimizer->step();
    sparse_optimizer->step();
    REQUIRE(same_update(sparse.value, dense.value));
    entry1.push_back(dense.value(1));
  }
  // Entries that left the support keep moving on their momentum.
  CHECK(entry1[0] == initial(1));
  CHECK(entry1[2] != entry1[1]);
  CHECK(entry1[3] != entry1[2]);
  // A restored sparse optimizer finds its entries again from the saved state.
  SparseParameter resumed = sparse;
  auto resumed_optimizer = make(resumed.list(true));
  resumed_optimizer->restore(sparse_optimizer->state());
  for (int k = 20; k < 25; ++k) {
    for (auto* p : {&dense, &resumed}) p->set_step(k);
    dense_optimizer->step();
    resumed_optimizer->step();
  }
  CHECK(same_update(resumed.value, dense.value));
}

}  // namespace

TEST_CASE("a gradient support gives the dense update on a sparse gradient", "[unit]") {
  SECTION("Adam") {
    check_sparse_equals_dense([](core::ParameterList<float> list) {
      return std::make_unique<core::Adam<float>>(std::move(list), 0.01);
    });
  }
  SECTION("SGD with momentum") {
    check_sparse_equals_dense([](core::ParameterList<float> list) {
      return std::make_unique<core::Sgd<float>>(std::move(list), 0.1, 0.9);
    });
  }
}
