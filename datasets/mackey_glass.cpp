#include "datasets/mackey_glass.h"

#include <cmath>

#include "core/error.h"
#include "core/memory.h"

namespace prospect::datasets {
namespace {

// A count of samples or steps from settings, checked before it becomes an integer.
long count_of(double count, const char* what) {
  if (!(count <= 1e15)) fail("Mackey-Glass: ", what, " of ", count, " samples, more than a run can count");
  return std::lround(count);
}

// `value / unit` as a whole number, or an error naming both settings.
long whole_multiple(double value, const char* value_name, double unit, const char* unit_name) {
  const long n = count_of(value / unit, value_name);
  if (n < 1 || std::abs(static_cast<double>(n) * unit - value) > 1e-9 * value) {
    fail("Mackey-Glass: ", value_name, " = ", value, " must be a whole multiple of ", unit_name,
         " = ", unit);
  }
  return n;
}

// The history on the grid t_i = i h: x_i and dx/dt_i for i >= 0, constant
// `past` (slope 0) before.
class History {
 public:
  History(double past, double h) : past_(past), h_(h) {}
  void push(double x, double slope) {
    x_.push_back(x);
    slope_.push_back(slope);
  }
  // x((i + θ) h), θ in [0, 1], by cubic Hermite on [t_i, t_{i+1}].
  double at(long i, double theta) const {
    if (i < 0) return past_;
    const auto a = static_cast<std::size_t>(i);
    if (theta == 0) return x_[a];
    const double t2 = theta * theta, t3 = t2 * theta;
    return (2 * t3 - 3 * t2 + 1) * x_[a] + (t3 - 2 * t2 + theta) * h_ * slope_[a] +
           (-2 * t3 + 3 * t2) * x_[a + 1] + (t3 - t2) * h_ * slope_[a + 1];
  }

 private:
  double past_, h_;
  std::vector<double> x_, slope_;
};

}  // namespace

MackeyGlassSeries generate_mackey_glass(const MackeyGlassSettings& s, double duration, double dt) {
  for (const auto& [name, value] : {std::pair{"beta", s.beta}, {"gamma", s.gamma},
                                    {"exponent", s.exponent}, {"tau", s.tau},
                                    {"past", s.past}, {"step", s.step}, {"dt", dt}}) {
    if (!(value > 0) || !std::isfinite(value)) fail("Mackey-Glass: ", name, " = ", value, " must be > 0");
  }
  if (!(duration >= 0)) fail("Mackey-Glass: duration = ", duration, " must be >= 0");
  const long delay = whole_multiple(s.tau, "tau", s.step, "step");
  const long every = whole_multiple(dt, "dt", s.step, "step");
  const long samples = count_of(std::floor(duration / dt + 1e-9), "a series") + 1;
  core::require_memory(static_cast<double>(samples) * sizeof(double) +
                           2.0 * static_cast<double>((samples - 1) * every) * sizeof(double),
                       "a Mackey-Glass series of " + std::to_string(samples) + " samples");
  const long steps = (samples - 1) * every;
  const double h = s.step;

  const auto rhs = [&](double x, double delayed) {
    return s.beta * delayed / (1 + std::pow(delayed, s.exponent)) - s.gamma * x;
  };
  History history(s.past, h);
  MackeyGlassSeries series{dt, s.past, {}};
  series.values.reserve(static_cast<std::size_t>(samples));
  double x = s.past;
  for (long j = 0;; ++j) {
    const long d = j - delay;  // grid index of t_j - τ
    const double k1 = rhs(x, history.at(d, 0));
    history.push(x, k1);
    if (j % every == 0) series.values.push_back(x);
    if (j == steps) break;
    const double mid = history.at(d, 0.5), end = history.at(d + 1, 0);
    const double k2 = rhs(x + 0.5 * h * k1, mid);
    const double k3 = rhs(x + 0.5 * h * k2, mid);
    const double k4 = rhs(x + h * k3, end);
    x += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  return series;
}

std::vector<MackeyGlassWindow> mackey_glass_windows(const WindowSettings& s,
                                                    const MackeyGlassSeries& series) {
  if (s.count < 1) fail("Mackey-Glass windows: count = ", s.count, " must be >= 1");
  for (const auto& [name, value] : {std::pair{"lyapunov_time", s.lyapunov_time},
                                    {"length", s.length}, {"train", s.train}}) {
    if (!(value > 0)) fail("Mackey-Glass windows: ", name, " = ", value, " must be > 0");
  }
  if (!(s.shift >= 0)) fail("Mackey-Glass windows: shift = ", s.shift, " must be >= 0");
  if (!(s.first >= 0)) fail("Mackey-Glass windows: first = ", s.first, " must be >= 0");
  if (!(s.train < s.length)) {
    fail("Mackey-Glass windows: train = ", s.train, " λ must be shorter than the window (",
         s.length, " λ)");
  }
  const double samples_per_lyapunov = s.lyapunov_time / series.dt;
  const long length = count_of(s.length * samples_per_lyapunov, "a window");
  const long train = count_of(s.train * samples_per_lyapunov, "a training part");
  if (train < 1 || length - train < 1) {
    fail("Mackey-Glass windows: a window of ", length, " samples with ", train,
         " for training leaves a part empty; both need at least one sample of dt = ", series.dt);
  }
  std::vector<MackeyGlassWindow> windows;
  for (long k = 0; k < s.count; ++k) {
    const long start =
        count_of((s.first + static_cast<double>(k) * s.shift) * samples_per_lyapunov, "a window start");
    if (start + length > series.size()) {
      fail("Mackey-Glass windows: window ", k + 1, " of ", s.count, " ends at sample ",
           start + length, " but the series has ", series.size());
    }
    windows.push_back({start, train, length - train});
  }
  return windows;
}

}  // namespace prospect::datasets
