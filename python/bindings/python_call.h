#pragma once
// A long call into C++ from Python (prospect.run, a network's batch): it runs
// without the GIL, Ctrl-C stops it within a step, and an exception raised in
// Python meanwhile (KeyboardInterrupt, a progress callback's error, a failing
// sys.stdout) stops it too and is what the call raises. Python's own signal
// handling stays as it is: the loops' stop checks (core/interrupt.h) ask
// Python, a few times a second, to run the handlers of signals that arrived.
//
// What the C++ side prints goes to sys.stdout and sys.stderr and its
// warnings to warnings.warn, in and out of calls (python_output.cpp).

#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <type_traits>

#include "call_state.h"

namespace prospect::python {

namespace py = pybind11;

// progress= of prospect.run: True (the progress line), False (nothing
// printed at all) or a callable receiving (done, total, message).
struct ProgressChoice {
  bool line = true;
  bool quiet = false;
  py::object callback;  // none unless a callable was given
};
ProgressChoice progress_choice(const py::handle& progress);

class PythonCall {
 public:
  // With the GIL. The progress choice holds for the call (a network's batch
  // keeps what is set).
  explicit PythonCall(std::optional<ProgressChoice> progress = std::nullopt);
  ~PythonCall();
  PythonCall(const PythonCall&) = delete;
  PythonCall& operator=(const PythonCall&) = delete;

  // Without the GIL, after the work: throws core::Interrupted if an
  // exception is waiting in Python (so it is raised as any stop is).
  static void stop_if_raised();
  // With the GIL, when the work threw: raises the exception that stopped it,
  // if one is waiting, with `note` added (Python 3.11's add_note).
  void raise_pending(const std::string& note = "");

 private:
  // What the call changed, put back when it ends (calls nest: a progress
  // callback may train a network).
  CallState saved_state_;
  bool polls_;  // the call is on Python's main thread
};

// Runs `work` as a PythonCall (the model bindings' batches).
template <typename Work>
auto without_gil(Work&& work) -> decltype(work()) {
  PythonCall call;
  try {
    py::gil_scoped_release release;
    if constexpr (std::is_void_v<decltype(work())>) {
      work();
      PythonCall::stop_if_raised();
    } else {
      auto result = work();
      PythonCall::stop_if_raised();
      return result;
    }
  } catch (...) {
    call.raise_pending();
    throw;
  }
}

// What the module sets once at import: output through Python.
void route_output_through_python();

}  // namespace prospect::python
