#!/bin/bash
# A sweep killed in the middle of a run, then run again: the finished run is
# left untouched (same bytes and time stamp), the interrupted one resumes from
# its checkpoint and ends bit-identical to an uninterrupted run, the one not
# started runs afresh.
# Usage: tests/tools/test_sweep_resume.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/sweep_setup.sh"
cd "$tmp"
options=(epochs=4 steps_per_sample=720 batch=50 data.file="$data")
cat >sweep.ini <<INI
epochs = 4
steps_per_sample = 720
batch = 50
[data]
file = $data
[sweep]
task = mnist1d
output = runs
[axes]
seed = 1..3
INI

# Kill the whole sweep (as Slurm or Ctrl-C would) a quarter epoch into the
# second epoch of the second run: its checkpoint after epoch 1 is written by
# then (and should the machine speed up, a later epoch's is).
setsid "$prospect" sweep sweep.ini >first.txt 2>&1 &
sweep_pid=$!
log=runs/seed-2.log
for ((i = 0; i < 1200; ++i)); do
  grep -q "^epoch    1/4" "$log" 2>/dev/null && break
  sleep 0.05
done
epoch_seconds=$(sed -n 's/^epoch    1\/4 .* \([0-9.]*\) s$/\1/p' "$log")
[[ -n $epoch_seconds ]] || { kill -KILL -- -$sweep_pid; fail "the second run never finished an epoch"; }
sleep "$("$python" -c "print($epoch_seconds / 4)")"
kill -KILL -- -$sweep_pid
wait $sweep_pid 2>/dev/null || true

expect_statuses runs finished seed-1
expect_statuses runs running seed-2
expect_statuses runs pending seed-3
grep -q "^epoch    4/4" "$log" && fail "killed too late: the second run had finished"
stamp() { stat -c '%Y %s' runs/seed-1.h5 runs/seed-1.log; md5sum runs/seed-1.h5; }
before=$(stamp)

"$prospect" sweep sweep.ini >second.txt
grep -qF "2 to run, 1 finished" second.txt || fail "second pass: $(cat second.txt)"
grep -qF "seed-2: resuming from its checkpoint" second.txt || fail "seed-2 not resumed: $(cat second.txt)"
grep -qF "seed-3: started" second.txt || fail "seed-3 not started: $(cat second.txt)"
grep -q "^resuming runs/seed-2.h5 after epoch [123] of 4" "$log" || fail "the run did not resume"
[[ $(stamp) == "$before" ]] || fail "the finished run was touched"
expect_statuses runs finished seed-1 seed-2 seed-3
[[ $(index_field runs seed-2 attempts) == 2 ]] || fail "the resumed run should count 2 attempts"

# Bit-identical to runs that were never interrupted.
mkdir separate
for seed in 2 3; do
  sets=()
  for option in "${options[@]}"; do sets+=(--set "$option"); done
  "$prospect" run mnist1d --quiet --seed $seed "${sets[@]}" -o separate/seed-$seed.h5 >/dev/null
done
same_runs runs separate seed-2 seed-3

echo "prospect sweep resume: ok"
