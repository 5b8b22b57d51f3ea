#!/usr/bin/python3
"""One metric of a sweep against its axes, with error bars: mean ± sd over
the runs of each setting (the seeds), from the table `prospect sweep FILE`
writes (DIR/summary.csv).

Usage:
    /usr/bin/python3 tools/plot_sweep.py DIR [--metric M] [--x AXIS ...] [--by KEY]
                                         [--percent] [--prospect PATH] [-o OUT.png]

DIR is the sweep's output directory (or its summary.csv). --metric names a
metric of the table (default: the first one; `prospect summarize DIR` lists
them), --x an axis: one panel per --x (default: every axis). In the panel of
an axis the other axes stay at the values of the sweep's first setting,
except --by, which draws one line per value. --percent scales fractions to %.
A point that stands for a single seed has no error bar and a hollow marker.
The axes are named by their options' help text and unit, which
`prospect run TASK --help` prints (TASK read from a run file of the sweep):
--prospect names the program, by default build/prospect beside tools/, the
package's own, or `prospect` on PATH. The figure (default DIR/summary.png;
300 dpi, or .pdf / .svg by the extension) path is printed.
"""

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import (PlotError, Run, colour, mean_points, output_argument, run_script,  # noqa: E402
                         single_seed_handle)

# Columns of summary.csv after the axis columns.
FIXED = ["runs", "failed", "metric", "n", "mean", "sd"]
# An option line of `prospect run TASK --help`: "  key = default  help [unit] (range)".
OPTION_LINE = re.compile(r"  (\S+) = (.*?)  +(?P<help>\S.*?)(?: \[(?P<unit>[^\]]+)\])?"
                         r"(?: \((?P<range>(?:in )?[<>(\[].*|whole .*|list of .*|number|text|\S+(?: \| [^)]+)+)\))?")
LABEL_WIDTH = 50  # characters per line of an axis label


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


def sweep_task(directory):
    """The task of the sweep in `directory`, from the first of its run files
    listed in index.csv that exists; None when there is none."""
    try:
        with open(os.path.join(directory, "index.csv"), newline="") as stream:
            names = [row["name"] for row in csv.DictReader(stream)]
    except (OSError, KeyError):
        return None
    for name in names:
        path = os.path.join(directory, name + ".h5")
        if os.path.exists(path):
            with Run(path) as run:
                return run.attribute("task")
    return None


def prospect_program(given):
    """The `prospect` program: --prospect, else the checkout's build, the
    installed package's, or the one on PATH; None when there is none."""
    if given:
        if not os.access(given, os.X_OK):
            raise PlotError(f"--prospect {given}: not an executable program")
        return given
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, os.pardir, "build", "prospect"),
                      os.path.join(here, os.pardir, "bin", "prospect")):
        if os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("prospect")


def option_help(program, task):
    """{key: (help, unit)} of the task's options, from `prospect run TASK --help`."""
    process = subprocess.run([program, "run", task, "--help"], capture_output=True, text=True)
    if process.returncode != 0:
        raise PlotError(f"{program} run {task} --help failed: {process.stderr.strip()}")
    options = {}
    for line in process.stdout.splitlines():
        match = OPTION_LINE.fullmatch(line)
        if match:
            options[match.group(1)] = (match.group("help"), match.group("unit"))
    return options


def option_words(key, options):
    """(words, unit) of an option: its help text without its figure reference
    and its unit; the key itself (and no unit) when the help is unknown."""
    text, unit = options.get(key, (key, None))
    return re.sub(r" \(Fig\. [^)]*\)", "", text), unit


def option_label(key, options):
    """An axis label in words: the option's help text, then its unit."""
    words, unit = option_words(key, options)
    return words + (f" ({unit})" if unit else "")


def metric_label(metric, percent):
    """summary/best_validation_accuracy -> "best validation accuracy (%)"."""
    words = " ".join(part.replace("_", " ") for part in metric.split("/")[1:] or [metric])
    if percent:
        return words + " (%)"
    return words + (" (fraction)" if "accuracy" in metric else "")


