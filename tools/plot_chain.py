#!/usr/bin/python3
"""Plot a teacher-student chain run in the style of Fig. 5 of the GLE paper.

Usage:
    /usr/bin/python3 tools/plot_chain.py RUN.h5 [-o OUT.png]

RUN.h5 is the file written by `prospect run chain`. The figure goes to OUT.png
(300 dpi; .pdf or .svg by the extension), by default the run file's name with
the extension .png.
Panels:
    (a) the teacher's output (the target) and each student's output for
        recorded sample 0, in a window of three input periods at the start of
        learning and another at the end of the run, with the input above;
    (b) the prospective error e of the bottom neuron of layer 1 in the same
        windows;
    (c) the weights w_k and (d) the membrane time constants tau_m over time,
        the teacher's values dashed;
    (e) the output MSE per recording interval (log scale);
    (f) a table of the final parameters and MSE.

Needs Debian's python3-h5py, python3-numpy and python3-matplotlib, hence the
interpreter /usr/bin/python3 rather than whichever python3 is first on PATH.
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from plot_common import (COLOURS, TIME, PlotError, Run, config_float, one_run_parser,  # noqa: E402
                         output_path, parse_ini, run_script)

WINDOW_PERIODS = 3  # input periods shown in each window of panels (a) and (b)
TEACHER_COLOR = "black"
INPUT_COLOR = "0.55"
STUDENT_COLORS = COLOURS[:6]
NOT_STUDENTS = ("input", "target")


# ---------------------------------------------------------------------------
# Reading the run file


def load(path):
    with Run(path) as run:
        return read_chain(run)


def read_chain(run):
    task = run.attribute("task")
    if task is None:
        raise PlotError(f"{run.path} is not a chain run (no root attribute 'task')")
    if task != "chain":
        raise PlotError(f"{run.path} is not a chain run (task is '{task}')")

    config = parse_ini(run.attribute("configuration", ""))
    data = {"path": run.path, "config": config, "attrs": {
        key: run.attribute(key) for key in ("seed", "dt", "scheme", "stepper", "git_revision")}}

    data["time"] = run.read("/time").reshape(-1)
    count = len(data["time"])
    if count == 0:
        raise PlotError(f"{run.path}: /time is empty (nothing was recorded)")

    def trajectory(name):
        """(T, samples, neurons); a run without recorded samples has no rows."""
        values = run.read(name)
        if values.size == 0:
            return np.zeros((count, 0, 1))
        if values.ndim != 3 or values.shape[0] != count:
            raise PlotError(f"{run.path}: {name} has shape {values.shape}, expected "
                            f"({count}, samples, neurons) to match /time")
        return values

    def parameter(name):
        """(T, values): a parameter sampled at the times of /time."""
        values = run.read(name)
        if values.ndim == 0 or values.shape[0] != count:
            raise PlotError(f"{run.path}: {name} has shape {values.shape}, expected "
                            f"{count} rows to match /time")
        return values.reshape(count, -1)

    data["input"] = trajectory("/trajectories/input")
    data["target"] = trajectory("/trajectories/target")
    data["metric_time"] = run.read("/metrics/time").reshape(-1)

    students = [name for name in run.group_names("/trajectories") if name not in NOT_STUDENTS]
    if not students:
        raise PlotError(f"{run.path}: no student groups under /trajectories")
    listed = [s.strip() for s in config.get("", {}).get("students", "").split(",") if s.strip()]
    students.sort(key=lambda s: (listed.index(s) if s in listed else len(listed), s))

    data["students"] = {}
    for name in students:
        layers = sorted(run.group_names(f"/parameters/{name}", r"layer\d+"),
                        key=lambda layer: int(layer[5:]))
        if not layers:
            raise PlotError(f"{run.path}: missing dataset /parameters/{name}/layer1/W")
        student = {
            "output": trajectory(f"/trajectories/{name}/output"),
            # Truncated-BPTT students have no error neurons, hence no e.
            "error": (trajectory(f"/trajectories/{name}/layer1/e")
                      if run.has(f"/trajectories/{name}/layer1/e") else None),
            "w": [parameter(f"/parameters/{name}/{layer}/W") for layer in layers],
            "tau_m": [parameter(f"/parameters/{name}/{layer}/tau_m") for layer in layers],
            "mse": run.read(f"/metrics/{name}/mse").reshape(-1),
            "final_w": run.read(f"/summary/{name}/w").reshape(-1),
            "final_tau_m": run.read(f"/summary/{name}/tau_m").reshape(-1),
            "final_mse": run.read(f"/summary/{name}/final_mse").reshape(-1)[0],
            "matches": bool(run.read(f"/summary/{name}/matches_teacher").reshape(-1)[0]),
        }
        data["students"][name] = student
    data["teacher_w"] = run.read("/summary/teacher/w").reshape(-1)
    data["teacher_tau_m"] = run.read("/summary/teacher/tau_m").reshape(-1)

    if len(data["metric_time"]) != len(next(iter(data["students"].values()))["mse"]):
        raise PlotError(f"{run.path}: /metrics/time and the students' mse differ in length")

    data["settle"] = learning_start(data)
    data["period"] = input_period(data)
    return data


def learning_start(data):
    """time.settle from the configuration; failing that, the first recorded
    parameter change; failing that, None."""
    settle = config_float(data["config"], "time", "settle")
    if settle is not None:
        return settle
    time = data["time"]
    first = len(time)
    for student in data["students"].values():
        for series in student["w"] + student["tau_m"]:
            changed = np.flatnonzero(np.any(series != series[:1], axis=1))
            if changed.size:
                first = min(first, changed[0])
    # Parameters are recorded after the step's update, so the first changed
    # value is recorded at the start of learning.
    return float(time[first]) if 0 < first < len(time) else None


def input_period(data):
    """[input] period from the configuration; failing that, the mean spacing of
    the upward zero crossings of recorded input 0; failing that, None."""
    period = config_float(data["config"], "input", "period")
    if period is not None and period > 0:
        return period
    x = data["input"]
    if x.ndim < 2 or x.shape[1] == 0 or x.shape[0] < 3:
        return None
    x = x[:, 0].reshape(len(x), -1)[:, 0]
    x = x - np.median(x)
    ups = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
    if ups.size < 2:
        return None
    return float(np.mean(np.diff(data["time"][ups])))


# ---------------------------------------------------------------------------
# Plotting


def window_masks(data):
    """Boolean masks over /time for the early and late windows, and their labels."""
    time = data["time"]
    if time.size == 0:
        return []
    t0, t1 = float(time[0]), float(time[-1])
    period = data["period"]
    span = WINDOW_PERIODS * period if period and period > 0 else 0.05 * (t1 - t0)
    start = data["settle"] if data["settle"] is not None else t0
    start = min(max(start, t0), t1)
    early = (time >= start) & (time <= start + span)
    late = time >= t1 - span
    first = "start of learning" if data["settle"] is not None else "start of run"
    return [(early, first), (late, "end of run")]


def coarse(data):
    """Whether the trajectories have fewer than 16 recorded points per input period."""
    time, period = data["time"], data["period"]
    if time.size < 2 or not period:
        return False
    return period / float(np.median(np.diff(time))) < 16


def error_scale(data, masks):
    """A power-of-ten factor that brings the shown errors to order one, and its label."""
    values = [np.abs(student["error"][mask, 0, 0]) for student in data["students"].values()
              for mask in masks if student["error"] is not None
              and student["error"].ndim == 3 and student["error"].shape[1] > 0]
    values = np.concatenate(values) if values else np.array([])
    values = values[np.isfinite(values)]
    if values.size == 0 or values.max() == 0:
        return 1.0, ""
    exponent = int(np.floor(np.log10(values.max())))
    if -2 <= exponent <= 2:
        return 1.0, ""
    return 10.0 ** -exponent, f" (×10$^{{{exponent}}}$)"


def plot_windows(fig, cell, data, kind):
    """Panel (a) (kind 'rates') or (b) (kind 'errors'): an early and a late window."""
    windows = window_masks(data)
    with_input = kind == "rates"
    rows = 2 if with_input else 1
    grid = cell.subgridspec(rows, 2, height_ratios=[1, 3] if with_input else [1],
                            hspace=0.08, wspace=0.06)
    main_axes, input_axes = [], []
    sample_count = data["target"].shape[1] if data["target"].ndim > 1 else 0
    scale, unit = 1.0, ""
    if not with_input:
        scale, unit = error_scale(data, [mask for mask, _ in windows])
    for column, (mask, label) in enumerate(windows):
        share = main_axes[0] if main_axes else None
        ax = fig.add_subplot(grid[rows - 1, column], sharey=share)
        main_axes.append(ax)
        time = data["time"][mask]
        if with_input:
            top = fig.add_subplot(grid[0, column], sharex=ax,
                                  sharey=input_axes[0] if input_axes else None)
            input_axes.append(top)
        if sample_count == 0 or time.size == 0:
            ax.text(0.5, 0.5, "no recorded samples", ha="center", va="center",
                    transform=ax.transAxes, color="0.4")
            for empty in [ax] + input_axes[-1:]:
                empty.set_xticks([])
                empty.set_yticks([])
            continue
        # With few recorded points per input period, show where they are.
        marker = "o" if coarse(data) else None
        if with_input:
            top.plot(time, data["input"][mask, 0, 0], color=INPUT_COLOR, lw=1.2,
                     marker=marker, ms=2.5)
            top.set_title(f"{label}\nt = {time[0]:g}–{time[-1]:g}", fontsize=12)
            top.tick_params(labelbottom=False)
            if np.abs(data["input"]).max() <= 1.5:
                top.set_yticks([-1, 0, 1])
            if column == 0:
                top.set_ylabel("input")
            ax.plot(time, data["target"][mask, 0, 0], color=TEACHER_COLOR, lw=2.2,
                    alpha=0.45, marker=marker, ms=3.5)
        else:
            ax.set_title(f"{label}\nt = {time[0]:g}–{time[-1]:g}", fontsize=12)
            ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        for name, student in data["students"].items():
            series = student["output"] if with_input else student["error"]
            if series is None:
                continue
            ax.plot(time, scale * series[mask, 0, 0], color=data["colors"][name], lw=1.3,
                    marker=marker, ms=2.5)
        ax.set_xlabel(f"time ({TIME})")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
        ax.margins(x=0)
    for ax in main_axes[1:] + input_axes[1:]:
        ax.tick_params(labelleft=False)
    if kind == "rates":
        main_axes[0].set_ylabel("output rate")
    else:
        main_axes[0].set_ylabel(f"prospective error{unit}")
    return (input_axes or main_axes)[0]


def plot_parameters(ax, data, key, teacher_key, symbol):
    """Panels (c) and (d): a parameter of every layer over time."""
    time = data["time"]
    styles = ["-", ":", "-.", (0, (1, 3))]
    layers = 0
    for name, student in data["students"].items():
        for layer, series in enumerate(student[key]):
            for column in range(series.shape[1]):
                ax.plot(time, series[:, column], color=data["colors"][name],
                        ls=styles[layer % len(styles)], lw=1.3)
            layers = max(layers, layer + 1)
    teacher = data[teacher_key]
    for value in teacher:
        ax.axhline(value, color=TEACHER_COLOR, ls="--", lw=1, alpha=0.7, zorder=0)
    mark_learning_start(ax, data, label=False)
    handles = [Line2D([], [], color="0.3", ls=styles[k % len(styles)], label=f"layer {k + 1}")
               for k in range(layers)]
    values = ", ".join(f"{value:g}" for value in teacher)
    handles.append(Line2D([], [], color=TEACHER_COLOR, ls="--", lw=1,
                          label=f"teacher: {symbol} = ({values})"))
    ax.legend(handles=handles, fontsize=10, loc="center right", bbox_to_anchor=(1, 0.62))
    ax.set_xlabel(f"time ({TIME})")
    ax.margins(x=0)


def mark_learning_start(ax, data, label=True):
    if data["settle"] is None:
        return
    ax.axvline(data["settle"], color="0.5", lw=0.9, ls=":", zorder=0)
    if label:
        ax.annotate(" learning starts", (data["settle"], 1), xycoords=("data", "axes fraction"),
                    xytext=(2, -4), textcoords="offset points", ha="left", va="top",
                    fontsize=11, color="0.35")


def plot_mse(ax, data):
    """Panel (e): output MSE per recording interval, log scale."""
    time = data["metric_time"]
    positive = []
    for name, student in data["students"].items():
        mse = student["mse"]
        ax.plot(time, np.where(mse > 0, mse, np.nan), color=data["colors"][name], lw=1.1)
        positive.append(mse[np.isfinite(mse) & (mse > 0)])
    positive = np.concatenate(positive) if positive else np.array([])
    if positive.size:
        ax.set_yscale("log")
    mark_learning_start(ax, data)
    ax.set_xlabel(f"time ({TIME})")
    ax.set_ylabel("output MSE")
    ax.margins(x=0)


def plot_summary(ax, data):
    """Panel (f): final values per network."""
    ax.axis("off")

    def values(array):
        return ", ".join(f"{value:.3f}" for value in array)

    rows = [["teacher", values(data["teacher_w"]), values(data["teacher_tau_m"]), "", ""]]
    colors = [TEACHER_COLOR]
    for name, student in data["students"].items():
        rows.append([name, values(student["final_w"]), values(student["final_tau_m"]),
                     f"{student['final_mse']:.2e}", "yes" if student["matches"] else "no"])
        colors.append(data["colors"][name])
    labels = ["network", "w", "τ_m", "final MSE", "matches"]
    # Column widths in proportion to their longest text plus padding; the
    # bounding box scales them to the panel's width.
    # Bold text (headers, the first column) counts 1.2 times.
    chars = [max(1.2 * len(label), *(len(row[k]) * (1.2 if k == 0 else 1) for row in rows)) + 2
             for k, label in enumerate(labels)]
    widths = [count / sum(chars) for count in chars]
    table = ax.table(cellText=rows, colLabels=labels, colWidths=widths, loc="upper center",
                     cellLoc="center", bbox=[0, 0.5, 1, 0.42])
    table.auto_set_font_size(False)
    table.set_fontsize(10.5)
    for (row, column), cell in table.get_celld().items():
        cell.set_edgecolor("0.8")
        if row == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor("0.93")
        elif column == 0:
            cell.set_text_props(color=colors[row - 1], weight="bold")

    config, attrs = data["config"], data["attrs"]

    def setting(section, key, *fallbacks):
        """config[section][key], else the first present (section, key) of fallbacks."""
        for where, name in ((section, key),) + fallbacks:
            if name in config.get(where, {}):
                return config[where][name]
        return "?"

    lines = [f"run: {os.path.basename(data['path'])}   seed {attrs['seed'] or '?'}"]
    if len(config) > 1 or config[""]:
        lines += configuration_lines(setting, attrs)
    else:
        lines.append("(no configuration recorded in the run file)")
    if data["time"].size > 1 and data["target"].shape[1] > 0:
        step = float(np.median(np.diff(data["time"])))
        lines.append(f"(a), (b): recorded sample 0, one point every {step:.3g} time units")
    ax.text(0, 0.42, "\n".join(lines), transform=ax.transAxes, va="top", ha="left",
            fontsize=11, color="0.25", linespacing=1.5)


def configuration_lines(setting, attrs):
    """The run's settings, for the text of panel (f)."""
    optimizer = setting("optimizer", "kind", ("", "optimizer"))
    return [
        f"scheme {attrs['scheme'] or '?'} / {attrs['stepper'] or '?'},  dt {attrs['dt'] or '?'},"
        f"  batch {setting('', 'batch')}",
        f"learning from t = {setting('time', 'settle')} for {setting('time', 'train')}"
        f" time units ({optimizer}, lr {setting('optimizer', 'lr')})",
        f"student starts at w = ({setting('student', 'w')}),"
        f" τ_m = ({setting('student', 'tau_m')})",
        f"input period {setting('input', 'period')};  final MSE averaged over the last"
        f" {setting('metrics', 'window')} time units",
    ]


