"""README's Configuration table names every environment variable the app and
its gunicorn settings read, and nothing they do not read."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "statusapp").rglob("*.py")),
    *[p for p in [ROOT / "deploy" / "gunicorn.conf.py"] if p.exists()],
]
# Read by other programs than ours, so no scan finds them; the table may list them.
READ_ELSEWHERE = {"FLASK_APP"}


def _is_os(node: ast.AST, attribute: str) -> bool:
    """``os.<attribute>``; a bare ``environ`` is a WSGI request's, not the process's."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == attribute
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _keys_read(tree: ast.AST):
    """Yield the key expression of each environment read in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            get = isinstance(func, ast.Attribute) and func.attr == "get"
            if (get and _is_os(func.value, "environ")) or _is_os(func, "getenv"):
                yield node.args[0]
        elif isinstance(node, ast.Subscript) and _is_os(node.value, "environ"):
            yield node.slice
        elif isinstance(node, ast.Compare) and len(node.ops) == 1:
            if isinstance(node.ops[0], ast.In | ast.NotIn) and _is_os(
                node.comparators[0], "environ"
            ):
                yield node.left


def _called(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def environment_names(source: str) -> tuple[set[str], list[str]]:
    """Return the variable names ``source`` reads, and the reads it cannot name.

    A helper that reads the variable its parameter names, such as
    ``_whole_number(name, default)``, counts where it is called with a literal.
    """
    tree = ast.parse(source)
    helpers: dict[str, int] = {}  # function name -> index of the name parameter
    by_parameter: set[int] = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            params = [a.arg for a in function.args.args]
            for key in _keys_read(function):
                if isinstance(key, ast.Name) and key.id in params:
                    helpers[function.name] = params.index(key.id)
                    by_parameter.add(id(key))
    names: set[str] = set()
    unnamed: list[str] = []
    for key in _keys_read(tree):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        elif id(key) not in by_parameter:
            unnamed.append(ast.unparse(key))
    for call in ast.walk(tree):
        index = helpers.get(_called(call)) if isinstance(call, ast.Call) else None
        if index is not None and index < len(call.args):
            argument = call.args[index]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                names.add(argument.value)
            else:
                unnamed.append(ast.unparse(call))
    return names, unnamed


def names_read() -> dict[str, list[str]]:
    """Return each variable the sources read, with the files that read it."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        names, unnamed = environment_names(path.read_text(encoding="utf-8"))
        assert not unnamed, (
            f"{path} reads the environment by no literal name: {unnamed}"
        )
        for name in names:
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def names_in_table(readme: str) -> set[str]:
    """Return the `NAMES` in the first column of the Configuration section's tables."""
    section = re.search(r"^## Configuration\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert section, "README has no ## Configuration section"
    names = set()
    for line in section.group(1).splitlines():
        if line.startswith("|"):
            first = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first))
    return names


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os\nos.environ.get('A', '1')", {"A"}),
        ("import os\nos.environ['A']", {"A"}),
        ("import os\nos.getenv('A')", {"A"}),
        ("def app(environ, start):\n    environ.get('HTTP_HOST')", set()),
        ("request.environ.get('HTTP_HOST')", set()),
        ("import os\nif 'A' in os.environ: pass", {"A"}),
        (
            "import os\ndef n(name, default):\n    return os.environ.get(name, default)"
            "\nn('A', 1)\nn('B', 2)",
            {"A", "B"},
        ),
        ("import os\nos.environ.copy()", set()),
    ],
)
def test_the_scanner_finds_each_way_of_reading(source, expected):
    assert environment_names(source) == (expected, [])


def test_a_read_by_a_computed_name_is_reported():
    assert environment_names("import os\nos.environ.get('A' + x)")[1] == ["'A' + x"]


def test_every_variable_read_is_in_the_configuration_table():
    documented = names_in_table((ROOT / "README.md").read_text(encoding="utf-8"))
    read = names_read()
    assert {"DATABASE_URL", "READ_CACHE_BYTES"} <= read.keys()  # the scan works
    missing = {name: read[name] for name in sorted(read.keys() - documented)}
    assert not missing, f"read but not in README's Configuration table: {missing}"


def test_every_variable_in_the_table_is_read():
    documented = names_in_table((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "DATABASE_POOL_SIZE" in documented  # the parse works
    stale = sorted(documented - names_read().keys() - READ_ELSEWHERE)
    assert not stale, f"in README's Configuration table but read by nothing: {stale}"
