#!/usr/bin/python3
"""Learning curves, gradient fidelity and per-level distributions of
`prospect run shunting` runs, and a table of their results.

Usage:
    /usr/bin/python3 tools/plot_shunting.py RUN.h5 [RUN.h5 ...] [-o PREFIX] [--format F] [--table]

Writes three or four figures (PNG at 300 dpi, or --format pdf / svg; PREFIX
defaults to the first run without its extension) and prints their paths:
    PREFIX-curves.png    test and validation accuracy per epoch of each run
                         (one colour per setting) and the training loss; for
                         Fashion-MNIST runs the authors' logged test-accuracy
                         curves of the same setting (mean of 5 seeds,
                         docs/shunting.md) as open squares of its colour;
    PREFIX-fidelity.png  the local rule against the exact gradient on the
                         probe batch: numel-weighted cosine, scale mismatch,
                         and the cosine per component, per epoch (epoch 0:
                         initialisation);
    PREFIX-levels.png    per level: mean voltage and mean input resistance
                         (with the 5–95 % range) per epoch;
    PREFIX-dose.png      only when the runs span several K_I: test accuracy
                         of the kept parameters against K_I per setting (each
                         seed, and the mean ± sd; a hollow circle where one
                         seed stands alone), with the paper's MNIST dose
                         response (local 5F) as open squares.
--table prints instead, per run: data set, core, learning rule, seed,
epochs, test accuracy of the kept parameters (lowest validation loss) and at
the last epoch, fidelity at initialisation and at the end (weighted cosine /
scale mismatch), seconds per epoch; then mean ± sd per setting.

Needs Debian's python3-h5py, python3-numpy and python3-matplotlib (/usr/bin/python3).
"""

import argparse
import os
import sys

os.environ.setdefault("HDF5_USE_FILE_LOCKING", "FALSE")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import (PlotError, Run, colour, mean_points, parse_ini, prefix_arguments,  # noqa: E402
                         run_script, single_seed_handle)

METRICS = "metrics/epoch/"
FIDELITY = "metrics/fidelity_summary/local_vs_exact/"
COMPONENTS = ("excitatory_synapse", "inhibitory_synapse", "dendritic_conductance", "reactivation")
# The authors' logged Fashion-MNIST test accuracy [%] at the end of these
# epochs, mean of 5 seeds (docs/shunting.md), by (learning, core).
PAPER_EPOCHS = [1, 2, 3, 5, 10, 20, 50, 100, 200]
PAPER_FMNIST = {
    ("local", "shunting"): [10.1, 20.1, 28.8, 39.3, 52.3, 66.4, 75.8, 78.8, 80.7],
    ("local", "additive"): [10.0, 10.0, 11.2, 12.0, 12.3, 16.4, 49.0, 74.9, 79.2],
    ("backprop", "shunting"): [46.5, 58.8, 68.9, 75.7, 80.9, 84.3, 86.8, 87.9, 87.4],
    ("backprop", "additive"): [10.9, 17.5, 27.7, 54.8, 77.4, 83.0, 86.6, 87.5, 86.8],
}
# The paper's K_I dose response on MNIST, local 5F per-soma, test accuracy [%]
# of the best-validation parameters after 200 epochs, by core.
PAPER_DOSE_K_I = [0, 5, 10, 20, 40]
PAPER_MNIST_DOSE = {
    "shunting": [72.6, 90.6, 90.4, 91.4, 91.0],
    "additive": [79.1, 89.0, 89.8, 89.5, 88.3],
}


def setting_of(config):
    """(data set, core, learning, rule, K_I) of a run's configuration; synthetic
    data presented as ON/OFF channels count as a data set of their own."""
    def value(section, key, default):
        return config.get(section, {}).get(key, default)
    learning = value("", "learning", "local")
    rule = value("rule", "factors", "5f") + " " + value("rule", "broadcast", "per_soma")
    data_set = value("data", "set", "mnist")
    if data_set in ("noise_resilience", "info_shunting") and value("data", "channels", "signed") == "on_off":
        data_set += " on_off"
    return (data_set, value("network", "core", "shunting"), learning,
            rule if learning == "local" else "backprop", value("network", "k_inh", "20"))


