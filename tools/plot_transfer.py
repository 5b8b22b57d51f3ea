#!/usr/bin/python3
"""Plot a `prospect run transfer` file: measured against analytic transfer
functions, in the style of Figs. 3, 11 and 12 of the GLE paper.

Usage:
    /usr/bin/python3 tools/plot_transfer.py RUN.h5 [-o PREFIX] [--format F]

Writes four figures (PNG at 300 dpi, or --format pdf / svg), PREFIX-fig3.png,
PREFIX-fig11.png, PREFIX-fig12.png and PREFIX-shunting.png (PREFIX defaults
to RUN without its extension), and prints their paths. In every panel the lines are the analytic H(ω) and the markers
the gain and phase measured on the simulated models; legends give each
element's worst deviation.
    Fig. 3   (b) phase and (c) gain of I⁻, D⁺, I⁺, D⁻ with a shared τ, and of
             D⁺I⁻ (latent equilibrium), over ωτ; (d) phase and (e) gain of the
             forward neuron D⁺_τr I⁻_τm, the error neuron D⁺_τm I⁻_τr, their
             product and the adjoint I⁺_τm D⁻_τr, over ωτm;
    Fig. 11  gain and phase of the forward neuron, error neuron and adjoint
             against τr/τm at a fixed ωτm, the regimes τr < 0 (orange),
             0 < τr < τm (blue) and τr > τm (red) shaded;
    Fig. 12  phase advance (and gain) of the u- and I-adaptation neurons over
             ω, with the first-order approximations dashed;
    shunting phase and gain of a dendritic compartment's voltage (and its
             soma's) against its modulated excitatory input, for several
             inhibitory conductances: inhibition shortens the effective time
             constant τ/g_tot, so the voltage lags less (a prospective
             advance over the uninhibited compartment).

Needs Debian's python3-h5py, python3-numpy and python3-matplotlib, hence the
interpreter /usr/bin/python3 rather than whichever python3 is first on PATH.
"""

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from plot_common import (COLOURS, OMEGA, PlotError, Run, config_float, parse_ini,  # noqa: E402
                         prefix_arguments, run_script)

BLUE, ORANGE, GREEN, VERMILION, PURPLE = COLOURS[:5]
# (group, label, colour, line style, marker) per element.
OPERATORS = [
    ("retrospective", "I⁻$_τ$", PURPLE, "-", "o"),
    ("lookback", "D⁻$_τ$", PURPLE, "--", "x"),
    ("prospective", "D⁺$_τ$", ORANGE, "-", "o"),
    ("discounted_future", "I⁺$_τ$", ORANGE, "--", "x"),
    ("latent_equilibrium", "D⁺$_τ$I⁻$_τ$ (LE)", "black", "-", "."),
]
NEURONS = [
    ("forward_neuron", "forward neuron r: D⁺$_{τr}$I⁻$_{τm}$", BLUE, "-", "o"),
    ("error_neuron", "error neuron e: D⁺$_{τm}$I⁻$_{τr}$", VERMILION, "-", "o"),
    ("adjoint", "adjoint λ: I⁺$_{τm}$D⁻$_{τr}$", VERMILION, ":", "x"),
    ("forward_error", "e driven by r (product)", "black", "-", "."),
]
RATIO = [
    ("forward_neuron", "feedforward signals r", "black", "-", "o"),
    ("error_neuron", "feedback errors e", BLUE, "-", "o"),
    ("adjoint", "adjoint variables λ", GREEN, "--", "x"),
]
ADAPTATION = [
    ("u_adaptation", "u-adaptation", BLUE, "-", "o"),
    ("i_adaptation", "I-adaptation", ORANGE, "-", "o"),
]


