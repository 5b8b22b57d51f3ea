#include "tasks/mackey_glass.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <functional>
#include <mutex>
#include <numeric>
#include <optional>

#include "core/divergence.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "core/output.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "models/gle/options.h"
#include "models/gle/population_layers.h"
#include "runs/run_file.h"
#include "tasks/mackey_glass_forecast.h"

namespace prospect::tasks {
namespace {

// `value` [time] in steps of dt, or an error naming the key.
long steps_of(const core::Options& o, const std::string& key, double dt) {
  const double value = o.positive(key);
  const long n = o.steps(key, dt);
  if (std::abs(static_cast<double>(n) * dt - value) > 1e-9 * value) {
    core::fail_value(key, o.text(key), "expected a whole number of steps of dt = " + std::to_string(dt));
  }
  return n;
}

gle::NetworkSpec network_spec(const core::Options& o, Index inputs) {
  const double output_tau = o.positive("network.output_tau");
  gle::NetworkSpec spec;
  spec.input_size = inputs;
  spec.layers = gle::population_layers(o);
  spec.layers.push_back({.size = 1, .activation = core::Activation::linear,
                         .tau_m = {output_tau}, .tau_r = {output_tau}, .bias = true});
  spec.loss = core::Loss::mse;
  spec.beta = o.positive("network.beta");
  return spec;
}

double mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}
double standard_deviation(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double sum = 0;
  for (const double x : v) sum += (x - m) * (x - m);
  return std::sqrt(sum / static_cast<double>(v.size() - 1));
}

ForecastSettings forecast_settings(const core::Options& o) {
  ForecastSettings s;
  s.dt = o.positive("integrator.dt");
  s.delay_steps = steps_of(o, "input.delay", s.dt);
  s.delayed_copies = o.non_negative_integer("input.delayed_copies");
  s.horizon_steps = steps_of(o, "target.horizon", s.dt);
  if (s.horizon_steps < 2) core::fail_value("target.horizon", o.text("target.horizon"), "expected >= 2 dt");
  s.epochs = o.positive_integer("epochs");
  s.evaluate_every = o.positive_integer("evaluate.every");
  s.learning_rate = o.positive("optimizer.lr");
  s.final_learning_rate = o.positive("optimizer.final_lr");
  s.optimizer = core::parse(core::kOptimizerNames, "optimizer.kind", o.text("optimizer.kind"));
  s.center = o.real("input.center");
  s.scale = o.positive("input.scale");
  s.segments = o.positive_integer("train.segments");
  s.input_noise = o.non_negative("train.input_noise");
  s.warmup_steps = steps_of(o, "evaluate.warmup", s.dt);
  s.average_epochs = o.non_negative("evaluate.average");
  s.scheme = gle::scheme_choice(o);
  return s;
}

datasets::WindowSettings window_settings(const core::Options& o) {
  datasets::WindowSettings w;
  w.count = o.positive_integer("windows");
  w.lyapunov_time = o.positive("lyapunov_time");
  w.length = o.positive("window.length");
  w.shift = o.non_negative("window.shift");
  w.train = o.positive("window.train");
  w.first = o.non_negative("window.first");
  return w;
}

datasets::MackeyGlassSeries mackey_glass_series(const core::Options& o, double lyapunov_time, double dt) {
  datasets::MackeyGlassSettings data;
  data.tau = o.positive("data.tau");
  data.past = o.positive("data.past");
  data.step = o.positive("data.step");
  return datasets::generate_mackey_glass(data, o.positive("data.length") * lyapunov_time, dt);
}

// The table of finished windows on stdout and in the run file: add() appends
// window k's result and rewrites the file, so the file always holds the
// windows finished so far, in order.
class ForecastTable {
 public:
  ForecastTable(const ForecastSettings& s, const datasets::WindowSettings& w,
                const std::vector<datasets::MackeyGlassWindow>& windows, core::H5Writer& file,
                const core::Progress& progress)
      : s_(s), w_(w), windows_(windows), file_(file), progress_(progress), test_(windows[0].test_steps) {
    std::vector<double> time(static_cast<std::size_t>(test_));
    for (long i = 0; i < test_; ++i) time[static_cast<std::size_t>(i)] = static_cast<double>(i) * s.dt / w.lyapunov_time;
    file.write("forecast/time", time, core::units::lyapunov_time);
    core::out("%6s %9s %12s %12s %10s %12s %9s\n", "window", "start[λ]", "final sMAPE", "best sMAPE",
              "best epoch", "train MSE", "seconds");
  }

