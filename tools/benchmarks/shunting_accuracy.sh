#!/bin/bash
# Accuracy and gradient fidelity of a shunting-tree experiment over seeds: one
# `prospect run shunting` per seed with a config of tasks/configs/, two runs at
# a time (one thread each; NICE=5 to yield to others), then the learning-curve,
# fidelity and level figures (OUTDIR/NAME-*.png), the table of test accuracy
# at the kept (best-validation) epoch and fidelity, and each run's wall time
# and peak memory.
#
#   tools/benchmarks/shunting_accuracy.sh CONFIG.ini NAME OUTDIR SEED... [-- prospect options]
#   e.g. tools/benchmarks/shunting_accuracy.sh tasks/configs/shunting_mnist.ini mnist_5f runs 42 43 44
# MNIST comes from the data directory ('prospect data fetch mnist'), or from
# another directory given as -- --set data.dir=DIR.
set -euo pipefail
if [[ $# -lt 4 ]]; then sed -n 2,12p "$0"; exit 2; fi
source "$(dirname "$0")/run_seeds.sh"
config=$1 name=$2 out=$3
shift 3
seeds=()
while [[ $# -gt 0 && $1 != -- ]]; do seeds+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
plot_runs() {
  local prefix=$1
  shift
  /usr/bin/python3 "$(dirname "$0")/../plot_shunting.py" "$@" -o "$prefix"
  /usr/bin/python3 "$(dirname "$0")/../plot_shunting.py" --table "$@"
}
run_seeds shunting "$name" "$out" "${seeds[@]}" -- --config "$config" "$@"
