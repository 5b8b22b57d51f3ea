#include "model_handle.h"

#include <pybind11/pybind11.h>

#include "core/divergence.h"

namespace prospect::python {
namespace {

template <typename Item>
const Item& find(const std::vector<Item>& items, const std::string& name, const char* what) {
  std::string known;
  for (const auto& item : items) {
    if (item.name == name) return item;
    known += (known.empty() ? "" : ", ") + item.name;
  }
  throw pybind11::key_error("no " + std::string(what) + " '" + name + "' (" + what + "s: " + known +
                            ")");
}

}  // namespace

void ModelHandle::build() {
  if (built_) return;
  parameters_ = model().parameter_refs();
  probes_ = model().probes();
  built_ = true;
}

std::vector<std::string> ModelHandle::default_trainable() { return names_of(parameters()); }

const core::ParameterList<float>& ModelHandle::parameters() {
  build();
  return parameters_;
}

const std::vector<core::Probe<float>>& ModelHandle::probes() {
  build();
  return probes_;
}

const core::ParameterRef<float>& ModelHandle::parameter(const std::string& name) {
  return find(parameters(), name, "parameter");
}

const core::Probe<float>& ModelHandle::probe(const std::string& name) {
  return find(probes(), name, "probe");
}

void ModelHandle::require_finite(const std::string& call) {
  const std::string found = core::first_non_finite(parameters(), probes());
  if (!found.empty()) throw core::Diverged(model().family() + " " + call + ": " + found);
}

double ModelHandle::require_finite(const std::string& call, double loss) {
  require_finite(call);
  core::require_finite(loss, "loss", [&] { return model().family() + " " + call; });
  return loss;
}

void ModelHandle::set_parameters(const pybind11::dict& values) {
  std::vector<std::pair<const core::ParameterRef<float>*, ParameterArray>> writes;
  for (const auto& [name, value] : values) {
    const auto& p = parameter(pybind11::cast<std::string>(name));
    writes.emplace_back(&p, parameter_array(p, value));
    check_parameter(p, writes.back().second);
  }
  for (const auto& [p, array] : writes) assign_parameter(*p, array);
  parameters_loaded();
}

}  // namespace prospect::python