def optional(run, name):
    return run.read(name) if run.has(name) else None


def load(path):
    with Run(path) as run:
        task = run.attribute("task")
        if task != "shunting":
            raise PlotError(f"{path}: not a shunting run (task = {task})")
        config = parse_ini(run.attribute("configuration", ""))
        data_set, core, learning, rule, k_inh = setting_of(config)
        r = {"path": path, "seed": run.attribute("seed", "?"), "data_set": data_set, "core": core,
             "learning": learning, "rule": rule, "k_inh": k_inh}
        for name in ("train_loss", "validation_accuracy", "test_accuracy", "seconds"):
            r[name] = optional(run, METRICS + name)
        if r["train_loss"] is None or r["train_loss"].size == 0:
            raise PlotError(f"{path}: no epoch finished yet")
        kept = optional(run, "summary/test_accuracy_of_kept_parameters")
        r["kept_test"] = float(kept[0]) if kept is not None else float("nan")
        r["fidelity"] = {name: optional(run, FIDELITY + name)
                         for name in ("epoch", "weighted_cosine", "scale_mismatch")}
        for component in COMPONENTS:
            r["fidelity"][component] = optional(run, f"{FIDELITY}components/{component}/cosine")
        r["levels"] = {}
        if run.has("diagnostics/levels/epoch"):
            r["level_epochs"] = run.read("diagnostics/levels/epoch")
            for level in run.group_names("diagnostics/levels/layer1", r"level\d+"):
                base = f"diagnostics/levels/layer1/{level}/"
                r["levels"][level] = {
                    quantity: {s: optional(run, f"{base}{quantity}/{s}") for s in ("mean", "q05", "q95")}
                    for quantity in ("V", "R") if run.has(f"{base}{quantity}/mean")}
        return r


def label(r):
    return f"{r['data_set']} {r['core']} {r['rule']}"


def table(runs):
    print(f"{'run':<28} {'data':<20} {'core':<9} {'rule':<16} {'K_I':>4} {'seed':>4} {'epochs':>6} "
          f"{'test@kept %':>11} {'test end %':>10} {'cos init':>8} {'mis init':>8} "
          f"{'cos end':>8} {'mis end':>8} {'s/epoch':>8}")
    groups = {}
    for r in runs:
        f = r["fidelity"]
        cos, mis = f["weighted_cosine"], f["scale_mismatch"]
        row = [100 * r["kept_test"], 100 * r["test_accuracy"][-1] if r["test_accuracy"] is not None else np.nan,
               cos[0] if cos is not None else np.nan, mis[0] if mis is not None else np.nan,
               cos[-1] if cos is not None else np.nan, mis[-1] if mis is not None else np.nan]
        seconds = np.mean(r["seconds"]) if r["seconds"] is not None else np.nan
        print(f"{os.path.basename(r['path']):<28} {r['data_set']:<20} {r['core']:<9} {r['rule']:<16} "
              f"{r['k_inh']:>4} {r['seed']:>4} {r['train_loss'].size:>6} {row[0]:>11.2f} {row[1]:>10.2f} "
              f"{row[2]:>8.3f} {row[3]:>8.3f} {row[4]:>8.3f} {row[5]:>8.3f} {seconds:>8.1f}")
        groups.setdefault((label(r), r["k_inh"], r["train_loss"].size), []).append(row)
    for (name, k_inh, epochs), rows in groups.items():
        if len(rows) < 2:
            continue
        rows = np.array(rows)
        mean, sd = np.nanmean(rows, axis=0), np.nanstd(rows, axis=0, ddof=1)
        print(f"mean ± sd of {len(rows)}: {name}, K_I {k_inh}, {epochs} epochs: "
              f"test@kept {mean[0]:.2f} ± {sd[0]:.2f} %, test end {mean[1]:.2f} ± {sd[1]:.2f} %, "
              f"cosine init {mean[2]:.3f} ± {sd[2]:.3f}, end {mean[4]:.3f} ± {sd[4]:.3f}, "
              f"scale mismatch init {mean[3]:.3f} ± {sd[3]:.3f}, end {mean[5]:.3f} ± {sd[5]:.3f}")


