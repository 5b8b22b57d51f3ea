"""open_run and phase: the reader returns what the run file holds; the
spectral estimator gives what `prospect phase` writes."""

import h5py
import numpy as np
import pytest

import prospect
from conftest import cli_error


@pytest.fixture(scope="module")
def chain_file(cli, tmp_path_factory):
    path = tmp_path_factory.mktemp("runs") / "chain.h5"
    process = cli("run", "chain", "--quiet", "--seed", 5, "--set", "time.settle=1",
                  "--set", "time.train=20", "--set", "record.every=5", "--output", path)
    assert process.returncode == 0, process.stderr
    return path


def test_open_run_reads_attributes_configuration_and_groups(chain_file):
    run = prospect.open_run(chain_file)
    assert run.task == "chain"
    attributes = run.attributes
    assert attributes["seed"] == 5 and attributes["model"] == "gle"
    assert attributes["scheme"] == "reference" and attributes["dt"] == 0.01
    assert run.configuration["time.train"] == "20"
    assert run.configuration["network.tau_r"] == "0.1"
    assert len(run.time) == 420
    assert run.trajectories["gle/layer1/u"].shape == (420, 4, 1)
    assert "gle/layer2/e" in run.trajectories
    assert run.parameters["gle/layer1/W"].shape == (420, 1, 1)
    assert run.metrics["gle"]["mse"].shape == (420,)
    assert run.summary["gle"]["matches_teacher"] in (True, False)
    assert isinstance(run.summary["gle"]["matches_teacher"], bool)  # stored as h5py's bool
    assert run.unit("summary/gle/tau_m") == "time"
    assert run.unit("summary/gle/final_mse") == "1"
    assert run.unit("summary/gle/matches_teacher") is None
    with pytest.raises(KeyError, match="no dataset 'trajectories/gle/layer3/u'"):
        run.trajectories["gle/layer3/u"]
    with pytest.raises(KeyError, match="missing dataset 'summary/gle'"):
        run.unit("summary/gle")  # a group has no unit
    with pytest.raises(TypeError, match="path: expected a dataset's path"):
        run.unit(3)
    with pytest.raises(TypeError, match="path: expected a dataset's path"):
        run.dataset(None)


def test_open_run_refuses_what_is_not_a_run_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such run file"):
        prospect.open_run(tmp_path / "missing.h5")
    (tmp_path / "text.h5").write_text("not hdf5")
    with pytest.raises(ValueError, match="not a readable HDF5 file"):
        prospect.open_run(tmp_path / "text.h5")


def test_run_phase_is_prospect_phase(cli, chain_file, tmp_path):
    out = tmp_path / "spectra.h5"
    process = cli("phase", chain_file, "--signal", "trajectories/gle/layer1/e", "--reference",
                  "trajectories/input", "--sample", 1, "--transient", 2, "--name", "e_vs_x",
                  "--output", out)
    assert process.returncode == 0, process.stderr
    written = prospect.open_run(chain_file).spectra  # --output: the run file is untouched
    assert written == {}
    run = prospect.open_run(chain_file)
    python = run.phase("trajectories/gle/layer1/e", "trajectories/input", sample=1, transient=2)
    with h5py.File(out, "r") as file:
        group = file["spectra/e_vs_x"]
        for key in ("omega", "gain", "phase", "power_signal", "power_reference"):
            np.testing.assert_array_equal(python[key], group[key][()])
    assert python["method"] == "fft" and python["frames"] == 420


def test_phase_on_arrays_is_phase_on_the_recorded_columns(chain_file):
    run = prospect.open_run(chain_file)
    e = run.trajectories["gle/layer1/e"][:, 2, 0]
    x = run.trajectories["input"][:, 2, 0]
    on_arrays = prospect.phase(run.time, e, x, window="rectangular", omega=[2 * np.pi / 4])
    on_file = run.phase("trajectories/gle/layer1/e", "trajectories/input", sample=2,
                        window="rectangular", omega=[2 * np.pi / 4])
    assert on_arrays["method"] == "lock-in"
    for key in ("omega", "gain", "phase"):
        np.testing.assert_array_equal(on_arrays[key], on_file[key])


def test_phase_finds_a_known_gain_and_delay():
    # y(t) = 0.5 x(t - 0.3) for x = sin(2 t): gain 0.5, phase -0.6 rad; the
    # columns of one array (strided views) as well as separate arrays.
    t = np.arange(4000) * 0.01
    columns = np.stack([0.5 * np.sin(2 * (t - 0.3)), np.sin(2 * t)], axis=1).astype(np.float32)
    for y, x in ((columns[:, 0], columns[:, 1]), (columns[:, 0].copy(), columns[:, 1].copy())):
        result = prospect.phase(t, y, x, omega=[2.0])
        assert result["gain"][0] == pytest.approx(0.5, abs=1e-6)
        assert result["phase"][0] == pytest.approx(-0.6, abs=1e-6)


def test_phase_errors_match_the_cli(cli, chain_file):
    expected = cli_error(cli("phase", chain_file, "--signal", "trajectories/gle/layer1/e",
                             "--reference", "trajectories/input", "--sample", 4))
    with pytest.raises(prospect.Error) as error:
        prospect.open_run(chain_file).phase("trajectories/gle/layer1/e", "trajectories/input",
                                            sample=4)
    assert str(error.value) == expected
    with pytest.raises(ValueError, match="signal: expected a one-dimensional float32 or float64"):
        prospect.phase(np.arange(10.0), np.zeros((10, 2)), np.arange(10.0))
    with pytest.raises(prospect.Error, match="phase\\(\\): dataset 'signal' has 9 frames but the "
                                             "time dataset 'time' has 10"):
        prospect.phase(np.arange(10.0), np.zeros(9), np.arange(10.0))
