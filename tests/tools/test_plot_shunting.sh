#!/bin/bash
# Smoke test of tools/plot_shunting.py: two tiny shunting runs on the 100-image
# MNIST slice (shunting and additive cores), their three figures and the
# table, and the error for a file of another task.
# Usage: tests/tools/test_plot_shunting.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_shunting.py"
data="$tools/../tests/data/mnist_100"

for core in shunting additive; do
  "$prospect" run shunting --quiet --set data.dir="$data" --set network.somata=4 \
    --set network.k_exc=10 --set network.k_inh=5 --set batch=20 --set epochs=2 \
    --set diagnostics.samples=20 --set record.samples=0 --set network.core=$core \
    -o "$tmp/$core.h5" >/dev/null
done

"$python" "$script" "$tmp/shunting.h5" "$tmp/additive.h5" -o "$tmp/both" >"$tmp/stdout"
for figure in curves fidelity levels; do
  png="$tmp/both-$figure.png"
  grep -qxF "$png" "$tmp/stdout" || { echo "FAIL: $png not printed" >&2; exit 1; }
  is_png "$png" || { echo "FAIL: $png is not a PNG" >&2; exit 1; }
done

"$python" "$script" --table "$tmp/shunting.h5" "$tmp/additive.h5" >"$tmp/table"
grep -q '^shunting.h5 *mnist *shunting *5f per_soma' "$tmp/table" \
  || { echo "FAIL: no shunting row:" >&2; cat "$tmp/table" >&2; exit 1; }
grep -q '^additive.h5 *mnist *additive' "$tmp/table" \
  || { echo "FAIL: no additive row:" >&2; cat "$tmp/table" >&2; exit 1; }

refuses_chain_run "$script" "not a shunting run (task = chain)"

echo "plot_shunting.py: ok"
