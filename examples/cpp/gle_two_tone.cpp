// A GLE teacher-student chain driven by an input of our own: two tones whose
// phases differ per sample. A student chain of two neurons learns the
// teacher's weights online from the teacher's output alone (GLE, prospective
// errors); the input, target and student output go to an HDF5 file.
//
//   gle_two_tone OUT.h5
//
// Prints the output MSE at the start and at the end of learning and the
// weights learned, which tools/check_install.sh checks.
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <numbers>
#include <vector>

#include <omp.h>

#include "core/h5_file.h"
#include "core/optimizer.h"
#include "models/gle/make_scheme.h"

namespace core = prospect::core;
namespace gle = prospect::gle;
using prospect::Index;
using prospect::MatrixF;

constexpr double dt = 0.01;
constexpr long steps = 300'000;       // 3000 time units
constexpr long record_every = 10;     // steps between recorded frames
constexpr long mse_window = 10'000;   // steps averaged for the MSE printed
constexpr Index batch = 8;
const std::vector<double> teacher_weights{1.0, 2.0};
const std::vector<double> student_weights{0.3, 0.7};

// x(t) for every sample: tones of period 3 and 0.7 time units, phase-shifted per sample.
MatrixF two_tones(double t) {
  MatrixF x(1, batch);
  for (Index i = 0; i < batch; ++i) {
    const double phase = 2 * std::numbers::pi * static_cast<double>(i) / batch;
    x(0, i) = static_cast<float>(std::sin(2 * std::numbers::pi * t / 3 + phase) +
                                 0.5 * std::sin(2 * std::numbers::pi * t / 0.7 + 2 * phase));
  }
  return x;
}

// Two neurons in a row (1 -> 1 -> 1), membrane time constants 1 and 2.
gle::NetworkSpec chain() {
  gle::NetworkSpec spec;
  spec.input_size = 1;
  spec.beta = 0.01;
  spec.gamma = 1;
  for (const double tau_m : {1.0, 2.0}) {
    spec.layers.push_back({.size = 1, .activation = core::Activation::softplus,
                           .tau_m = {tau_m}, .tau_r = {0.1}, .bias = false});
  }
  spec.validate(dt);
  return spec;
}

gle::Parameters<float> weighted(const std::vector<double>& weights) {
  gle::Parameters<float> parameters(chain());
  for (Index l = 0; l < parameters.depth(); ++l) {
    parameters.layer(l).weights(0, 0) = static_cast<float>(weights[static_cast<std::size_t>(l)]);
  }
  return parameters;
}

int run(const std::string& path) {
  omp_set_num_threads(1);  // a network this small runs fastest on one thread
  if (std::filesystem::exists(path)) {
    std::fprintf(stderr, "error: %s exists; give a new file name\n", path.c_str());
    return 1;
  }
  gle::Parameters<float> teacher_parameters = weighted(teacher_weights);
  gle::Parameters<float> student_parameters = weighted(student_weights);
  gle::ReferenceScheme<float> teacher(teacher_parameters, batch);
  gle::ReferenceScheme<float> student(student_parameters, batch);
  teacher.set_gradients(false);
  // The student learns its weights; its time constants are the teacher's.
  const gle::LearnedParameters weights_only{
      .weights = true, .biases = false, .tau_m = false, .tau_r = false, .layers = {}};
  const auto optimizer = core::make_optimizer(core::OptimizerKind::adam,
                                              student_parameters.trainable(weights_only), 1e-3);

  core::H5Writer file(path);
  file.set_attribute("/", "description", "GLE teacher-student chain driven by two tones");
  file.set_attribute("/", "dt", dt);
  const std::vector<hsize_t> frame{static_cast<hsize_t>(batch)};
  auto time = file.appendable("time", {}, core::units::time);
  auto input = file.appendable("input", frame, core::units::one);
  auto target = file.appendable("target", frame, core::units::one);
  auto output = file.appendable("student_output", frame, core::units::one);

  // The teacher runs one step ahead: the student's step from t to t + dt
  // reads the target at both ends.
  MatrixF x0 = two_tones(0), x1 = two_tones(dt), x2 = two_tones(2 * dt);
  teacher.step({.input_begin = &x0, .input_end = &x1}, 0, dt);
  MatrixF y0 = teacher.output(), y1;
  double first_mse = 0, last_mse = 0;
  for (long k = 0; k < steps; ++k) {
    const double t = static_cast<double>(k) * dt;
    teacher.step({.input_begin = &x1, .input_end = &x2}, t + dt, dt);
    y1 = teacher.output();
    student.step({.input_begin = &x0, .input_end = &x1, .target_begin = &y0, .target_end = &y1}, t, dt);
    optimizer->step();

    const double mse = (student.output() - y0).squaredNorm() / batch;
    if (k < mse_window) first_mse += mse / mse_window;
    if (k >= steps - mse_window) last_mse += mse / mse_window;
    if (k % record_every == 0) {
      const float now = static_cast<float>(t);
      time.append(&now);
      input.append(x0.data());
      target.append(y0.data());
      output.append(MatrixF(student.output()).data());
    }
    x0 = x1;
    x1 = x2;
    x2 = two_tones(t + 3 * dt);
    y0 = y1;
  }
  const std::vector<double> learned{student_parameters.layer(0).weights(0, 0),
                                    student_parameters.layer(1).weights(0, 0)};
  file.write("learned_weights", learned, core::units::one);
  file.write("teacher_weights", teacher_weights, core::units::one);
  file.close();

  std::printf("output mse, first %g time units: %.3e\n", mse_window * dt, first_mse);
  std::printf("output mse, last %g time units: %.3e\n", mse_window * dt, last_mse);
  std::printf("learned weights: %.4f %.4f (teacher %.4f %.4f)\n", learned[0], learned[1],
              teacher_weights[0], teacher_weights[1]);
  std::printf("recorded frames: %llu in %s\n", static_cast<unsigned long long>(time.frames()), path.c_str());
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.h5\n", argv[0]);
    return 2;
  }
  try {
    return run(argv[1]);
  } catch (const std::exception& error) {  // prospect's errors name the file and the reason
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
}
