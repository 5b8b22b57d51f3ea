#!/usr/bin/python3
"""Plot runs of the ep task (docs/ep.md): learning curves, the GDU check and
relaxation traces.

Usage:
    /usr/bin/python3 tools/plot_ep.py RUN.h5 [MORE.h5 ...] [-o OUT.png] [--epoch E]

RUN.h5 (and any further runs) are files written by `prospect run ep`; the
figure goes to OUT.png (300 dpi; .pdf or .svg by the extension), by default
RUN with the extension .png.
Panels:
    (a) test accuracy per epoch of every run (training accuracy dotted; the
        held-out validation accuracy dashed, and a star on the epoch whose
        parameters the run kept, when it selects on validation data) and,
        on the right axis, its dead output units per epoch (drive below -beta
        on at least the threshold fraction of the unit's class; thin steps);
    (b) the GDU check of the first run at epoch E (default 0, before
        training): cosine between EP's estimate after k nudged steps and
        truncated BPTT through the last k free steps, per parameter tensor,
        k = 1 ... T2, symmetric nudging solid, one-sided dashed;
    (c) the same comparison's relative error |E - G| / max(|E|, |G|);
    (d) the relaxation of the first recorded test image at the last recorded
        epoch: the output layer's states (one colour per unit, a colour bar
        naming them) through the free phase (solid) and, after it, the +beta
        (dashed) and -beta (dotted) nudged phases; below, the energy where the
        model has one.
A run without the GDU check at epoch E, or without recorded relaxations, has
no panels (b) and (c), or (d); a note on stderr says so.
"""

import os
import re
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from plot_common import (PlotError, Run, colour, colour_scale, output_argument, output_path,  # noqa: E402
                         parse_ini, run_script)

# The phases of a relaxation, told apart by line style (colour is the unit's).
PHASE_STYLES = {"free": "-", "plus": "--", "minus": ":"}
PHASE_NAMES = {"free": "free", "plus": "+β nudged", "minus": "−β nudged"}


def label_of(run, path):
    config = parse_ini(run.attribute("configuration", ""))
    model = config.get("", {}).get("model", "?")
    algorithm = config.get("", {}).get("algorithm", "?")
    data = config.get("data", {}).get("set", "?")
    return f"{os.path.basename(path)}: {model} by {algorithm}, {data}"


def load_curves(path):
    with Run(path) as run:
        if run.attribute("task") != "ep":
            raise PlotError(f"{path} is not an ep run (task is '{run.attribute('task')}')")
        curves = {"label": label_of(run, path),
                  "train": run.read("/metrics/epoch/train_accuracy").reshape(-1)}
        curves["test"] = (run.read("/metrics/epoch/test_accuracy").reshape(-1)
                          if run.has("/metrics/epoch/test_accuracy") else None)
        curves["dead"] = (run.read("/metrics/epoch/dead_output_units").reshape(-1)
                          if run.has("/metrics/epoch/dead_output_units") else None)
        curves["validation"] = (run.read("/metrics/epoch/validation_accuracy").reshape(-1)
                                if run.has("/metrics/epoch/validation_accuracy") else None)
        curves["kept"] = (int(run.read("/summary/kept_epoch").reshape(-1)[0])
                          if run.has("/summary/kept_epoch") else None)
        return curves


def load_gdu(run, epoch):
    """{nudging: (steps, {tensor: {measure: values}})} of the GDU check at `epoch`."""
    gdu = {}
    for nudging in ("symmetric", "one_sided"):
        group = f"/metrics/fidelity/gdu_{nudging}_epoch{epoch}"
        if group not in run.file:
            continue
        steps = run.read(f"{group}/step").reshape(-1)
        tensors = {}

        def visit(name, item):
            if name.endswith("/cosine") and not name.startswith("all/"):
                tensor = name[: -len("/cosine")]
                tensors[tensor] = {m: run.read(f"{group}/{tensor}/{m}").reshape(-1)
                                   for m in ("cosine", "relative_error")}

        run.file[group].visititems(visit)
        gdu[nudging] = (steps, tensors)
    return gdu


