# Sourced by the tool tests, which take PATH/TO/prospect as their argument.
# Sets prospect, tools (the repository's tools/ folder), python (Debian's
# python3, which has h5py, numpy and matplotlib) and tmp (a directory removed
# on exit), and defines is_png FILE, expect_plot and refuses_chain_run.

if [[ $# -ne 1 || ! -x $1 ]]; then
  echo "usage: $0 PATH/TO/prospect" >&2
  exit 2
fi
prospect=$1
tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tools"
python=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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
