#!/bin/bash
# Test of the ep_phase task and tools/plot_ep_phase.py: a fresh EP-MLP and a
# DEP loaded from a one-epoch ep run (both 784-16-10, on the 100-image
# MNIST slice, three frequencies), within tolerance of their linearisation;
# plotted together with units in every label; the loader's errors name the
# file and what it lacks; a run of another task is refused by the plot.
# Usage: tests/tools/test_plot_ep_phase.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_ep_phase.py"
data="$tools/../tests/data/mnist_100"
sweep=(--set data.dir="$data" --set sweep.points=3 --set curve.points=20)

"$prospect" run ep --quiet --set data.dir="$data" --set data.train_samples=40 \
  --set data.test_samples=20 --set network.widths=784,16,10 --set batch=10 --set epochs=1 \
  --set gdu.samples=0 --set record.samples=0 --set model=dep -o "$tmp/dep_trained.h5" >/dev/null
"$prospect" run ep_phase --quiet "${sweep[@]}" --set network.file="$tmp/dep_trained.h5" \
  -o "$tmp/dep.h5" >"$tmp/dep.txt"
grep -qF "the parameters after epoch 1 (kept)" "$tmp/dep.txt" || fail "the kept parameters were not loaded"
grep -qF "within tolerance" "$tmp/dep.txt" || { cat "$tmp/dep.txt" >&2; fail "DEP outside tolerance"; }
"$prospect" run ep_phase --quiet "${sweep[@]}" --set network.widths=784,16,10 -o "$tmp/mlp.h5" \
  >"$tmp/mlp.txt"
grep -qF "within tolerance" "$tmp/mlp.txt" || { cat "$tmp/mlp.txt" >&2; fail "EP-MLP outside tolerance"; }

"$python" "$script" "$tmp/mlp.h5" "$tmp/dep.h5" >"$tmp/stdout"
grep -qxF "$tmp/mlp.png" "$tmp/stdout" || fail "path written not printed"
is_png "$tmp/mlp.png" || fail "$tmp/mlp.png is not a PNG"
check_figures plot_ep_phase.py "$tmp/mlp.h5" "$tmp/dep.h5"

# The loader: a run of another task, a run without kept parameters, keys the file decides.
"$prospect" run chain --quiet --set time.train=1 --set time.settle=1 -o "$tmp/other_task.h5" >/dev/null
expect 1 "$tmp/other_task.h5: a run of task 'chain', expected a run of task ep" \
  "$prospect" run ep_phase --quiet "${sweep[@]}" --set network.file="$tmp/other_task.h5" -o "$tmp/x.h5"
"$prospect" run ep --quiet --set data.dir="$data" --set data.train_samples=20 \
  --set data.test_samples=10 --set network.widths=784,8,10 --set batch=10 --set epochs=1 \
  --set gdu.samples=0 --set record.samples=0 --set select=test --set data.validation=0 \
  -o "$tmp/on_test.h5" >/dev/null
expect 1 "no kept parameters (/best/parameters/): the run selected on test images" \
  "$prospect" run ep_phase --quiet "${sweep[@]}" --set network.file="$tmp/on_test.h5" -o "$tmp/x.h5"
expect 0 "the parameters after epoch 1 (final)" \
  "$prospect" run ep_phase --quiet "${sweep[@]}" --set network.file="$tmp/on_test.h5" \
  --set network.parameters=final --set drive.paths=target --set compare.gle_tau_r= \
  --set compare.inhibition= -o "$tmp/final.h5"
expect 1 "key 'model' = 'dep': has no effect with network.file" "$prospect" run ep_phase --quiet \
  "${sweep[@]}" --set network.file="$tmp/on_test.h5" --set network.parameters=final \
  --set model=dep -o "$tmp/x.h5"
expect 1 "key 'data.set' = 'fashion_mnist': $tmp/on_test.h5 was trained with data.set = 'mnist'" \
  "$prospect" run ep_phase --quiet "${sweep[@]}" --set network.file="$tmp/on_test.h5" \
  --set network.parameters=final --set data.set=fashion_mnist -o "$tmp/x.h5"
[[ ! -e $tmp/x.h5 ]] || fail "a refused run wrote $tmp/x.h5"

refuses_chain_run "$script" "is not an ep_phase run (task is 'chain')"

echo "plot_ep_phase.py: ok"
