#!/bin/bash
# Measures the sweep executors (docs/sweeps.md, "Measured"):
#  1. the wall time of a fixed sweep (8 equal mnist1d runs on the test slice)
#     with 1 and 2 local workers;
#  2. the overhead per run of the local and MPI executors on N tiny chain runs
#     (20 steps each: a run is almost all process start-up): the sweep's wall
#     time times its workers minus the runs' own wall times (index.csv), per
#     run, and the CPU time of the coordinating process per run (hand-out,
#     index rewrites, logs), which does not depend on the machine's load;
#  3. the time of the summary over the N runs, and of one tiny run by hand.
#
#   tools/benchmarks/sweep_scaling.sh [N] [PATH/TO/prospect]     (N default 200)
# Run it on a quiet machine (nice -n 5 on a shared one) and quote the load average.
set -euo pipefail
n=${1:-200}
root=$(cd "$(dirname "$0")/../.." && pwd)
prospect=$(realpath "${2:-$root/build/prospect}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
now() { date +%s.%N; }
calc() { /usr/bin/python3 -c "print($1)"; }
# Σ of the seconds column of DIR/index.csv.
run_seconds() {
  /usr/bin/python3 -c "import csv,sys; print(sum(float(r['seconds']) for r in csv.DictReader(open(sys.argv[1]))))" \
    "$1/index.csv"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

cat >fixed.ini <<INI
epochs = 2
batch = 50
[data]
file = $root/tests/data/mnist1d_40_slice.h5
[sweep]
task = mnist1d
[axes]
seed = 1..8
INI
for jobs in 1 2; do
  start=$(now)
  "$prospect" sweep fixed.ini --jobs $jobs --output fixed$jobs >/dev/null
  end=$(now)
  printf "fixed sweep, 8 mnist1d runs, --jobs %d: wall %.1f s (runs' own wall times: %.1f s)\n" \
    $jobs "$(calc "$end - $start")" "$(run_seconds fixed$jobs)"
done

cat >tiny.ini <<INI
[time]
settle = 0.1
train = 0.1
[sweep]
task = chain
[axes]
seed = 1..$n
INI
overhead() {  # overhead LABEL WORKERS DIR START END OUTPUT: wall-clock and CPU overhead
  local cpu
  cpu=$(sed -n 's/.*this process: \([0-9.]*\) s CPU$/\1/p' "$6")
  printf "%s: %d tiny runs in %.2f s wall; runs' own wall times %.2f s; wall overhead per run %.1f ms;\n" \
    "$1" $n "$(calc "$5 - $4")" "$(run_seconds "$3")" \
    "$(calc "(($5 - $4) * $2 - $(run_seconds "$3")) * 1000 / $n")"
  printf "  CPU time of the coordinating process (hand-out, index, logs; not the runs): %.2f s, %.2f ms per run\n" \
    "$cpu" "$(calc "$cpu * 1000 / $n")"
}
start=$(now)
"$prospect" sweep tiny.ini --jobs 2 --output local >local.txt
overhead "local --jobs 2" 2 local "$start" "$(now)" local.txt
if command -v mpirun >/dev/null; then
  start=$(now)
  mpirun --allow-run-as-root --oversubscribe -np 2 "$prospect" sweep tiny.ini --output mpi >mpi.txt
  overhead "mpirun -np 2 (wall includes mpirun start-up)" 2 mpi "$start" "$(now)" mpi.txt
fi
/usr/bin/time -f "%e %U %S" -o summary.time "$prospect" summarize local >/dev/null
read -r wall user system <summary.time
printf "summary of %d runs: %.2f s wall, %.2f s CPU\n" $n "$wall" "$(calc "$user + $system")"
total_wall=0 total_cpu=0
for ((i = 0; i < 20; ++i)); do
  /usr/bin/time -f "%e %U %S" -o one.time "$prospect" run chain --quiet --set time.settle=0.1 \
    --set time.train=0.1 -o one.h5 >/dev/null
  read -r wall user system <one.time
  total_wall=$(calc "$total_wall + $wall")
  total_cpu=$(calc "$total_cpu + $user + $system")
done
printf "one tiny run by hand (prospect run, mean of 20): %.0f ms wall, %.0f ms CPU\n" \
  "$(calc "$total_wall * 50")" "$(calc "$total_cpu * 50")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
