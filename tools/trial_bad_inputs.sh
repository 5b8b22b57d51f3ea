#!/usr/bin/env bash
# The bad-input and fault trial of docs/robustness.md: runs prospect on
# malformed option values (every numeric option of every task given 'abc'
# and 'nan'), damaged and misused files, interrupts, write failures and
# divergence, and sorts every case into
#   error    exit status != 0 with an "error: ..." line (or the interrupt
#            line), and no file it must keep was changed
#   crash    a signal, an abort, a sanitizer report, an uncaught exception,
#            or an exit != 0 without a message
#   silent   exit 0 where the input was bad, or a file it must keep changed
#   hung     still running after 60 s
# and, for the few cases that must succeed, ok / failed.
# Usage: tools/trial_bad_inputs.sh PATH/TO/prospect [REPORT.tsv]
# Prints one line per case (outcome, case, last stderr line) and the counts;
# exits 1 when any case crashed, hung or was silent.
set -uo pipefail
set -m  # background jobs get SIGINT as from a terminal
report=${2:-/dev/null}
source "$(dirname "${BASH_SOURCE[0]}")/../tests/tools/setup.sh" "$1"
slice="$tools/../tests/data/mnist1d_40_slice.h5"
images="$tools/../tests/data/mnist_100"
cp "$slice" "$tmp/data.h5"
write_tone_corpus "$tmp/fsdd"
declare -A counts=()
: >"$report"

# Overrides that keep an accepted run short, given before the bad value.
declare -A short=(
  [chain]="time.settle=1 time.train=1"
  [mnist1d]="data.file=$tmp/data.h5 epochs=1 steps_per_sample=40 batch=50"
  [small_network]="time.train=50"
  [mackey_glass]="windows=1 epochs=1"
  [transfer]="sweep.points=3"
  [ep]="data.dir=$images data.train_samples=40 data.test_samples=20 network.widths=784,32,10
        batch=10 epochs=1 record.samples=0 gdu.samples=0"
  [shunting]="data.dir=$images network.somata=4 network.k_exc=20 network.k_inh=10 batch=16
              epochs=1 record.samples=0 diagnostics.every=0"
  [speech]="data.dir=$tmp/fsdd data.cache= data.seconds=0.2 data.validation_below=6 interpolation=2
            network.hidden_layers=1 network.populations=4 batch=2 epochs=1"
)

record() {  # record OUTCOME NAME
  counts[$1]=$((${counts[$1]:-0} + 1))
  local last
  # The error line if there is one, else the last line.
  last=$(grep -m1 -E '^(error: |prospect: )' "$tmp/err" || grep -v '^\s*$' "$tmp/err" | tail -1)
  last=${last:0:150}
  printf '%-7s %s | %s\n' "$1" "$2" "$last"
  printf '%s\t%s\t%s\n' "$1" "$2" "$last" >>"$report"
}

# classify NAME STATUS [KEEP_FILE KEEP_SUM]: a case that must fail.
classify() {
  local name=$1 status=$2
  if grep -qE 'terminate called|Segmentation|Aborted|AddressSanitizer|runtime error:|LeakSanitizer|Traceback' "$tmp/err" \
      || { [[ $status -ge 128 && $status -ne 130 && $status -ne 143 ]]; }; then
    record crash "$name"
  elif [[ $status -eq 124 ]]; then
    record hung "$name"
  elif [[ -n ${3:-} && $(md5sum <"$3" 2>/dev/null) != "$4" ]]; then
    record silent "$name (changed $3)"
  elif [[ $status -eq 0 ]]; then
    record silent "$name"
  elif grep -qE '^(error: |prospect: stopped by )' "$tmp/err"; then
    record error "$name"
  else
    record crash "$name (no message)"
  fi
}

# bad NAME COMMAND...: prospect COMMAND must fail with a message.
bad() {
  local name=$1 status=0
  shift
  timeout -s KILL 60 "$prospect" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
  [[ $status -eq 137 ]] && status=124
  classify "$name" "$status"
}

