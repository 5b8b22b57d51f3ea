#include "core/recorded_spectrum.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include "core/error.h"

namespace prospect::core {
namespace {

std::string shape_text(const std::vector<hsize_t>& shape) {
  std::ostringstream text;
  text << "(";
  for (std::size_t i = 0; i < shape.size(); ++i) text << (i ? ", " : "") << shape[i];
  text << ")";
  return text.str();
}

// The selected column of a dataset whose first axis is time.
VectorD read_column(const H5Reader& run, const RecordedColumn& column) {
  const auto array = run.read_double(column.dataset);
  const auto& shape = array.shape;
  const std::string where =
      run.path() + ": dataset '" + column.dataset + "' of shape " + shape_text(shape);
  if (shape.empty() || shape.size() > 3) {
    fail(where, ": expected (time), (time, neurons) or (time, samples, neurons)");
  }
  const Index samples = shape.size() == 3 ? Index(shape[1]) : 1;
  const Index neurons = shape.size() >= 2 ? Index(shape.back()) : 1;
  if (column.sample < 0 || column.sample >= samples) {
    fail(where, ": sample ", column.sample, " out of range (", samples, " recorded)");
  }
  if (column.neuron < 0 || column.neuron >= neurons) {
    fail(where, ": neuron ", column.neuron, " out of range (", neurons, ")");
  }
  const Index frames = Index(shape[0]);
  const Index stride = samples * neurons;
  VectorD values(frames);
  for (Index t = 0; t < frames; ++t) {
    values[t] = array.data[std::size_t(t * stride + column.sample * neurons + column.neuron)];
    if (!std::isfinite(values[t])) {
      fail(where, ": frame ", t, " (sample ", column.sample, ", neuron ", column.neuron,
           ") is not finite (", values[t], ")");
    }
  }
  return values;
}

// The sampling interval of evenly spaced times. The times may be stored as
// float32, so the spacing may wobble by a few of its ulps.
double sampling_interval(const std::string& where, const VectorD& time) {
  if (time.size() < 2) fail(where, " has ", time.size(), " frames; a spectrum needs more");
  const Index n = time.size();
  const double dt = (time[n - 1] - time[0]) / double(n - 1);
  if (!(dt > 0)) fail(where, " does not increase (", time[0], " to ", time[n - 1], ")");
  const double slack = 1e-3 * dt + 4 * FLT_EPSILON * time.cwiseAbs().maxCoeff();
  for (Index i = 1; i < n; ++i) {
    const double step = time[i] - time[i - 1];
    if (std::abs(step - dt) > slack) {
      fail(where, " is not evenly spaced: frames ", i - 1, " and ", i, " are ", step,
           " apart, the mean spacing is ", dt);
    }
  }
  return dt;
}

std::string count_text(double count) {
  std::ostringstream text;  // an exact integer unless astronomically large
  if (count < 1e15) {
    text << static_cast<Index>(count);
  } else {
    text << count;
  }
  return text.str();
}

// Frequencies where the signal or the reference has no power have no phase
// (nor, without reference power, a gain): NaN there, and 0 in `defined`.
void mark_undefined(RecordedSpectrum& s) {
  const Index m = s.omega.size();
  s.defined.resize(m);
  for (Index k = 0; k < m; ++k) {
    const bool has_reference = s.power_reference[k] > 0 && std::isfinite(s.gain[k]);
    const bool defined = has_reference && s.power_signal[k] > 0 && std::isfinite(s.phase[k]);
    s.defined[k] = defined ? 1 : 0;
    if (!has_reference) s.gain[k] = std::numeric_limits<double>::quiet_NaN();
    if (!defined) s.phase[k] = std::numeric_limits<double>::quiet_NaN();
  }
}

}  // namespace

RecordedSpectrum recorded_fft(const CrossSpectrum& spectrum, double dt, Index frames,
                              Index transient_frames) {
  RecordedSpectrum s{.method = "fft", .dt = dt, .frames = frames, .transient_frames = transient_frames,
                     .omega = spectrum.omega, .gain = spectrum.gain, .phase = spectrum.phase,
                     .power_signal = spectrum.power_y, .power_reference = spectrum.power_x,
                     .defined = {}};
  mark_undefined(s);
  return s;
}

Index RecordedSpectrum::undefined() const {
  return defined.size() - Index(std::count(defined.begin(), defined.end(), std::uint8_t{1}));
}

RecordedSpectrum recorded_spectrum(const H5Reader& run, const RecordedSpectrumRequest& request) {
  auto spectrum = spectrum_of_columns(read_column(run, {request.time, 0, 0}),
                                      read_column(run, request.signal), read_column(run, request.reference),
                                      request,
                                      {run.path(), request.time, request.signal.dataset,
                                       request.reference.dataset});
  const auto unit_of = [&](const std::string& dataset) {
    return run.has_attribute(dataset, "unit") ? run.string_attribute(dataset, "unit") : units::one;
  };
  spectrum.signal_unit = unit_of(request.signal.dataset);
  spectrum.reference_unit = unit_of(request.reference.dataset);
  return spectrum;
}

RecordedSpectrum spectrum_of_columns(const VectorD& time, const VectorD& signal,
                                     const VectorD& reference,
                                     const RecordedSpectrumRequest& request,
                                     const ColumnNames& names) {
  for (const auto& [values, name] :
       {std::pair{&signal, &names.signal}, std::pair{&reference, &names.reference}}) {
    if (values->size() != time.size()) {
      fail(names.source, ": dataset '", *name, "' has ", values->size(),
           " frames but the time dataset '", names.time, "' has ", time.size());
    }
  }
  RecordedSpectrum s;
  s.frames = time.size();
  s.dt = sampling_interval(names.source + ": time dataset '" + names.time + "'", time);
  if (!(request.transient >= 0)) fail("transient ", request.transient, " must be >= 0");
  while (s.transient_frames < s.frames && time[s.transient_frames] - time[0] < request.transient) {
    ++s.transient_frames;
  }

  const bool fft = request.omegas.empty();
  const double needed =
      fft ? double(cross_spectrum_min_samples) : lock_in_min_samples(request.omegas, s.dt);
  const Index left = s.frames - s.transient_frames;
  if (double(left) < needed) {
    fail(names.source, ": datasets '", names.signal, "' and '", names.reference,
         "' have ", s.frames, " frames at dt = ", s.dt, "; after the transient of ",
         request.transient, " (", s.transient_frames, " frames) ", left, " remain, but ",
         fft ? "the FFT cross-spectrum" : "the lock-in fit", " needs at least ", count_text(needed),
         " frames: record at least ", count_text(needed + double(s.transient_frames)), " frames (",
         (needed + double(s.transient_frames) - 1) * s.dt, " time units)");
  }

  const auto reference_tail = reference.tail(left);
  if (reference_tail.maxCoeff() - reference_tail.minCoeff() <=
      1e-12 * reference_tail.cwiseAbs().maxCoeff()) {
    fail(names.source, ": reference '", names.reference, "' is constant (", reference_tail[0],
         ") after the transient of ", request.transient,
         ": gain and phase relative to it are undefined; choose a reference that varies");
  }

  if (fft) {
    return recorded_fft(
        cross_spectrum(reference, signal, s.dt,
                       {.transient = s.transient_frames, .window = request.window, .remove_mean = true}),
        s.dt, s.frames, s.transient_frames);
  }
  s.method = "lock-in";
  const auto fit = lock_in(reference, signal, s.dt, request.omegas, s.transient_frames);
  const auto m = static_cast<Index>(fit.components.size());
  for (VectorD* v : {&s.omega, &s.gain, &s.phase, &s.power_signal, &s.power_reference}) {
    v->resize(m);
  }
  for (Index k = 0; k < m; ++k) {
    const auto& c = fit.components[std::size_t(k)];
    s.omega[k] = c.omega;
    s.gain[k] = c.gain;
    s.phase[k] = c.phase;
    s.power_signal[k] = std::norm(c.y);
    s.power_reference[k] = std::norm(c.x);
  }
  mark_undefined(s);
  return s;
}

void write_recorded_spectrum(H5Writer& out, const std::string& name,
                             const RecordedSpectrumRequest& request,
                             const RecordedSpectrum& spectrum, const std::string& source) {
  if (name.empty() || name.find('/') != std::string::npos) {
    fail("spectrum name '", name, "' must be non-empty and without '/'");
  }
  const std::string group = "spectra/" + name;
  const auto write = [&](const std::string& dataset, const VectorD& values, const std::string& unit) {
    out.write(group + "/" + dataset, {hsize_t(values.size())}, values.data(), unit);
  };
  const auto squared = [](const std::string& unit) {
    return unit == units::one ? unit : "(" + unit + ")^2";
  };
  const std::string& signal = spectrum.signal_unit;
  const std::string& reference = spectrum.reference_unit;
  write("omega", spectrum.omega, units::rad_per_time);
  write("gain", spectrum.gain,
        signal == reference ? units::one : reference == units::one ? signal : signal + "/(" + reference + ")");
  write("phase", spectrum.phase, units::rad);
  write("power_signal", spectrum.power_signal, squared(signal));
  write("power_reference", spectrum.power_reference, squared(reference));
  const auto defined = std::make_unique<bool[]>(spectrum.defined.size());
  std::copy(spectrum.defined.begin(), spectrum.defined.end(), defined.get());
  out.write(group + "/defined", {hsize_t(spectrum.defined.size())}, defined.get());
  out.set_attribute(group, "undefined_frequencies", std::int64_t(spectrum.undefined()));
  out.set_attribute(group, "method", spectrum.method);
  if (spectrum.method == "fft") out.set_attribute(group, "window", name_of(kWindowNames, request.window));
  for (const auto& [role, column] :
       {std::pair{"signal", request.signal}, std::pair{"reference", request.reference}}) {
    out.set_attribute(group, role, column.dataset);
    out.set_attribute(group, std::string(role) + "_sample", std::int64_t(column.sample));
    out.set_attribute(group, std::string(role) + "_neuron", std::int64_t(column.neuron));
  }
  out.set_attribute(group, "time", request.time);
  out.set_attribute(group, "transient", request.transient);
  out.set_attribute(group, "dt", spectrum.dt);
  out.set_attribute(group, "frames", std::int64_t(spectrum.frames - spectrum.transient_frames));
  out.set_attribute(group, "source", source);
}

std::string default_spectrum_name(const RecordedSpectrumRequest& request) {
  const auto part = [](const RecordedColumn& column) {
    std::string name = column.dataset;
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    const std::string prefix = "trajectories/";
    if (name.rfind(prefix, 0) == 0) name.erase(0, prefix.size());
    for (char& c : name) {
      if (c == '/') c = '.';
    }
    if (column.sample != 0 || column.neuron != 0) {
      name += "[" + std::to_string(column.sample) + "," + std::to_string(column.neuron) + "]";
    }
    return name;
  };
  return part(request.signal) + "_vs_" + part(request.reference);
}

}  // namespace prospect::core
