#pragma once
// The vocabulary of the `unit` attribute every numeric dataset of a run file
// carries (docs/run_files.md#units). Model time is not in seconds: the models
// are written in a time unit of their own, the one their τ and dt are given
// in (SPEC's "time units"), so times and rates say so.

#include <string>

namespace prospect::core::units {

inline const std::string time = "time";           // the model's time unit (τ, dt, /time)
inline const std::string per_time = "1/time";     // a rate in the model's time unit
inline const std::string rad_per_time = "rad/time";  // an angular frequency ω
inline const std::string rad = "rad";
inline const std::string deg = "deg";
inline const std::string seconds = "s";           // wall-clock time
inline const std::string milliseconds = "ms";     // wall-clock time
// Dimensionless: weights, losses, accuracies (fractions), counts, epoch numbers.
inline const std::string one = "1";
inline const std::string percent = "%";
inline const std::string bytes = "byte";
inline const std::string lyapunov_time = "lyapunov_time";  // Mackey-Glass forecasts: λ
// Dendritic trees (models/shunting/README.md) are written in units of the
// leak conductance and of the excitatory reversal potential (E_exc = 1).
inline const std::string g_leak = "g_leak";          // conductances
inline const std::string per_g_leak = "1/g_leak";    // resistances
inline const std::string e_exc = "E_exc";            // voltages
// A dataset without a physical meaning of its own: a checkpoint's resume
// state. Writes no attribute.
inline const std::string none = "";

}  // namespace prospect::core::units
