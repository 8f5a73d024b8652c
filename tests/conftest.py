"""Shared fixtures: paths, a CLI runner at a fixed width, and golden-file comparison.

Golden files live in ``tests/golden``. After an intended change of output, regenerate them
with ``uv run pytest --update-golden`` and review the diff like any other change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
GOLDEN = Path(__file__).resolve().parent / "golden"
ISHOJ = CASES / "ishoj_hjemmebaseret.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture(autouse=True)
def _no_language_from_an_earlier_test():
    """Each test starts as a command does: no case read yet, no --lang. (Reading a case sets
    the language of the messages that follow; it would otherwise carry into the next test.)"""
    from businesscase.i18n import command_language

    with command_language(None):
        yield


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with ``tests/golden/NAME``; ``--update-golden`` rewrites the file."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; review it")
        assert actual == path.read_text(encoding="utf-8")

    return check


@pytest.fixture
def cli():
    """Invoke the app in-process, as a pipe would see it (no colour, no width limit)."""
    from businesscase.cli import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "100", **(env or {})})

    return invoke
