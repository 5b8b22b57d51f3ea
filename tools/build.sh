#!/usr/bin/env bash
# Installs missing packages, then configures and builds prospect in Release
# under build/ (or $PROSPECT_BUILD_DIR): everything, or only the targets
# given (tools/build.sh prospect). PROSPECT_WERROR=ON (as CI sets it)
# makes every compiler warning an error; unset, the build keeps its setting.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PROSPECT_BUILD_DIR:-$root/build}
"$root/tools/setup.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release ${PROSPECT_WERROR:+-DPROSPECT_WERROR="$PROSPECT_WERROR"} >/dev/null
cmake --build "$build" -j"$(nproc)" ${1:+--target "$@"}
