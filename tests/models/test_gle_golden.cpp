// The reference scheme reproduces trajectories of the published GLE code
// (tests/data/golden_*.h5: slices of the published code's trajectories, docs/gle.md §2.1).

#include <catch2/catch.hpp>
#include <cmath>

#include "core/h5_file.h"
#include "core/optimizer.h"
#include "models/gle/reference_scheme.h"

using namespace prospect;

namespace {

const std::string data_dir = PROSPECT_TEST_DATA;

gle::NetworkSpec chain_spec(std::vector<double> tau_m, bool prospective_errors) {
  gle::NetworkSpec spec;
  spec.input_size = 1;
  for (const double tau : tau_m) {
    spec.layers.push_back({.size = 1, .activation = core::Activation::softplus,
                           .tau_m = {tau}, .tau_r = {0.1}, .bias = false});
  }
  spec.gamma = 1.0;
  spec.beta = 0.01;
  spec.loss = core::Loss::mse;
  spec.prospective_errors = prospective_errors;
  return spec;
}

// Row `step` of a (steps × batch) golden dataset as a 1 × batch matrix.
MatrixF frame(const core::H5Array<float>& array, long step) {
  const auto batch = static_cast<Index>(array.shape[1]);
  return Eigen::Map<const MatrixF>(array.data.data() + step * batch, 1, batch);
}

}  // namespace

TEST_CASE("reference scheme reproduces the golden teacher-student chain", "[golden]") {
  const core::H5Reader golden(data_dir + "/golden_chain.h5");
  const double dt = golden.double_attribute("/", "dt");
  const auto input = golden.read_float("input");
  const long steps = static_cast<long>(input.shape[0]);
  const long learning_from = static_cast<long>(golden.double_attribute("/", "n_init"));

  gle::Parameters<float> teacher_parameters(chain_spec({1.0, 2.0}, false));
  teacher_parameters.layer(0).weights(0, 0) = 1.0f;
  teacher_parameters.layer(1).weights(0, 0) = 2.0f;
  gle::Parameters<float> student_parameters(chain_spec({0.5, 0.8}, true));
  student_parameters.layer(0).weights(0, 0) = 0.3f;
  student_parameters.layer(1).weights(0, 0) = 0.7f;

  const Index batch = static_cast<Index>(input.shape[1]);
  gle::ReferenceScheme<float> teacher(teacher_parameters, batch);
  teacher.set_gradients(false);
  gle::ReferenceScheme<float> student(student_parameters, batch);
  core::Adam<float> adam(student_parameters.trainable({.weights = true, .biases = false,
                                                        .tau_m = true, .tau_r = false,
                                                        .layers = {}}),
                         1e-4);

  struct Compared {
    const char* name;
    core::H5Array<float> golden;
    double worst = 0;
  };
  std::vector<Compared> compared;
  for (const char* name : {"target", "output", "u0", "v0", "e0", "r0", "u1", "v1", "e1", "r1",
                           "w0", "w1", "tau_m0", "tau_m1"}) {
    compared.push_back({name, golden.read_float(name)});
  }
  const auto ours = [&](const std::string& name, const MatrixF& target) -> MatrixF {
    if (name == "target") return target;
    if (name == "output") return student.output();
    const Index layer = name.back() - '0';
    const std::string stem = name.substr(0, name.size() - 1);
    if (stem == "w") return student_parameters.layer(layer).weights;
    if (stem == "tau_m") return student_parameters.layer(layer).tau_m;
    const gle::Signal signal = stem == "u"   ? gle::Signal::u
                               : stem == "v" ? gle::Signal::v
                               : stem == "e" ? gle::Signal::e
                                             : gle::Signal::r;
    return student.signal(layer, signal);
  };

  for (long step = 0; step < steps; ++step) {
    const MatrixF x = frame(input, step);
    teacher.step({.input_begin = &x}, static_cast<double>(step) * dt, dt);
    const MatrixF target = teacher.output();
    student.step({.input_begin = &x, .target_begin = &target}, static_cast<double>(step) * dt,
                 dt);
    if (step >= learning_from) adam.step();
    student_parameters.clamp_time_constants(10 * dt);
    for (auto& c : compared) {
      const MatrixF value = ours(c.name, target);
      const Index width = value.size();
      const Eigen::Map<const MatrixF> expected(c.golden.data.data() + step * width, 1, width);
      const double error =
          (value.reshaped().transpose() - expected).cwiseAbs().maxCoeff();
      c.worst = std::max(c.worst, error);
    }
  }
  for (const auto& c : compared) {
    INFO(c.name << ": max abs error over " << steps << " steps = " << c.worst);
    CHECK(c.worst <= 1e-5);
  }
}

