#include "tools/sweep/slurm.h"

#include <filesystem>
#include <sstream>

#include "core/error.h"

namespace prospect::sweep {
namespace {

// Single-quoted for bash.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string slurm_script(const Sweep& sweep, const SlurmSettings& s) {
  if (s.runs_per_task < 1) fail("--runs-per-task ", s.runs_per_task, ": expected >= 1");
  const std::size_t runs = sweep.runs.size();
  const std::size_t tasks = (runs + static_cast<std::size_t>(s.runs_per_task) - 1) /
                            static_cast<std::size_t>(s.runs_per_task);
  const std::string dir = std::filesystem::absolute(sweep.output_dir).lexically_normal().string();
  std::ostringstream out;
  out << "#!/bin/bash\n"
      << "# Slurm job array of the sweep " << s.sweep_file << ":\n"
      << "# " << runs << " runs, " << s.runs_per_task << " per array task. Submit with\n"
      << "#   sbatch " << (std::filesystem::path(dir) / "sweep.slurm").string() << "\n"
      << "# Array task T runs runs T*" << s.runs_per_task << " .. T*" << s.runs_per_task << "+"
      << s.runs_per_task - 1 << " by `prospect sweep FILE --index K`; finished runs are\n"
      << "# skipped and interrupted ones resumed, so resubmitting completes a partial sweep.\n"
      << "# By hand: SLURM_ARRAY_TASK_ID=T bash " << (std::filesystem::path(dir) / "sweep.slurm").string()
      << "\n"
      << "#SBATCH --job-name=" << std::filesystem::path(s.sweep_file).stem().string() << "\n"
      << "#SBATCH --array=0-" << tasks - 1 << "\n"
      << "#SBATCH --ntasks=1\n"
      << "#SBATCH --cpus-per-task=" << sweep.file.threads << "\n"
      << "#SBATCH --output=" << dir << "/slurm-%A_%a.out\n";
  for (const auto& line : sweep.file.sbatch) out << "#SBATCH " << line.value << "\n";
  out << "set -u\n"
      << "cd " << quoted(s.workdir) << "\n"
      << "task=${SLURM_ARRAY_TASK_ID:?run with sbatch, or set SLURM_ARRAY_TASK_ID by hand}\n"
      << "status=0\n"
      << "for ((k = task * " << s.runs_per_task << "; k < (task + 1) * " << s.runs_per_task
      << " && k < " << runs << "; ++k)); do\n"
      << "  " << quoted(s.prospect) << " sweep " << quoted(s.sweep_file) << " --output "
      << quoted(dir) << " --index \"$k\"" << (s.retry_failed ? " --retry-failed" : "")
      << " || status=1\n"
      << "done\n"
      << "exit $status\n";
  return out.str();
}

}  // namespace prospect::sweep
