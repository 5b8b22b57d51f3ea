#!/usr/bin/env bash
# Builds prospect and runs the whole test suite (unit, golden and task tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh"
cd "${PROSPECT_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)"
