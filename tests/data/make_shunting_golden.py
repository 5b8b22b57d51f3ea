#!/usr/bin/python3
"""Slices ../shared/golden/shunting/golden_shunting.h5 into golden_shunting_slice.h5
for the tests: the same layout, but x as 8-bit pixels (x = pixels / 255 exactly) and
after_step<k>/<name> stored as the change from init (mostly zeros, so it compresses).
Usage: make_shunting_golden.py GOLDEN.h5 OUT.h5"""
import sys
import h5py
import numpy as np

source, target = sys.argv[1:3]
src = h5py.File(source, "r")
out = h5py.File(target, "w")
for key, value in src.attrs.items():
    out.attrs[key] = value
pixels = np.rint(src["x"][()] * 255).astype(np.uint8)
assert np.array_equal(pixels / 255.0, src["x"][()]), "x is not pixels / 255"
out.create_dataset("pixels", data=pixels, compression="gzip", shuffle=True)
out.create_dataset("y", data=src["y"][()])


def store(name, data):
    if np.ndim(data) == 0:
        out.create_dataset(name, data=data)
    else:
        out.create_dataset(name, data=data, compression="gzip", compression_opts=9, shuffle=True)


def visit(name, obj):
    if not isinstance(obj, h5py.Dataset) or name in ("x", "y"):
        return
    parts = name.split("/")
    if parts[1].startswith("after_step"):
        init = src["/".join([parts[0], "init"] + parts[2:])][()]
        store(name.replace("after_step", "change_after_step"), obj[()] - init)
    else:
        store(name, obj[()])


src.visititems(visit)
out.close()
