#include "model_handle.h"

#include <pybind11/pybind11.h>

namespace prospect::python {
namespace {

template <typename Item>
const Item& find(const std::vector<Item>& items, const std::string& name, const char* what) {
  std::string known;
  for (const auto& item : items) {
    if (item.name == name) return item;
    known += (known.empty() ? "" : ", ") + item.name;
  }
  throw pybind11::key_error("no " + std::string(what) + " '" + name + "' (" + what + "s: " +
                            known + ")");
}

}  // namespace

void ModelHandle::build() {
  if (built_) return;
  parameters_ = model().parameter_refs();
  probes_ = model().probes();
  built_ = true;
}

std::vector<std::string> ModelHandle::default_trainable() {
  std::vector<std::string> names;
  for (const auto& p : parameters()) names.push_back(p.name);
  return names;
}

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

}  // namespace prospect::python