def read_element(run, group, axis):
    """Measured and analytic curves of one element, with its worst deviations."""
    def field(name):
        return run.read(f"{group}/{name}").reshape(-1)

    data = {
        "x": field(axis), "gain": field("gain"), "phase": field("phase"),
        "curve_x": field(f"curve/{axis}"), "curve_gain": field("curve/gain"),
        "curve_phase": field("curve/phase"),
        "dphase": float(run.attribute("worst_phase_deviation_deg", "nan", group)),
        "dgain": float(run.attribute("worst_gain_deviation", "nan", group)),
        "tau": float(run.attribute("tau", "1", group)),
        "omega_tau_m": run.attribute("omega_tau_m", None, group),
    }
    if run.has(f"{group}/first_order_phase"):
        data["curve_first_order"] = field("curve/first_order_phase")
    return data


def shunting_elements(run):
    """Indices k of the spectra/shunting_leaf_k groups, in order."""
    names = [name for name in run.file.get("spectra", {}) if name.startswith("shunting_leaf_")]
    return sorted(int(name.rsplit("_", 1)[1]) for name in names)


def load(path):
    with Run(path) as run:
        task = run.attribute("task")
        if task != "transfer":
            raise PlotError(f"{path} is not a transfer run (task is '{task}')")
        config = parse_ini(run.attribute("configuration", ""))
        data = {"path": path, "stepper": run.attribute("stepper", "?"),
                "dt": run.attribute("dt", "?"), "tau_r": config_float(config, "neurons", "tau_r")}
        for name, *_ in OPERATORS + NEURONS + ADAPTATION:
            data[name] = read_element(run, f"spectra/{name}", "omega")
        for name, *_ in RATIO:
            data[f"ratio/{name}"] = read_element(run, f"tau_ratio/{name}", "tau_ratio")
        data["shunting"] = []
        for k in shunting_elements(run):
            leaf = read_element(run, f"spectra/shunting_leaf_{k}", "omega")
            leaf["soma"] = read_element(run, f"spectra/shunting_soma_{k}", "omega")
            group = f"spectra/shunting_leaf_{k}"
            leaf["inhibition"] = float(run.attribute("inhibition", "nan", group))
            leaf["total_conductance"] = float(run.attribute("total_conductance", "nan", group))
            data["shunting"].append(leaf)
        return data


def pi_ticks(ax, low, high):
    """Phase axis from low to high [rad] with ticks at multiples of π/4."""
    labels = {-4: "−π", -3: "−3π/4", -2: "−π/2", -1: "−π/4", 0: "0", 1: "π/4", 2: "π/2",
              3: "3π/4", 4: "π"}
    quarters = range(int(np.floor(low / (np.pi / 4))), int(np.ceil(high / (np.pi / 4))) + 1)
    ax.set_yticks([q * np.pi / 4 for q in quarters])
    ax.set_yticklabels([labels.get(q, f"{q}π/4") for q in quarters])
    ax.set_ylim(low, high)


def degrees(element):
    """The element with its phases in degrees (the deviation is in degrees already)."""
    return {**element, "phase": np.degrees(element["phase"]),
            "curve_phase": np.degrees(element["curve_phase"])}


def draw_element(ax, element, quantity, label, colour, style, marker, scale=1.0):
    """Analytic curve as a line, measured points as markers; the legend gives the deviation."""
    deviation = (f"|Δφ| ≤ {element['dphase']:.1g}°" if quantity == "phase"
                 else f"|ΔG|/G ≤ {element['dgain']:.1g}")
    # Broken lines go on top: some elements share a curve (I⁻ and D⁻ share the phase).
    on_top = 3 if style != "-" else 2
    ax.plot(element["curve_x"] * scale, element[f"curve_{quantity}"], color=colour, ls=style,
            lw=1.8 if style != "-" else 1.4, zorder=on_top, label=f"{label}  ({deviation})")
    ax.plot(element["x"] * scale, element[quantity], ls="none", marker=marker, ms=5,
            color=colour, mfc="none" if marker == "o" else colour, mew=1, zorder=on_top + 2)


