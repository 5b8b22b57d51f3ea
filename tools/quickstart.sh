#!/usr/bin/env bash
# Builds the command line alone (no tests, no Python module) and runs the
# default job: the teacher-student chain of the GLE paper (Fig. 5), writing
# chain.h5 and chain.png in the current directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh" prospect
"$root/build/prospect" run chain --output chain.h5 --set record.every=10
/usr/bin/python3 "$root/tools/plot_chain.py" chain.h5 -o chain.png
