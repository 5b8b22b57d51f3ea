"""Reading prospect run files (one HDF5 file per run) with h5py.

    run = prospect.open_run("chain.h5")
    run.attributes        # {"task": "chain", "seed": 1, "configuration": "...", ...}
    run.configuration     # the resolved options, {"integrator.dt": "0.01", "network.tau_r": "0.1", ...}
    run.summary           # {"gle": {"w": array([...]), "final_mse": 4.7e-11, ...}, ...}
    run.metrics           # {"gle": {"mse": array}, "time": array, "epoch": {...}}
    run.time              # (T,) sample times of the trajectories
    run.trajectories      # {"gle/layer1/u": (T, samples, neurons), ...}, read on access
    run.parameters        # {"gle/layer1/W": (K, rows, cols), ...}, read on access
    run.spectra           # {name: {"omega": ..., "gain": ..., "phase": ..., attrs...}}
    run.phase("trajectories/gle/layer1/e", "trajectories/input")   # as `prospect phase`

The file is opened for each read and closed again, so a Run never holds it
open (a later run may replace it). The layout is described in
docs/python.md and in the task sections of the README.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterator, Sequence

import h5py
import numpy as np

__all__ = ["Run", "open_run", "parse_ini", "text"]


def text(value: object) -> str:
    """An attribute as Python text (HDF5 strings arrive as bytes or 1-element arrays)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.size == 1:
        return text(value.reshape(-1)[0])
    return str(value)


def parse_ini(source: str) -> dict[str, dict[str, str]]:
    """{section: {key: value}} from INI text; keys before any section go to ''."""
    sections: dict[str, dict[str, str]] = {"": {}}
    section = ""
    for line in source.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]", line)
        if header:
            section = header.group(1)
            sections.setdefault(section, {})
        elif "=" in line:
            key, value = line.split("=", 1)
            sections[section][key.strip()] = value.strip()
    return sections


def _attribute(value):
    if isinstance(value, (bytes, str)):
        return text(value)
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(-1)[0]
    return value.item() if isinstance(value, np.generic) else value


def _value(dataset):
    """A dataset's contents; a one-element dataset as a Python number."""
    data = dataset[()]
    if isinstance(data, np.ndarray) and data.shape == (1,):
        return data[0].item()
    return data


def _tree(group, read):
    """Nested dicts of a group's datasets, read(dataset) for each."""
    out = {}
    for name, item in group.items():
        out[name] = _tree(item, read) if isinstance(item, h5py.Group) else read(item)
    return out


def _dataset_paths(group, prefix=""):
    paths = []
    for name, item in group.items():
        path = f"{prefix}{name}"
        if isinstance(item, h5py.Group):
            paths += _dataset_paths(item, path + "/")
        else:
            paths.append(path)
    return paths


class Datasets:
    """The datasets under one group of a run file, by path below it, read on access."""

    def __init__(self, run: Run, group: str) -> None:
        self._run, self._group = run, group

    def keys(self) -> list[str]:
        with self._run._open() as file:
            return _dataset_paths(file[self._group]) if self._group in file else []

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    def __contains__(self, path: object) -> bool:
        return path in self.keys()

    def __getitem__(self, path: str) -> Any:
        if path not in self.keys():
            raise KeyError(f"{self._run.path}: no dataset '{self._group}/{path}' "
                           f"(there are: {', '.join(self.keys()) or 'none'})")
        return self._run.dataset(f"{self._group}/{path}")

    def items(self) -> list[tuple[str, Any]]:
        return [(path, self[path]) for path in self.keys()]

    def __repr__(self) -> str:
        return f"<{self._group} of {self._run.path}: {', '.join(self.keys())}>"


