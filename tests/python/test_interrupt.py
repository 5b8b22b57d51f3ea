"""Ctrl-C from Python: SIGINT stops prospect.run and the networks' batch calls
within a step, raises KeyboardInterrupt, leaves the output file as the command
line does, and leaves Python's own SIGINT handling as it was."""

import os
import signal
import sys
import threading
import time

import numpy as np
import pytest

import prospect
from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "tests" / "tools"))
import compare_runs  # noqa: E402  (the command line's resume test compares with it too)

# Minutes of chain if nothing stopped it.
LONG_CHAIN = {"time.settle": 1, "time.train": 100000, "batch": 4, "record.every": 1000,
              "students": ["gle"]}
SHORT_CHAIN = {"time.settle": 1, "time.train": 3, "batch": 4, "students": ["gle"]}
# Epochs of a few tenths of a second each, a checkpoint after each.
MNIST1D = {"data.file": DATA / "mnist1d_40_slice.h5", "data.train_samples": 40,
           "data.validation_samples": 20, "batch": 20, "epochs": 8, "steps_per_sample": 400}


def interrupted(call, when):
    """Runs call() with SIGINT sent to this process once when() is true; the
    KeyboardInterrupt it raises and the seconds from the signal to it."""
    sent = []
    returned = threading.Event()

    def send():
        while not when():
            if returned.wait(0.01):
                return  # too late: a signal now would stop the test session
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=send, daemon=True)
    handler = signal.getsignal(signal.SIGINT)
    sender.start()
    try:
        with pytest.raises(KeyboardInterrupt) as stopped:
            call()
    finally:
        returned.set()
        sender.join()
    delay = time.monotonic() - sent[0]
    assert signal.getsignal(signal.SIGINT) is handler
    return stopped.value, delay


def after(seconds):
    start = time.monotonic()
    return lambda: time.monotonic() - start >= seconds


def test_ctrl_c_stops_a_run_and_keeps_the_earlier_file(tmp_path):
    path = tmp_path / "chain.h5"
    prospect.run("chain", SHORT_CHAIN, output=path, progress=False)
    before = path.read_bytes(), path.stat().st_mtime_ns
    start = time.monotonic()
    error, delay = interrupted(
        lambda: prospect.run("chain", LONG_CHAIN, output=path, overwrite=True, progress=False),
        after(1))
    assert delay < 2, f"stopped {delay:.2f} s after SIGINT"
    assert time.monotonic() - start < 10
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert any(f"{path}: left as it was" in note for note in getattr(error, "__notes__", []))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chain.h5"]  # no scratch file left
    # The stop is forgotten: the next run goes to its end.
    assert prospect.run("chain", SHORT_CHAIN, output=tmp_path / "next.h5",
                        progress=False).summary["gle"]


def test_ctrl_c_stops_a_large_batch(tmp_path):
    # An EP-MLP: a DEP's input potentials, one matrix product per batch, take
    # seconds of their own at this batch size (docs/python.md).
    net = prospect.ep.Network([784, 256, 10], model="ep_mlp", seed=1)
    rng = np.random.default_rng(1)
    x = rng.random((20000, 784), dtype=np.float32)
    y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 20000)]
    start = time.monotonic()
    _, delay = interrupted(lambda: net.learn(x, y), after(1))
    assert delay < 2, f"stopped {delay:.2f} s after SIGINT"
    assert time.monotonic() - start < 10
    # The network is usable afterwards.
    assert np.isfinite(net.learn(x[:10], y[:10]))


def test_ctrl_c_stops_a_tree_relaxation():
    trees = prospect.shunting.Network(784, somata=16, branch_factors=[3, 3], seed=1)
    x = np.random.default_rng(2).random((20000, 784), dtype=np.float32)
    _, delay = interrupted(lambda: trees.relax(x, every=1000000), after(1))
    assert delay < 2, f"stopped {delay:.2f} s after SIGINT"


def test_an_interrupted_run_resumes_to_the_uninterrupted_file(tmp_path):
    whole = prospect.run("mnist1d", MNIST1D, output=tmp_path / "whole.h5", seed=3,
                         progress=False)
    path = tmp_path / "stopped.h5"
    # SIGINT once the first checkpoint is published (the file appears).
    error, _ = interrupted(
        lambda: prospect.run("mnist1d", MNIST1D, output=path, seed=3, progress=False),
        path.exists)
    notes = "\n".join(getattr(error, "__notes__", []))
    assert "holds the run up to its last checkpoint, after epoch" in notes
    done = prospect.open_run(path).dataset("checkpoint/epochs_done")[0]
    assert 1 <= done < MNIST1D["epochs"]
    resumed = prospect.run("mnist1d", MNIST1D, output=path, resume=True, progress=False)
    assert resumed.attributes["resumed_from_epoch"] == done
    assert compare_runs.differences(whole.path, resumed.path) == []
