"""Property-based tests of every public callable of the module: random
shapes (empty included), dtypes, memory layouts, non-finite and extreme
values, wrong kinds of value and extreme option values. Whatever the input,
the interpreter does not crash (the calls run in this process), a refusal is
a ValueError, TypeError or prospect.Error (KeyError for an unknown name)
with a message, and an accepted call returns finite results of the
documented shape. tools/sanitize.sh runs this file with the module built
under AddressSanitizer and UndefinedBehaviorSanitizer.

The examples are derandomized (the same on every run) and few, with small
networks: the file takes well under a minute."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import prospect

settings.register_profile(
    "properties", max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("properties")

REFUSALS = (ValueError, TypeError, prospect.Error)


def attempt(function, *arguments, names=False, **keywords):
    """(True, result) of an accepted call, (False, error) of a refused one;
    any other exception fails the test. names: a KeyError (an unknown
    parameter, probe or weight name) is a refusal too."""
    refusals = REFUSALS + ((KeyError,) if names else ())
    name = getattr(function, "__name__", "call")
    try:
        result = function(*arguments, **keywords)
    except refusals as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        event(f"{name}: refused")  # --hypothesis-show-statistics counts them
        return False, error
    event(f"{name}: accepted")
    return True, result


def finite(value):
    """Every number in a result (arrays, dicts, lists, scalars) is finite."""
    if isinstance(value, dict):
        return all(finite(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return all(finite(item) for item in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.all(np.isfinite(value)))
    if isinstance(value, (float, np.floating)):
        return math.isfinite(value)
    return True


# --- values -------------------------------------------------------------------
# Each argument is valid nine times in ten, so that many calls pass every check
# and reach the C++ side, and the rest try one bad value at a time.

EXTREME_INTEGERS = [-1, 0, 2**31, 2**63, 2**64, -2**63 - 1, 10**30]
JUNK = [None, True, False, "1", "", b"1", [], [1], [[1.0]], [None], {}, 1 + 2j, object()]


def mostly(valid, invalid):
    return st.integers(0, 9).flatmap(lambda k: invalid if k == 0 else valid)


def choice(valid, invalid):
    return mostly(st.sampled_from(valid), st.sampled_from(invalid))


def numbers(low, high):
    """Numbers in [low, high], else non-finite, huge, tiny or not numbers."""
    return mostly(st.one_of(st.floats(low, high), st.integers(math.ceil(low), math.floor(high))
                            if math.ceil(low) <= math.floor(high) else st.floats(low, high)),
                  st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                            st.sampled_from(EXTREME_INTEGERS + [1e300, -1e300, 5e-324] + JUNK)))


def sizes(high=3, low=1):
    """Small whole numbers, else out of range or of the wrong kind. Sizes
    that are valid but large are left out: they only cost memory."""
    return mostly(st.one_of(st.integers(low, high), st.just(np.int64(low))),
                  st.sampled_from([low - 1, -1, 2**31, 2**63, 10**30, 2.0, 2.5, float("nan")] +
                                  JUNK))


def option_counts(high=4):
    """Whole numbers for the ep and shunting option tables, whose parser
    (core/options) decides their ranges: values it may take but that would
    cost gigabytes or hours (a width or a step count of 2^31) are left out."""
    return mostly(st.integers(1, high),
                  st.sampled_from([0, -1, 10**30, 2.5, float("nan"), None, "x", True]))


def seeds():
    return mostly(st.one_of(st.integers(0, 2**64 - 1), st.just(np.uint64(7))),
                  st.sampled_from([-1, 2**64, 10**30, 1.5] + JUNK))


def flags():
    return choice([True, False, np.bool_(True)], [None, 1, 0, 0.0, "yes"])


DTYPES = [np.float64, np.float16, np.int64, np.int32, np.uint8, np.bool_, np.complex64, ">f4",
          np.object_]


@st.composite
def arrays(draw, shape=()):
    """Mostly a float32 array of `shape` with values in [-4, 4]; else of
    another shape (empty included) or dtype, non-finite or extreme values,
    Fortran order or strided (valid values, to be accepted), or not an array."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.sampled_from(JUNK + [1.0, np.float32(1)]))
    if kind == 1:
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    dtype = np.dtype(draw(st.sampled_from(DTYPES)) if kind == 2 else np.float32)
    if dtype == np.object_:
        return np.full(shape, 1.0, dtype=object)
    width = min(dtype.itemsize * 8, 64) if dtype.kind == "f" else 64
    elements = st.floats(-4, 4, width=width) if dtype.kind == "f" else None
    if kind == 3:
        largest = float(np.finfo(dtype).max)
        elements = st.one_of(st.floats(width=width), st.sampled_from([largest, -largest]))
    array = draw(hnp.arrays(dtype, shape, elements=elements))
    if kind == 4 and array.ndim == 2:
        array = np.asfortranarray(array)
    elif kind == 5 and array.ndim >= 1:  # every other row of an array twice as long
        array = np.repeat(array, 2, axis=0)[::2]
    return array


