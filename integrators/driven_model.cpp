#include "integrators/driven_model.h"

#include "core/error.h"

namespace prospect::integrators {

Index DrivenModel::signal_index(const std::string& name) const {
  const auto& names = signal_names();
  std::string known;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Index>(i);
    known += (i ? ", " : "") + names[i];
  }
  fail("no signal named '", name, "' (signals: ", known, ")");
}

std::vector<core::Probe<double>> DrivenModel::probes() const {
  std::vector<core::Probe<double>> probes;
  const auto& names = signal_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    probes.push_back({names[i], "", [this, i] {
                        return ConstMatrixMap<double>(observed_.data() + i, 1, 1);
                      }});
  }
  return probes;
}

}  // namespace prospect::integrators
