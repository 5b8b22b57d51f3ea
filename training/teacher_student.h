#pragma once
// The loop of a GLE teacher-student experiment (chain, small_network):
// students of the teacher's shape learn, side by side and from the same
// input, to reproduce its output. A student learns online (a GLE or
// instantaneous network, one update per step) or over windows (the adjoint
// method, i.e. truncated BPTT, one update at the end of each window). The
// loop measures every student's output error, compares every online
// student's gradient with every windowed one's over the windows, records,
// and marks the run file when a student diverges.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/h5_file.h"
#include "core/optimizer.h"
#include "core/recorder.h"
#include "integrators/integration.h"
#include "models/gle/adjoint.h"
#include "models/gle/gle_scheme.h"
#include "runs/model_recording.h"

namespace prospect::training {

// One step of the teacher, from t to t + dt: its input at both ends and its
// output, the students' target.
struct TeacherStep {
  long k = 0;  // step index, from 0
  double t = 0, dt = 0;
  double t_end = 0;  // t + dt as the task counts time (window ends are stamped with it)
  const MatrixF* input_begin = nullptr;
  const MatrixF* input_end = nullptr;
  const MatrixF* target_begin = nullptr;
  const MatrixF* target_end = nullptr;  // none: the target holds over the step
};

class Student {
 public:
  // A student starts from `initial` and learns the parameters `learned` picks.
  Student(std::string name, const gle::Parameters<float>& initial, const gle::LearnedParameters& learned);
  Student(const Student&) = delete;
  Student& operator=(const Student&) = delete;

  // Exactly one of these two, then set_optimizer: online, with the scheme
  // make() builds on parameters(); or truncated BPTT over `window` steps.
  void learn_online(const std::function<std::unique_ptr<gle::Scheme<float>>(gle::Parameters<float>&)>& make);
  void learn_in_windows(long window, Index batch, gle::AdjointForward forward, double dt);
  void set_optimizer(std::unique_ptr<core::Optimizer<float>> optimizer) { optimizer_ = std::move(optimizer); }

  const std::string& name() const { return name_; }
  gle::Parameters<float>& parameters() { return parameters_; }
  const gle::Parameters<float>& parameters() const { return parameters_; }
  core::ParameterList<float> trainable() { return parameters_.trainable(learned_); }
  bool windowed() const { return window_ > 0; }
  long window() const { return window_; }
  core::Model<float>& model() { return *model_; }

  // Advances one step with the teacher. `observe` is given the student's
  // output at the step's start (what a scheme reports after its step; a
  // windowed student's staggered forward pass produces it before the step,
  // its sequential one after). Returns whether the student learns now:
  // every step while `learning`, or at the end of each window.
  bool step(const TeacherStep& teacher, bool learning, const std::function<void(ConstMatrixMap<float>)>& observe);
  void update(double tau_min);  // optimizer step; time constants clamped to >= tau_min (0: not)

  // What the loop keeps per student.
  std::unique_ptr<runs::ModelRecording> recording;
  int output_series = -1, mse_series = -1;
  double interval_error = 0;  // summed squared error since the last mse record
  double final_error = 0;     // summed squared error over the final steps

 private:
  std::string name_;
  gle::Parameters<float> parameters_;
  gle::LearnedParameters learned_;
  std::unique_ptr<gle::Scheme<float>> network_;
  std::unique_ptr<gle::AdjointMethod<float>> bptt_;
  core::Model<float>* model_ = nullptr;
  long window_ = 0;
  bool output_before_step_ = false;
  std::unique_ptr<core::Optimizer<float>> optimizer_;
};

struct TeacherStudentLoop {
  std::string task;             // names the progress line and the steps in errors
  integrators::Integration integration;  // stamped on the run file with the students' family
  long steps = 0;
  long learn_from = 0;          // steps before learning begins
  long final_steps = 1;         // the final error is summed over the last ones
  long record_every = 1;        // trajectories, parameters and the mse series
  std::vector<Index> samples;   // batch samples recorded
  double tau_min = 0;           // clamp after every update; 0: none
  bool parameters_before_step = false;  // record parameters before a step, else after its update
  bool metric_times = false;    // also record metrics/time, the end of each mse interval
  double fidelity_scale = 1;    // of the gradients compared (dt / beta)
  // The squared error of a student's output against the target, batch mean.
  std::function<double(ConstMatrixMap<float> output, const MatrixF& target)> squared_error;
};

// Runs loop.steps steps: teacher(k) advances the teacher and says what it
// gave. Writes the series, the gradient comparisons and, when a student
// diverges, the divergence (then rethrows). Returns the seconds taken.
double run_teacher_student(const TeacherStudentLoop& loop, std::vector<std::unique_ptr<Student>>& students,
                           const std::function<TeacherStep(long k)>& teacher, core::Recorder& recorder,
                           core::H5Writer& file, bool progress);

}  // namespace prospect::training
