"""Fixtures of the Python tests: the command line to compare with, and where
to write. Run by CTest ("python: pytest"), or by hand from the repository:

    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python
"""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def cli():
    """Runs `prospect ARGS...` and returns the completed process (never raises)."""
    binary = os.environ.get("PROSPECT_CLI", str(ROOT / "build" / "prospect"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no prospect binary at {binary} (build it, or set PROSPECT_CLI)")

    def run(*arguments):
        return subprocess.run([binary, *map(str, arguments)], capture_output=True, text=True,
                              env={**os.environ, "OMP_NUM_THREADS": "1"})

    return run


def cli_error(process):
    """The message after 'error: ' of a failed command."""
    assert process.returncode != 0, f"expected a failure, got: {process.stdout}"
    lines = [line for line in process.stderr.splitlines() if line.startswith("error: ")]
    assert lines, process.stderr
    return lines[0][len("error: "):]


def mnist_images(count, split="train"):
    """The first `count` images of tests/data/mnist_100 as the tasks load
    them with unit pixels: float32 (count, 784) = x / 255, and the labels."""
    import gzip

    import numpy as np

    prefix = "train" if split == "train" else "t10k"
    with gzip.open(DATA / "mnist_100" / f"{prefix}-images-idx3-ubyte.gz") as file:
        pixels = np.frombuffer(file.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(DATA / "mnist_100" / f"{prefix}-labels-idx1-ubyte.gz") as file:
        labels = np.frombuffer(file.read(), np.uint8, offset=8)
    return pixels[:count].astype(np.float32) / np.float32(255), labels[:count].astype(np.int64)


def one_hot(labels, classes=10):
    import numpy as np

    return np.eye(classes, dtype=np.float32)[labels]


def checkpoint_parameters(run, model):
    """A run file's /checkpoint/parameters (flat, column-major) in the shapes
    of `model`'s parameters."""
    import numpy as np

    out = {}
    for name, value in model.parameters().items():
        flat = run.dataset(f"checkpoint/parameters/{name}")
        out[name] = flat.reshape(value.shape[::-1]).T if value.ndim == 2 else flat
        out[name] = np.ascontiguousarray(out[name])
    return out
