"""DEP (dendritic equilibrium propagation) learning Fashion-MNIST for an
epoch, and the relaxation of its output layer on a test image.

prospect.run runs the ep task as `prospect run ep` does: DEP 784-256-10 (8
basal and 2 apical branches per soma, T1 = 60 free and T2 = 12 nudged
steps, SGD with momentum: the task's defaults, those of
tasks/configs/ep_dep_fashion_mnist.ini) for one epoch. The task records
every step of the free and nudged phases of its first test images before
training (epoch 0) and after each epoch; the figure shows the ten output
units of the trained network relaxing on the first test image.
Fashion-MNIST comes from Debian's dataset-fashion-mnist or from
`prospect data fetch fashion_mnist` (docs/datasets.md).

    python3 examples/python/ep_fashion_mnist.py [OUTPUT_DIR]
        # ep_dep_fashion_mnist.h5, ep_dep_fashion_mnist_relaxation.png
"""

import matplotlib.pyplot as plt

import prospect
from example_output import new_file, save

CLASSES = ["T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker",
           "bag", "ankle boot"]

run = prospect.run("ep", {
    "model": "dep", "data.set": "fashion_mnist", "record.samples": 1,
    # One epoch, about 10 s on one core; the published run trains 20
    # (tasks/configs/ep_dep_fashion_mnist.ini).
    "epochs": 1,
}, output=new_file("ep_dep_fashion_mnist.h5"), progress=False)
accuracy = run.summary["final_test_accuracy"]
print(f"test accuracy after one epoch: {accuracy:.3f}")

free = run.trajectories["epoch1/free/layer2/s"]  # (steps, samples, 10)
fig, axis = plt.subplots(figsize=(8, 5))
for unit, name in enumerate(CLASSES):
    axis.plot(free[:, 0, unit], color=f"C{unit % 8}", ls="-" if unit < 8 else "--", label=name)
axis.set_xlabel("relaxation step")
axis.set_ylabel("output-layer state")
axis.set_title(f"free phase on a test image after one epoch (test accuracy {accuracy:.0%})")
axis.legend(ncol=2, fontsize=9)
save(fig, "ep_dep_fashion_mnist_relaxation.png")
