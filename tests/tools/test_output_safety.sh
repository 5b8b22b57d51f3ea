#!/bin/bash
# No user file is destroyed: the overwrite policy, inputs given as the
# output, interrupts before and after the first checkpoint, write failures
# (a file size limit; a full tmpfs when this runs as root and may mount one),
# prospect phase on a file it cannot grow, and --resume checks (another
# task's file, a damaged file, changed data).
# Usage: tests/tools/test_output_safety.sh PATH/TO/prospect
set -euo pipefail
set -m  # background jobs get SIGINT as from a terminal

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
data_slice="$tools/../tests/data/mnist1d_40_slice.h5"

no_scratch_left() {
  ! compgen -G "$tmp/*.partial-*" >/dev/null || fail "scratch files left: $(ls "$tmp"/*.partial-*)"
}

short_chain=(run chain --quiet --set time.settle=1 --set time.train=1)
mnist=(run mnist1d --quiet --set data.file="$tmp/data.h5" --set steps_per_sample=40 --set batch=50)
cp "$data_slice" "$tmp/data.h5"

# --- overwrite policy -------------------------------------------------------
"$prospect" "${short_chain[@]}" -o "$tmp/run.h5" >/dev/null
before=$(md5sum <"$tmp/run.h5")
expect 1 "run.h5: exists; pass --overwrite" "$prospect" "${short_chain[@]}" -o "$tmp/run.h5"
! grep -q -- "--resume" "$tmp/err" || fail "the advice names --resume for chain, which cannot resume"
expect 1 "--resume to continue the run in it" "$prospect" "${mnist[@]}" -o "$tmp/run.h5"
[[ $(md5sum <"$tmp/run.h5") == "$before" ]] || fail "an existing file was changed without --overwrite"
"$prospect" "${short_chain[@]}" --set time.train=2 -o "$tmp/run.h5" --overwrite >/dev/null
[[ $(md5sum <"$tmp/run.h5") != "$before" ]] || fail "--overwrite did not replace the file"
expect 1 "--resume continues the output file; drop --overwrite" \
  "$prospect" run mnist1d --resume --overwrite -o "$tmp/run.h5"
expect 1 "is a directory, expected a file name" "$prospect" "${short_chain[@]}" -o "$tmp" --overwrite
expect 1 "the directory $tmp/no/such does not exist" "$prospect" "${short_chain[@]}" -o "$tmp/no/such/run.h5"
no_scratch_left

# --- an input given as the output, by any name ------------------------------
data_sum=$(md5sum <"$tmp/data.h5")
ln "$tmp/data.h5" "$tmp/hard.h5"
ln -s "$tmp/data.h5" "$tmp/soft.h5"
for output in "$tmp/data.h5" "$tmp/./data.h5" "$tmp/hard.h5" "$tmp/soft.h5"; do
  expect 1 "is the MNIST-1D data file of this run" "$prospect" "${mnist[@]}" -o "$output" --overwrite
done
[[ $(md5sum <"$tmp/data.h5") == "$data_sum" ]] || fail "the data file was changed"
printf 'epochs = 1\n' >"$tmp/config.ini"
expect 1 "is the configuration file of this run" \
  "$prospect" "${mnist[@]}" --config "$tmp/config.ini" -o "$tmp/config.ini" --overwrite
[[ $(cat "$tmp/config.ini") == "epochs = 1" ]] || fail "the configuration file was changed"
expect 1 "is a directory, expected a configuration (INI) file" "$prospect" "${short_chain[@]}" --config "$tmp"
no_scratch_left

# --- interrupts ---------------------------------------------------------------
# run_until_line FILE COMMAND...: starts COMMAND in the background, its stdout
# in FILE, and waits until FILE has a line (the run is past its start-up).
run_until_line() {
  local out=$1
  shift
  "$@" >"$out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 600); do
    [[ -s $out ]] && return
    sleep 0.1
  done
  fail "no output from $*"
}
slow=(run mnist1d --set data.file="$tmp/data.h5" --set steps_per_sample=4000 --set batch=50)

