"""ep.Network from numpy: the ep task's first training batch reproduced
from Python bit for bit, relaxations and their trajectories, parameters and
masks in and out, and the errors bad input gets."""

import numpy as np
import pytest

import prospect
from conftest import DATA, checkpoint_parameters, mnist_images, one_hot

SMALL = dict(widths=[784, 12, 10], free_steps=20, nudged_steps=4)


def batch(count=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (count, 784)).astype(np.float32)
    return x, one_hot(rng.integers(0, 10, count))


@pytest.mark.parametrize("model, algorithm", [("ep_mlp", "ep"), ("dep_e", "ep"), ("dep", "bptt")])
def test_a_python_batch_is_the_tasks_first_batch(tmp_path, model, algorithm):
    # One epoch of one batch of 8 images, all trained on (none held out): the
    # run file's checkpoint holds the parameters after the task's single SGD
    # step, its metrics that batch's loss.
    seed, rates = 4, [0.4, 0.02]
    run = prospect.run("ep", {"model": model, "algorithm": algorithm,
                              "data.dir": DATA / "mnist_100", "data.train_samples": 8,
                              "data.test_samples": 4, "data.validation": 0, "select": "test",
                              "network.widths": SMALL["widths"],
                              "relaxation.free_steps": 20, "relaxation.nudged_steps": 4,
                              "optimizer.lrs": rates, "batch": 8, "epochs": 1,
                              "record.samples": 0, "gdu.samples": 0},
                       output=str(tmp_path / "ep.h5"), seed=seed, progress=False)

    net = prospect.ep.Network(**SMALL, model=model, algorithm=algorithm,
                              layer_rates=[r / rates[0] for r in rates],
                              seed=prospect.derive_seed(seed, 31))
    images, labels = mnist_images(8)
    order = prospect.shuffled_indices(8, prospect.derive_seed(seed, 21, 0))
    loss = net.learn(images[order], one_hot(labels[order]))
    optimizer = prospect.Optimizer(net, "sgd", lr=rates[0], momentum=0.9)
    optimizer.step()

    assert loss == run.dataset("metrics/epoch/train_loss")[0]
    expected = checkpoint_parameters(run, net)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, expected[name], err_msg=name)


def test_relax_predict_and_evaluate_agree():
    net = prospect.ep.Network(**SMALL, model="dep_e", seed=2)
    x, y = batch()
    states = net.relax(x)
    assert [s.shape for s in states] == [(6, 12), (6, 10)]
    assert all(s.dtype == np.float32 for s in states)
    assert np.all((states[0] >= 0) & (states[0] <= 1))  # the hard sigmoid's range
    np.testing.assert_array_equal(net.predict(x), states[-1])
    np.testing.assert_array_equal(net.output, states[-1])
    np.testing.assert_array_equal(net.probe("layer1/s"), states[0])
    assert net.probe("energy").shape == (6, 1)
    loss = net.evaluate(x, y)
    assert loss == pytest.approx(0.5 * np.mean(np.sum((states[-1] - y) ** 2, axis=1)), rel=1e-6)
    # After learning, the probes read that batch's free state.
    net.learn(x[:3], y[:3])
    np.testing.assert_array_equal(net.probe("layer2/s"), net.output)
    np.testing.assert_array_equal(net.output, net.predict(x[:3]))


def test_trajectories_are_the_phases_learn_runs():
    net = prospect.ep.Network(**SMALL, model="ep_mlp", seed=3)
    x, y = batch()
    free_only = net.trajectories(x)
    assert sorted(free_only) == ["free"]
    phases = net.trajectories(x, y)
    assert sorted(phases) == ["free", "minus", "plus"]
    free = phases["free"]
    assert free["layer1/s"].shape == (20, 6, 12) and free["layer2/s"].shape == (20, 6, 10)
    assert free["energy"].shape == (20, 6) and free["steps"] == 20
    assert 1 <= free["computed_steps"] <= 20
    np.testing.assert_array_equal(free["layer2/s"], free_only["free"]["layer2/s"])
    np.testing.assert_array_equal(free["layer2/s"][-1], net.predict(x))
    assert phases["plus"]["layer1/s"].shape == (4, 6, 12)
    # The nudged phases start from the free state and move the output
    # towards the target (+beta) and away from it (-beta).
    distance = {p: np.abs(phases[p]["layer2/s"][-1] - y).sum() for p in ("plus", "minus")}
    assert distance["plus"] < np.abs(free["layer2/s"][-1] - y).sum() < distance["minus"]
    # DEP has no energy; one-sided nudging has no minus phase.
    dep = prospect.ep.Network(**SMALL, model="dep", nudging="one_sided", seed=3)
    phases = dep.trajectories(x, y)
    assert sorted(phases) == ["free", "plus"] and "energy" not in phases["free"]


def test_the_ode_scheme_settles_where_the_reference_map_does():
    # Euler with dt = tau is the reference map; settled to a fixed point both
    # give the same free state.
    settings = dict(widths=[784, 12, 10], model="ep_mlp", seed=5)
    reference = prospect.ep.Network(**settings, free_steps=200)
    ode = prospect.ep.Network(**settings, scheme="ode", stepper="euler", tau=1, dt=1,
                              tolerance=1e-6)
    x, _ = batch()
    for a, b in zip(reference.relax(x), ode.relax(x)):
        np.testing.assert_allclose(a, b, atol=1e-5)
    assert ode.scheme == "ode" and reference.scheme == "reference"


