#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "tests/temporary_path.h"
#include "tools/sweep/csv.h"
#include "tools/sweep/run_index.h"

using namespace prospect;
using namespace prospect::sweep;
using Catch::Matchers::Contains;

namespace {

core::OptionTable table() {
  core::OptionTable t;
  t.add({"epochs", "10", "", "1", "text"}).add({"noise.tau_sigma", "0", "", "1", "text"});
  return t;
}

Sweep sweep_in(const std::string& dir, const std::string& epochs = "2",
               const std::string& seeds = "1..4") {
  const auto path = temporary_path("index_sweep.ini");
  std::ofstream(path) << "epochs = " << epochs
                      << "\n[sweep]\ntask = chain\n[axes]\nnoise.tau_sigma = 0, 0.1\nseed = " << seeds
                      << "\n";
  return expand(read_sweep_file(path), table(), dir);
}

}  // namespace

TEST_CASE("csv round trip with commas, quotes and line breaks", "[unit]") {
  const auto path = temporary_path("table.csv");
  const std::vector<CsvRow> rows{{"a", "b,c", "say \"hi\""}, {"", "two\nlines", "x"}};
  write_csv_atomically(path, rows);
  CHECK(read_csv(path) == rows);
  std::filesystem::remove(path);
}

TEST_CASE("the index lists every run, keeps states across openings and refuses a changed "
          "sweep", "[unit]") {
  const auto dir = temporary_path("index_dir");
  const Sweep sweep = sweep_in(dir);
  RunIndex index(sweep);
  auto states = index.open();
  REQUIRE(states.size() == 8);
  CHECK(states[3].status == Status::pending);
  index.record(sweep.runs[3], {Status::failed, 2, 1.25, "error: boom, badly"});

  const auto rows = read_csv(dir + "/index.csv");
  REQUIRE(rows.size() == 9);
  CHECK(rows[0] == CsvRow{"index", "name", "status", "attempts", "seconds", "seed",
                          "noise.tau_sigma", "options", "message"});
  CHECK(rows[4] == CsvRow{"3", "tau_sigma-0_seed-4", "failed", "2", "1.25", "4", "0",
                          "epochs=2; noise.tau_sigma=0", "error: boom, badly"});

  states = RunIndex(sweep).open();
  CHECK(states[3].status == Status::failed);
  CHECK(states[3].attempts == 2);
  CHECK(states[3].message == "error: boom, badly");

  // Runs a narrower sweep leaves out keep their rows, and their state when they come back.
  const Sweep narrower = sweep_in(dir, "2", "1..3");
  CHECK(RunIndex(narrower).open().size() == 6);
  const auto kept = read_csv(dir + "/index.csv");
  REQUIRE(kept.size() == 9);
  CHECK(kept[8] == CsvRow{"", "tau_sigma-0_seed-4", "failed", "2", "1.25", "4", "0",
                          "epochs=2; noise.tau_sigma=0", "error: boom, badly"});
  CHECK(RunIndex(sweep).open()[3].status == Status::failed);

  const Sweep changed = sweep_in(dir, "3");
  CHECK_THROWS_WITH(RunIndex(changed).open(),
                    Contains("run 'tau_sigma-0_seed-1' was made with seed 1 and options "
                             "'epochs=2; noise.tau_sigma=0'") &&
                        Contains("use another output directory"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("concurrent updaters of the index each keep their own rows", "[unit]") {
  // As Slurm array tasks do: processes that each record their run many times.
  const auto dir = temporary_path("index_concurrent");
  const Sweep sweep = sweep_in(dir);
  RunIndex(sweep).open();
  std::vector<pid_t> children;
  for (const auto& run : sweep.runs) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      RunIndex index(sweep);
      for (int attempt = 1; attempt <= 20; ++attempt) {
        index.record(run, {Status::running, attempt, 0, ""});
      }
      index.record(run, {Status::finished, 20, static_cast<double>(run.index), ""});
      _exit(0);
    }
    children.push_back(pid);
  }
  for (const pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  const auto states = RunIndex(sweep).open();
  for (std::size_t i = 0; i < states.size(); ++i) {
    CHECK(states[i].status == Status::finished);
    CHECK(states[i].attempts == 20);
    CHECK(states[i].seconds == static_cast<double>(i));
  }
  std::filesystem::remove_all(dir);
}
