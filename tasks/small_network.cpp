#include "tasks/small_network.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <optional>

#include "core/divergence.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "core/output.h"
#include "core/recorded_spectrum.h"
#include "core/recorder.h"
#include "core/spectral.h"
#include "models/gle/adjoint.h"
#include "models/gle/ode_scheme.h"
#include "models/gle/options.h"
#include "runs/model_recording.h"
#include "runs/run_file.h"
#include "training/teacher_student.h"
#include "training/window_fidelity.h"

namespace prospect::tasks {
namespace {

constexpr double degree = std::numbers::pi / 180;
constexpr Index hidden = 2;  // per hidden layer: neuron 0 instantaneous, neuron 1 retrospective
const char* const neuron_names[hidden] = {"instantaneous", "retrospective"};

struct Settings {
  double dt, gle_lr, am_lr;
  long train_steps, am_window;  // [steps]
  std::vector<double> omegas;
  double amplitude;
  gle::NetworkSpec teacher, student;
  std::vector<double> teacher_w[3], student_w1;
  long spectrum_settle, spectrum_tail;  // [steps]
  long spectrum_steps, record_every;
  double power_fraction, phase_tolerance, weight_tolerance;
};

// Weights of a layer, row-major, with as many values as the layer has.
std::vector<double> weights(const core::Options& o, const std::string& key, Index rows, Index cols) {
  auto values = o.reals(key);
  if (static_cast<Index>(values.size()) != rows * cols) {
    core::fail_value(key, o.text(key),
                     "expected " + std::to_string(rows * cols) + " weights (" + std::to_string(rows) +
                         " × " + std::to_string(cols) + ", row-major)");
  }
  return values;
}

Settings parse(const core::Options& o) {
  Settings s;
  s.dt = o.positive("integrator.dt");
  s.train_steps = o.steps("time.train", s.dt);
  s.am_window = o.steps("am.window", s.dt);
  s.gle_lr = o.positive("gle.lr");
  s.am_lr = o.positive("am.lr");
  s.omegas = o.reals("input.omega");
  if (s.omegas.empty()) core::fail_value("input.omega", o.text("input.omega"), "expected frequencies");
  for (const double omega : s.omegas) {
    if (!(omega > 0)) core::fail_value("input.omega", o.text("input.omega"), "every frequency must be > 0");
  }
  s.amplitude = o.positive("input.amplitude");

  gle::NetworkSpec spec;
  spec.input_size = 1;
  const auto activation = core::parse(core::kActivationNames, "network.activation", o.text("network.activation"));
  const auto output_activation =
      core::parse(core::kActivationNames, "network.output_activation", o.text("network.output_activation"));
  const gle::LayerSpec hidden_layer{.size = hidden, .activation = activation,
                                    .tau_m = o.reals("network.tau_m"), .tau_r = o.reals("network.tau_r"),
                                    .bias = false};
  for (const char* key : {"network.tau_m", "network.tau_r"}) {
    if (o.reals(key).size() != hidden) {
      core::fail_value(key, o.text(key), "expected 2 values: the instantaneous and the retrospective neuron");
    }
  }
  spec.layers = {hidden_layer, hidden_layer,
                 {.size = 1, .activation = output_activation, .tau_m = {o.positive("network.output_tau_m")},
                  .tau_r = {o.positive("network.output_tau_r")}, .bias = false}};
  spec.gamma = o.non_negative("network.gamma");
  spec.beta = o.positive("network.beta");
  spec.loss = core::Loss::mse;
  spec.validate(s.dt);
  s.student = spec;
  spec.prospective_errors = false;
  s.teacher = spec;

  s.teacher_w[0] = weights(o, "teacher.w1", hidden, 1);
  s.teacher_w[1] = weights(o, "teacher.w2", hidden, hidden);
  s.teacher_w[2] = weights(o, "teacher.w3", 1, hidden);
  s.student_w1 = weights(o, "student.w1", hidden, 1);
  s.spectrum_settle = o.steps("spectra.settle", s.dt, 0);
  s.spectrum_tail = o.steps("spectra.tail", s.dt, 0);
  s.spectrum_steps = o.positive_integer("spectra.steps");
  if (s.spectrum_steps < core::cross_spectrum_min_samples) {
    core::fail_value("spectra.steps", o.text("spectra.steps"),
                     "expected >= " + std::to_string(core::cross_spectrum_min_samples));
  }
  s.record_every = o.positive_integer("record.every");
  s.power_fraction = o.positive("spectra.power_fraction");
  if (s.power_fraction > 1) core::fail_value("spectra.power_fraction", o.text("spectra.power_fraction"), "expected <= 1");
  s.phase_tolerance = o.positive("summary.phase_tolerance");
  s.weight_tolerance = o.positive("summary.weight_tolerance");
  return s;
}

gle::Parameters<float> network(const gle::NetworkSpec& spec, const std::vector<double> (&w)[3]) {
  gle::Parameters<float> p(spec);
  for (Index l = 0; l < 3; ++l) {
    auto& matrix = p.layer(l).weights;
    const auto& values = w[l];
    for (Index i = 0; i < matrix.rows(); ++i) {
      for (Index j = 0; j < matrix.cols(); ++j) {
        matrix(i, j) = static_cast<float>(values[static_cast<std::size_t>(i * matrix.cols() + j)]);
      }
    }
  }
  return p;
}

// The input x(t) = A Σ sin(ω t), one sample.
MatrixF input_at(const Settings& s, double t) {
  double x = 0;
  for (const double omega : s.omegas) x += s.amplitude * std::sin(omega * t);
  return MatrixF::Constant(1, 1, static_cast<float>(x));
}

double bottom_weight_error(const gle::Parameters<float>& p, const Settings& s) {
  double worst = 0;
  for (Index i = 0; i < hidden; ++i) {
    worst = std::max(worst, std::abs(p.layer(0).weights(i, 0) - s.teacher_w[0][static_cast<std::size_t>(i)]));
  }
  return worst;
}

// Bins of the largest local maxima of an amplitude spectrum, largest first.
std::vector<Index> largest_peaks(const VectorD& amplitude, std::size_t count) {
  std::vector<Index> peaks;
  for (Index k = 1; k + 1 < amplitude.size(); ++k) {
    if (amplitude[k] > amplitude[k - 1] && amplitude[k] >= amplitude[k + 1]) peaks.push_back(k);
  }
  std::sort(peaks.begin(), peaks.end(), [&](Index a, Index b) { return amplitude[a] > amplitude[b]; });
  if (peaks.size() > count) peaks.resize(count);
  return peaks;
}

// A window with fixed weights: the GLE network and the adjoint method on the
// same input and teacher, signals of the n steps after spectra.settle.
struct Window {
  VectorD time, input, target, output_error;   // output_error: e of the GLE output neuron
  MatrixD e, lambda;                           // steps × bottom neurons
  VectorD lambda_output;
  std::optional<training::WindowFidelity> fidelity;      // GLE's gradient against the adjoint's, whole window
};

// Every value of the window's signals is finite, else Diverged naming the first that is not.
void require_finite(const Window& w) {
  const auto steps = std::max<Index>(1, w.time.size());
  const auto check = [steps](const std::string& name, const double* values, Index n) {
    for (Index i = 0; i < n; ++i) {  // column-major: index i is step i % steps
      core::require_finite(values[i], "signal window/" + name, [&] {
        return "small_network spectral window step " + std::to_string(i % steps + 1);
      });
    }
  };
  check("gle/layer3/e", w.output_error.data(), w.output_error.size());
  check("gle/layer1/e", w.e.data(), w.e.size());
  check("am/layer1/lambda", w.lambda.data(), w.lambda.size());
  check("am/layer3/lambda", w.lambda_output.data(), w.lambda_output.size());
}

// Every weight and time constant: what the fixed-weight gradients are compared on.
const gle::LearnedParameters every_parameter{.weights = true, .biases = false, .tau_m = true, .tau_r = true,
                                             .layers = {}};

Window fixed_weight_window(const Settings& s, const gle::Parameters<float>& teacher_parameters,
                           gle::Parameters<float>& student) {
  const long settle = s.spectrum_settle;
  const long total = settle + s.spectrum_steps + s.spectrum_tail;
  gle::Parameters<float> teacher_copy = teacher_parameters;
  gle::OdeScheme<float> teacher(teacher_copy, 1, integrators::StepperKind::euler);
  gle::OdeScheme<float> gle(student, 1, integrators::StepperKind::euler, {.tolerance = 1e-4});
  gle::Parameters<float> am_parameters = student;
  gle::AdjointMethod<float> am(am_parameters, 1, gle::AdjointForward::sequential, s.dt);
  teacher.set_gradients(false);
  Window w;
  w.fidelity.emplace("gle_vs_am_fixed_weights", "gle", student.trainable(every_parameter), "am", am_parameters.trainable(every_parameter),
                     s.dt / s.student.beta);
  const auto n = s.spectrum_steps;
  w.time.resize(n);
  w.input.resize(n);
  w.target.resize(n);
  w.output_error.resize(n);
  w.e.resize(n, hidden);
  w.lambda.resize(n, hidden);
  w.lambda_output.resize(n);
  for (long k = 0; k < total; ++k) {
    const double t = static_cast<double>(k) * s.dt;
    const MatrixF x0 = input_at(s, t), x1 = input_at(s, t + s.dt);
    teacher.step({.input_begin = &x0, .input_end = &x1}, t, s.dt);
    const MatrixF y = teacher.output();
    gle.step({.input_begin = &x0, .input_end = &x1, .target_begin = &y}, t, s.dt);
    w.fidelity->add_step();
    am.step(x0, y);
    const long i = k - settle;
    if (i >= 0 && i < n) {
      w.time[i] = t;
      w.input[i] = x0(0, 0);
      w.target[i] = y(0, 0);
      w.output_error[i] = gle.signal(2, gle::Signal::e)(0, 0);
      for (Index j = 0; j < hidden; ++j) w.e(i, j) = gle.signal(0, gle::Signal::e)(j, 0);
    }
  }
  am.backward();  // one window: the tail keeps the end condition λ(T) = 0 out of the recorded part
  w.fidelity->end_window(static_cast<double>(total) * s.dt, total);
  for (long i = 0; i < n; ++i) {
    for (Index j = 0; j < hidden; ++j) w.lambda(i, j) = am.adjoint(0, settle + i)(j, 0);
    w.lambda_output[i] = am.adjoint(2, settle + i)(0, 0);
  }
  return w;
}

// Signals of the window: dimensionless, as every GLE neuron variable.
void write_signal(core::H5Writer& file, const std::string& path, const VectorD& values) {
  file.write(path, {hsize_t(values.size()), 1, 1}, values.data(), core::units::one);
}
void write_signal(core::H5Writer& file, const std::string& path, const MatrixD& values) {
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = values;
  file.write(path, {hsize_t(values.rows()), 1, hsize_t(values.cols())}, rows.data(), core::units::one);
}

std::string format_omegas(const VectorD& omega, const std::vector<Index>& bins) {
  std::string text;
  for (const Index k : bins) {
    char item[16];
    std::snprintf(item, sizeof item, "%s%.3f", text.empty() ? "" : " ", omega[k]);
    text += item;
  }
  return text;
}

// The teacher: an ode network with Euler steps driven by the input sines.
class SineTeacher {
 public:
  SineTeacher(const Settings& s, gle::Parameters<float>& parameters)
      : s_(s), network_(parameters, 1, integrators::StepperKind::euler) {
    network_.set_gradients(false);
  }

