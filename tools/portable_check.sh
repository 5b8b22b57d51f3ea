#!/usr/bin/env bash
# Builds the prospect command line alone for the portable baseline
# (PROSPECT_ARCH=x86-64-v3) in build-portable/ (or $PROSPECT_PORTABLE_DIR) and
# checks that its run files match the digests recorded in the repository
# (tests/data/portable_digests.json): a portable build must write
# bit-identical run files on every machine that runs it (docs/builds.md) —
# here, and on an Intel Haswell emulated by qemu (installed if missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PROSPECT_PORTABLE_DIR:-$root/build-portable}
"$root/tools/setup.sh"
if ! command -v qemu-x86_64 >/dev/null; then  # for the run on an emulated Intel CPU
  echo "installing qemu-user" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq qemu-user >/dev/null
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPROSPECT_ARCH=x86-64-v3 \
  -DPROSPECT_BUILD_TESTS=ON -DPROSPECT_BUILD_BENCHMARKS=OFF -DPROSPECT_BUILD_PYTHON=OFF \
  ${PROSPECT_WERROR:+-DPROSPECT_WERROR="$PROSPECT_WERROR"} >/dev/null
cmake --build "$build" -j"$(nproc)" --target prospect
# Only the command line is built: only the portable tests run.
ctest --test-dir "$build" -R '^portable: ' --no-tests=error --output-on-failure
