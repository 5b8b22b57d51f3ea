# Sourced by the tool tests, which take PATH/TO/prospect as their argument.
# Sets prospect, tools (the repository's tools/ folder), python (Debian's
# python3, which has h5py, numpy and matplotlib) and tmp (a directory removed
# on exit), and defines fail, expect, is_png FILE, expect_plot, check_figures,
# refuses_chain_run and write_tone_corpus DIR.

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 PATH/TO/prospect" >&2
  exit 2
fi
prospect=$1
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tools"
python=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# fail MESSAGE: the test fails, showing the last command's stderr (expect's).
fail() {
  echo "FAIL: $*" >&2
  [[ -f $tmp/err ]] && cat "$tmp/err" >&2
  exit 1
}

# expect STATUS PATTERN COMMAND...: COMMAND exits with STATUS and its stderr
# or stdout contains PATTERN (a fixed string).
expect() {
  local want=$1 pattern=$2 status=0
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  [[ $status -eq $want ]] || fail "exit $status, expected $want: $*"
  grep -qF -- "$pattern" "$tmp/err" "$tmp/out" || fail "output lacks '$pattern': $*"
}

is_png() {
  [[ -s $1 && $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]
}

# plots PLOT RUN.h5 -> OUT.png: the script writes the PNG and prints its path.
expect_plot() {
  "$python" "$1" "$2" >"$tmp/stdout"
  grep -qxF "$3" "$tmp/stdout" || { echo "FAIL: $3 not printed" >&2; exit 1; }
  is_png "$3" || { echo "FAIL: $3 is not a PNG" >&2; exit 1; }
}

# refuses_chain_run PLOT [MESSAGE]: the script exits 1, without a traceback
# (and with MESSAGE, if given), on a run of the chain task.
refuses_chain_run() {
  "$prospect" run chain --quiet --set time.train=1 --set time.settle=1 -o "$tmp/chain.h5" >/dev/null
  local status=0
  "$python" "$1" "$tmp/chain.h5" 2>"$tmp/err" >/dev/null || status=$?
  if [[ $status -ne 1 ]] || grep -q Traceback "$tmp/err" \
      || { [[ -n ${2:-} ]] && ! grep -qF "$2" "$tmp/err"; }; then
    echo "FAIL: $1 did not refuse a chain run cleanly (exit $status):" >&2
    cat "$tmp/err" >&2
    exit 1
  fi
}

# write_tone_corpus DIR: spoken "digits" 0 and 1 as 0.2 s tones at 8 kHz,
# FSDD names, indices 0-6 (a speech corpus in a blink).
write_tone_corpus() {
  mkdir -p "$1"
  "$python" - "$1" <<'PY'
import sys, wave
import numpy as np
for digit in (0, 1):
    for index in range(7):
        t = np.arange(1600) / 8000
        x = (0.3 * np.sin(2 * np.pi * (400 + 600 * digit) * t) * 32767).astype("<i2")
        with wave.open(f"{sys.argv[1]}/{digit}_ann_{index}.wav", "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000), w.writeframes(x.tobytes())
PY
}

# check_figures SCRIPT ARGS...: the figures tools/SCRIPT draws for ARGS pass
# tests/tools/check_figures.py (units in every axis label, integer epoch
# ticks, plain tick labels), read from the matplotlib objects.
check_figures() {
  "$python" "$tools/../tests/tools/check_figures.py" "$@" >"$tmp/out" 2>"$tmp/err" \
    || fail "figures of $1: $(cat "$tmp/out" "$tmp/err")"
}
