#!/usr/bin/env python3
"""Digests of the numeric datasets of a few fast runs, compared with the ones
recorded in the repository: a portable build (PROSPECT_ARCH = x86-64-v3) must
write bit-identical run files on every machine that runs it (docs/builds.md).

    run_digests.py PATH/TO/prospect DIGESTS.json            # compare, exit 1 on a difference
    run_digests.py PATH/TO/prospect DIGESTS.json --record   # write the digests of this build
    run_digests.py PATH/TO/prospect DIGESTS.json --emulate Haswell-noTSX
        # compare, running prospect on a CPU of another make emulated by qemu-x86_64

DIGESTS.json lists the runs (the arguments of each `prospect` command; {data}
is the repository's tests/data) and, per run, a SHA-256 per numeric dataset
over its type, shape and little-endian bytes. Attributes are not compared:
they hold times, paths and the build's own description; nor are the datasets
of measured durations (TIMINGS).
"""

import argparse
import hashlib
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
# Wall-clock durations the tasks record (per epoch, per window, per run).
TIMINGS = re.compile(r"(^|/)(seconds|train_seconds|ms_per_training_step)$")


def dataset_digests(path):
    digests = {}

    def visit(name, item):
        if (isinstance(item, h5py.Dataset) and item.dtype.kind in "biufc"
                and not TIMINGS.search(name)):
            values = np.ascontiguousarray(item[()])
            values = values.astype(values.dtype.newbyteorder("<"), copy=False)
            digest = hashlib.sha256(f"{values.dtype.str} {values.shape}".encode())
            digest.update(values.tobytes())
            digests[name] = digest.hexdigest()

    with h5py.File(path, "r") as file:
        file.visititems(visit)
    return digests


def run(prospect, commands, directory):
    """Runs one entry's commands in directory (prospect: the command as a
    list); returns the digests of its run file."""
    for command in commands:
        arguments = [argument.replace("{data}", str(DATA)) for argument in command]
        process = subprocess.run([*prospect, *arguments], cwd=directory, capture_output=True,
                                 text=True)
        if process.returncode != 0:
            sys.exit(f"prospect {' '.join(arguments)} failed (exit {process.returncode}):\n"
                     f"{process.stderr}")
    return dataset_digests(directory / "run.h5")


def compare(name, recorded, measured):
    """The lines describing how measured differs from recorded (none if equal)."""
    lines = [f"{name}: {path}: {'missing' if path not in measured else 'differs'}"
             for path in recorded if measured.get(path) != recorded[path]]
    lines += [f"{name}: {path}: not recorded" for path in measured if path not in recorded]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prospect", help="the prospect binary")
    parser.add_argument("digests", type=pathlib.Path, help="the recorded runs and digests (JSON)")
    parser.add_argument("--record", action="store_true", help="write this build's digests")
    parser.add_argument("--emulate", metavar="CPU",
                        help="run prospect under qemu-x86_64 -cpu CPU (e.g. Haswell-noTSX)")
    args = parser.parse_args()
    # The runs work in scratch folders: the binary by its absolute path.
    prospect = [str(pathlib.Path(args.prospect).resolve())]
    if args.emulate:
        prospect = ["qemu-x86_64", "-cpu", args.emulate, *prospect]
    record = json.loads(args.digests.read_text())
    version = subprocess.run([*prospect, "--version"], capture_output=True, text=True).stdout
    print(version.strip())

    differences = []
    for name, entry in record["runs"].items():
        with tempfile.TemporaryDirectory() as directory:
            measured = run(prospect, entry["commands"], pathlib.Path(directory))
        if args.record:
            entry["digests"] = measured
        else:
            differences += compare(name, entry["digests"], measured)
        print(f"{name}: {len(measured)} datasets")
    if args.record:
        record["recorded_with"] = version.strip()
        text = json.dumps(record, indent=1)
        # One line per command.
        text = re.sub(r'\[\s+("[^"]*"(?:,\s+"[^"]*")*)\s+\]',
                      lambda match: "[" + re.sub(r'",\s+"', '", "', match.group(1)) + "]", text)
        args.digests.write_text(text + "\n")
        print(f"recorded in {args.digests}")
        return 0
    if differences:
        print(f"{len(differences)} datasets differ from {args.digests} "
              f"(recorded with {record.get('recorded_with', '?')}):", file=sys.stderr)
        print("\n".join(differences), file=sys.stderr)
        return 1
    print("every dataset matches the recorded digests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
