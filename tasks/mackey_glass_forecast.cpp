#include "tasks/mackey_glass_forecast.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/divergence.h"
#include "core/error.h"
#include "core/optimizer.h"
#include "core/random.h"
#include "core/smape.h"

namespace prospect::tasks {
namespace {

// The values the network sees, indexed by sample relative to the window
// start: the true series before the test half, the network's own forecasts
// from then on.
class Feed {
 public:
  Feed(const datasets::MackeyGlassSeries& series, const datasets::MackeyGlassWindow& window)
      : series_(series), window_(window),
        forecasts_(static_cast<std::size_t>(window.train_steps + window.test_steps), 0.0) {}

  double truth(long k) const { return series_.at(window_.start + k); }
  double at(long k) const {
    return k < window_.train_steps ? truth(k) : forecasts_[static_cast<std::size_t>(k)];
  }
  // The training half with noise of standard deviation `sd` (x units) added
  // to every sample (k may be negative: delayed copies before the window).
  double noisy(long k) const { return at(k) + noise_[static_cast<std::size_t>(k - first_)]; }
  void draw_noise(long first, long last, double sd, core::Rng& rng) {
    first_ = first;
    noise_.resize(static_cast<std::size_t>(last - first));
    for (double& n : noise_) n = sd > 0 ? sd * rng.normal() : 0.0;
  }
  void set_forecast(long k, double value) {
    if (k < static_cast<long>(forecasts_.size())) forecasts_[static_cast<std::size_t>(k)] = value;
  }

