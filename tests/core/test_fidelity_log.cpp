// A series of fidelity reports in a run file: layout, in-place rewrites, resume.

#include <catch2/catch.hpp>
#include <filesystem>

#include "core/error.h"
#include "core/fidelity_log.h"
#include "tests/temporary_path.h"

using namespace prospect;
using Catch::Matchers::Contains;

namespace {

core::FidelityReport report(double cosine_w, double cosine_b) {
  core::FidelityReport r;
  r.tensors.push_back({.name = "layer1/W", .numel = 6, .cosine = cosine_w});
  r.tensors.push_back({.name = "layer1/b", .numel = 2, .cosine = cosine_b});
  r.all = {.name = "all", .numel = 8, .cosine = (cosine_w + cosine_b) / 2, .norm_ratio = 2};
  r.weighted_cosine = (6 * cosine_w + 2 * cosine_b) / 8;
  return r;
}

const std::string group = "metrics/fidelity/ep_vs_bptt";

}  // namespace

TEST_CASE("fidelity log: one series per tensor and measure, with its axis", "[unit]") {
  const std::string path = temporary_path("fidelity_log.h5");
  {
    core::H5Writer file(path);
    core::FidelityLog log("ep_vs_bptt", "ep", "bptt", "epoch", "1");
    log.add(1, report(0.5, 0.25));
    log.write(file);
    log.add(2, report(0.75, 1));  // called again after the next epoch: the series grows
    log.write(file);
    CHECK(log.group() == group);
    file.close();
  }
  const core::H5Reader file(path);
  CHECK(file.read_double(group + "/epoch").data == std::vector<double>{1, 2});
  CHECK(file.read_double(group + "/layer1/W/cosine").data == std::vector<double>{0.5, 0.75});
  CHECK(file.read_double(group + "/layer1/b/cosine").data == std::vector<double>{0.25, 1});
  CHECK(file.read_double(group + "/all/norm_ratio").data == std::vector<double>{2, 2});
  CHECK(file.read_double(group + "/all/weighted_cosine").data == std::vector<double>{0.4375, 0.8125});
  for (const char* measure : {"cosine", "norm_ratio", "abs_log10_norm_ratio", "relative_error",
                              "sign_agreement", "both_nonzero_fraction", "reference_norm",
                              "candidate_norm"}) {
    INFO(measure);
    CHECK(file.shape(group + "/all/" + measure) == std::vector<hsize_t>{2});
  }
  CHECK(file.attribute_text(group + "/layer1/W", "numel") == "6");
  CHECK(file.string_attribute(group, "candidate") == "ep");
  CHECK(file.string_attribute(group, "reference") == "bptt");
  CHECK(file.string_attribute(group, "axis") == "epoch");
  std::filesystem::remove(path);
}

TEST_CASE("fidelity log: a resumed run takes its first entries back and carries on", "[unit]") {
  const std::string path = temporary_path("fidelity_log_resume.h5");
  {
    core::H5Writer file(path);
    core::FidelityLog log("ep_vs_bptt", "ep", "bptt", "time", "time");
    for (int k = 1; k <= 3; ++k) log.add(k, report(0.1 * k, 0.2 * k));
    log.write(file);
    file.close();
  }
  {
    // The checkpoint was after entry 2: entry 3 is dropped and redone.
    core::FidelityLog log("ep_vs_bptt", "ep", "bptt", "time", "time");
    log.restore(core::H5Reader(path), 2);
    CHECK(log.size() == 2);
    log.add(3, report(0.9, 0.8));
    core::H5Writer file(path, core::H5Writer::Mode::update);
    log.write(file);
    file.close();
  }
  const core::H5Reader file(path);
  CHECK(file.read_double(group + "/time").data == std::vector<double>{1, 2, 3});
  CHECK(file.string_attribute(group + "/time", "unit") == "time");
  const auto w = file.read_double(group + "/layer1/W/cosine").data;
  REQUIRE(w.size() == 3);
  CHECK(w[1] == 0.2);
  CHECK(w[2] == 0.9);

  core::FidelityLog too_long("ep_vs_bptt", "ep", "bptt", "time", "time");
  CHECK_THROWS_WITH(too_long.restore(file, 4), Contains("has 3 entries, expected at least 4"));
  core::FidelityLog missing("gle_vs_am", "gle", "am", "time", "time");
  CHECK_THROWS_WITH(missing.restore(file, 1),
                    Contains("no gradient fidelity series 'metrics/fidelity/gle_vs_am' to resume"));
  missing.restore(file, 0);
  CHECK(missing.size() == 0);
  std::filesystem::remove(path);
}

TEST_CASE("fidelity log: reports must compare the same tensors and names must fit the layout", "[unit]") {
  core::FidelityLog log("gle_vs_am", "gle", "am", "time", "time");
  log.add(0, report(1, 1));
  core::FidelityReport other = report(1, 1);
  other.tensors[1].name = "layer2/b";
  CHECK_THROWS_WITH(log.add(1, other), Contains("report 2 has tensor 'layer2/b'"));
  other.tensors.pop_back();
  CHECK_THROWS_WITH(log.add(1, other), Contains("report 2 compares 1 tensors, the earlier reports 2"));
  CHECK_THROWS_WITH(core::FidelityLog("a/b", "gle", "am", "epoch", "1"),
                    Contains("'a/b' must be one non-empty path component"));
  CHECK_THROWS_WITH(core::FidelityLog("gle_vs_am", "gle", "am", "all", "1"), Contains("axis name 'all'"));
}
