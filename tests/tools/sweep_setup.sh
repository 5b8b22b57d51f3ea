# Sourced by the sweep tests after setup.sh: the tiny mnist1d sweep they share
# and helpers to read its index.

prospect=$(realpath "$prospect")  # the tests change directory
data="$tools/../tests/data/mnist1d_40_slice.h5"
compare_runs="$tools/../tests/tools/compare_runs.py"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# tiny_sweep FILE OUTPUT: 8 runs of one short epoch on 200 samples; the 4 with
# batch 5000 fail (more than the training samples).
tiny_sweep() {
  cat >"$1" <<INI
epochs = 1
steps_per_sample = 40
[data]
file = $data
[sweep]
task = mnist1d
output = $2
[axes]
batch = 50, 5000
noise.tau_sigma = 0, 0.1
seed = 1..2
INI
}

good_runs="batch-50_tau_sigma-0_seed-1 batch-50_tau_sigma-0_seed-2 batch-50_tau_sigma-0.1_seed-1 batch-50_tau_sigma-0.1_seed-2"
bad_runs="batch-5000_tau_sigma-0_seed-1 batch-5000_tau_sigma-0_seed-2 batch-5000_tau_sigma-0.1_seed-1 batch-5000_tau_sigma-0.1_seed-2"

# index_field DIR NAME COLUMN: a field of DIR/index.csv.
index_field() {
  "$python" - "$@" <<'PY'
import csv, sys
directory, name, column = sys.argv[1:]
for row in csv.DictReader(open(f"{directory}/index.csv")):
    if row["name"] == name:
        print(row[column])
        break
else:
    sys.exit(f"no run {name} in {directory}/index.csv")
PY
}

# expect_statuses DIR STATUS NAMES...: every named run has STATUS in the index.
expect_statuses() {
  local dir=$1 status=$2
  shift 2
  for name in "$@"; do
    local got
    got=$(index_field "$dir" "$name" status)
    [[ $got == "$status" ]] || fail "$dir: run $name is '$got', expected '$status'"
  done
}

# same_runs DIR_A DIR_B NAMES...: the run files agree, timing aside.
same_runs() {
  local a=$1 b=$2
  shift 2
  local pairs=()
  for name in "$@"; do pairs+=("$a/$name.h5" "$b/$name.h5"); done
  "$python" "$compare_runs" "${pairs[@]}" || fail "run files of $a and $b differ"
}