def colours(runs):
    names = sorted({label(r) for r in runs})
    return {name: colour(i) for i, name in enumerate(names)}


def curves(runs):
    fig, (ax_acc, ax_loss) = plt.subplots(1, 2, figsize=(15, 5.5))
    colour_of = colours(runs)
    for r in runs:
        epochs = np.arange(1, r["train_loss"].size + 1)
        c = colour_of[label(r)]
        if r["test_accuracy"] is not None:
            ax_acc.plot(epochs, 100 * r["test_accuracy"], color=c, lw=1.2)
        if r["validation_accuracy"] is not None:
            ax_acc.plot(epochs, 100 * r["validation_accuracy"], color=c, lw=1, ls="--")
        ax_loss.plot(epochs, r["train_loss"], color=c, lw=1.2)
    for name, c in colour_of.items():
        ax_acc.plot([], [], color=c, label=name)
    shown = set()
    for r in runs:
        key = (r["learning"], r["core"])
        if r["data_set"] == "fashion_mnist" and key in PAPER_FMNIST and key not in shown:
            shown.add(key)
            ax_acc.plot(PAPER_EPOCHS, PAPER_FMNIST[key], ls="none", marker="s", ms=7,
                        mfc="none", mew=1.5, color=colour_of[label(r)],
                        label=f"authors' curve: FMNIST {key[0]} {key[1]}")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100),
               title="test (solid) and validation (dashed) accuracy")
    ax_acc.legend(fontsize=10, loc="lower right")
    ax_loss.set(xlabel="epoch", ylabel="training loss (nats per sample)", yscale="log",
                title="training loss (cross-entropy)")
    fig.suptitle("Shunting dendritic trees: learning curves")
    return fig


def fidelity(runs):
    fig, axes = plt.subplots(1, 3, figsize=(18, 5.5))
    colour_of = colours(runs)
    drawn = False
    for r in runs:
        f = r["fidelity"]
        if f["epoch"] is None:
            continue
        drawn = True
        c = colour_of[label(r)]
        axes[0].plot(f["epoch"], f["weighted_cosine"], color=c, lw=1.2)
        axes[1].plot(f["epoch"], f["scale_mismatch"], color=c, lw=1.2)
        for component, style in zip(COMPONENTS, ("-", "--", ":", "-.")):
            if f[component] is not None:
                axes[2].plot(f["epoch"], f[component], color=c, lw=1.2, ls=style)
    if not drawn:
        raise PlotError("no run has gradient-fidelity series (diagnostics.every = 0?)")
    for name, c in colour_of.items():
        axes[0].plot([], [], color=c, label=name)
    for component, style in zip(COMPONENTS, ("-", "--", ":", "-.")):
        axes[2].plot([], [], color="0.3", ls=style, label=component.replace("_", " "))
    axes[0].set(ylabel="cosine similarity", title="numel-weighted cosine, all tensors")
    axes[1].set(ylabel="scale mismatch (decades)",
                title="scale mismatch: Σ numel |log10 norm ratio| / Σ numel")
    axes[2].set(ylabel="cosine similarity", title="cosine per component")
    for ax in axes:
        ax.set_xlabel("epoch")
    axes[0].legend(fontsize=10)
    axes[2].legend(fontsize=10)
    fig.suptitle("Local rule against the exact gradient on the probe batch "
                 "(decoder excluded; epoch 0: initialisation)")
    return fig


