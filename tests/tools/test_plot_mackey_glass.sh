#!/bin/bash
# Smoke test of tools/plot_mackey_glass.py: plots a short two-window
# mackey_glass run (Fig. 10 panels) and refuses a run of another task.
# Usage: tests/tools/test_plot_mackey_glass.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_mackey_glass.py"

"$prospect" run mackey_glass --quiet --set windows=2 --set data.length=2 --set window.length=1 \
  --set window.train=0.5 --set epochs=3 --set evaluate.every=2 -o "$tmp/run.h5" >/dev/null
"$python" "$script" "$tmp/run.h5" >"$tmp/stdout"
grep -qxF "$tmp/run.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/run.png" || { echo "FAIL: $tmp/run.png is not a PNG" >&2; exit 1; }

"$prospect" run chain --quiet --set time.train=1 --set time.settle=1 -o "$tmp/chain.h5" >/dev/null
status=0
"$python" "$script" "$tmp/chain.h5" 2>"$tmp/err" >/dev/null || status=$?
[[ $status -eq 1 ]] && ! grep -q Traceback "$tmp/err" \
  || { echo "FAIL: a chain run was not refused cleanly (exit $status):" >&2; cat "$tmp/err" >&2; exit 1; }

echo "plot_mackey_glass.py: ok"
