#!/usr/bin/python3
"""Makes the small EP golden test files from the published code's golden files.

usage: /usr/bin/python3 make_ep_golden_slices.py /work/shared/golden/ep [OUT_DIR]

golden_ep_mlp.h5, golden_ep_dep.h5: the same layout and attributes as the
source files (see its README), with two reductions that keep them small:
  - masked-out weights of the dendritic model are stored as 0 (they never
    change and never matter; the masks are kept),
  - tensors of more than 20 000 entries keep only their first rows (8
    neurons: 8 rows of EP-MLP's W1, 64 branch rows of DEP's first basal
    layer) in the gradients, the BPTT gradients and the parameters after
    each step (attribute `rows` on the dataset: rows kept of the original).
The input, the initial parameters and masks, and the states of every step
of batch 0 are whole.
"""
import os
import sys

import h5py
import numpy as np

source_dir = sys.argv[1]
out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
LARGE = 20000

for source_name, out_name in (("golden_ep_mlp.h5", "golden_ep_mlp.h5"),
                              ("golden_ep_dmlp.h5", "golden_ep_dep.h5")):
    with h5py.File(os.path.join(source_dir, source_name), "r") as src, \
            h5py.File(os.path.join(out_dir, out_name), "w") as out:
        for key, value in src.attrs.items():
            out.attrs[key] = value
        out.attrs["source"] = source_name + ", sliced by make_ep_golden_slices.py"

        def mask_of(name):
            module = name.rsplit(".", 1)[0]
            path = "init/" + module + ".mask"
            return src[path][...] if path in src else None

        def copy(path, sliced):
            data = src[path][...]
            name = path.split("/")[-1]
            mask = mask_of(name) if name.endswith(".weight") else None
            if mask is not None:
                data = data * mask
            rows = None
            if sliced and data.size > LARGE:
                rows = 8 * src.attrs["basal_branches"] if mask is not None else 8
                data = data[:rows]
            if data.ndim == 0:
                out.create_dataset(path, data=data)
                return
            dataset = out.create_dataset(path, data=data, compression="gzip",
                                         compression_opts=9, shuffle=True)
            if rows is not None:
                dataset.attrs["rows"] = rows

        def visit(path, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            sliced = path.startswith(("after_batch", "bptt_grad/")) or "/grad/" in path
            copy(path, sliced)

        src.visititems(visit)
    print(out_name, os.path.getsize(os.path.join(out_dir, out_name)), "bytes")