class Run:
    """A prospect run file. Raises FileNotFoundError, or ValueError for a
    file that is not a readable prospect run file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        if not os.path.isfile(self.path):
            raise FileNotFoundError(f"{self.path}: no such run file")
        try:
            with self._open() as file:
                if "task" not in file.attrs:
                    raise ValueError(f"{self.path}: not a prospect run file (no 'task' attribute)")
        except OSError as error:
            raise ValueError(f"{self.path}: not a readable HDF5 file ({error})") from None
        self.trajectories = Datasets(self, "trajectories")
        self.parameters = Datasets(self, "parameters")

    def _open(self):
        return h5py.File(self.path, "r")

    def __repr__(self) -> str:
        return f"<prospect run {self.path}: task {self.task}>"

    @property
    def attributes(self) -> dict[str, Any]:
        """The root attributes: version, git_revision, instruction_set, compiler, task,
        model, scheme, stepper, dt, seed, threads, start_time, configuration (INI
        text), ..."""
        with self._open() as file:
            return {name: _attribute(value) for name, value in file.attrs.items()}

    @property
    def task(self) -> str:
        return self.attributes["task"]

    @property
    def configuration(self) -> dict[str, str]:
        """The resolved options as {key: text}, keys as on the command line
        ("network.tau_r"): what `prospect run --set` takes."""
        flat = {}
        for section, entries in parse_ini(self.attributes.get("configuration", "")).items():
            for key, value in entries.items():
                flat[f"{section}.{key}" if section else key] = value
        return flat

    def group(self, name: str) -> dict[str, Any]:
        """Nested dicts of a group's datasets (one-element ones as numbers); {} when absent."""
        with self._open() as file:
            return _tree(file[name], _value) if name in file else {}

    @property
    def summary(self) -> dict[str, Any]:
        return self.group("summary")

    @property
    def metrics(self) -> dict[str, Any]:
        return self.group("metrics")

    @property
    def time(self) -> np.ndarray:
        return self.dataset("time")

    @property
    def spectra(self) -> dict[str, dict[str, Any]]:
        """{name: {omega, gain, phase, power_signal, power_reference, and the
        group's attributes (method, window, signal, reference, ...)}}"""
        with self._open() as file:
            if "spectra" not in file:
                return {}
            out = {}
            for name, group in file["spectra"].items():
                entry = {key: _attribute(value) for key, value in group.attrs.items()}
                entry.update({key: item[()] for key, item in group.items()})
                out[name] = entry
            return out

    def unit(self, path: str) -> str | None:
        """The `unit` attribute of a dataset (docs/run_files.md#units): "time",
        "1", "%", "rad/time", ...; None for one without (truth values, text)."""
        with self._open() as file:
            unit = self._dataset_in(file, path).attrs.get("unit")
            return None if unit is None else _attribute(unit)

    def dataset(self, path: str) -> Any:
        """Any dataset by its path in the file, e.g. "trajectories/gle/layer1/e"."""
        with self._open() as file:
            return self._dataset_in(file, path)[()]

    def _dataset_in(self, file, path: str) -> h5py.Dataset:
        if not isinstance(path, str):
            raise TypeError(f"path: expected a dataset's path (str), got {type(path).__name__} {path!r}")
        if path not in file or not isinstance(file[path], h5py.Dataset):
            raise KeyError(f"{self.path}: missing dataset '{path}'")
        return file[path]

    def phase(self, signal: str, reference: str, *, sample: int = 0, neuron: int = 0,
              reference_sample: int | None = None, reference_neuron: int | None = None,
              time: str = "time", transient: float = 0.0, window: str = "hann",
              omega: Sequence[float] = ()) -> dict[str, Any]:
        """Gain and phase of a recorded signal against another: `prospect phase`
        on this file (the same columns, estimator and errors), without writing
        the result into it. Returns the dict of prospect.phase()."""
        from ._prospect import phase_of_run

        return phase_of_run(self.path, signal, reference, sample=sample, neuron=neuron,
                            reference_sample=sample if reference_sample is None else reference_sample,
                            reference_neuron=neuron if reference_neuron is None else reference_neuron,
                            time=time, transient=transient, window=window, omega=omega)


def open_run(path: str | os.PathLike[str]) -> Run:
    """The run file at `path` (see Run)."""
    return Run(path)
