#pragma once
// Divergence: a value that has left the numbers (NaN, ±Inf) in a state, a
// loss or a parameter. A run that diverges stops with core::Diverged, whose
// message names the task, where (step, time, epoch) and the variable; the
// run file records it (runs/run_file.h: mark_diverged) and the command line
// exits with status 3. No summary or verdict is computed from such values.
//
// Cost: the loops check a loss they compute anyway (one comparison per step
// or batch); a model's parameters, gradients and probes are scanned only
// when that loss is not finite (to name the variable) and once per epoch or
// window before a checkpoint (so that none holds a non-finite value).
// `where` is a callable giving "chain step 5012 (t = 50.12)", called only
// on failure.

#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model.h"

namespace prospect::core {

class Diverged : public Error {
 public:
  explicit Diverged(const std::string& where) : Error("diverged at " + where), where_(where) {}
  // "chain step 5012 (t = 50.12): student gle: parameter layer1/W[0] = nan"
  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

[[noreturn]] void throw_diverged(double value, const std::string& what, const std::string& where);

// The first non-finite value among a model's parameters (values, then
// gradients) and probes: "parameter layer1/W[3] = nan", or "" if none.
template <typename Scalar>
std::string first_non_finite(Model<Scalar>& model);
// The same over parameters and probes already listed (no list built per call).
template <typename Scalar>
std::string first_non_finite(const ParameterList<Scalar>& parameters,
                             const std::vector<Probe<Scalar>>& probes);

// Throws Diverged "<where()>: <what> = <value>" unless `value` is finite.
template <typename Where>
void require_finite(double value, const std::string& what, Where&& where) {
  if (!std::isfinite(value)) throw_diverged(value, what, where());
}

// Throws Diverged "<where()>: <name>: <first non-finite value>" if the model holds one.
template <typename Scalar, typename Where>
void require_finite(Model<Scalar>& model, const std::string& name, Where&& where) {
  const std::string found = first_non_finite(model);
  if (!found.empty()) throw Diverged(where() + ": " + (name.empty() ? "" : name + ": ") + found);
}

// Nothing while `loss` is finite; else Diverged naming the model's first
// non-finite value, or the loss itself if the model holds none.
template <typename Scalar, typename Where>
void require_finite_loss(double loss, Model<Scalar>& model, const std::string& name,
                         const std::string& loss_name, Where&& where) {
  if (std::isfinite(loss)) return;
  require_finite(model, name, where);
  throw_diverged(loss, (name.empty() ? "" : name + ": ") + loss_name, where());
}

}  // namespace prospect::core
