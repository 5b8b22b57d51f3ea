"""gle.Network from numpy: construction from a spec, stepping, probes,
parameters in and out, optimizer steps, and the errors bad input gets."""

import numpy as np
import pytest

import prospect

SPEC = dict(input_size=2,
            layers=[dict(size=3, activation="tanh", tau_m=[0.5, 1.0, 2.0], tau_r=0.2),
                    dict(size=2, activation="linear", tau_m=1.0, tau_r=1.0, bias=False)],
            gamma=0.0, beta=1.0, loss="mse")


def network(**overrides):
    settings = dict(dt=0.1, batch=4)
    settings.update(overrides)
    return prospect.gle.Network(SPEC, **settings)


def drive(batch=4, features=2, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, (batch, features)).astype(np.float32)


def test_spec_as_dict_or_keywords_gives_the_same_network():
    a = prospect.gle.Network(SPEC, dt=0.1, batch=4)
    b = prospect.gle.Network(dt=0.1, batch=4, **SPEC)
    assert a.spec == b.spec
    assert a.spec["layers"][0]["tau_m"] == [0.5, 1.0, 2.0]
    assert a.spec["layers"][1]["tau_r"] == [1.0, 1.0]
    assert a.family == "gle" and a.scheme == "reference"


def test_parameters_round_trip_through_numpy():
    net = network()
    assert net.parameter_names == ["layer1/W", "layer1/b", "layer1/tau_m", "layer1/tau_r",
                                   "layer2/W", "layer2/tau_m", "layer2/tau_r"]
    rng = np.random.default_rng(1)
    written = {name: rng.uniform(0.2, 1, value.shape).astype(np.float32)
               for name, value in net.parameters().items()}
    assert written["layer1/W"].shape == (3, 2)  # (out, in), as PyTorch's nn.Linear
    assert written["layer1/b"].shape == (3,)
    net.set_parameters(written)
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, written[name])
    # A Fortran-ordered array means the same matrix.
    w = np.asfortranarray(rng.uniform(-1, 1, (2, 3)).astype(np.float32))
    net.set_parameter("layer2/W", w)
    np.testing.assert_array_equal(net.parameter("layer2/W"), w)


def test_parameters_drive_the_dynamics():
    # With W = I-like weights the first layer's drive is W x + b; u relaxes
    # towards it: after one reference step u = dt/tau_m * (W x + b).
    net = network(batch=2)
    w = np.array([[1, 0], [0, 1], [1, 1]], np.float32)
    b = np.array([0.5, -0.5, 0.0], np.float32)
    net.set_parameters({"layer1/W": w, "layer1/b": b})
    x = drive(batch=2)
    net.step(x)
    tau_m = np.array([0.5, 1.0, 2.0], np.float32)
    np.testing.assert_allclose(net.probe("layer1/u"), 0.1 / tau_m * (x @ w.T + b), rtol=1e-6)


def test_probes_are_batch_by_neurons():
    net = network()
    net.initialise_uniform(seed=3)
    for _ in range(5):
        net.step(drive(), drive(features=2, seed=1))
    probes = net.probes()
    assert sorted(probes) == sorted(net.probe_names)
    assert set(net.probe_names) == {f"layer{l}/{s}" for l in (1, 2) for s in "uver"}
    assert probes["layer1/u"].shape == (4, 3)
    assert probes["layer2/r"].shape == (4, 2)
    assert probes["layer1/u"].dtype == np.float32
    assert np.any(probes["layer1/e"] != 0)  # the target's error reached layer 1
    assert net.output.shape == (4, 2)
    assert net.steps == 5 and net.time == pytest.approx(0.5)


def test_an_optimizer_step_descends_the_gradient():
    net = network()
    net.initialise_uniform(seed=3)
    x, y = drive(), drive(seed=1)
    for _ in range(3):
        net.step(x, y)
    before, gradients = net.parameters(), net.gradients()
    optimizer = prospect.Optimizer(net, "sgd", lr=0.5)
    assert optimizer.parameter_names == ["layer1/W", "layer1/b", "layer2/W"]
    optimizer.step()
    after = net.parameters()
    for name in optimizer.parameter_names:
        np.testing.assert_allclose(after[name], before[name] - 0.5 * gradients[name], rtol=1e-6)
    np.testing.assert_array_equal(after["layer1/tau_m"], before["layer1/tau_m"])
    assert net.trainable(tau_m=True, layers=[2]) == ["layer2/W", "layer2/tau_m"]