def batches(features, batch=None):
    """(batch, features) arrays, batch from 1 to 3 (0 now and then) unless given."""
    rows = st.just(batch) if batch is not None else mostly(st.integers(1, 3), st.just(0))
    return rows.flatmap(lambda b: arrays((b, features)))


def valid_batch(features, batch=2):
    return np.linspace(-1, 1, batch * features, dtype=np.float32).reshape(batch, features)


def check_batch_result(accepted, result, batch, width):
    if accepted:
        assert result.shape == (batch, width) and result.dtype == np.float32
        assert finite(result)


def batch_of(array):
    return array.shape[0] if isinstance(array, np.ndarray) and array.ndim == 2 else None


# --- module functions -------------------------------------------------------------

@given(seeds(), seeds(), seeds())
def test_derive_seed(seed, a, b):
    accepted, result = attempt(prospect.derive_seed, seed, a, b)
    if accepted:
        assert 0 <= result < 2**64


@given(sizes(50, low=0), seeds())
def test_shuffled_indices(n, seed):
    accepted, result = attempt(prospect.shuffled_indices, n, seed)
    if accepted:
        assert sorted(result.tolist()) == list(range(int(n)))


@given(mostly(st.integers(1, 4), st.sampled_from(EXTREME_INTEGERS + JUNK + [2.0, 100000])))
def test_set_threads(threads):
    try:
        accepted, _ = attempt(prospect.set_threads, threads)
        if accepted:
            assert prospect.threads() == threads
    finally:
        prospect.set_threads(1)


@given(st.one_of(st.sampled_from(JUNK), st.floats(), st.integers(), st.text(max_size=5),
                 st.lists(st.one_of(st.integers(), st.none()), max_size=3)))
def test_option_text(value):
    accepted, result = attempt(prospect.option_text, value)
    if accepted:
        assert isinstance(result, str)


@given(mostly(st.integers(8, 60), st.integers(0, 7)).flatmap(lambda n: st.tuples(
    mostly(st.just(np.arange(n) * 0.1), arrays((n,))),
    mostly(st.just(np.sin(np.arange(n) * 0.7)), arrays((n,))),
    mostly(st.just(np.cos(np.arange(n) * 0.7)), arrays((n,))))),
    numbers(0, 2), choice(["hann", "rectangular"], ["flat", ""]),
    mostly(st.one_of(st.just(()), st.lists(numbers(0.1, 10), max_size=3)), st.sampled_from(JUNK)))
def test_phase(series, transient, window, omega):
    time, signal, reference = series
    accepted, result = attempt(prospect.phase, time, signal, reference, transient=transient,
                               window=window, omega=omega)
    if accepted:
        defined = result["defined"]
        assert result["gain"].shape == result["phase"].shape == defined.shape
        assert finite(result["gain"][defined]) and finite(result["phase"][defined])


# --- gle.Network -------------------------------------------------------------------------

def gle_layer():
    return st.fixed_dictionaries(
        {"size": sizes(), "tau_m": mostly(numbers(0.2, 3), st.lists(numbers(0.2, 3), max_size=3)),
         "tau_r": mostly(numbers(0.2, 3), st.lists(numbers(0.2, 3), max_size=3))},
        optional={"activation": choice(["tanh", "linear", "relu", "softplus"], ["x", None]),
                  "bias": flags()})


