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
    auto ref = core::parameter_ref("p", value, gradient, core::units::one);
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
    auto ref = core::parameter_ref("p", value, gradient, core::units::one);
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

// Sparse and dense run the same update of each entry (with a correctly
// rounded square root), the sparse one skipping the entries never in the
// support; they agree to the last bits of a multiply-add, which the compiler
// may fuse in one loop and not in the other (it does so under the sanitizers),
// and entries never in the support up to step k (above k + 21, and entry 0,
// whose only gradient is 0) are untouched by both.
bool same_update(const VectorF& sparse, const VectorF& dense, int k) {
  const Index untouched = sparse.size() - (k + 22);
  return (sparse - dense).cwiseAbs().maxCoeff() <= 4e-7f &&
         sparse.tail(untouched) == dense.tail(untouched) && sparse(0) == dense(0);
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
    REQUIRE(same_update(sparse.value, dense.value, k));
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
  CHECK(same_update(resumed.value, dense.value, 24));
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

TEST_CASE("Adam resumes exactly from its saved state", "[unit]") {
  VectorF a = VectorF::LinSpaced(5, -1, 1), b = a;
  VectorF gradient(5);
  const auto make = [&](VectorF& value) {
    return core::Adam<float>({core::parameter_ref("x", value, gradient, core::units::one)}, 0.01);
  };
  auto straight = make(a);
  auto first = make(b);
  for (int i = 0; i < 3; ++i) {
    gradient = a.array().square() - 0.3f;
    straight.step();
    gradient = b.array().square() - 0.3f;
    first.step();
  }
  auto second = make(b);
  second.restore(first.state());
  for (int i = 0; i < 3; ++i) {
    gradient = a.array().square() - 0.3f;
    straight.step();
    gradient = b.array().square() - 0.3f;
    second.step();
  }
  CHECK(a == b);
  auto wrong = core::Adam<float>({}, 0.01);
  CHECK_THROWS_WITH(wrong.restore(first.state()), Catch::Matchers::Contains("moment buffers"));
}

// ReduceLROnPlateau in PyTorch (mode "min", threshold_mode "rel", no
// cooldown): a metric improves if it is below best · (1 − threshold); after
// more than `patience` epochs without improvement the rate is multiplied by
// `factor` (not below min_lr) and the count starts again; a reduction of at
// most eps = 1e-8 is skipped.
TEST_CASE("plateau scheduler: patience counts epochs without improvement", "[unit]") {
  core::PlateauScheduler scheduler(0.5, 2);
  double lr = 1;
  lr = scheduler.update(1.0, lr);  // first epoch: an improvement over +inf
  CHECK(lr == 1);
  lr = scheduler.update(1.0, lr);  // 1 bad epoch
  lr = scheduler.update(1.5, lr);  // 2
  CHECK(lr == 1);
  lr = scheduler.update(1.0, lr);  // 3 > patience: reduced, count restarts
  CHECK(lr == 0.5);
  lr = scheduler.update(1.0, lr);
  lr = scheduler.update(1.0, lr);
  CHECK(lr == 0.5);
  lr = scheduler.update(0.5, lr);  // an improvement resets the count
  lr = scheduler.update(0.5, lr);
  lr = scheduler.update(0.5, lr);
  CHECK(lr == 0.5);
  lr = scheduler.update(0.5, lr);
  CHECK(lr == 0.25);
}

TEST_CASE("plateau scheduler: improvements are relative to the threshold", "[unit]") {
  core::PlateauScheduler scheduler(0.1, 0, 1e-2);  // patience 0: every bad epoch reduces
  double lr = 1;
  lr = scheduler.update(100, lr);
  lr = scheduler.update(99.5, lr);  // not below 100 · 0.99 = 99: no improvement
  CHECK(lr == Approx(0.1));
  lr = scheduler.update(98.9, lr);  // below 99: the best is now 98.9
  CHECK(lr == Approx(0.1));
  lr = scheduler.update(98.0, lr);  // not below 98.9 · 0.99 = 97.911
  CHECK(lr == Approx(0.01));
}

TEST_CASE("plateau scheduler: min_lr bounds the rate, reductions within eps are skipped", "[unit]") {
  core::PlateauScheduler floored(0.1, 0, 1e-4, 0.05);
  floored.update(1, 0.1);
  CHECK(floored.update(1, 0.1) == 0.05);
  CHECK(floored.update(1, 0.05) == 0.05);

  core::PlateauScheduler tiny(0.5, 0);
  tiny.update(1, 3e-8);
  CHECK(tiny.update(1, 3e-8) == Approx(1.5e-8).epsilon(1e-12));  // a reduction by 1.5e-8 > eps
  CHECK(tiny.update(1, 1.5e-8) == 1.5e-8);                         // by 7.5e-9 <= eps: kept
}

TEST_CASE("plateau scheduler: a restored state continues as the original", "[unit]") {
  core::PlateauScheduler original(0.5, 1);
  double lr = 1;
  for (const double metric : {3.0, 2.0, 2.5}) lr = original.update(metric, lr);
  core::PlateauScheduler restored(0.5, 1);
  restored.restore(original.state());
  CHECK(restored.state().best == 2.0);
  CHECK(restored.state().bad_epochs == 1);
  double lr_restored = lr;
  for (const double metric : {2.5, 1.0, 1.5, 1.5}) {
    lr = original.update(metric, lr);
    lr_restored = restored.update(metric, lr_restored);
    CHECK(lr_restored == lr);
  }
  CHECK(lr == 0.25);
}