@pytest.mark.parametrize("settings, message", [
    (dict(lr=float("inf")), "learning rate inf: expected a finite number > 0"),
    (dict(lr=float("nan")), "learning rate nan"),
    (dict(lr=0.0), "learning rate 0"),
    (dict(kind="sgd", momentum=1.0), "momentum 1: expected 0 <= momentum < 1"),
    (dict(betas=(0.9, float("nan"))), "beta2 nan"),
    (dict(eps=0.0), "epsilon 0"),
])
def test_optimizer_settings_that_would_spoil_the_parameters_are_refused(settings, message):
    net = network()
    with pytest.raises(prospect.Error, match=message):
        prospect.Optimizer(net, **settings)
    optimizer = prospect.Optimizer(net, "sgd", lr=0.5)
    with pytest.raises(prospect.Error, match="learning rate inf"):
        optimizer.lr = float("inf")
    assert optimizer.lr == 0.5


def test_learning_reduces_the_loss():
    net = network(batch=8)
    net.initialise_uniform(seed=5)
    x = drive(batch=8)
    y = (0.5 * x[:, ::-1]).copy()
    optimizer = prospect.Optimizer(net, "adam", lr=1e-2)
    losses = []
    for _ in range(400):
        net.step(x, y)
        losses.append(net.loss(y))
        optimizer.step()
    assert losses[-1] < 0.1 * max(losses[:50])


def test_input_is_read_in_place_and_not_kept():
    # A C-contiguous array is used without a copy; changing it afterwards
    # changes nothing already computed, and a strided view gives the same step.
    a, b = network(), network()
    for net in (a, b):
        net.initialise_uniform(seed=2)
    x = drive(batch=4, features=4)
    a.step(x[:, :2].copy())
    b.step(x[:, :2])  # not contiguous: copied once
    np.testing.assert_array_equal(a.probe("layer1/u"), b.probe("layer1/u"))


@pytest.mark.parametrize("bad, message", [
    (np.zeros((4, 2)), "input: expected a float32 numpy array of shape (4, 2) = (batch, features), "
                       "got float64 array of shape (4, 2)"),
    (np.zeros((4, 3), np.float32), "got float32 array of shape (4, 3)"),
    (np.zeros((2, 4), np.float32), "got float32 array of shape (2, 4)"),
    (np.zeros(4, np.float32), "got float32 array of shape (4,)"),
    ([[0.0, 0.0]] * 4, "got a list (use numpy.asarray(..., dtype=numpy.float32))"),
    (np.full((4, 2), np.nan, np.float32), "input: element (0, 0) is not finite"),
])
def test_wrong_inputs_raise_value_errors(bad, message):
    net = network()
    with pytest.raises(ValueError) as error:
        net.step(bad)
    assert message in str(error.value)
    assert net.steps == 0


def test_wrong_targets_and_parameters_raise_value_errors():
    net = network()
    with pytest.raises(ValueError, match=r"target: expected .* \(4, 2\) .* got float32 array of shape \(4, 3\)"):
        net.step(drive(), np.zeros((4, 3), np.float32))
    with pytest.raises(ValueError, match="target_end needs a target"):
        net.step(drive(), target_end=drive())
    with pytest.raises(ValueError, match=r"parameter 'layer1/W': expected a float32 numpy array of shape \(3, 2\), got float32 array of shape \(2, 3\)"):
        net.set_parameter("layer1/W", np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="parameter 'layer1/b': expected .* got int64"):
        net.set_parameter("layer1/b", np.zeros(3, np.int64))
    with pytest.raises(ValueError, match="parameter 'layer1/b': element 1 .* is not finite"):
        net.set_parameter("layer1/b", np.array([0, np.inf, 0], np.float32))
    with pytest.raises(ValueError, match=r"parameter 'layer1/tau_m': element 2 = 0.05.* is below dt = 0.1"):
        net.set_parameter("layer1/tau_m", np.array([0.5, 1, 0.05], np.float32))
    with pytest.raises(KeyError, match="no parameter 'layer3/W'"):
        net.parameter("layer3/W")
    with pytest.raises(KeyError, match="no probe 'layer1/x'"):
        net.probe("layer1/x")
    # set_parameters writes all or nothing.
    before = net.parameters()
    with pytest.raises(ValueError):
        net.set_parameters({"layer1/b": np.ones(3, np.float32), "layer2/W": np.ones(3, np.float32)})
    np.testing.assert_array_equal(net.parameter("layer1/b"), before["layer1/b"])