# Before the first checkpoint: the file given to --overwrite is left as it was.
before=$(md5sum <"$tmp/run.h5")
for signal in INT TERM; do
  run_until_line "$tmp/out" "$prospect" "${slow[@]}" -o "$tmp/run.h5" --overwrite
  kill -$signal $pid
  status=0
  wait $pid || status=$?
  [[ $signal == INT ]] && want=130 || want=143
  [[ $status -eq $want ]] || fail "SIG$signal: exit $status, expected $want"
  grep -qF "stopped by SIG$signal at mnist1d step" "$tmp/err" || fail "SIG$signal: no message"
  grep -qF "run.h5: left as it was" "$tmp/err" || fail "SIG$signal: no word on the output"
  [[ $(md5sum <"$tmp/run.h5") == "$before" ]] || fail "SIG$signal changed the file before a checkpoint"
done
no_scratch_left

# After a checkpoint: a readable file with it, and how to resume.
fast=(run mnist1d --set data.file="$tmp/data.h5" --set steps_per_sample=200 --set batch=50 --set epochs=30)
run_until_line "$tmp/epochs" "$prospect" "${fast[@]}" -o "$tmp/interrupted.h5"
for _ in $(seq 600); do
  [[ -f $tmp/interrupted.h5 ]] && break
  sleep 0.1
done
kill -INT $pid
status=0
wait $pid || status=$?
[[ $status -eq 130 ]] || fail "SIGINT after a checkpoint: exit $status"
grep -qF "interrupted.h5: holds the run up to its last checkpoint, after epoch" "$tmp/err" \
  || fail "no checkpoint named"
grep -qF "continue with: prospect run mnist1d --resume --output $tmp/interrupted.h5" "$tmp/err" \
  || fail "no resume command"
"$python" -c "import h5py, sys; f = h5py.File(sys.argv[1], 'r'); f['checkpoint/epochs_done'][0]" \
  "$tmp/interrupted.h5" || fail "the interrupted run's file is not readable"
"$prospect" run mnist1d --quiet --resume -o "$tmp/interrupted.h5" --set epochs=3 >/dev/null
no_scratch_left

# --- write failures: a file size limit (as a full disk) -------------------------
"$prospect" "${short_chain[@]}" --set record.every=1 -o "$tmp/big.h5" >/dev/null
big_sum=$(md5sum <"$tmp/big.h5")
status=0
(trap '' XFSZ; ulimit -f 200; exec "$prospect" "${short_chain[@]}" --set time.train=20 \
  --set record.every=1 -o "$tmp/big.h5" --overwrite) >/dev/null 2>"$tmp/err" || status=$?
[[ $status -eq 1 ]] || fail "a write past the size limit: exit $status, expected 1"
grep -qF "big.h5: cannot" "$tmp/err" && grep -qF "File too large" "$tmp/err" \
  || fail "the write failure does not name the file and the reason"
[[ $(md5sum <"$tmp/big.h5") == "$big_sum" ]] || fail "a failed write changed the previous file"
no_scratch_left

# prospect phase cannot grow the run file: it stays as it was.
phase=(phase "$tmp/big.h5" --signal trajectories/gle/layer1/e --reference trajectories/input)
size_kb=$(( $(stat -c %s "$tmp/big.h5") / 1024 + 1 ))
status=0
(trap '' XFSZ; ulimit -f $size_kb; exec "$prospect" "${phase[@]}") >/dev/null 2>"$tmp/err" || status=$?
[[ $status -eq 1 ]] || fail "phase past the size limit: exit $status"
grep -qF "big.h5" "$tmp/err" || fail "phase failure does not name the file"
[[ $(md5sum <"$tmp/big.h5") == "$big_sum" ]] || fail "a failed phase changed the run file"
"$prospect" "${phase[@]}" >/dev/null  # without the limit it adds its spectra
"$prospect" info "$tmp/big.h5" >"$tmp/info"
grep -qF "/spectra/" "$tmp/info" || fail "phase wrote no spectra"
no_scratch_left

