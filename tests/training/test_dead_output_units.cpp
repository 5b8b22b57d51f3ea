// The dead-output-unit count of the ep task (training/dead_output_units.h): per
// class, the fraction of its images whose own unit's drive is below −β, and
// the units at or above the threshold fraction; on a learner's free states.

#include <catch2/catch.hpp>

#include "models/ep/learner.h"
#include "tests/models/ep_networks.h"
#include "tests/temporary_path.h"
#include "training/dead_output_units.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

// Labels as a set of as many samples (features unused).
datasets::LabelledSet labelled(const std::vector<int>& labels, int classes) {
  datasets::LabelledSet set;
  set.x.resize(static_cast<Index>(labels.size()), 1);
  set.y = Eigen::Map<const Eigen::VectorXi>(labels.data(), static_cast<Index>(labels.size()));
  set.classes = classes;
  return set;
}

std::vector<Index> all_rows(const datasets::LabelledSet& set) {
  std::vector<Index> rows(static_cast<std::size_t>(set.size()));
  for (Index i = 0; i < set.size(); ++i) rows[static_cast<std::size_t>(i)] = i;
  return rows;
}

}  // namespace

TEST_CASE("dead output units: own-class fractions below -beta and the count at the threshold",
          "[unit]") {
  // Classes 0, 0, 1, 1, 1, 1, 2 (class 3 has no sample); beta 0.1, threshold 0.75.
  const auto set = labelled({0, 0, 1, 1, 1, 1, 2}, 4);
  MatrixF drive = MatrixF::Constant(4, 7, -1);  // every other unit's drive is irrelevant
  drive.col(0)(0) = -0.2f;   // class 0: below
  drive.col(1)(0) = -0.1f;   // class 0: at −β, not below
  drive.col(2)(1) = -0.11f;  // class 1: three of four below
  drive.col(3)(1) = -5;
  drive.col(4)(1) = -0.3f;
  drive.col(5)(1) = 0.5f;
  drive.col(6)(2) = 0.0f;    // class 2: none below
  training::DeadOutputUnits dead(4, 0.1, 0.75);
  // Two batches: the fractions are over the whole evaluation.
  dead.add(drive.leftCols(3), set, {0, 1, 2});
  dead.add(drive.rightCols(4), set, {3, 4, 5, 6});
  CHECK(dead.end_epoch() == 1);  // class 1 at exactly 0.75
  const auto f = dead.fractions(1);
  CHECK(f[0] == 0.5);
  CHECK(f[1] == 0.75);
  CHECK(f[2] == 0);
  CHECK(std::isnan(f[3]));  // no image of class 3: undefined, and not dead
  // The next epoch starts from zero.
  dead.add(MatrixF::Zero(4, 7), set, all_rows(set));
  CHECK(dead.end_epoch() == 0);
  CHECK(dead.fractions(2)[1] == 0);
  CHECK(dead.epochs() == 2);
  CHECK_THROWS_WITH(dead.add(MatrixF::Zero(3, 7), set, all_rows(set)), Contains("3 × 7 for 4 classes"));
  CHECK_THROWS_WITH(training::DeadOutputUnits(4, 0.1, 1.5), Contains("fraction 1.5"));
}

TEST_CASE("dead output units: written per epoch and restored for a resumed run", "[unit]") {
  ScratchDirectory scratch("dead_output_units");
  const auto path = scratch.file("run.h5");
  const auto set = labelled({0, 1, 1}, 2);
  training::DeadOutputUnits dead(2, 0.1, 0.95);
  for (const float d : {-1.0f, 1.0f, -1.0f}) {
    dead.add(MatrixF::Constant(2, 3, d), set, all_rows(set));
    dead.end_epoch();
  }
  {
    core::H5Writer file(path);
    dead.write(file);
    file.close();
  }
  const core::H5Reader file(path);
  CHECK(file.read_double("metrics/epoch/dead_output_units").data == std::vector<double>{2, 0, 2});
  CHECK(file.shape("metrics/epoch/own_class_drive_below_beta") == std::vector<hsize_t>{3, 2});
  CHECK(file.double_attribute("metrics/epoch/dead_output_units", "fraction") == 0.95);
  training::DeadOutputUnits resumed(2, 0.1, 0.95);
  resumed.restore(file, 2);
  CHECK(resumed.epochs() == 2);
  CHECK(resumed.count(2) == 0);
  CHECK(resumed.fractions(1) == std::vector<double>{1, 1});
  CHECK_THROWS_WITH(resumed.restore(file, 4), Contains("has 3 epochs, the checkpoint 4"));
}

TEST_CASE("dead output units: an output unit forced off is counted, and only it", "[unit]") {
  using namespace prospect::ep;
  const auto [input, target] = testing::random_batch<float>(6, 3, 60, 31);
  std::vector<int> labels;
  for (Index j = 0; j < target.cols(); ++j) {
    Index c = 0;
    target.col(j).maxCoeff(&c);
    labels.push_back(static_cast<int>(c));
  }
  const auto set = labelled(labels, 3);
  const auto run = [&](Network<float> network) {
    Learner learner(std::move(network), LearnerSettings{});
    learner.evaluate(input, target);
    training::DeadOutputUnits dead(3, 0.1, 0.95);
    dead.add(learner.free_output_drive(), set, all_rows(set));
    const long count = dead.end_epoch();
    return std::pair{count, dead.fractions(1)};
  };
  // EP-MLP: output biases far above −β, except unit 1's far below.
  auto mlp = testing::small_network<float>(Variant::ep_mlp);
  auto& bias = mlp.pathway("layer3").bias;
  bias.setConstant(100);
  bias(1) = -100;
  const auto [count, fractions] = run(mlp);
  CHECK(count == 1);
  CHECK(fractions == std::vector<double>{0, 1, 0});
  // DEP: every branch of output unit 1 off gives it drive 0 (a mean of
  // ReLUs is never negative): by this definition no DEP unit is dead.
  auto dep = testing::small_network<float>(Variant::dep);
  auto& branches = dep.pathway("layer3/basal");
  branches.bias.setConstant(100);
  for (Index k = 0; k < branches.branches; ++k) branches.bias(k * 3 + 1) = -100;
  const auto [dep_count, dep_fractions] = run(dep);
  CHECK(dep_count == 0);
  CHECK(dep_fractions == std::vector<double>{0, 0, 0});
}
