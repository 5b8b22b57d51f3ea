#!/usr/bin/python3
"""Plot a mackey_glass run in the style of Fig. 10 of the GLE paper.

Usage:
    /usr/bin/python3 tools/plot_mackey_glass.py RUN.h5 [-o OUT.png] [--windows N]

RUN.h5 is the file written by `prospect run mackey_glass`; the figure goes to
OUT.png (300 dpi; .pdf or .svg by the extension), by default RUN with the
extension .png. Panels:
    (b, c) target (dashed black) against the autoregressive forecast (blue)
        over the 10 Lyapunov times of the test half, for the first N windows
        (default 3), each titled with its sMAPE;
    (d) sMAPE over the epochs of training for every window (one colour per
        window, named by a colour bar), the best of each marked with a dot,
        the mean final and mean best sMAPE in the title.
"""

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import (COLOURS, PlotError, Run, colour_scale, one_run_parser, output_path,  # noqa: E402
                         run_script)


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


def plot(data, shown):
    shown = min(shown, len(data["final_smape"]))
    fig, axes = plt.subplots(shown + 1, 1, figsize=(12, 3.2 * (shown + 1)))
    for k in range(shown):
        ax = axes[k]
        ax.plot(data["time"], data["target"][k], "--", color="black", lw=1.5, label="target")
        ax.plot(data["time"], data["prediction"][k], color=COLOURS[0], lw=1.5, label="GLE forecast")
        ax.set_xlim(data["time"][0], data["time"][-1])
        ax.set_ylabel("series value x")
        ax.set_title(f"window {k + 1} (start {data['start'][k]:.1f} λ): "
                     f"sMAPE {data['final_smape'][k]:.2f} %", loc="left")
        if k == 0:
            ax.legend(fontsize=10, loc="upper right")
    axes[shown - 1].set_xlabel("time since the end of teacher forcing (Lyapunov times)")

    ax = axes[shown]
    epochs = np.arange(1, data["smape"].shape[1] + 1)
    colours = colour_scale(fig, ax, len(data["smape"]), "window", first=1)
    for k, curve in enumerate(data["smape"]):
        tested = np.isfinite(curve)
        ax.plot(epochs[tested], curve[tested], color=colours[k], lw=1.2)
        ax.plot(data["best_epoch"][k], data["best_smape"][k], "o", color=colours[k], ms=5)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("sMAPE (%)")
    ax.set_title(f"(d) sMAPE over training, {len(data['final_smape'])} windows (best of each: dot):\n"
                 f"final {np.mean(data['final_smape']):.2f} %, "
                 f"best {np.mean(data['best_smape']):.2f} % (mean)",
                 loc="left")
    fig.suptitle(f"Mackey-Glass forecast (Fig. 10): {os.path.basename(data['path'])}")
    return fig


def at_least_one(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return number


def parser():
    parser = one_run_parser("Plot a `prospect run mackey_glass` file.",
                            "run file written by `prospect run mackey_glass`")
    parser.add_argument("--windows", type=at_least_one, default=3,
                        help="windows whose forecast is shown")
    return parser


def draw(args):
    return [(output_path(args.output, args.run), plot(load(args.run), args.windows))]


def main(argv=None):
    return run_script("plot_mackey_glass.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
