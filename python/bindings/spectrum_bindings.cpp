// phase(): gain and phase of one signal against another, the estimator of
// `prospect phase` (core/recorded_spectrum.h) on arrays in memory.

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "arguments.h"
#include "bindings.h"
#include "core/recorded_spectrum.h"

namespace prospect::python {

namespace py = pybind11;

namespace {

VectorD series(const py::handle& object, const char* what) {
  const auto fail = [&] {
    throw py::value_error(std::string(what) +
                          ": expected a one-dimensional float32 or float64 numpy array");
  };
  if (!py::isinstance<py::array>(object)) fail();
  const auto array = py::reinterpret_borrow<py::array>(object);
  if (array.ndim() != 1 || array.dtype().kind() != 'f') fail();
  const auto values = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(array);
  return Eigen::Map<const VectorD>(values.data(), values.size());
}

core::RecordedSpectrumRequest method(const py::handle& transient, const std::string& window,
                                     const py::handle& omega) {
  core::RecordedSpectrumRequest request;
  request.transient = number(transient, "transient");
  request.window = core::parse(core::kWindowNames, "window", window);
  request.omegas = numbers(omega, "omega");
  return request;
}

py::dict spectrum_dict(const core::RecordedSpectrum& s) {
  return py::dict(py::arg("method") = s.method, py::arg("dt") = s.dt, py::arg("frames") = s.frames,
                  py::arg("transient_frames") = s.transient_frames, py::arg("omega") = s.omega,
                  py::arg("gain") = s.gain, py::arg("phase") = s.phase,
                  py::arg("power_signal") = s.power_signal,
                  py::arg("power_reference") = s.power_reference,
                  py::arg("defined") = py::array_t<bool>(py::ssize_t(s.defined.size()),
                                                         reinterpret_cast<const bool*>(s.defined.data())));
}

}  // namespace

void bind_spectrum(py::module_& m) {
  m.def(
      "phase",
      [](const py::handle& time, const py::handle& signal, const py::handle& reference,
         const py::handle& transient, const std::string& window, const py::handle& omega) {
        const auto request = method(transient, window, omega);
        return spectrum_dict(core::spectrum_of_columns(
            series(time, "time"), series(signal, "signal"), series(reference, "reference"), request,
            {"phase()", "time", "signal", "reference"}));
      },
      py::arg("time"), py::arg("signal"), py::arg("reference"), py::kw_only(),
      py::arg("transient") = 0.0, py::arg("window") = "hann",
      py::arg("omega") = py::tuple(),
      R"(Gain and phase of `signal` relative to `reference`, as `prospect phase` computes them.

time: evenly spaced sample times; signal, reference: the values at those
times (1-D arrays). transient: discarded from the start [time]. Without
omega: FFT cross-spectrum over every bin (window hann | rectangular); with
omega [rad/time]: lock-in fit at those frequencies. Phases in radians,
positive = signal leads. Returns {method, dt, frames, transient_frames,
omega, gain, phase, power_signal, power_reference, defined}; `defined` is
False where the signal or the reference has no power (phase NaN there; gain
NaN too without reference power). A constant reference is a ValueError.)");

  m.def(
      "phase_of_run",
      [](const std::string& path, const std::string& signal, const std::string& reference,
         const py::handle& sample, const py::handle& neuron, const py::handle& reference_sample,
         const py::handle& reference_neuron, const std::string& time, const py::handle& transient,
         const std::string& window, const py::handle& omega) {
        auto request = method(transient, window, omega);
        request.signal = {signal, whole(sample, "sample", 0), whole(neuron, "neuron", 0)};
        request.reference = {reference, whole(reference_sample, "reference_sample", 0),
                             whole(reference_neuron, "reference_neuron", 0)};
        request.time = time;
        return spectrum_dict(core::recorded_spectrum(core::H5Reader(path), request));
      },
      py::arg("path"), py::arg("signal"), py::arg("reference"), py::kw_only(),
      py::arg("sample") = 0, py::arg("neuron") = 0, py::arg("reference_sample") = 0,
      py::arg("reference_neuron") = 0, py::arg("time") = "time", py::arg("transient") = 0.0,
      py::arg("window") = "hann", py::arg("omega") = py::tuple(),
      "prospect phase PATH --signal ... --reference ... without writing: see Run.phase.");
}

}  // namespace prospect::python
