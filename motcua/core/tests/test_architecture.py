"""The dependency direction of docs/architecture.md, checked on every import in the code.

faces (portal, backoffice, api) -> domain apps -> core; worktime depends on core alone;
demo may use everything and nothing uses demo. Tests may import what they need.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
FACES = {"portal", "backoffice", "api"}
KERNEL = {"core"}
# What each app may import besides itself; None means any app except the ones listed below.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "worktime": {"core"},
}
NOBODY_IMPORTS = {"demo"}


def apps() -> list[str]:
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def imported_apps(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[1] for name in names if name.startswith("motcua.") and "." in name}


def production_modules(app: str) -> list[Path]:
    return [
        path
        for path in (PACKAGE / app).rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


@pytest.mark.parametrize("app", apps())
def test_app_imports_follow_the_dependency_direction(app: str) -> None:
    problems = []
    for module in production_modules(app):
        for imported in imported_apps(module) - {app, "settings", "celery", "urls", "wsgi"}:
            relative = module.relative_to(PACKAGE)
            if app in ALLOWED and imported not in ALLOWED[app]:
                problems.append(
                    f"{relative} imports {imported}; {app} may import only {ALLOWED[app]}"
                )
            if imported in NOBODY_IMPORTS and app != imported:
                problems.append(f"{relative} imports {imported}, which nothing may depend on")
            if imported in FACES and app not in FACES:
                problems.append(f"{relative}: the domain app {app} imports the face {imported}")
    assert not problems, "\n".join(problems)


# Pairs where the dependency must point one way only: the first may not import the second.
# (notifications subscribes to the dossiers' transition hooks; dossiers never calls it.)
ONE_WAY = [("dossiers", "notifications")]


@pytest.mark.parametrize(("app", "forbidden"), ONE_WAY)
def test_one_way_dependencies(app: str, forbidden: str) -> None:
    offenders = [
        str(module.relative_to(PACKAGE))
        for module in production_modules(app)
        if forbidden in imported_apps(module)
    ]
    assert not offenders, f"{app} may not import {forbidden}: {offenders}"


# Apps that only the faces (and the demo) may use: no domain app depends on them.
# (evaluations reads dossiers; the dossiers and notifications never call it.)
ONLY_FACES_IMPORT = {"evaluations"}


@pytest.mark.parametrize("app", apps())
def test_only_the_faces_import_the_leaf_apps(app: str) -> None:
    if app in FACES or app in NOBODY_IMPORTS:
        return
    offenders = [
        f"{module.relative_to(PACKAGE)} imports {imported}"
        for module in production_modules(app)
        for imported in imported_apps(module) & (ONLY_FACES_IMPORT - {app})
    ]
    assert not offenders, "\n".join(offenders)
