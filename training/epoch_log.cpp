#include "training/epoch_log.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "core/error.h"
#include "core/output.h"

namespace prospect::training {
namespace {

const std::string kMetrics = "metrics/epoch/";

// Every column is a dimensionless number (a loss, an accuracy as a fraction,
// a learning rate) but the timings.
const std::string& unit_of(const std::string& column) {
  return column.ends_with("seconds") ? core::units::seconds : core::units::one;
}

}  // namespace

EpochLog::EpochLog(std::vector<std::string> columns)
    : names_(std::move(columns)), columns_(names_.size()) {}

void EpochLog::append(const std::vector<double>& row) {
  if (row.size() != names_.size()) {
    fail("epoch log: ", row.size(), " values for ", names_.size(), " columns");
  }
  for (std::size_t i = 0; i < row.size(); ++i) columns_[i].push_back(row[i]);
}

std::size_t EpochLog::index(const std::string& name) const {
  const auto found = std::find(names_.begin(), names_.end(), name);
  if (found == names_.end()) fail("epoch log: no column '", name, "'");
  return static_cast<std::size_t>(found - names_.begin());
}

const std::vector<double>& EpochLog::column(const std::string& name) const {
  return columns_[index(name)];
}

bool EpochLog::has(const std::string& name) const {
  return std::find(names_.begin(), names_.end(), name) != names_.end();
}

long EpochLog::epochs() const {
  return columns_.empty() ? 0 : static_cast<long>(columns_.front().size());
}

void EpochLog::write(core::H5Writer& file) const {
  for (std::size_t i = 0; i < names_.size(); ++i) file.write(kMetrics + names_[i], columns_[i], unit_of(names_[i]));
}

void EpochLog::restore(const core::H5Reader& file, long epochs) {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const auto values = file.read_double(kMetrics + names_[i]);
    if (static_cast<long>(values.elements()) < epochs) {
      fail(file.path(), ": '", kMetrics, names_[i], "' has ", values.elements(),
           " epochs, the checkpoint ", epochs);
    }
    columns_[i].assign(values.data.begin(), values.data.begin() + epochs);
  }
}

void check_same_run(const core::H5Reader& file, const runs::RunContext& context) {
  const auto lines = [](const std::string& text) {
    std::vector<std::string> kept;
    std::size_t start = 0;
    while (start < text.size()) {
      const auto end = std::min(text.find('\n', start), text.size());
      const std::string line = text.substr(start, end - start);
      if (line.rfind("epochs =", 0) != 0) kept.push_back(line);
      start = end + 1;
    }
    return kept;
  };
  const auto saved = lines(file.string_attribute("/", "configuration"));
  const auto current = lines(context.options.to_ini());
  for (std::size_t i = 0; i < std::max(saved.size(), current.size()); ++i) {
    const std::string a = i < saved.size() ? saved[i] : "(nothing)";
    const std::string b = i < current.size() ? current[i] : "(nothing)";
    if (a != b) {
      fail(file.path(), ": cannot resume: the run was made with '", a, "', this one has '", b,
           "' (only epochs may change)");
    }
  }
  const auto seed = static_cast<std::uint64_t>(file.double_attribute("/", "seed"));
  if (seed != context.seed) {
    fail(file.path(), ": cannot resume: the run has seed ", seed, ", this one --seed ",
         context.seed);
  }
}

long write_accuracy_summary(core::H5Writer& file, const EpochLog& log, const std::string& note) {
  const bool validation = log.has("validation_accuracy");
  const bool test = log.has("test_accuracy");
  const std::string split = validation ? "validation" : "test";
  const auto& accuracy = log.column(split + "_accuracy");
  if (accuracy.empty()) return 0;
  const auto best = std::max_element(accuracy.begin(), accuracy.end());
  const long best_epoch = best - accuracy.begin() + 1;
  const auto& epoch_seconds = log.column("seconds");
  const double seconds = std::accumulate(epoch_seconds.begin(), epoch_seconds.end(), 0.0);
  file.write("summary/final_" + split + "_accuracy", {accuracy.back()}, core::units::one);
  file.write("summary/best_" + split + "_accuracy", {*best}, core::units::one);
  file.write("summary/best_epoch", {static_cast<double>(best_epoch)}, core::units::one);
  file.write("summary/seconds", {seconds}, core::units::seconds);
  if (validation && test) {
    const auto& test_accuracy = log.column("test_accuracy");
    const double test_at_best = test_accuracy[static_cast<std::size_t>(best_epoch - 1)];
    file.write("summary/final_test_accuracy", {test_accuracy.back()}, core::units::one);
    file.write("summary/test_accuracy_at_best_validation", {test_at_best}, core::units::one);
    core::out("test accuracy: final %.4f, at the best validation epoch %.4f\n",
              test_accuracy.back(), test_at_best);
  }
  // Fractions, as the run file holds them (docs/run_files.md#units).
  core::out("%s accuracy: final %.4f, best %.4f (epoch %ld); %zu epochs in %.1f s%s\n",
            split.c_str(), accuracy.back(), *best, best_epoch, accuracy.size(),
            seconds, note.c_str());
  return best_epoch;
}

}  // namespace prospect::training
