#pragma once
// A model as Python holds it: the family's object, owned here, seen through
// the face every family shows (core/model.h). Families subclass this once;
// parameters, gradients, probes and optimizers are bound once for all.

#include <string>
#include <vector>

#include "arrays.h"
#include "core/model.h"

namespace prospect::python {

class ModelHandle {
 public:
  virtual ~ModelHandle() = default;
  virtual core::Model<float>& model() = 0;
  // After an optimizer step changed parameters.
  virtual void parameters_changed() {}
  // After parameters were written from numpy (default: as after a step).
  virtual void parameters_loaded() { parameters_changed(); }
  // Before an array is written into a parameter: a ValueError when the
  // family cannot take those values (checked already: shape, dtype, finite).
  virtual void check_parameter(const core::ParameterRef<float>&, const ParameterArray&) {}
  // What an optimizer learns unless told otherwise.
  virtual std::vector<std::string> default_trainable();

  // Built once: parameter storage and probe readers stay put.
  const core::ParameterList<float>& parameters();
  const std::vector<core::Probe<float>>& probes();
  // A KeyError listing the names when there is none of that name.
  const core::ParameterRef<float>& parameter(const std::string& name);
  const core::Probe<float>& probe(const std::string& name);
  // Writes {name: array}, every name and array checked before anything is written.
  void set_parameters(const pybind11::dict& values);

  // After a call that trained or relaxed the model: prospect.Error
  // ("diverged at <family> <call>: parameter layer1/W[3] = inf") when a
  // parameter, gradient or probe is not finite, so that no result (of an
  // input too large for float32, say) is silently NaN. Returns `loss`, which
  // must be finite too. A scan of the whole model: cheap beside a relaxation
  // or a batch, not beside one small step.
  void require_finite(const std::string& call);
  double require_finite(const std::string& call, double loss);

 private:
  bool built_ = false;
  core::ParameterList<float> parameters_;
  std::vector<core::Probe<float>> probes_;
  void build();
};

// The names of parameters or probes, in order.
template <typename Items>
std::vector<std::string> names_of(const Items& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

}  // namespace prospect::python