def load_trace(run):
    """The last recorded epoch's phases: {phase: (layer-L states (steps, N), energy or None)}."""
    if "/trajectories" not in run.file:
        return None, {}
    epochs = sorted(int(m.group(1)) for key in run.group_names("/trajectories")
                    if (m := re.fullmatch(r"epoch(\d+)", key)))
    if not epochs:
        return None, {}
    root = f"/trajectories/epoch{epochs[-1]}"
    phases = {}
    for phase in PHASE_STYLES:
        group = f"{root}/{phase}"
        if group not in run.file:
            continue
        layers = sorted(int(m.group(1)) for key in run.group_names(group)
                        if (m := re.fullmatch(r"layer(\d+)", key)))
        states = run.read(f"{group}/layer{layers[-1]}/s")
        energy = run.read(f"{group}/energy") if run.has(f"{group}/energy") else None
        phases[phase] = (states[:, 0, :], None if energy is None else energy[:, 0].reshape(-1))
    return epochs[-1], phases


def plot_curves(ax, runs):
    dead_ax = None
    starred = False  # one legend entry for the kept epochs' stars
    for i, curves in enumerate(runs):
        epochs = np.arange(1, len(curves["train"]) + 1)
        if curves["test"] is not None:
            ax.plot(epochs, 100 * curves["test"], "o-", color=colour(i), label=curves["label"])
        ax.plot(epochs, 100 * curves["train"], ":", color=colour(i),
                label=None if curves["test"] is not None else curves["label"])
        if curves["validation"] is not None:
            ax.plot(epochs, 100 * curves["validation"], "--", color=colour(i))
            if curves["kept"] is not None and curves["test"] is not None:
                kept = curves["kept"]
                ax.plot([kept], [100 * curves["test"][kept - 1]], "*", ms=16, color=colour(i),
                        markeredgecolor="black", zorder=5,
                        label=None if starred else "parameters kept (best validation)")
                starred = True
        if curves["dead"] is not None:
            dead_ax = dead_ax or ax.twinx()
            dead_ax.step(epochs, curves["dead"], where="mid", color=colour(i), lw=1, alpha=0.7)
    if dead_ax is not None:
        dead_ax.set_ylabel("dead output units")
        # A count: whole-number ticks, at least 0 and 1 even where none died.
        most = max(curves["dead"].max() for curves in runs if curves["dead"] is not None)
        dead_ax.set_ylim(0, 1.05 * max(1, most))
        dead_ax.yaxis.get_major_locator().set_params(integer=True)
        dead_ax.grid(False)
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy (%)")
    validation = any(curves["validation"] is not None for curves in runs)
    ax.set_title("(a) test accuracy (training dotted" + (", validation dashed)" if validation else ")")
                 + (",\ndead output units (thin steps, right)" if dead_ax is not None else ""),
                 loc="left")
    ax.legend(fontsize=10)


def plot_gdu(axes, gdu, epoch):
    names = sorted({t for _, tensors in gdu.values() for t in tensors})
    for measure, ax in zip(("cosine", "relative_error"), axes):
        for nudging, style in (("symmetric", "-"), ("one_sided", "--")):
            if nudging not in gdu:
                continue
            steps, tensors = gdu[nudging]
            for i, name in enumerate(names):
                if name in tensors:
                    ax.plot(steps, tensors[name][measure], style, color=colour(i), marker=".",
                            label=name if nudging == "symmetric" or "symmetric" not in gdu else None)
        ax.set_xlabel("relaxation step")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(fontsize=10, title="parameter tensor", title_fontsize=10)
    axes[0].set_ylabel("cosine similarity")
    axes[0].set_ylim(-1.05, 1.05)
    axes[0].set_title(f"(b) EP (k nudged steps) against BPTT (k free steps)\nat epoch {epoch}: "
                      "symmetric nudging solid, one-sided dashed", loc="left")
    axes[1].set_ylabel("relative error")
    axes[1].set_yscale("log")
    axes[1].set_title("(c) the same comparison: |E − G| / max(|E|, |G|)", loc="left")


