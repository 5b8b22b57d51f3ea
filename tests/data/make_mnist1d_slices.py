#!/usr/bin/python3
"""Makes the small MNIST-1D test files from the canonical data set.

usage: /usr/bin/python3 make_mnist1d_slices.py /work/shared/data/mnist1d/mnist1d_40.h5 [OUT_DIR]

mnist1d_40_slice.h5  the first 200 train and 50 test samples, same names and dtypes
mnist1d_40_stats.h5  statistics of the FULL canonical set (train + test, 5000 samples)
                     for the native generator's test
"""
import os
import sys

import h5py
import numpy as np

source = sys.argv[1]
out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))

with h5py.File(source, "r") as f:
    x, y = f["x"][...], f["y"][...]
    x_test, y_test = f["x_test"][...], f["y_test"][...]
    t = f["t"][...]

with h5py.File(os.path.join(out_dir, "mnist1d_40_slice.h5"), "w") as f:
    f["x"] = x[:200]
    f["y"] = y[:200]
    f["x_test"] = x_test[:50]
    f["y_test"] = y_test[:50]
    f["t"] = t
    f.attrs["source"] = "first 200 train / 50 test samples of " + os.path.basename(source)

xs = np.concatenate([x, x_test]).astype(np.float64)
ys = np.concatenate([y, y_test])
with h5py.File(os.path.join(out_dir, "mnist1d_40_stats.h5"), "w") as f:
    f["class_mean"] = np.stack([xs[ys == c].mean(0) for c in range(10)])  # (10, 40)
    f["class_std"] = np.stack([xs[ys == c].std(0) for c in range(10)])    # (10, 40)
    f["mean"] = np.array([xs.mean()])
    f["std"] = np.array([xs.std()])
    f["train_label_counts"] = np.bincount(y, minlength=10).astype(np.int64)
    f["label_counts"] = np.bincount(ys, minlength=10).astype(np.int64)
    # The generator divides t (linspace(-5, 5) / 6 at t[0] = -5/6) by the
    # standard deviation of the data before standardisation.
    f["raw_std"] = np.array([(-5.0 / 6.0) / t[0]])
    f.attrs["source"] = "statistics of train + test of " + os.path.basename(source)
