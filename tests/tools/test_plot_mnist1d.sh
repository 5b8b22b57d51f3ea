#!/bin/bash
# Smoke test of tools/plot_mnist1d.py: two tiny mnist1d runs, their learning
# curves and table, and the error for a file that is not an mnist1d run.
# Usage: tests/tools/test_plot_mnist1d.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_mnist1d.py"
data="$tools/../tests/data/mnist1d_40_slice.h5"

for seed in 1 2; do
  "$prospect" run mnist1d --quiet --seed $seed --set data.file="$data" --set epochs=2 \
    --set steps_per_sample=40 --set batch=50 -o "$tmp/seed$seed.h5" >/dev/null
done

"$python" "$script" "$tmp/seed1.h5" "$tmp/seed2.h5" >"$tmp/stdout"
grep -qxF "$tmp/seed1.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/seed1.png" || { echo "FAIL: $tmp/seed1.png is not a PNG" >&2; exit 1; }

"$python" "$script" --table "$tmp/seed1.h5" "$tmp/seed2.h5" >"$tmp/table"
[[ $(grep -c '^seed[12].h5 *e2e-15k' "$tmp/table") -eq 2 ]] \
  || { echo "FAIL: table lacks a row per run:" >&2; cat "$tmp/table" >&2; exit 1; }
grep -q "mean ± sd over 2 runs" "$tmp/table" || { echo "FAIL: no mean row" >&2; exit 1; }

refuses_chain_run "$script" "not an mnist1d run"

echo "plot_mnist1d.py: ok"
