#!/usr/bin/python3
"""Plot the spectra stored under /spectra/ of a prospect file: those written by
`prospect phase` and those of `prospect run transfer`.

Usage:
    /usr/bin/python3 tools/plot_spectra.py FILE.h5 [--name NAME ...] [--min-power F] [-o OUT.png]

One row per spectrum (all of them, or the --name ones), PNG at 150 dpi, by
default FILE with the extension .png; the path is printed. Panels:
    gain |H| and phase arg H of the signal relative to the reference against
    ω (log axes); bins where the reference carries less than F (default 1e-3)
    of its largest power are faint, since H means little there; where the
    group holds analytic_gain / analytic_phase (transfer runs), the analytic
    values are drawn as a line;
    the power of signal and reference per bin, when stored.

Needs Debian's python3-h5py, python3-numpy and python3-matplotlib, hence the
interpreter /usr/bin/python3 rather than whichever python3 is first on PATH.
"""

import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from plot_common import PlotError, Run, one_plot_main, save  # noqa: E402

STRONG, FAINT, ANALYTIC = "tab:blue", "0.75", "black"


def read_spectrum(run, name):
    group = f"/spectra/{name}"

    def optional(dataset):
        path = f"{group}/{dataset}"
        return run.read(path).reshape(-1) if run.has(path) else None

    spectrum = {"name": name}
    for dataset in ("omega", "gain", "phase"):
        spectrum[dataset] = run.read(f"{group}/{dataset}").reshape(-1)
        if spectrum[dataset].shape != spectrum["omega"].shape:
            raise PlotError(f"{run.path}: {group}/{dataset} has {spectrum[dataset].size} values, "
                            f"{group}/omega {spectrum['omega'].size}")
    for dataset in ("power_signal", "power_reference", "analytic_gain", "analytic_phase"):
        spectrum[dataset] = optional(dataset)
    spectrum["attrs"] = {key: run.attribute(key, None, group) for key in
                         ("signal", "reference", "method", "window", "transient", "dt", "frames",
                          "source", "signal_sample", "signal_neuron", "reference_sample",
                          "reference_neuron")}
    return spectrum


def load(path, names):
    with Run(path) as run:
        if "spectra" not in run.file:
            raise PlotError(f"{path}: no /spectra group (write one with `prospect phase`)")
        stored = list(run.file["spectra"])
        for name in names:
            if name not in stored:
                raise PlotError(f"{path}: no spectrum /spectra/{name} "
                                f"(stored: {', '.join(stored) or 'none'})")
        return [read_spectrum(run, name) for name in (names or stored)]


def strong_bins(spectrum, fraction):
    """Bins where the reference carries at least `fraction` of its largest power."""
    power = spectrum["power_reference"]
    if power is None or not np.any(power > 0):
        return np.ones(spectrum["omega"].shape, dtype=bool)
    return power >= fraction * power.max()


def plain_labels(axis, values):
    """Plain numbers on a log axis; within a decade the minor ticks are labelled too."""
    positive = values[values > 0]
    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    if positive.size and positive.max() < 10 * positive.min():
        axis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}"))


def describe(spectrum):
    a = spectrum["attrs"]

    def column(role):
        where = a[role] or "?"
        if a[f"{role}_sample"] is not None:
            where += f" [sample {a[f'{role}_sample']}, neuron {a[f'{role}_neuron']}]"
        return where

    method = a["method"] or "?"
    if a["window"]:
        method += f", {a['window']} window"
    details = [method]
    if a["dt"] is not None:
        details.append(f"dt {float(a['dt']):g}")
    if a["frames"] is not None:
        details.append(f"{a['frames']} frames")
    if a["transient"] is not None and float(a["transient"]) > 0:
        details.append(f"after a transient of {float(a['transient']):g}")
    return f"{spectrum['name']}: {column('signal')} vs {column('reference')}\n" + \
        ", ".join(details)


def plot_row(axes, spectrum, fraction):
    ax_gain, ax_phase, ax_power = axes
    omega = spectrum["omega"]
    strong = strong_bins(spectrum, fraction)
    few = omega.size <= 100  # lock-in frequencies or a short record: mark every point
    for ax, key in ((ax_gain, "gain"), (ax_phase, "phase")):
        values = spectrum[key]
        ax.plot(omega[~strong], values[~strong], ls="none", marker=".", ms=2, color=FAINT)
        ax.plot(omega[strong], values[strong], ls="none", marker="o" if few else ".",
                ms=4 if few else 3, mfc="none", color=STRONG)
        analytic = spectrum[f"analytic_{key}"]
        if analytic is not None:
            ax.plot(omega, analytic, color=ANALYTIC, lw=1, zorder=0, label="analytic")
            ax.legend(fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel("ω [rad / time]")
        ax.grid(True, color="0.9")
    if np.all(spectrum["gain"] > 0):
        ax_gain.set_yscale("log")
        plain_labels(ax_gain.yaxis, spectrum["gain"])
        low, high = spectrum["gain"].min(), spectrum["gain"].max()
        if high < 1.5 * low:  # a flat gain: show a factor of two, not rounding noise
            middle = np.sqrt(low * high)
            ax_gain.set_ylim(middle / 2, middle * 2)
    ax_gain.set_ylabel("gain |H|")
    ax_phase.set_ylabel("phase arg H [rad]")
    ax_phase.set_ylim(-np.pi - 0.2, np.pi + 0.2)
    ax_phase.set_yticks([-np.pi, -np.pi / 2, 0, np.pi / 2, np.pi])
    ax_phase.set_yticklabels(["−π", "−π/2", "0", "π/2", "π"])
    ax_gain.set_title(describe(spectrum), loc="left", fontsize=9)
    plot_power(ax_power, spectrum, few)
    for ax in axes:
        plain_labels(ax.xaxis, omega)


def plot_power(ax_power, spectrum, few):
    omega = spectrum["omega"]
    if spectrum["power_signal"] is None:
        ax_power.axis("off")
        return
    for key, colour in (("power_reference", "0.35"), ("power_signal", STRONG)):
        power = spectrum[key]
        positive = power > 0
        ax_power.plot(omega[positive], power[positive], lw=0.8, color=colour,
                      marker="o" if few else None, ms=3, label=key.replace("_", " "))
    ax_power.set_xscale("log")
    ax_power.set_yscale("log")
    ax_power.set_xlabel("ω [rad / time]")
    ax_power.set_ylabel("power (squared amplitude)")
    ax_power.legend(fontsize=8)
    ax_power.grid(True, color="0.9")


def plot(spectra, fraction):
    fig, axes = plt.subplots(len(spectra), 3, figsize=(15, 3.6 * len(spectra) + 0.6),
                             squeeze=False, constrained_layout=True)
    for row, spectrum in zip(axes, spectra):
        plot_row(row, spectrum, fraction)
    fig.suptitle(f"gain and phase of recorded signals (faint: reference power below "
                 f"{fraction:g} of its peak)", fontsize=11)
    return fig


def main(argv=None):
    def add_arguments(parser):
        parser.add_argument("--name", action="append", default=[],
                            help="spectrum to plot (repeatable; default: all)")
        parser.add_argument("--min-power", type=float, default=1e-3, metavar="F",
                            help="bins below this fraction of the peak reference power are faint")

    return one_plot_main(
        "plot_spectra.py", "Plot the /spectra groups of a prospect file (PNG).",
        "file with /spectra/<name> groups",
        lambda args, out_path: save(plot(load(args.run, args.name), args.min_power), out_path),
        argv, add_arguments, metavar="FILE.h5")


if __name__ == "__main__":
    sys.exit(main())
