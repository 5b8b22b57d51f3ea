#!/bin/bash
# Test of tools/plot_chain.py: plots a short chain run (PNG, PDF, SVG by the
# extension), checks its figure's labels and ticks (tests/tools/check_figures.py,
# which must itself reject a figure without units or with fractional epoch
# ticks), and the error paths for a missing input file and an unknown format.
# Usage: tests/tools/test_plot_chain.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_chain.py"

"$prospect" run chain --quiet --set time.train=20 --set time.settle=5 -o "$tmp/run.h5" >/dev/null

# Default output name: the run file with .png.
"$python" "$script" "$tmp/run.h5" >"$tmp/stdout"
grep -qF "$tmp/run.png" "$tmp/stdout" || { echo "FAIL: path written not printed" >&2; exit 1; }
is_png "$tmp/run.png" || { echo "FAIL: $tmp/run.png missing or not a PNG" >&2; exit 1; }

# An explicit output name: PDF and SVG by the extension; another extension
# is a clear error.
"$python" "$script" "$tmp/run.h5" -o "$tmp/other.pdf" >/dev/null
[[ $(head -c 5 "$tmp/other.pdf") == %PDF- ]] || fail "-o other.pdf did not write a PDF"
"$python" "$script" "$tmp/run.h5" -o "$tmp/other.svg" >/dev/null
grep -q "<svg" "$tmp/other.svg" || fail "-o other.svg did not write an SVG"
expect 1 "the extension names the format, one of .png, .pdf, .svg" "$python" "$script" "$tmp/run.h5" -o "$tmp/run.jpg"
[[ ! -e $tmp/run.jpg ]] || fail "wrote run.jpg"

check_figures plot_chain.py "$tmp/run.h5"

# The checker finds what it is there for: a label without a unit, an epoch
# axis with ticks at 1.25, 1.5, ..., a log axis labelled 2×10⁰.
"$python" - "$(dirname "${BASH_SOURCE[0]}")" <<'PY' || fail "check_figures.py missed a bad figure"
import sys
sys.path.insert(0, sys.argv[1])
import check_figures
import matplotlib.pyplot as plt

fig, (a, b, c) = plt.subplots(1, 3, figsize=(18, 5))
a.plot([1, 2], [0.1, 0.2]); a.set(xlabel="epoch", ylabel="accuracy (%)")
b.plot([1, 2], [0.1, 0.2]); b.set(xlabel="time", ylabel="accuracy (%)")
c.plot([1, 2], [1.5, 3]); c.set(xlabel="frequency ωτ (rad)", ylabel="gain", yscale="log")
failures = check_figures.checks(fig)
expected = ["axis 'epoch': epoch ticks", "axis 'time': the label names no unit",
            "axis 'gain': tick labels"]
for text in expected:
    assert any(text in failure for failure in failures), (text, failures)
assert len(failures) == 3, failures
a.set_xticks([1, 2]); b.set_xlabel("time (time units)"); c.set_yscale("linear")
assert check_figures.checks(fig) == [], check_figures.checks(fig)
PY

# A missing input: exit code 1, a message naming the file, no traceback.
status=0
"$python" "$script" "$tmp/missing.h5" >"$tmp/out" 2>"$tmp/err" || status=$?
if [[ $status -ne 1 ]]; then
  echo "FAIL: missing input gave exit code $status, expected 1" >&2
  exit 1
fi
grep -qF "$tmp/missing.h5" "$tmp/err" || { echo "FAIL: error does not name the file:" >&2; cat "$tmp/err" >&2; exit 1; }
if grep -q Traceback "$tmp/err"; then
  echo "FAIL: traceback on a missing input" >&2
  exit 1
fi
[[ ! -e $tmp/missing.png ]] || { echo "FAIL: wrote a PNG for a missing input" >&2; exit 1; }

echo "plot_chain.py: ok"
