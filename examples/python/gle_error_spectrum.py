"""A GLE chain driven by a signal of your own, and the spectrum of its errors.

The chain task's teacher and two students (GLE paper Fig. 5), built and
stepped from Python with learning off, driven by smoothed white noise, which
carries every frequency. prospect.phase (the estimator of `prospect phase`)
measures the gain and phase of each student's bottom-layer error e1 against
its output error e2. The instantaneous student passes the error down as
e1 = w2 e2; the GLE student's prospective error neuron advances it by
(1 + iω τm) / (1 + iω τr): more gain and a phase lead at high frequencies.
The neurons are linear here (the task's are softplus), so the lines of the
closed form can be drawn under the measured points.

    python3 examples/python/gle_error_spectrum.py [OUTPUT_DIR]   # gle_error_spectrum.png
"""

import numpy as np
import matplotlib.pyplot as plt

import prospect
from example_output import save

dt = 0.01
steps = 8000  # 80 time units; the spectrum's lowest frequency is 2π / 80
tau_m, tau_r, w = (0.5, 0.8), 0.1, (0.3, 0.7)


def chain(weights: tuple[float, float], tau_m: tuple[float, float],
          prospective_errors: bool) -> prospect.gle.Network:
    layers = [dict(size=1, activation="linear", tau_m=tau, tau_r=tau_r, bias=False)
              for tau in tau_m]
    net = prospect.gle.Network(layers=layers, gamma=1, beta=0.01, dt=dt, batch=1,
                               prospective_errors=prospective_errors)
    net.set_parameters({f"layer{l}/W": np.array([[v]], np.float32)
                        for l, v in enumerate(weights, start=1)})
    net.gradients_on = False  # learning off: errors only
    return net


teacher = chain((1, 2), (1, 2), prospective_errors=False)
students = {"GLE": chain(w, tau_m, True), "instantaneous": chain(w, tau_m, False)}

# The input: white noise smoothed by a Gaussian of 5 steps, one sample.
rng = np.random.default_rng(1)
kernel = np.exp(-0.5 * (np.arange(-25, 26) / 5) ** 2)
x = np.convolve(rng.normal(size=steps), kernel / kernel.sum(), mode="same").astype(np.float32)

t = np.arange(steps) * dt
errors = {name: np.empty((steps, 2)) for name in students}
for k in range(steps):
    teacher.step(x[k].reshape(1, 1))  # (batch, inputs)
    for name, net in students.items():
        net.step(x[k].reshape(1, 1), teacher.output)
        errors[name][k] = net.probe("layer1/e")[0, 0], net.probe("layer2/e")[0, 0]

fig, (gain_axis, phase_axis) = plt.subplots(2, 1, sharex=True, figsize=(7, 6))
omega = np.logspace(-1, 2, 200)
delay = np.exp(-1j * omega * dt)  # the reference scheme's one step per layer
theory = {"GLE": w[1] * (1 + 1j * omega * tau_m[0]) / (1 + 1j * omega * tau_r) * delay,
          "instantaneous": w[1] * delay}
for index, (name, e) in enumerate(errors.items()):
    s = prospect.phase(t, e[:, 0], e[:, 1], transient=10)  # e1 against e2
    shown = (s["power_reference"] > 1e-6 * s["power_reference"].max()) & (s["omega"] < 100)
    colour = f"C{index}"
    gain_axis.loglog(s["omega"][shown], s["gain"][shown], ".", color=colour, label=name)
    phase_axis.semilogx(s["omega"][shown], np.degrees(s["phase"][shown]), ".", color=colour)
    gain_axis.loglog(omega, np.abs(theory[name]), "-", color=colour, lw=1)
    phase_axis.semilogx(omega, np.degrees(np.angle(theory[name])), "-", color=colour, lw=1)
gain_axis.set_ylabel("gain |e1 / e2|")
gain_axis.legend(title="points: measured, lines: closed form")
phase_axis.set_ylabel("phase of e1 against e2 (degrees)")
phase_axis.set_xlabel("angular frequency ω (rad / time unit)")
save(fig, "gle_error_spectrum.png")
