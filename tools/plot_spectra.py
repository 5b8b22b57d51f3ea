#!/usr/bin/python3
"""Plot the spectra stored under /spectra/ of a prospect file: those written by
`prospect phase` and those of `prospect run transfer`.

Usage:
    /usr/bin/python3 tools/plot_spectra.py FILE.h5 [--name NAME ...] [--min-power F] [-o OUT.png]

One row per spectrum (all of them, or the --name ones), PNG at 300 dpi (or
.pdf / .svg by the extension of -o), by default FILE with the extension .png;
the path is printed. Panels:
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
from plot_common import (COLOURS, OMEGA, PlotError, Run, one_run_parser, output_path,  # noqa: E402
                         run_script)

STRONG, FAINT, ANALYTIC = COLOURS[0], "0.75", "black"


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
    ax_gain, ax_phase, ax_power = (*axes, None)[:3]
    omega = spectrum["omega"]
    strong = strong_bins(spectrum, fraction)
    few = omega.size <= 100  # lock-in frequencies or a short record: mark every point
    for ax, key in ((ax_gain, "gain"), (ax_phase, "phase")):
        values = spectrum[key]
        ax.plot(omega[~strong], values[~strong], ls="none", marker=".", ms=3, color=FAINT)
        ax.plot(omega[strong], values[strong], ls="none", marker="o" if few else ".",
                ms=5 if few else 4, mfc="none", color=STRONG)
        analytic = spectrum[f"analytic_{key}"]
        if analytic is not None:
            ax.plot(omega, analytic, color=ANALYTIC, lw=1.5, zorder=0, label="analytic")
            ax.legend(fontsize=10)
        ax.set_xscale("log")
        ax.set_xlabel(OMEGA)
    if np.all(spectrum["gain"] > 0):
        ax_gain.set_yscale("log")
        low, high = spectrum["gain"].min(), spectrum["gain"].max()
        if high < 1.5 * low:  # a flat gain: show a factor of two, not rounding noise
            middle = np.sqrt(low * high)
            ax_gain.set_ylim(middle / 2, middle * 2)
    ax_gain.set_ylabel("gain")
    ax_phase.set_ylabel("phase (rad)")
    ax_phase.set_ylim(-np.pi - 0.2, np.pi + 0.2)
    ax_phase.set_yticks([-np.pi, -np.pi / 2, 0, np.pi / 2, np.pi])
    ax_phase.set_yticklabels(["−π", "−π/2", "0", "π/2", "π"])
    ax_gain.set_title(describe(spectrum), loc="left", fontsize=11)
    plot_power(ax_power, spectrum, few)


def plot_power(ax_power, spectrum, few):
    omega = spectrum["omega"]
    if ax_power is None:
        return
    if spectrum["power_signal"] is None:
        ax_power.axis("off")
        return
    for key, colour in (("power_reference", "0.35"), ("power_signal", STRONG)):
        power = spectrum[key]
        positive = power > 0
        ax_power.plot(omega[positive], power[positive], lw=1.2, color=colour,
                      marker="o" if few else None, ms=3, label=key.replace("_", " "))
    ax_power.set_xscale("log")
    ax_power.set_yscale("log")
    ax_power.set_xlabel(OMEGA)
    ax_power.set_ylabel("power (squared amplitude)")
    ax_power.legend(fontsize=10)


def plot(spectra, fraction):
    # A third column for the powers, where any spectrum has them (lock-in spectra do not).
    columns = 3 if any(spectrum["power_signal"] is not None for spectrum in spectra) else 2
    fig, axes = plt.subplots(len(spectra), columns, figsize=(6 * columns, 4.8 * len(spectra) + 0.8),
                             squeeze=False)
    for row, spectrum in zip(axes, spectra):
        plot_row(row, spectrum, fraction)
    fig.suptitle(f"gain |H| and phase arg H of recorded signals (faint: reference power below "
                 f"{fraction:g} of its peak)")
    return fig


def parser():
    parser = one_run_parser("Plot the /spectra groups of a prospect file.",
                            "file with /spectra/<name> groups", metavar="FILE.h5")
    parser.add_argument("--name", action="append", default=[],
                        help="spectrum to plot (repeatable; default: all)")
    parser.add_argument("--min-power", type=float, default=1e-3, metavar="F",
                        help="bins below this fraction of the peak reference power are faint")
    return parser


def draw(args):
    return [(output_path(args.output, args.run), plot(load(args.run, args.name), args.min_power))]


def main(argv=None):
    return run_script("plot_spectra.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
