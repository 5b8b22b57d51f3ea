#!/bin/bash
# Test of tools/plot_ep.py: two tiny ep runs (EP-MLP and DEP on the
# 100-image MNIST slice), plotted together, with units in every label,
# integer epoch ticks and the ten output units of the relaxation in ten
# colours named by a colour bar; a run without trajectories or GDU check
# plots the panels it has, with a note on the others; a run of another task
# is refused.
# Usage: tests/tools/test_plot_ep.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_ep.py"
data="$tools/../tests/data/mnist_100"
small=(--set data.dir="$data" --set data.train_samples=40 --set data.test_samples=20
       --set network.widths=784,32,10 --set batch=10 --set epochs=2 --set gdu.samples=5
       --set record.samples=2)

for model in ep_mlp dep; do
  "$prospect" run ep --quiet "${small[@]}" --set model=$model -o "$tmp/$model.h5" >/dev/null
done
"$python" "$script" "$tmp/ep_mlp.h5" "$tmp/dep.h5" >"$tmp/stdout"
grep -qxF "$tmp/ep_mlp.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/ep_mlp.png" || { echo "FAIL: $tmp/ep_mlp.png is not a PNG" >&2; exit 1; }

check_figures plot_ep.py "$tmp/ep_mlp.h5" "$tmp/dep.h5"
"$python" - "$(dirname "${BASH_SOURCE[0]}")" "$tmp/dep.h5" <<'PY' || fail "the relaxation's units are not told apart"
import sys
sys.path.insert(0, sys.argv[1])
import check_figures
from matplotlib.colors import to_hex

[(_, fig)] = check_figures.figures("plot_ep.py", [sys.argv[2]])
[relaxation] = [ax for ax in fig.axes if ax.get_title(loc="left").startswith("(d)")]
colours = {to_hex(line.get_color()) for line in relaxation.get_lines() if len(line.get_xdata()) > 2}
assert len(colours) == 10, colours  # network.widths=784,32,10: one colour per output unit
[bar] = [ax for ax in fig.axes if ax.get_ylabel() == "output unit"]
assert list(bar.get_yticks()) == list(range(10)), bar.get_yticks()
PY

# Runs that select on held-out images: validation curves dashed, a star on the kept epoch.
"$python" - "$(dirname "${BASH_SOURCE[0]}")" "$tmp/dep.h5" <<'PY' || fail "the validation curve or the kept epoch is not drawn"
import sys
sys.path.insert(0, sys.argv[1])
import check_figures
import h5py

with h5py.File(sys.argv[2]) as run:
    kept = int(run["summary/kept_epoch"][()].reshape(-1)[0])
    test = run["metrics/epoch/test_accuracy"][()].reshape(-1)
    validation = run["metrics/epoch/validation_accuracy"][()].reshape(-1)
[(_, fig)] = check_figures.figures("plot_ep.py", [sys.argv[2]])
[curves] = [ax for ax in fig.axes if ax.get_title(loc="left").startswith("(a)")]
dashed = [line for line in curves.get_lines() if line.get_linestyle() == "--"]
assert len(dashed) == 1 and list(dashed[0].get_ydata()) == list(100 * validation), dashed
[star] = [line for line in curves.get_lines() if line.get_marker() == "*"]
assert (star.get_xdata()[0], star.get_ydata()[0]) == (kept, 100 * test[kept - 1])
assert "validation dashed" in curves.get_title(loc="left")
PY

"$prospect" run ep --quiet "${small[@]}" --set record.samples=0 --set gdu.samples=0 \
  -o "$tmp/bare.h5" >/dev/null
expect 0 "no GDU check at epoch 0: no (b), (c)" "$python" "$script" "$tmp/bare.h5"
grep -qF "no relaxation recorded: no (d)" "$tmp/err" || fail "no note on the panel (d) left out"
is_png "$tmp/bare.png" || fail "$tmp/bare.png is not a PNG"
check_figures plot_ep.py "$tmp/bare.h5"

refuses_chain_run "$script" "not an ep run"

echo "plot_ep.py: ok"