def plot_trace(fig, cell, epoch, phases):
    """Panel (d): the output units' states through the phases, one colour per
    unit; the energy below where the model has one."""
    with_energy = any(energy is not None for _, energy in phases.values())
    grid = cell.subgridspec(2 if with_energy else 1, 1, height_ratios=[3, 1] if with_energy else [1])
    ax = fig.add_subplot(grid[0])
    free_states, _ = phases["free"]
    offset = free_states.shape[0]
    colours = colour_scale(fig, ax, free_states.shape[1], "output unit")
    energy_ax = fig.add_subplot(grid[1], sharex=ax) if with_energy else None
    for phase, (states, energy) in phases.items():
        start = 0 if phase == "free" else offset
        steps = start + np.arange(1, states.shape[0] + 1)
        for unit in range(states.shape[1]):
            ax.plot(steps, states[:, unit], color=colours[unit], ls=PHASE_STYLES[phase], lw=1.5)
        if energy is not None:
            energy_ax.plot(steps, energy, color="black", ls=PHASE_STYLES[phase], lw=1.5)
    for axis in filter(None, (ax, energy_ax)):
        axis.axvline(offset + 0.5, color="0.5", lw=1, zorder=0)
    handles = [Line2D([], [], color="0.3", ls=style, label=f"{PHASE_NAMES[phase]} phase")
               for phase, style in PHASE_STYLES.items() if phase in phases]
    ax.legend(handles=handles, fontsize=10, loc="best")
    ax.set_ylabel("output-layer state")
    ax.set_title(f"(d) relaxation of the first recorded test image, epoch {epoch}\n"
                 "(the nudged phases start from the free phase's end)", loc="left")
    bottom = energy_ax or ax
    bottom.set_xlabel("relaxation step")
    bottom.xaxis.get_major_locator().set_params(integer=True)
    if energy_ax is not None:
        ax.tick_params(labelbottom=False)
        energy_ax.set_ylabel("energy")


def render(paths, epoch):
    runs = [load_curves(path) for path in paths]
    with Run(paths[0]) as run:
        gdu = load_gdu(run, epoch)
        trace_epoch, phases = load_trace(run)
    # Panels (b)-(d) only where the run has what they show; a note says which not.
    missing = ([f"no GDU check at epoch {epoch}: no (b), (c)"] if not gdu else []) + \
              (["no relaxation recorded: no (d)"] if not phases else [])
    for note in missing:
        print(f"plot_ep.py: note: {paths[0]}: {note}", file=sys.stderr)
    panels = 1 + 2 * bool(gdu) + bool(phases)
    rows, columns = (2, 2) if panels == 4 else (1, panels)
    fig = plt.figure(figsize=(8 * columns, 5.5 * rows))
    cells = iter(fig.add_gridspec(rows, columns))
    plot_curves(fig.add_subplot(next(cells)), runs)
    if gdu:
        plot_gdu([fig.add_subplot(next(cells)), fig.add_subplot(next(cells))], gdu, epoch)
    if phases:
        plot_trace(fig, next(cells), trace_epoch, phases)
    return fig


def parser():
    import argparse
    parser = argparse.ArgumentParser(description="Plot runs of the ep task.")
    parser.add_argument("runs", nargs="+", metavar="RUN.h5", help="files written by `prospect run ep`")
    output_argument(parser, "the first RUN with the extension .png")
    parser.add_argument("--epoch", type=int, default=0,
                        help="epoch of the GDU check shown (default 0: before training)")
    return parser


def draw(args):
    return [(output_path(args.output, args.runs[0]), render(args.runs, args.epoch))]


def main(argv=None):
    return run_script("plot_ep.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
