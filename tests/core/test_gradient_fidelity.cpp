// Gradient fidelity between two gradient sets: the measures on vectors with
// known answers, zero gradients, matching by name, and errors.

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/gradient_fidelity.h"
#include "core/gradient_sum.h"

using namespace prospect;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Named gradient vectors; the values are never read.
template <typename Scalar>
struct Gradients {
  std::vector<std::string> names;
  std::vector<Vector<Scalar>> values, gradients;

  Gradients& add(const std::string& name, std::vector<double> entries) {
    names.push_back(name);
    gradients.push_back(Eigen::Map<const VectorD>(entries.data(), static_cast<Index>(entries.size()))
                            .cast<Scalar>());
    values.push_back(Vector<Scalar>::Zero(gradients.back().size()));
    return *this;
  }
  core::ParameterList<Scalar> list() {
    core::ParameterList<Scalar> refs;
    for (std::size_t i = 0; i < names.size(); ++i) {
      refs.push_back(core::parameter_ref(names[i], values[i], gradients[i], core::units::one));
    }
    return refs;
  }
};

core::TensorFidelity compare_one(std::vector<double> reference, std::vector<double> candidate) {
  Gradients<double> r, c;
  r.add("w", std::move(reference));
  c.add("w", std::move(candidate));
  const auto report = core::gradient_fidelity(r.list(), c.list(), "test");
  REQUIRE(report.tensors.size() == 1);
  return report.tensors[0];
}

constexpr double infinity = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("fidelity of identical gradients is perfect, zero entries count as not both nonzero", "[unit]") {
  const auto f = compare_one({1, -2, 0, 3}, {1, -2, 0, 3});
  CHECK(f.numel == 4);
  CHECK_THAT(f.cosine, WithinAbs(1, 1e-15));
  CHECK(f.norm_ratio == 1);
  CHECK(f.abs_log10_norm_ratio == 0);
  CHECK(f.relative_error == 0);
  CHECK(f.sign_agreement == 1);
  CHECK(f.both_nonzero_fraction == 0.75);
  CHECK_THAT(f.reference_norm, WithinRel(std::sqrt(14.0), 1e-15));
}

TEST_CASE("fidelity measures on vectors with known answers", "[unit]") {
  SECTION("45 degrees apart") {
    const auto f = compare_one({1, 0, 0}, {1, 1, 0});
    CHECK_THAT(f.cosine, WithinRel(1 / std::sqrt(2.0), 1e-14));
    CHECK_THAT(f.norm_ratio, WithinRel(std::sqrt(2.0), 1e-14));
    CHECK_THAT(f.abs_log10_norm_ratio, WithinRel(std::log10(std::sqrt(2.0)), 1e-14));
    CHECK_THAT(f.relative_error, WithinRel(1 / std::sqrt(2.0), 1e-14));
    CHECK(f.sign_agreement == 1);
    CHECK_THAT(f.both_nonzero_fraction, WithinRel(1.0 / 3, 1e-15));
  }
  SECTION("opposite") {
    const auto f = compare_one({1, -2}, {-1, 2});
    CHECK_THAT(f.cosine, WithinAbs(-1, 1e-15));
    CHECK_THAT(f.relative_error, WithinAbs(2, 1e-15));
    CHECK(f.sign_agreement == 0);
    CHECK(f.both_nonzero_fraction == 1);
  }
  SECTION("ten times shorter, same direction") {
    const auto f = compare_one({10, -20, 30}, {1, -2, 3});
    CHECK_THAT(f.cosine, WithinAbs(1, 1e-15));
    CHECK_THAT(f.norm_ratio, WithinRel(0.1, 1e-14));
    CHECK_THAT(f.abs_log10_norm_ratio, WithinRel(1, 1e-14));
    CHECK_THAT(f.relative_error, WithinRel(0.9, 1e-14));
  }
  SECTION("half the signs agree") {
    const auto f = compare_one({1, 1, 1, 1, 1}, {1, -1, 2, -2, 0});
    CHECK(f.sign_agreement == 0.5);
    CHECK(f.both_nonzero_fraction == 0.8);
  }
}

TEST_CASE("zero gradients give the documented values, never NaN", "[unit]") {
  SECTION("both zero") {
    const auto f = compare_one({0, 0}, {0, 0});
    CHECK(f.cosine == 1);
    CHECK(f.norm_ratio == 1);
    CHECK(f.abs_log10_norm_ratio == 0);
    CHECK(f.relative_error == 0);
    CHECK(f.sign_agreement == 1);
    CHECK(f.both_nonzero_fraction == 0);
  }
  SECTION("reference zero") {
    const auto f = compare_one({0, 0}, {0, 2});
    CHECK(f.cosine == 0);
    CHECK(f.norm_ratio == infinity);
    CHECK(f.abs_log10_norm_ratio == infinity);
    CHECK(f.relative_error == 1);
    CHECK(f.sign_agreement == 1);
  }
  SECTION("candidate zero") {
    const auto f = compare_one({1, 0}, {0, 0});
    CHECK(f.cosine == 0);
    CHECK(f.norm_ratio == 0);
    CHECK(f.abs_log10_norm_ratio == infinity);
    CHECK(f.relative_error == 1);
  }
  SECTION("an empty tensor") {
    const auto f = compare_one({}, {});
    CHECK(f.numel == 0);
    CHECK(f.cosine == 1);
    CHECK(f.both_nonzero_fraction == 0);
  }
}