  void add(std::size_t k, const ForecastResult& r, double window_seconds) {
    const auto best = std::min_element(r.smape.begin(), r.smape.end(), [](double a, double b) {
      return !std::isnan(a) && (std::isnan(b) || a < b);  // untested epochs are NaN
    });
    starts_.push_back(static_cast<double>(windows_[k].start) * s_.dt / w_.lyapunov_time);
    finals_.push_back(r.smape.back());
    bests_.push_back(*best);
    best_epochs_.push_back(static_cast<double>(best - r.smape.begin() + 1));
    persistence_.push_back(r.persistence_mse);
    seconds_.push_back(window_seconds);
    predictions_.insert(predictions_.end(), r.prediction.begin(), r.prediction.end());
    targets_.insert(targets_.end(), r.target.begin(), r.target.end());
    smapes_.insert(smapes_.end(), r.smape.begin(), r.smape.end());
    train_mses_.insert(train_mses_.end(), r.train_mse.begin(), r.train_mse.end());
    rates_ = r.learning_rate;
    training_seconds_ += r.training_seconds;
    training_steps_ += r.training_steps;
    core::out("%6zu %9.2f %11.2f%% %11.2f%% %10.0f %12.3e %9.1f\n", k + 1, starts_.back(),
              finals_.back(), bests_.back(), best_epochs_.back(), r.train_mse.back(), seconds_.back());
    write(k + 1);
  }

  void print_summary() const {
    core::out("sMAPE over %zu windows: %.2f ± %.2f %% (sd); best over training %.2f %%; "
              "%.1f s, %.3f ms per training step\n",
              windows_.size(), mean(finals_), standard_deviation(finals_), mean(bests_),
              progress_.seconds_elapsed(), ms_per_training_step());
  }

 private:
  double ms_per_training_step() const { return 1e3 * training_seconds_ / static_cast<double>(training_steps_); }

  void write(hsize_t done_windows) {
    file_.write("forecast/prediction", {done_windows, hsize_t(test_)}, predictions_.data(), core::units::one);
    file_.write("forecast/target", {done_windows, hsize_t(test_)}, targets_.data(), core::units::one);
    file_.write("metrics/epoch/smape", {done_windows, hsize_t(s_.epochs)}, smapes_.data(), core::units::percent);
    file_.write("metrics/epoch/train_mse", {done_windows, hsize_t(s_.epochs)}, train_mses_.data(), core::units::one);
    file_.write("metrics/epoch/lr", rates_, core::units::one);
    file_.write("metrics/window/start", starts_, core::units::lyapunov_time);
    file_.write("metrics/window/final_smape", finals_, core::units::percent);
    file_.write("metrics/window/best_smape", bests_, core::units::percent);
    file_.write("metrics/window/best_epoch", best_epochs_, core::units::one);
    file_.write("metrics/window/persistence_mse", persistence_, core::units::one);
    file_.write("metrics/window/seconds", seconds_, core::units::seconds);
    file_.write("summary/mean_smape", std::vector<double>{mean(finals_)}, core::units::percent);
    file_.write("summary/std_smape", std::vector<double>{standard_deviation(finals_)}, core::units::percent);
    file_.write("summary/mean_best_smape", std::vector<double>{mean(bests_)}, core::units::percent);
    file_.write("summary/seconds", std::vector<double>{progress_.seconds_elapsed()}, core::units::seconds);
    file_.write("summary/ms_per_training_step", std::vector<double>{ms_per_training_step()}, core::units::milliseconds);
    file_.commit();
  }

