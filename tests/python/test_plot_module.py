"""python3 -m prospect.plot: the figure of a run file by its task's plot
script, and clear errors for files it cannot draw."""

import os
import pathlib
import subprocess
import sys

import h5py
import pytest

import prospect
from prospect import plot

PACKAGE_PATH = str(pathlib.Path(prospect.__file__).resolve().parents[1])


def plot_module(*arguments, cwd):
    return subprocess.run([sys.executable, "-m", "prospect.plot", *map(str, arguments)], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": PACKAGE_PATH})


def test_every_task_has_its_script_in_the_package():
    assert set(plot.SCRIPTS) == {task["name"] for task in prospect.tasks()}
    for task, script in plot.SCRIPTS.items():
        assert os.path.isfile(os.path.join(plot.SCRIPT_DIR, script)), task
    assert os.path.isfile(os.path.join(plot.SCRIPT_DIR, "plot_common.py"))


def test_a_chain_run_gets_the_chain_figure(cli, tmp_path):
    run = tmp_path / "chain.h5"
    assert cli("run", "chain", "--quiet", "--set", "time.train=20", "--set", "time.settle=5",
               "-o", run).returncode == 0
    process = plot_module(run, "-o", "figure.png", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "figure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plot.script_for(str(run)).endswith("plot_chain.py")


@pytest.mark.parametrize("kind", ["missing", "not a run", "unknown task"])
def test_a_file_without_a_figure_is_a_clear_error(kind, tmp_path):
    path = tmp_path / "run.h5"
    if kind != "missing":
        with h5py.File(path, "w") as file:
            if kind == "unknown task":
                file.attrs["task"] = "no_such_task"
    process = plot_module(path, cwd=tmp_path)
    assert process.returncode == 1
    assert process.stderr.startswith(f"prospect.plot: error: {path}"), process.stderr
    assert "Traceback" not in process.stderr
    if kind == "unknown task":
        assert "no_such_task" in process.stderr and "chain" in process.stderr
    assert not list(tmp_path.glob("*.png"))


def test_without_a_run_file_it_shows_its_usage(tmp_path):
    process = plot_module(cwd=tmp_path)
    assert process.returncode == 2 and "python3 -m prospect.plot RUN.h5" in process.stderr
    process = plot_module("-o", "x.png", "run.h5", cwd=tmp_path)
    assert process.returncode == 2 and "expected the run file first" in process.stderr
