#include "python_call.h"

#include <pythread.h>

#include <utility>

#include "arguments.h"
#include "call_state.h"
#include "core/interrupt.h"

namespace prospect::python {
namespace {

// Asked by the loops of a call from Python's main thread (core::set_stop_poll):
// Python runs signal handlers only there, so calls from others do not poll.
bool python_raised() {
  if (!Py_IsInitialized()) return false;
  const py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() == 0) return false;
  keep_raised();
  return true;
}

// Calls running, and those of them on the main thread (read and written with the GIL).
long calls = 0;
long main_thread_calls = 0;

bool on_main_thread() {
  const auto main = py::module_::import("threading").attr("main_thread")().attr("ident");
  return main.cast<unsigned long>() == PyThread_get_thread_ident();
}

}  // namespace

CallState& call_state() {
  static auto* state = new CallState;  // never destroyed: Python may be gone by then
  return *state;
}

void keep_raised() {
  if (calls == 0) {  // nothing to stop (a warning while a network is made): shown as unraisable
    PyErr_WriteUnraisable(nullptr);
    return;
  }
  py::error_already_set error;  // takes the error out of Python
  auto& raised = call_state().raised;
  if (!raised) raised = std::move(error);
  if (core::stop_signal() == 0) core::request_stop(core::kStopByCaller);
}

ProgressChoice progress_choice(const py::handle& progress) {
  if (is_bool(progress)) {
    const bool on = flag(progress, "progress");
    return {.line = on, .quiet = !on, .callback = py::none()};
  }
  if (PyCallable_Check(progress.ptr()) == 0) {
    wrong_kind(progress, "progress", "True, False or a callable (done, total, message)");
  }
  return {.line = true, .quiet = false, .callback = py::reinterpret_borrow<py::object>(progress)};
}

PythonCall::PythonCall(std::optional<ProgressChoice> progress)
    : saved_state_(std::move(call_state())), polls_(on_main_thread()) {
  auto& state = call_state();
  state = CallState{.quiet = saved_state_.quiet, .callback = saved_state_.callback, .raised = {}};
  if (progress) {
    state.quiet = progress->quiet;
    state.callback = progress->callback;
  }
  ++calls;
  if (polls_ && main_thread_calls++ == 0) core::set_stop_poll(python_raised);
}

PythonCall::~PythonCall() {
  // A nested call on the main thread leaves the outer one's poll in place.
  if (polls_ && --main_thread_calls == 0) core::set_stop_poll(nullptr);
  --calls;
  core::clear_stop_request();
  call_state() = std::move(saved_state_);
}

void PythonCall::stop_if_raised() {
  if (core::stop_signal() != 0) core::throw_interrupted("at the end of the call");
}

void PythonCall::raise_pending(const std::string& note) {
  auto& raised = call_state().raised;
  if (!raised) return;
  py::error_already_set error = std::move(*raised);
  raised.reset();
  if (!note.empty() && py::hasattr(error.value(), "add_note")) {
    error.value().attr("add_note")(note);
  }
  throw error;
}

}  // namespace prospect::python
