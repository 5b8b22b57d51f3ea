#!/bin/bash
# prospect sweep with local workers: a tiny mnist1d sweep with failing runs,
# its index, run files identical to `prospect run`'s, a second pass that
# touches nothing, --retry-failed, the summary against the runs made
# separately, tools/plot_sweep.py (axes named by the options' help with their
# units, single seeds marked), and sweep-file errors on the command line.
# Usage: tests/tools/test_sweep_local.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/sweep_setup.sh"
cd "$tmp"
tiny_sweep sweep.ini runs

"$prospect" sweep sweep.ini --list >list.txt
grep -qF "8 runs of mnist1d into runs" list.txt || fail "--list: $(cat list.txt)"
grep -qF "3  batch-50_tau_sigma-0.1_seed-2  prospect run mnist1d --quiet --output runs/batch-50_tau_sigma-0.1_seed-2.h5 --seed 2 --threads 1 --set epochs=1" list.txt \
  || fail "--list lacks run 3's command: $(cat list.txt)"
[[ ! -e runs ]] || fail "--list ran something"

status=0
"$prospect" sweep sweep.ini --jobs 2 >out.txt || status=$?
[[ $status -eq 1 ]] || fail "a sweep with failed runs exited $status, expected 1"
grep -qF "sweep runs: 4 of 8 finished, 4 failed" out.txt || fail "no final count: $(cat out.txt)"
expect_statuses runs finished $good_runs
expect_statuses runs failed $bad_runs
[[ $(index_field runs batch-5000_tau_sigma-0_seed-1 message) == *"key 'batch' = '5000': larger than the 200 training samples"* ]] \
  || fail "the failed run's message: $(index_field runs batch-5000_tau_sigma-0_seed-1 message)"
[[ -s runs/summary.csv && -s runs/summary.h5 ]] || fail "no summary written after the sweep"
# Run times stand apart from the results.
grep -q "summary/seconds" runs/run_times.csv || fail "no run times in run_times.csv: $(cat runs/run_times.csv)"
! grep -qE "seconds|ms_per" runs/summary.csv || fail "run times among the results: $(cat runs/summary.csv)"
"$prospect" summarize runs >summary.txt || fail "prospect summarize failed"
grep -q "^run times" summary.txt || fail "the printed summary has no run-time block: $(cat summary.txt)"

# Each run file is what `prospect run` writes with the same options.
mkdir separate
for name in $good_runs; do
  [[ $name =~ tau_sigma-([0-9.]+)_seed-([0-9]+) ]]
  "$prospect" run mnist1d --quiet --seed "${BASH_REMATCH[2]}" --set epochs=1 --set steps_per_sample=40 \
    --set data.file="$data" --set batch=50 --set noise.tau_sigma="${BASH_REMATCH[1]}" \
    -o "separate/$name.h5" >/dev/null
done
same_runs runs separate $good_runs

# A second pass runs nothing and leaves every file as it was.
run_files=(runs/batch-*.h5 runs/batch-*.log)
stat -c '%n %Y %s' "${run_files[@]}" >before.txt
md5sum "${run_files[@]}" >>before.txt
status=0
"$prospect" sweep sweep.ini --jobs 2 >again.txt || status=$?
[[ $status -eq 1 ]] || fail "the second pass exited $status, expected 1 (failed runs remain)"
grep -qF "0 to run, 4 finished, 4 failed (--retry-failed runs them again)" again.txt \
  || fail "second pass: $(cat again.txt)"
stat -c '%n %Y %s' "${run_files[@]}" >after.txt
md5sum "${run_files[@]}" >>after.txt
cmp -s before.txt after.txt || fail "the second pass changed run files"

# --retry-failed runs the failed ones again (and they fail again).
"$prospect" sweep sweep.ini --retry-failed >retry.txt || true
grep -qF "4 to run, 4 finished" retry.txt || fail "--retry-failed: $(cat retry.txt)"
[[ $(index_field runs batch-5000_tau_sigma-0.1_seed-2 attempts) == 2 ]] || fail "attempts not counted"

