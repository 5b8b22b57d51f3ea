#!/usr/bin/env bash
# Checks the Python package as a user installs it: a fresh venv on Debian's
# python3 (its numpy, h5py and matplotlib through --system-site-packages),
# `pip install --no-build-isolation --no-index .` (offline), then, from
# outside the checkout, the package's import, a short chain run, its type
# stubs and py.typed marker, its figure
# by `python3 -m prospect.plot` and the `prospect` command. pip builds the
# package in a portable build directory of its own; PROSPECT_BUILD_DIR=DIR
# reuses a configured one instead (CI reuses build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_python_install: $*" >&2; exit 1; }

/usr/bin/python3 -m venv --system-site-packages "$work/venv"
"$work/venv/bin/pip" install --quiet --no-build-isolation --no-index "$root"
cd "$work"
venv=$work/venv
"$venv/bin/python3" - "$venv" <<'PY'
import importlib.metadata
import os
import sys

import prospect

venv = sys.argv[1]
if not os.path.realpath(prospect.__file__).startswith(os.path.realpath(venv)):
    sys.exit(f"prospect was imported from {prospect.__file__}, not from the venv {venv}")
installed = importlib.metadata.version("prospect")
if getattr(prospect, "__version__", installed) != installed:
    sys.exit(f"prospect.__version__ {prospect.__version__} differs from the installed {installed}")
run = prospect.run("chain", {"time.train": 20, "record.every": 10}, output="chain.h5", progress=False)
if run.task != "chain" or "mse" not in run.metrics.get("gle", {}):
    sys.exit(f"chain.h5 is not a chain run with the GLE student's MSE: {run}")
print(f"prospect {installed}: chain run with {len(run.time)} recorded steps")
package = os.path.dirname(prospect.__file__)
shipped = ["py.typed"] + [stub + ".pyi" for stub in prospect._signatures.STUBS]
missing = [name for name in shipped if not os.path.isfile(os.path.join(package, name))]
if missing:
    sys.exit(f"the installed package lacks its type information: {', '.join(missing)}")
import inspect
print(f"typed: prospect.ep.Network{inspect.signature(prospect.ep.Network)}")
PY
"$venv/bin/python3" -m prospect.plot chain.h5 -o chain.png >/dev/null
[[ $(head -c 8 chain.png | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
  fail "python3 -m prospect.plot chain.h5 wrote no PNG"
"$venv/bin/prospect" --help >/dev/null || fail "prospect --help failed"
"$venv/bin/prospect" list | grep -q "^ *chain" || fail "prospect list does not list the chain task"
echo "check_python_install: the venv's prospect imports, runs, plots and runs the command line"
