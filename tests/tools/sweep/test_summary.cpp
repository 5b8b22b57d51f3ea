#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/h5_file.h"
#include "tests/temporary_path.h"
#include "tools/sweep/csv.h"
#include "tools/sweep/summary.h"

using namespace prospect;
using namespace prospect::sweep;
using Catch::Matchers::WithinRel;

namespace {

void write_run(const std::string& path, double accuracy, std::vector<double> loss) {
  core::H5Writer file(path);
  file.write("summary/final_validation_accuracy", {accuracy}, "1");
  file.write("summary/student/w", {1.0, 2.0}, "1");  // not a scalar: left out
  const bool verdict = true;
  file.write("summary/student/matches", {1}, &verdict);
  file.write("metrics/epoch/validation_loss", loss, "1");
  file.write("metrics/epoch/validation_accuracy", {0.1, accuracy + 0.05, accuracy}, "1");
  file.write("metrics/epoch/seconds", {1.0, 1.0, 1.0}, "s");
  file.write("summary/ms_per_training_step", {0.25}, "ms");
  file.write("metrics/epoch/window_smape", {2, 2}, std::vector<double>{1, 2, 3, 4}.data(), "%");
  file.close();
}

}  // namespace

TEST_CASE("a run's metrics: /summary scalars and the final and best of epoch series", "[unit]") {
  const auto path = temporary_path("metrics_run.h5");
  write_run(path, 0.5, {2.0, 1.0, 1.5});
  const auto metrics = run_metrics(path);
  const std::vector<RunMetric> expected{
      {"summary/final_validation_accuracy", 0.5, "1"},
      {"summary/ms_per_training_step", 0.25, "ms"},
      {"summary/student/matches", 1, ""},  // a truth value: no unit
      {"epoch/seconds/final", 1, "s"},
      {"epoch/validation_accuracy/final", 0.5, "1"},
      {"epoch/validation_accuracy/best", 0.55, "1"},
      {"epoch/validation_loss/final", 1.5, "1"},
      {"epoch/validation_loss/best", 1.0, "1"}};
  CHECK(metrics == expected);
  std::filesystem::remove(path);
}

TEST_CASE("run times are told from results by the dataset's name", "[unit]") {
  CHECK(is_run_time("summary/seconds"));
  CHECK(is_run_time("summary/ms_per_training_step"));
  CHECK(is_run_time("epoch/train_seconds/final"));
  CHECK(is_run_time("summary/gle/seconds"));
  CHECK_FALSE(is_run_time("epoch/validation_accuracy/best"));
  CHECK_FALSE(is_run_time("summary/seconds_to_target"));
  CHECK_FALSE(is_run_time("epoch/loss/final"));
}

TEST_CASE("the summary groups runs by their setting without the seed", "[unit]") {
  const auto dir = temporary_path("summary_dir");
  std::filesystem::create_directories(dir);
  write_run(dir + "/a1.h5", 0.5, {1, 1, 1});
  write_run(dir + "/a2.h5", 0.7, {1, 1, 3});
  write_run(dir + "/b1.h5", 0.2, {1, 1, 1});
  write_csv_atomically(dir + "/index.csv",
                       {{"index", "name", "status", "attempts", "seconds", "seed", "noise", "options", "message"},
                        {"0", "a1", "finished", "1", "1", "1", "0", "", ""},
                        {"1", "a2", "finished", "1", "1", "2", "0", "", ""},
                        {"2", "a3", "failed", "1", "1", "3", "0", "", "boom"},
                        {"3", "b1", "finished", "1", "1", "1", "0.1", "", ""},
                        {"4", "b2", "pending", "0", "0", "2", "0.1", "", ""},
                        {"5", "c1", "failed", "1", "0", "1", "0.2", "", "boom"}});
  const auto summary = summarize(dir);
  CHECK(summary.keys == std::vector<std::string>{"noise"});
  REQUIRE(summary.settings.size() == 3);
  const auto& a = summary.settings[0];
  CHECK(a.values == std::vector<std::string>{"0"});
  CHECK(a.runs == 2);
  CHECK(a.failed == 1);
  const auto accuracy = a.metrics.at("summary/final_validation_accuracy");
  CHECK(accuracy.n == 2);
  CHECK_THAT(accuracy.mean, WithinRel(0.6, 1e-12));
  CHECK_THAT(accuracy.sd, WithinRel(std::sqrt(0.02), 1e-12));
  CHECK_THAT(a.metrics.at("epoch/validation_loss/final").mean, WithinRel(2.0, 1e-12));
  const auto& b = summary.settings[1];
  CHECK(b.runs == 1);
  CHECK(b.metrics.at("summary/final_validation_accuracy").n == 1);
  CHECK(std::isnan(b.metrics.at("summary/final_validation_accuracy").sd));

  write_summary(summary);
  const auto rows = read_csv(dir + "/summary.csv");
  CHECK(rows[0] == CsvRow{"noise", "runs", "failed", "metric", "n", "mean", "sd"});
  CHECK(rows[1] == CsvRow{"0", "2", "1", "summary/final_validation_accuracy", "2", "0.6",
                          "0.141421356237"});
  CHECK(rows.back() == CsvRow{"0.2", "0", "1", "", "0", "", ""});
  for (const auto& row : rows) {
    CHECK(row[3].find("seconds") == std::string::npos);
    CHECK(row[3].find("ms_per") == std::string::npos);
  }
  const auto times = read_csv(dir + "/run_times.csv");
  CHECK(times[0] == rows[0]);
  REQUIRE(times.size() == 6);  // two run times for each of two settings, one empty setting
  CHECK(times[1] == CsvRow{"0", "2", "1", "summary/ms_per_training_step", "2", "0.25", "0"});
  CHECK(times[2][3] == "epoch/seconds/final");
  const core::H5Reader h5(dir + "/summary.h5");
  const auto means = h5.read_double("metrics/summary/final_validation_accuracy/mean").data;
  REQUIRE(means.size() == 3);
  CHECK_THAT(means[0], WithinRel(0.6, 1e-12));
  CHECK(means[1] == 0.2);
  CHECK(std::isnan(means[2]));
  CHECK(h5.read_double("settings/runs").data == std::vector<double>{2, 1, 0});
  CHECK(h5.read_double("run_times/epoch/seconds/final/mean").data.front() == 1.0);
  // Means and deviations keep the unit of what the runs recorded.
  CHECK(h5.string_attribute("run_times/epoch/seconds/final/mean", "unit") == "s");
  CHECK(h5.string_attribute("run_times/summary/ms_per_training_step/sd", "unit") == "ms");
  CHECK(h5.string_attribute("metrics/summary/final_validation_accuracy/mean", "unit") == "1");
  CHECK(h5.string_attribute("settings/runs", "unit") == "1");
  CHECK_FALSE(h5.exists("metrics/epoch/seconds"));
  std::filesystem::remove_all(dir);
}
