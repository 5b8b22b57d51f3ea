#include "core/divergence.h"

#include <Eigen/Core>
#include <cmath>

namespace prospect::core {
namespace {

std::string value_text(double value) {
  return std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf";
}

// "<kind> <name>[i] = nan" for the first non-finite of n values, or "".
template <typename Scalar>
std::string scan(const Scalar* values, Index n, const std::string& kind, const std::string& name) {
  if (values == nullptr || n == 0) return "";
  const Eigen::Map<const Eigen::Array<Scalar, Eigen::Dynamic, 1>> all(values, n);
  if (all.allFinite()) return "";
  Index i = 0;
  while (std::isfinite(static_cast<double>(values[i]))) ++i;
  return kind + " " + name + "[" + std::to_string(i) + "] = " + value_text(static_cast<double>(values[i]));
}

}  // namespace

template <typename Scalar>
std::string first_non_finite(const ParameterList<Scalar>& parameters,
                             const std::vector<Probe<Scalar>>& probes) {
  for (const auto& p : parameters) {
    if (auto found = scan(p.value, p.size, "parameter", p.name); !found.empty()) return found;
  }
  for (const auto& p : parameters) {
    if (auto found = scan(p.gradient, p.size, "gradient of", p.name); !found.empty()) return found;
  }
  for (const auto& probe : probes) {
    const auto signal = probe.read();
    if (auto found = scan(signal.data(), signal.size(), "signal", probe.name); !found.empty()) {
      return found;
    }
  }
  return "";
}

template <typename Scalar>
std::string first_non_finite(Model<Scalar>& model) {
  return first_non_finite(model.parameter_refs(), model.probes());
}

void throw_diverged(double value, const std::string& what, const std::string& where) {
  throw Diverged(where + ": " + what + " = " + value_text(value));
}

template std::string first_non_finite(Model<float>&);
template std::string first_non_finite(Model<double>&);
template std::string first_non_finite(const ParameterList<float>&,
                                      const std::vector<Probe<float>>&);
template std::string first_non_finite(const ParameterList<double>&,
                                      const std::vector<Probe<double>>&);

}  // namespace prospect::core
