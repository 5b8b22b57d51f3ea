#pragma once
// What a run is asked for, by the command line or from Python, and the one
// way it becomes a RunContext: options from the task's defaults, then the INI
// file, then the `key=value` overrides in order (or, on resume, the run
// file's configuration, then the overrides); the same checks and the same
// messages whichever front end asked.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "runs/task.h"

namespace prospect::runs {

struct RunRequest {
  std::string config_file;             // "" for none
  std::vector<std::string> overrides;  // "key=value", applied in order
  std::optional<std::string> output;   // default: <task>.h5
  std::optional<std::uint64_t> seed;   // default: 1, or on resume the run file's
  int threads = 1;
  bool progress = true;
  bool resume = false;
  bool overwrite = false;           // replace an existing output (never an input of the run)
  bool allow_changed_data = false;  // with resume: continue on data that differ from the run's
};

// The caller keeps a core::RunInputs alive from before this call until the
// run ends: the configuration file, then the data, are noted there as inputs
// (never written onto; fingerprinted into the run file).
RunContext resolve_run(const Task& task, const RunRequest& request);

// Runs the task on context.threads OpenMP threads.
void run_task(const Task& task, const RunContext& context);

// How the output file stands after a run that did not finish ("left as it
// was", "holds the run up to its last checkpoint ...; continue with: ..."):
// the user's next step depends on it. `before` is core::identify(output) from
// before the run.
std::string output_note(const RunContext& context, const Task& task,
                        const std::optional<core::FileIdentity>& before);

// "the largest sizes set: batch = ..., ..." from the options, or "": what an
// allocation failure most likely comes from.
std::string largest_sizes(const core::Options& options);

}  // namespace prospect::runs