  training::TeacherStep step(long k) {
    const double t = static_cast<double>(k) * s_.dt;
    x0_ = input_at(s_, t);
    x1_ = input_at(s_, t + s_.dt);
    network_.step({.input_begin = &x0_, .input_end = &x1_}, t, s_.dt);
    y_ = network_.output();
    return {.k = k, .t = t, .dt = s_.dt, .t_end = static_cast<double>(k + 1) * s_.dt,
            .input_begin = &x0_, .input_end = &x1_, .target_begin = &y_};
  }

 private:
  const Settings& s_;
  gle::OdeScheme<float> network_;
  MatrixF x0_, x1_, y_;
};

// The GLE student (online) and the adjoint-method student (per window) learn
// the bottom weights, as in docs/gle.md §2, in time units: GLE dW/dt = η e rᵀ
// (η dt per step), the adjoint method W -= η ∂C/∂W = η ∫ λ rᵀ dt over each window.
std::vector<std::unique_ptr<training::Student>> make_students(const Settings& s, const gle::Parameters<float>& initial) {
  const gle::LearnedParameters bottom{.weights = true, .biases = false, .tau_m = false, .tau_r = false,
                                      .layers = {1}};
  auto gle_student = std::make_unique<training::Student>("gle", initial, bottom);
  gle_student->learn_online([](gle::Parameters<float>& p) {
    return std::make_unique<gle::OdeScheme<float>>(p, 1, integrators::StepperKind::euler,
                                                   gle::ImplicitSolver{.tolerance = 1e-4});
  });
  gle_student->set_optimizer(std::make_unique<core::Sgd<float>>(gle_student->trainable(), s.gle_lr * s.dt));
  auto am_student = std::make_unique<training::Student>("am", initial, bottom);
  am_student->learn_in_windows(s.am_window, 1, gle::AdjointForward::sequential, s.dt);
  am_student->set_optimizer(std::make_unique<core::Sgd<float>>(am_student->trainable(), s.am_lr));
  std::vector<std::unique_ptr<training::Student>> students;
  students.push_back(std::move(gle_student));
  students.push_back(std::move(am_student));
  return students;
}

// The fixed-weight window, its signals checked, or the run file marked diverged.
Window checked_window(const Settings& s, const gle::Parameters<float>& teacher, gle::Parameters<float>& initial,
                      core::Recorder& recorder, core::H5Writer& file) {
  try {
    Window window = fixed_weight_window(s, teacher, initial);
    require_finite(window);
    return window;
  } catch (const core::Diverged& divergence) {
    recorder.flush();
    runs::mark_diverged(file, divergence);
    throw;
  }
}

void write_window(core::H5Writer& file, const Window& w) {
  w.fidelity->write(file);
  write_signal(file, "window/input", w.input);
  write_signal(file, "window/target", w.target);
  write_signal(file, "window/gle/layer3/e", w.output_error);
  write_signal(file, "window/gle/layer1/e", w.e);
  write_signal(file, "window/am/layer1/lambda", w.lambda);
  write_signal(file, "window/am/layer3/lambda", w.lambda_output);
  file.write("window/time", {hsize_t(w.time.size())}, w.time.data(), core::units::time);
}

// Prints each student's bottom weights against the teacher's and writes the summary.
void summarise_students(const Settings& s, const std::vector<std::unique_ptr<training::Student>>& students,
                        long final_steps, core::H5Writer& file) {
  core::out("%-9s %-20s %-12s %-12s %s\n", "network", "w1 (bottom)", "|w1 - w1*|", "final MSE", "verdict");
  core::out("%-9s (%.4f, %.4f)\n", "teacher", s.teacher_w[0][0], s.teacher_w[0][1]);
  file.write("summary/teacher/w1", s.teacher_w[0], core::units::one);
  for (const auto& student : students) {
    const auto& w1 = student->parameters().layer(0).weights;
    const double error = bottom_weight_error(student->parameters(), s);
    const double mse = student->final_error / static_cast<double>(final_steps);
    const bool matches = error <= s.weight_tolerance;
    core::out("%-9s (%.4f, %.4f)     %-12.3e %-12.3e %s\n", student->name().c_str(), w1(0, 0), w1(1, 0), error,
              mse, matches ? "matches the teacher" : "does not match the teacher");
    const std::string group = "summary/" + student->name();
    file.write(group + "/w1", std::vector<double>{w1(0, 0), w1(1, 0)}, core::units::one);
    file.write(group + "/weight_error", std::vector<double>{error}, core::units::one);
    file.write(group + "/final_mse", std::vector<double>{mse}, core::units::one);
    file.write(group + "/matches_teacher", {1}, &matches);
  }
}

// Per bottom neuron: e and λ against the output error, on the same bins.
void write_spectra(const Settings& s, const Window& w, core::H5Writer& file) {
  const double resolution = 2 * std::numbers::pi / (static_cast<double>(s.spectrum_steps) * s.dt);
  core::out("spectra over %ld steps (resolution %.4f rad/time), relative to the output error e_3; "
            "inputs at", s.spectrum_steps, resolution);
  for (const double omega : s.omegas) core::out(" %.3f", omega);
  core::out("\n%-14s %-8s %-16s %-24s %s\n", "neuron", "bins", "max |dphase|", "peaks of e", "peaks of lambda");
  for (Index j = 0; j < hidden; ++j) {
    const std::string neuron = neuron_names[j];
    const auto e = core::cross_spectrum(w.output_error, w.e.col(j), s.dt);
    const auto lambda = core::cross_spectrum(w.output_error, w.lambda.col(j), s.dt);
    const auto bins = core::bins_with_power(e, s.power_fraction);
    std::vector<double> bin_omega, difference;
    for (const Index k : bins) {
      bin_omega.push_back(e.omega[k]);
      difference.push_back(std::arg(e.transfer[k] / lambda.transfer[k]) / degree);
    }
    double worst = 0;
    for (const double d : difference) worst = std::max(worst, std::abs(d));
    const auto e_peaks = largest_peaks(e.power_y.cwiseSqrt(), s.omegas.size());
    const auto lambda_peaks = largest_peaks(lambda.power_y.cwiseSqrt(), s.omegas.size());
    core::out("%-14s %-8zu %-16s %-24s %s\n", neuron.c_str(), bins.size(),
              (std::to_string(worst).substr(0, 6) + " deg" +
               (worst <= s.phase_tolerance ? "" : " (!)")).c_str(),
              format_omegas(e.omega, e_peaks).c_str(), format_omegas(e.omega, lambda_peaks).c_str());
    const std::string group = "summary/" + neuron;
    file.write(group + "/power_bins_omega", bin_omega, core::units::rad_per_time);
    file.write(group + "/phase_difference_deg", difference, core::units::deg);
    file.write(group + "/max_phase_difference_deg", std::vector<double>{worst}, core::units::deg);
    std::vector<double> e_peak_omega, lambda_peak_omega;
    for (const Index k : e_peaks) e_peak_omega.push_back(e.omega[k]);
    for (const Index k : lambda_peaks) lambda_peak_omega.push_back(e.omega[k]);
    file.write(group + "/e_peaks_omega", e_peak_omega, core::units::rad_per_time);
    file.write(group + "/lambda_peaks_omega", lambda_peak_omega, core::units::rad_per_time);
    for (const auto& [signal, spectrum] : {std::pair{"window/gle/layer1/e", &e},
                                           std::pair{"window/am/layer1/lambda", &lambda}}) {
      const core::RecordedSpectrumRequest request{.signal = {signal, 0, j},
                                                  .reference = {"window/gle/layer3/e", 0, 0},
                                                  .time = "window/time",
                                                  .transient = 0,
                                                  .window = core::Window::hann,
                                                  .omegas = {}};
      const auto recorded = core::recorded_fft(*spectrum, s.dt, s.spectrum_steps, 0);
      const std::string label = std::string(signal).find("lambda") != std::string::npos ? "lambda" : "e";
      core::write_recorded_spectrum(file, label + "_" + neuron, request, recorded, file.path());
    }
  }
}

}  // namespace

std::string SmallNetworkTask::summary() const {
  return "small network of Fig. 6: GLE and the adjoint method learn the bottom weights; spectra of e and lambda";
}

core::OptionTable SmallNetworkTask::options() const {
  core::OptionTable t;
  t.add({"integrator.dt", "0.01", "integration step (forward Euler for every network)", "time", "> 0"})
      .add({"time.train", "10000", "training time", "time", "> 0"})
      .add({"input.omega", "0.49, 1.07, 1.98", "angular frequencies of the input sines", "rad/time", "list of > 0"})
      .add({"input.amplitude", "0.5", "amplitude of each input sine", "1", "> 0"})
      .add({"network.activation", "tanh", "activation of the hidden neurons", "none", "linear | tanh | softplus | sigmoid | relu"})
      .add({"network.output_activation", "linear", "activation of the output neuron", "none", "linear | tanh | softplus | sigmoid | relu"})
      .add({"network.tau_m", "1, 1", "tau_m of the instantaneous and the retrospective hidden neuron", "time", "list of > 0"})
      .add({"network.tau_r", "1, 0.1", "tau_r of the instantaneous and the retrospective hidden neuron", "time", "list of > 0"})
      .add({"network.output_tau_m", "1", "tau_m of the output neuron", "time", "> 0"})
      .add({"network.output_tau_r", "1", "tau_r of the output neuron", "time", "> 0"})
      .add({"network.gamma", "1e-3", "apical-somatic coupling (GLE student)", "1", ">= 0"})
      .add({"network.beta", "1", "nudging strength (GLE student)", "1", "> 0"})
      .add({"teacher.w1", "1.0, -1.5", "teacher bottom weights (input to the two neurons of layer 1)", "1", "list of number"})
      .add({"teacher.w2", "1.2, 0, 0, 1.2", "teacher layer-2 weights, 2 × 2 row-major (shared by the students)", "1", "list of number"})
      .add({"teacher.w3", "0.8, -1.0", "teacher output weights (shared by the students)", "1", "list of number"})
      .add({"student.w1", "-0.5, 0.4", "initial student bottom weights", "1", "list of number"})
      .add({"gle.lr", "2e-2", "GLE: dW/dt = gle.lr · e rᵀ", "1/time", "> 0"})
      .add({"am.lr", "7e-2", "adjoint method: W += am.lr · ∫ λ rᵀ dt over the window, at its end", "1", "> 0"})
      .add({"am.window", "3", "adjoint method truncation window", "time", "> 0"})
      .add({"spectra.steps", "8000", "steps of the fixed-weight window the spectra are taken over", "steps", "whole >= 1"})
      .add({"spectra.settle", "30", "time before the window, from rest", "time", ">= 0"})
      .add({"spectra.tail", "30", "time after the window, so λ has forgotten its end condition", "time", ">= 0"})
      .add({"spectra.power_fraction", "0.01", "bins with power: output-error power >= this fraction of its peak", "1", "> 0"})
      .add({"record.every", "10", "record parameters, loss and GLE signals every this many steps", "steps", "whole >= 1"})
      .add({"summary.phase_tolerance", "5", "|phase(e) - phase(lambda)| at bins with power", "deg", "> 0"})
      .add({"summary.weight_tolerance", "1e-3", "|w1 - w1*| for a student to match the teacher", "1", "> 0"});
  return t;
}

void SmallNetworkTask::run(const runs::RunContext& context) const {
  const Settings s = parse(context.options);
  gle::Parameters<float> teacher_parameters = network(s.teacher, s.teacher_w);
  std::vector<double> student_w[3] = {s.student_w1, s.teacher_w[1], s.teacher_w[2]};
  gle::Parameters<float> initial = network(s.student, student_w);

  core::H5Writer file = runs::open_run_file(context, name());
  core::Recorder recorder(file);
  SineTeacher teacher(s, teacher_parameters);
  auto students = make_students(s, initial);
  const long final_steps = std::min(s.train_steps, s.am_window);
  const training::TeacherStudentLoop loop{
      .task = "small_network",
      .integration = gle::integration({gle::SchemeKind::ode, integrators::StepperKind::euler, {}}, s.dt),
      .steps = s.train_steps, .learn_from = 0, .final_steps = final_steps,
      .record_every = s.record_every, .samples = {0}, .tau_min = 0, .parameters_before_step = true,
      .metric_times = false, .fidelity_scale = s.dt / s.student.beta,
      .squared_error = [](ConstMatrixMap<float> output, const MatrixF& target) {
        const double error = output(0, 0) - target(0, 0);
        return error * error;
      }};
  const double train_seconds = training::run_teacher_student(
      loop, students, [&teacher](long k) { return teacher.step(k); }, recorder, file, context.progress);

  // Spectra over a window with the student's initial weights (before learning).
  const auto started = std::chrono::steady_clock::now();
  const Window w = checked_window(s, teacher_parameters, initial, recorder, file);
  write_window(file, w);
  core::out("small_network: %ld training steps (dt %g) in %.2f s; spectral window %ld steps\n", s.train_steps,
            s.dt, train_seconds, s.spectrum_steps);
  summarise_students(s, students, final_steps, file);
  write_spectra(s, w, file);
  core::out("spectra in %.2f s\n",
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  recorder.flush();
  file.close();
  core::out("wrote %s\n", file.path().c_str());
}

}  // namespace prospect::tasks
