# Sourced by the accuracy benchmarks. run_seeds TASK NAME OUTDIR SEED... [-- prospect options]
# runs `prospect run TASK` once per seed, two runs at a time (one thread
# each), into OUTDIR/NAME-seedS.{h5,log,time}, then draws the learning curves
# (OUTDIR/NAME.png) and prints the accuracy table and each run's wall time
# and peak memory. A caller that defines plot_runs PREFIX RUN.h5... draws and
# tabulates with it instead.
run_seeds() {
  local task=$1 name=$2 out=$3
  shift 3
  local seeds=()
  while [[ $# -gt 0 && $1 != -- ]]; do seeds+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift  # the --; what follows goes to every run
  local here prospect
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  prospect=${PROSPECT:-$here/build/prospect}
  mkdir -p "$out"
  local runs=() seed run
  for seed in "${seeds[@]}"; do
    run="$out/$name-seed$seed"
    runs+=("$run.h5")
    OMP_NUM_THREADS=1 nice -n "${NICE:-0}" /usr/bin/time -f "%e s wall, %M kB peak" -o "$run.time" \
      "$prospect" run "$task" --seed "$seed" --output "$run.h5" --quiet "$@" > "$run.log" 2>&1 &
    while [[ $(jobs -rp | wc -l) -ge 2 ]]; do wait -n; done
  done
  wait
  if declare -F plot_runs >/dev/null; then
    plot_runs "$out/$name" "${runs[@]}"  # the caller's plots and table
  else
    /usr/bin/python3 "$here/tools/plot_learning_curves.py" "${runs[@]}" -o "$out/$name.png"
    /usr/bin/python3 "$here/tools/plot_learning_curves.py" --table "${runs[@]}"
  fi
  for seed in "${seeds[@]}"; do echo "seed $seed: $(cat "$out/$name-seed$seed.time")"; done
}
