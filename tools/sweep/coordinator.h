#pragma once
// What a sweep still has to do, and the bookkeeping of doing it: decides per
// run whether to skip it (finished; failed unless retrying), resume it from
// its checkpoint (interrupted or retried runs of tasks that checkpoint) or
// start it afresh, hands the runs out in order and records every start and
// end in the index. Executors (local workers, MPI ranks, one --index run)
// only carry the runs out.

#include <deque>
#include <optional>
#include <ostream>

#include "tools/sweep/file_lock.h"
#include "tools/sweep/run_index.h"
#include "tools/sweep/run_process.h"

namespace prospect::sweep {

struct Assignment {
  std::size_t run = 0;
  Start start = Start::fresh;
  int attempt = 1;
};

struct CoordinatorSettings {
  bool resumable = false;     // the task honours --resume
  bool retry_failed = false;  // run failed runs again
  std::optional<std::size_t> only;  // just this run (--index K)
};

class Coordinator {
 public:
  Coordinator(const Sweep& sweep, const CoordinatorSettings& settings, std::ostream& out);

  std::size_t remaining() const { return queue_.size(); }
  // The next run to start, recorded as running; nothing when all are handed out.
  std::optional<Assignment> next();
  // Records how a run ended and how long it took [s].
  void done(const Assignment& assignment, const Outcome& outcome, double seconds);
  // One line: how many runs finished, failed or are left, and the CPU time
  // of this process (the runs are child processes). Returns the exit
  // status: 0 when every run this coordinator is for (all, or --index K) is finished.
  int report();

 private:
  SweepLock lock_;  // taken before the index is read, held until the sweep ends
  const Sweep& sweep_;
  RunIndex index_;
  std::vector<RunState> states_;
  std::deque<Assignment> queue_;
  std::ostream& out_;
  std::optional<std::size_t> only_;
  std::size_t started_ = 0, total_ = 0;
};

// Whether <run file> holds a checkpoint to resume from (a readable file with /checkpoint).
bool has_checkpoint(const std::string& run_file);

}  // namespace prospect::sweep
