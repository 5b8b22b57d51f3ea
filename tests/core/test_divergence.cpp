// Divergence: the first non-finite parameter, gradient or signal of a model
// is named; a finite loss costs nothing; a non-finite one names the model's
// variable, or itself.

#include <catch2/catch.hpp>
#include <limits>

#include "core/divergence.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

class TwoParameters final : public core::Model<float> {
 public:
  std::string family() const override { return "test"; }
  core::ParameterList<float> parameter_refs() override {
    return {core::parameter_ref("layer1/W", w, grad_w, core::units::one), core::parameter_ref("layer1/b", b, grad_b, core::units::one)};
  }
  std::vector<core::Probe<float>> probes() const override {
    return {{"layer1/u", "", [this] { return ConstMatrixMap<float>(u.data(), u.rows(), u.cols()); }}};
  }
  MatrixF w = MatrixF::Zero(2, 3), grad_w = MatrixF::Zero(2, 3), u = MatrixF::Zero(2, 4);
  VectorF b = VectorF::Zero(2), grad_b = VectorF::Zero(2);
};

const auto at = [] { return std::string("test step 7"); };
constexpr float not_a_number = std::numeric_limits<float>::quiet_NaN();
constexpr float inf = std::numeric_limits<float>::infinity();

}  // namespace

TEST_CASE("divergence: the first non-finite value of a model is named", "[unit]") {
  TwoParameters model;
  CHECK(core::first_non_finite(model).empty());
  core::require_finite(model, "student", at);
  model.u(1, 2) = inf;
  CHECK(core::first_non_finite(model) == "signal layer1/u[5] = inf");
  model.grad_b(1) = not_a_number;
  CHECK(core::first_non_finite(model) == "gradient of layer1/b[1] = nan");
  model.w(0, 1) = -inf;
  CHECK(core::first_non_finite(model) == "parameter layer1/W[2] = -inf");
  CHECK_THROWS_WITH(core::require_finite(model, "student", at),
                    "diverged at test step 7: student: parameter layer1/W[2] = -inf");
}

TEST_CASE("divergence: a loss names the model's variable, or itself", "[unit]") {
  TwoParameters model;
  int asked = 0;
  const auto counted = [&] {
    ++asked;
    return std::string("test step 7");
  };
  core::require_finite_loss(0.5, model, "", "loss", counted);
  CHECK(asked == 0);  // where() is built only on failure
  try {
    core::require_finite_loss(std::numeric_limits<double>::infinity(), model, "", "loss", counted);
    FAIL("no divergence");
  } catch (const core::Diverged& e) {
    CHECK(e.where() == "test step 7: loss = inf");
  }
  model.b(0) = not_a_number;
  CHECK_THROWS_WITH(core::require_finite_loss(not_a_number, model, "gle", "loss", at),
                    "diverged at test step 7: gle: parameter layer1/b[0] = nan");
  CHECK_THROWS_AS(core::require_finite(not_a_number, "x", at), core::Diverged);
  CHECK_THROWS_AS(core::require_finite(not_a_number, "x", at), Error);  // any Error handler sees it
}
