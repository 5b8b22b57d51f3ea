"""One version everywhere: prospect.__version__ (from the compiled module) is
the one CMakeLists.txt sets, CITATION.cff and CHANGELOG.md name it, every run
file records it with the build's description, and the git revision recorded
is the commit the module was built from."""

import re
import subprocess

import pytest

import prospect
from conftest import ROOT


def first_match(pattern, file):
    match = re.search(pattern, (ROOT / file).read_text(), re.M)
    assert match, f"{file}: no line matches {pattern}"
    return match.group(1)


def test_the_version_is_the_one_cmake_sets():
    assert re.fullmatch(r"\d+\.\d+\.\d+", prospect.__version__)
    assert first_match(r"project\(prospect VERSION (\S+)", "CMakeLists.txt") == prospect.__version__


def test_citation_and_changelog_name_the_version():
    assert first_match(r"^version: (\S+)$", "CITATION.cff") == prospect.__version__
    # The changes since the release gather in an "Unreleased" section above it.
    assert first_match(r"^## (?!Unreleased$)(\S+)$", "CHANGELOG.md") == prospect.__version__


def test_a_run_file_records_the_build(tmp_path, cli):
    run = prospect.run("chain", {"time.train": 1, "time.settle": 1},
                       output=str(tmp_path / "chain.h5"), progress=False)
    for key in ("version", "git_revision", "instruction_set", "compiler"):
        assert run.attributes[key] == prospect.build_info[key]
    # The command line is built from the same sources: it says the same.
    line = cli("--version").stdout
    assert line == (f"prospect {prospect.__version__} (git {prospect.build_info['git_revision']}, "
                    f"{prospect.build_info['instruction_set']}, "
                    f"{prospect.build_info['compiler']})\n")


def git(*arguments):
    process = subprocess.run(["git", "-C", str(ROOT), *arguments], capture_output=True, text=True)
    return process.stdout.strip() if process.returncode == 0 else None


def test_the_git_revision_is_the_commit_built():
    head = git("rev-parse", "HEAD")
    if head is None:
        pytest.skip("not a git checkout")
    revision = prospect.build_info["git_revision"]
    built = git("rev-parse", "--verify", revision.removesuffix("-dirty") + "^{commit}")
    assert built == head, (f"the module names revision {revision}, but HEAD is {head}: "
                           "a stale build (rebuild after committing)")


def test_a_resume_by_another_build_is_named(tmp_path, cli):
    import h5py

    path = tmp_path / "run.h5"
    started = cli("run", "mnist1d", "--quiet", "-o", path, "--set",
                  f"data.file={ROOT / 'tests' / 'data' / 'mnist1d_40_slice.h5'}",
                  "--set", "steps_per_sample=40", "--set", "batch=50", "--set", "epochs=1")
    assert started.returncode == 0, started.stderr
    with h5py.File(path, "a") as file:
        file.attrs["compiler"] = "another compiler"
    resumed = cli("run", "mnist1d", "--quiet", "--resume", "-o", path, "--set", "epochs=2")
    assert resumed.returncode == 0, resumed.stderr
    assert (f"compiler: another compiler then, {prospect.build_info['compiler']} now"
            in resumed.stderr)
    attributes = prospect.open_run(path).attributes
    assert attributes["resumed_by"] == cli("--version").stdout.strip()
    assert attributes["compiler"] == "another compiler"  # the build that started it
