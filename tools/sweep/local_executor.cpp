#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>
#include <map>

#include "core/error.h"
#include "tools/sweep/executors.h"

namespace prospect::sweep {

int run_local(const Sweep& sweep, const CoordinatorSettings& settings, int jobs) {
  if (jobs < 1) fail("--jobs ", jobs, ": expected >= 1");
  Coordinator coordinator(sweep, settings, std::cout);
  struct Active {
    Assignment assignment;
    std::chrono::steady_clock::time_point start;
  };
  std::map<pid_t, Active> active;
  for (;;) {
    while (static_cast<int>(active.size()) < jobs) {
      const auto assignment = coordinator.next();
      if (!assignment) break;
      const pid_t pid = start_run_process(sweep, sweep.runs[assignment->run], assignment->start,
                                          assignment->attempt);
      active[pid] = {*assignment, std::chrono::steady_clock::now()};
    }
    if (active.empty()) break;
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      fail("waiting for runs: ", std::strerror(errno));
    }
    const auto found = active.find(pid);
    if (found == active.end()) continue;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - found->second.start).count();
    const Run& run = sweep.runs[found->second.assignment.run];
    coordinator.done(found->second.assignment, outcome_of(status, log_file(sweep, run)), seconds);
    active.erase(found);
  }
  return coordinator.report();
}

}  // namespace prospect::sweep
