#include "tasks/mackey_glass_forecast.h"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/optimizer.h"
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
  void set_forecast(long k, double value) {
    if (k < static_cast<long>(forecasts_.size())) forecasts_[static_cast<std::size_t>(k)] = value;
  }

 private:
  const datasets::MackeyGlassSeries& series_;
  const datasets::MackeyGlassWindow& window_;
  std::vector<double> forecasts_;
};

void fill_input(const Feed& feed, const ForecastSettings& s, long k, MatrixF& input) {
  for (long j = 0; j <= s.delayed_copies; ++j) {
    input(j, 0) = static_cast<float>(feed.at(k - j * s.delay_steps));
  }
}

}  // namespace

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
  // Steps whose target (one horizon ahead, at both ends of the step) lies in the training half.
  const long learning_steps = train - h - 1;

  auto scheme = gle::make_scheme(s.scheme, parameters, 1);
  core::Adam<float> optimizer(parameters.trainable({}), s.learning_rate);
  Feed feed(series, window);
  const Index inputs = s.delayed_copies + 1;
  MatrixF x0(inputs, 1), x1(inputs, 1), y0(1, 1), y1(1, 1);

  ForecastResult result;
  for (long k = 0; k < learning_steps; ++k) {
    const double miss = feed.truth(k) - feed.truth(k + h);
    result.persistence_mse += miss * miss / static_cast<double>(learning_steps);
  }
  const auto step = [&](long k, bool learn) {
    fill_input(feed, s, k, x0);
    fill_input(feed, s, k + 1, x1);
    gle::StepDrive<float> drive{.input_begin = &x0, .input_end = &x1};
    if (learn) {
      y0(0, 0) = static_cast<float>(feed.truth(k + h));
      y1(0, 0) = static_cast<float>(feed.truth(k + h + 1));
      drive.target_begin = &y0;
      drive.target_end = &y1;
    }
    scheme->set_gradients(learn);
    scheme->step(drive, static_cast<double>(k) * s.dt, s.dt);
    if (learn) optimizer.step();
    const double forecast = scheme->output()(0, 0);  // of x at k + h
    feed.set_forecast(k + h, forecast);
    return forecast;
  };

  for (long epoch = 0; epoch < s.epochs; ++epoch) {
    scheme->reset();
    double mse = 0;
    const auto begin = std::chrono::steady_clock::now();
    for (long k = 0; k < learning_steps; ++k) {
      const double miss = step(k, true) - feed.truth(k + h);
      mse += miss * miss;
      if (progress) progress(epoch);
    }
    result.training_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    result.training_steps += learning_steps;
    result.train_mse.push_back(mse / static_cast<double>(learning_steps));

    const bool evaluate = (epoch + 1) % s.evaluate_every == 0 || epoch + 1 == s.epochs;
    if (!evaluate) {
      result.smape.push_back(std::numeric_limits<double>::quiet_NaN());
      continue;
    }
    // The rest of the training half without targets, then the test half on
    // the network's own forecasts.
    for (long k = learning_steps; k < train + test - 1; ++k) {
      step(k, false);
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
