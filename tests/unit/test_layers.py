"""The import rules of the code's layers, read from the source without running it.

services/ stands on the floors its package docstring lists, each module
importing only modules listed before it; the faces (web, api, cli) reach
records through the services only.
"""

import ast
from pathlib import Path

import pytest

from statusapp.services import LAYERS

PACKAGE = Path(__file__).resolve().parents[2] / "statusapp"
SERVICES = PACKAGE / "services"
ORDER = [name for floor in LAYERS for name in floor]


def subject_of(path: Path) -> str:
    """Return the service a file belongs to: exchange/po_format.py -> exchange."""
    return path.relative_to(SERVICES).parts[0].removesuffix(".py")


def service_modules() -> list[Path]:
    return sorted(
        p
        for p in SERVICES.rglob("*.py")
        if p.name != "__init__.py" or p.parent != SERVICES
    )


def imported_services(tree: ast.Module) -> set[str]:
    """Return the services a module imports, by their names in LAYERS."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[:2] != ["statusapp", "services"]:
                continue
            if len(parts) > 2:
                found.add(parts[2])
            else:
                # The package hands on the errors; other names are modules.
                found.update(
                    a.name if a.name in ORDER else "errors" for a in node.names
                )
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[:2] == ["statusapp", "services"] and len(parts) > 2:
                    found.add(parts[2])
    return found


def test_every_service_module_has_a_place_in_the_order():
    subjects = {subject_of(path) for path in service_modules()}
    assert subjects == set(ORDER)
    assert len(ORDER) == len(set(ORDER))


@pytest.mark.parametrize(
    "path", service_modules(), ids=lambda p: str(p.relative_to(SERVICES))
)
def test_a_service_imports_only_services_listed_before_it(path):
    me = subject_of(path)
    allowed = set(ORDER[: ORDER.index(me)]) | {me}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert imported_services(tree) <= allowed, (
        f"{me} imports {sorted(imported_services(tree) - allowed)}, which come "
        "after it in statusapp.services.LAYERS"
    )


def python_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize(
    "path",
    python_files("services", "web", "api", "cli"),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_imports_stand_at_the_top_of_the_module(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    inner = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
    ]
    assert not inner, f"imports inside functions or blocks at lines {inner}"


@pytest.mark.parametrize(
    "path", python_files("web", "cli"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_pages_and_commands_reach_records_only_through_the_services(path):
    source = path.read_text(encoding="utf-8")
    for forbidden in ("db.session", "sa.select(", ".query(", "db.select("):
        assert forbidden not in source, f"{forbidden} in {path.name}"


@pytest.mark.parametrize(
    ("face", "others"),
    [("web", ("api", "cli")), ("api", ("web", "cli")), ("cli", ("web", "api"))],
)
def test_no_face_imports_another(face, others):
    for path in python_files(face):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not any(
                    node.module.startswith(f"statusapp.{other}") for other in others
                ), f"{path.name} imports {node.module}"