def as_numbers(values):
    try:
        return [float(v) for v in values]
    except ValueError:
        return None


def render(args):
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
    options = sweep_options(args)
    first = rows[0]
    scale = 100.0 if args.percent else 1.0

    fig, panels = plt.subplots(1, len(axes), figsize=(6.5 * len(axes), 5.5), squeeze=False)
    any_single = False
    for panel, axis in zip(panels[0], axes):
        fixed = [k for k in keys if k not in (axis, args.by)]
        chosen = [row for row in rows if all(row[k] == first[k] for k in fixed)]
        groups = list(dict.fromkeys(row[args.by] for row in chosen)) if args.by else [None]
        for g, group in enumerate(groups):
            line = [row for row in chosen if group is None or row[args.by] == group]
            labels = [row[axis] for row in line]
            x = as_numbers(labels)
            order = np.argsort(x) if x is not None else np.arange(len(line))
            positions = np.asarray(x)[order] if x is not None else np.arange(len(line))
            any_single |= mean_points(
                panel, positions, [scale * float(line[i]["mean"]) for i in order],
                [scale * float(line[i]["sd"] or "nan") for i in order], [int(line[i]["n"]) for i in order],
                colour(g), label=setting(args.by, group, options) if group is not None else None)
            if x is None or len(positions) <= 8:  # the swept values themselves
                panel.set_xticks(positions, [labels[i] for i in order])
        n = sorted({int(row["n"]) for row in chosen})
        panel.set_xlabel(textwrap.fill(option_label(axis, options), LABEL_WIDTH))
        panel.set_ylabel(metric_label(metric, args.percent))
        title = "\n".join(setting(k, first[k], options) for k in fixed)
        panel.set_title((title + "\n" if title else "") + f"seeds per point: {'-'.join(map(str, n))}",
                        fontsize=11)
        handles, _ = panel.get_legend_handles_labels()
        if any_single:
            handles.append(single_seed_handle())
        if handles:
            panel.legend(handles=handles, fontsize=10)
    fig.suptitle(f"{metric_label(metric, args.percent)}: mean ± sd over seeds")
    return fig


def sweep_options(args):
    """The help and unit of the sweep task's options, or {} after a note on
    stderr saying why the axes keep their keys."""
    directory = args.summary if os.path.isdir(args.summary) else os.path.dirname(args.summary)
    task = sweep_task(directory or ".")
    program = prospect_program(args.prospect)
    if task is None or program is None:
        missing = "no run file of the sweep" if task is None else "no prospect program (--prospect PATH)"
        print(f"plot_sweep.py: note: {missing}: the axes are named by their keys", file=sys.stderr)
        return {}
    return option_help(program, task)


def setting(key, value, options):
    """key = value in words: "rate noise = 0.05" (with the option's unit)."""
    words, unit = option_words(key, options)
    short = textwrap.shorten(words, LABEL_WIDTH, placeholder="…")
    return f"{short} = {value}" + (f" {unit}" if unit else "")


def parser():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary", metavar="DIR", help="sweep output directory or its summary.csv")
    parser.add_argument("--metric", help="metric to draw (default: the table's first)")
    parser.add_argument("--x", action="append", help="axis of a panel (repeatable; default: all)")
    parser.add_argument("--by", help="axis drawn as one line per value")
    parser.add_argument("--percent", action="store_true", help="show fractions as %%")
    parser.add_argument("--prospect", metavar="PATH",
                        help="the prospect program whose help names the axes "
                             "(default: build/prospect, the package's, or prospect on PATH)")
    output_argument(parser, "DIR/summary.png")
    return parser


def draw(args):
    directory = args.summary if os.path.isdir(args.summary) else os.path.dirname(args.summary)
    return [(args.output or os.path.join(directory, "summary.png"), render(args))]


def main(argv=None):
    return run_script("plot_sweep.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
