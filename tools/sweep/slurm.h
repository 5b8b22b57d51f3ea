#pragma once
// A Slurm job array for a sweep: array task T runs runs T*B .. T*B+B-1 (B
// runs per task) one after the other, each through `prospect sweep FILE
// --index K`, the command a user can also run by hand. Finished runs are
// skipped and interrupted ones resumed, so resubmitting the script (or
// `sbatch --array=...` for some tasks) completes a partial sweep.

#include <string>

#include "tools/sweep/expansion.h"

namespace prospect::sweep {

struct SlurmSettings {
  std::string prospect;    // absolute path of the binary
  std::string sweep_file;  // absolute path
  std::string workdir;     // absolute: relative paths resolve as when the script was written
  int runs_per_task = 1;
  bool retry_failed = false;
};

std::string slurm_script(const Sweep& sweep, const SlurmSettings& settings);

}  // namespace prospect::sweep