  const ForecastSettings& s_;
  const datasets::WindowSettings& w_;
  const std::vector<datasets::MackeyGlassWindow>& windows_;
  core::H5Writer& file_;
  const core::Progress& progress_;
  long test_;
  std::vector<double> starts_, finals_, bests_, best_epochs_, persistence_, seconds_, predictions_, targets_,
      smapes_, train_mses_, rates_;
  double training_seconds_ = 0;
  long training_steps_ = 0;
};

// Trains window k's own network from its own seed; `show` is told the steps
// done over all windows (`done`) and where this window stands.
ForecastResult train_window(const ForecastSettings& s, const gle::NetworkSpec& spec,
                            const datasets::MackeyGlassSeries& series, const std::vector<datasets::MackeyGlassWindow>& windows,
                            std::size_t k, std::uint64_t seed,
                            const std::function<void(long done, const std::string& status)>& show,
                            std::atomic<long>& done) {
  gle::Parameters<float> parameters(spec);
  core::Rng rng(core::derive_seed(seed, k));
  parameters.initialise_uniform(rng);
  ForecastSettings window_settings = s;
  window_settings.noise_seed = core::derive_seed(seed, k, 1);
  long epoch_now = -1;
  std::string status;
  core::StopCheck stop_if_requested;
  const auto on_step = [&](long epoch) {
    if (epoch != epoch_now) {
      epoch_now = epoch;
      status = "window " + std::to_string(k + 1) + "/" + std::to_string(windows.size()) + " epoch " +
               std::to_string(epoch + 1) + "/" + std::to_string(s.epochs);
    }
    stop_if_requested([&] { return "in mackey_glass " + status; });
    show(++done, status);
  };
  try {
    return train_forecaster(window_settings, series, windows[k], parameters, on_step);
  } catch (const core::Diverged& divergence) {
    throw core::Diverged("mackey_glass window " + std::to_string(k + 1) + ", " + divergence.where());
  }
}

}  // namespace

std::string MackeyGlassTask::summary() const {
  return "Mackey-Glass forecasting over 10 Lyapunov times, teacher-forced then autoregressive "
         "(GLE paper Fig. 10)";
}

core::OptionTable MackeyGlassTask::options() const {
  core::OptionTable t;
  t.add({"data.tau", "17", "Mackey-Glass delay", "time", "> 0"})
      .add({"data.past", "0.7206597", "constant history x(t <= 0)", "1", "> 0"})
      .add({"data.step", "0.01", "RK4 step of the generator (tau and dt whole multiples of it)", "time", "> 0"})
      .add({"data.length", "50", "series length", "lyapunov_time", "> 0"})
      .add({"lyapunov_time", "197", "Lyapunov time lambda", "time", "> 0"})
      .add({"windows", "30", "windows (sequences), each with its own network", "1", "whole >= 1"})
      .add({"window.length", "20", "window length", "lyapunov_time", "> 0"})
      .add({"window.shift", "0.5", "shift between window starts", "lyapunov_time", ">= 0"})
      .add({"window.train", "10", "teacher-forced first part of a window", "lyapunov_time", "> 0"})
      .add({"window.first", "0", "start of the first window; e.g. 50 with data.length = 100 gives windows outside the benchmark's series for choosing settings", "lyapunov_time", ">= 0"})
      .add({"input.delay", "6", "delay between the input copies", "time", "> 0"})
      .add({"input.delayed_copies", "3", "delayed copies besides the current value", "1", "whole >= 0"})
      .add({"target.horizon", "1", "the target is x(t + horizon); at least 2 dt", "time", "> 0"})
      .add({"network.hidden_layers", "2", "hidden layers", "layers", "whole >= 1"})
      .add({"network.populations", "47, 46", "neurons per population in each hidden layer", "neurons", "list of whole >= 1"})
      .add({"network.tau_m", "1, 2", "tau_m per population", "time", "list of > 0"})
      .add({"network.tau_r", "1, 0.2", "tau_r per population (= tau_m: instantaneous)", "time", "list of > 0"})
      .add({"network.activation", "tanh", "hidden activation", "none", "linear | tanh | softplus | sigmoid | relu"})
      .add({"network.output_tau", "1", "tau_m = tau_r of the linear output neuron", "time", "> 0"})
      .add({"network.beta", "1", "nudging strength", "1", "> 0"})
      .add({"epochs", "150", "passes over the training part per window", "epochs", "whole >= 1"})
      .add({"evaluate.every", "1", "epochs between autoregressive tests (the last is always tested)", "epochs", "whole >= 1"})
      .add({"input.center", "0.9", "the network sees (x - center) / scale and outputs the target so scaled", "1", "number"})
      .add({"input.scale", "0.25", "see input.center; x lies in [0.42, 1.32]", "1", "> 0"})
      .add({"train.segments", "10", "equal parts of the training half streamed side by side as one batch", "1", "whole >= 1"})
      .add({"train.input_noise", "1e-3", "sd of Gaussian noise added to the fed (scaled) training inputs, redrawn per epoch", "1", ">= 0"})
      .add({"evaluate.warmup", "20", "teacher-forced run-in from rest before the test half", "time", ">= 0"})
      .add({"evaluate.average", "1", "time constant of the running average of the parameters the tests use; 0: the latest parameters", "epochs", ">= 0"})
      .add({"optimizer.kind", "adam", "adam or sgd, one step per time step (not in the paper)", "none", "sgd | adam"})
      .add({"optimizer.lr", "1e-3", "learning rate of the first epoch (not in the paper)", "1", "> 0"})
      .add({"optimizer.final_lr", "1e-5", "learning rate of the last epoch, geometric decay in between", "1", "> 0"})
      .append(gle::integrator_options("0.2", "ode"));
  return t;
}