def levels(runs):
    fig, (ax_v, ax_r) = plt.subplots(1, 2, figsize=(15, 5.5))
    r = runs[0]
    if not r["levels"]:
        raise PlotError(f"{r['path']}: no level distributions (diagnostics.every = 0?)")
    epochs = r["level_epochs"]
    for i, (level, quantities) in enumerate(sorted(r["levels"].items())):
        for ax, quantity in ((ax_v, "V"), (ax_r, "R")):
            if quantity not in quantities:
                continue
            q = quantities[quantity]
            ax.plot(epochs, q["mean"], color=colour(i), label=level.replace("level", "level "))
            ax.fill_between(epochs, q["q05"], q["q95"], color=colour(i), alpha=0.15)
    ax_v.set(ylabel="voltage V (units of E_exc)",
             title="mean voltage per level (5–95 % shaded)")
    ax_r.set(ylabel="input resistance R (1 / leak conductance)", yscale="log",
             title="mean input resistance per level")
    for ax in (ax_v, ax_r):
        ax.set_xlabel("epoch")
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize=10)
        else:  # the additive control has no input resistance
            ax.text(0.5, 0.5, f"no input resistance recorded ({r['core']} core)", ha="center",
                    transform=ax.transAxes)
            ax.set_axis_off()
    fig.suptitle(f"{os.path.basename(r['path'])}: {label(r)} (layer 1, level 0 = leaves; "
                 "epoch 0: initialisation)")
    return fig


def dose(runs):
    """Test accuracy of the kept parameters against K_I, one line per setting:
    the mean over seeds ± sd, a single seed hollow."""
    fig, ax = plt.subplots(figsize=(9, 6))
    colour_of = colours(runs)
    by_setting = {}
    for r in runs:
        by_setting.setdefault(label(r), {}).setdefault(int(r["k_inh"]), []).append(100 * r["kept_test"])
    single = False
    for name, points in sorted(by_setting.items()):
        k_inh = sorted(points)
        for k in k_inh:
            if len(points[k]) > 1:
                ax.plot([k] * len(points[k]), points[k], ls="none", marker=".", color=colour_of[name])
        single |= mean_points(ax, k_inh, [np.mean(points[k]) for k in k_inh],
                              [np.std(points[k], ddof=1) if len(points[k]) > 1 else np.nan for k in k_inh],
                              [len(points[k]) for k in k_inh], colour_of[name], label=name)
    shown = set()
    for r in runs:
        if (r["data_set"] == "mnist" and r["rule"] == "5f per_soma" and r["core"] not in shown):
            shown.add(r["core"])
            ax.plot(PAPER_DOSE_K_I, PAPER_MNIST_DOSE[r["core"]], ls=":", marker="s", mfc="none",
                    mew=1.5, color=colour_of[label(r)], label=f"paper: MNIST local 5F {r['core']}")
    ax.set(xlabel="inhibitory synapses per compartment K_I (count)",
           ylabel="test accuracy (%)", title="K_I dose response (parameters of the best validation loss)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(handles=handles + ([single_seed_handle()] if single else []), fontsize=10)
    return fig


def spans_several_k_inh(runs):
    return len({r["k_inh"] for r in runs}) > 1


def parser():
    parser = argparse.ArgumentParser(
        description="Learning curves, fidelity and level distributions of shunting runs, or a table.")
    parser.add_argument("runs", metavar="RUN.h5", nargs="+", help="run files of `prospect run shunting`")
    prefix_arguments(parser, "the first RUN without its extension")
    parser.add_argument("--table", action="store_true", help="print a table instead of plotting")
    return parser


def draw(args):
    runs = [load(path) for path in args.runs]
    if args.table:
        table(runs)
        return []
    prefix = args.output or os.path.splitext(args.runs[0])[0]
    figures = [("curves", curves), ("fidelity", fidelity), ("levels", levels)]
    if spans_several_k_inh(runs):
        figures.append(("dose", dose))
    return [(f"{prefix}-{suffix}.{args.format}", make(runs)) for suffix, make in figures]


def main(argv=None):
    return run_script("plot_shunting.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
