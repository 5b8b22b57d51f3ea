#!/usr/bin/python3
"""Plot `prospect run ep_phase` files: how far behind a modulated input the
output of an EP network, a GLE chain and a shunting compartment follow, on
one time axis (τ = 1).

Usage:
    /usr/bin/python3 tools/plot_ep_phase.py RUN.h5 [RUN.h5 ...] [-o OUT.png]

Writes one figure (default: the first RUN with the extension .png) and
prints its path. Lines are the analytic responses (for EP the linearisation
at the fixed point, H(iω) = (iωτ I + I − D J)⁻¹ D b), markers the gain and
phase measured on the simulated models.
    (a) phase lag of the output against ωτ: every run's EP network (input
        path, free dynamics), and from the first run the GLE chains of the
        same depth (τr = τ: prospective, no lag; τr = 0: leaky neurons) and
        the shunting compartment with and without inhibition;
    (b) phase lag of every EP layer (and apical drive) of every run, input
        path solid, teaching path (target modulated under nudging) dashed;
        a signal that does not respond at all (every unit saturated) is left out.

Needs Debian's python3-h5py, python3-numpy and python3-matplotlib, hence the
interpreter /usr/bin/python3 rather than whichever python3 is first on PATH.
"""

import argparse
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from plot_common import COLOURS, PlotError, Run, output_argument, output_path, run_script  # noqa: E402

FREQUENCY = "frequency ωτ (rad)"
LAG = "phase lag (degrees)"
VARIANTS = {"ep_mlp": "EP-MLP", "dep": "DEP", "dep_e": "DEP-E"}


def curve(run, group):
    def field(name):
        return run.read(f"{group}/{name}").reshape(-1)
    tau = float(run.file[group].attrs.get("tau", 1.0))
    return {"x": field("omega") * tau, "lag": -np.degrees(field("phase")),
            "curve_x": field("curve/omega") * tau, "curve_lag": -np.degrees(field("curve/phase"))}


def load(path):
    with Run(path) as run:
        task = run.attribute("task")
        if task != "ep_phase":
            raise PlotError(f"{path} is not an ep_phase run (task is '{task}')")
        variant = run.attribute("variant", "ep")
        epochs = int(float(run.attribute("epochs_trained", 0)))
        name = f"{VARIANTS.get(variant, variant)} ({'initial' if epochs == 0 else f'epoch {epochs}'})"
        data = {"path": path, "name": name, "ep": {}, "gle": [], "shunting": []}
        for drive in ("input", "target"):
            group = f"spectra/ep/{drive}"
            if group in run.file:
                for layer in (s for s in run.file[group] if s.startswith("layer")):
                    for name in (layer, f"{layer}/apical"):
                        # A signal no unit passes (all saturated) has no phase to draw.
                        if f"{group}/{name}/omega" in run.file and \
                                run.read(f"{group}/{name}/analytic_gain").max() > 0:
                            data["ep"][(drive, name)] = curve(run, f"{group}/{name}")
        for family in ("gle", "shunting"):
            if f"spectra/{family}" in run.file:
                for element in sorted(run.file[f"spectra/{family}"]):
                    group = f"spectra/{family}/{element}"
                    attrs = run.file[group].attrs
                    data[family].append((dict(attrs), curve(run, group)))
        if not data["ep"]:
            raise PlotError(f"{path}: no EP spectra (spectra/ep/input or spectra/ep/target)")
        return data


def output_layer(data):
    layers = [name for drive, name in data["ep"] if drive == "input" and "/" not in name]
    return max(layers, key=lambda name: int(name[len("layer"):])) if layers else None


def draw_curve(ax, c, colour, label, style="-", marker="o", width=None):
    ax.plot(c["curve_x"], c["curve_lag"], color=colour, ls=style, lw=width, label=label)
    ax.plot(c["x"], c["lag"], ls="none", marker=marker, color=colour, mfc="white")


def panel_a(ax, runs):
    first = runs[0]
    for k, data in enumerate(runs):
        layer = output_layer(data)
        if layer is not None:
            draw_curve(ax, data["ep"][("input", layer)], COLOURS[k % 3],
                       f"{data['name']} output (EP relaxation)", width=4)
    greys = ["black", "0.55"]
    for k, (attrs, c) in enumerate(first["gle"]):
        tau_r = float(attrs.get("tau_r", np.nan))
        depth = int(attrs.get("depth", 0))
        kind = "prospective" if tau_r > 0 else "leaky"
        draw_curve(ax, c, greys[k % 2], f"GLE chain of {depth}, τr = {tau_r:g} ({kind})", ":", "s")
    for k, (attrs, c) in enumerate(first["shunting"]):
        draw_curve(ax, c, COLOURS[3 + k % 3], f"shunting compartment, inhibition {float(attrs['inhibition']):g}",
                   "--", "^")
    ax.set_xscale("log")
    ax.set_xlabel(FREQUENCY)
    ax.set_ylabel(LAG)
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.set_title("(a) output lag behind a modulated input, τ = 1", loc="left")
    ax.legend(fontsize="small")


def panel_b(ax, runs):
    for k, data in enumerate(runs):
        names = sorted({name for _, name in data["ep"]})
        for j, name in enumerate(names):
            for drive, style in (("input", "-"), ("target", "--")):
                if (drive, name) not in data["ep"]:
                    continue
                c = data["ep"][(drive, name)]
                colour = COLOURS[(3 * k + j) % len(COLOURS)]
                label = f"{data['name']} {name}" if drive == "input" or ("input", name) not in data["ep"] \
                    else None
                apical = name.endswith("apical")  # drawn thin, over the layer it listens to
                ax.plot(c["curve_x"], c["curve_lag"], color=colour, ls=style, lw=1 if apical else None,
                        label=label)
                ax.plot(c["x"], c["lag"], ls="none", marker="x" if apical else "o", ms=5,
                        color=colour, mfc="white")
    ax.set_xscale("log")
    ax.set_xlabel(FREQUENCY)
    ax.set_ylabel(LAG)
    ax.set_title("(b) every EP layer: input path solid, teaching path dashed", loc="left")
    ax.legend(fontsize="small")


def parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("runs", nargs="+", metavar="RUN.h5", help="ep_phase run files")
    output_argument(p, "the first RUN with the extension .png")
    return p


def draw(args):
    runs = [load(path) for path in args.runs]
    fig, (a, b) = plt.subplots(1, 2, figsize=(15, 5.5), layout="constrained")
    panel_a(a, runs)
    panel_b(b, runs)
    return [(output_path(args.output, args.runs[0]), fig)]


if __name__ == "__main__":
    sys.exit(run_script("plot_ep_phase.py", parser(), draw))
