"""Reading prospect run files for the plot scripts, with failures reported as
one-line messages (PlotError) rather than tracebacks.

Needs Debian's python3-h5py and python3-numpy (/usr/bin/python3).
"""

import argparse
import importlib.util
import os
import re
import sys

import h5py
import numpy as np


class PlotError(Exception):
    """An error reported to the user as a one-line message."""


def _run_file_helpers():
    """The package's run-file reader, runs.py, loaded by path: it is plain
    Python, so the plot scripts need no build of the package. It is
    python/prospect/runs.py from tools/ in a checkout, prospect/runs.py from
    prospect/plots/ in the installed package."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, os.pardir, "python", "prospect", "runs.py")
    if not os.path.exists(path):
        path = os.path.join(here, os.pardir, "runs.py")
    spec = importlib.util.spec_from_file_location("prospect_run_files", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _run_file_helpers()
text, parse_ini = _helpers.text, _helpers.parse_ini


def config_float(config, section, key):
    try:
        return float(config.get(section, {})[key])
    except (KeyError, ValueError):
        return None


class Run:
    """A run file opened for reading; use as a context manager."""

    def __init__(self, path):
        self.path = path
        try:
            self.file = h5py.File(path, "r")
        except FileNotFoundError:
            raise PlotError(f"cannot open {path}: no such file")
        except IsADirectoryError:
            raise PlotError(f"cannot open {path}: is a directory")
        except PermissionError:
            raise PlotError(f"cannot open {path}: permission denied")
        except OSError as error:
            if not os.path.exists(path):
                raise PlotError(f"cannot open {path}: no such file")
            raise PlotError(f"cannot read {path}: not a readable HDF5 file ({error})")

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def close(self):
        self.file.close()

    def attribute(self, name, default=None, owner="/"):
        attrs = self.file[owner].attrs if owner in self.file else {}
        return text(attrs[name]) if name in attrs else default

    def has(self, name):
        return name in self.file and isinstance(self.file[name], h5py.Dataset)

    def read(self, name):
        if not self.has(name):
            raise PlotError(f"{self.path}: missing dataset {name}")
        try:
            return np.asarray(self.file[name][()], dtype=float)
        except (OSError, ValueError, TypeError) as error:
            raise PlotError(f"{self.path}: cannot read dataset {name} ({error})")

    def group_names(self, name, pattern=None):
        if name not in self.file or not isinstance(self.file[name], h5py.Group):
            raise PlotError(f"{self.path}: missing group {name}")
        names = [key for key in self.file[name]
                 if isinstance(self.file[name][key], h5py.Group)]
        if pattern is not None:
            names = [key for key in names if re.fullmatch(pattern, key)]
        return names


def save(fig, path):
    """Writes a figure as PNG (150 dpi); an unwritable path is a PlotError."""
    import matplotlib.pyplot as plt
    try:
        fig.savefig(path, dpi=150, format="png")
    except OSError as error:
        raise PlotError(f"cannot write {path}: {error.strerror or error}")
    finally:
        plt.close(fig)


def report(script, action):
    """Runs action(); returns 0, or 1 after printing a PlotError as 'script: error: ...'."""
    try:
        action()
    except PlotError as error:
        print(f"{script}: error: {error}", file=sys.stderr)
        return 1
    return 0


def one_plot_main(script, description, run_help, render, argv=None, add_arguments=None,
                  metavar="RUN.h5"):
    """The command line of a script that draws one file into one PNG:
    FILE [-o OUT.png] plus what add_arguments(parser) adds. render(args,
    out_path) draws and saves the figure (OUT.png defaults to FILE with the
    extension .png), whose path is then printed. Returns the exit status."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("run", metavar=metavar, help=run_help)
    parser.add_argument("-o", "--output", metavar="OUT.png",
                        help=f"output image (default: {metavar.split('.')[0]} with the extension .png)")
    if add_arguments:
        add_arguments(parser)
    args = parser.parse_args(argv)
    out_path = args.output or os.path.splitext(args.run)[0] + ".png"

    def action():
        render(args, out_path)
        print(out_path)

    return report(script, action)