TEST_CASE("over all tensors: flattened measures and the numel-weighted mean cosine", "[unit]") {
  Gradients<float> reference;
  reference.add("layer1/W", {1, 2, 3}).add("layer1/b", {1});
  Gradients<double> candidate;  // another order and scalar type: matched by name
  candidate.add("layer1/b", {-1}).add("layer1/W", {1, 2, 3});
  const auto report = core::gradient_fidelity(reference.list(), candidate.list(), "test");
  REQUIRE(report.tensors.size() == 2);
  CHECK(report.tensors[0].name == "layer1/W");  // the reference's order
  CHECK_THAT(report.tensors[0].cosine, WithinAbs(1, 1e-12));
  CHECK_THAT(report.tensors[1].cosine, WithinAbs(-1, 1e-12));
  CHECK_THAT(report.weighted_cosine, WithinAbs((3.0 - 1.0) / 4, 1e-12));
  // Flattened: r = (1, 2, 3, 1), c = (1, 2, 3, -1): ⟨r, c⟩ = 13, ‖r‖² = ‖c‖² = 15.
  CHECK(report.all.name == "all");
  CHECK(report.all.numel == 4);
  CHECK_THAT(report.all.cosine, WithinRel(13.0 / 15, 1e-12));
  CHECK_THAT(report.all.norm_ratio, WithinRel(1, 1e-12));
  CHECK_THAT(report.all.relative_error, WithinRel(2 / std::sqrt(15.0), 1e-12));
  CHECK(report.all.sign_agreement == 0.75);
}

TEST_CASE("fidelity in float agrees with double", "[unit]") {
  Gradients<float> rf, cf;
  Gradients<double> rd, cd;
  rf.add("w", {0.3, -1.2, 2.5});
  cf.add("w", {0.25, -1.0, 2.9});
  rd.add("w", {0.3, -1.2, 2.5});
  cd.add("w", {0.25, -1.0, 2.9});  // cosine 0.9931
  const auto f = core::gradient_fidelity(rf.list(), cf.list(), "float");
  const auto d = core::gradient_fidelity(rd.list(), cd.list(), "double");
  CHECK_THAT(f.all.cosine, WithinRel(d.all.cosine, 1e-6));
  CHECK_THAT(f.all.norm_ratio, WithinRel(d.all.norm_ratio, 1e-6));
  CHECK(d.all.cosine < 0.995);  // a comparison that is not trivially 1
}

TEST_CASE("fidelity errors name the comparison and the tensor", "[unit]") {
  Gradients<double> reference, candidate;
  reference.add("layer1/W", {1, 2});
  SECTION("missing tensor") {
    candidate.add("layer2/W", {1, 2});
    CHECK_THROWS_WITH(core::gradient_fidelity(reference.list(), candidate.list(), "gle_vs_am"),
                      Contains("'gle_vs_am': the candidate has no parameter 'layer1/W'"));
  }
  SECTION("different sizes") {
    candidate.add("layer1/W", {1, 2, 3});
    CHECK_THROWS_WITH(core::gradient_fidelity(reference.list(), candidate.list(), "gle_vs_am"),
                      Contains("parameter 'layer1/W' has 2 entries in the reference, 3 in the candidate"));
  }
  SECTION("different counts") {
    candidate.add("layer1/W", {1, 2}).add("layer1/b", {1});
    CHECK_THROWS_WITH(core::gradient_fidelity(reference.list(), candidate.list(), "gle_vs_am"),
                      Contains("the reference has 1 parameter tensors, the candidate 2"));
  }
  SECTION("non-finite entry") {
    candidate.add("layer1/W", {1, std::nan("")});
    CHECK_THROWS_WITH(core::gradient_fidelity(reference.list(), candidate.list(), "gle_vs_am"),
                      Contains("the candidate gradient of 'layer1/W' is not finite at entry 1"));
  }
  SECTION("nothing to compare") {
    CHECK_THROWS_WITH(core::gradient_fidelity(candidate.list(), candidate.list(), "gle_vs_am"),
                      Contains("no parameters to compare"));
  }
}

TEST_CASE("a gradient sum integrates a model's gradients over steps", "[unit]") {
  Gradients<float> model;
  model.add("layer1/W", {1, -2}).add("layer1/tau_m", {0.5});
  core::GradientSum<float> sum(model.list());
  sum.add(0.1);
  model.gradients[0] << 3, 4;
  sum.add(0.1);
  REQUIRE(sum.sums().size() == 2);
  CHECK(sum.terms() == 2);
  CHECK(sum.sums()[0].name == "layer1/W");
  CHECK(sum.sums()[1].size == 1);
  CHECK_THAT(sum.sums()[0].gradient[0], WithinAbs(0.4, 1e-7));
  CHECK_THAT(sum.sums()[0].gradient[1], WithinAbs(0.2, 1e-7));
  CHECK_THAT(sum.sums()[1].gradient[0], WithinAbs(0.1, 1e-7));
  core::GradientSum<float> moved = std::move(sum);  // views stay valid
  moved.clear();
  CHECK(moved.terms() == 0);
  CHECK(moved.sums()[0].gradient[0] == 0);
  moved.add(1);
  CHECK(moved.sums()[0].gradient[1] == 4);
}