def top_title(ax, title):
    """A panel title in the top row, level with those above the windows' subtitles."""
    ax.annotate(title, (0, 1), xycoords="axes fraction", xytext=(0, 30),
                textcoords="offset points", ha="left", va="bottom",
                fontsize=14, fontweight="bold")


def plot(data):
    names = list(data["students"])
    data["colors"] = {name: STUDENT_COLORS[k % len(STUDENT_COLORS)] for k, name in enumerate(names)}

    fig = plt.figure(figsize=(18, 11))
    grid = fig.add_gridspec(2, 3)
    title_kw = dict(loc="left", fontweight="bold")

    # The titles of (a) and (b) go above their window pairs.
    top_a = plot_windows(fig, grid[0, 0], data, "rates")
    top_b = plot_windows(fig, grid[0, 1], data, "errors")
    top_title(top_a, "(a) output rates")
    top_title(top_b, "(b) errors")

    ax_w = fig.add_subplot(grid[0, 2])
    plot_parameters(ax_w, data, "w", "teacher_w", "w")
    ax_w.set_ylabel("weight w")
    top_title(ax_w, "(c) weights")

    ax_tau = fig.add_subplot(grid[1, 0])
    plot_parameters(ax_tau, data, "tau_m", "teacher_tau_m", "τ_m")
    ax_tau.set_ylabel(f"membrane time constant τm ({TIME})")
    ax_tau.set_title("(d) membrane time constants", **title_kw)

    ax_mse = fig.add_subplot(grid[1, 1])
    plot_mse(ax_mse, data)
    ax_mse.set_title("(e) output MSE", **title_kw)

    ax_sum = fig.add_subplot(grid[1, 2])
    plot_summary(ax_sum, data)
    ax_sum.set_title("(f) final values", **title_kw)

    handles = [Line2D([], [], color=TEACHER_COLOR, lw=2.2, alpha=0.45, label="teacher / target")]
    handles += [Line2D([], [], color=data["colors"][name], lw=2, label=name) for name in names]
    handles.append(Line2D([], [], color=INPUT_COLOR, lw=1.2, label="input"))
    # Constrained layout leaves the top strip to the title and the shared legend.
    fig.get_layout_engine().set(rect=(0, 0, 1, 0.92))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False,
               bbox_to_anchor=(0.5, 0.965))
    fig.suptitle("Learning with GLE in a simple chain", y=0.995)
    return fig


def parser():
    return one_run_parser("Plot a `prospect run chain` file as Fig. 5-style panels.",
                          "run file written by `prospect run chain`")


def draw(args):
    return [(output_path(args.output, args.run), plot(load(args.run)))]


def main(argv=None):
    return run_script("plot_chain.py", parser(), draw, argv)


if __name__ == "__main__":
    sys.exit(main())
