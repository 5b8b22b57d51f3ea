#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "tests/temporary_path.h"
#include "tools/sweep/expansion.h"

using namespace prospect;
using namespace prospect::sweep;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;

namespace {

core::OptionTable table() {
  core::OptionTable t;
  t.add({"epochs", "10", "", "1", "text"}).add({"students", "gle", "", "1", "text"}).add({"noise.tau_sigma", "0", "", "1", "text"})
      .add({"noise.rate_sigma", "0", "", "1", "text"}).add({"data.file", "", "", "1", "text"});
  return t;
}

std::string write_file(const std::string& text, const std::string& name = "sweep.ini") {
  const auto path = temporary_path(name);
  std::ofstream(path) << text;
  return path;
}

Sweep expand_text(const std::string& text) {
  return expand(read_sweep_file(write_file(text)), table());
}

std::vector<std::string> names(const Sweep& sweep) {
  std::vector<std::string> result;
  for (const auto& run : sweep.runs) result.push_back(run.name);
  return result;
}

}  // namespace

TEST_CASE("axis values: lists, whole-number ranges and quoted commas", "[unit]") {
  CHECK_THAT(parse_axis_values("0, 0.05,0.1", "f:1"), Equals(std::vector<std::string>{"0", "0.05", "0.1"}));
  CHECK_THAT(parse_axis_values("1..3, 7", "f:1"), Equals(std::vector<std::string>{"1", "2", "3", "7"}));
  CHECK_THAT(parse_axis_values("\"gle, bptt1\", gle", "f:1"),
             Equals(std::vector<std::string>{"gle, bptt1", "gle"}));
  CHECK_THROWS_WITH(parse_axis_values("3..1", "f:4"), Contains("f:4: range '3..1'"));
  CHECK_THROWS_WITH(parse_axis_values("1..x", "f:4"), Contains("FIRST..LAST"));
  CHECK_THROWS_WITH(parse_axis_values("1..1e3", "f:4"), Contains("FIRST..LAST"));
  CHECK_THROWS_WITH(parse_axis_values("1..99999999999999999999", "f:4"), Contains("FIRST..LAST"));
  CHECK_THAT(parse_axis_values("9223372036854775806..9223372036854775807", "f:1"),
             Equals(std::vector<std::string>{"9223372036854775806", "9223372036854775807"}));
  CHECK_THROWS_WITH(parse_axis_values("1,,2", "f:4"), Contains("f:4: empty value"));
  CHECK_THROWS_WITH(parse_axis_values("\"open", "f:4"), Contains("unterminated quote"));
}

TEST_CASE("a sweep expands to the product of its axes, the last fastest, with names from "
          "the varying values", "[unit]") {
  const auto sweep = expand_text(
      "epochs = 2\n[data]\nfile = d.h5\n[sweep]\ntask = chain\noutput = out/dir\nthreads = 2\n"
      "[axes]\nnoise.tau_sigma = 0, 0.1\nseed = 1..3\n");
  CHECK(sweep.output_dir == "out/dir");
  CHECK(sweep.file.threads == 2);
  CHECK_THAT(sweep.varying_keys, Equals(std::vector<std::string>{"noise.tau_sigma", "seed"}));
  CHECK_THAT(names(sweep), Equals(std::vector<std::string>{
                               "tau_sigma-0_seed-1", "tau_sigma-0_seed-2", "tau_sigma-0_seed-3",
                               "tau_sigma-0.1_seed-1", "tau_sigma-0.1_seed-2", "tau_sigma-0.1_seed-3"}));
  const Run& run = sweep.runs[4];
  CHECK(run.index == 4);
  CHECK(run.seed == 2);
  CHECK_THAT(run.overrides, Equals(std::vector<std::string>{"epochs=2", "data.file=d.h5",
                                                            "noise.tau_sigma=0.1"}));
}

