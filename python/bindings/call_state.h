#pragma once
// What the running PythonCall (python_call.h) shares with the output sink
// (python_output.cpp). Read and written with the GIL held.

#include <pybind11/pybind11.h>

#include <optional>

namespace prospect::python {

struct CallState {
  bool quiet = false;                                 // progress=False: nothing printed
  pybind11::object callback;                          // progress=<callable>: reports go there
  std::optional<pybind11::error_already_set> raised;  // the first exception, until raised

  bool has_callback() const { return callback && !callback.is_none(); }
};

CallState& call_state();

// The Python error just set: kept for the call to raise (the first one
// wins) and the loops asked to stop; outside calls, shown as unraisable.
void keep_raised();

}  // namespace prospect::python