def test_gradients_are_a_descent_direction():
    net = prospect.ep.Network(**SMALL, model="dep_e", seed=6)
    x, y = batch(16, seed=1)
    optimizer = prospect.Optimizer(net, "sgd", lr=0.4, momentum=0.9)
    losses = [net.learn(x, y)]
    gradients = net.gradients()
    assert sorted(gradients) == sorted(net.parameter_names)
    assert all(np.any(g != 0) for g in gradients.values())
    for _ in range(30):
        optimizer.step()
        losses.append(net.learn(x, y))
    assert losses[-1] < 0.5 * losses[0]


def test_parameters_round_trip_and_give_the_same_network():
    a = prospect.ep.Network(**SMALL, model="dep", seed=7)
    b = prospect.ep.Network(**SMALL, model="dep", seed=8)
    assert a.parameter_names == ["layer1/basal/W", "layer1/basal/b", "layer2/basal/W",
                                 "layer2/basal/b", "layer1/apical/W"]
    assert a.parameter("layer1/basal/W").shape == (8 * 12, 784)  # (K_b N_1, N_0), branch-major
    assert a.parameter("layer1/apical/W").shape == (2 * 12, 10)
    for name, mask in a.masks().items():
        b.set_mask(name, mask)
    b.set_parameters(a.parameters())
    for name, value in a.parameters().items():
        np.testing.assert_array_equal(b.parameter(name), value)
    x, y = batch()
    assert a.learn(x, y) == b.learn(x, y)
    for name, value in a.gradients().items():
        np.testing.assert_array_equal(b.gradient(name), value)


def test_masks_keep_masked_weights_at_zero():
    net = prospect.ep.Network(**SMALL, model="dep", sparsity=0.25, seed=9)
    masks = net.masks()
    assert sorted(masks) == ["layer1/apical/W", "layer1/basal/W", "layer2/basal/W"]
    mask = masks["layer1/basal/W"]
    assert mask.shape == (96, 784) and set(np.unique(mask)) == {0, 1}
    assert np.all(mask.sum(axis=1) == 196)  # round(0.25 * 784) inputs per branch
    w = net.parameter("layer1/basal/W")
    assert np.all(w[mask == 0] == 0)
    with pytest.raises(ValueError, match=r"parameter 'layer1/basal/W': element \(0, \d+\) = 1.0+ "
                                         r"where the mask is 0"):
        net.set_parameter("layer1/basal/W", np.ones_like(w))
    full = np.ones_like(mask)
    net.set_mask("layer1/basal/W", full)
    net.set_parameter("layer1/basal/W", np.ones_like(w))
    net.set_mask("layer1/basal/W", mask)  # masks the weights too
    np.testing.assert_array_equal(net.parameter("layer1/basal/W"), mask)
    with pytest.raises(ValueError, match="mask 'layer1/basal/W': element 0 .* expected 0 or 1"):
        net.set_mask("layer1/basal/W", np.full_like(mask, 0.5))
    with pytest.raises(KeyError, match="no weight 'layer1/W'"):
        net.set_mask("layer1/W", mask)


@pytest.mark.parametrize("call", ["relax", "predict", "learn", "evaluate", "trajectories"])
def test_empty_batches_raise_value_errors(call):
    net = prospect.ep.Network(**SMALL, seed=1)
    x, y = batch()
    arguments = (x[:0], y[:0]) if call in ("learn", "evaluate") else (x[:0],)
    with pytest.raises(ValueError, match=r"input: an empty array of shape \(0, 784\)"):
        getattr(net, call)(*arguments)


@pytest.mark.parametrize("call", ["relax", "predict", "learn", "evaluate"])
def test_wrong_arrays_raise_value_errors(call):
    net = prospect.ep.Network(**SMALL, seed=1)
    x, y = batch()
    method = getattr(net, call)
    arguments = (lambda a: (a, y)) if call in ("learn", "evaluate") else (lambda a: (a,))
    with pytest.raises(ValueError, match=r"input: expected a float32 numpy array of shape "
                                         r"\(any, 784\) = \(batch, features\), got float64"):
        method(*arguments(x.astype(np.float64)))
    with pytest.raises(ValueError, match=r"got float32 array of shape \(6, 783\)"):
        method(*arguments(x[:, 1:]))
    if call in ("learn", "evaluate"):
        with pytest.raises(ValueError, match=r"target: expected .* \(6, 10\) .* got float32 "
                                             r"array of shape \(5, 10\)"):
            method(x, y[1:])


def test_bad_options_name_the_option():
    with pytest.raises(prospect.Error, match="key 'model' = 'dep2'"):
        prospect.ep.Network(**SMALL, model="dep2")
    with pytest.raises(prospect.Error, match="widths"):
        prospect.ep.Network(widths=[784])
    with pytest.raises(prospect.Error,
                       match="key 'nudging' = 'both': expected symmetric or one_sided"):
        prospect.ep.Network(**SMALL, nudging="both")
    with pytest.raises(prospect.Error, match="'bptt' runs through the reference map"):
        prospect.ep.Network(**SMALL, algorithm="bptt", scheme="ode")
    with pytest.raises(prospect.Error, match="integrator.dt"):
        prospect.ep.Network(**SMALL, scheme="ode", dt=2)
    with pytest.raises(prospect.Error, match="expected one rate per layer"):
        prospect.ep.Network(**SMALL, layer_rates=[1])
    with pytest.raises(TypeError):
        prospect.ep.Network(**SMALL, widht=[1])
    with pytest.raises(prospect.Error, match="output\\(\\) before any batch"):
        prospect.ep.Network(**SMALL).output
