"""The code's own rules, run with the suite so that no change lands without them:
``mypy --strict`` and the import layers of ``.importlinter`` (also steps of ``.ci/run``)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_imports_run_one_way() -> None:
    out = _run("-c", "import sys, importlinter.cli as c; sys.exit(c.lint_imports_command())")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


def test_mypy_strict() -> None:
    out = _run("-m", "mypy")
    assert out.returncode == 0, out.stdout + out.stderr
