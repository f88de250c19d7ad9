"""The committed type stubs (_core.pyi) match the compiled module."""

import ast
import inspect
import re
from pathlib import Path

import edgeav
from edgeav import _core

STUB = Path(edgeav.__file__).with_name("_core.pyi")


def stub_tree() -> ast.Module:
    return ast.parse(STUB.read_text())


def test_stub_and_py_typed_ship_with_the_package():
    assert STUB.is_file() and STUB.with_name("py.typed").is_file()


def test_stub_names_match_the_module():
    tree = stub_tree()
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    stubbed |= {t.id for n in tree.body if isinstance(n, ast.AnnAssign) for t in [n.target] if isinstance(t, ast.Name)}
    public = {name for name in dir(_core) if not name.startswith("__")} | {"__version__"}
    assert stubbed - {"Frame", "PixelFormat"} == public


def native_parameters(fn) -> list[str]:
    # pybind11 puts the signature on the first line of the docstring.
    first = fn.__doc__.splitlines()[0]
    inside = first[first.index("(") + 1 : first.rindex(")")]
    names = []
    for part in re.split(r",\s*(?![^\[]*\])", inside):
        part = part.strip()
        if part and part != "*":
            names.append(part.split(":")[0].strip())
    return names


def test_stub_signatures_match_the_module():
    for node in stub_tree().body:
        if not isinstance(node, ast.FunctionDef):
            continue
        fn = getattr(_core, node.name)
        assert inspect.isbuiltin(fn) or callable(fn)
        args = node.args
        stub_names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
        assert stub_names == native_parameters(fn), node.name
        if args.kwonlyargs:
            assert "*," in fn.__doc__.splitlines()[0], f"{node.name}: stub says keyword-only, module does not"
