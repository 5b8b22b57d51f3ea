#include "tools/phase.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <numbers>
#include <numeric>

#include "core/error.h"
#include "core/recorded_spectrum.h"
#include "tools/command_line.h"

namespace prospect::tools {
namespace {

namespace po = boost::program_options;

constexpr const char* usage =
    "usage: prospect phase RUN.h5 --signal PATH --reference PATH [options]\n"
    "Gain and phase of the signal relative to the reference, per FFT bin (or per --omega\n"
    "by lock-in), written to /spectra/<name>/ of RUN.h5 (or of --output).\n";
constexpr Index bins_shown = 5;

// The frequencies to print: every lock-in frequency, or the FFT bins where the
// reference carries the most power, in order of frequency.
std::vector<Index> shown_bins(const core::RecordedSpectrum& s) {
  std::vector<Index> bins(static_cast<std::size_t>(s.omega.size()));
  std::iota(bins.begin(), bins.end(), Index{0});
  if (s.method == "fft" && Index(bins.size()) > bins_shown) {
    std::partial_sort(bins.begin(), bins.begin() + bins_shown, bins.end(), [&](Index a, Index b) {
      return s.power_reference[a] > s.power_reference[b];
    });
    bins.resize(std::size_t(bins_shown));
    std::sort(bins.begin(), bins.end());
  }
  return bins;
}

void print_summary(const core::RecordedSpectrumRequest& r, const core::RecordedSpectrum& s,
                   const std::string& written) {
  std::printf("phase: %s [sample %ld, neuron %ld] vs %s [sample %ld, neuron %ld]\n",
              r.signal.dataset.c_str(), long(r.signal.sample), long(r.signal.neuron),
              r.reference.dataset.c_str(), long(r.reference.sample), long(r.reference.neuron));
  std::printf("%ld frames at dt %g, transient %g (%ld frames); ", long(s.frames), s.dt, r.transient,
              long(s.transient_frames));
  if (s.method == "fft") {
    std::printf("FFT cross-spectrum, %s window, %ld bins; strongest in the reference:\n",
                core::name_of(core::kWindowNames, r.window).c_str(), long(s.omega.size()));
  } else {
    std::printf("lock-in at %ld frequencies:\n", long(s.omega.size()));
  }
  std::printf("  %-12s %-12s %-12s %-14s %s\n", "omega", "gain", "phase [deg]", "power signal",
              "power reference");
  for (const Index k : shown_bins(s)) {
    std::printf("  %-12.5g %-12.5g %-12.4f %-14.4e %.4e\n", s.omega[k], s.gain[k],
                s.phase[k] * 180 / std::numbers::pi, s.power_signal[k], s.power_reference[k]);
  }
  if (const Index undefined = s.undefined()) {
    std::printf("note: %ld of %ld frequencies have no power in the signal or the reference: their "
                "phase (and, without reference power, gain) is NaN, marked 0 in 'defined'\n",
                long(undefined), long(s.omega.size()));
  }
  std::printf("wrote %s\n", written.c_str());
}

}  // namespace

int phase_command(const std::vector<std::string>& arguments) {
  po::options_description flags("options");
  flags.add_options()("help,h", "this help")(
      "signal", po::value<std::string>(), "dataset of the signal, e.g. trajectories/gle/layer1/e")(
      "reference", po::value<std::string>(), "dataset of the reference, e.g. trajectories/target")(
      "sample", po::value<Index>()->default_value(0), "batch sample of the signal (2nd axis)")(
      "neuron", po::value<Index>()->default_value(0), "neuron of the signal (last axis)")(
      "reference-sample", po::value<Index>(), "batch sample of the reference (default: --sample)")(
      "reference-neuron", po::value<Index>(), "neuron of the reference (default: --neuron)")(
      "time", po::value<std::string>()->default_value("time"), "dataset of the sample times")(
      "transient", po::value<double>()->default_value(0), "discarded from the start [time]")(
      "window", po::value<std::string>()->default_value("hann"), "FFT window: hann or rectangular")(
      "omega", po::value<std::vector<double>>()->multitoken(),
      "lock-in at these frequencies [rad/time] instead of the FFT")(
      "name", po::value<std::string>(), "group under /spectra (default: <signal>_vs_<reference>)")(
      "output,o", po::value<std::string>(), "write to this file instead (appended if it exists)");
  const po::variables_map map = parse_arguments(arguments, flags, "run");
  if (map.count("help")) {
    std::cout << usage << flags;
    return 0;
  }
  if (!map.count("run")) fail("prospect phase needs a run file (see prospect phase --help)");
  for (const char* required : {"signal", "reference"}) {
    if (!map.count(required))
      fail("prospect phase needs --", required, " (see prospect phase --help)");
  }

  core::RecordedSpectrumRequest request;
  request.signal = {map["signal"].as<std::string>(), map["sample"].as<Index>(),
                    map["neuron"].as<Index>()};
  request.reference = {
      map["reference"].as<std::string>(),
      map.count("reference-sample") ? map["reference-sample"].as<Index>() : request.signal.sample,
      map.count("reference-neuron") ? map["reference-neuron"].as<Index>() : request.signal.neuron};
  request.time = map["time"].as<std::string>();
  request.transient = map["transient"].as<double>();
  request.window = core::parse(core::kWindowNames, "--window", map["window"].as<std::string>());
  if (map.count("omega")) request.omegas = map["omega"].as<std::vector<double>>();
  const std::string run_path = map["run"].as<std::string>();
  const std::string name =
      map.count("name") ? map["name"].as<std::string>() : core::default_spectrum_name(request);

  core::RecordedSpectrum spectrum;
  {
    // Closed before writing: HDF5 does not open one file twice with different modes.
    const core::H5Reader run(run_path);
    spectrum = core::recorded_spectrum(run, request);
  }
  const std::string out_path = map.count("output") ? map["output"].as<std::string>() : run_path;
  // Written into a copy that replaces the file only when complete: a failure
  // (a full disk) leaves the file as it was.
  core::H5Writer out(out_path, core::H5Writer::Mode::update);
  core::write_recorded_spectrum(out, name, request, spectrum, run_path);
  out.close();
  print_summary(request, spectrum, out_path + ":/spectra/" + name);
  return 0;
}

}  // namespace prospect::tools
