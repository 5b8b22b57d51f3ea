"""prospect.run and prospect.tasks against the command line: the same run
file bit for bit, the same option checks with the same messages."""

import h5py
import numpy as np
import pytest

import prospect
from conftest import DATA, cli_error

CHAIN = {"time.settle": 1, "time.train": 3, "batch": 4, "record.every": 10,
         "students": ["gle", "instantaneous"]}
MNIST1D = {"data.file": DATA / "mnist1d_40_slice.h5", "data.train_samples": 40,
           "data.validation_samples": 20, "batch": 20, "epochs": 2, "steps_per_sample": 40}


def set_flags(options):
    flags = []
    for key, value in options.items():
        flags += ["--set", f"{key}={prospect.option_text(value)}"]
    return flags


# Wall-clock times, which no two runs share.
TIMINGS = {"metrics/epoch/seconds", "metrics/epoch/train_seconds", "summary/seconds",
           "summary/ms_per_training_step"}


def contents(path):
    """Every dataset and attribute of an HDF5 file, but the wall-clock times."""
    out = {}
    with h5py.File(path, "r") as file:
        def visit(name, item):
            for key, value in item.attrs.items():
                out[f"{name}@{key}"] = value
            if isinstance(item, h5py.Dataset):
                out[name] = item[()] if name not in TIMINGS else item.shape
        file.visititems(visit)
        out.update({f"@{key}": value for key, value in file.attrs.items() if key != "start_time"})
    return out


def assert_same_file(a, b):
    ca, cb = contents(a), contents(b)
    assert sorted(ca) == sorted(cb)
    for key in ca:
        assert np.array_equal(ca[key], cb[key]), key


@pytest.mark.parametrize("task, options", [("chain", CHAIN), ("chain", {**CHAIN, "integrator.scheme": "ode"}),
                                           ("mnist1d", MNIST1D)])
def test_a_python_run_writes_the_cli_run_file(cli, tmp_path, task, options):
    expected = tmp_path / "cli.h5"
    process = cli("run", task, "--quiet", "--seed", 3, "--output", expected, *set_flags(options))
    assert process.returncode == 0, process.stderr
    run = prospect.run(task, options, output=str(tmp_path / "python.h5"), seed=3, progress=False)
    assert run.path == str(tmp_path / "python.h5")
    assert_same_file(expected, run.path)
    assert run.summary  # what the task wrote under /summary
    assert run.attributes["seed"] == 3


def test_the_summary_and_metrics_come_back(tmp_path):
    run = prospect.run("chain", CHAIN, output=str(tmp_path / "chain.h5"), progress=False)
    assert set(run.summary) == {"gle", "instantaneous", "teacher"}
    assert run.summary["teacher"]["w"].tolist() == [1.0, 2.0]
    assert isinstance(run.summary["gle"]["final_mse"], float)
    assert run.metrics["gle"]["mse"].shape == (40,)
    assert run.configuration["batch"] == "4"
    assert run.configuration["students"] == "gle, instantaneous"


@pytest.mark.parametrize("options", [
    {"nope": 1},
    {"integrator.dt": -1},
    {"dt": 0.1},  # replaced by integrator.dt: an error naming it
    {"network.tau_r": 0.001},
    {"batch": "ten"},
    {"batch": 2.5},
    {"learn.w": "maybe"},
    {"students": ["gle", "bptt"]},
])
def test_options_are_checked_like_the_cli(cli, tmp_path, options):
    expected = cli_error(cli("run", "chain", "--quiet", "--output", tmp_path / "cli.h5",
                             *set_flags(options)))
    with pytest.raises(prospect.Error) as error:
        prospect.run("chain", options, output=str(tmp_path / "python.h5"), progress=False)
    assert first_line(error) == expected


def test_run_errors_match_the_cli(cli, tmp_path):
    binary = tmp_path / "damaged.ini"
    binary.write_bytes(bytes([0xff, 0x1b, 0x00, 0x41, 0xc3, 0x0a]) * 4)
    cases = [
        (("run", "chian"), dict(task="chian")),
        (("run", "chain", "--config", "/no/such.ini"), dict(task="chain", config="/no/such.ini")),
        (("run", "chain", "--resume"), dict(task="chain", resume=True)),
        (("run", "mnist1d", "--resume", "--output", "/no/such/run.h5"),
         dict(task="mnist1d", resume=True, output="/no/such/run.h5")),
        (("run", "chain", "--threads", "0"), dict(task="chain", threads=0)),
        # Bytes of a damaged file quoted in the message: escaped alike, not lost in decoding.
        (("run", "chain", "--config", str(binary)), dict(task="chain", config=str(binary))),
    ]
    for arguments, keywords in cases:
        expected = cli_error(cli(*arguments))
        with pytest.raises(prospect.Error) as error:
            prospect.run(progress=False, **keywords)
        assert first_line(error) == expected