TEST_CASE("zipped axes step together, name patterns, a fixed seed, no axes", "[unit]") {
  const auto zipped = expand_text(
      "seed = 5\n[sweep]\ntask = chain\nzip = noise.tau_sigma, noise.rate_sigma\n"
      "name = t{noise.tau_sigma}_r{noise.rate_sigma}\n"
      "[axes]\nnoise.tau_sigma = 0, 0.1, 0\nnoise.rate_sigma = 0, 0, 0.2\n");
  CHECK_THAT(names(zipped), Equals(std::vector<std::string>{"t0_r0", "t0.1_r0", "t0_r0.2"}));
  CHECK(zipped.runs[2].seed == 5);
  CHECK_THAT(zipped.runs[2].overrides,
             Equals(std::vector<std::string>{"noise.tau_sigma=0", "noise.rate_sigma=0.2"}));

  // A zip group stands where its first axis stands; other axes multiply it.
  const auto mixed = expand_text(
      "[sweep]\ntask = chain\nzip = noise.tau_sigma, noise.rate_sigma\n[axes]\n"
      "noise.tau_sigma = 0, 0.1\nseed = 1..2\nnoise.rate_sigma = 0.3, 0.4\n");
  CHECK_THAT(names(mixed), Equals(std::vector<std::string>{
                               "tau_sigma-0_seed-1_rate_sigma-0.3", "tau_sigma-0_seed-2_rate_sigma-0.3",
                               "tau_sigma-0.1_seed-1_rate_sigma-0.4", "tau_sigma-0.1_seed-2_rate_sigma-0.4"}));

  // Values that are not file-safe are replaced in names, not in options.
  const auto quoted = expand_text("[sweep]\ntask = chain\n[axes]\nstudents = \"gle, bptt1\", gle\n");
  CHECK_THAT(names(quoted), Equals(std::vector<std::string>{"students-gle__bptt1", "students-gle"}));
  CHECK(quoted.runs[0].overrides.back() == "students=gle, bptt1");

  // Without axes: one run, named after the file, as is the default output directory.
  const auto path = write_file("[sweep]\ntask = chain\n", "only.ini");
  const auto single = expand(read_sweep_file(path), table());
  const auto stem = std::filesystem::path(path).stem().string();
  REQUIRE(single.runs.size() == 1);
  CHECK(single.runs[0].name == stem);
  CHECK(single.output_dir == stem);
}

TEST_CASE("sweep file errors name the file and line", "[unit]") {
  const auto error = [](const std::string& text) {
    const auto path = write_file(text);
    try {
      expand(read_sweep_file(path), table());
    } catch (const Error& e) {
      return std::string(e.what()).substr(path.size());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("epochs = 1\nnope = 2\n[sweep]\ntask = chain\n"),
             Contains(":2: unknown key 'nope' for task 'chain'"));
  CHECK_THAT(error("[sweep]\ntask = chain\n[axes]\n\nnoise.tau = 0, 1\n"),
             Contains(":5: unknown key 'noise.tau'"));
  CHECK_THAT(error("[sweep]\ntask = chain\njobs = 2\n"), Contains(":3: unknown key 'jobs' in [sweep]"));
  CHECK_THAT(error("[sweep]\ntask = chain\nthreads = 0\n"), Contains(":3: threads = '0'"));
  CHECK_THAT(error("[sweep]\ntask = chain\nthreads = 99999999999\n"),
             Contains(":3: threads = '99999999999': expected a whole number from 1 to 2147483647"));
  CHECK_THAT(error("epochs = 1\nepochs = 2\n[sweep]\ntask = chain\n"), Contains(":2: 'epochs' given twice"));
  CHECK_THAT(error("[sweep]\ntask = chain\n[axes]\nseed = 1, x\n"), Contains(":4: seed 'x'"));
  CHECK_THAT(error("epochs = 1\n[sweep]\ntask = chain\n[axes]\nepochs = 1, 2\n"),
             Contains(":5: 'epochs' is both an axis and a base option (line 1)"));
  CHECK_THAT(error("[sweep]\ntask = chain\nzip = seed, epochs\n[axes]\nseed = 1..2\n"),
             Contains(":3: zip names 'epochs', which is not in [axes]"));
  CHECK_THAT(error("[sweep]\ntask = chain\nzip = seed, epochs\n[axes]\nseed = 1..2\nepochs = 1\n"),
             Contains(":3: zipped axes 'seed' (2 values) and 'epochs' (1 values) differ in length"));
  CHECK_THAT(error("[sweep]\ntask = chain\nname = run{seed}\n[axes]\nseed = 1..2\nepochs = 1, 2\n"),
             Contains(":3: runs 0 and 1 would both be named 'run1'"));
  CHECK_THAT(error("[sweep]\ntask = chain\nname = run{epochs}\n"), Contains(":3: name: '{epochs}' is not an axis"));
  CHECK_THAT(error("[sweep]\ntask = chain\nname = summary\n[axes]\nseed = 1\n"),
             Contains(":3: run 0 would be named 'summary', which the sweep keeps for its own files"));
  CHECK_THAT(error("epochs = 1\n"), Contains(": [sweep] task = ... is missing"));
  CHECK_THAT(error("[sweep\ntask = chain\n"), Contains(":1: malformed section header"));
  CHECK_THROWS_WITH(read_sweep_file("/no/such/sweep.ini"), Contains("/no/such/sweep.ini: cannot open"));
}
