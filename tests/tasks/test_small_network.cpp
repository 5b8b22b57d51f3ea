// The small network of Fig. 6 end to end: both students learn the teacher's
// bottom weights; errors and adjoints agree in phase and peak at the inputs.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "core/h5_file.h"
#include "tasks/small_network.h"
#include "tests/temporary_path.h"

using namespace prospect;

namespace {

runs::RunContext context_for(const std::vector<std::string>& overrides, const std::string& path) {
  runs::RunContext context;
  context.options = core::Options::resolve(tasks::SmallNetworkTask().options(), "", overrides);
  context.output_path = path;
  context.progress = false;
  return context;
}

}  // namespace

TEST_CASE("small_network: GLE and the adjoint method learn the teacher, and e and lambda agree in phase",
          "[task]") {
  const std::string path =
      temporary_path("small_network.h5");
  tasks::SmallNetworkTask().run(context_for({}, path));
  const core::H5Reader run(path);

  // From |w1 - w1*| = 1.9 the errors shrink exponentially; measured after
  // 10000 time units: GLE 2.2e-4, AM 3.4e-4 (1e-2 is reached at t = 3500 and 5200).
  for (const char* student : {"gle", "am"}) {
    INFO(student);
    CHECK(run.read_double(std::string("summary/") + student + "/weight_error").data[0] < 1e-3);
  }

  const double resolution = 2 * M_PI / (8000 * 0.01);
  const std::vector<double> inputs{0.49, 1.07, 1.98};
  for (const char* neuron : {"instantaneous", "retrospective"}) {
    INFO(neuron);
    const std::string group = std::string("summary/") + neuron;
    // Bins where the output error has power: the three input lines with their
    // Hann side bins (measured 9).
    const auto bins = run.read_double(group + "/power_bins_omega").data;
    CHECK(bins.size() >= 6);
    for (const double d : run.read_double(group + "/phase_difference_deg").data) CHECK(std::abs(d) <= 5);
    for (const char* signal : {"/e_peaks_omega", "/lambda_peaks_omega"}) {
      auto peaks = run.read_double(group + signal).data;
      REQUIRE(peaks.size() == 3);
      std::sort(peaks.begin(), peaks.end());
      for (std::size_t i = 0; i < 3; ++i) CHECK(std::abs(peaks[i] - inputs[i]) <= resolution);
    }
  }
  CHECK(run.shape("window/gle/layer1/e") == std::vector<hsize_t>{8000, 1, 2});
  CHECK(run.shape("spectra/lambda_retrospective/phase")[0] == 4000);
  CHECK(run.string_attribute("spectra/e_instantaneous", "reference") == "window/gle/layer3/e");

  // Gradients over the fixed-weight window (from rest, 140 time units):
  // measured cosine 0.919 over all weights and time constants; at the output
  // neuron, whose error is exact, cosine 1.0000 and norm ratio 0.989.
  const std::string fixed = "metrics/fidelity/gle_vs_am_fixed_weights/";
  CHECK(run.read_double(fixed + "time").data == std::vector<double>{140});
  CHECK(run.read_double(fixed + "all/cosine").data[0] > 0.9);
  CHECK(run.read_double(fixed + "layer3/W/cosine").data[0] > 0.999);
  CHECK(run.read_double(fixed + "layer3/W/norm_ratio").data[0] == Approx(1).margin(0.02));
  // While learning, one comparison per adjoint window (3 time units); the
  // first, before the students part, measured cosine 0.942.
  const auto cosine = run.read_double("metrics/fidelity/gle_vs_am/layer1/W/cosine").data;
  CHECK(cosine.size() == 3333);
  CHECK(cosine.at(0) > 0.9);
  std::filesystem::remove(path);
}

TEST_CASE("small_network: bad options are errors naming key and value", "[task]") {
  const std::string path =
      temporary_path("small_network_bad.h5");
  const auto fails_with = [&](const std::string& assignment, const std::string& expected) {
    INFO(assignment);
    CHECK_THROWS_WITH(tasks::SmallNetworkTask().run(context_for({assignment}, path)),
                      Catch::Matchers::Contains(expected));
  };
  fails_with("teacher.w2=1, 2", "key 'teacher.w2' = '1, 2': expected 4 weights");
  fails_with("network.tau_r=1", "key 'network.tau_r' = '1': expected 2 values");
  fails_with("input.omega=1, -2", "key 'input.omega'");
  fails_with("spectra.steps=4", "key 'spectra.steps' = '4'");
}
