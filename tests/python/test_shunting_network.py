"""shunting.Network from numpy: the shunting task's first training batch
reproduced from Python bit for bit, voltages per level (steady state and
the continuous relaxation), exact gradients against numpy, parameters in
and out, and the errors bad input gets."""

import numpy as np
import pytest

import prospect
from conftest import DATA, checkpoint_parameters, mnist_images, one_hot

SMALL = dict(somata=4, branch_factors=[2, 2], k_exc=8, k_inh=4)
LR = {"synapses": 1.5e-3, "couplings": 7e-4, "gates": 5e-4, "decoder": 1.5e-3}


def batch(count=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (count, 784)).astype(np.float32)
    return x, one_hot(rng.integers(0, 10, count))


@pytest.mark.parametrize("rule, core", [("5f", "shunting"), ("exact", "shunting"),
                                        ("3f", "additive")])
def test_a_python_batch_is_the_tasks_first_batch(tmp_path, rule, core):
    # One epoch of one batch of 8 images, all of the training file kept
    # (data.split = 1, shuffled by data.split_seed): the checkpoint holds
    # the parameters after the task's single Adam step.
    seed = 3
    learning = {"learning": "backprop"} if rule == "exact" else {"rule.factors": rule}
    run = prospect.run("shunting", {**learning, "network.core": core,
                                    "data.dir": DATA / "mnist_100", "data.train_samples": 8,
                                    "data.test_samples": 4, "data.split": 1, "keep_best": False,
                                    "network.somata": 4, "network.branch_factors": [2, 2],
                                    "network.k_exc": 8, "network.k_inh": 4, "batch": 8,
                                    "epochs": 1, "diagnostics.every": 0, "record.samples": 0},
                       output=str(tmp_path / "shunting.h5"), seed=seed, progress=False)

    keywords = {"learning": "backprop"} if rule == "exact" else {"factors": rule}
    net = prospect.shunting.Network(784, **SMALL, **keywords, core=core,
                                    seed=prospect.derive_seed(seed, 31),
                                    group_rates={g: r / LR["synapses"] for g, r in LR.items()})
    images, labels = mnist_images(8)
    train = prospect.shuffled_indices(8, 42)  # the training/validation split
    order = train[prospect.shuffled_indices(8, prospect.derive_seed(seed, 21, 0))]
    loss = net.learn(images[order], one_hot(labels[order]))
    prospect.Optimizer(net, "adam", lr=LR["synapses"]).step()

    assert loss == run.dataset("metrics/epoch/train_loss")[0]
    expected = checkpoint_parameters(run, net)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, expected[name], err_msg=name)


def test_voltages_per_level():
    net = prospect.shunting.Network(784, **SMALL, seed=1)
    x, _ = batch()
    v = net.voltages(x)
    assert list(v) == ["layer1/level0", "layer1/level1", "layer1/level2"]
    assert [a.shape for a in v.values()] == [(6, 16), (6, 8), (6, 4)]  # leaves to somata
    # Shunting compartments stay between the inhibitory (0) and excitatory (1) reversals.
    assert all(np.all((a > 0) & (a < 1)) for a in v.values())
    np.testing.assert_array_equal(net.probe("layer1/level0/V"), v["layer1/level0"])
    # The relaxation from rest settles where the steady state is.
    relaxed = net.voltages(x, continuous=True)
    for name in v:
        np.testing.assert_allclose(relaxed[name], v[name], atol=1e-3)
    trajectory = net.relax(x, every=5)
    steps = trajectory["steps"]
    assert trajectory["residual"] <= 1e-4
    assert trajectory["time"].shape == (steps // 5,)
    assert trajectory["time"][0] == pytest.approx(5 * 0.01)
    assert trajectory["voltages"]["layer1/level2"].shape == (steps // 5, 6, 4)
    every_step = net.relax(x)
    for name in v:
        np.testing.assert_array_equal(every_step["voltages"][name][-1], relaxed[name])


def test_predict_evaluate_and_exact_gradients_agree_with_numpy():
    net = prospect.shunting.Network(784, **SMALL, learning="backprop", clip=0, seed=2)
    x, y = batch()
    logits = net.predict(x)
    assert logits.shape == (6, 10)
    z = logits.astype(np.float64)
    log_p = z - z.max(axis=1, keepdims=True)
    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))
    assert net.evaluate(x, y) == pytest.approx(-np.mean(np.sum(y * log_p, axis=1)), rel=1e-6)
    assert net.learn(x, y) == pytest.approx(net.evaluate(x, y), rel=1e-12)
    # The decoder's gradients: mean over the batch of (softmax - y) and its
    # product with the soma outputs.
    delta = np.exp(log_p) - y
    np.testing.assert_allclose(net.gradient("decoder/b"), delta.mean(axis=0), atol=1e-6)
    h = net.probe("layer1/level2/a")
    np.testing.assert_allclose(net.gradient("decoder/W"), delta.T @ h / 6, atol=1e-6)


