#!/usr/bin/python3
"""Learning curves of streamed-classification runs, `prospect run mnist1d`
(GLE paper Fig. 8d) and `prospect run speech` (Fig. 8e), and a table of their
accuracies.

Usage:
    /usr/bin/python3 tools/plot_learning_curves.py RUN.h5 [RUN.h5 ...] [-o OUT.png] [--table]

One or more run files (e.g. one per seed). The figure (PNG at 300 dpi, or
.pdf / .svg by the extension of -o; default: the first run's name with .png)
has three panels against the epoch:
validation accuracy (each run thin, their mean thick, training accuracy
dashed, test accuracy dotted where the run has a test split), validation
loss (mean per-step cross-entropy) and the learning rate (log scale).
--table prints instead, per run: setting (MNIST-1D preset or speech corpus),
seed, epochs, final and best validation accuracy (with its epoch), the test
accuracy at the end and at the best validation epoch (speech), wall time,
ms per training step, then the mean and standard deviation over the runs
(wall time and ms per step appear once a run has finished).
"""

import argparse
import os
import sys

# A running job keeps its file open for writing and flushes it after every
# epoch; reading it without HDF5's lock lets one watch the curves live.
os.environ.setdefault("HDF5_USE_FILE_LOCKING", "FALSE")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import (PlotError, Run, colour, output_argument, output_path, parse_ini,  # noqa: E402
                         run_script)

METRICS = "metrics/epoch/"
# The key that names a run's setting, per task.
SETTING = {"mnist1d": "preset", "speech": "corpus"}
TITLE = {"mnist1d": "MNIST-1D", "speech": "Spoken words"}


def load(path):
    with Run(path) as run:
        task = run.attribute("task")
        if task not in SETTING:
            raise PlotError(f"{path}: not an mnist1d or speech run (task = {task})")
        config = parse_ini(run.attribute("configuration", ""))
        curves = {name: run.read(METRICS + name)
                  for name in ("train_accuracy", "validation_accuracy", "validation_loss",
                               "learning_rate", "seconds", "train_seconds")}
        test = METRICS + "test_accuracy"
        curves["test_accuracy"] = run.read(test) if run.has(test) else None
        if curves["validation_accuracy"].size == 0:
            raise PlotError(f"{path}: no epoch finished yet")
        # Written when the run ends; a run in progress has none yet.
        summary = "summary/ms_per_training_step"
        ms_per_step = float(run.read(summary)[0]) if run.has(summary) else float("nan")
        default = "fsdd" if task == "speech" else "e2e-15k"
        return {"path": path, "task": task,
                "setting": config.get("", {}).get(SETTING[task], default),
                "seed": run.attribute("seed", "?"), "ms_per_step": ms_per_step, **curves}


def table(runs):
    with_test = any(r["test_accuracy"] is not None for r in runs)
    test_header = f" {'test %':>7} {'test@best':>9}" if with_test else ""
    print(f"{'run':<40} {'setting':<15} {'seed':>4} {'epochs':>6} {'final %':>8} "
          f"{'best %':>7} {'(epoch)':>7}{test_header} {'wall s':>8} {'ms/step':>8}")
    columns = {"final": [], "best": [], "test": [], "test at best validation": []}
    for r in runs:
        accuracy = 100 * r["validation_accuracy"]
        best = int(np.argmax(accuracy))
        columns["final"].append(accuracy[-1])
        columns["best"].append(accuracy[best])
        test_text = ""
        if with_test:
            test = 100 * r["test_accuracy"] if r["test_accuracy"] is not None else np.full(accuracy.size, np.nan)
            test_text = f" {test[-1]:>7.2f} {test[best]:>9.2f}"
            columns["test"].append(test[-1])
            columns["test at best validation"].append(test[best])
        print(f"{os.path.basename(r['path']):<40} {r['setting']:<15} {r['seed']:>4} "
              f"{accuracy.size:>6} {accuracy[-1]:>8.2f} {accuracy[best]:>7.2f} {best + 1:>7}"
              f"{test_text} {r['seconds'].sum():>8.0f} {r['ms_per_step']:>8.3f}")
    if len(runs) > 1:
        summary = ", ".join(f"{name} {np.mean(values):.2f} ± {np.std(values, ddof=1):.2f} %"
                            for name, values in columns.items() if values)
        print(f"{'mean ± sd over ' + str(len(runs)) + ' runs':<40} {summary}")


def plot(runs):
    fig, axes = plt.subplots(1, 3, figsize=(17, 5.5))
    accuracy_axis, loss_axis, lr_axis = axes
    longest = max(r["validation_accuracy"].size for r in runs)
    for i, r in enumerate(runs):
        epochs = np.arange(1, r["validation_accuracy"].size + 1)
        label = f"{r['setting']} seed {r['seed']}"
        accuracy_axis.plot(epochs, 100 * r["validation_accuracy"], color=colour(i), lw=1.2,
                           label=label)
        accuracy_axis.plot(epochs, 100 * r["train_accuracy"], color=colour(i), lw=1, ls="--")
        if r["test_accuracy"] is not None:
            accuracy_axis.plot(epochs, 100 * r["test_accuracy"], color=colour(i), lw=1.2, ls=":")
        loss_axis.plot(epochs, r["validation_loss"], color=colour(i), lw=1.2)
        lr_axis.semilogy(epochs, r["learning_rate"], color=colour(i), lw=1.2)
    complete = [r for r in runs if r["validation_accuracy"].size == longest]
    if len(complete) > 1:
        mean = np.mean([100 * r["validation_accuracy"] for r in complete], axis=0)
        accuracy_axis.plot(np.arange(1, longest + 1), mean, color="black", lw=2.5,
                           label=f"mean of {len(complete)}")
    title = "validation (solid), training while learning\n(dashed)"
    if any(r["test_accuracy"] is not None for r in runs):
        title += ", test (dotted)"
    accuracy_axis.set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100), title=title)
    accuracy_axis.legend(loc="best", fontsize=10)
    loss_axis.set(xlabel="epoch", ylabel="validation loss (nats per step)",
                  title="cross-entropy, mean over the steps")
    lr_axis.set(xlabel="epoch", ylabel="learning rate", title="plateau scheduler")
    tasks = sorted({TITLE[r["task"]] for r in runs})
    fig.suptitle(f"{' and '.join(tasks)} streamed online into a GLE network")
    return fig


def parser():
    parser = argparse.ArgumentParser(
        description="Learning curves of mnist1d and speech runs, or a table.")
    parser.add_argument("runs", metavar="RUN.h5", nargs="+",
                        help="run files of `prospect run mnist1d` or `prospect run speech`")
    output_argument(parser, "the first RUN with the extension .png")
    parser.add_argument("--table", action="store_true", help="print a table instead of plotting")
    return parser


def draw(args):
    runs = [load(path) for path in args.runs]
    if args.table:
        table(runs)
        return []
    return [(output_path(args.output, args.runs[0]), plot(runs))]


def main(argv=None):
    return run_script("plot_learning_curves.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
