"""Draws a run file's figure with the plot script of its task:

    python3 -m prospect.plot RUN.h5 [MORE.h5 ...] [the script's options, e.g. -o OUT.png]

The scripts are those of tools/ (tools/plot_chain.py, ...), which the package
carries in prospect/plots; `--help` after the run file shows the script's own
options. The two that draw something other than a task's run, plot_sweep.py
(a sweep's folder) and plot_spectra.py (spectra of `prospect phase`), are
there too, run as files.

From Python, use_style() and tidy(fig) give figures of your own the style
of those scripts (tools/plot_common.py).
"""

from __future__ import annotations

import importlib
import os
import runpy
import sys
from typing import Any

from .runs import Run

# The script that draws each task's runs.
SCRIPTS = {
    "chain": "plot_chain.py",
    "small_network": "plot_small_network.py",
    "mackey_glass": "plot_mackey_glass.py",
    "transfer": "plot_transfer.py",
    "mnist1d": "plot_learning_curves.py",
    "speech": "plot_learning_curves.py",
    "ep": "plot_ep.py",
    "ep_phase": "plot_ep_phase.py",
    "shunting": "plot_shunting.py",
}
SCRIPT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plots")


def _plot_common() -> Any:
    """tools/plot_common.py as the package carries it; None without it."""
    if SCRIPT_DIR not in sys.path:
        sys.path.insert(0, SCRIPT_DIR)  # the scripts import plot_common beside them
    try:
        return importlib.import_module("plot_common")
    except ImportError:
        return None


def use_style() -> bool:
    """Gives matplotlib the style of prospect's figures (tools/plot_common.py:
    slide-sized fonts, colours told apart with colour-vision deficiencies, grid,
    constrained layout). False, with matplotlib's style kept, where the
    package carries no plot scripts."""
    plot_common = _plot_common()
    if plot_common:
        plot_common.use_style()
    return plot_common is not None


def tidy(fig: Any) -> Any:
    """What prospect's figures get before they are saved: integer ticks on
    epoch axes, plain numbers on log axes spanning less than three decades
    (tools/plot_common.py). Returns the figure."""
    plot_common = _plot_common()
    return plot_common.tidy(fig) if plot_common else fig


def script_for(path: str) -> str:
    """The plot script for the run file at `path`; ValueError names the file
    and its task when there is none."""
    try:
        task = Run(path).task
    except FileNotFoundError as error:
        raise ValueError(str(error)) from None
    if task not in SCRIPTS:
        raise ValueError(f"{path}: no figure for task '{task}' "
                         f"(figures exist for {', '.join(sorted(SCRIPTS))})")
    return os.path.join(SCRIPT_DIR, SCRIPTS[task])


def main(argv: list[str] | None = None) -> int | str | None:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    if argv[0].startswith("-"):
        print(f"prospect.plot: error: expected the run file first, got '{argv[0]}'", file=sys.stderr)
        return 2
    try:
        script = script_for(argv[0])
    except ValueError as error:
        print(f"prospect.plot: error: {error}", file=sys.stderr)
        return 1
    sys.path.insert(0, SCRIPT_DIR)  # the scripts import plot_common beside them
    sys.argv = [script] + argv
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as status:
        return status.code
    return 0


if __name__ == "__main__":
    sys.exit(main())
