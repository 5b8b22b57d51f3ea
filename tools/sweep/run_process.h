#pragma once
// One run of a sweep as a child process: this same binary running
// `prospect run <task> --quiet --output <dir>/<name>.h5 --seed S --threads T
// [--resume | --overwrite] --set key=value ...`, so each run file is exactly what
// `prospect run` writes, and a crash of one run is only that run's failure.
// The child's stdout and stderr are appended to <dir>/<name>.log.

#include <sys/types.h>

#include <string>
#include <vector>

#include "tools/sweep/expansion.h"

namespace prospect::sweep {

std::string run_file(const Sweep& sweep, const Run& run);  // <dir>/<name>.h5
std::string log_file(const Sweep& sweep, const Run& run);  // <dir>/<name>.log

// How a run starts: afresh (a file already at its path is not the sweep's and
// stops it), afresh over the file an earlier attempt of this sweep left
// (--overwrite), or from that file's checkpoint (--resume).
enum class Start { fresh, again, resume };

// The arguments after `prospect`.
std::vector<std::string> run_arguments(const Sweep& sweep, const Run& run, Start start);

// Starts the child; the log gets a header line naming the attempt, this
// process (host:pid) and the command.
pid_t start_run_process(const Sweep& sweep, const Run& run, Start start, int attempt);

struct Outcome {
  bool finished = false;
  std::string message;  // why not: the run's last "error: ..." line, or how it ended
};

// The outcome of a child from its waitpid status and its log.
Outcome outcome_of(int wait_status, const std::string& log_path);

// Starts the run and waits for it.
Outcome run_process(const Sweep& sweep, const Run& run, Start start, int attempt);

}  // namespace prospect::sweep
