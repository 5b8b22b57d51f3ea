#pragma once
// What the two training loops (streamed, per batch) share around their
// epochs: the per-epoch metrics log (/metrics/epoch/<column>), the accuracy
// summary (/summary/...) and the checks that a run being resumed is this run.

#include <string>
#include <vector>

#include "core/h5_file.h"
#include "runs/task.h"

namespace prospect::training {

class EpochLog {
 public:
  explicit EpochLog(std::vector<std::string> columns);

  // One value per column, in the order of construction.
  void append(const std::vector<double>& row);
  const std::vector<double>& column(const std::string& name) const;
  bool has(const std::string& name) const;
  long epochs() const;

  // Writes every column whole (a run file holds the log up to the last epoch).
  void write(core::H5Writer& file) const;
  // The first `epochs` rows of the log in a run file being resumed.
  void restore(const core::H5Reader& file, long epochs);

 private:
  std::size_t index(const std::string& name) const;

  std::vector<std::string> names_;
  std::vector<std::vector<double>> columns_;
};

// The run in `file` must have been made with this run's configuration
// (except `epochs`: a run may be extended) and seed; errors name what differs.
void check_same_run(const core::H5Reader& file, const runs::RunContext& context);

// Final and best accuracy of the selection split ("validation", or "test"
// when there is no validation set) with the best epoch and total seconds
// (column `seconds`); with a test set besides a validation set, the final
// test accuracy and the test accuracy at the best validation epoch. Written
// under /summary/ and printed, `note` ending the printed line. Returns the
// best epoch (1-based; 0 if no epoch was run).
long write_accuracy_summary(core::H5Writer& file, const EpochLog& log,
                            const std::string& note = "");

}  // namespace prospect::training
