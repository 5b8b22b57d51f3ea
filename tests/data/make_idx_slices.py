#!/usr/bin/python3
"""Makes the small IDX test directories: the first 100 training and 100 test
images (and labels) of a data set in MNIST's layout, gzip-compressed.

usage: /usr/bin/python3 make_idx_slices.py SOURCE_DIR OUT_DIR [COUNT]

  /usr/bin/python3 tests/data/make_idx_slices.py /work/shared/data/mnist tests/data/mnist_100
  /usr/bin/python3 tests/data/make_idx_slices.py /usr/share/datasets/fashion-mnist tests/data/fashion_mnist_100
"""
import gzip
import os
import struct
import sys

source, out_dir = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 100
os.makedirs(out_dir, exist_ok=True)

for split in ("train", "t10k"):
    for kind, dimensions in (("images", 3), ("labels", 1)):
        name = f"{split}-{kind}-idx{dimensions}-ubyte"
        path = os.path.join(source, name)
        opener = gzip.open if os.path.exists(path + ".gz") else open
        with opener(path + (".gz" if opener is gzip.open else ""), "rb") as f:
            data = f.read()
        magic, = struct.unpack(">I", data[:4])
        assert magic == 0x0800 | dimensions, f"{path}: magic {magic:#x}"
        shape = list(struct.unpack(f">{dimensions}I", data[4:4 + 4 * dimensions]))
        per_item = 1
        for size in shape[1:]:
            per_item *= size
        header = 4 + 4 * dimensions
        body = data[header:header + count * per_item]
        shape[0] = count
        # mtime 0: the same input gives the same bytes
        with gzip.GzipFile(os.path.join(out_dir, name + ".gz"), "wb", mtime=0) as f:
            f.write(struct.pack(">I", magic) + struct.pack(f">{dimensions}I", *shape) + body)
