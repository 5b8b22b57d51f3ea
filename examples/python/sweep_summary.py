"""A sweep over seeds and an option, and its summary: mean, sd and n per setting.

`prospect sweep` runs the chain task (GLE paper Fig. 5: a student chain
learning a teacher's weights and time constants) for three learning rates
and two seeds each, and summarises the runs into summary.csv and summary.h5
(docs/sweeps.md). The figure draws the GLE student's final output MSE
against the learning rate, the mean over the seeds with ± sd error bars.

    python3 examples/python/sweep_summary.py [OUTPUT_DIR]
        # chain_lr_sweep.ini, chain_lr_sweep/ (runs, index.csv, summary.*), sweep_summary.png

The sweep runs the `prospect` program: $PROSPECT_CLI, the one an installed
package carries, or the one on PATH.
"""

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np
import matplotlib.pyplot as plt

import prospect
from example_output import new_file, output_dir, save

# The full study would train for the task's 4000 time units (time.train)
# with more seeds (seed = 1..10); 100 time units keep it to seconds.
SWEEP = """\
time.train = 100
students = gle
record.every = 1000

[sweep]
task = chain
output = chain_lr_sweep

[axes]
optimizer.lr = 1e-4, 1e-3, 1e-2
seed = 1..2
"""
METRIC = "summary/gle/final_mse"


def prospect_program() -> str:
    packaged = os.path.join(os.path.dirname(prospect.__file__), "bin", "prospect")
    for candidate in (os.environ.get("PROSPECT_CLI"), packaged, shutil.which("prospect")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    sys.exit("sweep_summary.py: error: no prospect program: set PROSPECT_CLI (e.g. to "
             "build/prospect) or install the package with pip")


sweep_file = new_file("chain_lr_sweep.ini")
new_file("chain_lr_sweep")  # the sweep's folder: not there yet
with open(sweep_file, "x", encoding="utf-8") as file:
    file.write(SWEEP)
subprocess.run([prospect_program(), "sweep", os.path.basename(sweep_file), "--jobs", "1"],
               cwd=output_dir(), check=True)

with h5py.File(os.path.join(output_dir(), "chain_lr_sweep", "summary.h5"), "r") as summary:
    rates = np.array([float(value) for value in summary["settings/optimizer.lr"].asstr()[()]])
    mean, sd, n = (summary[f"metrics/{METRIC}/{field}"][()] for field in ("mean", "sd", "n"))
for rate, m, s, count in zip(rates, mean, sd, n):
    print(f"optimizer.lr = {rate:g}: final MSE {m:.3g} ± {s:.2g} (n = {int(count)})")

fig, axis = plt.subplots(figsize=(7, 5))
axis.errorbar(rates, mean, yerr=sd, marker="o", label="GLE student, mean ± sd over seeds")
axis.set_xscale("log")
axis.set_yscale("log")
axis.set_xlabel("learning rate")
axis.set_ylabel("final output MSE")
axis.legend()
save(fig, "sweep_summary.png")
