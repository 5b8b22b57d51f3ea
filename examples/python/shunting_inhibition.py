"""A shunting dendritic tree's voltages against inhibition.

One layer of dendritic trees (4 somata, each with 3 branches of 3 leaves),
its compartments driven through excitatory and inhibitory synapses. Every
inhibitory conductance is scaled by a factor from 1/10 to 10 (the raw
parameters preI pass through softplus, so the scaled conductance is set
through softplus's inverse); the figure shows the mean voltage of each
level of the tree, leaves to soma, over a batch of random inputs. Voltages
lie between the inhibitory (and leak) reversal potential 0 and the
excitatory one 1 (docs/shunting_model.md): shunting inhibition pulls them
towards 0 by dividing the excitatory drive.

    python3 examples/python/shunting_inhibition.py [OUTPUT_DIR]   # shunting_inhibition.png
"""

import numpy as np
import matplotlib.pyplot as plt

import prospect
from example_output import save


def softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0, x)


def softplus_inverse(y: np.ndarray) -> np.ndarray:
    return np.log(np.expm1(y))


net = prospect.shunting.Network(64, classes=2, somata=4, branch_factors=[3, 3], k_exc=8, k_inh=4,
                                seed=1)
rng = np.random.default_rng(0)
x = rng.uniform(0, 1, (256, 64)).astype(np.float32)  # (batch, inputs)

inhibitory = {name: value for name, value in net.parameters().items() if name.endswith("/preI")}
scales = np.logspace(-1, 1, 13)
levels = sorted(net.voltages(x[:1]))  # "layer1/level0" (leaves) ... "layer1/level2" (somata)
mean_voltage: dict[str, list[float]] = {level: [] for level in levels}
for scale in scales:
    net.set_parameters({name: softplus_inverse(scale * softplus(raw)).astype(np.float32)
                        for name, raw in inhibitory.items()})
    voltages = net.voltages(x)  # {level: (batch, compartments)}
    for level in levels:
        mean_voltage[level].append(float(voltages[level].mean()))

fig, axis = plt.subplots(figsize=(7, 5))
for index, level in enumerate(levels):
    depth = int(level.rsplit("level", 1)[1])
    name = "leaves" if depth == 0 else "somata" if depth == len(levels) - 1 else f"level {depth}"
    axis.semilogx(scales, mean_voltage[level], "o-", color=f"C{index}", label=name)
axis.set_xlabel("inhibitory conductance scale")
axis.set_ylabel("mean voltage V (units of E_exc)")
axis.legend(title="compartments")
save(fig, "shunting_inhibition.png")
