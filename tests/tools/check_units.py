#!/usr/bin/env python3
"""Fails unless every numeric dataset of the given HDF5 files carries a `unit`
attribute from the vocabulary of core/units.h (docs/run_files.md#units).
Truth values (h5py's bool enum) and text carry none; nor do a checkpoint's
state block and optimizer moments, which have no one physical meaning.

    check_units.py RUN.h5 [RUN.h5 ...]
"""

import pathlib
import re
import sys

import h5py

UNITS_H = pathlib.Path(__file__).resolve().parents[2] / "core" / "units.h"
VOCABULARY = set(re.findall(r'inline const std::string \w+ = "([^"]+)";', UNITS_H.read_text()))
# Spectra of recorded signals: powers in the signal's unit squared, gains as a ratio.
DERIVED = re.compile(r"^\((.+)\)\^2$|^(.+)/\((.+)\)$")
WITHOUT_UNIT = re.compile(r"^checkpoint/(state|optimizer/buffer\d+)$")


def known(unit):
    if unit in VOCABULARY:
        return True
    match = DERIVED.match(unit)
    return bool(match) and all(part in VOCABULARY for part in match.groups() if part)


def problems(path):
    found = []

    def visit(name, item):
        if not isinstance(item, h5py.Dataset) or item.dtype.kind not in "iuf":
            return  # truth values (kind "b") and text have no unit
        if WITHOUT_UNIT.match(name):
            return
        unit = item.attrs.get("unit")
        if unit is None:
            found.append(f"{path}: dataset '{name}' has no unit attribute")
            return
        unit = unit.decode() if isinstance(unit, bytes) else str(unit)
        if not known(unit):
            found.append(f"{path}: dataset '{name}' has unit '{unit}', not in core/units.h")

    with h5py.File(path, "r") as file:
        file.visititems(visit)
    return found


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    found = [problem for path in sys.argv[1:] for problem in problems(path)]
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"{len(sys.argv) - 1} files, {len(found)} datasets without a known unit")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
