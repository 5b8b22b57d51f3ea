"""Checks the figures of a plot script of tools/ from the matplotlib objects,
not from pixels: every axis label names its unit (plot_common.has_unit),
epoch axes have integer ticks, and no tick label is written as a product
with a power of ten ("2×10⁰") or, on a log axis spanning less than three
decades, as a power of ten at all.

    /usr/bin/python3 tests/tools/check_figures.py SCRIPT.py ARGS...

draws what `tools/SCRIPT.py ARGS...` would save (writing nothing), checks it
and prints one line per figure; exits 1 naming the figure, axes and label
that fail. The tests that need more (the colours of one panel, a marker)
import figures() and checks() from here.
"""

import importlib
import os
import re
import sys


TOOLS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, os.pardir, "tools")
sys.path.insert(0, TOOLS)

import plot_common  # noqa: E402


def figures(script, argv):
    """[(path, figure)] that tools/SCRIPT would save for the command line argv."""
    module = importlib.import_module(os.path.splitext(os.path.basename(script))[0])
    return plot_common.draw_figures(module.parser(), module.draw, argv)


def axes_name(ax):
    return ax.get_title(loc="left") or ax.get_title() or ax.get_ylabel() or "untitled axes"


def checks(fig):
    """The failures of one figure, as messages (empty: it passes)."""
    fig.canvas.draw()  # fixes the ticks and their labels
    failures = []
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            label = " ".join(axis.get_label_text().split())
            where = f"{axes_name(ax)!r}, axis {label!r}"
            if label and not plot_common.has_unit(label):
                failures.append(f"{where}: the label names no unit")
            low, high = sorted(limits)
            ticks = [t for t in axis.get_majorticklocs() if low <= t <= high]
            if label.startswith("epoch") and (not ticks or any(t != round(t) for t in ticks)):
                failures.append(f"{where}: epoch ticks {ticks} are not whole numbers")
            texts = [label.get_text() for locations, labels in
                     ((axis.get_majorticklocs(), axis.get_majorticklabels()),
                      (axis.get_minorticklocs(), axis.get_minorticklabels()))
                     for location, label in zip(locations, labels)
                     if low <= location <= high and label.get_text()]
            products = [t for t in texts if "×" in t or "times" in t]
            if products:
                failures.append(f"{where}: tick labels {products} are products with powers of ten")
            elif axis.get_scale() == "log" and 0 < low and high / low < 1000:
                powers = [t for t in texts if re.search(r"10\^", t)]
                if powers:
                    failures.append(f"{where}: tick labels {powers} are powers of ten on an axis "
                                    f"spanning {high / low:.3g}")
    return failures


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        drawn = figures(argv[0], argv[1:])
    except plot_common.PlotError as error:
        print(f"check_figures.py: error: {error}", file=sys.stderr)
        return 1
    if not drawn:
        print(f"check_figures.py: {argv[0]} drew no figure", file=sys.stderr)
        return 1
    status = 0
    for path, fig in drawn:
        failures = checks(fig)
        for failure in failures:
            print(f"FAIL: {os.path.basename(path)}: {failure}", file=sys.stderr)
        status |= bool(failures)
        axes = sum(ax.get_visible() and ax.axison for ax in fig.axes)
        print(f"{os.path.basename(path)}: {axes} axes, labels with units, "
              f"{'failed' if failures else 'ok'}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