def test_thread_counts_are_capped_as_on_the_cli(cli):
    expected = cli_error(cli("run", "chain", "--threads", "100000")).replace("--threads", "threads")
    for threads in (0, 100000):
        with pytest.raises(prospect.Error, match="expected 1 to"):
            prospect.set_threads(threads)
    with pytest.raises(prospect.Error) as error:
        prospect.set_threads(100000)
    assert str(error.value) == expected
    prospect.set_threads(1)


def first_line(error):
    """The message the command line prints after 'error: ' (a run's failure adds a line
    saying how its output file stands)."""
    return str(error.value).split("\n")[0]


def test_an_existing_output_is_kept_unless_overwrite(cli, tmp_path):
    path = tmp_path / "chain.h5"
    prospect.run("chain", CHAIN, output=str(path), progress=False)
    before = path.read_bytes()
    expected = cli_error(cli("run", "chain", "--quiet", "--output", path, *set_flags(CHAIN)))
    assert "exists; pass --overwrite" in expected
    with pytest.raises(prospect.Error) as error:
        prospect.run("chain", CHAIN, output=str(path), progress=False)
    assert first_line(error) == expected
    assert path.read_bytes() == before
    longer = dict(CHAIN, **{"time.train": 4})
    assert prospect.run("chain", longer, output=str(path), progress=False,
                        overwrite=True).configuration["time.train"] == "4"


def test_a_failed_run_says_how_its_output_stands(cli, tmp_path):
    options = dict(CHAIN, **{"optimizer.kind": "sgd", "optimizer.lr": 1e6, "time.train": 20})
    process = cli("run", "chain", "--quiet", "--output", tmp_path / "cli.h5", *set_flags(options))
    assert process.returncode == 3
    with pytest.raises(prospect.Error) as error:
        prospect.run("chain", options, output=str(tmp_path / "python.h5"), progress=False)
    assert first_line(error) == cli_error(process)
    note = str(error.value).split("\n")[-1]
    assert note == process.stderr.strip().split("\n")[-1].replace("cli.h5", "python.h5")
    assert "root attribute 'diverged'" in note
    assert "diverged" in h5py.File(tmp_path / "python.h5").attrs


def test_option_keys_must_be_keys():
    with pytest.raises(ValueError, match="option key 'a=b'"):
        prospect.run("chain", {"a=b": 1})


def test_none_and_odd_values_are_refused_and_paths_work(tmp_path):
    with pytest.raises(ValueError, match=r"option value None: .* \(leave the key out"):
        prospect.run("chain", {"time.train": None}, output=str(tmp_path / "none.h5"))
    with pytest.raises(ValueError, match=r"option value \{'a': 1\}"):
        prospect.run("chain", {"time.train": {"a": 1}}, output=str(tmp_path / "dict.h5"))
    with pytest.raises(ValueError, match="output: expected a file name"):
        prospect.run("chain", {"time.train": 1}, output=3)
    assert not (tmp_path / "None").exists()
    run = prospect.run("chain", {"time.train": 1, "time.settle": 1}, output=tmp_path / "path.h5",
                       progress=False)
    assert run.path == str(tmp_path / "path.h5")


def test_option_values_are_written_as_on_the_command_line():
    assert prospect.option_text(True) == "true"
    assert prospect.option_text([1, 2.5, "x"]) == "1, 2.5, x"
    assert prospect.option_text(1e-5) == "1e-05"
    assert prospect.option_text(DATA) == str(DATA)


def test_tasks_list_every_option_of_prospect_list(cli):
    listing = cli("list").stdout
    tasks = prospect.tasks()
    assert [task["name"] for task in tasks] == [line.split(":")[0] for line in listing.splitlines()
                                                if line and not line.startswith(" ")]
    chain = next(task for task in tasks if task["name"] == "chain")
    options = {option["key"]: option for option in chain["options"]}
    assert options["integrator.dt"]["default"] == "0.01"
    assert options["students"]["help"].startswith("students trained side by side")
    for option in chain["options"]:
        assert option["key"] in listing
    assert not chain["resumable"]
    assert next(task for task in tasks if task["name"] == "mnist1d")["resumable"]
