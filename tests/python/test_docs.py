"""Every Python example of docs/python.md runs as written (in a fresh
interpreter, in a scratch directory)."""

import os
import pathlib
import re
import subprocess
import sys

import pytest

import prospect
from conftest import ROOT

PAGE = ROOT / "docs" / "python.md"
PACKAGE_PATH = str(pathlib.Path(prospect.__file__).resolve().parents[1])
EXAMPLES = re.findall(r"```python\n(.*?)```", PAGE.read_text(), re.S)


def test_the_page_has_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_example_runs(number, tmp_path):
    process = subprocess.run([sys.executable, "-c", EXAMPLES[number]], cwd=tmp_path,
                             capture_output=True, text=True,
                             env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": PACKAGE_PATH})
    assert process.returncode == 0, f"example {number}:\n{EXAMPLES[number]}\n{process.stderr}"
    for figure in re.findall(r'savefig\("([^"]+)"', EXAMPLES[number]):
        assert (tmp_path / figure).stat().st_size > 0