def legend_note(ax):
    ax.plot([], [], ls="none", marker="o", mfc="none", color="0.3",
            label="markers: measured; lines: analytic")


def title(fig, data, text):
    fig.suptitle(f"{text}\n{os.path.basename(data['path'])}: {data['stepper']}, "
                 f"dt {data['dt']}, lock-in after the transient")


def figure3(data):
    fig, axes = plt.subplots(2, 2, figsize=(16, 11))
    rows = [(OPERATORS, "frequency ωτ (rad)", "(b)", "(c)", "single operators, shared τ"),
            (NEURONS, "frequency ωτm (rad)", "(d)", "(e)", "combined operators, τm = "
             f"{data['forward_neuron']['tau']:g}, τr = {data['tau_r'] or '?'}")]
    for (elements, axis_label, phase_tag, gain_tag, what), (ax_phase, ax_gain) in zip(rows, axes):
        for name, label, colour, style, marker in elements:
            element = data[name]
            draw_element(ax_phase, element, "phase", label, colour, style, marker, element["tau"])
            draw_element(ax_gain, element, "gain", label, colour, style, marker, element["tau"])
        for ax in (ax_phase, ax_gain):
            ax.set_xscale("log")
            ax.set_xlabel(axis_label)
        ax_gain.set_yscale("log")
        pi_ticks(ax_phase, -np.pi / 2 - 0.1, np.pi / 2 + 0.1)
        ax_phase.set_ylabel("phase shift (rad)")
        ax_gain.set_ylabel("gain")
        ax_phase.set_title(f"{phase_tag} phase, {what}", loc="left", fontweight="bold")
        ax_gain.set_title(f"{gain_tag} gain, {what}", loc="left", fontweight="bold")
        legend_note(ax_phase)
        ax_phase.legend(fontsize=10, loc="lower left")
        ax_gain.legend(fontsize=10, loc="upper left")
    title(fig, data, "GLE paper Fig. 3: temporal operators in Fourier space")
    return fig


def figure11(data):
    fig, (ax_gain, ax_phase) = plt.subplots(2, 1, figsize=(10, 10), sharex=True)
    first = data[f"ratio/{RATIO[0][0]}"]
    low, high = first["curve_x"][0], first["curve_x"][-1]
    regimes = [(low, min(0, high), ORANGE, "τr < 0"),
               (max(0, low), min(1, high), BLUE, "0 < τr < τm: effectively retrospective"),
               (max(1, low), high, VERMILION, "τr > τm: effectively prospective")]
    for ax in (ax_gain, ax_phase):
        for start, end, colour, _ in regimes:
            if end > start:
                ax.axvspan(start, end, color=colour, alpha=0.12, lw=0)
        ax.set_xlim(low, high)
    for name, label, colour, style, marker in RATIO:
        element = data[f"ratio/{name}"]
        draw_element(ax_gain, element, "gain", label, colour, style, marker)
        draw_element(ax_phase, element, "phase", label, colour, style, marker)
    ax_gain.set_yscale("log")
    ax_gain.set_ylabel("gain")
    pi_ticks(ax_phase, -np.pi / 2 - 0.1, np.pi / 2 + 0.1)
    ax_phase.set_ylabel("phase shift (rad)")
    ax_phase.set_xlabel("time-constant ratio τr / τm")
    legend_note(ax_gain)
    ax_gain.legend(fontsize=10, loc="upper right")
    handles, _ = ax_phase.get_legend_handles_labels()
    handles += [Patch(color=colour, alpha=0.25, label=label) for _, _, colour, label in regimes]
    ax_phase.legend(handles=handles, fontsize=10, loc="lower right")
    omega_tau_m = first["omega_tau_m"] or "?"
    title(fig, data, f"GLE paper Fig. 11: total gain and phase at ωτm = {omega_tau_m}")
    return fig


