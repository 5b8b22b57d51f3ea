#include "tools/sweep/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "core/h5_file.h"
#include "core/units.h"
#include "tools/sweep/csv.h"

namespace prospect::sweep {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string unit_of(const core::H5Reader& file, const std::string& path) {
  return file.has_attribute(path, "unit") ? file.string_attribute(path, "unit") : "";
}

void add_summary_scalars(const core::H5Reader& file, const std::string& group,
                         std::vector<RunMetric>& metrics) {
  for (const auto& member : file.members(group)) {
    const std::string path = group + "/" + member;
    if (file.is_group(path)) {
      add_summary_scalars(file, path, metrics);
    } else if (file.shape(path).size() <= 1 && file.read_double(path).elements() == 1) {
      metrics.push_back({path, file.read_double(path).data.front(), unit_of(file, path)});
    }
  }
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.12g", value);
  return text;
}

}  // namespace

std::vector<RunMetric> run_metrics(const std::string& run_file) {
  const core::H5Reader file(run_file);
  std::vector<RunMetric> metrics;
  if (file.exists("summary")) add_summary_scalars(file, "summary", metrics);
  if (file.exists("metrics/epoch")) {
    for (const auto& name : file.members("metrics/epoch")) {
      const std::string path = "metrics/epoch/" + name;
      if (file.is_group(path) || file.shape(path).size() != 1) continue;
      const auto values = file.read_double(path).data;
      if (values.empty()) continue;
      const std::string unit = unit_of(file, path);
      metrics.push_back({"epoch/" + name + "/final", values.back(), unit});
      if (ends_with(name, "accuracy")) {
        metrics.push_back({"epoch/" + name + "/best", *std::max_element(values.begin(), values.end()), unit});
      } else if (ends_with(name, "loss") || ends_with(name, "mse") || ends_with(name, "smape") ||
                 ends_with(name, "error")) {
        metrics.push_back({"epoch/" + name + "/best", *std::min_element(values.begin(), values.end()), unit});
      }
    }
  }
  return metrics;
}

bool is_run_time(const std::string& metric) {
  // The dataset's own name: the last part of summary/<path>, <name> of epoch/<name>/<final|best>.
  std::string name = metric;
  if (starts_with(metric, "epoch/")) name = metric.substr(6, metric.rfind('/') - 6);
  name = name.substr(name.rfind('/') + 1);
  return name == "seconds" || ends_with(name, "_seconds") || starts_with(name, "ms_per_");
}

SweepSummary summarize(const std::string& dir) {
  const std::string index = (std::filesystem::path(dir) / "index.csv").string();
  if (!std::filesystem::exists(index)) fail(index, ": no sweep index (run the sweep first)");
  const auto rows = read_csv(index);
  if (rows.empty()) fail(index, ": empty");
  const auto& header = rows.front();
  const auto column = [&](const std::string& name) { return column_of(header, name, index); };
  const std::size_t index_column = column("index"), name = column("name"),
                    status = column("status"), seed = column("seed"), options = column("options");

  SweepSummary summary;
  summary.dir = dir;
  summary.keys.assign(header.begin() + static_cast<long>(seed) + 1, header.begin() + static_cast<long>(options));
  std::map<std::vector<std::string>, std::size_t> setting_of;
  std::vector<std::map<std::string, std::vector<double>>> samples;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() != header.size()) fail(index, ": row ", r + 1, " has ", row.size(), " fields");
    if (row[index_column].empty()) continue;  // a run the sweep file no longer has
    const std::vector<std::string> values(row.begin() + static_cast<long>(seed) + 1,
                                          row.begin() + static_cast<long>(options));
    const auto [it, added] = setting_of.emplace(values, summary.settings.size());
    if (added) {
      summary.settings.push_back({values, 0, 0, {}});
      samples.emplace_back();
    }
    auto& setting = summary.settings[it->second];
    if (row[status] == "failed") ++setting.failed;
    if (row[status] != "finished") continue;
    ++setting.runs;
    const std::string file = (std::filesystem::path(dir) / (row[name] + ".h5")).string();
    for (const auto& [metric, value, unit] : run_metrics(file)) {
      auto& names = is_run_time(metric) ? summary.run_times : summary.metrics;
      if (std::find(names.begin(), names.end(), metric) == names.end()) names.push_back(metric);
      samples[it->second][metric].push_back(value);
      summary.units.emplace(metric, unit);
    }
  }
  for (std::size_t s = 0; s < summary.settings.size(); ++s) {
    for (const auto& [metric, values] : samples[s]) {
      Statistic statistic;
      statistic.n = values.size();
      for (const double v : values) statistic.mean += v / static_cast<double>(values.size());
      double squares = 0;
      for (const double v : values) squares += (v - statistic.mean) * (v - statistic.mean);
      statistic.sd = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1))
                                       : std::nan("");
      summary.settings[s].metrics[metric] = statistic;
    }
  }
  return summary;
}

