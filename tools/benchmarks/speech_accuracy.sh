#!/bin/bash
# The spoken-digit accuracy benchmark: the speech task's defaults on the Free
# Spoken Digit Dataset for several seeds, two runs at a time (one thread
# each), then a table of every seed's validation and test accuracy (final and
# at the best validation epoch) and wall time, and the learning curves in
# OUTDIR/fsdd.png.
#
#   tools/benchmarks/speech_accuracy.sh OUTDIR SEED... [-- prospect options]
#   e.g. tools/benchmarks/speech_accuracy.sh runs 1 2 3
# FSDD comes from the data directory ('prospect data fetch fsdd'), or from
# another directory given as -- --set data.dir=DIR.
set -euo pipefail
if [[ $# -lt 2 ]]; then sed -n 2,11p "$0"; exit 2; fi
source "$(dirname "$0")/run_seeds.sh"
out=$1
shift
seeds=()
while [[ $# -gt 0 && $1 != -- ]]; do seeds+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
run_seeds speech fsdd "$out" "${seeds[@]}" -- "$@"
