#include "tools/sweep/coordinator.h"

#include <sys/resource.h>

#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "core/h5_file.h"

namespace prospect::sweep {

bool has_checkpoint(const std::string& run_file) {
  if (!std::filesystem::exists(run_file)) return false;
  try {
    const core::H5Reader file(run_file);
    // A diverged run is not resumed (it would diverge again): it starts afresh.
    return file.exists("checkpoint") && !file.has_attribute("/", "diverged");
  } catch (const Error&) {
    return false;  // killed while the file was being created: start afresh
  }
}

Coordinator::Coordinator(const Sweep& sweep, const CoordinatorSettings& settings, std::ostream& out)
    : lock_(sweep.output_dir, settings.only ? SweepLock::Kind::one_run : SweepLock::Kind::whole_sweep,
            "prospect sweep " + sweep.file.path +
                (settings.only ? " --index " + std::to_string(*settings.only) : std::string())),
      sweep_(sweep),
      index_(sweep),
      out_(out),
      only_(settings.only) {
  if (settings.only && *settings.only >= sweep.runs.size()) {
    fail("--index ", *settings.only, ": the sweep ", sweep.file.path, " has ", sweep.runs.size(),
         " runs (0..", sweep.runs.size() - 1, ")");
  }
  states_ = index_.open();
  std::size_t finished = 0, failed = 0;
  for (const auto& run : sweep.runs) {
    if (settings.only && run.index != *settings.only) continue;
    const auto& state = states_[run.index];
    if (state.status == Status::finished) {
      ++finished;
      continue;
    }
    if (state.status == Status::failed && !settings.retry_failed) {
      ++failed;
      continue;
    }
    // Interrupted (left running) or retried: continue from the checkpoint when
    // there is one; otherwise the run starts afresh and replaces the file its
    // earlier attempt left. A pending run replaces nothing.
    Start start = state.status == Status::pending ? Start::fresh : Start::again;
    if (start == Start::again && settings.resumable && has_checkpoint(run_file(sweep, run))) {
      start = Start::resume;
    }
    queue_.push_back({run.index, start, state.attempts + 1});
  }
  total_ = queue_.size();
  out_ << sweep.file.path << ": " << (settings.only ? 1 : sweep.runs.size()) << " runs in "
       << sweep.output_dir << ": " << total_ << " to run, " << finished << " finished";
  if (failed) out_ << ", " << failed << " failed (--retry-failed runs them again)";
  out_ << std::endl;
}

std::optional<Assignment> Coordinator::next() {
  if (queue_.empty()) return std::nullopt;
  const Assignment assignment = queue_.front();
  queue_.pop_front();
  auto& state = states_[assignment.run];
  state.status = Status::running;
  state.attempts = assignment.attempt;
  state.message.clear();
  index_.record(sweep_.runs[assignment.run], state);
  out_ << "[" << ++started_ << "/" << total_ << "] " << sweep_.runs[assignment.run].name
       << (assignment.start == Start::resume ? ": resuming from its checkpoint" : ": started") << std::endl;
  return assignment;
}

void Coordinator::done(const Assignment& assignment, const Outcome& outcome, double seconds) {
  const Run& run = sweep_.runs[assignment.run];
  auto& state = states_[assignment.run];
  state.status = outcome.finished ? Status::finished : Status::failed;
  state.seconds += seconds;
  state.message = outcome.message;
  index_.record(run, state);
  char time[32];
  std::snprintf(time, sizeof time, "%.1f s", seconds);
  if (outcome.finished) {
    out_ << run.name << ": finished in " << time << std::endl;
  } else {
    out_ << run.name << ": failed after " << time << ": " << outcome.message << " (log: "
         << log_file(sweep_, run) << ")" << std::endl;
  }
}

int Coordinator::report() {
  std::size_t finished = 0, failed = 0, other = 0;
  for (const auto& run : sweep_.runs) {
    if (only_ && run.index != *only_) continue;
    const Status status = states_[run.index].status;
    if (status == Status::finished) ++finished;
    else if (status == Status::failed) ++failed;
    else ++other;
  }
  out_ << (only_ ? "run " + sweep_.runs[*only_].name : "sweep " + sweep_.output_dir) << ": "
       << finished << " of " << finished + failed + other << " finished";
  if (failed) out_ << ", " << failed << " failed";
  if (other) out_ << ", " << other << " not run";
  // The hand-out and bookkeeping cost, apart from the runs (child processes).
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  char text[48];
  std::snprintf(text, sizeof text, "%.2f s CPU", cpu);
  out_ << "; index: " << index_.path() << "; this process: " << text << std::endl;
  return finished == finished + failed + other ? 0 : 1;
}

}  // namespace prospect::sweep
