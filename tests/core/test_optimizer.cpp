#include <catch2/catch.hpp>

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