@given(st.fixed_dictionaries(
    {"layers": mostly(st.lists(gle_layer(), min_size=1, max_size=3),
                      st.one_of(st.just([]), st.sampled_from(JUNK)))},
    optional={"input_size": sizes(), "gamma": numbers(0, 2), "beta": numbers(0, 2),
              "loss": choice(["mse", "cross_entropy"], ["l1", 3]),
              "prospective_errors": flags()}),
    numbers(0.01, 0.2), sizes(), choice(["reference", "ode"], ["exact"]),
    choice(["rk4", "euler"], ["rk45"]), numbers(1e-8, 1e-3), sizes(100))
def test_gle_network(spec, dt, batch, scheme, stepper, tolerance, max_iterations):
    accepted, net = attempt(prospect.gle.Network, spec, dt=dt, batch=batch, scheme=scheme,
                            stepper=stepper, tolerance=tolerance, max_iterations=max_iterations)
    if not accepted:
        return
    outputs, inputs = net.spec["layers"][-1]["size"], net.spec["input_size"]
    x, y = valid_batch(inputs, net.batch), np.zeros((net.batch, outputs), np.float32)
    for _ in range(3):
        stepped, _ = attempt(net.step, x, y)
        if not stepped:  # an implicit loop that did not converge: named, not NaN
            return
    assert net.output.shape == (net.batch, outputs)
    assert finite(net.output) and finite(net.parameters()) and finite(net.probes())


def small_gle(scheme="reference"):
    net = prospect.gle.Network(input_size=2, layers=[dict(size=3, tau_m=1.0, tau_r=0.5),
                                                     dict(size=2, tau_m=1.0, tau_r=0.5,
                                                          activation="linear")],
                               dt=0.1, batch=2, scheme=scheme, gamma=0.5 if scheme == "ode" else 0)
    net.initialise_uniform(1)
    return net


@given(st.sampled_from(["reference", "ode"]), batches(2, 2), mostly(batches(2, 2), st.none()),
       mostly(st.none(), batches(2, 2)), mostly(st.none(), batches(2, 2)))
def test_gle_step(scheme, x, y, x_end, y_end):
    net = small_gle(scheme)
    optimizer = prospect.Optimizer(net, "sgd", 0.1)
    # A step that overflows float32 shows in the next step's output, and its
    # gradients are refused by the optimizer: parameters stay finite.
    for _ in range(2):
        accepted, _ = attempt(net.step, x, y, input_end=x_end, target_end=y_end)
        if not accepted:
            break
        assert net.output.shape == (2, 2) and finite(net.output)
        attempt(optimizer.step)
        assert finite(net.parameters())
    accepted, loss = attempt(net.loss, y)
    if accepted:
        assert math.isfinite(loss)


GLE_SHAPES = {"layer1/W": (3, 2), "layer1/b": (3,), "layer1/tau_m": (3,), "layer2/tau_r": (2,),
              "layer9/W": (3, 2)}


@given(st.sampled_from(sorted(GLE_SHAPES)).flatmap(
    lambda name: st.tuples(st.just(name), arrays(GLE_SHAPES[name]))),
    numbers(0, 2), seeds(), flags(), mostly(st.lists(sizes(2), max_size=2), st.sampled_from(JUNK)))
def test_gle_parameters(named_value, minimum, seed, on, layers):
    net = small_gle()
    name, value = named_value
    if name.endswith(("tau_m", "tau_r")) and isinstance(value, np.ndarray):
        value = value + np.float32(4)  # mostly above dt
    attempt(net.set_parameter, name, value, names=True)
    attempt(net.clamp_time_constants, minimum)
    attempt(net.initialise_uniform, seed)
    attempt(setattr, net, "gradients_on", on)
    attempt(setattr, net, "time_constant_gradients", on)
    accepted, chosen = attempt(net.trainable, weights=on, layers=layers)
    if accepted:
        assert set(chosen) <= set(net.parameter_names)
    assert finite(net.parameters())
    for values in (net.parameters()["layer1/tau_m"], net.parameters()["layer2/tau_r"]):
        assert np.all(values >= net.dt)
    net.step(valid_batch(2), valid_batch(2))
    assert finite(net.output) and finite(net.probes())


