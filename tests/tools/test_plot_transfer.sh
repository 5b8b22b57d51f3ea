#!/bin/bash
# Test of tools/plot_transfer.py: plots a transfer run (Figs. 3, 11, 12 and
# the shunting compartment; units in every label, plain numbers on the gain
# axes that span less than three decades), as PDFs with --format, and
# refuses a run of another task.
# Usage: tests/tools/test_plot_transfer.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_transfer.py"

"$prospect" run transfer --quiet -o "$tmp/run.h5" >/dev/null
"$python" "$script" "$tmp/run.h5" >"$tmp/stdout"
for figure in fig3 fig11 fig12 shunting; do
  png="$tmp/run-$figure.png"
  grep -qxF "$png" "$tmp/stdout" || { echo "FAIL: $png not printed" >&2; exit 1; }
  is_png "$png" || { echo "FAIL: $png is not a PNG" >&2; exit 1; }
done

check_figures plot_transfer.py "$tmp/run.h5"
"$python" "$script" "$tmp/run.h5" --format pdf -o "$tmp/doc" >/dev/null
for figure in fig3 fig11 fig12 shunting; do
  [[ $(head -c 5 "$tmp/doc-$figure.pdf") == %PDF- ]] || fail "--format pdf: no $tmp/doc-$figure.pdf"
done

refuses_chain_run "$script" "is not a transfer run (task is 'chain')"

echo "plot_transfer.py: ok"
