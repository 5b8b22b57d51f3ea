#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-sanitize/ (or $PROSPECT_SANITIZE_DIR) and runs the [unit] tests, the
# command-line error tests and the Python module's property tests there: any
# memory error, leak or undefined behaviour ends the test that hit it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PROSPECT_SANITIZE_DIR:-$root/build-sanitize}
"$root/tools/setup.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPROSPECT_SANITIZE=ON \
  -DPROSPECT_BUILD_BENCHMARKS=OFF -DPROSPECT_BUILD_PYTHON=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
# libhdf5 has no frame pointers: the slow unwinder gives leak reports the
# whole stack, which the suppressions need.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1:fast_unwind_on_malloc=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan_suppressions.txt
cd "$build"
failed=0
for program in tests/test_*; do
  [[ -f $program && -x $program ]] || continue  # CTest's *.cmake lists sit beside them
  # One thread per test program, as under ctest.
  OMP_NUM_THREADS=1 "$program" "[unit]" --reporter compact 2>&1 | tail -3 || failed=1
done
# Tests that need a failed allocation to throw (label out_of_memory) are left
# out: AddressSanitizer ends the process instead.
ctest -R '^cli: ' -LE out_of_memory -j"$(nproc)" --output-on-failure || failed=1
# The instrumented module in Debian's python3, which is not: the sanitizer
# runtime has to be loaded first. Leaks are not checked there (the
# interpreter keeps its objects until exit, and frees few of them then).
# libstdc++ is preloaded too: ASan finds the C++ runtime's __cxa_throw when it
# starts, and python3 does not link it (the first exception would fail its
# CHECK). --capture=sys leaves descriptor 2 to the sanitizer's reports.
OMP_NUM_THREADS=1 PYTHONPATH=$build/python PROSPECT_CLI=$build/prospect PYTHONDONTWRITEBYTECODE=1 \
  LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libstdc++.so)" \
  ASAN_OPTIONS=${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0} \
  /usr/bin/python3 -m pytest -q -p no:cacheprovider --capture=sys \
  "$root/tests/python/test_properties.py" || failed=1
exit $failed