@given(choice(["adam", "sgd"], ["rmsprop", ""]), numbers(1e-4, 1),
       mostly(st.one_of(st.none(), st.lists(st.sampled_from(["layer1/W", "layer2/b"]),
                                             min_size=1, max_size=2, unique=True)),
              st.lists(st.sampled_from(["layer1/W", "x", None]), max_size=2)),
       numbers(0, 0.99), mostly(st.tuples(numbers(0, 0.99), numbers(0, 0.999)),
                                st.one_of(st.lists(numbers(0, 0.99), max_size=3),
                                          st.sampled_from(JUNK))),
       numbers(1e-10, 1e-6), numbers(1e-4, 1))
def test_optimizer(kind, lr, parameters, momentum, betas, eps, new_lr):
    net = small_gle()
    accepted, optimizer = attempt(prospect.Optimizer, net, kind, lr, parameters=parameters,
                                  momentum=momentum, betas=betas, eps=eps, names=True)
    if not accepted:
        return
    attempt(setattr, optimizer, "lr", new_lr)
    assert math.isfinite(optimizer.lr) and optimizer.lr > 0
    for _ in range(2):
        net.step(valid_batch(2), np.ones((2, 2), np.float32))
        optimizer.step()
    assert finite(net.parameters())


@given(choice(["e2e-15k", "e2e-42k", "lagnet-le"], ["x"]), numbers(0.05, 1))
def test_mnist1d_network(preset, dt):
    accepted, network = attempt(prospect.gle.mnist1d_network, preset, dt)
    if accepted:
        assert finite(network["spec"]["layers"][0]["tau_m"]) and network["lr"] > 0


# --- ep.Network --------------------------------------------------------------------------

EP_SMALL = dict(widths=[3, 4, 2], free_steps=4, nudged_steps=2)


@given(mostly(st.lists(option_counts(), min_size=2, max_size=4), st.sampled_from(JUNK + [[3]])),
       choice(["ep_mlp", "dep", "dep_e"], ["x"]),
       mostly(st.one_of(st.none(), st.lists(numbers(0.1, 2), min_size=1, max_size=3)),
              st.sampled_from(JUNK)), seeds(),
       st.dictionaries(st.sampled_from(["beta", "dt", "tau", "sparsity", "tolerance"]),
                       numbers(0.1, 1), max_size=2),
       st.dictionaries(st.sampled_from(["free_steps", "nudged_steps", "basal_branches"]),
                       option_counts(), max_size=2))
def test_ep_network(widths, model, layer_rates, seed, reals, counts):
    keywords = {**EP_SMALL, **reals, **counts}
    if layer_rates is not None:
        keywords["layer_rates"] = layer_rates
    accepted, net = attempt(prospect.ep.Network, widths, model=model, seed=seed, **keywords)
    if not accepted:
        return
    assert finite(net.parameters())
    x, y = valid_batch(net.widths[0]), valid_batch(net.widths[-1])
    check_batch_result(*attempt(net.predict, x), 2, net.widths[-1])
    accepted, loss = attempt(net.learn, x, y)
    if accepted:
        assert math.isfinite(loss) and finite(net.gradients())


def small_ep(model):
    return prospect.ep.Network(**EP_SMALL, model=model, seed=3)


@given(st.sampled_from(["ep_mlp", "dep", "dep_e"]), batches(3),
       st.one_of(batches(2, 2), batches(2)))
def test_ep_batches(model, x, y):
    net = small_ep(model)
    batch = batch_of(x)
    check_batch_result(*attempt(net.predict, x), batch, 2)
    accepted, states = attempt(net.relax, x)
    if accepted:
        assert [s.shape for s in states] == [(batch, 4), (batch, 2)] and finite(states)
    for method in (net.evaluate, net.learn):
        accepted, loss = attempt(method, x, y)
        if accepted:
            assert math.isfinite(loss) and finite(net.gradients())
    accepted, phases = attempt(net.trajectories, x, y)
    if accepted:
        assert finite(phases) and phases["free"]["layer1/s"].shape[1:] == (batch, 4)


