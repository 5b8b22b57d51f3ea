"""What the plot scripts share: reading prospect run files, with failures
reported as one-line messages (PlotError) rather than tracebacks; one style
(slide-sized fonts, a colour cycle for colour-blind viewers, constrained
layout, 300 dpi PNG or PDF/SVG by the output's extension); axis labels in
words ending with their unit, integer epoch ticks and plain tick labels.

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


# ---------------------------------------------------------------------------
# The shared style: figures fit for slides and papers


# Okabe & Ito's palette: told apart with every common colour-vision deficiency.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#999999"]
STYLE = {
    "font.size": 13, "axes.titlesize": 14, "axes.labelsize": 14, "xtick.labelsize": 12,
    "ytick.labelsize": 12, "legend.fontsize": 11, "figure.titlesize": 15,
    "lines.linewidth": 2.0, "lines.markersize": 6, "errorbar.capsize": 4,
    "axes.grid": True, "grid.alpha": 0.3, "legend.framealpha": 0.9,
    "axes.formatter.useoffset": False,  # ticks show their values, no "+2.314" beside the axis
    "figure.constrained_layout.use": True, "savefig.dpi": 300,
}
# Where a label names a pure number (a count, a ratio, a cosine) it carries no
# unit; every other axis label ends with its unit in parentheses.
UNITLESS = ("epoch", "cosine similarity", "relative error", "learning rate",
            "dead output units", "relaxation step", "output rate", "input", "weight w",
            "prospective error", "output MSE", "gain", "time-constant ratio τr / τm",
            "amplitude", "series value x", "output unit", "window", "output-layer state", "energy")
TIME = "time units"  # the unit of every time constant and duration of the models
OMEGA = "angular frequency ω (rad / time unit)"
FORMATS = ("png", "pdf", "svg")


def use_style():
    import matplotlib
    from cycler import cycler
    matplotlib.rcParams.update(STYLE)
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=COLOURS)


def colour(index):
    return COLOURS[index % len(COLOURS)]


def has_unit(label):
    """Whether an axis label ends with its unit in parentheses or names a pure number."""
    return label in UNITLESS or bool(re.search(r" \([^()]+\)$", label))


def colour_scale(fig, ax, count, label, first=0):
    """`count` colours of a sequential map for lines told apart by an index
    (output unit 0, 1, ... or window 1, 2, ... with first=1), with a colour
    bar labelled `label` beside `ax`."""
    import matplotlib as mpl
    from matplotlib.ticker import MaxNLocator
    cmap = mpl.colormaps["viridis"].resampled(count)
    norm = mpl.colors.BoundaryNorm(first + np.arange(count + 1) - 0.5, count)
    # Every index labelled where they are few, round ones where they are many.
    ticks = range(first, first + count) if count <= 12 else MaxNLocator(nbins=10, integer=True)
    bar = fig.colorbar(mpl.cm.ScalarMappable(norm, cmap), ax=ax, pad=0.01, ticks=ticks)
    bar.set_label(label)
    return [cmap(k) for k in range(count)]


def mean_points(ax, x, mean, sd, n, colour, label=None):
    """Means with ± sd error bars, joined by a line; where a point stands for
    a single seed (n = 1: no error bar) its marker is hollow. Returns whether
    any was."""
    x, mean, sd, n = (np.asarray(values, dtype=float) for values in (x, mean, sd, n))
    single = n < 2
    ax.plot(x, mean, color=colour, label=label)
    ax.errorbar(x[~single], mean[~single], yerr=sd[~single], ls="none", marker="o", color=colour)
    ax.plot(x[single], mean[single], ls="none", marker="o", ms=9, mfc="white", mew=2, color=colour)
    return bool(single.any())


def single_seed_handle():
    """The legend entry that explains hollow markers (see mean_points)."""
    from matplotlib.lines import Line2D
    return Line2D([], [], ls="none", marker="o", ms=9, mfc="white", mew=2, color="0.4",
                  label="single seed, no error bar")


def tidy(fig):
    """What every figure gets before it is saved: integer ticks on epoch axes
    and plain numbers on log axes that span less than three decades."""
    from matplotlib.ticker import MaxNLocator
    for ax in fig.axes:
        for axis, label, scale, limits in ((ax.xaxis, ax.get_xlabel(), ax.get_xscale(), ax.get_xlim()),
                                           (ax.yaxis, ax.get_ylabel(), ax.get_yscale(), ax.get_ylim())):
            if label.startswith("epoch"):
                axis.set_major_locator(MaxNLocator(integer=True))
            if scale == "log":
                plain_log_ticks(axis, *limits)
    return fig


def plain_log_ticks(axis, low, high):
    """Ticks of a log axis as plain numbers (0.5, 2, 300) where it spans less
    than three decades; wider axes keep matplotlib's powers of ten, minor
    ticks unlabelled."""
    from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter
    low, high = sorted((low, high))
    if not (low > 0 and np.isfinite(high)) or high / low >= 1000:
        axis.set_minor_formatter(NullFormatter())
        return
    # Within a decade, evenly spaced round numbers read best; across one to
    # three decades, 1, 2 and 5 of each.
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)) if high / low >= 10
                           else MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(
        lambda value, _: np.format_float_positional(float(f"{value:.3g}"), trim="-")))
    axis.set_minor_formatter(NullFormatter())


def save(fig, path):
    """Writes a figure in the format its extension names (.png at 300 dpi,
    .pdf, .svg); another extension or an unwritable path is a PlotError."""
    import matplotlib.pyplot as plt
    extension = os.path.splitext(path)[1].lower().lstrip(".")
    try:
        if extension not in FORMATS:
            raise PlotError(f"cannot write {path}: the extension names the format, one of "
                            f"{', '.join('.' + f for f in FORMATS)}")
        fig.savefig(path, format=extension)
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


def output_path(given, run):
    """The figure of a script that writes one: `given` (-o), else the run
    file's name with the extension .png."""
    return given or os.path.splitext(run)[0] + ".png"


def draw_figures(parser, draw, argv=None):
    """The (path, figure) pairs the command line argv asks for, tidied; what
    the tests inspect and what run_script saves."""
    return [(path, tidy(fig)) for path, fig in draw(parser.parse_args(argv))]


def run_script(script, parser, draw, argv=None):
    """The command line of a plot script: parses argv with `parser`, calls
    draw(args) for its (path, figure) pairs, saves each figure and prints its
    path. Returns the exit status (1 after a PlotError, printed as one line)."""
    def action():
        for path, fig in draw_figures(parser, draw, argv):
            save(fig, path)
            print(path)

    return report(script, action)


def output_argument(parser, default):
    """-o OUT of a script that writes one figure, in the format of its extension."""
    parser.add_argument("-o", "--output", metavar="OUT.png",
                        help=f"output figure, .png (300 dpi), .pdf or .svg (default: {default})")


def one_run_parser(description, run_help, metavar="RUN.h5"):
    """The parser of a script that draws one file into one figure: FILE [-o OUT]."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("run", metavar=metavar, help=run_help)
    output_argument(parser, f"{metavar.split('.')[0]} with the extension .png")
    return parser


def prefix_arguments(parser, default):
    """-o PREFIX and --format of a script that writes several figures."""
    parser.add_argument("-o", "--output", metavar="PREFIX",
                        help=f"write PREFIX-NAME.FORMAT (default: {default})")
    parser.add_argument("--format", choices=FORMATS, default="png",
                        help="figure format (default png, 300 dpi)")


use_style()

