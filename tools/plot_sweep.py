#!/usr/bin/python3
"""One metric of a sweep against its axes, with error bars: mean ± sd over
the runs of each setting (the seeds), from the table `prospect sweep FILE`
writes (DIR/summary.csv).

Usage:
    /usr/bin/python3 tools/plot_sweep.py DIR [--metric M] [--x AXIS ...] [--by KEY]
                                         [--percent] [-o OUT.png]

DIR is the sweep's output directory (or its summary.csv). --metric names a
metric of the table (default: the first one; `prospect summarize DIR` lists
them), --x an axis: one panel per --x (default: every axis). In the panel of
an axis the other axes stay at the values of the sweep's first setting,
except --by, which draws one line per value. --percent scales fractions to %.
The PNG (150 dpi; default DIR/summary.png) path is printed.
"""

import argparse
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import PlotError, report, save  # noqa: E402

# Columns of summary.csv after the axis columns.
FIXED = ["runs", "failed", "metric", "n", "mean", "sd"]


def load(path):
    """(axis keys, rows as dicts) of a summary.csv."""
    if os.path.isdir(path):
        path = os.path.join(path, "summary.csv")
    try:
        with open(path, newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader, None)
            rows = [dict(zip(header, row)) for row in reader]
    except FileNotFoundError:
        raise PlotError(f"cannot open {path}: no such file (run `prospect sweep FILE --summary`)")
    if header is None or header[-len(FIXED):] != FIXED:
        raise PlotError(f"{path}: not a sweep summary (expected the columns {', '.join(FIXED)} last)")
    return header[:-len(FIXED)], rows


def as_numbers(values):
    try:
        return [float(v) for v in values]
    except ValueError:
        return None


def render(args, out_path):
    keys, rows = load(args.summary)
    metrics = list(dict.fromkeys(row["metric"] for row in rows if row["metric"]))
    if not metrics:
        raise PlotError(f"{args.summary}: no finished runs in the summary")
    metric = args.metric or metrics[0]
    if metric not in metrics:
        raise PlotError(f"no metric {metric} (the summary has: {', '.join(metrics)})")
    rows = [row for row in rows if row["metric"] == metric]
    axes = args.x or keys
    for key in axes + ([args.by] if args.by else []):
        if key not in keys:
            raise PlotError(f"no axis {key} (the sweep's axes: {', '.join(keys) or 'none'})")
    if not axes:
        raise PlotError("the sweep has no axis besides the seed: nothing to plot against")
    first = rows[0]
    scale = 100.0 if args.percent else 1.0

    fig, panels = plt.subplots(1, len(axes), figsize=(4.6 * len(axes), 3.8), squeeze=False)
    for panel, axis in zip(panels[0], axes):
        fixed = [k for k in keys if k not in (axis, args.by)]
        chosen = [row for row in rows if all(row[k] == first[k] for k in fixed)]
        groups = list(dict.fromkeys(row[args.by] for row in chosen)) if args.by else [None]
        for group in groups:
            line = [row for row in chosen if group is None or row[args.by] == group]
            labels = [row[axis] for row in line]
            x = as_numbers(labels)
            order = np.argsort(x) if x is not None else np.arange(len(line))
            positions = np.asarray(x)[order] if x is not None else np.arange(len(line))
            mean = np.array([float(line[i]["mean"]) for i in order]) * scale
            sd = np.nan_to_num(np.array([float(line[i]["sd"]) for i in order])) * scale
            label = f"{args.by} = {group}" if group is not None else None
            panel.errorbar(positions, mean, yerr=sd, marker="o", capsize=3, label=label)
            if x is None:
                panel.set_xticks(positions, [labels[i] for i in order])
        n = sorted({int(row["n"]) for row in chosen})
        panel.set_xlabel(axis)
        panel.set_ylabel(metric + (" [%]" if args.percent else ""))
        title = ", ".join(f"{k} = {first[k]}" for k in fixed)
        panel.set_title((title + "; " if title else "") + f"n = {'-'.join(map(str, n))} per point",
                        fontsize=8)
        panel.grid(alpha=0.3)
        if args.by:
            panel.legend(fontsize=8)
    fig.suptitle(f"{metric}: mean ± sd over seeds", fontsize=10)
    fig.tight_layout()
    save(fig, out_path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary", metavar="DIR", help="sweep output directory or its summary.csv")
    parser.add_argument("--metric", help="metric to draw (default: the table's first)")
    parser.add_argument("--x", action="append", help="axis of a panel (repeatable; default: all)")
    parser.add_argument("--by", help="axis drawn as one line per value")
    parser.add_argument("--percent", action="store_true", help="show fractions as %%")
    parser.add_argument("-o", "--output", metavar="OUT.png", help="default: DIR/summary.png")
    args = parser.parse_args(argv)
    directory = args.summary if os.path.isdir(args.summary) else os.path.dirname(args.summary)
    out_path = args.output or os.path.join(directory, "summary.png")

    def action():
        render(args, out_path)
        print(out_path)

    return report("plot_sweep.py", action)


if __name__ == "__main__":
    sys.exit(main())
