"""Each model family's option table is the one source of its settings: the
task's --help, the Python Network's keywords and defaults, and the table in
the family's docs page all say the same keys, defaults, units and ranges."""

import re

import numpy as np
import pytest

import prospect
from conftest import ROOT, cli_error

FAMILIES = {  # family: (its task, its docs page, a small network's Python arguments)
    "ep": ("ep", "ep.md", ((), {"widths": [12, 6, 3], "model": "dep"})),
    "shunting": ("shunting", "shunting.md", ((12,), {"classes": 3, "somata": 2,
                                                      "branch_factors": [2], "k_exc": 4,
                                                      "k_inh": 2})),
}


def table(family):
    return getattr(prospect, family).options()


def docs_rows(page):
    """{key: (default, unit, range)} of the page's rows `| `key` | `default` | unit | range | help |`."""
    rows = {}
    for line in (ROOT / "docs" / page).read_text().splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) == 5 and re.fullmatch(r"`[a-z_.]+`", cells[0]):
            rows[cells[0].strip("`")] = tuple(c.strip("`").replace("\\|", "|") for c in cells[1:4])
    return rows


@pytest.mark.parametrize("family", FAMILIES)
def test_the_task_takes_the_familys_options(family, cli):
    task = FAMILIES[family][0]
    options = {o["key"]: o for t in prospect.tasks() if t["name"] == task for o in t["options"]}
    help_text = cli("run", task, "--help").stdout
    for entry in table(family):
        assert entry["key"] in options, entry["key"]
        assert options[entry["key"]]["default"] == entry["default"], entry["key"]
        line = next(l for l in help_text.splitlines() if l.split()[:1] == [entry["key"]])
        assert f"{entry['key']} = {entry['default']} " in line
        assert entry["unit"] and entry["range"], entry["key"]  # "none": a name or flag
        if entry["unit"] != "none":
            assert f"[{entry['unit']}]" in line
        assert f"{entry['range']})" in line


def test_an_unknown_keyword_suggests_the_nearest():
    with pytest.raises(TypeError, match=r"unexpected keyword 'sparsty' \(did you mean 'sparsity'\?\)"):
        prospect.ep.Network(widths=[12, 6, 3], model="dep", sparsty=0.5)


@pytest.mark.parametrize("family", FAMILIES)
def test_the_docs_table_is_the_familys(family):
    rows = docs_rows(FAMILIES[family][1])
    expected = {e["key"]: (e["default"], e["unit"], e["range"]) for e in table(family)}
    assert {k: v for k, v in rows.items() if k in expected} == expected
    assert set(expected) <= set(rows)


@pytest.mark.parametrize("family", FAMILIES)
def test_python_defaults_are_the_tables(family):
    # The docs' defaults spelled out as keywords give the network that no
    # keywords give: the same parameters, the same output.
    args, small = FAMILIES[family][2]
    explicit = {e["keyword"]: e["default"] for e in table(family)}
    explicit.update(small)
    network = getattr(prospect, family).Network
    a, b = network(*args, **small, seed=3), network(*args, **explicit, seed=3)
    for name, value in a.parameters().items():
        np.testing.assert_array_equal(value, b.parameters()[name], err_msg=name)
    x = np.random.default_rng(0).uniform(0, 1, (4, small.get("widths", [12])[0])).astype(np.float32)
    np.testing.assert_array_equal(a.predict(x), b.predict(x))
    signature = network.__doc__.split("\n\n")[1]
    for e in table(family):
        assert f"{e['keyword']}={e['default']}" in signature


@pytest.mark.parametrize("family", FAMILIES)
def test_errors_name_the_tasks_key(family):
    args, small = FAMILIES[family][2]
    for entry in table(family):
        if entry["range"] in ("", "true | false"):
            continue
        bad = "-1" if entry["range"][0] in "(>w" else "nonsense"
        with pytest.raises(prospect.Error, match=re.escape(f"key '{entry['key']}' = '{bad}'")):
            getattr(prospect, family).Network(*args, **{**small, entry["keyword"]: bad})


@pytest.mark.parametrize("family, keywords, override", [
    ("ep", {"widths": [784, 1e30, 10]}, "network.widths=784, 1e+30, 10"),
    ("ep", {"widths": [784, 25.5, 10]}, "network.widths=784, 25.5, 10"),
    ("ep", {"widths": [784, 256.0, 10]}, "network.widths=784, 256.0, 10"),
    ("ep", {"widths": "784,,10"}, "network.widths=784,,10"),
    ("ep", {"widths": [784, -1, 10]}, "network.widths=784, -1, 10"),
    ("ep", {"widths": [784, 100000000000, 10]}, "network.widths=784, 100000000000, 10"),
    ("ep", {"widths": [784, 256, 10], "stepper": "rk4"}, "integrator.stepper=rk4"),
    ("shunting", {"somata": 1e30}, "network.somata=1e+30"),
    ("shunting", {"branch_factors": [3, 99999999999999999999]},
     "network.branch_factors=3, 99999999999999999999"),
])
def test_sizes_and_modes_fail_as_on_the_command_line(family, keywords, override, cli):
    """Python's keywords reach the command line's parser: the same message."""
    args = (784,) if family == "shunting" else ()
    with pytest.raises(prospect.Error) as raised:
        getattr(prospect, family).Network(*args, **keywords)
    assert str(raised.value) == cli_error(cli("run", family, "--set", override))