TEST_CASE("reference scheme reproduces the golden MNIST-1D network", "[golden]") {
  const core::H5Reader golden(data_dir + "/golden_mnist1d.h5");
  const double dt = golden.double_attribute("/", "dt");
  const MatrixF tau_m = core::read_matrix(golden, "tau_m");
  const MatrixF tau_r = core::read_matrix(golden, "tau_r");

  gle::NetworkSpec spec;
  spec.input_size = 1;
  for (Index l = 0; l < tau_m.rows(); ++l) {
    const VectorD m = tau_m.row(l).transpose().cast<double>();
    const VectorD r = tau_r.row(l).transpose().cast<double>();
    spec.layers.push_back({.size = tau_m.cols(),
                           .activation = l == 0 ? core::Activation::linear : core::Activation::tanh,
                           .tau_m = {m.data(), m.data() + m.size()},
                           .tau_r = {r.data(), r.data() + r.size()},
                           .bias = true});
  }
  spec.layers.push_back({.size = 10, .activation = core::Activation::linear,
                         .tau_m = std::vector<double>(10, 1.2),
                         .tau_r = std::vector<double>(10, 1.2), .bias = true});
  spec.gamma = golden.double_attribute("/", "gamma");
  spec.beta = golden.double_attribute("/", "beta");
  spec.loss = core::Loss::cross_entropy;
  spec.validate(dt);

  gle::Parameters<float> parameters(spec);
  for (Index l = 0; l < spec.depth(); ++l) {
    const std::string prefix = "init/layer_" + std::to_string(l);
    parameters.layer(l).weights = core::read_matrix(golden, prefix + ".weight");
    parameters.layer(l).bias = core::read_matrix(golden, prefix + ".bias");
  }

  const MatrixF x = core::read_matrix(golden, "x");  // batch × steps
  const auto labels = golden.read_int("y");
  const Index batch = x.rows();
  MatrixF onehot = MatrixF::Zero(10, batch);
  for (Index b = 0; b < batch; ++b) onehot(labels.data[static_cast<std::size_t>(b)], b) = 1;

  gle::ReferenceScheme<float> network(parameters, batch);
  core::Adam<float> adam(parameters.trainable({}), golden.double_attribute("/", "lr"));
  const auto output = golden.read_float("output");  // passes × steps × batch × 10
  const long passes = static_cast<long>(output.shape[0]);
  const long steps = static_cast<long>(output.shape[1]);
  REQUIRE(steps == x.cols());

  double worst_relative = 0, worst_absolute = 0;
  MatrixF input(1, batch);
  for (long pass = 0; pass < passes; ++pass) {
    for (long step = 0; step < steps; ++step) {
      input = x.col(step).transpose();
      const long k = pass * steps + step;
      network.step({.input_begin = &input, .target_begin = &onehot}, static_cast<double>(k) * dt,
                   dt);
      adam.step();
      const Eigen::Map<const MatrixF> expected(output.data.data() + k * 10 * batch, 10, batch);
      const MatrixF ours = network.output();
      // Relative to the output's magnitude at that step: single outputs pass
      // through zero, where an element-wise ratio measures nothing.
      const double scale = expected.cwiseAbs().maxCoeff();
      const double error = (ours - expected).cwiseAbs().maxCoeff();
      worst_absolute = std::max(worst_absolute, error);
      if (scale > 0) worst_relative = std::max(worst_relative, error / scale);
    }
  }
  INFO("over " << passes * steps << " steps: max output error " << worst_absolute
                << ", relative to the output's magnitude " << worst_relative);
  CHECK(worst_relative <= 1e-3);

  for (Index l = 0; l < spec.depth(); ++l) {
    const std::string prefix = "final/layer_" + std::to_string(l);
    const double weight_error =
        (parameters.layer(l).weights - core::read_matrix(golden, prefix + ".weight"))
            .cwiseAbs().maxCoeff();
    const double bias_error =
        (parameters.layer(l).bias - core::read_matrix(golden, prefix + ".bias"))
            .cwiseAbs().maxCoeff();
    INFO("layer " << l << ": final weight error " << weight_error << ", bias error "
                  << bias_error);
    CHECK(weight_error <= 1e-4);
    CHECK(bias_error <= 1e-4);
  }
}
