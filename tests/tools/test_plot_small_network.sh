#!/bin/bash
# Test of tools/plot_small_network.py: plots a short small_network run
# (Fig. 6 panels; units in every label) and refuses a run of another task.
# Usage: tests/tools/test_plot_small_network.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_small_network.py"

"$prospect" run small_network --quiet --set time.train=200 -o "$tmp/run.h5" >/dev/null
expect_plot "$script" "$tmp/run.h5" "$tmp/run.png"
check_figures plot_small_network.py "$tmp/run.h5"
refuses_chain_run "$script"

echo "plot_small_network.py: ok"