def figure12(data):
    fig, (ax_phase, ax_gain) = plt.subplots(1, 2, figsize=(16, 6.5))
    for name, label, colour, style, marker in ADAPTATION:
        element = data[name]
        draw_element(ax_phase, element, "phase", label, colour, style, marker)
        ax_phase.plot(element["curve_x"], element["curve_first_order"], color=colour, ls="--",
                      lw=1.2, label=f"{label} (first-order approx.)")
        draw_element(ax_gain, element, "gain", label, colour, style, marker)
    lowest = min(np.nanmin(data[name]["curve_phase"]) for name, *_ in ADAPTATION)
    pi_ticks(ax_phase, min(lowest, 0) - 0.05, np.pi / 2 + 0.05)
    ax_phase.set_ylabel("phase shift (rad)")
    ax_gain.set_ylabel("gain")
    for ax in (ax_phase, ax_gain):
        ax.set_xlabel(OMEGA)
        ax.set_xlim(0, element["curve_x"][-1])
    legend_note(ax_phase)
    ax_phase.legend(fontsize=10, loc="lower left")
    ax_gain.legend(fontsize=10, loc="lower right")
    ax_phase.set_title("(a) phase advance of u against I", loc="left", fontweight="bold")
    ax_gain.set_title("(b) gain |u / I|", loc="left", fontweight="bold")
    title(fig, data, "GLE paper Fig. 12: adaptation enables prospectivity")
    return fig


def figure_shunting(data):
    elements = data["shunting"]
    if not elements:
        raise PlotError(f"{data['path']} has no shunting compartment spectra "
                        "(shunting.inhibition was empty)")
    fig, axes = plt.subplots(2, 2, figsize=(16, 11))
    colours = plt.cm.viridis(np.linspace(0, 0.85, len(elements)))
    for element, colour in zip(elements, colours):
        label = f"I = {element['inhibition']:g}, g_tot = {element['total_conductance']:g}"
        for row, part in enumerate((element, element["soma"])):
            draw_element(axes[row][0], degrees(part), "phase", label, colour, "-", "o", part["tau"])
            draw_element(axes[row][1], part, "gain", label, colour, "-", "o", part["tau"])
    for row, what in enumerate(("dendritic compartment V", "soma V (through the gated compartment)")):
        ax_phase, ax_gain = axes[row]
        for ax in (ax_phase, ax_gain):
            ax.set_xscale("log")
            ax.set_xlabel("frequency ωτ (rad)")
        ax_gain.set_yscale("log")
        ax_phase.set_ylabel("phase (degrees)")
        ax_gain.set_ylabel("gain")
        tag = (("(a)", "(b)"), ("(c)", "(d)"))[row]
        ax_phase.set_title(f"{tag[0]} phase against the input x, {what}", loc="left", fontweight="bold")
        ax_gain.set_title(f"{tag[1]} gain |V / x|, {what}", loc="left", fontweight="bold")
        legend_note(ax_phase)
        ax_phase.legend(fontsize=10, loc="lower left")
        ax_gain.legend(fontsize=10, loc="lower left")
    title(fig, data, "Shunting inhibition shortens a compartment's time constant τ/g_tot: "
          "less lag, a prospective advance")
    return fig


FIGURES = (("fig3", figure3), ("fig11", figure11), ("fig12", figure12), ("shunting", figure_shunting))


def parser():
    parser = argparse.ArgumentParser(
        description="Plot a `prospect run transfer` file as Figs. 3, 11 and 12 and a shunting compartment.")
    parser.add_argument("run", metavar="RUN.h5", help="run file written by `prospect run transfer`")
    prefix_arguments(parser, "RUN without its extension")
    return parser


def draw(args):
    prefix = args.output or os.path.splitext(args.run)[0]
    data = load(args.run)
    return [(f"{prefix}-{tag}.{args.format}", make(data)) for tag, make in FIGURES]


def main(argv=None):
    return run_script("plot_transfer.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
