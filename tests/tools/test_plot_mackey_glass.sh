#!/bin/bash
# Test of tools/plot_mackey_glass.py: plots a short two-window mackey_glass
# run (Fig. 10 panels; units in every label, whole epochs) and refuses a run
# of another task.
# Usage: tests/tools/test_plot_mackey_glass.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_mackey_glass.py"

"$prospect" run mackey_glass --quiet --set windows=2 --set data.length=2 --set window.length=1 \
  --set window.train=0.5 --set epochs=3 --set evaluate.every=2 -o "$tmp/run.h5" >/dev/null
expect_plot "$script" "$tmp/run.h5" "$tmp/run.png"
check_figures plot_mackey_glass.py "$tmp/run.h5"
refuses_chain_run "$script"

echo "plot_mackey_glass.py: ok"
