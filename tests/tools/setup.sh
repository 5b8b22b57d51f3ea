# Sourced by the tool tests, which take PATH/TO/prospect as their argument.
# Sets prospect, tools (the repository's tools/ folder), python (Debian's
# python3, which has h5py, numpy and matplotlib) and tmp (a directory removed
# on exit), and defines is_png FILE.

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
