#include "tasks/chain.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include "core/divergence.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/recorder.h"
#include "models/gle/adjoint.h"
#include "models/gle/make_scheme.h"
#include "models/gle/options.h"
#include "runs/model_recording.h"
#include "runs/run_file.h"
#include "tasks/square_wave.h"
#include "training/window_fidelity.h"

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
  const auto activation = core::parse_activation(o.text("network.activation"), "network.activation");
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
  s.optimizer = core::parse_optimizer(o.text("optimizer.kind"), "optimizer.kind");
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

// A GLE or instantaneous student runs a scheme and learns every step; a
// truncated-BPTT student runs the adjoint method and learns at window ends.
struct Student {
  std::string name;
  gle::Parameters<float> parameters;
  std::unique_ptr<gle::Scheme<float>> network;
  std::unique_ptr<gle::AdjointMethod<float>> bptt;
  long window = 0;  // BPTT truncation window [steps]
  std::unique_ptr<core::Optimizer<float>> optimizer;
  std::unique_ptr<ModelRecording> recording;
  int output_series = -1, mse_series = -1;
  double interval_error = 0, window_error = 0;
  long window_steps = 0;
};

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

}  // namespace

std::string ChainTask::summary() const {
  return "teacher-student chain of two neurons (GLE paper Fig. 5): students learn w and tau_m";
}

core::OptionTable ChainTask::options() const {
  core::OptionTable t;
  t.append(gle::integrator_options("0.01"))
      .add("time.settle", "50", "time before learning starts [time]")
      .add("time.train", "4000", "training time [time]")
      .add("batch", "100", "samples, each with its own input shift")
      .add("input.period", "4", "square-wave period [time]")
      .add("input.smoothing", "5", "Gaussian smoothing sigma [steps]")
      .add("input.max_shift", "2", "input shifts ~ U(0, max_shift) [time]")
      .add("network.activation", "softplus", "linear, tanh, softplus, sigmoid or relu")
      .add("network.tau_r", "0.1", "prospective time constant of every neuron [time]")
      .add("network.gamma", "1", "apical-somatic coupling")
      .add("network.beta", "0.01", "nudging strength")
      .add("teacher.w", "1, 2", "teacher weights, one per chain neuron")
      .add("teacher.tau_m", "1, 2", "teacher membrane time constants [time]")
      .add("student.w", "0.3, 0.7", "initial student weights")
      .add("student.tau_m", "0.5, 0.8", "initial student membrane time constants [time]")
      .add("students", "gle, instantaneous",
           "students trained side by side: gle, instantaneous, bptt<TW> (truncated BPTT, window TW [time], e.g. bptt1, bptt2, bptt4)")
      .add("optimizer.kind", "adam", "adam or sgd, one step per time step (bptt: per window)")
      .add("optimizer.lr", "1e-4", "learning rate (the paper's 1e-6/beta)")
      .add("bptt.lr", "0.01", "bptt learning rate per time unit of window: lr = bptt.lr * TW (the paper's 0.01, 0.02, 0.04)")
      .add("learn.w", "true", "learn the weights")
      .add("learn.tau_m", "true", "learn the membrane time constants")
      .add("clamp.tau_min", "0.1", "time constants are clamped to >= this after every step [time]")
      .add("record.every", "100", "record trajectories every this many steps")
      .add("record.samples", "4", "batch samples whose trajectories are recorded")
      .add("metrics.window", "4", "final MSE is the mean over this last stretch [time]")
      .add("summary.parameter_tolerance", "1e-3", "|w - w*|, |tau_m - tau_m*| to match the teacher")
      .add("summary.mse_tolerance", "1e-8", "output MSE to match the teacher");
  return t;
}

