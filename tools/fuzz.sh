#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on) in build-fuzz/ (or $PROSPECT_FUZZ_DIR),
# writes their seeds, and runs each on one core, for a fixed number of
# executions (the same inputs on any machine, with a fixed seed) or for a
# time (exploration):
#   tools/fuzz.sh --runs N [TARGET...]
#   tools/fuzz.sh --seconds S [TARGET...]
# Targets: fuzz_options (INI text, --set, the command line), fuzz_h5_data
# (HDF5 files of every shape: the MNIST-1D loader, prospect info),
# fuzz_h5_bytes (damaged HDF5 files), fuzz_idx (IDX files, plain and gzip),
# fuzz_audio (audio files through libsndfile). Each starts from its seeds and
# from every input it ever failed on (tests/fuzz/regressions/<target>/, also
# run by the test suite). Inputs that fail are written to
# build-fuzz/artifacts/<target>/: once fixed, add them to the regressions.
# The corpus grows in build-fuzz/corpus/. PROSPECT_FUZZ_SEED fixes
# libFuzzer's random seed (CI: 1); unset, each run draws its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PROSPECT_FUZZ_DIR:-$root/build-fuzz}
usage() { echo "usage: tools/fuzz.sh --runs N | --seconds S [TARGET...]" >&2; exit 2; }
(($# >= 2)) && [[ $2 =~ ^[1-9][0-9]*$ ]] || usage
case $1 in
  --runs) limit=(-runs="$2") ;;
  --seconds) limit=(-max_total_time="$2") ;;
  *) usage ;;
esac
shift 2
targets=("$@")
((${#targets[@]})) || targets=(fuzz_options fuzz_h5_data fuzz_h5_bytes fuzz_idx fuzz_audio)

"$root/tools/setup.sh"
# libhdf5 has no frame pointers: the slow unwinder gives leak reports the
# whole stack, which the suppressions need.
export ASAN_OPTIONS=fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$root/tests/lsan_suppressions.txt
fuzzer_runtime=(/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a)
if ! command -v clang++ >/dev/null || [[ ! -f ${fuzzer_runtime[0]} ]]; then
  echo "installing clang and libFuzzer" >&2
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq clang libclang-rt-14-dev \
    libomp-14-dev >/dev/null
fi
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DPROSPECT_FUZZ=ON \
  -DPROSPECT_BUILD_TESTS=OFF -DPROSPECT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target make_seeds "${targets[@]}"
[[ -d $build/seeds ]] || "$build/tests/fuzz/make_seeds" "$build/seeds"

status=0
for target in "${targets[@]}"; do
  mkdir -p "$build/corpus/$target" "$build/artifacts/$target"
  echo "== $target: ${limit[0]#-}" >&2
  # -timeout: one input may take at most 10 s; -rss_limit_mb: a reader may not
  # take more than 2 GB; the last lines of libFuzzer's report go to the log.
  regressions=()
  [[ -d $root/tests/fuzz/regressions/$target ]] && regressions=("$root/tests/fuzz/regressions/$target")
  "$build/tests/fuzz/$target" "$build/corpus/$target" "$build/seeds/$target" "${regressions[@]}" \
    "${limit[@]}" -seed="${PROSPECT_FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$build/artifacts/$target/" -print_final_stats=1 \
    >"$build/$target.log" 2>&1 || { status=1; tail -40 "$build/$target.log" >&2; }
  grep -E "^(stat::number_of_executed_units|stat::new_units_added|Done)" "$build/$target.log" >&2 || true
done
exit $status