# A resume whose copy of the run file does not fit: the run file stays as it
# was and no scratch file is left.
resume_sum=$(md5sum <"$tmp/interrupted.h5")
status=0
(trap '' XFSZ; ulimit -f $(( $(stat -c %s "$tmp/interrupted.h5") / 2048 )); exec "$prospect" \
  run mnist1d --quiet --resume -o "$tmp/interrupted.h5" --set epochs=4) >/dev/null 2>"$tmp/err" \
  || status=$?
[[ $status -eq 1 ]] || fail "a resume past the size limit: exit $status, expected 1"
grep -qF "interrupted.h5" "$tmp/err" && grep -qF "File too large" "$tmp/err" \
  || fail "the failed copy does not name the file and the reason"
[[ $(md5sum <"$tmp/interrupted.h5") == "$resume_sum" ]] || fail "a failed resume changed the run file"
no_scratch_left

# A full file system, where one can be mounted (root, outside most containers).
full="$tmp/full"
mkdir "$full"
if mount -t tmpfs -o size=600k tmpfs "$full" 2>/dev/null; then
  trap 'umount "$full" 2>/dev/null || true; rm -rf "$tmp"' EXIT
  "$prospect" "${short_chain[@]}" --set record.every=10 -o "$full/run.h5" >/dev/null
  run_sum=$(md5sum <"$full/run.h5")
  expect 1 "No space left on device" "$prospect" "${short_chain[@]}" --set time.train=30 \
    --set record.every=1 -o "$full/run.h5" --overwrite
  [[ $(md5sum <"$full/run.h5") == "$run_sum" ]] || fail "a full disk changed the previous file"
  # Room for less than a copy of the run file.
  available=$(df --output=avail -B1 "$full" | tail -1)
  head -c $((available - $(stat -c %s "$full/run.h5") + 32768)) /dev/zero >"$full/filler"
  expect 1 "not enough free space in $full to update it safely" \
    "$prospect" phase "$full/run.h5" --signal trajectories/gle/layer1/e --reference trajectories/input
  [[ $(md5sum <"$full/run.h5") == "$run_sum" ]] || fail "phase on a full disk changed the run file"
  [[ -z $(find "$full" -name '*.partial-*') ]] || fail "scratch files left on the full disk"
  umount "$full"
  trap 'rm -rf "$tmp"' EXIT
else
  echo "(no tmpfs mount here: the full-disk part is covered by the size limit above)"
fi

# --- resume checks ------------------------------------------------------------
expect 1 "made by task 'chain', not 'mnist1d'" "$prospect" run mnist1d --resume -o "$tmp/run.h5"
head -c 3000 "$tmp/interrupted.h5" >"$tmp/damaged.h5"
expect 1 "damaged.h5" "$prospect" run mnist1d --resume -o "$tmp/damaged.h5"
expect 1 "damaged.h5" "$prospect" info "$tmp/damaged.h5"
expect 1 "no run file to resume" "$prospect" run mnist1d --resume -o "$tmp/none.h5"

# Changed data: refused, unless --allow-changed-data.
"$prospect" "${mnist[@]}" --set epochs=1 -o "$tmp/fingerprinted.h5" >/dev/null
"$python" - "$tmp/data.h5" <<'PY'
import sys
import h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["x"][0, 0] += 1.0
PY
expect 1 "cannot resume: the data differ from the run's" \
  "$prospect" run mnist1d --resume -o "$tmp/fingerprinted.h5" --set epochs=2
grep -qF "MNIST-1D data ($tmp/data.h5)" "$tmp/err" || fail "the changed data are not named"
"$prospect" run mnist1d --quiet --resume --allow-changed-data -o "$tmp/fingerprinted.h5" \
  --set epochs=2 >/dev/null 2>"$tmp/err"
grep -qF "warning: resuming with changed data" "$tmp/err" || fail "no warning on changed data"
no_scratch_left

echo "output safety: ok"
