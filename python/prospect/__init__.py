"""prospect from Python: run tasks, step models with numpy, read run files.

    import prospect
    run = prospect.run("chain", {"time.train": 100}, output="chain.h5")
    run.summary["gle"]["final_mse"], run.path

    net = prospect.gle.Network(input_size=1, layers=[dict(size=1, tau_m=1, tau_r=0.1)],
                               dt=0.01, batch=8)
    net.step(x)                     # x: float32 (batch, inputs)
    net.probe("layer1/u")           # (batch, neurons)

    dep = prospect.ep.Network([784, 256, 10], model="dep")
    loss = dep.learn(x, y)          # x: (batch, 784), y: (batch, 10); dep.gradients()

    trees = prospect.shunting.Network(784, somata=16, branch_factors=[3, 3])
    trees.voltages(x)               # {"layer1/level0": (batch, compartments), ...}

See docs/python.md.
"""

from __future__ import annotations

from . import _prospect, _signatures

_signatures.attach(_prospect)  # before the names below are taken from it

from ._prospect import (Error, Model, Optimizer, __version__, build_info, derive_seed, ep, gle,
                        phase, set_threads, shuffled_indices, shunting, tasks, threads)
from ._prospect import run_task as _run_task
from .runs import Run, open_run

import numbers as _numbers
from collections.abc import Mapping as _Mapping
import os as _os
import sys as _sys
from typing import TYPE_CHECKING as _TYPE_CHECKING

if _TYPE_CHECKING:  # names of the annotations, which stay text at runtime
    from collections.abc import Callable, Mapping
    from os import PathLike
    from typing import Any

for _family in (gle, ep, shunting):  # import prospect.gle, ...
    _sys.modules[__name__ + "." + _family.__name__.rsplit(".", 1)[-1]] = _family
del _family

__all__ = ["Error", "Model", "Optimizer", "Run", "build_info", "derive_seed", "ep", "gle",
           "open_run", "option_text", "phase", "run", "set_threads", "shuffled_indices", "shunting",
           "tasks", "threads"]


def option_text(value: object) -> str:
    """An option value as the command line writes it: True -> "true",
    [1, 2] -> "1, 2", 1e-05 -> "1e-05", a path as its text; text as it is.
    None and other kinds of value are a ValueError."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(option_text(item) for item in value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, _os.PathLike):
        return _os.fspath(value)
    if isinstance(value, (str, _numbers.Number)):
        return str(value)
    raise ValueError(f"option value {value!r}: expected text, a number, a boolean, a path or a "
                     "list of these" + (" (leave the key out for its default)" if value is None
                                        else ""))


def _path_text(value: str | PathLike[str] | None, what: str) -> str | None:
    """A file name given as text or a path-like object; None stays None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _os.PathLike):
        return _os.fspath(value)
    raise ValueError(f"{what}: expected a file name (str or pathlib.Path), got {value!r}")


def run(task: str, options: Mapping[str, Any] | None = None,
        output: str | PathLike[str] | None = None, seed: int | None = None, threads: int = 1,
        *, config: str | PathLike[str] | None = None,
        progress: bool | Callable[[int, int, str], object] = True,
        resume: bool = False, overwrite: bool = False, allow_changed_data: bool = False) -> Run:
    """Runs a task as `prospect run` does and returns its run file (a Run:
    .summary, .metrics, .path, ...).

    options: {key: value} with the command line's keys ("network.tau_r"),
        applied like --set key=value in order; values are text, numbers,
        booleans or lists. Unknown keys and bad values raise prospect.Error
        with the command line's message.
    output: the run file (default: <task>.h5). seed: default 1 (on resume,
        the run file's). threads: --threads. config: an INI file (--config).
    progress: True: a tqdm bar where tqdm is installed and the output is a
        terminal or a notebook, else the progress line on sys.stderr;
        False: nothing printed at all (no progress, no summary); or a
        callable progress(done, total, message) called a few times a second.
        What the run prints goes to sys.stdout and sys.stderr, its warnings
        to warnings.warn.
    resume: continue the run in `output` from its last checkpoint.
    overwrite: replace an existing `output` (--overwrite; never an input of
        the run). allow_changed_data: with resume, continue on data that
        differ from the run's (--allow-changed-data).
    A failure raises prospect.Error with the command line's message and a
    line saying how `output` stands (docs/robustness.md). Ctrl-C (or a
    notebook's interrupt) stops the run within a step and raises
    KeyboardInterrupt with that line as a note, as does an exception raised
    by the progress callback: `output` is left as after an error.

    The run releases the GIL.
    """
    if options is not None and not isinstance(options, _Mapping):
        raise TypeError(f"options: expected a dict {{key: value}}, got {options!r}")
    overrides = []
    for key, value in (options or {}).items():
        if not isinstance(key, str) or "=" in key:
            raise ValueError(f"option key {key!r}: expected a key such as 'network.tau_r'")
        overrides.append(f"{key}={option_text(value)}")
    path = _run_task(task, overrides, _path_text(config, "config") or "",
                     _path_text(output, "output"), seed, threads, _progress_reporter(progress),
                     resume, overwrite, allow_changed_data)
    return open_run(path)


def _progress_reporter(progress: bool | Callable[[int, int, str], object]
                       ) -> bool | Callable[[int, int, str], object]:
    """progress= as the compiled run takes it: True becomes a tqdm bar where
    one shows (a terminal, a notebook) and tqdm is installed."""
    if progress is not True:
        return progress  # False, a callable, or a wrong value the run names
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return True
    stream = _sys.stderr
    in_notebook = "ipykernel" in _sys.modules
    if not in_notebook and not (stream is not None and hasattr(stream, "isatty") and stream.isatty()):
        return True
    return _TqdmBar(tqdm)


class _TqdmBar:
    """A tqdm bar fed by the run's reports; one bar per counted stage
    (training, then an evaluation with its own total)."""

    def __init__(self, tqdm):
        self._tqdm = tqdm
        self._bar = None

    def __call__(self, done, total, message):
        if self._bar is None or self._bar.total != total:
            self._close()
            self._bar = self._tqdm(total=total, unit="step", dynamic_ncols=True)
        self._bar.update(done - self._bar.n)
        if message:
            self._bar.set_postfix_str(message, refresh=False)
        if done >= total:
            self._close()

    def _close(self):
        if self._bar is not None:
            self._bar.close()
            self._bar = None