void MackeyGlassTask::run(const runs::RunContext& context) const {
  const auto& o = context.options;
  const ForecastSettings s = forecast_settings(o);
  const auto spec = network_spec(o, s.delayed_copies + 1);
  spec.validate(s.dt);
  const datasets::WindowSettings w = window_settings(o);
  const auto series = mackey_glass_series(o, w.lyapunov_time, s.dt);
  const auto windows = datasets::mackey_glass_windows(w, series);

  core::out("mackey_glass: %zu windows of %ld + %ld steps (dt %g), %ld epochs, scheme %s/%s, "
            "lr %.3g to %.3g, %ld segments, horizon %ld steps\n",
            windows.size(), windows[0].train_steps, windows[0].test_steps, s.dt, s.epochs,
            core::name_of(integrators::kSchemeNames, s.scheme.kind).c_str(),
            core::name_of(integrators::kStepperNames, s.scheme.stepper).c_str(),
            s.learning_rate, s.final_learning_rate, s.segments, s.horizon_steps);
  core::H5Writer file = runs::open_run_file(context, name());
  runs::describe_run(file, "gle", gle::integration(s.scheme, s.dt));
  core::Progress progress("mackey_glass", forecaster_steps(s, windows[0]) * static_cast<long>(windows.size()),
                          context.progress);
  ForecastTable table(s, w, windows, file, progress);

  // Windows are independent: with --threads N, N of them train at once, each
  // on one thread, so the numbers do not depend on the thread count.
  struct FinishedWindow {
    ForecastResult result;
    double seconds;
  };
  std::vector<std::optional<FinishedWindow>> finished(windows.size());
  std::size_t reported = 0;
  std::atomic<long> done{0};
  std::mutex lock;  // guards the progress line, the table, the run file and `failure`
  std::exception_ptr failure;
  core::parallel_for(static_cast<long>(windows.size()), [&](long window) {
    const auto k = static_cast<std::size_t>(window);
    try {
      if (omp_in_parallel()) omp_set_num_threads(1);  // the window's own steps stay on this thread
      const auto begin = std::chrono::steady_clock::now();
      ForecastResult r = train_window(s, spec, series, windows, k, context.seed, [&](long now, const std::string& status) {
        if (!lock.try_lock()) return;  // another window holds the line
        progress.update(now, status);
        lock.unlock();
      }, done);
      const double window_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
      const std::lock_guard<std::mutex> guard(lock);
      finished[k] = FinishedWindow{std::move(r), window_seconds};
      for (; reported < windows.size() && finished[reported]; ++reported) {
        table.add(reported, finished[reported]->result, finished[reported]->seconds);
        finished[reported].reset();  // its forecast is in the run file now
      }
    } catch (...) {
      const std::lock_guard<std::mutex> guard(lock);
      if (!failure) failure = std::current_exception();
    }
  });
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const core::Diverged& divergence) {
      runs::mark_diverged(file, divergence);  // with the windows finished before
      throw;
    }
  }
  file.close();
  progress.finish();
  table.print_summary();
}

}  // namespace prospect::tasks
