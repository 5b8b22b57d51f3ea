#!/bin/bash
# Test of tools/plot_learning_curves.py: two tiny mnist1d runs and a tiny
# speech run (on WAV tones written here), their learning curves (units in
# every label, whole epochs on the axis: two epochs, no 1.25, 1.5, ...) and
# table, and the error for a file that is neither.
# Usage: tests/tools/test_plot_learning_curves.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_learning_curves.py"
data="$tools/../tests/data/mnist1d_40_slice.h5"

for seed in 1 2; do
  "$prospect" run mnist1d --quiet --seed $seed --set data.file="$data" --set epochs=2 \
    --set steps_per_sample=40 --set batch=50 -o "$tmp/seed$seed.h5" >/dev/null
done

"$python" "$script" "$tmp/seed1.h5" "$tmp/seed2.h5" >"$tmp/stdout"
grep -qxF "$tmp/seed1.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/seed1.png" || { echo "FAIL: $tmp/seed1.png is not a PNG" >&2; exit 1; }
check_figures plot_learning_curves.py "$tmp/seed1.h5" "$tmp/seed2.h5"

"$python" "$script" --table "$tmp/seed1.h5" "$tmp/seed2.h5" >"$tmp/table"
[[ $(grep -c '^seed[12].h5 *e2e-15k' "$tmp/table") -eq 2 ]] \
  || { echo "FAIL: table lacks a row per run:" >&2; cat "$tmp/table" >&2; exit 1; }
grep -q "mean ± sd over 2 runs" "$tmp/table" || { echo "FAIL: no mean row" >&2; exit 1; }

write_tone_corpus "$tmp/fsdd"
"$prospect" run speech --quiet --set data.dir="$tmp/fsdd" --set data.cache= --set data.seconds=0.2 \
  --set data.validation_below=6 --set interpolation=2 --set network.hidden_layers=1 \
  --set network.populations=4 --set network.tau_m=1 --set network.tau_r=1 --set batch=2 \
  --set epochs=2 -o "$tmp/speech.h5" >/dev/null
expect_plot "$script" "$tmp/speech.h5" "$tmp/speech.png"
check_figures plot_learning_curves.py "$tmp/speech.h5"
"$python" "$script" --table "$tmp/speech.h5" "$tmp/seed1.h5" >"$tmp/table"
grep -q '^speech.h5 *fsdd .* [0-9.]\+ \+[0-9.]\+ \+[0-9]\+ \+[0-9.]\+$' "$tmp/table" \
  || { echo "FAIL: no test accuracy in the speech row:" >&2; cat "$tmp/table" >&2; exit 1; }
grep -q '^seed1.h5 .* nan \+nan' "$tmp/table" \
  || { echo "FAIL: a run without a test split should show nan:" >&2; cat "$tmp/table" >&2; exit 1; }

refuses_chain_run "$script" "not an mnist1d or speech run"

echo "plot_learning_curves.py: ok"
