#include "tasks/chain.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "core/error.h"
#include "core/optimizer.h"
#include "core/output.h"
#include "core/random.h"
#include "core/recorder.h"
#include "models/gle/adjoint.h"
#include "models/gle/make_scheme.h"
#include "models/gle/options.h"
#include "runs/model_recording.h"
#include "runs/run_file.h"
#include "tasks/square_wave.h"
#include "training/teacher_student.h"

namespace prospect::tasks {
namespace {

struct ChainSettings {
  double dt, settle_time;
  Index batch;
  double period, smoothing, max_shift;
  gle::NetworkSpec teacher, student;
  std::vector<double> teacher_w, student_w;
  std::vector<std::string> students;
  core::OptimizerKind optimizer;
  double learning_rate, bptt_learning_rate;
  gle::LearnedParameters learned;
  double tau_min;
  gle::SchemeChoice scheme;
  long record_every, record_samples;
  long settle_steps, total_steps, metric_steps;
  std::vector<long> windows;  // per student: BPTT truncation window [steps], 0 for the others
  double parameter_tolerance, mse_tolerance;
};

// The truncation window TW [time] of a student named bptt<TW>, or nothing.
std::optional<double> bptt_window(const std::string& name) {
  if (name.rfind("bptt", 0) != 0 || name.size() == 4) return std::nullopt;
  char* end = nullptr;
  const double window = std::strtod(name.c_str() + 4, &end);
  if (*end != '\0' || !(window > 0) || !std::isfinite(window)) return std::nullopt;
  return window;
}

// Time constants must be >= dt (forward Euler stability); say which key is off.
void require_time_constants(const core::Options& o, const std::string& key, double dt) {
  for (const double tau : o.reals(key)) {
    if (!(tau >= dt)) {
      core::fail_value(key, o.text(key), "every time constant must be >= integrator.dt = " + o.text("integrator.dt"));
    }
  }
}

gle::NetworkSpec chain_spec(const std::vector<double>& tau_m, double tau_r,
                            core::Activation activation, double gamma, double beta,
                            bool prospective_errors) {
  gle::NetworkSpec spec;
  spec.input_size = 1;
  for (const double tau : tau_m) {
    spec.layers.push_back(
        {.size = 1, .activation = activation, .tau_m = {tau}, .tau_r = {tau_r}, .bias = false});
  }
  spec.gamma = gamma;
  spec.beta = beta;
  spec.loss = core::Loss::mse;
  spec.prospective_errors = prospective_errors;
  return spec;
}

ChainSettings parse(const core::Options& o) {
  ChainSettings s;
  s.dt = o.positive("integrator.dt");
  s.settle_time = o.non_negative("time.settle");
  s.batch = o.positive_integer("batch");
  s.period = o.positive("input.period");
  s.smoothing = o.non_negative("input.smoothing");
  s.max_shift = o.non_negative("input.max_shift");
  for (const char* key : {"teacher.tau_m", "student.tau_m", "network.tau_r"}) {
    require_time_constants(o, key, s.dt);
  }
  s.teacher_w = o.reals("teacher.w");
  s.student_w = o.reals("student.w");
  const auto length = s.teacher_w.size();
  if (length == 0) core::fail_value("teacher.w", o.text("teacher.w"), "expected one weight per neuron");
  for (const char* key : {"teacher.tau_m", "student.w", "student.tau_m"}) {
    if (o.reals(key).size() != length) {
      core::fail_value(key, o.text(key),
                       "expected " + std::to_string(length) + " values, one per chain neuron (as teacher.w)");
    }
  }
  const auto activation = core::parse(core::kActivationNames, "network.activation", o.text("network.activation"));
  const double tau_r = o.positive("network.tau_r");
  const double gamma = o.non_negative("network.gamma");
  const double beta = o.positive("network.beta");
  s.teacher = chain_spec(o.reals("teacher.tau_m"), tau_r, activation, gamma, beta, false);
  s.student = chain_spec(o.reals("student.tau_m"), tau_r, activation, gamma, beta, true);
  s.students = o.words("students");
  s.scheme = gle::scheme_choice(o);
  for (const auto& name : s.students) {
    s.windows.push_back(0);
    if (name == "gle" || name == "instantaneous") continue;
    const auto window = bptt_window(name);
    if (!window) {
      core::fail_value("students", o.text("students"),
                       "unknown student '" + name + "' (expected gle, instantaneous or bptt<TW>, "
                       "TW the truncation window in time units, e.g. bptt2)");
    }
    const double steps = std::round(*window / s.dt);
    if (!(steps >= 1 && steps <= 1e15)) {
      char count[32];
      std::snprintf(count, sizeof count, "%g", steps);
      core::fail_value("students", o.text("students"),
                       "student '" + name + "': a truncation window of " + count +
                           " steps of integrator.dt = " + o.text("integrator.dt") + ", expected 1 to 1e15");
    }
    s.windows.back() = static_cast<long>(steps);
    if (s.scheme.kind != gle::SchemeKind::reference) {
      core::fail_value("students", o.text("students"),
                       "bptt students differentiate the reference discretisation: use integrator.scheme = reference");
    }
  }
  s.optimizer = core::parse(core::kOptimizerNames, "optimizer.kind", o.text("optimizer.kind"));
  s.learning_rate = o.positive("optimizer.lr");
  s.bptt_learning_rate = o.positive("bptt.lr");
  s.learned = {.weights = o.flag("learn.w"), .biases = false, .tau_m = o.flag("learn.tau_m"),
               .tau_r = false, .layers = {}};
  s.tau_min = o.positive("clamp.tau_min");
  if (s.tau_min < s.dt) core::fail_value("clamp.tau_min", o.text("clamp.tau_min"), "expected >= dt");
  s.record_every = o.positive_integer("record.every");
  s.record_samples = o.non_negative_integer("record.samples");
  s.settle_steps = o.steps("time.settle", s.dt, 0);
  s.total_steps = s.settle_steps + o.steps("time.train", s.dt, s.settle_steps > 0 ? 0 : 1);
  s.metric_steps = std::min(s.total_steps, o.steps("metrics.window", s.dt));
  s.parameter_tolerance = o.positive("summary.parameter_tolerance");
  s.mse_tolerance = o.positive("summary.mse_tolerance");
  return s;
}

std::string format_values(const std::vector<double>& values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    char item[32];
    std::snprintf(item, sizeof item, "%s%.4f", i ? ", " : "", values[i]);
    text += item;
  }
  return text + ")";
}

std::vector<double> weights_of(const gle::Parameters<float>& p) {
  std::vector<double> w;
  for (Index l = 0; l < p.depth(); ++l) w.push_back(p.layer(l).weights(0, 0));
  return w;
}
std::vector<double> tau_m_of(const gle::Parameters<float>& p) {
  std::vector<double> tau;
  for (Index l = 0; l < p.depth(); ++l) tau.push_back(p.layer(l).tau_m(0));
  return tau;
}
double max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

// A chain of the spec's shape with weights w.
gle::Parameters<float> chain_parameters(const gle::NetworkSpec& spec, const std::vector<double>& w) {
  gle::Parameters<float> p(spec);
  for (Index l = 0; l < p.depth(); ++l) p.layer(l).weights(0, 0) = static_cast<float>(w[static_cast<std::size_t>(l)]);
  return p;
}

// The students, in the order of the option: a GLE or instantaneous student
// runs the scheme and learns every step; a truncated-BPTT student runs the
// adjoint method and learns at window ends, at a rate scaled by its window.
std::vector<std::unique_ptr<training::Student>> make_students(const ChainSettings& s) {
  std::vector<std::unique_ptr<training::Student>> students;
  for (std::size_t i = 0; i < s.students.size(); ++i) {
    auto spec = s.student;
    spec.prospective_errors = s.students[i] == "gle";
    auto student = std::make_unique<training::Student>(s.students[i], chain_parameters(spec, s.student_w), s.learned);
    double learning_rate = s.learning_rate;
    if (s.windows[i] > 0) {
      student->learn_in_windows(s.windows[i], s.batch, gle::AdjointForward::staggered, s.dt);
      learning_rate = s.bptt_learning_rate * static_cast<double>(s.windows[i]) * s.dt;
    } else {
      student->learn_online([&s](gle::Parameters<float>& p) { return gle::make_scheme(s.scheme, p, s.batch); });
    }
    student->set_optimizer(core::make_optimizer(s.optimizer, student->trainable(), learning_rate));
    students.push_back(std::move(student));
  }
  return students;
}

// The teacher, one step ahead of the students so that the ode scheme can
// interpolate targets: at step k it holds inputs x(t_k), x(t_k+1), x(t_k+2)
// and its outputs at t_k, t_k+1.
class ChainTeacher {
 public:
  ChainTeacher(const ChainSettings& s, gle::Parameters<float>& parameters, SmoothedSquareWave& wave)
      : dt_(s.dt), wave_(wave), network_(gle::make_scheme(s.scheme, parameters, s.batch)) {
    network_->set_gradients(false);
    for (auto& x : inputs_) wave_.next(x);
    network_->step({.input_begin = &inputs_[0], .input_end = &inputs_[1]}, 0.0, dt_);
    targets_[0] = network_->output();
  }

