#!/bin/bash
# Test of tools/plot_shunting.py: tiny shunting runs on the 100-image MNIST
# slice (shunting and additive cores, and a second K_I), their figures (the
# dose response only when K_I varies; units in every label, whole epochs, a
# hollow marker where a point is a single seed) and the table, and the error
# for a file of another task.
# Usage: tests/tools/test_plot_shunting.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_shunting.py"
data="$tools/../tests/data/mnist_100"

tiny_run() {  # core, K_I, output
  "$prospect" run shunting --quiet --set data.dir="$data" --set network.somata=4 \
    --set network.k_exc=10 --set network.k_inh=$2 --set batch=20 --set epochs=2 \
    --set diagnostics.samples=20 --set record.samples=0 --set network.core=$1 \
    -o "$3" >/dev/null
}
tiny_run shunting 5 "$tmp/shunting.h5"
tiny_run additive 5 "$tmp/additive.h5"
tiny_run shunting 2 "$tmp/shunting_k2.h5"

# figures PREFIX FIGURE... RUN.h5...: exactly these figures are printed and are PNGs
figures() {
  local prefix=$1 expected=() png
  shift
  while [[ $1 != *.h5 ]]; do expected+=("$prefix-$1.png"); shift; done
  "$python" "$script" "$@" -o "$prefix" >"$tmp/stdout"
  diff <(printf '%s\n' "${expected[@]}") "$tmp/stdout" \
    || { echo "FAIL: figures printed for $prefix differ from the expected ones" >&2; exit 1; }
  for png in "${expected[@]}"; do
    is_png "$png" || { echo "FAIL: $png is not a PNG" >&2; exit 1; }
  done
}
figures "$tmp/both" curves fidelity levels "$tmp/shunting.h5" "$tmp/additive.h5"
figures "$tmp/dose" curves fidelity levels dose "$tmp/shunting.h5" "$tmp/additive.h5" "$tmp/shunting_k2.h5"

check_figures plot_shunting.py "$tmp/shunting.h5" "$tmp/additive.h5" "$tmp/shunting_k2.h5" -o "$tmp/dose"
"$python" - "$(dirname "${BASH_SOURCE[0]}")" "$tmp" <<'PY' || fail "the dose response does not mark single seeds"
import sys
sys.path.insert(0, sys.argv[1])
import check_figures

tmp = sys.argv[2]
drawn = dict(check_figures.figures("plot_shunting.py", [f"{tmp}/shunting.h5", f"{tmp}/additive.h5",
                                                        f"{tmp}/shunting_k2.h5", "-o", f"{tmp}/d"]))
ax = drawn[f"{tmp}/d-dose.png"].axes[0]
hollow = [line for line in ax.get_lines() if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
# Every point is one seed: K_I 2 and 5 of the shunting core, 5 of the additive.
assert sorted(x for line in hollow for x in line.get_xdata()) == [2, 5, 5], hollow
assert "single seed, no error bar" in [t.get_text() for t in ax.get_legend().get_texts()]
PY

"$python" "$script" --table "$tmp/shunting.h5" "$tmp/additive.h5" >"$tmp/table"
grep -q '^shunting.h5 *mnist *shunting *5f per_soma' "$tmp/table" \
  || { echo "FAIL: no shunting row:" >&2; cat "$tmp/table" >&2; exit 1; }
grep -q '^additive.h5 *mnist *additive' "$tmp/table" \
  || { echo "FAIL: no additive row:" >&2; cat "$tmp/table" >&2; exit 1; }

refuses_chain_run "$script" "not a shunting run (task = chain)"

echo "plot_shunting.py: ok"
