#pragma once
// A sweep file expanded into its runs: every combination of the axes (zipped
// axes step together), each with a deterministic name made from the values
// that vary, the seed and the `--set key=value` overrides that `prospect run`
// would take. Every key is checked against the task's options up front.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/options.h"
#include "tools/sweep/sweep_file.h"

namespace prospect::sweep {

struct Run {
  std::size_t index = 0;  // position in the expansion (--index K)
  std::string name;       // file stem: <output>/<name>.h5
  std::uint64_t seed = 1;
  // The axis values of this run, in axis order (seed included when it varies).
  std::vector<std::pair<std::string, std::string>> setting;
  // Task options as key=value: base options first, then axis values (seed excluded).
  std::vector<std::string> overrides;
};

struct Sweep {
  SweepFile file;
  std::string output_dir;
  std::vector<std::string> varying_keys;  // axis keys in file order
  std::vector<Run> runs;
};

// Expands `file` for a task with `table`; `output_dir` overrides [sweep] output
// when not empty. Errors name the sweep file and line.
Sweep expand(const SweepFile& file, const core::OptionTable& table,
             const std::string& output_dir = "");

}  // namespace prospect::sweep
