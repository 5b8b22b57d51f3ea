// Spectra of recorded datasets: known tones written into a run file, read back
// by column, compared, written under /spectra; errors name the dataset.

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/recorded_spectrum.h"
#include "tests/temporary_path.h"

using namespace prospect;
using namespace prospect::core;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

constexpr double pi = std::numbers::pi;
constexpr Index frames = 512;
constexpr double dt = 0.05;
constexpr Index samples = 2, neurons = 3;
// The tones sit in sample 1, neuron 2; every other column holds noise-free junk.
constexpr Index sample = 1, neuron = 2;
const double bin_omega = 2 * pi * 16 / (frames * dt);  // bin 16 of the whole record
constexpr double gain = 0.5, shift = 0.3;

std::string run_path() {
  return temporary_path("recorded_spectrum.h5");
}

// /time, trajectories/x = cos(ωt) and trajectories/y = gain cos(ωt + shift),
// both (frames, samples, neurons) float32 as the recorder writes them, a too
// short trajectories/short and an uneven_time with one frame off the grid.
void write_run(double omega) {
  H5Writer file(run_path());
  std::vector<float> time(frames), x(frames * samples * neurons), y(x.size());
  for (Index t = 0; t < frames; ++t) {
    time[std::size_t(t)] = float(double(t) * dt);
    for (Index s = 0; s < samples; ++s) {
      for (Index n = 0; n < neurons; ++n) {
        const auto i = std::size_t((t * samples + s) * neurons + n);
        const bool tone = s == sample && n == neuron;
        x[i] = tone ? float(std::cos(omega * double(t) * dt)) : float(s + n);
        y[i] = tone ? float(gain * std::cos(omega * double(t) * dt + shift)) : float(n - s);
      }
    }
  }
  const hsize_t shape_frames = frames;
  file.write("time", {shape_frames}, time.data(), "1");
  file.write("trajectories/x", {shape_frames, samples, neurons}, x.data(), "1");
  file.write("trajectories/y", {shape_frames, samples, neurons}, y.data(), "1");
  file.write("trajectories/short", {10}, x.data(), "1");
  time[100] += float(dt / 2);
  file.write("uneven_time", {shape_frames}, time.data(), "1");
  file.close();
}

RecordedSpectrumRequest tones() {
  RecordedSpectrumRequest r;
  r.signal = {"trajectories/y", sample, neuron};
  r.reference = {"trajectories/x", sample, neuron};
  return r;
}

}  // namespace

TEST_CASE("recorded spectrum: FFT gain and phase of a bin-centred tone in one column", "[unit]") {
  write_run(bin_omega);
  for (const auto window : {Window::rectangular, Window::hann}) {
    auto request = tones();
    request.window = window;
    const auto s = recorded_spectrum(H5Reader(run_path()), request);
    CHECK(s.method == "fft");
    CHECK_THAT(s.dt, WithinAbs(dt, 1e-8));  // times are float32
    CHECK(s.frames == frames);
    Index peak = 0;
    s.power_reference.maxCoeff(&peak);
    CHECK_THAT(s.omega[peak], WithinAbs(bin_omega, 1e-6));
    CHECK_THAT(s.gain[peak], WithinAbs(gain, 1e-5));
    CHECK_THAT(s.phase[peak], WithinAbs(shift, 1e-5));
    CHECK_THAT(s.power_reference[peak], WithinAbs(1.0, 1e-5));
    CHECK_THAT(s.power_signal[peak], WithinAbs(gain * gain, 1e-5));
  }
}

TEST_CASE("recorded spectrum: lock-in at an off-bin frequency after a transient", "[unit]") {
  const double omega = 1.2345;
  write_run(omega);
  auto request = tones();
  request.omegas = {omega};
  request.transient = 3.0;
  const auto s = recorded_spectrum(H5Reader(run_path()), request);
  CHECK(s.method == "lock-in");
  CHECK(s.transient_frames == 60);  // frames with t < 3
  REQUIRE(s.omega.size() == 1);
  CHECK_THAT(s.gain[0], WithinAbs(gain, 1e-5));
  CHECK_THAT(s.phase[0], WithinAbs(shift, 1e-5));
}

TEST_CASE("recorded spectrum: written under /spectra with what was compared", "[unit]") {
  write_run(bin_omega);
  const auto request = tones();
  const auto s = recorded_spectrum(H5Reader(run_path()), request);
  const std::string out =
      temporary_path("recorded_spectrum_out.h5");
  {
    H5Writer file(out);
    write_recorded_spectrum(file, default_spectrum_name(request), request, s, run_path());
    file.close();
  }
  {
    const H5Reader file(out);
    const std::string group = "spectra/y[1,2]_vs_x[1,2]";
    CHECK(default_spectrum_name(request) == "y[1,2]_vs_x[1,2]");
    CHECK(file.read_double(group + "/gain").data.size() == std::size_t(frames / 2));
    CHECK(file.string_attribute(group, "signal") == "trajectories/y");
    CHECK(file.string_attribute(group, "reference") == "trajectories/x");
    CHECK(file.string_attribute(group, "method") == "fft");
    CHECK(file.string_attribute(group, "window") == "hann");
    CHECK(file.attribute_text(group, "signal_neuron") == "2");
    CHECK(file.string_attribute(group, "source") == run_path());
  }
  H5Writer again(out, H5Writer::Mode::update);
  CHECK_THROWS_WITH(write_recorded_spectrum(again, "a/b", request, s, run_path()),
                    Contains("spectrum name 'a/b' must be non-empty and without '/'"));
  again.close();
}

TEST_CASE("recorded spectrum: errors name the dataset and the frames needed", "[unit]") {
  write_run(bin_omega);
  const H5Reader run(run_path());
  auto request = tones();

  request.signal.dataset = "trajectories/nope";
  CHECK_THROWS_WITH(recorded_spectrum(run, request),
                    Contains("missing dataset 'trajectories/nope'"));

  request = tones();
  request.reference.dataset = "trajectories/short";
  request.reference.sample = request.reference.neuron = 0;
  CHECK_THROWS_WITH(recorded_spectrum(run, request),
                    Contains("dataset 'trajectories/short' has 10 frames but the time dataset "
                             "'time' has 512"));

  request = tones();
  request.signal.sample = 2;
  CHECK_THROWS_WITH(recorded_spectrum(run, request),
                    Contains("dataset 'trajectories/y' of shape (512, 2, 3): sample 2 out of "
                             "range (2 recorded)"));

  request = tones();
  request.transient = 25.33;  // leaves 5 of 512 frames
  CHECK_THROWS_WITH(recorded_spectrum(run, request),
                    Contains("datasets 'trajectories/y' and 'trajectories/x' have 512 frames at "
                             "dt = 0.05; after the transient of 25.33 (507 frames) 5 remain, but "
                             "the FFT cross-spectrum needs at least 8 frames: record at least "
                             "515 frames"));

  request = tones();
  request.omegas = {0.01};  // one period is 12567 frames
  CHECK_THROWS_WITH(recorded_spectrum(run, request),
                    Contains("the lock-in fit needs at least 12567 frames"));

  request = tones();
  request.time = "uneven_time";
  CHECK_THROWS_WITH(recorded_spectrum(run, request),
                    Contains("time dataset 'uneven_time' is not evenly spaced: frames 99 and 100"));
}