 private:
  const datasets::MackeyGlassSeries& series_;
  const datasets::MackeyGlassWindow& window_;
  std::vector<double> forecasts_;
  std::vector<double> noise_;
  long first_ = 0;
};

// Column `column` of `input`: the network's view (x - center) / scale of the
// current value and the delayed copies at sample k (with the training noise
// when `noisy`).
void fill_input(const Feed& feed, const ForecastSettings& s, long k, MatrixF& input, Index column,
                bool noisy = false) {
  for (long j = 0; j <= s.delayed_copies; ++j) {
    const long at = k - j * s.delay_steps;
    input(j, column) = static_cast<float>(((noisy ? feed.noisy(at) : feed.at(at)) - s.center) / s.scale);
  }
}

// Steps of one segment: the training half's learning steps (whose target,
// one horizon ahead, lies in it at both ends of the step) cut into equal
// segments streamed side by side; the remainder is left out.
long segment_steps(const ForecastSettings& s, const datasets::MackeyGlassWindow& window) {
  return (window.train_steps - s.horizon_steps - 1) / s.segments;
}

// The first step of a test: the warm-up on the true series before the forecasts.
long test_begin(const ForecastSettings& s, const datasets::MackeyGlassWindow& window) {
  return std::max(0L, window.train_steps - s.horizon_steps - s.warmup_steps);
}

// averaged ← (1 − rate) averaged + rate current, parameter by parameter (a
// copy when rate = 1); both lists view networks of the same spec.
void track_average(const core::ParameterList<float>& into, const core::ParameterList<float>& from,
                   float rate) {
  for (std::size_t p = 0; p < into.size(); ++p) {
    Eigen::Map<VectorF> a(into[p].value, into[p].size);
    a = (1 - rate) * a + rate * Eigen::Map<const VectorF>(from[p].value, from[p].size);
  }
}

bool evaluated(const ForecastSettings& s, long epoch) {
  return (epoch + 1) % s.evaluate_every == 0 || epoch + 1 == s.epochs;
}

}  // namespace

long forecaster_steps(const ForecastSettings& s, const datasets::MackeyGlassWindow& window) {
  const long test_steps = window.train_steps + window.test_steps - 1 - test_begin(s, window);
  long steps = 0;
  for (long epoch = 0; epoch < s.epochs; ++epoch) {
    steps += segment_steps(s, window) + (evaluated(s, epoch) ? test_steps : 0);
  }
  return steps;
}

ForecastResult train_forecaster(const ForecastSettings& s, const datasets::MackeyGlassSeries& series,
                                const datasets::MackeyGlassWindow& window,
                                gle::Parameters<float>& parameters, const ForecastProgress& progress) {
  if (s.horizon_steps < 2) {
    fail("Mackey-Glass forecast: the horizon is ", s.horizon_steps,
         " step(s); it must be at least 2 steps so that the fed-back input is known at both ends "
         "of a step");
  }
  const long train = window.train_steps, test = window.test_steps, h = s.horizon_steps;
  if (train <= h + 1) fail("Mackey-Glass forecast: the training half (", train, " steps) is not longer than the horizon (", h, " steps)");
  const long learning_steps = train - h - 1, segment = segment_steps(s, window);
  if (segment < 1) {
    fail("Mackey-Glass forecast: ", s.segments, " segments but only ", learning_steps, " learning steps");
  }
  const Index batch = s.segments;

  auto learner = gle::make_scheme(s.scheme, parameters, batch);
  gle::Parameters<float> tested = parameters;  // what the tests use
  const auto average_rate = static_cast<float>(
      s.average_epochs > 0 ? std::min(1.0, 1.0 / (s.average_epochs * static_cast<double>(segment))) : 1.0);
  const auto tested_values = tested.all(), learned_values = parameters.all();  // built once: views
  auto forecaster = gle::make_scheme(s.scheme, tested, 1);
  forecaster->set_gradients(false);
  auto optimizer = core::make_optimizer(s.optimizer, parameters.trainable({}), s.learning_rate);
  Feed feed(series, window);
  const Index inputs = s.delayed_copies + 1;
  MatrixF x0(inputs, batch), x1(inputs, batch), y0(1, batch), y1(1, batch);
  // The target x(k + h) in the network's units, and back.
  const auto target = [&](long k) { return static_cast<float>((feed.truth(k + h) - s.center) / s.scale); };
  const auto forecast = [&](double y) { return s.center + s.scale * y; };

  ForecastResult result;
  for (long k = 0; k < learning_steps; ++k) {
    const double miss = feed.truth(k) - feed.truth(k + h);
    result.persistence_mse += miss * miss / static_cast<double>(learning_steps);
  }

  for (long epoch = 0; epoch < s.epochs; ++epoch) {
    if (s.epochs > 1) {
      optimizer->set_learning_rate(s.learning_rate * std::pow(s.final_learning_rate / s.learning_rate,
                                   static_cast<double>(epoch) / static_cast<double>(s.epochs - 1)));
    }
    result.learning_rate.push_back(optimizer->learning_rate());
    learner->reset();
    core::Rng rng(core::derive_seed(s.noise_seed, static_cast<std::uint64_t>(epoch)));
    feed.draw_noise(-s.delayed_copies * s.delay_steps, learning_steps + 1, s.input_noise * s.scale, rng);
    double mse = 0;
    const auto begin = std::chrono::steady_clock::now();
    for (long i = 0; i < segment; ++i) {
      for (Index b = 0; b < batch; ++b) {
        const long k = b * segment + i;
        fill_input(feed, s, k, x0, b, true);
        fill_input(feed, s, k + 1, x1, b, true);
        y0(0, b) = target(k);
        y1(0, b) = target(k + 1);
      }
      learner->step({.input_begin = &x0, .input_end = &x1, .target_begin = &y0, .target_end = &y1},
                    static_cast<double>(i) * s.dt, s.dt);
      optimizer->step();
      track_average(tested_values, learned_values, average_rate);
      for (Index b = 0; b < batch; ++b) {
        const long k = b * segment + i;
        const double miss = forecast(learner->output()(0, b)) - feed.truth(k + h);
        mse += miss * miss;
      }
      core::require_finite_loss(mse, *learner, "", "training error", [&] {
        return "epoch " + std::to_string(epoch + 1) + ", training step " + std::to_string(i + 1);
      });
      if (progress) progress(epoch);
    }
    result.training_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    result.training_steps += segment;
    result.train_mse.push_back(mse / static_cast<double>(segment * batch));

    if (!evaluated(s, epoch)) {
      result.smape.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    // From rest, a warm-up on the true series, then the test half on the
    // network's own forecasts.
    forecaster->reset();
    for (long k = test_begin(s, window); k < train + test - 1; ++k) {
      fill_input(feed, s, k, x0, 0);
      fill_input(feed, s, k + 1, x1, 0);
      forecaster->step({.input_begin = &x0, .input_end = &x1}, static_cast<double>(k) * s.dt, s.dt);
      core::require_finite_loss(forecaster->output()(0, 0), *forecaster, "", "forecast", [&] {
        return "epoch " + std::to_string(epoch + 1) + ", test step " + std::to_string(k + 1);
      });
      feed.set_forecast(k + h, forecast(forecaster->output()(0, 0)));  // of x at k + h
      if (progress) progress(epoch);
    }
    result.prediction.resize(static_cast<std::size_t>(test));
    result.target.resize(static_cast<std::size_t>(test));
    for (long i = 0; i < test; ++i) {
      result.prediction[static_cast<std::size_t>(i)] = feed.at(train + i);
      result.target[static_cast<std::size_t>(i)] = feed.truth(train + i);
    }
    result.smape.push_back(core::smape(result.prediction, result.target));
  }
  return result;
}

}  // namespace prospect::tasks
