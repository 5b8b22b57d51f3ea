#pragma once
// Ways to carry out a sweep's runs; each returns the sweep's exit status
// (Coordinator::report).

#include <functional>

#include "tools/sweep/coordinator.h"

namespace prospect::sweep {

// `jobs` child processes at a time on this machine.
int run_local(const Sweep& sweep, const CoordinatorSettings& settings, int jobs);

// Whether this process was started by an MPI launcher (mpirun, srun).
bool launched_by_mpi();

// Every rank of MPI_COMM_WORLD takes part; rank 0 hands runs out one at a
// time as ranks become free (so uneven run lengths balance), runs its own
// share too, alone writes the index, and then calls `after` (the summary).
// Fails when built without MPI.
int run_mpi(const Sweep& sweep, const CoordinatorSettings& settings,
            const std::function<void()>& after);

}  // namespace prospect::sweep
