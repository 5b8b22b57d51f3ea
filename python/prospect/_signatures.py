"""inspect.signature and help() for the compiled module, from its stubs.

pybind11's functions are builtins without a text signature, and builtins
take no attributes, so inspect.signature cannot read them. The stubs
beside this file (_prospect.pyi, gle.pyi, ...) are the one place their
types are written: at import, every function, method and property getter
or setter they describe is replaced by a thin Python function of the same
name and doc that carries the stub's signature (a class's __init__ too, and
the class gets the signature of its constructor). Annotations are the
stub's text, its private aliases spelt out.
"""

import ast
import functools
import inspect
import os

# Each stub file and the compiled module it describes (an attribute path
# from prospect._prospect; "" is the module itself).
STUBS = {"_prospect": "", "gle": "gle", "ep": "ep", "shunting": "shunting"}
STUB_DIR = os.path.dirname(os.path.abspath(__file__))


def stub_tree(name):
    """The parsed stub file <name>.pyi."""
    with open(os.path.join(STUB_DIR, name + ".pyi"), encoding="utf-8") as file:
        return ast.parse(file.read(), filename=name + ".pyi")


def stub_aliases(trees):
    """The stubs' private type aliases (_Float32Array = NDArray[np.float32]),
    which annotations show spelt out."""
    return {node.targets[0].id: node.value for tree in trees for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id.startswith("_")}


class AnnotationText(str):
    """An annotation as the stub writes it, shown without quotes."""

    def __repr__(self):
        return str(self)


class _SpellOut(ast.NodeTransformer):
    def __init__(self, aliases):
        self.aliases = aliases

    def visit_Name(self, node):
        return self.aliases.get(node.id, node)


def stub_module(compiled, stub):
    """The part of the compiled module the stub `stub` describes."""
    return functools.reduce(getattr, filter(None, STUBS[stub].split(".")), compiled)


def signature_of(node, aliases=None, *, drop_first=False):
    """The inspect.Signature a stub's `def` declares, its annotations as text
    with `aliases` spelt out; drop_first leaves out `self` (a class's own
    signature)."""
    arguments = node.args
    P = inspect.Parameter
    spell_out = _SpellOut(aliases or {})

    def annotation(expression):
        if expression is None:
            return P.empty
        return AnnotationText(ast.unparse(spell_out.visit(expression)))

    positional = [(a, P.POSITIONAL_ONLY) for a in arguments.posonlyargs] + [
        (a, P.POSITIONAL_OR_KEYWORD) for a in arguments.args]
    defaults = [None] * (len(positional) - len(arguments.defaults)) + arguments.defaults
    keyword = [(a, P.KEYWORD_ONLY) for a in arguments.kwonlyargs]
    entries = [(a, kind, d) for (a, kind), d in zip(positional, defaults)]
    entries += [(a, kind, d) for (a, kind), d in zip(keyword, arguments.kw_defaults)]
    if arguments.vararg:
        entries.insert(len(positional), (arguments.vararg, P.VAR_POSITIONAL, None))
    if arguments.kwarg:
        entries.append((arguments.kwarg, P.VAR_KEYWORD, None))
    parameters = [P(a.arg, kind, annotation=annotation(a.annotation),
                    default=P.empty if d is None else ast.literal_eval(d))
                  for a, kind, d in entries]
    if drop_first:  # a class's: it returns an instance, not __init__'s None
        return inspect.Signature(parameters[1:])
    return inspect.Signature(parameters, return_annotation=annotation(node.returns))


def _own_doc(function):
    """pybind11's docstring without its first line, the C++-typed signature."""
    doc = function.__doc__ or ""
    name = getattr(function, "__name__", "")
    head, _, rest = doc.partition("\n")
    return rest.lstrip("\n") if head.startswith(name + "(") else doc


def signed(function, signature, qualified_name):
    """A Python function calling `function`, with `signature` and its doc."""
    @functools.wraps(function)
    def call(*args, **kwargs):
        # Without keywords, no empty dict: pybind11 takes a slower path for one.
        return function(*args, **kwargs) if kwargs else function(*args)

    call.__signature__ = signature
    call.__doc__ = _own_doc(function)
    call.__qualname__ = qualified_name  # pybind11's reads "PyCapsule.<name>"
    return call


def _property_roles(node):
    """'getter', 'setter' or None (a method) for a def in a class stub."""
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id == "property":
            return "getter"
        if isinstance(decorator, ast.Attribute) and decorator.attr == "setter":
            return "setter"
    return None


def _attach_class(cls, node, aliases):
    accessors = {}  # property name -> {"getter": def, "setter": def}
    for item in node.body:
        if not isinstance(item, ast.FunctionDef):
            continue
        role = _property_roles(item)
        if item.name == "__init__":
            cls.__init__ = signed(cls.__init__, signature_of(item, aliases),
                                  f"{cls.__qualname__}.__init__")
            cls.__signature__ = signature_of(item, aliases, drop_first=True)
        elif role:
            accessors.setdefault(item.name, {})[role] = item
        elif callable(cls.__dict__.get(item.name)):
            setattr(cls, item.name, signed(getattr(cls, item.name), signature_of(item, aliases),
                                           f"{cls.__qualname__}.{item.name}"))
    for name, roles in accessors.items():
        runtime = cls.__dict__.get(name)
        if not isinstance(runtime, property):
            continue
        where = f"{cls.__qualname__}.{name}"
        getter = runtime.fget and signed(runtime.fget, signature_of(roles["getter"], aliases),
                                         where)
        setter = runtime.fset and "setter" in roles and signed(
            runtime.fset, signature_of(roles["setter"], aliases), where)
        setattr(cls, name, property(getter, setter or None, None, runtime.__doc__))


def attach(compiled):
    """Gives the compiled module's callables their stub signatures (once)."""
    if getattr(compiled, "_signed", False):
        return
    trees = {stub: stub_tree(stub) for stub in STUBS}
    aliases = stub_aliases(trees.values())
    for stub, tree in trees.items():
        module = stub_module(compiled, stub)
        for node in tree.body:
            runtime = module.__dict__.get(getattr(node, "name", ""))
            if isinstance(node, ast.ClassDef) and isinstance(runtime, type):
                _attach_class(runtime, node, aliases)
            elif isinstance(node, ast.FunctionDef) and callable(runtime):
                setattr(module, node.name,
                        signed(runtime, signature_of(node, aliases), node.name))
    compiled._signed = True
