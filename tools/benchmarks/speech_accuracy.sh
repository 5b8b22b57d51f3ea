#!/bin/bash
# The spoken-digit accuracy benchmark: the speech task's defaults on the Free
# Spoken Digit Dataset for several seeds, two runs at a time (one thread
# each), then a table of every seed's validation and test accuracy (final and
# at the best validation epoch) and wall time, and the learning curves in
# OUTDIR/fsdd.png.
#
#   tools/benchmarks/speech_accuracy.sh FSDD_DIR OUTDIR SEED... [-- prospect options]
#   e.g. tools/benchmarks/speech_accuracy.sh ../shared/data/fsdd runs 1 2 3
set -euo pipefail
if [[ $# -lt 3 ]]; then sed -n 2,10p "$0"; exit 2; fi
source "$(dirname "$0")/run_seeds.sh"
data=$1 out=$2
shift 2
seeds=()
while [[ $# -gt 0 && $1 != -- ]]; do seeds+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
run_seeds speech fsdd "$out" "${seeds[@]}" -- --set data.dir="$data" "$@"
