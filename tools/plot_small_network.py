#!/usr/bin/python3
"""Plot a small_network run in the style of Fig. 6 of the GLE paper.

Usage:
    /usr/bin/python3 tools/plot_small_network.py RUN.h5 [-o OUT.png]

RUN.h5 is the file written by `prospect run small_network`; the figure goes to
OUT.png (300 dpi; .pdf or .svg by the extension), by default RUN with the
extension .png. Panels:
    (a) the bottom weights of the GLE and adjoint-method (AM) students over
        time, the teacher's dashed; (b) their output MSE;
    (c) per bottom neuron (instantaneous, retrospective), the phase of the
        error e and the adjoint lambda relative to the output error over the
        fixed-weight window, at the bins where the output error has power
        (Fig. 6c); (d) the amplitude spectra of e and lambda, the input
        frequencies marked (Fig. 6d).
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import (COLOURS, OMEGA, TIME, PlotError, Run, one_run_parser, output_path,  # noqa: E402
                         parse_ini, run_script)

NEURONS = ("instantaneous", "retrospective")
COLORS = {"gle": COLOURS[0], "am": COLOURS[1]}


def load(path):
    with Run(path) as run:
        if run.attribute("task") != "small_network":
            raise PlotError(f"{path} is not a small_network run (task is '{run.attribute('task')}')")
        config = parse_ini(run.attribute("configuration", ""))
        data = {"path": path, "time": run.read("/time").reshape(-1),
                "metric_time": None, "teacher": run.read("/summary/teacher/w1").reshape(-1),
                "omegas": [float(v) for v in config.get("input", {}).get("omega", "").split(",") if v.strip()]}
        for student in COLORS:
            data[student] = {"w": run.read(f"/parameters/{student}/layer1/W").reshape(len(data["time"]), -1),
                             "mse": run.read(f"/metrics/{student}/mse").reshape(-1)}
        for neuron in NEURONS:
            data[neuron] = {
                "bins": run.read(f"/summary/{neuron}/power_bins_omega").reshape(-1),
                "difference": run.read(f"/summary/{neuron}/phase_difference_deg").reshape(-1)}
            for signal in ("e", "lambda"):
                group = f"/spectra/{signal}_{neuron}"
                data[neuron][signal] = {key: run.read(f"{group}/{key}").reshape(-1)
                                        for key in ("omega", "phase", "power_signal", "power_reference")}
        return data


def plot(data):
    fig, axes = plt.subplots(2, 3, figsize=(18, 10))
    ax = axes[0, 0]
    for student, color in COLORS.items():
        for i, style in enumerate(("-", ":")):
            ax.plot(data["time"], data[student]["w"][:, i], style, color=color,
                    label=f"{student} w1[{NEURONS[i][:5]}]")
    for value in data["teacher"]:
        ax.axhline(value, color="black", ls="--", lw=1)
    ax.set_xlabel(f"time ({TIME})")
    ax.set_ylabel("weight w")
    ax.set_title("(a) bottom weights (teacher dashed)", loc="left")
    ax.legend(fontsize=10)
    ax = axes[1, 0]
    every = len(data["time"]) / max(1, len(data["gle"]["mse"]))
    for student, color in COLORS.items():
        mse = data[student]["mse"]
        ax.semilogy(np.arange(len(mse)) * every * np.median(np.diff(data["time"])), mse,
                    color=color, label=student, lw=1.2)
    ax.set_xlabel(f"time ({TIME})")
    ax.set_ylabel("output MSE")
    ax.set_title("(b) loss", loc="left")
    ax.legend(fontsize=10)
    for row, neuron in enumerate(NEURONS):
        e, lam, bins = data[neuron]["e"], data[neuron]["lambda"], data[neuron]["bins"]
        shown = e["power_reference"] >= 1e-4 * e["power_reference"].max()
        ax = axes[row, 1]
        ax.plot(e["omega"][shown], np.degrees(e["phase"][shown]), "o", color=COLORS["gle"], label="e")
        ax.plot(lam["omega"][shown], np.degrees(lam["phase"][shown]), "x", ms=7, mew=2,
                color=COLORS["am"], label="λ")
        for omega in bins:
            ax.axvline(omega, color="0.85", lw=4, zorder=0)
        worst = np.abs(data[neuron]["difference"]).max() if data[neuron]["difference"].size else np.nan
        ax.set_xlim(0, 3 * max(data["omegas"] or [1]))
        ax.set_xlabel(OMEGA)
        ax.set_ylabel("phase against output error (degrees)")
        ax.set_title(f"(c) {neuron}: phase; max |Δ| = {worst:.2f}°\nat the grey bins (power)", loc="left")
        ax.legend(fontsize=10)
        ax = axes[row, 2]
        ax.semilogy(e["omega"], np.sqrt(e["power_signal"]), color=COLORS["gle"], label="|e|")
        ax.semilogy(lam["omega"], np.sqrt(lam["power_signal"]), color=COLORS["am"], label="|λ|")
        for omega in data["omegas"]:
            ax.axvline(omega, color=COLOURS[3], ls=":", lw=1.5)
        ax.set_xlim(0, 3 * max(data["omegas"] or [1]))
        ax.set_xlabel(OMEGA)
        ax.set_ylabel("amplitude")
        ax.set_title(f"(d) {neuron}: amplitude spectra\n(input frequencies dotted)", loc="left")
        ax.legend(fontsize=10)
    fig.suptitle(f"Small GLE network (Fig. 6): {os.path.basename(data['path'])}")
    return fig


def parser():
    return one_run_parser("Plot a `prospect run small_network` file.",
                          "run file written by `prospect run small_network`")


def draw(args):
    return [(output_path(args.output, args.run), plot(load(args.run)))]


def main(argv=None):
    return run_script("plot_small_network.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
