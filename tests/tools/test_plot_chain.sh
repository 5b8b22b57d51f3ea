#!/bin/bash
# Smoke test of tools/plot_chain.py: plots a short chain run and checks the
# error path for a missing input file.
# Usage: tests/tools/test_plot_chain.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_chain.py"

"$prospect" run chain --quiet --set time.train=20 --set time.settle=5 -o "$tmp/run.h5" >/dev/null

# Default output name: the run file with .png.
"$python" "$script" "$tmp/run.h5" >"$tmp/stdout"
grep -qF "$tmp/run.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/run.png" || { echo "FAIL: $tmp/run.png missing or not a PNG" >&2; exit 1; }

# Explicit output name.
"$python" "$script" "$tmp/run.h5" -o "$tmp/other.png" >/dev/null
[[ -s $tmp/other.png ]] || { echo "FAIL: -o $tmp/other.png not written" >&2; exit 1; }

# A missing input: exit code 1, a message naming the file, no traceback.
status=0
"$python" "$script" "$tmp/missing.h5" >"$tmp/out" 2>"$tmp/err" || status=$?
if [[ $status -ne 1 ]]; then
  echo "FAIL: missing input gave exit code $status, expected 1" >&2
  exit 1
fi
grep -qF "$tmp/missing.h5" "$tmp/err" || { echo "FAIL: error does not name the file:" >&2; cat "$tmp/err" >&2; exit 1; }
if grep -q Traceback "$tmp/err"; then
  echo "FAIL: traceback on a missing input" >&2
  exit 1
fi
[[ ! -e $tmp/missing.png ]] || { echo "FAIL: wrote a PNG for a missing input" >&2; exit 1; }

echo "plot_chain.py: ok"
