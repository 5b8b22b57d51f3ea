#!/bin/bash
# prospect sweep --slurm: the job-array script, checked by running its array
# tasks by hand (as sbatch would, with SLURM_ARRAY_TASK_ID set); the run files
# equal those of a local sweep, and running a task again does nothing.
# Usage: tests/tools/test_sweep_slurm.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/sweep_setup.sh"
cd "$tmp"
tiny_sweep sweep.ini slurm
sed -i 's/^output = slurm$/output = slurm\nsbatch = --time=00:10:00/' sweep.ini

"$prospect" sweep sweep.ini --slurm --runs-per-task 3 >out.txt
script=slurm/sweep.slurm
grep -qF "wrote $script: submit with 'sbatch $script'" out.txt || fail "--slurm: $(cat out.txt)"
for line in "#SBATCH --array=0-2" "#SBATCH --cpus-per-task=1" "#SBATCH --time=00:10:00" \
            "#SBATCH --output=$tmp/slurm/slurm-%A_%a.out" "cd '$tmp'"; do
  grep -qxF "$line" "$script" || fail "$script lacks '$line':"$'\n'"$(cat "$script")"
done
bash -n "$script" || fail "$script is not valid bash"
[[ ! -e slurm/index.csv ]] || fail "--slurm ran something"

# The array tasks by hand; tasks 0 and 1 hold 3 runs each, task 2 the last 2.
status=0
for task in 0 1 2; do
  SLURM_ARRAY_TASK_ID=$task bash "$script" >"task$task.txt" 2>&1 || status=$?
done
[[ $status -eq 1 ]] || fail "array tasks with failed runs should exit 1"
expect_statuses slurm finished $good_runs
expect_statuses slurm failed $bad_runs
grep -qF "run batch-50_tau_sigma-0.1_seed-2: 1 of 1 finished" task1.txt || fail "task 1: $(cat task1.txt)"
bash "$script" >/dev/null 2>&1 && fail "the script ran without SLURM_ARRAY_TASK_ID"

# One run by hand, again: nothing to do.
md5sum slurm/batch-* >before.txt
"$prospect" sweep sweep.ini --index 0 >again.txt
grep -qF "1 runs in slurm: 0 to run, 1 finished" again.txt || fail "--index 0 again: $(cat again.txt)"
md5sum slurm/batch-* | cmp -s - before.txt || fail "--index 0 again changed run files"
status=0
"$prospect" sweep sweep.ini --index 8 2>err.txt || status=$?
[[ $status -eq 1 ]] && grep -qF "error: --index 8: the sweep sweep.ini has 8 runs (0..7)" err.txt \
  || fail "--index out of range (exit $status): $(cat err.txt)"

# The same run files as a local sweep.
"$prospect" sweep sweep.ini --output local --jobs 2 >/dev/null || true
same_runs slurm local $good_runs

echo "prospect sweep --slurm: ok"