# The summary: mean and sd over the seeds per setting, as computed from the separate runs.
"$prospect" sweep sweep.ini --summary >summary.txt
grep -qF "batch = 50  noise.tau_sigma = 0.1: 2 finished" summary.txt || fail "summary: $(cat summary.txt)"
grep -qF "batch = 5000  noise.tau_sigma = 0: 0 finished, 2 failed" summary.txt || fail "summary: $(cat summary.txt)"
"$prospect" summarize runs | cmp -s - summary.txt || fail "prospect summarize differs from --summary"
"$python" - runs/summary.csv separate <<'PY'
import csv, sys
import h5py
import numpy as np
rows = list(csv.DictReader(open(sys.argv[1])))
checked = 0
for tau in ("0", "0.1"):
    runs = [h5py.File(f"{sys.argv[2]}/batch-50_tau_sigma-{tau}_seed-{s}.h5", "r") for s in (1, 2)]
    expected = {
        "summary/final_validation_accuracy": [r["summary/final_validation_accuracy"][0] for r in runs],
        "epoch/validation_loss/final": [r["metrics/epoch/validation_loss"][-1] for r in runs],
        "epoch/train_accuracy/best": [max(r["metrics/epoch/train_accuracy"][()]) for r in runs],
    }
    for metric, values in expected.items():
        row = [r for r in rows if r["batch"] == "50" and r["noise.tau_sigma"] == tau and r["metric"] == metric]
        assert len(row) == 1, (tau, metric, row)
        row = row[0]
        assert row["runs"] == "2" and row["failed"] == "0" and row["n"] == "2", row
        for got, want in ((row["mean"], np.mean(values)), (row["sd"], np.std(values, ddof=1))):
            assert abs(float(got) - want) <= 1e-11 * max(1, abs(want)), (metric, tau, got, want)
        checked += 1
assert checked == 6
PY

# The plot: one metric against an axis, and a clean error for an unknown metric.
"$python" "$tools/plot_sweep.py" runs --metric summary/final_validation_accuracy --x noise.tau_sigma \
  --by batch --percent -o plot.png >stdout.txt
grep -qxF plot.png stdout.txt && is_png plot.png || fail "plot_sweep.py did not write plot.png"
# Its axes in words with units (the options' help), a line per batch named
# by its help too; a point of a single seed hollow, with a legend note.
check_figures plot_sweep.py runs --metric summary/final_validation_accuracy --x noise.tau_sigma \
  --by batch --percent --prospect "$prospect"
printf 'noise.tau_sigma,runs,failed,metric,n,mean,sd\n0,2,0,m,2,0.5,0.1\n0.1,1,0,m,1,0.4,nan\n' >single.csv
"$python" - "$tools/../tests/tools" "$prospect" <<'PY' 2>err.txt || fail "plot_sweep.py axes or seeds: $(cat err.txt)"
import subprocess, sys
sys.path.insert(0, sys.argv[1])
import check_figures

[(_, fig)] = check_figures.figures("plot_sweep.py", ["runs", "--x", "noise.tau_sigma", "--by", "batch",
                                                     "--prospect", sys.argv[2]])
ax = fig.axes[0]
help_text = [line for line in subprocess.run([sys.argv[2], "run", "mnist1d", "--help"], capture_output=True,
                                             text=True).stdout.splitlines() if "noise.tau_sigma =" in line][0]
label = " ".join(ax.get_xlabel().split())
assert label.endswith(" (time)") and label.split(" (")[0] in help_text and "noise." not in label, label
legend = [t.get_text() for t in ax.get_legend().get_texts()]
# batch 5000 failed: one line, batch 50, named by the help text, not the key
assert len(legend) == 1 and legend[0].endswith(" = 50 samples") and "batch" not in legend[0], legend

[(_, fig)] = check_figures.figures("plot_sweep.py", ["single.csv"])
ax = fig.axes[0]
hollow = [line for line in ax.get_lines() if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
assert [list(line.get_xdata()) for line in hollow] == [[0.1]], hollow
bars = [c for c in ax.containers if len(c.lines[2]) and len(c.lines[2][0].get_segments())]
assert [len(c.lines[2][0].get_segments()) for c in bars] == [1], "one error bar, at the point of two seeds"
assert "single seed, no error bar" in [t.get_text() for t in ax.get_legend().get_texts()]
PY
status=0
"$python" "$tools/plot_sweep.py" runs --metric nope 2>err.txt >/dev/null || status=$?
[[ $status -eq 1 ]] && grep -qF "no metric nope (the summary has: summary/" err.txt && ! grep -q Traceback err.txt \
  || fail "plot_sweep.py on an unknown metric (exit $status): $(cat err.txt)"

# Sweep-file errors name the file and line; nothing runs.
printf '[sweep]\ntask = mnist1d\n[axes]\nnoise.tau = 0, 1\n' >bad.ini
status=0
"$prospect" sweep bad.ini 2>err.txt || status=$?
[[ $status -eq 1 ]] && grep -qF "error: bad.ini:4: unknown key 'noise.tau' for task 'mnist1d'" err.txt \
  || fail "unknown key (exit $status): $(cat err.txt)"
printf '[sweep]\ntask = mnist2d\n' >bad.ini
"$prospect" sweep bad.ini 2>err.txt && fail "an unknown task was accepted"
grep -qF "error: bad.ini:2: unknown task 'mnist2d'" err.txt || fail "unknown task: $(cat err.txt)"

echo "prospect sweep (local): ok"
