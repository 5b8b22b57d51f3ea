#pragma once
// The index of a sweep: <output>/index.csv, one row per run, readable by any
// tool:
//
//   index,name,status,attempts,seconds,seed,<axis keys but seed...>,options,message
//
// status is pending, running, finished or failed; attempts counts starts;
// seconds is the wall time of all attempts; options the run's `--set`
// overrides joined by "; "; message why the last attempt failed. A row left
// "running" by a sweep that was killed marks an interrupted run. Runs that a
// changed sweep file no longer has keep their rows with an empty index.
//
// Every change is a read-modify-write of the whole file under an exclusive
// lock on <output>/index.csv.lock, written atomically (temporary + rename):
// concurrent updaters (Slurm array tasks) each change only their own rows.

#include <string>
#include <vector>

#include "tools/sweep/expansion.h"

namespace prospect::sweep {

enum class Status { pending, running, finished, failed };
std::string to_string(Status status);

struct RunState {
  Status status = Status::pending;
  int attempts = 0;
  double seconds = 0;
  std::string message;
};

class RunIndex {
 public:
  explicit RunIndex(const Sweep& sweep);
  const std::string& path() const { return path_; }

  // Creates or refreshes the index for the sweep's runs, keeping the state of
  // runs it already lists; returns the state of every run (in run order).
  // Fails when a run already listed was made with other options.
  std::vector<RunState> open();
  // Records the state of one run.
  void record(const Run& run, const RunState& state);

 private:
  // Under the lock: the states in the file (pending for runs it lacks),
  // changed by `change`, written back.
  template <typename Change>
  std::vector<RunState> update(Change change);

  const Sweep& sweep_;
  std::string path_;
};

}  // namespace prospect::sweep
