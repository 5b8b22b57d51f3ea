#include "training/teacher_student.h"

#include <cmath>
#include <cstdio>

#include "core/divergence.h"
#include "core/error.h"
#include "core/progress.h"
#include "runs/run_file.h"
#include "training/window_fidelity.h"

namespace prospect::training {

Student::Student(std::string name, const gle::Parameters<float>& initial, const gle::LearnedParameters& learned)
    : name_(std::move(name)), parameters_(initial), learned_(learned) {}

void Student::learn_online(
    const std::function<std::unique_ptr<gle::Scheme<float>>(gle::Parameters<float>&)>& make) {
  network_ = make(parameters_);
  model_ = network_.get();
}

void Student::learn_in_windows(long window, Index batch, gle::AdjointForward forward, double dt) {
  bptt_ = std::make_unique<gle::AdjointMethod<float>>(parameters_, batch, forward, dt);
  model_ = bptt_.get();
  window_ = window;
  // The output a step produces is r_L after it (staggered) or at its start
  // (sequential): docs of gle::AdjointMethod.
  output_before_step_ = forward == gle::AdjointForward::staggered;
}

bool Student::step(const TeacherStep& teacher, bool learning,
                   const std::function<void(ConstMatrixMap<float>)>& observe) {
  if (network_) {
    network_->set_gradients(learning);
    network_->step({.input_begin = teacher.input_begin, .input_end = teacher.input_end,
                    .target_begin = teacher.target_begin, .target_end = teacher.target_end},
                   teacher.t, teacher.dt);
    observe(network_->output());
    return learning;
  }
  if (output_before_step_) observe(bptt_->output());
  bptt_->step(*teacher.input_begin, teacher.target_end ? *teacher.target_end : *teacher.target_begin);
  if (!output_before_step_) observe(bptt_->output());
  if ((teacher.k + 1) % window_ != 0) return false;
  bptt_->backward();
  return learning;
}

void Student::update(double tau_min) {
  optimizer_->step();
  if (tau_min > 0) parameters_.clamp_time_constants(tau_min);
}

namespace {

// Every online student's gradient against every windowed student's, summed
// over the windowed student's windows.
struct Comparison {
  WindowFidelity fidelity;
  long window;
};

std::vector<Comparison> comparisons(std::vector<std::unique_ptr<Student>>& students, double scale) {
  std::vector<Comparison> result;
  for (auto& online : students) {
    for (auto& windowed : students) {
      if (online->windowed() || !windowed->windowed()) continue;
      result.push_back({WindowFidelity(online->name() + "_vs_" + windowed->name(), online->name(),
                                       online->trainable(), windowed->name(), windowed->trainable(), scale),
                        windowed->window()});
    }
  }
  return result;
}

}  // namespace

double run_teacher_student(const TeacherStudentLoop& loop, std::vector<std::unique_ptr<Student>>& students,
                           const std::function<TeacherStep(long k)>& teacher, core::Recorder& recorder,
                           core::H5Writer& file, bool progress_line) {
  if (students.empty()) fail(loop.task, ": no students to train");
  runs::describe_run(file, students.front()->model().family(), loop.integration);
  const auto& samples = loop.samples;
  auto compared = comparisons(students, loop.fidelity_scale);
  const int time_series = recorder.add("time", {}, core::units::time);
  const int input_series = recorder.add("trajectories/input", {samples.size(), 1}, core::units::one);
  const int target_series = recorder.add("trajectories/target", {samples.size(), 1}, core::units::one);
  const int metric_time_series = loop.metric_times ? recorder.add("metrics/time", {}, core::units::time) : -1;
  for (auto& student : students) {
    student->recording = std::make_unique<runs::ModelRecording>(
        recorder, student->name(), student->model(), samples,
        student->windowed() ? runs::ModelRecording::What::parameters : runs::ModelRecording::What::signals_and_parameters);
    student->output_series = recorder.add("trajectories/" + student->name() + "/output", {samples.size(), 1}, core::units::one);
    student->mse_series = recorder.add("metrics/" + student->name() + "/mse", {}, core::units::one);
  }

  double dt = 0;  // of the step being taken, for the step named in errors
  const auto at_step = [&loop, &dt](long k) {
    return [&loop, &dt, k] {
      char text[64];
      std::snprintf(text, sizeof text, " step %ld (t = %g)", k + 1, static_cast<double>(k + 1) * dt);
      return loop.task + text;
    };
  };
  // What a student's output is measured against, set per step and student:
  // the observer is made once, not at every step (it would allocate).
  const MatrixF* target = nullptr;
  bool record = false;
  int output_series = -1;
  double squared_error = 0;
  const std::function<void(ConstMatrixMap<float>)> observe = [&](ConstMatrixMap<float> output) {
    squared_error = loop.squared_error(output, *target);
    if (record) recorder.append_columns(output_series, output, samples);
  };
  core::Progress progress(loop.task, loop.steps, progress_line);
  try {
    for (long k = 0; k < loop.steps; ++k) {
      const TeacherStep step = teacher(k);
      dt = step.dt;
      target = step.target_begin;
      const bool learning = k >= loop.learn_from;
      record = k % loop.record_every == 0;
      const bool interval_ends = (k + 1) % loop.record_every == 0;
      for (auto& student : students) {
        if (record && loop.parameters_before_step) student->recording->record_parameters();
        squared_error = 0;
        output_series = student->output_series;
        const bool update = student->step(step, learning, observe);
        if (!std::isfinite(squared_error)) {
          core::require_finite_loss(squared_error, student->model(), "student " + student->name(), "output error",
                                    at_step(k));
        }
        student->interval_error += squared_error;
        if (k >= loop.steps - loop.final_steps) student->final_error += squared_error;
        if (update) student->update(loop.tau_min);
        if (record) {
          student->recording->record_signals();
          if (!loop.parameters_before_step) student->recording->record_parameters();
        }
        if (interval_ends) {
          recorder.append(student->mse_series, static_cast<float>(student->interval_error / loop.record_every));
          student->interval_error = 0;
        }
      }
      for (auto& comparison : compared) {
        if (learning) comparison.fidelity.add_step();
        if ((k + 1) % comparison.window == 0) comparison.fidelity.end_window(step.t_end, comparison.window);
      }
      if (record) {
        recorder.append(time_series, static_cast<float>(step.t));
        recorder.append_columns(input_series, *step.input_begin, samples);
        recorder.append_columns(target_series, *target, samples);
      }
      if (interval_ends && loop.metric_times) recorder.append(metric_time_series, static_cast<float>(step.t_end));
      progress.update(k + 1);
    }
    // The last step's learning is in no output error yet.
    for (auto& student : students) {
      core::require_finite(student->model(), "student " + student->name(), at_step(loop.steps - 1));
    }
  } catch (const core::Diverged& divergence) {
    recorder.flush();
    runs::mark_diverged(file, divergence);
    throw;
  }
  progress.finish();
  for (const auto& comparison : compared) comparison.fidelity.write(file);
  return progress.seconds_elapsed();
}

}  // namespace prospect::training
