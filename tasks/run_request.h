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

#include "tasks/task.h"

namespace prospect::tasks {

struct RunRequest {
  std::string config_file;             // "" for none
  std::vector<std::string> overrides;  // "key=value", applied in order
  std::optional<std::string> output;   // default: <task>.h5
  std::optional<std::uint64_t> seed;   // default: 1, or on resume the run file's
  int threads = 1;
  bool progress = true;
  bool resume = false;
};

RunContext resolve_run(const Task& task, const RunRequest& request);

// Runs the task on context.threads OpenMP threads.
void run_task(const Task& task, const RunContext& context);

}  // namespace prospect::tasks