# keeps NAME FILE COMMAND...: fails with a message and leaves FILE as it was.
keeps() {
  local name=$1 file=$2 status=0 sum
  shift 2
  sum=$(md5sum <"$file")
  timeout -s KILL 60 "$prospect" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
  [[ $status -eq 137 ]] && status=124
  classify "$name" "$status" "$file" "$sum"
}

# good NAME COMMAND...: must succeed.
good() {
  local name=$1 status=0
  shift
  timeout -s KILL 60 "$prospect" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
  if [[ $status -eq 0 ]]; then record ok "$name"; else record failed "$name (exit $status)"; fi
}

with_short() {  # prints --set arguments for a task's short run, one per line
  local assignment
  for assignment in ${short[$1]}; do printf -- '--set\n%s\n' "$assignment"; done
}

# --- every numeric option of every task: 'abc' and 'nan' --------------------
while read -r task key default; do
  [[ $default =~ ^-?[0-9.eE+-]+(,|$) ]] || continue
  mapfile -t shortening < <(with_short "$task")
  for value in abc nan; do
    bad "option $task $key=$value" run "$task" --quiet -o "$tmp/o.h5" --overwrite \
      "${shortening[@]}" --set "$key=$value"
  done
done < <("$prospect" list | awk '/^[a-z0-9_]+: /{task=substr($1, 1, length($1) - 1)}
                                 /^  [a-z]/{print task, $1, $3}')

# --- command line --------------------------------------------------------------
bad "unknown command" frobnicate
bad "unknown task" run nosuchtask
bad "unknown flag" run chain --nosuchflag
bad "unknown key" run chain --set no.such.key=1
bad "--set without =" run chain --set time.train
bad "--set with a line break" run chain --set $'time.train=1\n2'
bad "--set with #" run chain --set 'time.train=1#2'
bad "--seed -1" run chain --seed -1
bad "--seed text" run chain --seed x
bad "--threads 0" run chain --threads 0
bad "--threads 100000" run chain --threads 100000
bad "absurd batch (allocation)" run chain --quiet -o "$tmp/o.h5" --overwrite --set time.train=1 \
  --set batch=100000000000
bad "time.train overflows a step count" run chain --quiet -o "$tmp/o.h5" --overwrite --set time.train=1e300
bad "metrics.window shorter than dt" run chain --quiet -o "$tmp/o.h5" --overwrite --set time.settle=1 \
  --set time.train=1 --set metrics.window=0.001
bad "am.window shorter than dt" run small_network --quiet -o "$tmp/o.h5" --overwrite --set am.window=0.0001
bad "info without a file" info
bad "phase without a file" phase

# --- configuration files ----------------------------------------------------------
printf 'time.train = 1\n' >"$tmp/config.ini"
bad "--config a directory" run chain --config "$tmp"
bad "--config missing" run chain --config "$tmp/none.ini"
head -c 300 /dev/urandom >"$tmp/garbage.ini"
bad "--config random bytes" run chain --config "$tmp/garbage.ini"
printf '[time]\ntrain = abc\n' >"$tmp/bad_value.ini"
bad "--config bad value" run chain --config "$tmp/bad_value.ini"
printf '[nosuch]\nkey = 1\n' >"$tmp/bad_key.ini"
bad "--config unknown key" run chain --config "$tmp/bad_key.ini"
printf 'time.train = 1\ntime.train = 2\n' >"$tmp/twice.ini"
bad "--config a key twice" run chain --config "$tmp/twice.ini"

# --- outputs: existing files, inputs, places that cannot be written -------------
"$prospect" run chain --quiet --set time.settle=1 --set time.train=1 -o "$tmp/run.h5" >/dev/null 2>&1
keeps "-o an existing run without --overwrite" "$tmp/run.h5" run chain --quiet -o "$tmp/run.h5"
keeps "-o the config file" "$tmp/config.ini" run chain --config "$tmp/config.ini" -o "$tmp/config.ini" \
  --overwrite
keeps "-o the data file" "$tmp/data.h5" run mnist1d --set data.file="$tmp/data.h5" -o "$tmp/data.h5" --overwrite
ln -s "$tmp/data.h5" "$tmp/link.h5"
keeps "-o a symbolic link to the data file" "$tmp/data.h5" run mnist1d --set data.file="$tmp/data.h5" \
  -o "$tmp/link.h5" --overwrite
ln "$tmp/data.h5" "$tmp/hard.h5"
keeps "-o a hard link to the data file" "$tmp/data.h5" run mnist1d --set data.file="$tmp/data.h5" \
  -o "$tmp/hard.h5" --overwrite
keeps "-o the data file as ./x/../x" "$tmp/data.h5" run mnist1d --set data.file="$tmp/data.h5" \
  -o "$tmp/fsdd/../data.h5" --overwrite
bad "-o a directory" run chain --quiet -o "$tmp" --overwrite
bad "-o in a missing directory" run chain --quiet -o "$tmp/no/such/run.h5"
mkdir -p "$tmp/readonly" && chmod 555 "$tmp/readonly"
if [[ $(id -u) -ne 0 ]]; then
  bad "-o in a read-only directory" run chain --quiet -o "$tmp/readonly/run.h5" --set time.settle=1 \
    --set time.train=1
fi
# A file size limit stands in for a full disk (SIGXFSZ ignored, so a write
# fails with EFBIG as one fails with ENOSPC); the previous file must survive.
cp "$tmp/run.h5" "$tmp/full.h5"
sum=$(md5sum <"$tmp/full.h5")
status=0
(trap '' XFSZ; ulimit -f 64; exec timeout 60 "$prospect" run chain --quiet -o "$tmp/full.h5" --overwrite \
  --set time.settle=1 --set time.train=100 --set record.every=1) >"$tmp/out" 2>"$tmp/err" || status=$?
classify "disk full (file size limit) with --overwrite" "$status" "$tmp/full.h5" "$sum"
status=0
(trap '' XFSZ; ulimit -f 64; exec timeout 120 "$prospect" run mnist1d --quiet -o "$tmp/full_mnist.h5" \
  --set data.file="$tmp/data.h5" --set epochs=3 --set steps_per_sample=40 --set batch=50) \
  >"$tmp/out" 2>"$tmp/err" || status=$?
classify "disk full during a training run" "$status"

# --- data files ----------------------------------------------------------------------
data_case() {  # data_case NAME PYTHON: the slice changed by PYTHON (f = h5py file) as data.file
  cp "$slice" "$tmp/case.h5"
  "$python" - "$tmp/case.h5" <<PY
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r+")
$2
f.close()
PY
  bad "data: $1" run mnist1d --quiet -o "$tmp/o.h5" --overwrite --set data.file="$tmp/case.h5" \
    --set epochs=1 --set steps_per_sample=40 --set batch=50
}
data_case "x missing" 'del f["x"]'
data_case "y missing" 'del f["y"]'
data_case "x a group" 'del f["x"]; f.create_group("x")'
data_case "y a group" 'del f["y"]; f.create_group("y")'
data_case "x strings" 'del f["x"]; f["x"] = np.array([b"a", b"b"])'
data_case "x a dangling link" 'del f["x"]; f["x"] = h5py.SoftLink("/nowhere")'
data_case "x with a NaN" 'x = f["x"][...]; x[3, 4] = np.nan; del f["x"]; f["x"] = x'
data_case "x with an infinity" 'x = f["x"][...]; x[0, 0] = np.inf; del f["x"]; f["x"] = x'
data_case "y fractional" 'y = f["y"][...].astype("f8"); y[5] = 2.5; del f["y"]; f["y"] = y'
data_case "y negative" 'y = f["y"][...]; y[1] = -1; del f["y"]; f["y"] = y'
data_case "y beyond the classes" 'y = f["y"][...]; y[1] = 1000000; del f["y"]; f["y"] = y'
data_case "y shorter than x" 'y = f["y"][...]; del f["y"]; f["y"] = y[:-3]'
data_case "x 1-D" 'x = f["x"][...]; del f["x"]; f["x"] = x.ravel()'
data_case "x 3-D" 'x = f["x"][...]; del f["x"]; f["x"] = x[:, :, None]'
data_case "x empty" 'x = f["x"][...]; del f["x"]; f["x"] = x[:0]'
data_case "x_test missing" 'del f["x_test"]'
cp "$slice" "$tmp/cut.h5" && truncate -s 5000 "$tmp/cut.h5"
bad "data: a cut HDF5 file" run mnist1d --quiet -o "$tmp/o.h5" --overwrite --set data.file="$tmp/cut.h5"
head -c 20000 /dev/urandom >"$tmp/random.h5"
bad "data: random bytes" run mnist1d --quiet -o "$tmp/o.h5" --overwrite --set data.file="$tmp/random.h5"
bad "data: a directory" run mnist1d --quiet -o "$tmp/o.h5" --overwrite --set data.file="$tmp"
bad "data: missing" run mnist1d --quiet -o "$tmp/o.h5" --overwrite --set data.file="$tmp/none.h5"
: >"$tmp/empty.h5"
bad "data: an empty file" run mnist1d --quiet -o "$tmp/o.h5" --overwrite --set data.file="$tmp/empty.h5"

speech_case() {  # speech_case NAME: the tone corpus in $tmp/corpus as speech data
  bad "speech: $1" run speech --quiet -o "$tmp/o.h5" --overwrite --set data.dir="$tmp/corpus" \
    --set data.cache= --set data.seconds=0.2 --set data.validation_below=6 --set interpolation=2 \
    --set network.hidden_layers=1 --set network.populations=4 --set batch=2 --set epochs=1
}
fresh_corpus() { rm -rf "$tmp/corpus"; cp -r "$tmp/fsdd" "$tmp/corpus"; }
fresh_corpus; truncate -s 1000 "$tmp/corpus/0_ann_3.wav"; speech_case "a WAV file cut short"
fresh_corpus; truncate -s 20 "$tmp/corpus/0_ann_3.wav"; speech_case "a WAV file cut inside its header"
fresh_corpus; head -c 3244 /dev/urandom >"$tmp/corpus/0_ann_3.wav"; speech_case "a WAV file of random bytes"
fresh_corpus; : >"$tmp/corpus/1_ann_2.wav"; speech_case "an empty WAV file"
fresh_corpus; rm "$tmp/corpus"/*; speech_case "an empty directory"
bad "speech: a missing directory" run speech --quiet -o "$tmp/o.h5" --overwrite --set data.dir="$tmp/none"

# --- run files: info, phase, --resume ----------------------------------------------------
cp "$tmp/run.h5" "$tmp/cut_run.h5" && truncate -s 3000 "$tmp/cut_run.h5"
bad "info: a cut run file" info "$tmp/cut_run.h5"
bad "info: random bytes" info "$tmp/random.h5"
bad "info: a directory" info "$tmp"
bad "info: missing" info "$tmp/none.h5"
bad "info: an empty file" info "$tmp/empty.h5"
"$prospect" run mnist1d --quiet -o "$tmp/m.h5" --set data.file="$tmp/data.h5" --set epochs=1 \
  --set steps_per_sample=40 --set batch=50 >/dev/null 2>&1
cp "$tmp/data.h5" "$tmp/data_copy.h5"
keeps "resume: another task's file" "$tmp/run.h5" run mnist1d --resume -o "$tmp/run.h5"
keeps "resume: a non-resumable task" "$tmp/run.h5" run chain --resume -o "$tmp/run.h5"
bad "resume: a cut file" run mnist1d --resume -o "$tmp/cut_run.h5"
bad "resume: random bytes" run mnist1d --resume -o "$tmp/random.h5"
bad "resume: missing" run mnist1d --resume -o "$tmp/none.h5"
keeps "resume: with --config" "$tmp/m.h5" run mnist1d --resume -o "$tmp/m.h5" --config "$tmp/config.ini"
keeps "resume: with --overwrite" "$tmp/m.h5" run mnist1d --resume --overwrite -o "$tmp/m.h5"
"$python" -c "import h5py,sys; f=h5py.File(sys.argv[1],'r+'); f['x'][0,0] += 1" "$tmp/data.h5"
keeps "resume: the data file changed" "$tmp/m.h5" run mnist1d --resume -o "$tmp/m.h5" --set epochs=2
cp "$tmp/data_copy.h5" "$tmp/data.h5"
bad "--allow-changed-data without --resume" run chain --allow-changed-data
keeps "phase: a signal that is a group" "$tmp/run.h5" phase "$tmp/run.h5" --signal trajectories \
  --reference trajectories
keeps "phase: a missing signal" "$tmp/run.h5" phase "$tmp/run.h5" --signal no/such --reference no/such
bad "phase: random bytes" phase "$tmp/random.h5" --signal x --reference y

# --- interrupts and divergence ---------------------------------------------------------------
interrupt_case() {  # interrupt_case SIGNAL AFTER_SECONDS
  local status=0
  rm -f "$tmp/int.h5"
  timeout 120 "$prospect" run mnist1d --quiet -o "$tmp/int.h5" --set data.file="$tmp/data.h5" \
    --set epochs=100000 --set steps_per_sample=40 --set batch=50 >"$tmp/out" 2>"$tmp/err" &
  local pid=$!
  sleep "$2"
  kill -s "$1" "$pid" 2>/dev/null
  wait "$pid" || status=$?
  classify "$1 after $2 s" "$status"
  if [[ -f $tmp/int.h5 ]] && ! "$prospect" info "$tmp/int.h5" >/dev/null 2>&1; then
    record silent "$1 after $2 s left an unreadable file"
  fi
}
for after in 0.2 1 3; do
  interrupt_case INT "$after"
  interrupt_case TERM "$after"
done
rm -f "$tmp/kill.h5"
"$prospect" run mnist1d --quiet -o "$tmp/kill.h5" --set data.file="$tmp/data.h5" --set epochs=100000 \
  --set steps_per_sample=40 --set batch=50 >/dev/null 2>&1 &
pid=$!
sleep 3
kill -KILL "$pid"
wait "$pid" 2>/dev/null
done_epochs=$("$python" -c "import h5py, sys; print(int(h5py.File(sys.argv[1])['checkpoint/epochs_done'][0]))" \
  "$tmp/kill.h5" 2>/dev/null)
if [[ -n $done_epochs ]]; then
  good "SIGKILL, then --resume" run mnist1d --quiet --resume -o "$tmp/kill.h5" --set epochs=$((done_epochs + 1))
elif [[ ! -e $tmp/kill.h5 ]]; then
  : >"$tmp/err"
  record ok "SIGKILL before the first checkpoint: no file at the path"
else
  record silent "SIGKILL left $tmp/kill.h5 without a checkpoint"
fi

diverges() {  # diverges TASK --set ...: must end with exit status 3
  local task=$1 status=0
  shift
  mapfile -t shortening < <(with_short "$task")
  timeout 120 "$prospect" run "$task" --quiet -o "$tmp/div.h5" --overwrite "${shortening[@]}" "$@" \
    >"$tmp/out" 2>"$tmp/err" || status=$?
  if [[ $status -eq 3 ]]; then record error "divergence: $task"; else classify "divergence: $task (exit $status)" "$((status == 0 ? 0 : 1))"; fi
}
diverges chain --set optimizer.kind=sgd --set optimizer.lr=1e6 --set time.train=20
diverges mnist1d --set optimizer.lr=1e6 --set epochs=2
diverges small_network --set network.activation=linear --set gle.lr=1e37
diverges mackey_glass --set optimizer.lr=1e37 --set epochs=2
diverges transfer --set adaptation.gamma_u=1e30 --set adaptation.gamma_i=1
diverges speech --set network.tau_m=1 --set network.tau_r=1 --set optimizer.lr=1e30
diverges ep --set optimizer.lrs=1e38,1e38 --set epochs=2
diverges shunting --set lr.synapses=1e38 --set epochs=2

# --- whole numbers, sizes and options a mode ignores (issue 29's classes) ------------------------
# task_case NAME TASK KEY=VALUE...: the task's short run with these overrides must fail.
task_case() {
  local name=$1 task=$2 assignment
  shift 2
  mapfile -t shortening < <(with_short "$task")
  local sets=()
  for assignment in "$@"; do sets+=(--set "$assignment"); done
  bad "$name" run "$task" --quiet -o "$tmp/o.h5" --overwrite "${shortening[@]}" "${sets[@]}"
}
for value in 1e30 4.5 -4 4,,4 4, '4 4' 99999999999999999999 0x10 10000000000; do
  task_case "list: shunting network.somata=$value" shunting "network.somata=$value"
done
for value in 3,0.5 3,1e20 3,-1 3,; do
  task_case "list: shunting network.branch_factors=$value" shunting "network.branch_factors=$value"
done
for value in 784,1e30,10 784,32.5,10 784,-32,10 784,,10 '784 32 10' 784,100000000000,10 784,1e3,10; do
  task_case "list: ep network.widths=$value" ep "network.widths=$value"
done
for value in 4,1e30 4.5,4 -4,4 100000000000,4; do
  task_case "list: speech network.populations=$value" speech "network.populations=$value" \
    network.tau_m=1,1 network.tau_r=1,1
done
task_case "list: mackey_glass network.populations=47,1e40" mackey_glass network.populations=47,1e40
synthetic_case() {  # synthetic_case NAME KEY=VALUE...: a short info_shunting run must fail
  local name=$1 assignment
  shift
  local sets=()
  for assignment in "$@"; do sets+=(--set "$assignment"); done
  bad "$name" run shunting --quiet -o "$tmp/o.h5" --overwrite --set data.set=info_shunting \
    --set network.somata=4 --set network.k_exc=5 --set network.k_inh=2 --set batch=16 --set epochs=1 \
    --set record.samples=0 --set diagnostics.every=0 "${sets[@]}"
}
for value in 8000,1e3,1000 8000,-1,1000 8000,1000 8000,1000,1000.5; do
  synthetic_case "list: shunting data.synthetic_samples=$value" "data.synthetic_samples=$value"
done
task_case "integer: chain batch=1e3" chain batch=1e3
task_case "integer: mnist1d data.points beyond an int" mnist1d data.file= data.points=3000000000
task_case "integer: mnist1d scheduler.patience beyond an int" mnist1d scheduler.patience=99999999999
task_case "integer: speech data.validation_below beyond an int" speech data.validation_below=3000000000 \
  network.tau_m=1 network.tau_r=1
task_case "integer: mnist1d data.seed=-1" mnist1d data.file= data.seed=-1
task_case "integer: shunting network.k_exc=1e1" shunting network.k_exc=1e1
task_case "memory: shunting network.somata=100000000" shunting network.somata=100000000
task_case "memory: speech network.hidden_layers=1000000000000" speech network.hidden_layers=1000000000000 \
  network.tau_m=1 network.tau_r=1

task_case "mode: ep integrator.stepper with the reference scheme" ep integrator.stepper=rk4
task_case "mode: ep integrator.tolerance with the reference scheme" ep integrator.tolerance=1e-3
task_case "mode: ep network.tau with the reference scheme" ep network.tau=2
task_case "mode: ep network.basal_branches with ep_mlp" ep network.basal_branches=4
task_case "mode: ep network.sparsity with ep_mlp" ep network.sparsity=0.25
task_case "mode: ep optimizer.momentum with adam" ep optimizer=adam optimizer.momentum=0.5
task_case "mode: shunting integrator.stepper, steady state, no recording" shunting integrator.stepper=euler
task_case "mode: shunting data.side with mnist" shunting data.side=10
synthetic_case "mode: shunting data.side with info_shunting" data.side=10
synthetic_case "mode: shunting data.split with info_shunting" data.split=0.5
synthetic_case "mode: shunting data.dir with info_shunting" data.dir="$images"
task_case "mode: mnist1d data.points with a data file" mnist1d data.points=100
task_case "mode: chain integrator.stepper with the reference scheme" chain integrator.stepper=euler
task_case "mode: mackey_glass integrator.stepper with the reference scheme" mackey_glass \
  integrator.scheme=reference integrator.stepper=euler
task_case "mode: speech data.version with fsdd" speech data.version=v0.01
task_case "mode: speech data.unknown_fraction with fsdd" speech data.unknown_fraction=0.5

# A setting of a feature the run switches off: the run works and says so.
warns() {  # warns NAME TASK KEY=VALUE...
  local name=$1 task=$2 assignment status=0
  shift 2
  mapfile -t shortening < <(with_short "$task")
  local sets=()
  for assignment in "$@"; do sets+=(--set "$assignment"); done
  timeout -s KILL 60 "$prospect" run "$task" --quiet -o "$tmp/o.h5" --overwrite "${shortening[@]}" \
    "${sets[@]}" >"$tmp/out" 2>"$tmp/err" </dev/null || status=$?
  if [[ $status -eq 0 ]] && grep -q "^warning: key '${name##* }" "$tmp/err"; then
    record ok "$name"
  else
    record failed "$name (exit $status, no warning)"
  fi
}
warns "switched off: ep record.every" ep record.every=2
warns "switched off: ep gdu.beta" ep gdu.beta=0.2
warns "switched off: shunting diagnostics.samples" shunting diagnostics.samples=10
warns "switched off: mnist1d noise.rate_points" mnist1d noise.rate_points=10

# Checks that need the data run before training (a run of 100000 epochs would hang).
task_case "before training: shunting record.samples beyond the test samples" shunting \
  data.test_samples=10 record.samples=11 epochs=100000
task_case "before training: ep widths against the images" ep network.widths=100,32,10 epochs=100000
task_case "before training: ep record.samples beyond the test samples" ep data.test_samples=10 \
  record.samples=11 epochs=100000

# --- data whose shape is not the network's ----------------------------------------------------
idx_case() {  # idx_case NAME PYTHON: mnist_100 as IDX files changed by PYTHON (x, y: train; xt, yt: test)
  rm -rf "$tmp/idx" && mkdir -p "$tmp/idx"
  "$python" - "$images" "$tmp/idx" <<PY
import gzip, struct, sys, numpy as np
src, dst = sys.argv[1:]
def read(name):
    data = gzip.open(f"{src}/{name}.gz").read()
    dims = data[3]
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data[4 + 4 * dims:], np.uint8).reshape(shape)
def write(name, a):
    open(f"{dst}/{name}", "wb").write(bytes([0, 0, 8, a.ndim]) + struct.pack(">" + "I" * a.ndim, *a.shape) + a.tobytes())
x, y = read("train-images-idx3-ubyte"), read("train-labels-idx1-ubyte")
xt, yt = read("t10k-images-idx3-ubyte"), read("t10k-labels-idx1-ubyte")
$2
for name, a in [("train-images-idx3-ubyte", x), ("train-labels-idx1-ubyte", y),
                ("t10k-images-idx3-ubyte", xt), ("t10k-labels-idx1-ubyte", yt)]:
    write(name, a)
PY
  for task in ep shunting; do
    task_case "data: $1 ($task)" "$task" data.dir="$tmp/idx" data.train_samples=0 data.test_samples=0
  done
}
idx_case "no test images" 'xt, yt = xt[:0], yt[:0]'
idx_case "no training images" 'x, y = x[:0], y[:0]'
idx_case "images with 4 dimensions" 'x = x.reshape(x.shape[0], 28, 28, 1); xt = xt.reshape(xt.shape[0], 28, 28, 1)'
idx_case "labels with 2 dimensions" 'y = y.reshape(-1, 1)'
idx_case "images of 27 x 28 pixels" 'x = x[:, :27, :]; xt = xt[:, :27, :]'

# --- sweeps, results and overwriting ---------------------------------------------------------------
sweep_ini() {  # sweep_ini FILE OUTPUT NAME_PATTERN: two short mnist1d runs
  cat >"$1" <<INI
epochs = 1
steps_per_sample = 40
batch = 50
[data]
file = $tmp/data.h5
[sweep]
task = mnist1d
output = $2
name = $3
[axes]
seed = 1..2
INI
}
sweep_ini "$tmp/slow.ini" "$tmp/sweep" "run{seed}"
sed -i 's/^epochs = 1$/epochs = 100000/' "$tmp/slow.ini"
"$prospect" sweep "$tmp/slow.ini" >/dev/null 2>&1 &
first=$!
for _ in $(seq 50); do [[ -e $tmp/sweep/sweep.lock ]] && break; sleep 0.1; done
bad "sweep: a second sweep on the same directory" sweep "$tmp/slow.ini"
kill -KILL -- -"$first" 2>/dev/null  # the sweep and its run: a job of its own (set -m)
wait "$first" 2>/dev/null
sweep_ini "$tmp/named.ini" "$tmp/named" "summary"
bad "sweep: a run named as the sweep's summary" sweep "$tmp/named.ini"
sweep_ini "$tmp/named.ini" "$tmp/named" "index"
bad "sweep: a run named as the sweep's index" sweep "$tmp/named.ini"
"$python" - "$tmp/zero.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    t = np.arange(400) * 0.01
    f["time"] = t.astype(np.float32)
    f["trajectories/x"] = np.zeros((400, 1, 1), np.float32)
    f["trajectories/y"] = np.cos(3 * t).astype(np.float32).reshape(400, 1, 1)
PY
keeps "phase: an all-zero reference" "$tmp/zero.h5" phase "$tmp/zero.h5" --signal trajectories/y \
  --reference trajectories/x
keeps "phase: an all-zero reference, lock-in" "$tmp/zero.h5" phase "$tmp/zero.h5" \
  --signal trajectories/y --reference trajectories/x --omega 3
"$prospect" run mnist1d --quiet -o "$tmp/complete.h5" --set data.file="$tmp/data.h5" --set epochs=1 \
  --set steps_per_sample=40 --set batch=50 >/dev/null 2>&1
keeps "--overwrite with a run that diverges before its first checkpoint" "$tmp/complete.h5" run mnist1d \
  --quiet -o "$tmp/complete.h5" --overwrite --set data.file="$tmp/data.h5" --set epochs=2 \
  --set steps_per_sample=40 --set batch=50 --set optimizer.lr=1e30

# --- cases that must work ---------------------------------------------------------------------
good "--overwrite replaces a finished run" run chain --quiet -o "$tmp/run.h5" --overwrite \
  --set time.settle=1 --set time.train=2
good "info on a finished run" info "$tmp/run.h5"
good "--resume extends a finished run" run mnist1d --quiet --resume -o "$tmp/m.h5" --set epochs=2

echo
total=0
for outcome in error crash silent hung ok failed; do
  printf '%-7s %d\n' "$outcome" "${counts[$outcome]:-0}"
  total=$((total + ${counts[$outcome]:-0}))
done
echo "total   $total"
[[ ${counts[crash]:-0} -eq 0 && ${counts[silent]:-0} -eq 0 && ${counts[hung]:-0} -eq 0 &&
   ${counts[failed]:-0} -eq 0 ]]