def test_bad_specs_raise_errors_naming_the_key():
    with pytest.raises(ValueError, match=r"spec: unknown key 'tau' \(expected input_size, layers"):
        prospect.gle.Network(dt=0.1, layers=[dict(size=1, tau_m=1, tau_r=1)], tau=1)
    with pytest.raises(ValueError, match=r"spec layers\[0\]: missing key 'tau_r'"):
        prospect.gle.Network(dt=0.1, layers=[dict(size=1, tau_m=1)])
    with pytest.raises(TypeError, match=r"spec layers\[0\]: key 'size': expected a whole number"):
        prospect.gle.Network(dt=0.1, layers=[dict(size="one", tau_m=1, tau_r=1)])
    # Errors of the C++ side arrive with its message.
    with pytest.raises(prospect.Error, match=r"^layer 1 neuron 0: tau_m = 0.01 is below dt = 0.1 "
                                             r"\(time constants must be >= dt\)$"):
        prospect.gle.Network(dt=0.1, layers=[dict(size=1, tau_m=0.01, tau_r=1)])
    with pytest.raises(prospect.Error, match="layer 1: tau_m has 2 values for 1 neurons"):
        prospect.gle.Network(dt=0.1, layers=[dict(size=1, tau_m=[1, 1], tau_r=1)])
    with pytest.raises(prospect.Error, match="key 'scheme' = 'exact': expected reference or ode"):
        prospect.gle.Network(SPEC, dt=0.1, scheme="exact")
    with pytest.raises(prospect.Error, match="activation' = 'elu': expected linear, tanh, softplus, sigmoid or relu"):
        prospect.gle.Network(dt=0.1, layers=[dict(size=1, tau_m=1, tau_r=1, activation="elu")])


def test_the_ode_scheme_steps_with_interpolated_drive():
    net = network(scheme="ode", stepper="euler")
    net.initialise_uniform(seed=4)
    x0, x1 = drive(), drive(seed=9)
    net.step(x0, drive(seed=1), input_end=x1, target_end=drive(seed=2))
    assert net.scheme == "ode"
    assert np.all(np.isfinite(net.probe("layer2/e")))


def test_reset_returns_to_rest_at_time_zero():
    net = network()
    net.initialise_uniform(seed=4)
    net.step(drive())
    net.reset()
    assert net.time == 0
    assert not np.any(net.probe("layer1/u"))


def test_error_neurons_advance_the_error_as_the_scheme_says():
    # A linear two-neuron chain learning nothing: the bottom error against the
    # output error, by lock-in at three tones, is the reference scheme's exact
    # transfer (one step of delay; for prospective errors the error neuron's
    # discrete lead-lag (1 + iωτm)/(1 + iωτr)); instantaneous errors only the delay.
    dt, tau_m, tau_r, w2 = 0.01, 0.5, 0.1, 0.7
    omegas = [0.5, 2.0, 8.0]
    t = np.arange(6000) * dt
    x = sum(np.sin(omega * t + omega) for omega in omegas).astype(np.float32)
    z = np.exp(1j * np.array(omegas) * dt)
    a = dt / tau_r
    expected = {
        True: w2 / z * (tau_m / tau_r + (1 - tau_m / tau_r) / z * a / (1 - (1 - a) / z)),
        False: w2 / z,
    }
    for prospective_errors in (True, False):
        layers = [dict(size=1, activation="linear", tau_m=tau, tau_r=tau_r, bias=False)
                  for tau in (tau_m, 0.8)]
        teacher = prospect.gle.Network(layers=layers, dt=dt, prospective_errors=False)
        student = prospect.gle.Network(layers=layers, dt=dt, beta=0.1,
                                       prospective_errors=prospective_errors)
        teacher.set_parameters({"layer1/W": np.float32([[1]]), "layer2/W": np.float32([[2]])})
        student.set_parameters({"layer1/W": np.float32([[0.3]]), "layer2/W": np.float32([[w2]])})
        student.gradients_on = False
        e = np.empty((len(t), 2))
        for k in range(len(t)):
            teacher.step(x[k].reshape(1, 1))
            student.step(x[k].reshape(1, 1), teacher.output)
            e[k] = student.probe("layer1/e")[0, 0], student.probe("layer2/e")[0, 0]
        s = prospect.phase(t, e[:, 0], e[:, 1], transient=20, omega=omegas)
        np.testing.assert_allclose(s["gain"], np.abs(expected[prospective_errors]), rtol=1e-5)
        np.testing.assert_allclose(s["phase"], np.angle(expected[prospective_errors]), atol=1e-5)
