#!/bin/bash
# mpirun -np 2 prospect sweep: both ranks run runs, failed runs are marked and
# the sweep goes on, and the run files equal those of a local sweep.
# Usage: tests/tools/test_sweep_mpi.sh PATH/TO/prospect [PATH/TO/mpirun]
# Without mpirun (MPI not found when CMake ran) it is skipped (exit 77).
set -euo pipefail

mpirun=${2:-}
if [[ -z $mpirun ]]; then
  echo "SKIP: MPI was not found when prospect was configured: install libopenmpi-dev and" \
       "openmpi-bin (tools/setup.sh does) and configure again" >&2
  exit 77
fi
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" "$1"
source "$(dirname "${BASH_SOURCE[0]}")/sweep_setup.sh"
cd "$tmp"
tiny_sweep sweep.ini mpi

# As root (CI, containers) Open MPI needs --allow-run-as-root; --oversubscribe
# lets 2 ranks start on fewer free slots.
status=0
"$mpirun" --allow-run-as-root --oversubscribe -np 2 "$prospect" sweep sweep.ini >out.txt 2>err.txt \
  || status=$?
[[ $status -ne 0 ]] || fail "a sweep with failed runs exited 0"
grep -qF "MPI: 2 ranks" out.txt || fail "not an MPI sweep: $(cat out.txt err.txt)"
grep -qF "sweep mpi: 4 of 8 finished, 4 failed" out.txt || fail "final count: $(cat out.txt err.txt)"
expect_statuses mpi finished $good_runs
expect_statuses mpi failed $bad_runs
[[ -s mpi/summary.csv ]] || fail "rank 0 wrote no summary"
# Runs were handed to both ranks: the logs name two different sweep processes.
workers=$(sed -n 's/^== attempt 1 on \([^ ]*\):.*/\1/p' mpi/*.log | sort -u | wc -l)
[[ $workers -eq 2 ]] || fail "runs went to $workers rank(s), expected 2"

"$prospect" sweep sweep.ini --output local --jobs 2 >/dev/null || true
same_runs mpi local $good_runs

# Again under mpirun: nothing left to do.
md5sum mpi/batch-* >before.txt
"$mpirun" --allow-run-as-root --oversubscribe -np 2 "$prospect" sweep sweep.ini >again.txt 2>&1 || true
grep -qF "0 to run, 4 finished, 4 failed" again.txt || fail "second pass: $(cat again.txt)"
md5sum mpi/batch-* | cmp -s - before.txt || fail "the second pass changed run files"

echo "prospect sweep under mpirun: ok"
