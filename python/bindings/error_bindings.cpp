// prospect.Error: every failure the C++ side reports (a bad option value, a
// missing file, a diverging run), with the message the command line prints
// after "error: ".

#include "bindings.h"
#include "core/error.h"

namespace prospect::python {

void bind_errors(pybind11::module_& m) {
  pybind11::register_exception<prospect::Error>(m, "Error", PyExc_RuntimeError);
}

}  // namespace prospect::python
