#pragma once
// One Mackey-Glass window of the GLE paper's forecasting experiment
// (Methods 5.6.8): a GLE network sees the current value and delayed copies,
// x(t), x(t-Δ), x(t-2Δ), ..., and learns to output x(t + horizon).
//
// The network sees (x - center) / scale and its output is the target in the
// same units. An epoch streams the training half teacher-forced: the inputs
// are the true series, the target is the true value one horizon ahead. The
// half is cut into `segments` equal parts streamed side by side as one batch
// from the network at rest, so every optimizer step (one per time step)
// averages distant parts of the attractor; a single stream would make
// per-step updates chase the current stretch of the series. The learning rate
// decays geometrically from `learning_rate` (first epoch) to
// `final_learning_rate` (last). With `input_noise` > 0 every epoch feeds the
// training half with fresh Gaussian noise added to each sample (targets stay
// clean), so the model learns to pull perturbed inputs back onto the
// attractor, as it must when fed its own forecasts. Then, on evaluation
// epochs, a batch-1 copy of the network runs in from rest over `warmup` of
// the true series and the external input is cut: from the first test sample
// on, every input (the delayed copies too, once they reach the test half) is
// the network's own forecast, made `horizon` earlier, and the test half is
// streamed without learning. With `average_epochs` > 0 the tests use an
// exponential running average of the parameters over the learning steps
// instead of the latest ones (Polyak averaging): the forecast is chaotic in
// the parameters, and the average removes the optimizer's step-to-step
// jitter that the one-step error does not show. sMAPE compares the forecasts of the test half
// with the series. The horizon must be at least two steps so both ends of a
// step's input are known when the step starts (inputs are interpolated
// within a step).

#include <cstdint>
#include <functional>
#include <vector>

#include "core/optimizer.h"
#include "datasets/mackey_glass.h"
#include "models/gle/make_scheme.h"

namespace prospect::tasks {

struct ForecastSettings {
  double dt = 0.2;
  long delay_steps = 30;    // Δ / dt
  long delayed_copies = 3;  // inputs besides the current value
  long horizon_steps = 5;   // target x(t + horizon): horizon / dt
  long epochs = 150;
  long evaluate_every = 1;  // epochs between autoregressive tests (the last is always tested)
  core::OptimizerKind optimizer = core::OptimizerKind::adam;
  double learning_rate = 1e-3;        // first epoch
  double final_learning_rate = 1e-5;  // last epoch, geometric in between
  double center = 0.9, scale = 0.25;  // the network sees (x - center) / scale
  long segments = 10;                 // parts of the training half streamed as one batch
  double input_noise = 1e-3;          // sd of Gaussian noise on the fed training series (network units)
  std::uint64_t noise_seed = 0;       // its stream, redrawn every epoch
  long warmup_steps = 100;            // run-in before the test half
  double average_epochs = 0;  // time constant of the running average of the parameters the
                              // tests use [epochs]; 0: the current parameters
  gle::SchemeChoice scheme;
};

struct ForecastResult {
  std::vector<double> smape;      // per epoch; NaN where not evaluated
  std::vector<double> train_mse;  // per epoch, over the teacher-forced steps
  std::vector<double> learning_rate;  // per epoch
  double persistence_mse = 0;     // the same for the forecast x(t + horizon) = x(t)
  std::vector<double> prediction, target;  // the test half after the last epoch
  long training_steps = 0;        // learning (optimizer) steps, all epochs
  double training_seconds = 0;    // time spent in learning steps
};

// Called after every streamed step with its epoch (0-based); for progress lines.
using ForecastProgress = std::function<void(long epoch)>;

// Steps train_forecaster streams for `window`, learning and testing (the
// progress total).
long forecaster_steps(const ForecastSettings& settings, const datasets::MackeyGlassWindow& window);

ForecastResult train_forecaster(const ForecastSettings& settings,
                                const datasets::MackeyGlassSeries& series,
                                const datasets::MackeyGlassWindow& window,
                                gle::Parameters<float>& parameters,
                                const ForecastProgress& progress = {});

}  // namespace prospect::tasks
