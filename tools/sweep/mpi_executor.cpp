// The MPI executor. Plain MPI C API (a handful of point-to-point messages do
// not call for Boost.MPI and its serialization library). Compiled with MPI
// when CMake finds it (PROSPECT_WITH_MPI), otherwise run_mpi() explains how
// to get it.

#include <cstdlib>
#include <iostream>

#include "core/error.h"
#include "tools/sweep/executors.h"

#ifdef PROSPECT_WITH_MPI
#include <mpi.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <sstream>
#include <thread>
#endif

namespace prospect::sweep {

bool launched_by_mpi() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(variable) != nullptr) return true;
  }
  return false;
}

#ifndef PROSPECT_WITH_MPI

int run_mpi(const Sweep&, const CoordinatorSettings&, const std::function<void()>&) {
  fail("this prospect was built without MPI: install libopenmpi-dev (tools/setup.sh does) and "
       "rebuild, or run the sweep without mpirun (--jobs N)");
}

#else

namespace {

// Worker -> rank 0: a report, empty when the worker is ready for its first
// run, else "<run>\n<finished>\n<seconds>\n<message>". Rank 0 -> worker: an
// assignment {run, start, attempt}, run -1 to stop.
constexpr int kReportTag = 1, kAssignTag = 2;
constexpr auto kPoll = std::chrono::milliseconds(1);

// Blocking MPI calls spin in Open MPI; waiting by polling with a short sleep
// leaves the cores to the runs.
void wait_for(MPI_Request& request) {
  int done = 0;
  for (MPI_Test(&request, &done, MPI_STATUS_IGNORE); !done;
       MPI_Test(&request, &done, MPI_STATUS_IGNORE)) {
    std::this_thread::sleep_for(kPoll);
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void send_assignment(int rank, const std::optional<Assignment>& assignment) {
  int message[3] = {-1, 0, 0};
  if (assignment) {
    message[0] = static_cast<int>(assignment->run);
    message[1] = static_cast<int>(assignment->start);
    message[2] = assignment->attempt;
  }
  MPI_Send(message, 3, MPI_INT, rank, kAssignTag, MPI_COMM_WORLD);
}

int coordinate(const Sweep& sweep, const CoordinatorSettings& settings, int ranks) {
  Coordinator coordinator(sweep, settings, std::cout);
  std::cout << "MPI: " << ranks << " ranks" << std::endl;
  std::map<int, Assignment> remote;
  int workers = ranks - 1;  // not yet told to stop
  struct Local {
    pid_t pid;
    Assignment assignment;
    std::chrono::steady_clock::time_point start;
  };
  std::optional<Local> local;  // rank 0 runs its share too
  while (local || workers > 0 || coordinator.remaining() > 0) {
    bool progressed = false;
    if (!local) {
      if (const auto assignment = coordinator.next()) {
        const Run& run = sweep.runs[assignment->run];
        local = Local{start_run_process(sweep, run, assignment->start, assignment->attempt),
                      *assignment, std::chrono::steady_clock::now()};
        progressed = true;
      }
    }
    if (local) {
      int status = 0;
      const pid_t ended = ::waitpid(local->pid, &status, WNOHANG);
      if (ended < 0 && errno != EINTR) fail("waiting for a run: ", std::strerror(errno));
      if (ended == local->pid) {
        const Run& run = sweep.runs[local->assignment.run];
        coordinator.done(local->assignment, outcome_of(status, log_file(sweep, run)),
                         seconds_since(local->start));
        local.reset();
        progressed = true;
      }
    }
    int arrived = 0;
    MPI_Status probe;
    MPI_Iprobe(MPI_ANY_SOURCE, kReportTag, MPI_COMM_WORLD, &arrived, &probe);
    if (arrived) {
      int length = 0;
      MPI_Get_count(&probe, MPI_CHAR, &length);
      std::string report(static_cast<std::size_t>(length), '\0');
      MPI_Recv(report.data(), length, MPI_CHAR, probe.MPI_SOURCE, kReportTag, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      if (!report.empty()) {
        std::istringstream fields(report);
        std::size_t run = 0;
        int finished = 0;
        double seconds = 0;
        Outcome outcome;
        fields >> run >> finished >> seconds;
        fields.ignore(1);
        std::getline(fields, outcome.message, '\0');
        outcome.finished = finished != 0;
        coordinator.done(remote.at(probe.MPI_SOURCE), outcome, seconds);
        remote.erase(probe.MPI_SOURCE);
      }
      const auto assignment = coordinator.next();
      send_assignment(probe.MPI_SOURCE, assignment);
      if (assignment) {
        remote[probe.MPI_SOURCE] = *assignment;
      } else {
        --workers;
      }
      progressed = true;
    }
    if (!progressed) std::this_thread::sleep_for(kPoll);
  }
  return coordinator.report();
}

void work(const Sweep& sweep) {
  std::string report;  // empty: ready
  for (;;) {
    MPI_Send(report.data(), static_cast<int>(report.size()), MPI_CHAR, 0, kReportTag,
             MPI_COMM_WORLD);
    int message[3];
    MPI_Request request;
    MPI_Irecv(message, 3, MPI_INT, 0, kAssignTag, MPI_COMM_WORLD, &request);
    wait_for(request);
    if (message[0] < 0) return;
    const Run& run = sweep.runs.at(static_cast<std::size_t>(message[0]));
    const auto start = std::chrono::steady_clock::now();
    const Outcome outcome = run_process(sweep, run, static_cast<Start>(message[1]), message[2]);
    std::ostringstream text;
    text.precision(17);
    text << run.index << "\n" << (outcome.finished ? 1 : 0) << "\n" << seconds_since(start) << "\n"
         << outcome.message;
    report = text.str();
  }
}

}  // namespace

int run_mpi(const Sweep& sweep, const CoordinatorSettings& settings,
            const std::function<void()>& after) {
  MPI_Init(nullptr, nullptr);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  int status = 0;
  try {
    if (rank == 0) {
      status = coordinate(sweep, settings, ranks);
      after();
    } else {
      work(sweep);
    }
  } catch (const Error& e) {
    // One rank's failure (an unwritable index, say) would leave the others waiting.
    std::cerr << "error: rank " << rank << ": " << e.what() << std::endl;
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Request barrier;
  MPI_Ibarrier(MPI_COMM_WORLD, &barrier);
  wait_for(barrier);
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return status;
}

#endif

}  // namespace prospect::sweep
