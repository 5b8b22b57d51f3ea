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