namespace {

// One CSV of the metrics `names`: a row per setting and metric.
void write_metrics_csv(const SweepSummary& summary, const std::vector<std::string>& names,
                       const std::string& path) {
  std::vector<CsvRow> rows;
  CsvRow header = summary.keys;
  header.insert(header.end(), {"runs", "failed", "metric", "n", "mean", "sd"});
  rows.push_back(header);
  for (const auto& setting : summary.settings) {
    CsvRow counts = setting.values;
    counts.insert(counts.end(), {std::to_string(setting.runs), std::to_string(setting.failed)});
    const bool any = std::any_of(names.begin(), names.end(),
                                 [&](const std::string& name) { return setting.metrics.count(name); });
    if (!any) {  // nothing finished: the setting is still listed
      CsvRow row = counts;
      row.insert(row.end(), {"", "0", "", ""});
      rows.push_back(row);
    }
    for (const auto& metric : names) {
      const auto found = setting.metrics.find(metric);
      if (found == setting.metrics.end()) continue;
      CsvRow row = counts;
      row.insert(row.end(), {metric, std::to_string(found->second.n), number(found->second.mean),
                             number(found->second.sd)});
      rows.push_back(row);
    }
  }
  write_csv_atomically(path, rows);
}

// <group>/<metric>/{n, mean, sd}, one entry per setting.
void write_metrics_h5(const SweepSummary& summary, const std::vector<std::string>& names,
                      const std::string& group, core::H5Writer& file) {
  for (const auto& metric : names) {
    std::vector<double> n, mean, sd;
    for (const auto& setting : summary.settings) {
      const auto found = setting.metrics.find(metric);
      const Statistic statistic = found == setting.metrics.end()
                                      ? Statistic{0, std::nan(""), std::nan("")}
                                      : found->second;
      n.push_back(static_cast<double>(statistic.n));
      mean.push_back(statistic.mean);
      sd.push_back(statistic.sd);
    }
    const auto unit = summary.units.find(metric);
    const std::string& of_metric = unit != summary.units.end() ? unit->second : core::units::none;
    file.write(group + "/" + metric + "/n", n, core::units::one);
    file.write(group + "/" + metric + "/mean", mean, of_metric);
    file.write(group + "/" + metric + "/sd", sd, of_metric);
  }
}

}  // namespace

void write_summary(const SweepSummary& summary) {
  const std::filesystem::path dir(summary.dir);
  write_metrics_csv(summary, summary.metrics, (dir / "summary.csv").string());
  write_metrics_csv(summary, summary.run_times, (dir / "run_times.csv").string());

  // HDF5: the writer stages it beside and puts it in place whole, as the CSV.
  core::H5Writer file((dir / "summary.h5").string());
  for (std::size_t k = 0; k < summary.keys.size(); ++k) {
    std::vector<std::string> values;
    for (const auto& setting : summary.settings) values.push_back(setting.values[k]);
    file.write_strings("settings/" + summary.keys[k], values);
  }
  std::vector<double> runs, failed;
  for (const auto& setting : summary.settings) {
    runs.push_back(static_cast<double>(setting.runs));
    failed.push_back(static_cast<double>(setting.failed));
  }
  file.write("settings/runs", runs, core::units::one);
  file.write("settings/failed", failed, core::units::one);
  write_metrics_h5(summary, summary.metrics, "metrics", file);
  write_metrics_h5(summary, summary.run_times, "run_times", file);
  file.close();
}

namespace {

std::string setting_label(const SweepSummary& summary, const SettingResult& setting) {
  std::string label;
  for (std::size_t k = 0; k < summary.keys.size(); ++k) {
    label += (k ? "  " : "") + summary.keys[k] + " = " + setting.values[k];
  }
  return label.empty() ? "all runs" : label;
}

// A table of the metrics `names` under a setting: metric, mean ± sd, n.
void print_metrics(const SettingResult& setting, const std::vector<std::string>& names,
                   std::size_t width, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "  %-*s %14s   %-12s %4s\n", static_cast<int>(width), "metric",
                "mean", "± sd", "n");
  out << line;
  for (const auto& metric : names) {
    const auto found = setting.metrics.find(metric);
    if (found == setting.metrics.end()) continue;
    std::snprintf(line, sizeof line, "  %-*s %14.6g ± %-12.4g %4zu\n", static_cast<int>(width),
                  metric.c_str(), found->second.mean, found->second.sd, found->second.n);
    out << line;
  }
}

}  // namespace

void print_summary(const SweepSummary& summary, std::ostream& out) {
  std::size_t width = 6;
  for (const auto& metric : summary.metrics) width = std::max(width, metric.size());
  for (const auto& metric : summary.run_times) width = std::max(width, metric.size());
  for (const auto& setting : summary.settings) {
    out << setting_label(summary, setting) << ": " << setting.runs << " finished";
    if (setting.failed) out << ", " << setting.failed << " failed";
    out << "\n";
    print_metrics(setting, summary.metrics, width, out);
  }
  if (!summary.run_times.empty()) {
    out << "\nrun times (wall time, not results):\n";
    for (const auto& setting : summary.settings) {
      out << setting_label(summary, setting) << "\n";
      print_metrics(setting, summary.run_times, width, out);
    }
  }
  const std::filesystem::path dir(summary.dir);
  out << "wrote " << (dir / "summary.csv").string() << ", " << (dir / "run_times.csv").string()
      << " and " << (dir / "summary.h5").string() << std::endl;
}

}  // namespace prospect::sweep
