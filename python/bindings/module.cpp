// prospect._prospect: the compiled half of the `prospect` package (the
// package's __init__.py re-exports it beside the pure-Python run reader).

#include "bindings.h"
#include "core/build_info.h"
#include "python_call.h"

PYBIND11_MODULE(_prospect, module) {
  module.doc() = "prospect: continuous-time learning in neuronal networks (compiled core)";
  using namespace prospect::python;
  // The version every run file records, from the same compiled constant.
  const prospect::core::BuildInfo& build = prospect::core::build_info();
  module.attr("__version__") = build.version;
  pybind11::dict build_info;
  build_info["version"] = build.version;
  build_info["git_revision"] = build.git_revision;
  build_info["instruction_set"] = build.instruction_set;
  build_info["compiler"] = build.compiler;
  module.attr("build_info") = build_info;
  route_output_through_python();
  bind_errors(module);
  bind_models(module);
  bind_gle(module);
  bind_ep(module);
  bind_shunting(module);
  bind_random(module);
  bind_tasks(module);
  bind_spectrum(module);
}
