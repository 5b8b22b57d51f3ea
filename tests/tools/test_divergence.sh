#!/bin/bash
# Divergence in every task: settings that drive a run to NaN or Inf stop it
# with exit status 3 and a message naming the task, where and the variable;
# the run file is readable, records it in its 'diverged' attribute and holds
# no summary; --resume refuses it. A run given --overwrite that diverges
# before its first checkpoint leaves the earlier file as it was.
# Usage: tests/tools/test_divergence.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
data_slice="$tools/../tests/data/mnist1d_40_slice.h5"

# diverges TASK PATTERN ARGS...: `prospect run TASK ARGS` exits 3 naming
# PATTERN; its file records where, readably, without a summary.
diverges() {
  local task=$1 pattern=$2 status=0
  shift 2
  rm -f "$tmp/$task.h5"
  "$prospect" run "$task" --quiet -o "$tmp/$task.h5" "$@" >/dev/null 2>"$tmp/err" || status=$?
  if [[ $status -ne 3 ]] || ! grep -qF "error: diverged at $pattern" "$tmp/err"; then
    echo "FAIL: $task $* (exit $status, expected 3 and '$pattern'):" >&2
    cat "$tmp/err" >&2
    exit 1
  fi
  "$python" - "$tmp/$task.h5" "$pattern" <<'PY' || { echo "FAIL: $task's file" >&2; exit 1; }
import sys
import h5py
with h5py.File(sys.argv[1], "r") as f:
    where = f.attrs["diverged"]
    where = where.decode() if isinstance(where, bytes) else where
    assert where.startswith(sys.argv[2]), where
    assert "summary" not in f, list(f)
PY
}

diverges chain "chain step " --set optimizer.kind=sgd --set optimizer.lr=1e6 --set time.train=20
grep -qF "student gle: parameter layer1/W[0] = nan" "$tmp/err" || { echo "FAIL: variable" >&2; exit 1; }
diverges chain "chain step " --set students=bptt2 --set bptt.lr=1e37 --set time.train=40
diverges mnist1d "mnist1d epoch 1, training batch 1: parameter " --set data.file="$data_slice" \
  --set optimizer.lr=1e6 --set steps_per_sample=40 --set batch=50 --set epochs=2
status=0
"$prospect" run mnist1d --resume -o "$tmp/mnist1d.h5" 2>"$tmp/err" >/dev/null || status=$?
[[ $status -eq 1 ]] && grep -qF "the run diverged (mnist1d epoch 1" "$tmp/err" \
  || { echo "FAIL: a diverged run was resumed (exit $status)" >&2; cat "$tmp/err" >&2; exit 1; }
diverges small_network "small_network step " --set network.activation=linear --set gle.lr=1e37 \
  --set time.train=50
diverges mackey_glass "mackey_glass window 1, epoch 1, training step " --set optimizer.lr=1e37 \
  --set windows=1 --set epochs=2
diverges transfer "transfer sweep at omega = " --set sweep.points=3 --set adaptation.gamma_u=1e30 \
  --set adaptation.gamma_i=1

write_tone_corpus "$tmp/fsdd"
diverges speech "speech epoch 1, training batch 1: parameter " --set data.dir="$tmp/fsdd" \
  --set data.cache= --set data.seconds=0.2 --set data.validation_below=6 --set interpolation=2 \
  --set network.hidden_layers=1 --set network.populations=4 --set network.tau_m=1 \
  --set network.tau_r=1 --set batch=2 --set epochs=1 --set optimizer.lr=1e30

diverges shunting "shunting epoch 1, training batch " --set data.dir="$tools/../tests/data/mnist_100" \
  --set network.somata=4 --set network.k_exc=20 --set network.k_inh=10 --set batch=16 --set epochs=2 \
  --set record.samples=0 --set diagnostics.every=0 --set lr.synapses=1e38
grep -qF "non-finite voltage V = nan in layer 1, level 0" "$tmp/err" \
  || { echo "FAIL: shunting variable" >&2; cat "$tmp/err" >&2; exit 1; }

# --overwrite over a complete run, diverging before the first checkpoint.
"$prospect" run chain --quiet -o "$tmp/complete.h5" --set time.train=20 >/dev/null
before=$(md5sum <"$tmp/complete.h5")
status=0
"$prospect" run chain --quiet -o "$tmp/complete.h5" --overwrite --set optimizer.kind=sgd \
  --set optimizer.lr=1e6 --set time.train=20 >/dev/null 2>"$tmp/err" || status=$?
[[ $status -eq 3 ]] && grep -qF "complete.h5: left as it was" "$tmp/err" \
  || { echo "FAIL: diverging over a complete run (exit $status):" >&2; cat "$tmp/err" >&2; exit 1; }
[[ $(md5sum <"$tmp/complete.h5") == "$before" ]] || { echo "FAIL: the complete run was replaced" >&2; exit 1; }

echo "divergence in every task: ok"
