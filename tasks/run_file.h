#pragma once
// The output file of a run: created with the attributes every run carries
// (version, git revision, task, seed, threads, start time and the full
// resolved configuration as INI text), in the layout of docs/run_files.md.

#include <string>

#include "core/h5_file.h"
#include "tasks/task.h"

namespace prospect::tasks {

core::H5Writer open_run_file(const RunContext& context, const std::string& task_name);

// What was simulated, stamped on the run file's root as attributes `model`
// (the family), `scheme`, `stepper` and `dt`; empty fields (dt 0) are left out.
struct RunDescription {
  std::string model{};
  std::string scheme{};
  std::string stepper{};
  double dt = 0;
};
void describe_run(core::H5Writer& file, const RunDescription& description);

}  // namespace prospect::tasks
