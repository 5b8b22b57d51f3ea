#!/usr/bin/python3
"""compare_runs.py A B [A2 B2 ...]: exits 0 when each pair of run files holds
the same datasets with bit-identical values and the same root attributes,
timing aside (datasets named *seconds* or ms_per_*, the start_time and
resumed_from_epoch attributes); else prints the differences and exits 1."""

import sys

import h5py
import numpy as np

IGNORED_ATTRIBUTES = {"start_time", "resumed_from_epoch"}


def timing(name):
    last = name.rsplit("/", 1)[-1]
    return "seconds" in last or last.startswith("ms_per")


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) and not timing(name) else None)
        attributes = {k: v for k, v in f.attrs.items() if k not in IGNORED_ATTRIBUTES}
    return found, attributes


def differences(a, b):
    (da, aa), (db, ab) = datasets(a), datasets(b)
    problems = []
    if set(da) != set(db):
        problems.append(f"datasets only in one file: {sorted(set(da) ^ set(db))}")
    for name in sorted(set(da) & set(db)):
        x, y = np.asarray(da[name]), np.asarray(db[name])
        same = x.shape == y.shape and (np.array_equal(x, y, equal_nan=True)
                                       if x.dtype.kind in "fc" else np.array_equal(x, y))
        if not same:
            problems.append(f"{name} differs")
    for key in sorted(set(aa) | set(ab)):
        if str(aa.get(key)) != str(ab.get(key)):
            problems.append(f"attribute {key}: {aa.get(key)!r} vs {ab.get(key)!r}")
    return problems


def main(paths):
    if len(paths) < 2 or len(paths) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for a, b in zip(paths[::2], paths[1::2]):
        for problem in differences(a, b):
            print(f"{a} vs {b}: {problem}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
