"""The typed API: every public callable of the package has a signature with
annotated parameters (inspect.signature, help()), and the type stubs of the
compiled module (prospect/*.pyi) agree with it: the same names, and for each
function the parameter list pybind11 itself reports."""

import ast
import inspect
import pydoc
import types

import pytest

import prospect
import prospect.plot
import prospect.runs
from prospect import _prospect, _signatures

COMPILED = [prospect.gle, prospect.ep, prospect.shunting]


def public(namespace):
    return {name: value for name, value in vars(namespace).items() if not name.startswith("_")}


def public_callables():
    """(qualified name, callable) of every public function, class, method and
    property accessor of the package."""
    found = {}
    namespaces = {"prospect": {name: getattr(prospect, name) for name in prospect.__all__},
                  "prospect.runs": {name: getattr(prospect.runs, name)
                                    for name in prospect.runs.__all__ + ["Datasets"]},
                  "prospect.plot": {name: prospect.plot.__dict__[name]
                                    for name in ("use_style", "tidy", "script_for", "main")}}
    namespaces.update({"prospect." + module.__name__.rsplit(".", 1)[-1]: public(module)
                       for module in COMPILED})
    for prefix, names in namespaces.items():
        for name, value in names.items():
            if isinstance(value, types.ModuleType):
                continue
            if isinstance(value, type):
                if not issubclass(value, BaseException):
                    found[f"{prefix}.{name}"] = value
                for member, attribute in vars(value).items():
                    if isinstance(attribute, property):
                        found[f"{prefix}.{name}.{member} (getter)"] = attribute.fget
                        if attribute.fset:
                            found[f"{prefix}.{name}.{member} (setter)"] = attribute.fset
                    elif callable(attribute) and (not member.startswith("_") or
                                                  member in ("__getitem__", "__contains__")):
                        found[f"{prefix}.{name}.{member}"] = attribute
            elif callable(value):
                found[f"{prefix}.{name}"] = value
    return found


CALLABLES = public_callables()


def test_the_walk_reaches_every_family_and_the_run_reader():
    for name in ["prospect.run", "prospect.Optimizer", "prospect.gle.Network.step",
                 "prospect.ep.Network.learn", "prospect.shunting.Network.voltages",
                 "prospect.Model.parameters", "prospect.gle.Network.gradients_on (setter)",
                 "prospect.runs.Run.phase", "prospect.Run.summary (getter)"]:
        assert name in CALLABLES
    assert len(CALLABLES) > 80


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_every_public_callable_has_an_annotated_signature(name):
    function = CALLABLES[name]
    if name == "prospect.Model":
        # The families' common base: no constructor of its own.
        with pytest.raises(TypeError, match="No constructor"):
            function()
        return
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    if not isinstance(function, type):
        parameters = parameters[1:] if parameters and parameters[0].name == "self" else parameters
        assert signature.return_annotation is not inspect.Signature.empty, f"{name}{signature}"
    unannotated = [p.name for p in parameters if p.annotation is inspect.Parameter.empty]
    assert not unannotated, f"{name}{signature}: no annotation for {', '.join(unannotated)}"


def test_signatures_read_as_the_documentation_writes_them():
    assert str(inspect.signature(prospect.ep.Network)) == \
        "(widths: Sequence[int] | None = None, **kwargs: Any)"
    step = inspect.signature(prospect.gle.Network(layers=[dict(size=1, tau_m=1, tau_r=1)],
                                                  dt=0.1).step)
    assert str(step) == ("(input: NDArray[np.float32], target: NDArray[np.float32] | None = None, "
                         "*, input_end: NDArray[np.float32] | None = None, "
                         "target_end: NDArray[np.float32] | None = None) -> None")
    assert inspect.signature(prospect.Optimizer).parameters["betas"].default == (0.9, 0.999)
    text = pydoc.render_doc(prospect.gle.Network)
    assert "Network(spec: Mapping[str, Any] | None = None, *, dt: float" in text
    assert "Advances the network from t to t + dt." in text
    assert "handle" not in text  # pybind11's C++-typed first line is gone


def test_wrapped_methods_still_work_and_raise_as_before():
    net = prospect.gle.Network(layers=[dict(size=1, tau_m=1, tau_r=1)], dt=0.1)
    with pytest.raises(ValueError, match="input: expected a float32 numpy array"):
        net.step([[1.0]])
    net.gradients_on = False
    assert net.gradients_on is False
    with pytest.raises(TypeError, match="gradients_on"):
        net.gradients_on = 1


def stub_definitions(tree):
    """{name: node} of a stub's (or a stub class's) public defs and classes;
    a property's getter and setter under one name."""
    return {node.name: node for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")}


def stub_variables(tree):
    return {node.target.id for node in tree.body
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)}


@pytest.mark.parametrize("stub", sorted(_signatures.STUBS))
def test_stub_names_and_runtime_names_agree(stub):
    tree = _signatures.stub_tree(stub)
    module = _signatures.stub_module(_prospect, stub)
    imported = {alias.asname or alias.name for node in tree.body
                if isinstance(node, ast.ImportFrom) and node.level == 1 for alias in node.names
                if stub == "_prospect"}
    declared = set(stub_definitions(tree)) | stub_variables(tree) | imported
    runtime = {name for name in vars(module) if not name.startswith("_")} | (
        {"__version__"} if stub == "_prospect" else set())
    assert declared - {"__version__"} - runtime == set(), "in the stub only"
    assert runtime - declared == set(), "at runtime only"
    for name, node in stub_definitions(tree).items():
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(module, name)
        declared = set(stub_definitions(node)) - {"__init__"}
        own = {member for member in vars(cls) if not member.startswith("_")}
        assert declared == own, f"{stub}.{name}: stub {sorted(declared)}, runtime {sorted(own)}"


def pybind11_signature(function):
    """The parameter list pybind11 reports in a function's docstring:
    [(name, kind, default)], its C++ types dropped."""
    head = function.__doc__.split("\n", 1)[0]
    text = head[head.index("("):head.rindex(") ->") + 1]
    node = ast.parse(f"def f{text}: pass").body[0]
    for argument in ast.walk(node.args):
        if isinstance(argument, ast.arg):
            argument.annotation = None
    return described(_signatures.signature_of(node))


def described(signature):
    return [(p.name if p.kind != p.VAR_KEYWORD else "**", p.kind, p.default)
            for p in signature.parameters.values()]


def compiled_functions():
    """(qualified name, stub def node, runtime pybind11 function) of every
    function and method the stubs describe."""
    found = []
    for stub in _signatures.STUBS:
        module = _signatures.stub_module(_prospect, stub)
        for name, node in stub_definitions(_signatures.stub_tree(stub)).items():
            if isinstance(node, ast.FunctionDef):
                found.append((f"{stub}.{name}", node, getattr(module, name).__wrapped__))
                continue
            cls = getattr(module, name)
            for member in node.body:
                if isinstance(member, ast.FunctionDef) and not member.decorator_list:
                    runtime = getattr(cls, member.name)
                    found.append((f"{stub}.{name}.{member.name}", member,
                                  getattr(runtime, "__wrapped__", runtime)))
    return found


@pytest.mark.parametrize("name, node, function", compiled_functions(),
                         ids=[entry[0] for entry in compiled_functions()])
def test_stub_parameters_are_the_ones_pybind11_reports(name, node, function):
    stub = described(_signatures.signature_of(node))
    assert stub == pybind11_signature(function), name
