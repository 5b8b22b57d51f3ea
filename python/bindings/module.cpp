// prospect._prospect: the compiled half of the `prospect` package (the
// package's __init__.py re-exports it beside the pure-Python run reader).

#include "bindings.h"

PYBIND11_MODULE(_prospect, module) {
  module.doc() = "prospect: continuous-time learning in neuronal networks (compiled core)";
  using namespace prospect::python;
  bind_errors(module);
  bind_models(module);
  bind_gle(module);
  bind_ep(module);
  bind_shunting(module);
  bind_random(module);
  bind_tasks(module);
  bind_spectrum(module);
}