void ChainTask::run(const RunContext& context) const {
  const ChainSettings s = parse(context.options);
  s.teacher.validate(s.dt);
  s.student.validate(s.dt);
  const long settle_steps = s.settle_steps;
  const long total_steps = s.total_steps;
  const long window_steps = s.metric_steps;

  core::Rng rng(context.seed);
  std::vector<double> shifts(static_cast<std::size_t>(s.batch));
  for (double& shift : shifts) shift = rng.uniform(0, s.max_shift);
  SmoothedSquareWave wave(s.period, s.dt, s.smoothing, total_steps + 2, shifts);

  gle::Parameters<float> teacher_parameters(s.teacher);
  for (Index l = 0; l < teacher_parameters.depth(); ++l) {
    teacher_parameters.layer(l).weights(0, 0) = static_cast<float>(s.teacher_w[static_cast<std::size_t>(l)]);
  }
  const auto teacher = gle::make_scheme(s.scheme, teacher_parameters, s.batch);
  teacher->set_gradients(false);

  std::vector<std::unique_ptr<Student>> students;
  for (std::size_t i = 0; i < s.students.size(); ++i) {
    const std::string& name = s.students[i];
    auto spec = s.student;
    spec.prospective_errors = name == "gle";
    auto student = std::make_unique<Student>(Student{name, gle::Parameters<float>(spec), {}, {}, 0, {}, {}});
    for (Index l = 0; l < student->parameters.depth(); ++l) {
      student->parameters.layer(l).weights(0, 0) = static_cast<float>(s.student_w[static_cast<std::size_t>(l)]);
    }
    student->window = s.windows[i];
    double learning_rate = s.learning_rate;
    if (student->window > 0) {
      student->bptt = std::make_unique<gle::AdjointMethod<float>>(
          student->parameters, s.batch, gle::AdjointForward::staggered, s.dt);
      learning_rate = s.bptt_learning_rate * static_cast<double>(student->window) * s.dt;
    } else {
      student->network = gle::make_scheme(s.scheme, student->parameters, s.batch);
    }
    student->optimizer = core::make_optimizer(s.optimizer, student->parameters.trainable(s.learned),
                                              learning_rate);
    students.push_back(std::move(student));
  }
  // Every student learning online against every truncated-BPTT student, over
  // the BPTT student's windows that lie wholly in the learning phase.
  struct Comparison {
    WindowFidelity fidelity;
    long window;
  };
  std::vector<Comparison> comparisons;
  for (auto& online : students) {
    for (auto& windowed : students) {
      if (online->bptt || !windowed->bptt) continue;
      comparisons.push_back({WindowFidelity(online->name + "_vs_" + windowed->name, online->name,
                                            online->parameters.trainable(s.learned),
                                            windowed->name, windowed->parameters.trainable(s.learned),
                                            s.dt / s.student.beta),
                             windowed->window});
    }
  }

  core::H5Writer file = open_run_file(context, name());
  describe_run(file, {.model = "gle", .scheme = gle::to_string(s.scheme.kind),
                      .stepper = integrators::to_string(s.scheme.stepper), .dt = s.dt});
  core::Recorder recorder(file);
  const auto samples = first_samples(s.record_samples, s.batch, "record.samples");
  const int time_series = recorder.add("time", {}, "time");
  const int input_series = recorder.add("trajectories/input", {samples.size(), 1});
  const int target_series = recorder.add("trajectories/target", {samples.size(), 1});
  const int metric_time_series = recorder.add("metrics/time", {}, "time");
  for (auto& student : students) {
    student->recording =
        student->network ? std::make_unique<ModelRecording>(recorder, student->name, *student->network, samples)
                         : std::make_unique<ModelRecording>(recorder, student->name, *student->bptt, samples,
                                                            ModelRecording::What::parameters);
    student->output_series = recorder.add("trajectories/" + student->name + "/output", {samples.size(), 1});
    student->mse_series = recorder.add("metrics/" + student->name + "/mse", {});
  }

  // Inputs x(t_k), x(t_k+1), x(t_k+2) and the teacher's outputs at t_k, t_k+1:
  // the teacher runs one step ahead so the ode scheme can interpolate targets.
  std::array<MatrixF, 3> inputs;
  std::array<MatrixF, 2> targets;
  for (auto& x : inputs) wave.next(x);
  teacher->step({.input_begin = &inputs[0], .input_end = &inputs[1]}, 0.0, s.dt);
  targets[0] = teacher->output();

  const auto at_step = [&s](long k) {
    return [&s, k] {
      char text[64];
      std::snprintf(text, sizeof text, "chain step %ld (t = %g)", k + 1, static_cast<double>(k + 1) * s.dt);
      return std::string(text);
    };
  };
  core::Progress progress("chain", total_steps, context.progress);
  try {
    for (long k = 0; k < total_steps; ++k) {
      const double t = static_cast<double>(k) * s.dt;
      const MatrixF& x0 = inputs[static_cast<std::size_t>(k % 3)];
      const MatrixF& x1 = inputs[static_cast<std::size_t>((k + 1) % 3)];
      const MatrixF& x2 = inputs[static_cast<std::size_t>((k + 2) % 3)];
      const MatrixF& y0 = targets[static_cast<std::size_t>(k % 2)];
      MatrixF& y1 = targets[static_cast<std::size_t>((k + 1) % 2)];
      teacher->step({.input_begin = &x1, .input_end = &x2}, t + s.dt, s.dt);
      y1 = teacher->output();
      const bool learning = k >= settle_steps;
      const bool record = k % s.record_every == 0;
      for (auto& student : students) {
        double squared_error = 0;
        bool update = learning;
        if (student->bptt) {
          // Its output before the step is r_L(t), as the schemes report; the
          // step produces r_L(t + dt), compared with the teacher's y1.
          squared_error = (student->bptt->output() - y0).squaredNorm() / static_cast<double>(y0.size());
          if (record) recorder.append_columns(student->output_series, student->bptt->output(), samples);
          student->bptt->step(x0, y1);
          if ((k + 1) % student->window == 0) {
            student->bptt->backward();
          } else {
            update = false;
          }
        } else {
          auto& network = *student->network;
          network.set_gradients(learning);
          network.step({.input_begin = &x0, .input_end = &x1, .target_begin = &y0, .target_end = &y1}, t, s.dt);
          squared_error = (network.output() - y0).squaredNorm() / static_cast<double>(y0.size());
          if (record) recorder.append_columns(student->output_series, network.output(), samples);
        }
        if (!std::isfinite(squared_error)) {
          core::Model<float>& model = student->bptt ? static_cast<core::Model<float>&>(*student->bptt)
                                                    : *student->network;
          core::require_finite_loss(squared_error, model, "student " + student->name, "output error",
                                    at_step(k));
        }
        student->interval_error += squared_error;
        if (k >= total_steps - window_steps) student->window_error += squared_error;
        if (update) {
          student->optimizer->step();
          student->parameters.clamp_time_constants(s.tau_min);
        }
        if (record) {
          student->recording->record_signals();
          student->recording->record_parameters();
        }
        if ((k + 1) % s.record_every == 0) {
          recorder.append(student->mse_series, static_cast<float>(student->interval_error / s.record_every));
          student->interval_error = 0;
        }
      }
      for (auto& comparison : comparisons) {
        if (learning) comparison.fidelity.add_step();
        if ((k + 1) % comparison.window == 0) comparison.fidelity.end_window(t + s.dt, comparison.window);
      }
      if (record) {
        recorder.append(time_series, static_cast<float>(t));
        recorder.append_columns(input_series, x0, samples);
        recorder.append_columns(target_series, y0, samples);
      }
      if ((k + 1) % s.record_every == 0) recorder.append(metric_time_series, static_cast<float>(t + s.dt));
      wave.next(inputs[static_cast<std::size_t>(k % 3)]);
      progress.update(k + 1);
    }
    // The last step's learning is in no output error yet.
    for (auto& student : students) {
      core::Model<float>& model = student->bptt ? static_cast<core::Model<float>&>(*student->bptt)
                                                : *student->network;
      core::require_finite(model, "student " + student->name, at_step(total_steps - 1));
    }
  } catch (const core::Diverged& divergence) {
    recorder.flush();
    mark_diverged(file, divergence);
    throw;
  }
  progress.finish();

  const double seconds = progress.seconds_elapsed();
  const auto teacher_w = weights_of(teacher_parameters);
  const auto teacher_tau = tau_m_of(teacher_parameters);
  std::printf("chain: %ld steps (dt %g, batch %ld, learning after %g) in %.2f s, %.2f us/step\n",
              total_steps, s.dt, static_cast<long>(s.batch), s.settle_time, seconds,
              1e6 * seconds / static_cast<double>(total_steps));
  std::printf("%-14s %-22s %-22s %-12s %s\n", "network", "w", "tau_m", "final MSE", "verdict");
  std::printf("%-14s %-22s %-22s\n", "teacher", format_values(teacher_w).c_str(),
              format_values(teacher_tau).c_str());
  for (auto& student : students) {
    const auto w = weights_of(student->parameters);
    const auto tau = tau_m_of(student->parameters);
    const double mse = student->window_error / static_cast<double>(window_steps);
    const bool matches = max_difference(w, teacher_w) <= s.parameter_tolerance &&
                         max_difference(tau, teacher_tau) <= s.parameter_tolerance &&
                         mse <= s.mse_tolerance;
    std::printf("%-14s %-22s %-22s %-12.3e %s\n", student->name.c_str(), format_values(w).c_str(),
                format_values(tau).c_str(), mse, matches ? "matches the teacher" : "does not match the teacher");
    const std::string group = "summary/" + student->name;
    const std::int64_t verdict = matches ? 1 : 0;
    file.write(group + "/w", w);
    file.write(group + "/tau_m", tau);
    file.write(group + "/final_mse", std::vector<double>{mse});
    file.write(group + "/matches_teacher", {1}, &verdict);
  }
  file.write("summary/teacher/w", teacher_w);
  file.write("summary/teacher/tau_m", teacher_tau);
  for (const auto& comparison : comparisons) comparison.fidelity.write(file);
  recorder.flush();
  file.close();
  std::printf("wrote %s\n", file.path().c_str());
}

}  // namespace prospect::tasks
