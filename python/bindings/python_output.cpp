// The output sink (core/output.h) of the module: text to sys.stdout and
// sys.stderr, warnings to warnings.warn, progress reports to the call's
// callback; nothing at all while a call says progress=False. Any thread may
// print: each write takes the GIL (the long calls run without it).

#include <string_view>

#include "call_state.h"
#include "core/output.h"
#include "python_call.h"

namespace prospect::python {
namespace {

// sys.stdout / sys.stderr, or None (pythonw, a closed stream).
py::object python_stream(core::Channel channel) {
  PyObject* stream = PySys_GetObject(channel == core::Channel::out ? "stdout" : "stderr");
  return py::reinterpret_borrow<py::object>(stream != nullptr ? stream : Py_None);
}

// Runs `use` with the GIL, unless Python has gone (text printed while the
// process ends); an exception it raises stops the call and is what it raises.
template <typename Use>
void with_python(Use&& use) {
  if (!Py_IsInitialized()) return;
  const py::gil_scoped_acquire gil;
  try {
    use();
  } catch (py::error_already_set& error) {
    error.restore();
    keep_raised();
  }
}

void write(core::Channel channel, std::string_view text) {
  with_python([&] {
    if (call_state().quiet) return;
    const auto stream = python_stream(channel);
    if (stream.is_none()) return;
    const auto decoded = py::reinterpret_steal<py::object>(
        PyUnicode_DecodeUTF8(text.data(), static_cast<py::ssize_t>(text.size()), "replace"));
    stream.attr("write")(decoded);
    stream.attr("flush")();  // a notebook shows the line now, not at the cell's end
  });
}

void warn(std::string_view text) {
  with_python([&] {
    const std::string message(text);
    if (PyErr_WarnEx(PyExc_RuntimeWarning, message.c_str(), 1) != 0) throw py::error_already_set();
  });
}

bool terminal(core::Channel channel) {
  bool answer = false;
  with_python([&] {
    // A callback (a tqdm bar) is redrawn: it gets the terminal's rate of reports.
    if (call_state().has_callback()) {
      answer = true;
      return;
    }
    const auto stream = python_stream(channel);
    answer =
        !stream.is_none() && py::hasattr(stream, "isatty") && py::bool_(stream.attr("isatty")());
  });
  return answer;
}

bool progress(const core::ProgressReport& report) {
  bool taken = false;
  with_python([&] {
    const auto& state = call_state();
    if (state.quiet) {
      taken = true;
    } else if (state.has_callback()) {
      taken = true;
      state.callback(report.done, report.total,
                     py::str(report.status.data(), report.status.size()));
    }
  });
  return taken;
}

const core::OutputSink sink{
    .write = write, .warn = warn, .terminal = terminal, .progress = progress};

}  // namespace

void route_output_through_python() { core::set_output_sink(&sink); }

}  // namespace prospect::python
