"""What a run prints goes through sys.stdout and sys.stderr (so
contextlib.redirect_* and notebooks see it), progress=False prints nothing,
and progress= takes a callback."""

import contextlib
import io

import pytest

import prospect
from conftest import DATA

CHAIN = {"time.settle": 1, "time.train": 3, "batch": 4, "record.every": 10,
         "students": ["gle", "instantaneous"]}
# Long enough for several reports a few tenths of a second apart.
SLOW_CHAIN = dict(CHAIN, **{"time.train": 3000, "record.every": 1000})


def captured(call):
    """call()'s result and what it wrote to sys.stdout and sys.stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        result = call()
    return result, out.getvalue(), err.getvalue()


def test_redirection_captures_the_output(tmp_path, capfd):
    path = tmp_path / "chain.h5"
    _, out, err = captured(lambda: prospect.run("chain", CHAIN, output=path))
    assert "final MSE" in out and f"wrote {path}" in out  # the summary table
    assert "chain" in err and "took" in err  # the progress line's last state
    assert capfd.readouterr() == ("", "")  # nothing went past Python to the descriptors


def test_progress_false_prints_nothing(tmp_path, capfd):
    _, out, err = captured(
        lambda: prospect.run("chain", CHAIN, output=tmp_path / "chain.h5", progress=False))
    assert (out, err) == ("", "")
    assert capfd.readouterr() == ("", "")


def test_a_callback_gets_increasing_counts(tmp_path, capfd):
    reports = []
    _, out, err = captured(lambda: prospect.run(
        "chain", SLOW_CHAIN, output=tmp_path / "chain.h5",
        progress=lambda done, total, message: reports.append((done, total, message))))
    assert len(reports) >= 2, reports
    counts = [done for done, _, _ in reports]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    total = reports[-1][1]
    assert counts[-1] == total and all(t == total for _, t, _ in reports)
    assert all(isinstance(message, str) for _, _, message in reports)
    assert "final MSE" in out and err == ""  # the line is the callback's now
    assert capfd.readouterr() == ("", "")


def test_a_raising_callback_stops_the_run_with_its_exception(tmp_path):
    path = tmp_path / "chain.h5"

    class Enough(Exception):
        pass

    def stop(done, total, message):
        raise Enough(f"at {done} of {total}")

    with pytest.raises(Enough, match="at [0-9]+ of"):
        prospect.run("chain", SLOW_CHAIN, output=path, progress=stop)
    assert not path.exists()
    assert prospect.run("chain", CHAIN, output=path, progress=False).summary["gle"]


@pytest.mark.parametrize("progress", [None, 1, "yes", [True]])
def test_a_wrong_progress_value_is_a_type_error(tmp_path, progress):
    with pytest.raises(TypeError, match="^progress: expected True, False or a callable"):
        prospect.run("chain", CHAIN, output=tmp_path / "chain.h5", progress=progress)


def test_warnings_go_through_the_warnings_module(tmp_path, capfd):
    options = {"data.file": DATA / "mnist1d_40_slice.h5", "data.train_samples": 40,
               "data.validation_samples": 20, "batch": 20, "epochs": 1, "steps_per_sample": 10,
               "noise.rate_sigma": 0, "noise.rate_points": 7}
    with pytest.warns(RuntimeWarning, match="key 'noise.rate_points' = '7' has no effect"):
        prospect.run("mnist1d", options, output=tmp_path / "run.h5", progress=False)
    assert capfd.readouterr() == ("", "")
