#!/usr/bin/python3
"""Plot a mackey_glass run in the style of Fig. 10 of the GLE paper.

Usage:
    /usr/bin/python3 tools/plot_mackey_glass.py RUN.h5 [-o OUT.png] [--windows N]

RUN.h5 is the file written by `prospect run mackey_glass`; the figure (PNG,
150 dpi) goes to OUT.png, by default RUN with the extension .png. Panels:
    (b, c) target (dashed black) against the autoregressive forecast (blue)
        over the 10 Lyapunov times of the test half, for the first N windows
        (default 3), each titled with its sMAPE;
    (d) sMAPE over the epochs of training for every window, the best of each
        marked with a dot, the mean final and mean best sMAPE in the title.
"""

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import PlotError, Run, one_plot_main, save  # noqa: E402


def load(path):
    with Run(path) as run:
        if run.attribute("task") != "mackey_glass":
            raise PlotError(f"{path} is not a mackey_glass run (task is '{run.attribute('task')}')")
        data = {"path": path, "time": run.read("/forecast/time").reshape(-1)}
        for key in ("prediction", "target"):
            data[key] = run.read(f"/forecast/{key}")
        data["smape"] = run.read("/metrics/epoch/smape")
        for key in ("final_smape", "best_smape", "best_epoch", "start"):
            data[key] = run.read(f"/metrics/window/{key}").reshape(-1)
        return data


def plot(data, out_path, shown):
    shown = min(shown, len(data["final_smape"]))
    fig, axes = plt.subplots(shown + 1, 1, figsize=(10, 2.4 * (shown + 1)), constrained_layout=True)
    for k in range(shown):
        ax = axes[k]
        ax.plot(data["time"], data["target"][k], "k--", lw=1, label="target")
        ax.plot(data["time"], data["prediction"][k], color="tab:blue", lw=1, label="GLE forecast")
        ax.set_xlim(data["time"][0], data["time"][-1])
        ax.set_ylabel("x")
        ax.set_title(f"window {k + 1} (start {data['start'][k]:.1f} λ): sMAPE {data['final_smape'][k]:.2f} %",
                     fontsize=9)
        if k == 0:
            ax.legend(fontsize=8, loc="upper right")
    axes[shown - 1].set_xlabel("time since the end of teacher forcing [Lyapunov times]")

    ax = axes[shown]
    epochs = np.arange(1, data["smape"].shape[1] + 1)
    for k, curve in enumerate(data["smape"]):
        tested = np.isfinite(curve)
        ax.plot(epochs[tested], curve[tested], color="tab:blue", alpha=0.3, lw=0.8)
        ax.plot(data["best_epoch"][k], data["best_smape"][k], "o", color="tab:blue", ms=3)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("sMAPE [%]")
    ax.set_title(f"(d) sMAPE over training, {len(data['final_smape'])} windows: final "
                 f"{np.mean(data['final_smape']):.2f} %, best {np.mean(data['best_smape']):.2f} % (mean)",
                 fontsize=9)
    fig.suptitle(f"Mackey-Glass forecast (Fig. 10): {os.path.basename(data['path'])}")
    save(fig, out_path)


def at_least_one(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return number


def main(argv=None):
    def add_arguments(parser):
        parser.add_argument("--windows", type=at_least_one, default=3,
                            help="windows whose forecast is shown")

    return one_plot_main("plot_mackey_glass.py", "Plot a `prospect run mackey_glass` file (PNG).",
                         "run file written by `prospect run mackey_glass`",
                         lambda args, out_path: plot(load(args.run), out_path, args.windows), argv,
                         add_arguments)


if __name__ == "__main__":
    sys.exit(main())
