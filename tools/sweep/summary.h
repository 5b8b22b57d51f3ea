#pragma once
// The results of a sweep per setting: the runs that share every axis value
// but the seed, with mean, standard deviation and count of each metric over
// their finished runs.
//
// The metrics of a run come from what its file holds, whatever the task:
//   summary/<path>             every single-valued dataset under /summary
//   epoch/<name>/final         the last value of each 1-D /metrics/epoch/<name>
//   epoch/<name>/best          its maximum when <name> ends in "accuracy", its
//                              minimum when it ends in "loss", "mse", "smape"
//                              or "error"
//
// Run times (datasets named seconds, *_seconds or ms_per_*) say how long a
// run took, not what it found: they are kept apart from the results.
//
// Written to <dir>/summary.csv (12 significant digits; one row per setting and metric: the setting's
// axis values, runs, failed, metric, n, mean, sd; a setting without finished
// runs has one row with an empty metric), <dir>/run_times.csv (the same
// columns, for the run times) and <dir>/summary.h5 (/settings/<key>,
// /settings/runs, /settings/failed, and per metric /metrics/<metric>/{n, mean,
// sd} or /run_times/<metric>/{n, mean, sd}, one entry per setting). sd is the
// sample standard deviation (n - 1), NaN when n = 1.

#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace prospect::sweep {

// A metric of one run file, named as above, with the `unit` attribute of the
// dataset it comes from ("" when it has none).
struct RunMetric {
  std::string name;
  double value = 0;
  std::string unit;
  bool operator==(const RunMetric&) const = default;
};
std::vector<RunMetric> run_metrics(const std::string& run_file);
// Whether a metric so named is a run time rather than a result.
bool is_run_time(const std::string& metric);

struct Statistic {
  std::size_t n = 0;
  double mean = 0, sd = 0;
};

struct SettingResult {
  std::vector<std::string> values;  // per SweepSummary::keys
  std::size_t runs = 0, failed = 0;  // finished and failed runs
  std::map<std::string, Statistic> metrics;  // results and run times
};

struct SweepSummary {
  std::string dir;
  std::vector<std::string> keys;     // the axes but seed
  std::vector<std::string> metrics;    // results, in the order the runs hold them
  std::vector<std::string> run_times;  // likewise
  std::map<std::string, std::string> units;  // of each metric, as the run files give it
  std::vector<SettingResult> settings;
};

// From <dir>/index.csv and the finished runs' files.
SweepSummary summarize(const std::string& dir);
// <dir>/summary.csv, <dir>/run_times.csv and <dir>/summary.h5.
void write_summary(const SweepSummary& summary);
void print_summary(const SweepSummary& summary, std::ostream& out);

}  // namespace prospect::sweep
