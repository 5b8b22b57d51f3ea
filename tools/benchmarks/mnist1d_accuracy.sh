#!/bin/bash
# The MNIST-1D accuracy benchmark (GLE paper Fig. 8d, Table 1): 150 epochs of
# a preset on the canonical data for several seeds, two runs at a time (one
# thread each), then a table of every seed's final and best validation
# accuracy and wall time, and the learning curves in OUTDIR/PRESET.png.
#
#   tools/benchmarks/mnist1d_accuracy.sh PRESET DATA.h5 OUTDIR SEED... [-- prospect options]
#   e.g. tools/benchmarks/mnist1d_accuracy.sh e2e-15k mnist1d_360.h5 runs 1 2 3
# DATA.h5: the canonical set (docs/datasets.md, MNIST-1D), or "" for the
# task's native generator.
set -euo pipefail
if [[ $# -lt 4 ]]; then sed -n 2,10p "$0"; exit 2; fi
source "$(dirname "$0")/run_seeds.sh"
preset=$1 data=$2 out=$3
shift 3
seeds=()
while [[ $# -gt 0 && $1 != -- ]]; do seeds+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
run_seeds mnist1d "mnist1d-$preset" "$out" "${seeds[@]}" -- \
  --set preset="$preset" --set data.file="$data" "$@"
