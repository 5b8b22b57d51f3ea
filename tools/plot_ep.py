#!/usr/bin/python3
"""Plot runs of the ep task (docs/ep.md): learning curves, the GDU check and
relaxation traces.

Usage:
    /usr/bin/python3 tools/plot_ep.py RUN.h5 [MORE.h5 ...] [-o OUT.png] [--epoch E]

RUN.h5 (and any further runs) are files written by `prospect run ep`; the
figure (PNG, 150 dpi) goes to OUT.png, by default RUN with the extension .png.
Panels:
    (a) test accuracy per epoch of every run (training accuracy dotted) and,
        on the right axis, its dead output units per epoch (drive below -beta
        on at least the threshold fraction of the unit's class; thin steps);
    (b) the GDU check of the first run at epoch E (default 0, before
        training): cosine between EP's estimate after k nudged steps and
        truncated BPTT through the last k free steps, per parameter tensor,
        k = 1 ... T2, symmetric nudging solid, one-sided dashed;
    (c) the same comparison's relative error |E - G| / max(|E|, |G|);
    (d) the relaxation of the first recorded test image at the last recorded
        epoch: the output layer's states through the free phase and, after
        it, the +beta and -beta nudged phases; the energy where the model has
        one (right axis).
"""

import os
import re
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import PlotError, Run, parse_ini, report, save  # noqa: E402

PHASE_COLORS = {"free": "black", "plus": "tab:red", "minus": "tab:blue"}


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
    for phase in PHASE_COLORS:
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
    for i, curves in enumerate(runs):
        color = f"C{i}"
        epochs = np.arange(1, len(curves["train"]) + 1)
        if curves["test"] is not None:
            ax.plot(epochs, 100 * curves["test"], "o-", color=color, label=curves["label"])
        ax.plot(epochs, 100 * curves["train"], ":", color=color,
                label=None if curves["test"] is not None else curves["label"])
        if curves["dead"] is not None:
            dead_ax = dead_ax or ax.twinx()
            dead_ax.step(epochs, curves["dead"], where="mid", color=color, lw=0.8, alpha=0.7)
    if dead_ax is not None:
        dead_ax.set_ylabel("dead output units (thin steps)")
        dead_ax.set_ylim(bottom=0)
        dead_ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy (%)")
    ax.set_title("(a) test accuracy (training dotted)"
                 + (", dead output units (thin steps, right)" if dead_ax is not None else ""))
    ax.legend(fontsize=7)


def plot_gdu(axes, gdu, epoch):
    if not gdu:
        for ax in axes:
            ax.text(0.5, 0.5, f"no GDU check at epoch {epoch}", ha="center", transform=ax.transAxes)
        return
    names = sorted({t for _, tensors in gdu.values() for t in tensors})
    for measure, ax in zip(("cosine", "relative_error"), axes):
        for nudging, style in (("symmetric", "-"), ("one_sided", "--")):
            if nudging not in gdu:
                continue
            steps, tensors = gdu[nudging]
            for i, name in enumerate(names):
                if name in tensors:
                    ax.plot(steps, tensors[name][measure], style, color=f"C{i}", marker=".",
                            label=name if nudging == "symmetric" or "symmetric" not in gdu else None)
        ax.set_xlabel("nudged steps k (EP) = free steps backpropagated (BPTT)")
        ax.legend(fontsize=7)
    axes[0].set_ylabel("cosine(EP, BPTT)")
    axes[0].set_ylim(-1.05, 1.05)
    axes[0].set_title(f"(b) GDU at epoch {epoch}: cosine (symmetric solid, one-sided dashed)")
    axes[1].set_ylabel("relative error")
    axes[1].set_yscale("log")
    axes[1].set_title(f"(c) GDU at epoch {epoch}: relative error")


def plot_trace(ax, epoch, phases):
    if not phases:
        ax.text(0.5, 0.5, "no relaxation recorded", ha="center", transform=ax.transAxes)
        return
    free_states, free_energy = phases["free"]
    offset = free_states.shape[0]
    energy_ax = None
    for phase, (states, energy) in phases.items():
        start = 0 if phase == "free" else offset
        steps = start + np.arange(1, states.shape[0] + 1)
        lines = ax.plot(steps, states, color=PHASE_COLORS[phase], lw=0.8)
        lines[0].set_label(phase)
        if energy is not None:
            energy_ax = energy_ax or ax.twinx()
            energy_ax.plot(steps, energy, color=PHASE_COLORS[phase], ls="--", lw=1)
    if energy_ax is not None:
        energy_ax.set_ylabel("energy (dashed)")
    ax.set_xlabel("step (nudged phases restart from the free state)")
    ax.set_ylabel("output-layer state")
    ax.set_title(f"(d) relaxation of the first recorded test image, epoch {epoch}")
    ax.legend(fontsize=7, loc="center left")


def render(paths, out_path, epoch):
    runs = [load_curves(path) for path in paths]
    with Run(paths[0]) as run:
        gdu = load_gdu(run, epoch)
        trace_epoch, phases = load_trace(run)
    fig, axes = plt.subplots(2, 2, figsize=(13, 9), constrained_layout=True)
    plot_curves(axes[0, 0], runs)
    plot_gdu([axes[0, 1], axes[1, 0]], gdu, epoch)
    plot_trace(axes[1, 1], trace_epoch, phases)
    save(fig, out_path)


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description="Plot runs of the ep task.")
    parser.add_argument("runs", nargs="+", metavar="RUN.h5", help="files written by `prospect run ep`")
    parser.add_argument("-o", "--output", metavar="OUT.png",
                        help="output image (default: the first RUN with the extension .png)")
    parser.add_argument("--epoch", type=int, default=0,
                        help="epoch of the GDU check shown (default 0: before training)")
    args = parser.parse_args(argv)
    out_path = args.output or os.path.splitext(args.runs[0])[0] + ".png"

    def action():
        render(args.runs, out_path, args.epoch)
        print(out_path)

    return report("plot_ep.py", action)


if __name__ == "__main__":
    sys.exit(main())