EP_SHAPES = {"layer1/basal/W": (32, 3), "layer2/basal/W": (16, 4), "layer1/apical/W": (8, 2),
             "layer1/basal/b": (32,), "layer1/W": (4, 3)}


@given(st.sampled_from(["dep", "dep_e"]), st.sampled_from(sorted(EP_SHAPES)).flatmap(
    lambda name: st.tuples(st.just(name), arrays(EP_SHAPES[name]))), st.booleans())
def test_ep_masks_and_parameters(model, named_value, as_mask):
    net = small_ep(model)
    name, value = named_value
    if as_mask and isinstance(value, np.ndarray) and value.dtype == np.float32:
        value = (value > 0).astype(np.float32) if value.size and np.all(np.isfinite(value)) \
            else value
    attempt(net.set_mask if as_mask else net.set_parameter, name, value, names=True)
    assert finite(net.parameters())
    for weight, mask in net.masks().items():
        assert set(np.unique(mask)) <= {0.0, 1.0}
        assert np.all(net.parameter(weight)[mask == 0] == 0)
    assert math.isfinite(net.learn(valid_batch(3), np.eye(2, dtype=np.float32)))


# --- shunting.Network --------------------------------------------------------------

SHUNTING_SMALL = dict(somata=2, branch_factors=[2], k_exc=2, k_inh=1, max_steps=500)


@given(sizes(6, low=2), sizes(4, low=2), seeds(),
       mostly(st.dictionaries(st.sampled_from(["synapses", "decoder", "gates"]), numbers(0.1, 2),
                              max_size=2),
              st.one_of(st.sampled_from(JUNK), st.just({"x": 1.0}))),
       st.dictionaries(st.sampled_from(["tau", "dt", "clip", "average_rate"]), numbers(0.1, 1),
                       max_size=2),
       st.dictionaries(st.sampled_from(["somata", "k_exc", "k_inh"]), option_counts(2),
                       max_size=1))
def test_shunting_network(inputs, classes, seed, group_rates, reals, counts):
    keywords = {**SHUNTING_SMALL, **reals, **counts}
    accepted, net = attempt(prospect.shunting.Network, inputs, classes=classes, seed=seed,
                            group_rates=group_rates, **keywords)
    if not accepted:
        return
    assert finite(net.parameters())
    check_batch_result(*attempt(net.predict, valid_batch(inputs)), 2, classes)
    accepted, loss = attempt(net.learn, valid_batch(inputs), np.eye(classes, dtype=np.float32)[:2])
    if accepted:
        assert math.isfinite(loss) and finite(net.gradients())


def small_shunting():
    return prospect.shunting.Network(4, classes=3, seed=2, **SHUNTING_SMALL)


@given(batches(4), st.one_of(batches(3, 2), batches(3)),
       choice([None, "exact", "3f", "4f", "5f"], ["6f", 3]), flags(), sizes(3))
def test_shunting_batches(x, y, rule, continuous, every):
    net = small_shunting()
    batch = batch_of(x)
    check_batch_result(*attempt(net.predict, x), batch, 3)
    accepted, voltages = attempt(net.voltages, x, continuous=continuous)
    if accepted:
        assert voltages and all(v.shape[0] == batch for v in voltages.values()) and finite(voltages)
    accepted, relaxed = attempt(net.relax, x, every=every)
    if accepted:
        assert finite(relaxed) and relaxed["time"].ndim == 1
    accepted, loss = attempt(net.evaluate, x, y)
    if accepted:
        assert math.isfinite(loss)
    accepted, loss = attempt(net.learn, x, y, rule=rule)
    if accepted:
        assert math.isfinite(loss) and finite(net.gradients())
    assert finite(net.parameters())


