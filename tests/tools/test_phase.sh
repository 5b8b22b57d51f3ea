#!/bin/bash
# End-to-end test of `prospect phase` and tools/plot_spectra.py: a file with
# known tones (written with h5py), its spectra by FFT and by lock-in checked
# against the tones, written into the file itself and into another one, then
# plotted.
# Usage: tests/tools/test_phase.sh PATH/TO/prospect
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
script="$tools/plot_spectra.py"

# x = cos(ωt) in sample 1, neuron 0 of (T, 2, 1); y = 0.25 cos(ωt - 0.7) there;
# ω on FFT bin 20 of the 1000 frames after a transient of 1 (100 frames).
"$python" - "$tmp/run.h5" <<'PY'
import sys
import h5py
import numpy as np
dt, frames, transient = 0.01, 1100, 100
t = np.arange(frames) * dt
omega = 2 * np.pi * 20 / ((frames - transient) * dt)
x = np.zeros((frames, 2, 1), np.float32)
y = np.zeros((frames, 2, 1), np.float32)
x[:, 1, 0] = np.cos(omega * t)
y[:, 1, 0] = 0.25 * np.cos(omega * t - 0.7)
y[:transient, 1, 0] += 5.0  # a transient to discard
with h5py.File(sys.argv[1], "w") as f:
    f["time"] = t.astype(np.float32)
    f["trajectories/x"] = x
    f["trajectories/y"] = y
PY

"$prospect" phase "$tmp/run.h5" --signal trajectories/y --reference trajectories/x --sample 1 \
  --transient 1 --window rectangular >"$tmp/fft.txt"
grep -qF "wrote $tmp/run.h5:/spectra/y[1,0]_vs_x[1,0]" "$tmp/fft.txt" \
  || { echo "FAIL: unexpected summary:" >&2; cat "$tmp/fft.txt" >&2; exit 1; }
"$prospect" phase "$tmp/run.h5" --signal trajectories/y --reference trajectories/x --sample 1 \
  --transient 1 --omega 12.566370614359172 --name locked -o "$tmp/other.h5" >/dev/null

"$python" - "$tmp/run.h5" "$tmp/other.h5" <<'PY'
import sys
import h5py
import numpy as np
omega = 2 * np.pi * 20 / 10.0
with h5py.File(sys.argv[1], "r") as f:
    g = f["spectra/y[1,0]_vs_x[1,0]"]
    k = int(np.argmax(g["power_reference"][()]))
    checks = [(g["omega"][k], omega), (g["gain"][k], 0.25), (g["phase"][k], -0.7),
              (g.attrs["transient"], 1.0), (g.attrs["frames"], 1000)]
    assert g.attrs["signal"] == "trajectories/y" and g.attrs["window"] == "rectangular"
with h5py.File(sys.argv[2], "r") as f:
    g = f["spectra/locked"]
    checks += [(g["gain"][0], 0.25), (g["phase"][0], -0.7)]
    assert g.attrs["method"] == "lock-in" and g.attrs["source"] == sys.argv[1]
for got, want in checks:
    assert abs(got - want) < 1e-4, f"got {got}, expected {want}"
PY

# Degenerate inputs: a constant reference is an error; a signal without power
# leaves every phase undefined, flagged in 'defined' and said in a note.
if "$prospect" phase "$tmp/run.h5" --signal trajectories/y --reference trajectories/x --sample 0 \
  >"$tmp/constant.txt" 2>&1; then
  echo "FAIL: a constant reference was accepted" >&2; exit 1
fi
grep -qF "reference 'trajectories/x' is constant (0) after the transient of 0" "$tmp/constant.txt" \
  || { echo "FAIL: unexpected error:" >&2; cat "$tmp/constant.txt" >&2; exit 1; }
"$prospect" phase "$tmp/run.h5" --signal trajectories/y --reference trajectories/x --sample 0 \
  --reference-sample 1 --transient 1 --name silent -o "$tmp/silent.h5" >"$tmp/silent.txt"
grep -qF "note: 500 of 500 frequencies have no power in the signal or the reference" "$tmp/silent.txt" \
  || { echo "FAIL: no note on undefined phases:" >&2; cat "$tmp/silent.txt" >&2; exit 1; }
"$python" - "$tmp/silent.h5" "$tmp/run.h5" <<'PY'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "r") as silent, h5py.File(sys.argv[2], "r") as f:
    g = silent["spectra/silent"]
    assert g.attrs["undefined_frequencies"] == 500 and not g["defined"][()].any()
    assert np.isnan(g["phase"][()]).all() and (g["gain"][()] == 0).all()
    tone = f["spectra/y[1,0]_vs_x[1,0]"]
    assert tone["defined"][int(np.argmax(tone["power_reference"][()]))] == 1
PY

"$python" "$script" "$tmp/run.h5" -o "$tmp/spectra.png" >/dev/null
is_png "$tmp/spectra.png" || { echo "FAIL: $tmp/spectra.png is not a PNG" >&2; exit 1; }
check_figures plot_spectra.py "$tmp/run.h5"

# A name that is not stored: exit code 1 and a message listing the stored ones.
status=0
"$python" "$script" "$tmp/run.h5" --name nope 2>"$tmp/err" >/dev/null || status=$?
[[ $status -eq 1 ]] && grep -qF "no spectrum /spectra/nope (stored: y[1,0]_vs_x[1,0])" "$tmp/err" \
  || { echo "FAIL: unknown spectrum name (exit $status):" >&2; cat "$tmp/err" >&2; exit 1; }

echo "prospect phase and plot_spectra.py: ok"
