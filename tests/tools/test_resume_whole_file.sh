#!/bin/bash
# A run stopped by SIGTERM after a checkpoint and resumed equals an
# uninterrupted run of the same options dataset by dataset (every dataset and
# root attribute of the file, timings aside: tests/tools/compare_runs.py).
# Usage: tests/tools/test_resume_whole_file.sh PATH/TO/prospect TASK [OPTION=VALUE ...]
# (a data folder named @tone_corpus is written first, as a tiny FSDD corpus).
set -euo pipefail

prospect_binary=$1
task=$2
shift 2
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" "$prospect_binary"
compare_runs="$(dirname "${BASH_SOURCE[0]}")/compare_runs.py"

settings=()
for setting in "$@"; do
  if [[ $setting == *=@tone_corpus ]]; then
    write_tone_corpus "$tmp/corpus"
    setting=${setting%@tone_corpus}$tmp/corpus
  fi
  settings+=(--set "$setting")
done

"$prospect" run "$task" --quiet "${settings[@]}" -o "$tmp/whole.h5" >/dev/null

# The output appears with the first checkpoint; stop the run right then.
"$prospect" run "$task" --quiet "${settings[@]}" -o "$tmp/resumed.h5" >/dev/null 2>"$tmp/err" &
pid=$!
for _ in $(seq 6000); do
  [[ -f $tmp/resumed.h5 ]] && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.01
done
kill -TERM $pid 2>/dev/null || true
status=0
wait $pid || status=$?
[[ $status -eq 143 ]] || fail "$task: exit $status, expected 143: the run ended before it could be stopped (give it more epochs)"
grep -qF "holds the run up to its last checkpoint" "$tmp/err" || fail "$task: stopped without a checkpoint"

"$prospect" run "$task" --quiet --resume -o "$tmp/resumed.h5" >/dev/null
"$python" "$compare_runs" "$tmp/whole.h5" "$tmp/resumed.h5" || fail "$task: the resumed run differs"
"$python" - "$tmp/resumed.h5" <<'PY' || fail "$task: the resumed run does not say where it resumed"
import sys, h5py
assert h5py.File(sys.argv[1], "r").attrs["resumed_from_epoch"] >= 1
PY