  training::TeacherStep step(long k) {
    if (k > 0) wave_.next(inputs_[static_cast<std::size_t>((k - 1) % 3)]);  // the input the last step began with
    const double t = static_cast<double>(k) * dt_;
    const MatrixF& x1 = inputs_[static_cast<std::size_t>((k + 1) % 3)];
    const MatrixF& x2 = inputs_[static_cast<std::size_t>((k + 2) % 3)];
    MatrixF& y1 = targets_[static_cast<std::size_t>((k + 1) % 2)];
    network_->step({.input_begin = &x1, .input_end = &x2}, t + dt_, dt_);
    y1 = network_->output();
    return {.k = k, .t = t, .dt = dt_, .t_end = t + dt_,
            .input_begin = &inputs_[static_cast<std::size_t>(k % 3)], .input_end = &x1,
            .target_begin = &targets_[static_cast<std::size_t>(k % 2)], .target_end = &y1};
  }

 private:
  double dt_;
  SmoothedSquareWave& wave_;
  std::unique_ptr<gle::Scheme<float>> network_;
  std::array<MatrixF, 3> inputs_;
  std::array<MatrixF, 2> targets_;
};

// Prints each network's w and tau_m against the teacher's and writes the summary.
void summarise(const ChainSettings& s, const gle::Parameters<float>& teacher,
               const std::vector<std::unique_ptr<training::Student>>& students, core::H5Writer& file) {
  const auto teacher_w = weights_of(teacher);
  const auto teacher_tau = tau_m_of(teacher);
  core::out("%-14s %-22s %-22s %-12s %s\n", "network", "w", "tau_m", "final MSE", "verdict");
  core::out("%-14s %-22s %-22s\n", "teacher", format_values(teacher_w).c_str(),
            format_values(teacher_tau).c_str());
  for (const auto& student : students) {
    const auto w = weights_of(student->parameters());
    const auto tau = tau_m_of(student->parameters());
    const double mse = student->final_error / static_cast<double>(s.metric_steps);
    const bool matches = max_difference(w, teacher_w) <= s.parameter_tolerance &&
                         max_difference(tau, teacher_tau) <= s.parameter_tolerance &&
                         mse <= s.mse_tolerance;
    core::out("%-14s %-22s %-22s %-12.3e %s\n", student->name().c_str(), format_values(w).c_str(),
              format_values(tau).c_str(), mse, matches ? "matches the teacher" : "does not match the teacher");
    const std::string group = "summary/" + student->name();
    file.write(group + "/w", w, core::units::one);
    file.write(group + "/tau_m", tau, core::units::time);
    file.write(group + "/final_mse", std::vector<double>{mse}, core::units::one);
    file.write(group + "/matches_teacher", {1}, &matches);
  }
  file.write("summary/teacher/w", teacher_w, core::units::one);
  file.write("summary/teacher/tau_m", teacher_tau, core::units::time);
}

}  // namespace

