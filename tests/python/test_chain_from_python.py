"""The chain task (tasks/chain.cpp) driven from Python step by step: a
teacher and two students built with gle.Network, stepped on the input the
command line's run recorded, learning with prospect.Optimizer, reproduce
that run's trajectories and parameters bit for bit at every step."""

import numpy as np
import pytest

import prospect

STEPS_SETTLE, STEPS_TRAIN, BATCH = 100, 1500, 6


@pytest.fixture(scope="module")
def cli_run(cli, tmp_path_factory):
    path = tmp_path_factory.mktemp("chain") / "cli.h5"
    process = cli("run", "chain", "--quiet", "--set", "time.settle=1", "--set", "time.train=15",
                  "--set", f"batch={BATCH}", "--set", "record.every=1",
                  "--set", f"record.samples={BATCH}", "--output", path)
    assert process.returncode == 0, process.stderr
    return prospect.open_run(path)


def chain_network(config, tau_m, w, prospective_errors):
    tau_m = [float(v) for v in tau_m.split(",")]
    layers = [dict(size=1, activation=config["network.activation"], tau_m=tau,
                   tau_r=float(config["network.tau_r"]), bias=False) for tau in tau_m]
    net = prospect.gle.Network(input_size=1, layers=layers, gamma=float(config["network.gamma"]),
                               beta=float(config["network.beta"]), loss="mse",
                               prospective_errors=prospective_errors, dt=float(config["integrator.dt"]),
                               batch=BATCH, scheme=config["integrator.scheme"])
    for layer, weight in enumerate(w.split(","), start=1):
        net.set_parameter(f"layer{layer}/W", np.array([[float(weight)]], np.float32))
    return net


def test_the_cli_run_is_what_the_test_expects(cli_run):
    config = cli_run.configuration
    assert config["integrator.scheme"] == "reference" and config["students"] == "gle, instantaneous"
    assert cli_run.trajectories["input"].shape == (STEPS_SETTLE + STEPS_TRAIN, BATCH, 1)


def test_python_stepping_reproduces_the_cli_run_bit_for_bit(cli_run):
    config = cli_run.configuration
    x = cli_run.trajectories["input"]  # x(t_k) of every step, (steps, batch, 1)
    teacher = chain_network(config, config["teacher.tau_m"], config["teacher.w"], False)
    teacher.gradients_on = False
    students = {}
    for name in ("gle", "instantaneous"):
        net = chain_network(config, config["student.tau_m"], config["student.w"], name == "gle")
        optimizer = prospect.Optimizer(net, config["optimizer.kind"], float(config["optimizer.lr"]),
                                       parameters=net.trainable(biases=False, tau_m=True))
        students[name] = (net, optimizer)
    recorded = {key: cli_run.trajectories[key] for key in cli_run.trajectories.keys()}
    snapshots = {key: cli_run.parameters[key] for key in cli_run.parameters.keys()}
    tau_min = float(config["clamp.tau_min"])

    # As the task: the teacher runs one step ahead of the students, so that its
    # output at t_k+1 is known when they step from t_k. Its input beyond the
    # recording (step k + 1 = last) never reaches an output the students see:
    # the reference scheme's output after a step is the rate before it.
    teacher.step(x[0])
    y0 = teacher.output
    steps = len(x)
    for k in range(steps):
        teacher.step(x[min(k + 1, steps - 1)])
        y1 = teacher.output
        for name, (net, optimizer) in students.items():
            net.gradients_on = k >= STEPS_SETTLE
            net.step(x[k], y0, input_end=x[min(k + 1, steps - 1)], target_end=y1)
            assert np.array_equal(net.output, recorded[f"{name}/output"][k]), (name, k)
            if k >= STEPS_SETTLE:
                optimizer.step()
                net.clamp_time_constants(tau_min)
            for probe, value in net.probes().items():
                assert np.array_equal(value, recorded[f"{name}/{probe}"][k]), (name, probe, k)
            for parameter, value in net.parameters().items():
                assert np.array_equal(value, snapshots[f"{name}/{parameter}"][k]), (name, parameter, k)
        y0 = y1

    summary = cli_run.summary
    for name, (net, _) in students.items():
        w = [net.parameter(f"layer{l}/W")[0, 0] for l in (1, 2)]
        tau_m = [net.parameter(f"layer{l}/tau_m")[0] for l in (1, 2)]
        np.testing.assert_array_equal(np.float64(w), summary[name]["w"])
        np.testing.assert_array_equal(np.float64(tau_m), summary[name]["tau_m"])
    # The students did learn: this is not a comparison of two frozen networks.
    assert not np.array_equal(summary["gle"]["w"], [0.3, 0.7])