def test_rules_per_call():
    net = prospect.shunting.Network(784, **SMALL, seed=4)
    assert net.rule == "5f"
    x, y = batch()
    gradients = {}
    for rule in ("exact", "3F", "4f", "5f"):
        net.reset()  # fresh running averages
        net.learn(x, y, rule=rule)
        gradients[rule.lower()] = net.gradient("layer1/level0/preE")
    assert len(net.rho) == len(net.phi) == 3  # one per level
    # Every rule estimates the same gradient differently; 3F, 4F and 5F
    # share its sign pattern on the synapses they change.
    assert not np.array_equal(gradients["exact"], gradients["3f"])
    assert not np.array_equal(gradients["3f"], gradients["5f"])
    changed = (gradients["exact"] != 0) & (gradients["3f"] != 0)
    assert changed.sum() > 0
    with pytest.raises(prospect.Error, match="key 'rule' = 'six': expected exact, 3f, 4f or 5f"):
        net.learn(x, y, rule="six")


def test_learning_reduces_the_loss():
    net = prospect.shunting.Network(784, **SMALL, seed=5)
    x, y = batch(16, seed=1)
    optimizer = prospect.Optimizer(net, "adam", lr=0.02)
    losses = []
    for _ in range(40):
        losses.append(net.learn(x, y))
        optimizer.step()
    assert losses[-1] < 0.8 * losses[0]


def test_parameters_round_trip_and_give_the_same_network():
    a = prospect.shunting.Network(784, **SMALL, seed=6)
    b = prospect.shunting.Network(784, **SMALL, seed=7)
    assert a.parameter_names[:5] == ["layer1/level0/preE", "layer1/level0/preI",
                                     "layer1/level0/log_m", "layer1/level0/b",
                                     "layer1/level1/preE"]
    assert a.parameter("layer1/level0/preE").shape == (784, 16)  # inputs x compartments
    assert a.parameter("decoder/W").shape == (10, 4)
    x, y = batch()
    assert not np.array_equal(a.predict(x), b.predict(x))
    b.set_parameters(a.parameters())
    np.testing.assert_array_equal(b.predict(x), a.predict(x))
    assert b.learn(x, y) == a.learn(x, y)
    for name, value in a.gradients().items():
        np.testing.assert_array_equal(b.gradient(name), value)


def test_wrong_arrays_and_options_raise_errors():
    net = prospect.shunting.Network(784, **SMALL, seed=1)
    x, y = batch()
    with pytest.raises(ValueError, match=r"input: expected a float32 numpy array of shape "
                                         r"\(any, 784\) = \(batch, features\), got float64"):
        net.voltages(x.astype(np.float64))
    with pytest.raises(ValueError, match=r"target: expected .* \(6, 10\) .* got float32 array "
                                         r"of shape \(6, 9\)"):
        net.learn(x, y[:, 1:])
    for call, arguments in (("relax", (x[:0],)), ("voltages", (x[:0],)), ("predict", (x[:0],)),
                            ("learn", (x[:0], y[:0])), ("evaluate", (x[:0], y[:0]))):
        with pytest.raises(ValueError, match=r"input: an empty array of shape \(0, 784\)"):
            getattr(net, call)(*arguments)
    with pytest.raises(ValueError, match=r"parameter 'decoder/W': expected .* \(10, 4\)"):
        net.set_parameter("decoder/W", np.zeros((4, 10), np.float32))
    with pytest.raises(prospect.Error, match="key 'network.somata' = 'many'"):
        prospect.shunting.Network(784, somata="many")
    with pytest.raises(prospect.Error, match="key 'network.somata' = '2.5': expected a whole"):
        prospect.shunting.Network(784, somata=2.5)
    with pytest.raises(prospect.Error, match="network.k_exc = 0"):
        prospect.shunting.Network(784, **{**SMALL, "k_exc": 0})
    with pytest.raises(prospect.Error,
                       match="key 'integrator.dt' = '2': expected <= network.tau = 1"):
        prospect.shunting.Network(784, **SMALL, dt=2)
    with pytest.raises(prospect.Error, match="key 'network.core' = 'divisive'"):
        prospect.shunting.Network(784, **SMALL, core="divisive")
    with pytest.raises(prospect.Error, match="key 'group_rates' = 'dendrites'"):
        prospect.shunting.Network(784, **SMALL, group_rates={"dendrites": 1})
