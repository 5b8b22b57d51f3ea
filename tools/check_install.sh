#!/usr/bin/env bash
# Checks the installed C++ package: installs the built prospect into a
# temporary prefix (cmake --install), builds examples/cpp from a copy outside
# the checkout against that prefix alone, runs it and checks what it learned
# and wrote. Builds nothing of prospect itself: run after tools/build.sh (the
# build directory is build/ or $PROSPECT_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PROSPECT_BUILD_DIR:-$root/build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cp -r "$root/examples/cpp" "$work/example"
cmake -S "$work/example" -B "$work/example-build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
if grep -rqF "$root" "$work/example-build/CMakeFiles/gle_two_tone.dir"; then
  fail "the example's build refers to the source tree $root"
fi
cmake --build "$work/example-build" >/dev/null
"$work/example-build/gle_two_tone" "$work/two_tone.h5" | tee "$work/output.txt"

# The student learns the teacher's weights and its output error falls.
awk '/^output mse, first/ {first = $NF} /^output mse, last/ {last = $NF}
     /^learned weights/ {w1 = $3; w2 = $4}
     END {
       if (!(last < first / 100)) { print "output mse did not fall 100-fold: " first " -> " last; exit 1 }
       if (!((w1 - 1)^2 < 1e-4 && (w2 - 2)^2 < 1e-4)) { print "weights " w1 ", " w2 " are not the teacher'"'"'s 1, 2"; exit 1 }
     }' "$work/output.txt" >&2 || fail "the example did not learn"
# The file holds every recorded frame, as the installed command line reads it.
frames=$(awk '/^recorded frames/ {print $3}' "$work/output.txt")
"$work/prefix/bin/prospect" info "$work/two_tone.h5" > "$work/info.txt"
grep -q "student_output.*($frames, 8)" "$work/info.txt" ||
  fail "$work/two_tone.h5 has no student_output of $frames frames: $(cat "$work/info.txt")"
echo "check_install: the installed package builds and runs the example"
