#!/bin/bash
# Smoke test of tools/plot_small_network.py: plots a short small_network run
# (Fig. 6 panels) and refuses a run of another task.
# Usage: tests/tools/test_plot_small_network.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_small_network.py"

"$prospect" run small_network --quiet --set time.train=200 -o "$tmp/run.h5" >/dev/null
"$python" "$script" "$tmp/run.h5" >"$tmp/stdout"
grep -qxF "$tmp/run.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/run.png" || { echo "FAIL: $tmp/run.png is not a PNG" >&2; exit 1; }

"$prospect" run chain --quiet --set time.train=1 --set time.settle=1 -o "$tmp/chain.h5" >/dev/null
status=0
"$python" "$script" "$tmp/chain.h5" 2>"$tmp/err" >/dev/null || status=$?
[[ $status -eq 1 ]] && ! grep -q Traceback "$tmp/err" \
  || { echo "FAIL: a chain run was not refused cleanly (exit $status):" >&2; cat "$tmp/err" >&2; exit 1; }

echo "plot_small_network.py: ok"
