#!/usr/bin/python3
"""Compares two run files (or two folders of them, by name): every dataset
and attribute must be identical, bit for bit, except timings and what differs
only in the renamed option keys of the resolved configuration.

  tools/compare_runs.py BEFORE AFTER [--rename old=new ...]

Timings (datasets named *seconds or ms_per_*, the start_time and git_revision
attributes) and the path a spectrum was computed from are not compared.
"""
import argparse
import os
import re
import sys

import h5py
import numpy as np

# Attributes and datasets that hold wall-clock times or the run's own path.
TIMINGS = {"start_time", "git_revision"}
TIMED_DATASET = re.compile(r"(^|/|_)(seconds|ms_per_[a-z_]+)$")

def configuration(text, renames):
    """The resolved options of a run file's INI text by key, old keys renamed."""
    keys, section = {}, ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line[1:-1]
            continue
        k, v = (p.strip() for p in line.split("=", 1))
        k = f"{section}.{k}" if section else k
        keys[renames.get(k, k)] = v
    return keys

def same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    return a == b

def compare(before, after, renames, problems):
    with h5py.File(before, "r") as f, h5py.File(after, "r") as g:
        names_f, names_g = [], []
        f.visit(names_f.append); g.visit(names_g.append)
        if sorted(names_f) != sorted(names_g):
            problems.append(f"objects differ: {sorted(set(names_f) ^ set(names_g))}")
        for name in [""] + names_f:
            if name and name not in g: continue
            of, og = (f[name], g[name]) if name else (f, g)
            if isinstance(of, h5py.Dataset) and not TIMED_DATASET.search(name) and not same(of[()], og[()]):
                problems.append(f"dataset /{name} differs")
            for attr in set(of.attrs) | set(og.attrs):
                if attr in TIMINGS: continue
                if attr not in of.attrs or attr not in og.attrs:
                    problems.append(f"attribute /{name}@{attr} only in one"); continue
                a, b = of.attrs[attr], og.attrs[attr]
                if attr == "source":  # the run file it was computed from
                    a, b = os.path.basename(str(a)), os.path.basename(str(b))
                if attr == "configuration":
                    ca = configuration(a if isinstance(a, str) else a.decode(), renames)
                    cb = configuration(b if isinstance(b, str) else b.decode(), {})
                    if ca != cb:
                        problems.append(f"configuration differs: {sorted(set(ca.items()) ^ set(cb.items()))}")
                elif not same(a, b):
                    problems.append(f"attribute /{name}@{attr} differs: {a!r} vs {b!r}")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("before"); p.add_argument("after")
    p.add_argument("--rename", nargs="*", default=[], help="old=new option keys")
    args = p.parse_args()
    renames = dict(r.split("=", 1) for r in args.rename)
    pairs = ([(args.before, args.after)] if not os.path.isdir(args.before) else
             [(os.path.join(args.before, n), os.path.join(args.after, n))
              for n in sorted(os.listdir(args.before)) if n.endswith(".h5")])
    failed = 0
    for a, b in pairs:
        problems = []
        if not os.path.exists(b): problems.append("missing")
        else: compare(a, b, renames, problems)
        print(("identical  " if not problems else "DIFFERENT  ") + os.path.basename(a))
        for line in problems[:10]: print("    " + line)
        failed += bool(problems)
    print(f"{len(pairs) - failed} of {len(pairs)} identical")
    return 1 if failed else 0

if __name__ == "__main__":
    sys.exit(main())