SHUNTING_SHAPES = {"decoder/W": (3, 2), "decoder/b": (3,), "layer1/level0/preE": (4, 4),
                   "layer1/level1/logw": (2, 2), "x": (1,)}


@given(st.sampled_from(sorted(SHUNTING_SHAPES)).flatmap(
    lambda name: st.tuples(st.just(name), arrays(SHUNTING_SHAPES[name]))))
def test_shunting_parameters(named_value):
    net = small_shunting()
    attempt(net.set_parameter, *named_value, names=True)
    assert finite(net.parameters())
    accepted, loss = attempt(net.learn, valid_batch(4), np.eye(3, dtype=np.float32)[[0, 1]])
    assert not accepted or math.isfinite(loss)


# --- prospect.run --------------------------------------------------------------------

@settings(max_examples=15)
@given(choice(["chain"], ["nope", None, 3]),
       mostly(st.dictionaries(st.sampled_from(["time.train", "network.tau_r"]), numbers(0.1, 2),
                              max_size=1),
              st.one_of(st.sampled_from(JUNK), st.just({"x.y": 1}), st.just({3: 1}))),
       mostly(st.none(), seeds()), mostly(st.just(1), sizes()), flags())
def test_run(tmp_path_factory, task, options, seed, threads, progress):
    output = tmp_path_factory.mktemp("run") / "run.h5"
    if isinstance(options, dict):
        options = {"time.train": 1, **options}  # a short run when everything is accepted
    accepted, run = attempt(prospect.run, task, options, output=output, seed=seed,
                            threads=threads, progress=progress)
    if accepted:
        assert run.path == str(output) and finite(run.summary)


# --- inputs the module took before its arguments were checked --------------------

def gle_net(**keywords):
    layer = dict(size=2, tau_m=keywords.pop("tau_m", 1.0), tau_r=1.0)
    return prospect.gle.Network(layers=[layer], **{"dt": 0.1, **keywords})


def shunting_net(**keywords):
    return prospect.shunting.Network(4, **{**SHUNTING_SMALL, **keywords})


@pytest.mark.parametrize("call, error, message", [
    (lambda: prospect.ep.Network([2, 3, 2], layer_rates=[1, float("nan")]), prospect.Error,
     "'optimizer.lrs' = 'nan': every rate must be finite and > 0"),
    (lambda: prospect.ep.Network([2, 3, 2], layer_rates=[1, None]), TypeError,
     "layer_rates[1]: expected a number, got NoneType None"),
    (lambda: prospect.ep.Network([2, 3, 2], seed=-1), ValueError,
     "seed: expected a seed, a whole number from 0 to 2^64 - 1, got int -1"),
    (lambda: shunting_net(group_rates={"synapses": float("inf")}), prospect.Error,
     "relative learning rate of the synapses inf: expected a finite number > 0"),
    (lambda: shunting_net(classes="3"), TypeError, "classes: expected a whole number"),
    (lambda: gle_net(dt=float("inf"), tau_m=float("inf")), prospect.Error,
     "dt = inf: expected a finite dt > 0"),
    (lambda: gle_net(beta=float("inf")), prospect.Error, "beta = inf: expected a finite beta"),
    (lambda: gle_net(tau_m=1e300), prospect.Error,
     "tau_m = 1e+300: expected a finite time constant (in float32)"),
    (lambda: gle_net(batch=True), TypeError, "batch: expected a whole number"),
    (lambda: gle_net(batch=10**30), ValueError, "batch: expected a whole number from 1 to "),
    (lambda: gle_net(scheme="reference", tolerance=float("nan")), prospect.Error,
     "implicit loop tolerance nan"),
    (lambda: gle_net(scheme="ode", gamma=1, max_iterations=-5), prospect.Error,
     "implicit loop max_iterations -5: expected >= 1"),
    (lambda: gle_net(max_iterations=2**31), ValueError,
     "max_iterations: expected a whole number from -2147483648 to 2147483647"),
    (lambda: prospect.gle.Network(layers=[dict(size=-3, tau_m=1, tau_r=1)], dt=0.1),
     prospect.Error, "layer 1 has size -3: expected >= 1"),
    (lambda: gle_net().trainable(layers=[5]), prospect.Error,
     "learned layer 5: expected 1 to 1"),
    (lambda: gle_net().clamp_time_constants(float("nan")), prospect.Error,
     "time constant minimum nan"),
    (lambda: gle_net().clamp_time_constants(1e300), prospect.Error,
     "time constant minimum 1e+300"),
    (lambda: setattr(gle_net(), "gradients_on", None), TypeError,
     "gradients_on: expected True or False"),
    (lambda: prospect.gle.mnist1d_network("lagnet-le", float("nan")), ValueError,
     "dt: expected a finite number > 0"),
    (lambda: prospect.Optimizer(gle_net(), "sgd", lr=True), TypeError,
     "lr: expected a number, got bool True"),
    (lambda: prospect.Optimizer(gle_net(), "sgd", parameters=[]), prospect.Error,
     "parameters: an empty list"),
    (lambda: prospect.shuffled_indices(True, 1), TypeError, "n: expected a whole number"),
    (lambda: prospect.set_threads(True), TypeError, "threads: expected a whole number"),
    (lambda: prospect.run("chain", [1, 2]), TypeError, "options: expected a dict"),
    (lambda: prospect.run("chain", {}, progress=None), TypeError,
     "progress: expected True, False or a callable"),
    (lambda: prospect.run("chain", {}, threads=10**30), ValueError,
     "threads: expected a whole number from -2147483648 to 2147483647"),
    (lambda: shunting_net().relax(valid_batch(4), every=2**62), ValueError,
     "every: expected a whole number from 1 to "),
])
def test_inputs_taken_before_are_refused(call, error, message):
    with pytest.raises(error) as raised:
        call()
    assert message in str(raised.value)


