#pragma once
// The Mackey-Glass series (GLE paper Methods 5.6.8, NeuroBench):
//
//   dx/dt = β x(t-τ) / (1 + x(t-τ)^n) - γ x(t),   x(t) = past for t <= 0
//
// with β = 0.2, γ = 0.1, n = 10, τ = 17 (chaotic; Lyapunov time λ = 197).
//
// Integration: classical RK4 with step h, where τ must be a whole number of
// steps. The delayed value at a stage time s - τ comes from the stored
// history by cubic Hermite interpolation between the two neighbouring grid
// points, using the stored x and dx/dt there. Hermite is accurate to O(h^4)
// locally, so the interpolation does not spoil RK4's fourth order (linear
// interpolation would cap the method at second order). τ = m h puts the
// history's derivative jumps (at t = 0, τ, 2τ, ...) on grid points, where
// RK4 keeps its order; the stages at t + h/2 only ever interpolate inside
// one history interval.

#include <vector>

namespace prospect::datasets {

struct MackeyGlassSettings {
  double beta = 0.2;
  double gamma = 0.1;
  double exponent = 10;  // n
  double tau = 17;       // delay [time]
  double past = 0.7206597;  // constant history x(t <= 0)
  double step = 0.01;       // RK4 step h [time]; tau / step must be whole
};

// Samples x(k dt), k = 0 .. count-1; x at negative k is the constant past.
struct MackeyGlassSeries {
  double dt = 0;
  double past = 0;
  std::vector<double> values;
  double at(long k) const { return k < 0 ? past : values[static_cast<std::size_t>(k)]; }
  long size() const { return static_cast<long>(values.size()); }
};

// Integrates from t = 0 and samples every dt (a whole number of steps) until
// `duration` (count = floor(duration / dt) + 1 samples). Errors name the
// setting at fault.
MackeyGlassSeries generate_mackey_glass(const MackeyGlassSettings& settings, double duration,
                                        double dt);

// NeuroBench's split: windows of `window` time shifted by `shift`, the first
// `train` of each for teacher forcing, the rest for autoregressive testing.
// In samples of the series' dt; starts are rounded to the nearest sample
// (0.5 λ = 492.5 samples at dt 0.2).
struct MackeyGlassWindow {
  long start = 0;        // first sample
  long train_steps = 0;  // samples [start, start + train_steps)
  long test_steps = 0;   // samples [start + train_steps, start + train_steps + test_steps)
};

struct WindowSettings {
  long count = 30;
  double lyapunov_time = 197;  // λ [time]
  double length = 20;          // window [λ]
  double shift = 0.5;          // between window starts [λ]
  double train = 10;           // teacher-forced part [λ]
  double first = 0;            // start of the first window [λ]; later windows serve to choose
                               // settings without touching the benchmark's 50 λ
};

// Errors if a window would run past the series.
std::vector<MackeyGlassWindow> mackey_glass_windows(const WindowSettings& settings,
                                                    const MackeyGlassSeries& series);

}  // namespace prospect::datasets