std::string ChainTask::summary() const {
  return "teacher-student chain of two neurons (GLE paper Fig. 5): students learn w and tau_m";
}

core::OptionTable ChainTask::options() const {
  core::OptionTable t;
  t.append(gle::integrator_options("0.01"))
      .add({"time.settle", "50", "time before learning starts", "time", ">= 0"})
      .add({"time.train", "4000", "training time", "time", ">= 0"})
      .add({"batch", "100", "samples, each with its own input shift", "samples", "whole >= 1"})
      .add({"input.period", "4", "square-wave period", "time", "> 0"})
      .add({"input.smoothing", "5", "Gaussian smoothing sigma", "steps", ">= 0"})
      .add({"input.max_shift", "2", "input shifts ~ U(0, max_shift)", "time", ">= 0"})
      .add({"network.activation", "softplus", "linear, tanh, softplus, sigmoid or relu", "none", "linear | tanh | softplus | sigmoid | relu"})
      .add({"network.tau_r", "0.1", "prospective time constant of every neuron", "time", "list of > 0"})
      .add({"network.gamma", "1", "apical-somatic coupling", "1", ">= 0"})
      .add({"network.beta", "0.01", "nudging strength", "1", "> 0"})
      .add({"teacher.w", "1, 2", "teacher weights, one per chain neuron", "1", "list of number"})
      .add({"teacher.tau_m", "1, 2", "teacher membrane time constants", "time", "list of > 0"})
      .add({"student.w", "0.3, 0.7", "initial student weights", "1", "list of number"})
      .add({"student.tau_m", "0.5, 0.8", "initial student membrane time constants", "time", "list of > 0"})
      .add({"students", "gle, instantaneous", "students trained side by side: gle, instantaneous, bptt<TW> (truncated BPTT, window TW [time], e.g. bptt1, bptt2, bptt4)", "none", "list of text"})
      .add({"optimizer.kind", "adam", "adam or sgd, one step per time step (bptt: per window)", "none", "sgd | adam"})
      .add({"optimizer.lr", "1e-4", "learning rate (the paper's 1e-6/beta)", "1", "> 0"})
      .add({"bptt.lr", "0.01", "bptt learning rate per time unit of window: lr = bptt.lr * TW (the paper's 0.01, 0.02, 0.04)", "1", "> 0"})
      .add({"learn.w", "true", "learn the weights", "none", "true | false"})
      .add({"learn.tau_m", "true", "learn the membrane time constants", "none", "true | false"})
      .add({"clamp.tau_min", "0.1", "time constants are clamped to >= this after every step", "time", "> 0"})
      .add({"record.every", "100", "record trajectories every this many steps", "steps", "whole >= 1"})
      .add({"record.samples", "4", "batch samples whose trajectories are recorded", "samples", "whole >= 0"})
      .add({"metrics.window", "4", "final MSE is the mean over this last stretch", "time", "> 0"})
      .add({"summary.parameter_tolerance", "1e-3", "|w - w*|, |tau_m - tau_m*| to match the teacher", "1", "> 0"})
      .add({"summary.mse_tolerance", "1e-8", "output MSE to match the teacher", "1", "> 0"});
  return t;
}

