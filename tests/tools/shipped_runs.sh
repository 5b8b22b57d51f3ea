#!/bin/bash
# Runs every shipped configuration (tasks/configs/*.ini) and the default of
# every task, shortened by the same overrides each time so that each run takes
# seconds, and writes one run file per run into OUT. Two folders written by
# two builds compare with tools/compare_runs.py: a change that must leave
# results alone leaves them bit-identical.
#
#   tests/tools/shipped_runs.sh PATH/TO/prospect OUT [FSDD_RECORDINGS]
#
# The speech runs take a few clips of the Free Spoken Digit Dataset from
# FSDD_RECORDINGS (default: ../shared/data/fsdd/recordings beside the
# repository); without it they are left out, and the script says so.
set -euo pipefail
prospect=$(realpath "$1"); out=$(realpath -m "$2")
repo=$(cd "$(dirname "$0")/../.." && pwd)
fsdd=${3:-$repo/../shared/data/fsdd/recordings}
data=$repo/tests/data
mkdir -p "$out"

run() {  # NAME TASK ARGS...: one run into OUT/NAME.h5
  local name=$1; shift
  local task=$1; shift
  local start=$SECONDS
  if ! "$prospect" run "$task" --quiet --overwrite -o "$out/$name.h5" "$@" \
        >"$out/$name.log" 2>&1; then
    echo "FAILED     $name (see $out/$name.log)"; return 1
  fi
  echo "ran        $name ($((SECONDS - start)) s)"
}

# Labelled image sets: a slice of MNIST or Fashion-MNIST, one short epoch.
ep_short=(--set data.train_samples=40 --set data.test_samples=20 --set batch=10
          --set epochs=1 --set gdu.samples=5 --set record.samples=2)
shunting_short=(--set batch=10 --set epochs=1 --set network.somata=4 --set diagnostics.samples=20
                --set record.samples=2)
# Image sets and synthetic ones take different keys (setting the other's is an error).
shunting_images=(--set data.train_samples=40 --set data.test_samples=20)
shunting_synthetic=(--set data.synthetic_samples=40,10,10)
slice_of() { case $1 in *fashion*) echo "$data/fashion_mnist_100" ;; *) echo "$data/mnist_100" ;; esac; }

for config in "$repo"/tasks/configs/ep_*.ini; do
  name=$(basename "$config" .ini)
  run "$name" ep --config "$config" --set data.dir="$(slice_of "$name")" "${ep_short[@]}"
done
for config in "$repo"/tasks/configs/shunting_*.ini; do
  name=$(basename "$config" .ini)
  case $name in
    *noise_resilience|*info_shunting) inputs=("${shunting_synthetic[@]}") ;;
    *) inputs=(--set data.dir="$(slice_of "$name")" "${shunting_images[@]}") ;;
  esac
  run "$name" shunting --config "$config" "${inputs[@]}" "${shunting_short[@]}"
done

# Every task's defaults.
run chain chain --set time.settle=1 --set time.train=20 --set record.every=10
run chain_bptt chain --set time.settle=1 --set time.train=20 --set record.every=10 \
  --set students=gle,instantaneous,bptt1
run small_network small_network --set time.train=20 --set spectra.steps=200 \
  --set spectra.settle=2 --set spectra.tail=2
run mackey_glass mackey_glass --threads 2 --set windows=2 --set data.length=2 \
  --set window.length=1 --set window.train=0.5 --set epochs=3 --set evaluate.every=2
run transfer transfer
run mnist1d mnist1d --set data.file="$data/mnist1d_40_slice.h5" --set steps_per_sample=40 \
  --set batch=50 --set epochs=2
# The GLE paper's noise sweep (tasks/configs/sweeps) runs this task with noise.
run mnist1d_noise mnist1d --set data.file="$data/mnist1d_40_slice.h5" --set steps_per_sample=40 \
  --set batch=50 --set epochs=1 --set noise.tau_sigma=0.05 --set noise.rate_sigma=0.05
run ep ep --set model=dep --set data.dir="$data/mnist_100" --set network.widths=784,32,10 \
  "${ep_short[@]}"
run shunting shunting --set data.dir="$data/mnist_100" --set network.k_exc=10 \
  --set network.k_inh=5 "${shunting_images[@]}" "${shunting_short[@]}"

# Speech: a few FSDD clips of one speaker (indices 0-1 test, 5-6 validation,
# 10-11 training), in a folder of a fixed name: the run file records its path.
if [ -d "$fsdd" ]; then
  clips=${TMPDIR:-/tmp}/prospect_shipped_runs_fsdd; rm -rf "$clips"; mkdir -p "$clips"
  for d in 0 1 2 3 4 5 6 7 8 9; do
    for i in 0 1 5 6 10 11; do cp "$fsdd/${d}_jackson_$i.wav" "$clips/"; done
  done
  speech_short=(--set corpus=fsdd --set data.dir="$clips" --set data.cache= --set epochs=1
                --set batch=4 --set interpolation=2 --set data.sample_rate=corpus)
  run speech speech "${speech_short[@]}"
  run speech_commands speech --config "$repo/tasks/configs/speech_commands.ini" "${speech_short[@]}" \
    --set network.populations=10,10,10,10,10
  rm -rf "$clips"
else
  echo "skipped    speech, speech_commands: no FSDD recordings at $fsdd"
fi
