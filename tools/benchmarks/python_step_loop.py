"""Time per training step of a Python-driven step loop: the networks and the
step of bench_gle_step (one reference-scheme step with a target, one Adam
update, batch 100, one thread), driven from Python with numpy arrays, to
compare with the C++ loop:

    OMP_NUM_THREADS=1 PYTHONPATH=build/python /usr/bin/python3 tools/benchmarks/python_step_loop.py
    build/bench_gle_step --benchmark_filter='e2e_15k/1|chain'

Prints wall-clock and CPU microseconds per step for each network, best of
--repeats runs of --steps steps (compare with bench_gle_step's Time and CPU
columns; on a busy machine CPU time is the fairer measure).
"""

import argparse
import time

import numpy as np

import prospect

BATCH = 100


def e2e_15k():
    network = prospect.gle.mnist1d_network("e2e-15k", dt=0.2)
    net = prospect.gle.Network(network["spec"], dt=0.2, batch=BATCH)
    optimizer = prospect.Optimizer(net, "adam", network["lr"])
    return net, optimizer, None


def chain():
    layers = [dict(size=1, activation="softplus", tau_m=tau, tau_r=0.1, bias=False)
              for tau in (0.5, 0.8)]
    net = prospect.gle.Network(layers=layers, gamma=1, beta=0.01, dt=0.01, batch=BATCH)
    optimizer = prospect.Optimizer(net, "adam", 1e-4,
                                   parameters=net.trainable(biases=False, tau_m=True))
    return net, optimizer, 0.1


def seconds_per_step(build, steps):
    net, optimizer, tau_min = build()
    net.initialise_uniform(1)
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (BATCH, 1)).astype(np.float32)
    outputs = net.spec["layers"][-1]["size"]
    y = np.zeros((BATCH, outputs), np.float32)
    y[np.arange(BATCH), np.arange(BATCH) % outputs] = 1
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(steps):
        net.step(x, y)
        optimizer.step()
        if tau_min is not None:
            net.clamp_time_constants(tau_min)
    return (time.perf_counter() - wall) / steps, (time.process_time() - cpu) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=15000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for name, build in (("e2e_15k", e2e_15k), ("chain", chain)):
        runs = [seconds_per_step(build, args.steps) for _ in range(args.repeats)]
        wall, cpu = (min(run[i] for run in runs) for i in (0, 1))
        print(f"{name:8s} {1e6 * wall:10.2f} us wall {1e6 * cpu:10.2f} us CPU per step "
              f"(python loop, {args.steps} steps, batch {BATCH}, best of {args.repeats})")


if __name__ == "__main__":
    main()