void ChainTask::run(const runs::RunContext& context) const {
  const ChainSettings s = parse(context.options);
  s.teacher.validate(s.dt);
  s.student.validate(s.dt);

  core::Rng rng(context.seed);
  std::vector<double> shifts(static_cast<std::size_t>(s.batch));
  for (double& shift : shifts) shift = rng.uniform(0, s.max_shift);
  SmoothedSquareWave wave(s.period, s.dt, s.smoothing, s.total_steps + 2, shifts);
  gle::Parameters<float> teacher_parameters = chain_parameters(s.teacher, s.teacher_w);
  ChainTeacher teacher(s, teacher_parameters, wave);
  auto students = make_students(s);

  core::H5Writer file = runs::open_run_file(context, name());
  core::Recorder recorder(file);
  const training::TeacherStudentLoop loop{
      .task = "chain", .integration = gle::integration(s.scheme, s.dt),
      .steps = s.total_steps, .learn_from = s.settle_steps, .final_steps = s.metric_steps,
      .record_every = s.record_every, .samples = runs::first_samples(s.record_samples, s.batch, "record.samples"),
      .tau_min = s.tau_min, .parameters_before_step = false, .metric_times = true,
      .fidelity_scale = s.dt / s.student.beta,
      .squared_error = [](ConstMatrixMap<float> output, const MatrixF& target) {
        return (output - target).squaredNorm() / static_cast<double>(target.size());
      }};
  const double seconds = training::run_teacher_student(loop, students, [&teacher](long k) { return teacher.step(k); },
                                             recorder, file, context.progress);

  core::out("chain: %ld steps (dt %g, batch %ld, learning after %g) in %.2f s, %.2f us/step\n",
            s.total_steps, s.dt, static_cast<long>(s.batch), s.settle_time, seconds,
            1e6 * seconds / static_cast<double>(s.total_steps));
  summarise(s, teacher_parameters, students, file);
  recorder.flush();
  file.close();
  core::out("wrote %s\n", file.path().c_str());
}

}  // namespace prospect::tasks
