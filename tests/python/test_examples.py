"""Every example script of examples/python runs to the end with a
non-interactive matplotlib backend, writing its figures (PNG files) into a
fresh directory, and refuses to replace a file already there; mypy finds no
type error in them against the package's stubs."""

import os
import pathlib
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLES = ROOT / "examples" / "python"
SCRIPTS = sorted(path.name for path in EXAMPLES.glob("*.py") if path.name != "example_output.py")
PNG = b"\x89PNG\r\n\x1a\n"


def run_example(script, directory):
    return subprocess.run([sys.executable, str(EXAMPLES / script), str(directory)],
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "MPLBACKEND": "Agg"})


def test_there_is_an_example_per_family_and_use():
    assert SCRIPTS == ["ep_fashion_mnist.py", "gle_error_spectrum.py", "shunting_inhibition.py",
                       "sweep_summary.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs_and_writes_its_figures(script, tmp_path):
    process = run_example(script, tmp_path)
    assert process.returncode == 0, process.stderr
    written = [pathlib.Path(line.split(" ", 1)[1]) for line in process.stdout.splitlines()
               if line.startswith("wrote ") and line.endswith(".png")]
    assert written, process.stdout
    for figure in written:
        assert figure.parent == tmp_path and figure.read_bytes()[:8] == PNG, figure


def test_an_example_never_replaces_a_file(tmp_path):
    figure = tmp_path / "shunting_inhibition.png"
    figure.write_bytes(b"mine")
    process = run_example("shunting_inhibition.py", tmp_path)
    assert process.returncode != 0
    assert f"{figure} exists" in process.stderr
    assert figure.read_bytes() == b"mine"


def test_mypy_finds_no_error_in_the_examples():
    process = subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                              str(ROOT / "pyproject.toml"), "--no-incremental",
                              "--cache-dir", os.devnull, str(EXAMPLES)],
                             capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 0, process.stdout + process.stderr
    assert "Success: no issues found" in process.stdout