def test_overflowing_inputs_are_named_not_returned_as_nan():
    net = small_gle()
    optimizer = prospect.Optimizer(net, "sgd", 0.1, parameters=net.trainable(tau_m=True))
    huge = np.full((2, 2), np.finfo(np.float32).max, np.float32)
    net.step(huge)
    before = net.parameters()
    with pytest.raises(prospect.Error, match="diverged at optimizer step: gradient of layer1/"):
        optimizer.step()
    for name, value in net.parameters().items():
        np.testing.assert_array_equal(value, before[name], err_msg=name)
    try:  # the state: finite, or named
        net.step(huge)
        assert finite(net.output)
    except prospect.Error as error:
        assert "diverged at gle step 2" in str(error)

    trees = small_shunting()
    trees.set_parameter("decoder/W", np.full((3, 2), np.finfo(np.float32).max, np.float32))
    with pytest.raises(prospect.Error, match="diverged at shunting learn: "):
        trees.learn(valid_batch(4), np.eye(3, dtype=np.float32)[[0, 1]])


# --- names, run files ----------------------------------------------------------------

@given(choice(["layer1/W", "layer2/b", "layer1/u", "layer2/e"], ["x", "", None, 3, b"layer1/W"]))
def test_names(name):
    net = small_gle()
    for lookup in (net.parameter, net.gradient, net.probe):
        accepted, value = attempt(lookup, name, names=True)
        if accepted:
            assert finite(value)
    net.reset()
    assert net.time == 0 and finite(net.probes())


@pytest.fixture(scope="module")
def chain_run(tmp_path_factory):
    return prospect.run("chain", {"time.train": 1}, progress=False,
                        output=tmp_path_factory.mktemp("chain") / "chain.h5")


@settings(max_examples=30)
@given(choice(["trajectories/gle/layer1/e"], ["trajectories/none", "", "time"]),
       sizes(1, low=0), sizes(1, low=0), numbers(0, 1),
       mostly(st.just(()), st.lists(numbers(0.5, 5), max_size=2)))
def test_run_phase(chain_run, signal, sample, neuron, transient, omega):
    accepted, result = attempt(chain_run.phase, signal, "trajectories/gle/layer2/e",
                               sample=sample, neuron=neuron, transient=transient, omega=omega,
                               names=True)
    if accepted:
        assert finite(result["gain"][result["defined"]])
