"""Every library the package imports is one an install of the package brings.

A module of ``src/businesscase`` that imports a library listed only among the development
tools works in the project's own checkout and fails on a user's machine. The test reads every
import in the package's source (also those inside functions, which are imported only where
they are used) and looks each one up in the project's declared dependencies.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "businesscase"


def _top_level_imports() -> dict[str, set[str]]:
    """Each imported top-level module name outside the standard library, and where."""
    found: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("businesscase", "__future__"):
                    continue
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        _normalise(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }


def _brought(declared: set[str]) -> set[str]:
    """The declared dependencies and what each of them requires unconditionally (such as
    pydantic-core, whose errors pydantic's own documentation imports from it)."""
    brought = set(declared)
    for name in declared:
        for spec in requires(name) or []:
            if "extra ==" not in spec:
                brought.add(_normalise(re.split(r"[<>=!~;\[ (]", spec, maxsplit=1)[0]))
    return brought


def test_every_imported_library_is_a_declared_dependency() -> None:
    imports = _top_level_imports()
    assert {"yaml", "pydantic", "rich", "typer", "numpy"} <= set(imports)  # the reader works
    distributions = packages_distributions()
    declared = _brought(_declared())
    missing = {}
    for module, where in imports.items():
        owners = {_normalise(d) for d in distributions.get(module, [module])}
        if not owners & declared:
            missing[module] = sorted(where)
    assert not missing, f"imported but not in [project] dependencies: {missing}"
