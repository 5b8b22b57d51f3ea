#!/bin/bash
# Every numeric dataset of every task's run file (each shipped configuration
# and each task's defaults, shortened: shipped_runs.sh; speech on a tiny tone
# corpus when the FSDD recordings are absent) carries a unit from core/units.h.
# Usage: tests/tools/test_run_file_units.sh PATH/TO/prospect
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh" "$1"
here=$(dirname "${BASH_SOURCE[0]}")

"$here/shipped_runs.sh" "$prospect" "$tmp/runs" >"$tmp/out" 2>&1 || { cat "$tmp/out" "$tmp"/runs/*.log; fail "shipped runs"; }
if [[ ! -f $tmp/runs/speech.h5 ]]; then
  write_tone_corpus "$tmp/corpus"
  "$prospect" run speech --quiet -o "$tmp/runs/speech.h5" --set data.dir="$tmp/corpus" \
    --set data.cache= --set data.seconds=0.2 --set data.validation_below=6 --set mel.bins=16 \
    --set interpolation=4 --set network.hidden_layers=1 --set network.populations=8 \
    --set network.tau_m=1 --set network.tau_r=1 --set batch=2 --set epochs=1 >/dev/null
fi
for task in chain small_network mackey_glass transfer mnist1d ep shunting speech; do
  [[ -f $tmp/runs/$task.h5 ]] || fail "no run file of task $task"
done
"$python" "$here/check_units.py" "$tmp/runs"/*.h5
