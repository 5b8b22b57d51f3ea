#pragma once
// An experiment the command line can run: its options with defaults, and a
// run that writes one HDF5 file and prints a summary to stdout.

#include <cstdint>
#include <string>

#include "core/options.h"

namespace prospect::runs {

struct RunContext {
  core::Options options;
  std::string output_path;
  std::uint64_t seed = 1;
  int threads = 1;
  bool progress = true;  // progress line on stderr
  bool resume = false;   // continue the run in output_path from its checkpoint
  bool resumable = false;  // the task writes checkpoints (Task::resumable)
  bool overwrite = false;           // a new run may replace an existing output_path
  bool allow_changed_data = false;  // resume even if the data's fingerprints changed
};

class Task {
 public:
  virtual ~Task() = default;
  virtual std::string name() const = 0;
  virtual std::string summary() const = 0;  // one line for `prospect list`
  virtual core::OptionTable options() const = 0;
  virtual void run(const RunContext& context) const = 0;
  // Whether run() honours RunContext::resume.
  virtual bool resumable() const { return false; }
};

}  // namespace prospect::runs
