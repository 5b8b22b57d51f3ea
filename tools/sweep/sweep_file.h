#pragma once
// A sweep file: INI like a task configuration, with two reserved sections.
//
//   # base task options, exactly as in a task configuration
//   epochs = 20
//   [data]
//   file = data/mnist1d_360.h5
//
//   [sweep]
//   task = mnist1d
//   output = runs/noise          # directory of run files (default: the file's stem)
//   threads = 1                  # --threads of every run
//   name = tau{noise.tau_sigma}_seed{seed}   # optional run-name pattern
//   zip = noise.tau_sigma, noise.rate_sigma  # axes that vary together (repeatable)
//   sbatch = --time=04:00:00     # an extra #SBATCH line for --slurm (repeatable)
//
//   [axes]                       # full dotted keys; comma-separated values
//   seed = 1..10                 # whole-number ranges, inclusive
//   noise.tau_sigma = 0, 0.05, 0.1
//
// Values containing commas are quoted in axes: "gle, bptt1", gle. Comments
// start with # or ; as in task configurations. Every entry keeps its line, so
// later checks can name "FILE:LINE".

#include <string>
#include <vector>

namespace prospect::sweep {

struct Entry {
  std::string key, value;
  int line = 0;
};

struct Axis {
  std::string key;
  std::vector<std::string> values;
  int line = 0;
};

struct ZipGroup {
  std::vector<std::string> keys;
  int line = 0;
};

struct SweepFile {
  std::string path;
  Entry task;                // [sweep] task
  Entry output;              // [sweep] output; value empty when not given
  Entry name_pattern;        // [sweep] name; value empty when not given
  int threads = 1;           // [sweep] threads
  std::vector<Entry> sbatch; // [sweep] sbatch
  std::vector<ZipGroup> zips;
  std::vector<Entry> options;  // base task options (and possibly seed)
  std::vector<Axis> axes;
};

// Reads and checks the file's syntax; errors name "PATH:LINE".
SweepFile read_sweep_file(const std::string& path);

// "0, 1..3, \"a, b\"" -> {"0", "1", "2", "3", "a, b"}; errors name `where`.
std::vector<std::string> parse_axis_values(const std::string& text, const std::string& where);

}  // namespace prospect::sweep
